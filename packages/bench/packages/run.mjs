/**
 * The package benchmark: popular npm packages that ship WebAssembly, each driven by its own JavaScript, run on
 * V8's WebAssembly, on Edgedancer's facade with the interpreter alone and on the facade with the JavaScript tier
 * (substituted for the global `WebAssembly` by `use-engine.mjs`, children of the package included), each in a
 * fresh process, compile and instantiation included. The results of the runs must be equal (SHA-256 of each
 * workload's canonical result); the time ratios are facade / V8 in CPU time of the process tree (bash's `times`:
 * threads and child processes included), with the wall-time ratios beside them.
 *
 *   npm run bench:packages:install -w @edgedancer/bench     # once: installs ./package-lock.json here
 *   npm run bench:packages -w @edgedancer/bench [-- --only sql-js,hash-wasm --engines v8,facade-js --reps 3
 *     --timeout 900]
 *
 * Prints a Markdown table and writes it to `../results/packages.{md,json}`.
 * @module
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { render, summarize } from './report.mjs';
import { ENGINES } from './use-engine.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** The workloads, in report order (files in `workloads/`). */
const WORKLOADS = [
  'sql-js',
  'hash-wasm',
  'brotli-wasm',
  'esbuild-wasm',
  'photon',
  'ffmpeg-core',
  'duckdb-eh',
  'automerge',
];

function parseArgs(argv) {
  const opts = {
    only: WORKLOADS,
    engines: ENGINES,
    reps: 1,
    timeout: 900,
    out: join(here, '..', 'results', 'packages'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--only')
      opts.only = next()
        .split(',')
        .filter((w) => w !== '');
    else if (a === '--engines')
      opts.engines = next()
        .split(',')
        .filter((e) => e !== '');
    else if (a === '--reps') opts.reps = Math.max(1, Number.parseInt(next(), 10) || 1);
    else if (a === '--timeout') opts.timeout = Math.max(1, Number(next()));
    else if (a === '--out') opts.out = next();
    else throw new Error(`unknown option ${a}`);
  }
  for (const w of opts.only)
    if (!WORKLOADS.includes(w)) throw new Error(`unknown workload ${w} (have: ${WORKLOADS.join(', ')})`);
  for (const e of opts.engines)
    if (!ENGINES.includes(e)) throw new Error(`unknown engine ${e} (have: ${ENGINES.join(', ')})`);
  return opts;
}

/** Runs one workload once on one engine in a fresh process. */
function runOnce(workload, engine, timeoutS) {
  const preload = `--import=${pathToFileURL(join(here, 'use-engine.mjs')).href}`;
  const env = {
    ...process.env,
    EDGEDANCER_BENCH_ENGINE: engine,
    NODE_OPTIONS: [process.env.NODE_OPTIONS ?? '', preload].join(' ').trim(),
  };
  return new Promise((resolve) => {
    // bash's `times` gives the CPU time of the whole process tree (threads and child processes included).
    const script = '"$0" "$@"; s=$?; times; exit $s';
    const args = [script, process.execPath, join(here, 'child.mjs'), join(here, 'workloads', `${workload}.mjs`)];
    const child = spawn('bash', ['-c', ...args], { cwd: here, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutS * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .pop();
      if (code === 0 && line !== undefined) return resolve({ ...JSON.parse(line), cpuMs: childrenCpuMs(out) });
      const why = signal === 'SIGKILL' ? `timeout after ${timeoutS} s` : (firstError(err) ?? `exit ${code ?? signal}`);
      resolve({ engine, error: why });
    });
  });
}

/** The children's user + system time from the second line of bash's `times` (`0m1.234s 0m0.050s`). */
function childrenCpuMs(stdout) {
  const lines = stdout
    .trim()
    .split('\n')
    .filter((l) => /^\d+m[\d.]+s \d+m[\d.]+s$/.test(l.trim()));
  const m = lines[1]?.trim().match(/^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/);
  if (m === undefined || m === null) return null;
  return (Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000;
}

function firstError(stderr) {
  const line = stderr.split('\n').find((l) => /^\w*(Error|Exception)\b|^Error:/.test(l.trim()));
  return line?.trim().slice(0, 160);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(join(here, 'node_modules'))) {
    console.error('the packages are not installed: run `npm run bench:packages:install -w @edgedancer/bench` first');
    return 1;
  }
  const rows = [];
  const load = [loadavg()];
  for (const w of opts.only) {
    const { meta } = await import(pathToFileURL(join(here, 'workloads', `${w}.mjs`)).href);
    const runs = Object.fromEntries(ENGINES.map((e) => [e, []]));
    for (let r = 0; r < opts.reps; r++) {
      for (const engine of r % 2 === 0 ? opts.engines : [...opts.engines].reverse()) {
        const res = await runOnce(w, engine, opts.timeout);
        runs[engine].push(res);
        process.stderr.write(`${w} ${engine}: ${res.error ?? `${res.ms.toFixed(0)} ms ${res.digest.slice(0, 12)}`}\n`);
      }
    }
    rows.push(summarize(w, meta, runs));
  }
  load.push(loadavg());
  const report = render(rows, { load });
  console.log(report);
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(`${opts.out}.md`, `${report}\n`);
  writeFileSync(
    `${opts.out}.json`,
    `${JSON.stringify({ node: process.version, cpus: cpus().length, load, engines: opts.engines, rows }, null, 2)}\n`,
  );
  return 0;
}

process.exitCode = await main();
