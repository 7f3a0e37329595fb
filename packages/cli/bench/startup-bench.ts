/**
 * Measures the start-up of the `edgedancer` command (not a test): wall time of whole processes, run in turns (one
 * of each case, then again, so a change in the machine's load touches every case alike), for `node -e 0` (V8 and
 * Node alone), `edgedancer --version`, and `edgedancer run` of a module whose exported function does nothing:
 * through the launcher (`bin/edgedancer.cjs`: the quick script and the chunks it needs, with their V8 code caches),
 * from the ESM bundle (`dist/bundle/main.js`, what other commands start), and from the compiled modules
 * (`EDGEDANCER_NO_BUNDLE=1`).
 * Prints the load average before and after, the minimum, median and 90th percentile of wall time, the median's
 * excess over `node -e 0`'s, and the minimum and median CPU time (user + system) of each.
 * Run (after `npm run build`): `node packages/cli/dist/bench/startup-bench.js [--runs N]` (default 20).
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const argv = process.argv.slice(2);
const runsArg = argv.indexOf('--runs');
const RUNS = runsArg >= 0 ? Number(argv[runsArg + 1]) : 20;
const LAUNCHER = fileURLToPath(new URL('../../bin/edgedancer.cjs', import.meta.url));
const ESM_BUNDLE = fileURLToPath(new URL('../bundle/main.js', import.meta.url));

/** `(module (func (export "f")))`. */
const EMPTY = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x07,
  0x05, 0x01, 0x01, 0x66, 0x00, 0x00, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x0b,
]);

/** One run: wall ms and the child's CPU ms (user + system, from /usr/bin/time when present). */
function once(args: readonly string[], env: Record<string, string>): { wall: number; cpu: number } {
  const timed = existsSync('/usr/bin/time');
  const t0 = performance.now();
  const r = timed
    ? spawnSync('/usr/bin/time', ['-f', '%U %S', process.execPath, ...args], {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, ...env },
        encoding: 'utf8',
      })
    : spawnSync(process.execPath, args, {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, ...env },
        encoding: 'utf8',
      });
  const wall = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited with ${r.status}: ${r.stderr}`);
  const m = timed ? /([\d.]+) ([\d.]+)\s*$/.exec(r.stderr) : null;
  return { wall, cpu: m === null ? NaN : (Number(m[1]) + Number(m[2])) * 1000 };
}

const dir = mkdtempSync(join(tmpdir(), 'edgedancer-startup-'));
try {
  const empty = join(dir, 'empty.wasm');
  writeFileSync(empty, EMPTY);
  const noBundle = { EDGEDANCER_NO_BUNDLE: '1' };
  const cases: [string, string[], Record<string, string>][] = [
    ['node -e 0', ['-e', '0'], {}],
    ['edgedancer --version', [LAUNCHER, '--version'], {}],
    ['edgedancer run empty.wasm --invoke f', [LAUNCHER, 'run', empty, '--invoke', 'f'], {}],
    ['  the same, ESM bundle (dist/bundle/main.js)', [ESM_BUNDLE, 'run', empty, '--invoke', 'f'], {}],
    ['  the same, unbundled (dist/src)', [LAUNCHER, 'run', empty, '--invoke', 'f'], noBundle],
  ];
  const load = (): string =>
    loadavg()
      .map((l) => l.toFixed(2))
      .join(' ');
  const loadBefore = load();
  const results = cases.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
  for (let i = 0; i < RUNS; i++) {
    cases.forEach(([, args, env], k) => {
      const r = once(args, env);
      results[k]!.wall.push(r.wall);
      results[k]!.cpu.push(r.cpu);
    });
  }
  console.log(`load average (1, 5, 15 min): ${loadBefore} before, ${load()} after (${cpus().length} cores)`);
  console.log(
    `${RUNS} runs of each, in turns; wall ms: min / median / p90 (median - node's); CPU ms (user + system): min / median`,
  );
  const sorted = (a: number[]): number[] => [...a].sort((x, y) => x - y);
  const median = (a: number[]): number => sorted(a)[Math.floor(a.length / 2)]!;
  const nodeMedian = median(results[0]!.wall);
  cases.forEach(([name], k) => {
    const ms = sorted(results[k]!.wall);
    const at = (q: number): string => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!.toFixed(0);
    const excess = k === 0 ? '' : ` (+${(median(ms) - nodeMedian).toFixed(0)})`;
    const cpu = results[k]!.cpu;
    console.log(
      `${name.padEnd(46)} ${ms[0]!.toFixed(0)} / ${at(0.5)} / ${at(0.9)}${excess.padEnd(7)}   CPU ${Math.min(...cpu).toFixed(0)} / ${median(cpu).toFixed(0)}`,
    );
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
