/**
 * Memory of the `WebAssembly` facade over many instantiate/drop cycles (not a test): each cycle instantiates a
 * module with a memory, a table, globals, segments and a JS import, calls it, stores a host value in a global,
 * and drops everything; every 10% of the run it prints the heap (after a full collection when `--expose-gc`
 * is given), the live instances of the default store and its instance slots. The event loop turns every 100
 * cycles, as it does in a server between requests (reclamation happens between tasks).
 * Run (after `npx tsc -b`): `node --expose-gc packages/interpreter/dist/bench/reclaim-bench.js [--cycles N] [--linked]`
 * (`--linked`: each cycle also instantiates a second module importing the first one's memory and function).
 * @module
 */
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { defaultStore, type ExportedFunction, type Global, Instance, liveEntities, Module } from '../src/index.js';

const argv = process.argv.slice(2);
const cyclesArg = argv.indexOf('--cycles');
const CYCLES = cyclesArg >= 0 ? Number(argv[cyclesArg + 1]) : 100_000;
const LINKED = argv.includes('--linked');
const gc = (globalThis as { gc?: () => void }).gc;

const module = new Module(
  await parse(`(module
  (import "env" "log" (func $log (param i32)))
  (memory (export "mem") 1)
  (table (export "tbl") 2 funcref)
  (global $g (export "g") (mut i32) (i32.const 7))
  (global (export "ext") (mut externref) (ref.null extern))
  (data (i32.const 0) "hi")
  (elem (i32.const 0) $f $f)
  (func $f (export "f") (param i32) (result i32)
    (call $log (local.get 0))
    (global.set $g (i32.add (global.get $g) (local.get 0)))
    (i32.add (i32.load8_u (i32.const 0)) (local.get 0))))`),
);
const user = new Module(
  await parse(`(module
  (import "a" "mem" (memory 1))
  (import "a" "f" (func $f (param i32) (result i32)))
  (func (export "run") (result i32) (i32.store (i32.const 4) (call $f (i32.const 2))) (i32.load (i32.const 4))))`),
);

let calls = 0;
function cycle(i: number): void {
  const { exports } = new Instance(module, { env: { log: () => calls++ } });
  (exports['ext'] as Global).value = { request: i };
  if ((exports['f'] as ExportedFunction)(1) !== 0x69) throw new Error('wrong result');
  if (LINKED) {
    const b = new Instance(user, { a: { mem: exports['mem']!, f: exports['f']! } });
    if ((b.exports['run'] as ExportedFunction)() !== 0x6a) throw new Error('wrong linked result');
  }
}

function report(done: number): void {
  gc?.();
  const store = defaultStore();
  const mb = (n: number): string => (n / 2 ** 20).toFixed(1);
  const mem = process.memoryUsage();
  console.log(
    `${String(done).padStart(7)} cycles  heap ${mb(mem.heapUsed).padStart(6)} MB  array buffers ${mb(mem.arrayBuffers).padStart(6)} MB` +
      `  live instances ${String(liveEntities(store).instances).padStart(5)}  instance slots ${String(store.instances.length).padStart(6)}`,
  );
}

const t0 = performance.now();
report(0);
for (let i = 0; i < CYCLES; i++) {
  cycle(i);
  if (i % 100 === 99) await new Promise((r) => setImmediate(r));
  if ((i + 1) % (CYCLES / 10) === 0) report(i + 1);
}
console.log(
  `${CYCLES} cycles${LINKED ? ' (linked)' : ''} in ${((performance.now() - t0) / 1000).toFixed(1)} s, ${calls} import calls`,
);
