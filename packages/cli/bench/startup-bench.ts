/**
 * Measures the start-up of the `edgedancer` command (not a test): wall time of whole processes, run one after
 * another, for `node -e 0` (V8 and Node alone), `edgedancer --version`, and `edgedancer run` of a module whose
 * exported function does nothing. Prints the minimum, median and 90th percentile of each.
 * Run (after `npx tsc -b`): `node packages/cli/dist/bench/startup-bench.js [--runs N]`.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const runsArg = argv.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(argv[runsArg + 1]) : 20;
const LAUNCHER = fileURLToPath(new URL('../../bin/edgedancer.js', import.meta.url));

/** `(module (func (export "f")))`. */
const EMPTY = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
  0x07, 0x05, 0x01, 0x01, 0x66, 0x00, 0x00, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b,
]);

function time(args: readonly string[]): number[] {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    ms.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited with ${r.status}: ${r.stderr}`);
  }
  return ms.sort((a, b) => a - b);
}

const dir = mkdtempSync(join(tmpdir(), 'edgedancer-startup-'));
try {
  const empty = join(dir, 'empty.wasm');
  writeFileSync(empty, EMPTY);
  const cases: [string, string[]][] = [
    ['node -e 0', ['-e', '0']],
    ['edgedancer --version', [LAUNCHER, '--version']],
    ['edgedancer run empty.wasm --invoke f', [LAUNCHER, 'run', empty, '--invoke', 'f']],
  ];
  console.log(`wall time of ${RUNS} runs each, ms: min / median / p90`);
  for (const [name, args] of cases) {
    const ms = time(args);
    const at = (q: number): string => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(0);
    console.log(`${name.padEnd(38)} ${ms[0]!.toFixed(0)} / ${at(0.5)} / ${at(0.9)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
