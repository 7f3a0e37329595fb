/**
 * Benchmark of collection while a program runs (a script, not a test): binary trees in WebAssembly GC — a
 * long-lived tree of depth `max`, then for depths 4, 6, …, `max` many short-lived trees built and checked — run
 * by the interpreter with collections at its allocation safepoints. Reports the number of collections, their
 * pauses (p50, p99, max: roots and stack maps, mark, compact), the live words after them, and the run's total
 * time. Run with `node packages/interpreter/dist/bench/gc-pause-bench.js [max=12] [maxWords]`.
 * @module
 */
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { i32, Module, Store } from '../src/index.js';

const TEXT = `(module
  (type $tree (struct (field $l (ref null $tree)) (field $r (ref null $tree))))
  (func $make (param $d i32) (result (ref $tree))
    (if (result (ref $tree)) (i32.eqz (local.get $d))
      (then (struct.new $tree (ref.null $tree) (ref.null $tree)))
      (else (struct.new $tree
        (call $make (i32.sub (local.get $d) (i32.const 1)))
        (call $make (i32.sub (local.get $d) (i32.const 1)))))))
  (func $check (param $t (ref null $tree)) (result i32)
    (if (result i32) (ref.is_null (struct.get $tree $l (local.get $t)))
      (then (i32.const 1))
      (else (i32.add (i32.const 1) (i32.add
        (call $check (struct.get $tree $l (local.get $t)))
        (call $check (struct.get $tree $r (local.get $t))))))))
  (func (export "run") (param $max i32) (result i32)
    (local $long (ref null $tree)) (local $d i32) (local $i i32) (local $n i32) (local $sum i32)
    (local.set $long (call $make (local.get $max)))
    (local.set $d (i32.const 4))
    (block $done (loop $outer
      (br_if $done (i32.gt_u (local.get $d) (local.get $max)))
      (local.set $n (i32.shl (i32.const 1) (i32.add (i32.sub (local.get $max) (local.get $d)) (i32.const 4))))
      (local.set $i (i32.const 0))
      (block $b (loop $inner
        (br_if $b (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $sum (i32.add (local.get $sum) (call $check (call $make (local.get $d)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $inner)))
      (local.set $d (i32.add (local.get $d) (i32.const 2)))
      (br $outer)))
    (i32.add (local.get $sum) (call $check (local.get $long))))
)`;

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function main(): Promise<void> {
  const max = Number(process.argv[2] ?? 12);
  const maxWords = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
  const module = new Module(await parse(TEXT));
  const pauses: number[] = [];
  let liveMax = 0;
  let freed = 0;
  const store = new Store({
    ...(maxWords === undefined ? {} : { gcHeap: { maxWords } }),
    gcObserver: (r) => {
      pauses.push(r.ms);
      liveMax = Math.max(liveMax, r.liveWords);
      freed += r.freedWords;
    },
  });
  const run = store.exportOf(store.instantiate(module, []), 'run')!.addr;
  const t0 = performance.now();
  const r = store.call(run, [i32(max)]).run();
  const total = performance.now() - t0;
  if (r.status !== 'done') throw new Error(`run ended ${r.status}`);
  // Nodes built: the long-lived tree, then 2^(max+5) nodes a depth step (minus one tree's worth of rounding).
  const sorted = [...pauses].sort((a, b) => a - b);
  const sum = pauses.reduce((a, b) => a + b, 0);
  console.log(`binary trees, max depth ${max}${maxWords === undefined ? '' : `, heap limit ${maxWords} words`}`);
  console.log(`  result ${(r.results[0] as { value: number }).value}, total ${total.toFixed(0)} ms`);
  console.log(`  collections ${pauses.length}, words freed ${freed}, live words after a collection at most ${liveMax}`);
  console.log(
    `  pause p50 ${quantile(sorted, 0.5).toFixed(2)} ms, p99 ${quantile(sorted, 0.99).toFixed(2)} ms, ` +
      `max ${(sorted.at(-1) ?? 0).toFixed(2)} ms, all pauses ${sum.toFixed(0)} ms (${((100 * sum) / total).toFixed(1)}% of the run)`,
  );
  console.log(`  first pause ${(pauses[0] ?? 0).toFixed(2)} ms (stack maps made, code not yet optimised by V8)`);
  const cpu = process.cpuUsage();
  console.log(
    `  process CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms (wall-clock numbers above include waiting)`,
  );
  console.log(`  heap arena at the end ${store.gcHeap.words.length} words, top ${store.gcHeap.top}`);
}

await main();
