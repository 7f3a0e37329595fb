/**
 * Interrupt-to-capture latency in a hot loop, per tier: another thread stores 1 into the execution's shared
 * interrupt flag at a random moment and notes the time; this thread's `run()` returns suspended and `capture()`
 * yields the state; the latency is from the store to the captured state. Reports per tier the p10, median, p99
 * and the share of interrupts captured within 1 ms. On a loaded machine the wall time holds the moments this
 * thread waited for a core (the spread between p10 and p99 is that): compare tiers in one run, and read the low
 * percentiles as what the code itself takes. The two tiers' rounds are interleaved. The hot loop is a benchmark
 * program (`i64-hash` by default) called with an n it cannot finish.
 *
 * Usage: node tools/interrupt-latency.mjs [samples=200] [program=i64-hash]   (after `npm run build`)
 */
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { i32, Module, Store } from '@edgedancer/interpreter';

const samples = Number(process.argv[2] ?? 200);
const program = process.argv[3] ?? 'i64-hash';
const bytes = readFileSync(new URL(`../programs/${program}.wasm`, import.meta.url));

// Word 0: the interrupt flag; word 1: the round the other thread may start. Doubles: when the flag was stored.
const shared = new SharedArrayBuffer(16);
const flag = new Int32Array(shared, 0, 1);
const control = new Int32Array(shared, 4, 1);
const stamp = new Float64Array(shared, 8, 1);

const worker = new Worker(
  `const { workerData } = require('node:worker_threads');
  const flag = new Int32Array(workerData, 0, 1);
  const control = new Int32Array(workerData, 4, 1);
  const stamp = new Float64Array(workerData, 8, 1);
  const sleep = new Int32Array(new SharedArrayBuffer(4));
  let round = 0;
  for (;;) {
    Atomics.wait(control, 0, round);
    round = Atomics.load(control, 0);
    if (round < 0) break;
    Atomics.wait(sleep, 0, 0, 2 + Math.random() * 8);
    stamp[0] = performance.timeOrigin + performance.now();
    Atomics.store(flag, 0, 1);
  }`,
  { eval: true, workerData: shared },
);

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

const module = new Module(bytes);
// Both tiers side by side, their rounds interleaved (A B, B A, …), so that both see the machine's load alike.
const runs = ['interp', 'js'].map((tier) => {
  const store = new Store({ tier });
  const inst = store.instantiate(module, []);
  const run = store.exportOf(inst, 'run').addr;
  return { tier, store, ex: store.call(run, [i32(2_000_000_000)], { interruptFlag: flag }), lat: [] };
});
for (let i = 0; i < samples + 5; i++) {
  for (const { ex, lat } of i % 2 === 0 ? runs : [...runs].reverse()) {
    Atomics.store(control, 0, Atomics.load(control, 0) + 1);
    Atomics.notify(control, 0);
    const r = ex.run();
    if (r.status !== 'suspended' || r.reason !== 'interrupt') throw new Error(`unexpected ${JSON.stringify(r)}`);
    ex.capture();
    const t = performance.timeOrigin + performance.now() - stamp[0];
    if (i >= 5) lat.push(t); // the first rounds warm the code up
    // The suspended execution goes on (in the JS tier: it enters translated code again at a back-edge).
  }
}
const results = runs.map(({ tier, store, lat }) => {
  lat.sort((a, b) => a - b);
  return {
    tier,
    median: percentile(lat, 0.5),
    p99: percentile(lat, 0.99),
    max: lat[lat.length - 1],
    p10: percentile(lat, 0.1),
    within1ms: lat.filter((x) => x <= 1).length / lat.length,
    interruptsInTranslatedCode: store.jsTier?.stats.interrupts ?? 0,
  };
});
Atomics.store(control, 0, -1);
Atomics.notify(control, 0);
await worker.terminate();
for (const r of results) {
  console.log(
    `${program} ${r.tier}: p10 ${r.p10.toFixed(3)} ms, median ${r.median.toFixed(3)} ms, p99 ${r.p99.toFixed(3)} ms, ` +
      `max ${r.max.toFixed(3)} ms, ${(100 * r.within1ms).toFixed(0)} % within 1 ms` +
      (r.tier === 'js' ? ` (${r.interruptsInTranslatedCode} taken in translated code)` : ''),
  );
}
