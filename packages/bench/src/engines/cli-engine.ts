/**
 * Engines that are command-line programs, started once per measurement:
 * wabt's `wasm-interp` (native, from the Debian package) and wabt.js's
 * Emscripten build of the same tool (from npm). They can only call nullary
 * exports, so each run gets a copy of the module whose `main()` returns
 * `run(n)` (see `wasm-binary.ts`). CPU time is the child's user + system time
 * as reported by bash's `times`, minus the median time of the same command on
 * `run(0)` (start-up and module loading).
 * @module
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWasmInterpResult } from '../checksum.js';
import { type Program, readProgram } from '../programs.js';
import { median } from '../stats.js';
import { withNullaryEntry } from '../wasm-binary.js';
import type { EngineDriver, EngineSession, EngineSpec, LoadSample, RunSample } from './engine-types.js';

/** Runs of `run(0)` whose median is the start-up cost subtracted from each sample. */
export const BASELINE_RUNS = 3;

/** A sample must take at least this many times the start-up cost, so that subtracting it leaves signal. */
export const MIN_SAMPLE_PER_BASELINE = 3;

/** How long one command may run. */
export const CLI_TIMEOUT_MS = 300_000;

/** Wraps a command so that bash prints the children's CPU times to stderr when it ends. */
const TIMES_WRAPPER = '"$@"; status=$?; times 1>&2; exit $status';

/**
 * Reads the children's user and system times from the output of bash's
 * `times` (its last line, `0m0.120s 0m0.004s`).
 * @param stderr the command's standard error, ending with `times`' output
 * @returns CPU milliseconds, or `undefined` if the lines are missing
 * @example parseBashTimes('0m0.001s 0m0.000s\n1m2.500s 0m0.250s\n') // 62750
 */
export function parseBashTimes(stderr: string): number | undefined {
  const lines = stderr.trimEnd().split('\n');
  const last = lines[lines.length - 1] ?? '';
  const match = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/.exec(last.trim());
  if (!match) return undefined;
  const seconds = Number(match[1]) * 60 + Number(match[2]) + Number(match[3]) * 60 + Number(match[4]);
  return seconds * 1000;
}

/** Runs a command under bash, returning its stdout and children's CPU ms. */
function timedCommand(command: readonly string[]): Promise<{ stdout: string; cpuMs: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', TIMES_WRAPPER, 'bench', ...command], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const cpuMs = parseBashTimes(stderr);
      if (code !== 0 || cpuMs === undefined) {
        const detail = stderr.trim().split('\n').slice(0, 3).join(' | ');
        reject(new Error(`${command[0]} exited with ${code}: ${detail}`));
        return;
      }
      resolve({ stdout, cpuMs });
    });
  });
}

class CliSession implements EngineSession {
  private readonly dir = mkdtempSync(join(tmpdir(), 'edgedancer-bench-'));
  private readonly baselines = new Map<string, number>();
  readonly warms = false;

  constructor(
    readonly spec: EngineSpec,
    private readonly command: readonly string[],
  ) {}

  private moduleFor(program: Program, n: number): string {
    const path = join(this.dir, `${program.id}-${n}.wasm`);
    writeFileSync(path, withNullaryEntry(readProgram(program), n));
    return path;
  }

  private async execute(program: Program, n: number): Promise<RunSample> {
    const path = this.moduleFor(program, n);
    try {
      const { stdout, cpuMs } = await timedCommand([...this.command, path, '--run-all-exports']);
      const checksum = parseWasmInterpResult(stdout, 'main');
      if (checksum === undefined) throw new Error(`no result in output: ${stdout.trim().slice(0, 200)}`);
      return { cpuMs, checksum };
    } finally {
      rmSync(path, { force: true });
    }
  }

  async prepare(program: Program): Promise<void> {
    const samples: number[] = [];
    for (let i = 0; i < BASELINE_RUNS; i++) samples.push((await this.execute(program, 0)).cpuMs);
    this.baselines.set(program.id, median(samples));
  }

  minSampleMs(program: Program): number {
    return MIN_SAMPLE_PER_BASELINE * (this.baselines.get(program.id) ?? 0);
  }

  async run(program: Program, n: number): Promise<RunSample> {
    const baseline = this.baselines.get(program.id);
    if (baseline === undefined) throw new Error(`${program.id}: not prepared`);
    const sample = await this.execute(program, n);
    return { cpuMs: Math.max(sample.cpuMs - baseline, 0.001), checksum: sample.checksum };
  }

  async load(): Promise<LoadSample | undefined> {
    return undefined;
  }

  async close(): Promise<void> {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * A driver for a wasm-interp-compatible command-line interpreter.
 * @param spec the engine's description
 * @param command the program and leading arguments (the module path and
 *   `--run-all-exports` are appended)
 * @returns the driver; its probe runs the command with `--version`
 */
export function cliEngine(spec: EngineSpec, command: readonly string[]): EngineDriver {
  return {
    spec,
    async probe() {
      const bash = spawnSync('bash', ['-c', 'times'], { encoding: 'utf8' });
      if (bash.error || bash.status !== 0) return 'bash is needed to read child CPU times';
      const r = spawnSync(command[0]!, [...command.slice(1), '--version'], { encoding: 'utf8' });
      if (r.error) return `${command[0]} not found (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})`;
      if (r.status !== 0) return `${command.join(' ')} --version failed`;
      return undefined;
    },
    async start() {
      return new CliSession(spec, command);
    },
  };
}
