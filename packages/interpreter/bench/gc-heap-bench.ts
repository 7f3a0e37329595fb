/**
 * Benchmark of the garbage-collected heap (a script, not a test): for heaps of 10^4 and 10^6 live objects — a
 * linked structure of two-reference nodes with an array of references every 64 nodes, and as much garbage
 * interleaved — the time of a mark-compact collection, of putting the heap in canonical order (what a capture
 * does first), of copying its words out (the capture) and of adopting them with full validation (the restore),
 * and the size of the captured words. Run with `node packages/interpreter/dist/bench/gc-heap-bench.js`.
 * @module
 */
import { GcHeap } from '../src/gc/heap.js';
import { objectLayout, Storage } from '../src/gc/heap-layout.js';
import { RefTag, type RootSet } from '../src/gc/ref-words.js';

const NODE = 0;
const REFS = 1;

function newHeap(): GcHeap {
  const heap = new GcHeap();
  heap.defineType(NODE, objectLayout('struct', [Storage.I32, Storage.Ref, Storage.Ref, Storage.F64]));
  heap.defineType(REFS, objectLayout('array', [Storage.Ref]));
  return heap;
}

function setRef(heap: GcHeap, lo: number, target: number): void {
  heap.words[lo] = target;
  heap.words[lo + 1] = RefTag.Heap;
}

/** `live` reachable objects from one root, with one garbage node allocated after each live one. */
function build(live: number): { heap: GcHeap; roots: RootSet } {
  const heap = newHeap();
  const root = new Int32Array(2);
  let previous = 0;
  let made = 0;
  let seed = 7;
  const kept: number[] = [];
  while (made < live) {
    const a = made % 64 === 63 ? heap.allocArray(REFS, 8) : heap.allocStruct(NODE);
    made++;
    if (heap.typeIdOf(a) === NODE) {
      heap.words[heap.payloadOf(a)] = made;
      if (previous !== 0) setRef(heap, heap.payloadOf(a) + 1, previous);
      if (kept.length > 0) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        setRef(heap, heap.payloadOf(a) + 3, kept[seed % kept.length]!);
      }
    } else {
      for (let i = 0; i < 8 && i < kept.length; i++)
        setRef(heap, heap.payloadOf(a) + 2 * i, kept[kept.length - 1 - i]!);
      if (previous !== 0) setRef(heap, heap.payloadOf(a), previous);
    }
    previous = a;
    if (made % 16 === 0) kept.push(a);
    heap.allocStruct(NODE); // garbage
  }
  root[0] = previous;
  root[1] = RefTag.Heap;
  return {
    heap,
    roots: (visit) => visit(root, 0),
  };
}

function time<T>(f: () => T): [T, number] {
  const t = process.hrtime.bigint();
  const r = f();
  return [r, Number(process.hrtime.bigint() - t) / 1e6];
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
}

console.log(
  '| live objects | collect (ms) | canonicalise (ms) | capture copy (ms) | restore + validate (ms) | captured size |',
);
console.log('| ---: | ---: | ---: | ---: | ---: | ---: |');
for (const live of [10_000, 1_000_000]) {
  const reps = live > 100_000 ? 3 : 10;
  const collect: number[] = [];
  const canon: number[] = [];
  const copy: number[] = [];
  const restore: number[] = [];
  let bytes = 0;
  for (let r = 0; r < reps; r++) {
    const { heap, roots } = build(live);
    collect.push(time(() => heap.collect(roots))[1]);
    const second = build(live);
    canon.push(time(() => second.heap.canonicalize(second.roots))[1]);
    const [words, tCopy] = time(() => second.heap.words.slice(0, second.heap.top));
    copy.push(tCopy);
    bytes = words.byteLength;
    const target = newHeap();
    restore.push(time(() => target.adopt(words, words.length))[1]);
  }
  const mib = (bytes / 1048576).toFixed(2);
  const row = [live, median(collect), median(canon), median(copy), median(restore)].map((x, i) =>
    i === 0 ? x.toLocaleString('en') : x.toFixed(2),
  );
  console.log(`| ${row.join(' | ')} | ${mib} MiB |`);
}
