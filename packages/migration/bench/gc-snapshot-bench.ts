/**
 * Measures a GC heap through capture, the byte format and restore (not a test): a program builds a linked list of
 * `n` structs (dropping one more struct per element as garbage, so collections run while it builds), is suspended
 * by fuel while it folds the list (the list stays live: `n` objects of 5 words), and is captured (`Store.capture` canonicalises the heap first, live objects
 * only), encoded, decoded, restored into a fresh store and resumed; the resumed result must equal a run that never
 * moved. Prints objects, heap words, snapshot size and each step's time (median of `--reps`, default 3).
 * Run: `node --expose-gc packages/migration/dist/bench/gc-snapshot-bench.js [--sizes 10000,1000000] [--reps 3]`.
 * @module
 */
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { Execution, i32, Module, type RunResult, Store } from '@edgedancer/interpreter';
import { decodeSnapshot, encodeSnapshot, hashModule, type Snapshot } from '../src/index.js';

const WAT = `(module
  (type $node (struct (field i32) (field (ref null $node))))
  (func (export "run") (param $n i32) (result i32)
    (local $list (ref null $node)) (local $cur (ref null $node)) (local $i i32) (local $acc i32)
    (block $built (loop $build
      (br_if $built (i32.ge_s (local.get $i) (local.get $n)))
      (drop (struct.new $node (local.get $i) (ref.null $node)))
      (local.set $list (struct.new $node (local.get $i) (local.get $list)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $build)))
    (local.set $cur (local.get $list))
    (block $folded (loop $fold
      (br_if $folded (ref.is_null (local.get $cur)))
      (local.set $acc (i32.add (i32.mul (local.get $acc) (i32.const 31)) (struct.get $node 0 (local.get $cur))))
      (local.set $cur (struct.get $node 1 (local.get $cur)))
      (br $fold)))
    (local.get $acc)))`;

const arg = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1]! : fallback;
};
const sizes = arg('--sizes', '10000,1000000').split(',').map(Number);
const reps = Number(arg('--reps', '3'));
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const noHost = (): never => {
  throw new Error('no host functions');
};

function finish(r: RunResult): number {
  if (r.status !== 'done') throw new Error(`run ended ${r.status}`);
  return (r.results[0] as { value: number }).value;
}

function timed<T>(f: () => T): [T, number] {
  const t0 = performance.now();
  const v = f();
  return [v, performance.now() - t0];
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

const wasm = await parse(WAT);
const hash = hashModule(wasm);
const module = new Module(wasm);

console.log('objects    heap words    snapshot bytes   capture   encode   decode  restore  (ms, median of %d)', reps);
for (const n of sizes) {
  const reference = new Store();
  const refRun = reference.exportOf(reference.instantiate(module, []), 'run')!.addr;
  const expected = finish(reference.call(refRun, [i32(n)]).run());
  const t: number[][] = [[], [], [], []];
  let words = 0;
  let bytesLen = 0;
  for (let rep = 0; rep < reps; rep++) {
    gc();
    const store = new Store();
    const run = store.exportOf(store.instantiate(module, []), 'run')!.addr;
    const ex = store.call(run, [i32(n)]);
    // The build loop runs 20 instructions an element, the fold 14: this stops about a third into the fold.
    if (ex.run({ fuel: 25 * n }).status !== 'suspended') throw new Error('the run ended before the capture');
    const [snap, capture] = timed(
      (): Snapshot => ({
        agentId: 'gc-bench',
        migrationCounter: 0n,
        kind: 'strong',
        moduleHashes: [hash],
        store: store.capture(),
        execution: ex.capture(),
        hostSections: [],
      }),
    );
    const [bytes, encode] = timed(() => encodeSnapshot(snap));
    const [back, decode] = timed(() => decodeSnapshot(bytes, { moduleHashes: [hash], agentId: 'gc-bench' }));
    const [moved, restore] = timed(() => {
      const s = Store.restore(back.store, [module], noHost);
      return Execution.restore(s, back.execution!);
    });
    if (finish(moved.run()) !== expected) throw new Error('the moved run differs from the reference');
    for (const [i, v] of [capture, encode, decode, restore].entries()) t[i]!.push(v);
    words = snap.store.gcHeap?.words.length ?? 0;
    if (words !== 5 * n + 1) throw new Error(`expected ${5 * n + 1} heap words, captured ${words}`);
    bytesLen = bytes.length;
  }
  console.log(
    [
      String(n).padEnd(10),
      String(words).padStart(10),
      String(bytesLen).padStart(17),
      ...t.map((xs) => median(xs).toFixed(1).padStart(9)),
    ].join(' '),
  );
}
