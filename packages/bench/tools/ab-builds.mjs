/**
 * Two builds of the interpreter side by side in one process, interleaved (A B, B A, …), on the bench programs:
 * the CPU-time ratio of B to A per program (fastest round of each) and its geomean. On a loaded machine this is steadier than two bench
 * runs one after the other, since both builds see the same load at the same moment.
 *
 * Usage: node tools/ab-builds.mjs path/to/old/interpreter/dist path/to/new/interpreter/dist [rounds] [program…]
 * (a dist folder holds `src/index.js`; make the old one with `git archive <commit> packages/interpreter` and tsc).
 * `AB_TIER=js` (or `auto`) runs both builds with that tier (`new Store({ tier })`); the default is the interpreter.
 * @module
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [distA, distB, roundsArg, ...only] = process.argv.slice(2);
if (distA === undefined || distB === undefined) throw new Error('usage: ab-builds.mjs distA distB [rounds] [program…]');
const rounds = Number(roundsArg ?? 5);
const programs =
  only.length > 0
    ? only
    : ['fib', 'sieve', 'sieve-wat', 'matmul', 'sha256', 'i64-arith', 'i64-hash', 'mandelbrot', 'dispatch', 'mixed'];
const load = async (dist) => import(pathToFileURL(resolve(dist, 'src/index.js')).href);
const builds = [await load(distA), await load(distB)];
const dir = new URL('../programs/', import.meta.url);

function runner(lib, bytes) {
  const tier = process.env.AB_TIER;
  const store = new lib.Store(tier ? { tier } : undefined);
  const inst = store.instantiate(new lib.Module(bytes), []);
  const f = store.exportOf(inst, 'run').addr;
  return (n) => store.invoke(f, [{ type: 'i32', value: n }])[0].value;
}

function cpu(fn) {
  const t0 = process.cpuUsage();
  fn();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1000;
}

const runs = programs.map((name) => builds.map((lib) => runner(lib, readFileSync(new URL(`${name}.wasm`, dir)))));
// Warm-up: every program on both builds until V8 has optimised both loops with the feedback of all of them.
for (const run of runs)
  for (const r of run) {
    const t0 = process.cpuUsage();
    let n = 1;
    while (process.cpuUsage(t0).user < 800_000) r(n < 64 ? n++ : n);
  }
const ratios = [];
for (const [i, name] of programs.entries()) {
  const run = runs[i];
  // n such that build A takes at least 150 ms twice in a row; both must agree on the result.
  let n = 1;
  while (n < 1 << 24 && (cpu(() => run[0](n)) < 150 || cpu(() => run[0](n)) < 150)) n *= 2;
  const want = run[0](n);
  if (run[1](n) !== want) throw new Error(`${name}: the builds disagree`);
  const times = [[], []];
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? [0, 1] : [1, 0];
    for (const k of order) times[k].push(cpu(() => run[k](n)));
  }
  // The fastest of the rounds: a round that ran while V8 re-optimised the loop is an outlier, not the build.
  const [a, b] = times.map((t) => Math.min(...t));
  ratios.push(b / a);
  console.log(
    `${name.padEnd(11)} n=${String(n).padStart(7)}  A ${a.toFixed(0).padStart(6)} ms  B ${b.toFixed(0).padStart(6)} ms  B/A ${(b / a).toFixed(3)}`,
  );
}
const geo = Math.exp(ratios.reduce((s, r) => s + Math.log(r), 0) / ratios.length);
console.log(`geomean B/A ${geo.toFixed(3)}`);
