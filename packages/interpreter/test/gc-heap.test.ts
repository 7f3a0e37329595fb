/**
 * The garbage-collected heap as plain data: allocation, mark-compact collection (only what roots reach
 * survives, in allocation order, with every reference rewritten), the canonical breadth-first form (equal graphs
 * give equal words whatever the allocation order) and adopting words from outside (a malformed heap is refused
 * and changes nothing).
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GcHeap, type GcHeapError } from '../src/gc/heap.js';
import { objectLayout, Storage } from '../src/gc/heap-layout.js';
import { RefTag, type RootSet } from '../src/gc/ref-words.js';

// Type 0: struct { i32 id; ref left; ref right; i64 weight }. Type 1: array of ref. Type 2: array of i8.
const NODE = 0;
const REFS = 1;
const BYTES = 2;
const ID = 0;
const LEFT = 1;
const RIGHT = 3;
const WEIGHT = 5;

function newHeap(maxWords?: number): GcHeap {
  const heap = new GcHeap(maxWords === undefined ? {} : { maxWords, initialWords: 16 });
  heap.defineType(NODE, objectLayout('struct', [Storage.I32, Storage.Ref, Storage.Ref, Storage.I64]));
  heap.defineType(REFS, objectLayout('array', [Storage.Ref]));
  heap.defineType(BYTES, objectLayout('array', [Storage.I8]));
  return heap;
}

function node(heap: GcHeap, id: number): number {
  const a = heap.allocStruct(NODE);
  heap.words[heap.payloadOf(a) + ID] = id;
  heap.words[heap.payloadOf(a) + WEIGHT] = id * 3;
  return a;
}

function link(heap: GcHeap, from: number, field: number, to: number): void {
  const lo = heap.payloadOf(from) + field;
  heap.words[lo] = to;
  heap.words[lo + 1] = RefTag.Heap;
}

/** Root slots: two words each, like operand-stack slots. */
function roots(slots: Int32Array): RootSet {
  return (visit) => {
    for (let i = 0; i < slots.length; i += 2) visit(slots, i);
  };
}

function heapRoots(...addrs: number[]): Int32Array {
  const slots = new Int32Array(addrs.length * 2);
  addrs.forEach((a, i) => {
    slots[2 * i] = a;
    slots[2 * i + 1] = a === 0 ? RefTag.Plain : RefTag.Heap;
  });
  return slots;
}

/**
 * The graph reachable from the root slots, independent of addresses: objects numbered in the order a
 * depth-first walk from the roots meets them, each written as its type, its numbers and its references (by
 * number), so two heaps holding the same graph describe equally.
 */
function describe(heap: GcHeap, slots: Int32Array): string {
  const number = new Map<number, number>();
  const order: number[] = [];
  const ref = (w: Int32Array, lo: number): string => {
    const tag = w[lo + 1];
    if (tag === RefTag.I31) return `i31:${w[lo]}`;
    if (tag !== RefTag.Heap) return `plain:${w[lo]}`;
    const a = w[lo]!;
    if (!number.has(a)) {
      number.set(a, order.length);
      order.push(a);
    }
    return `#${number.get(a)}`;
  };
  const top: string[] = [];
  for (let i = 0; i < slots.length; i += 2) top.push(ref(slots, i));
  const objects: string[] = [];
  for (let k = 0; k < order.length; k++) {
    const a = order[k]!;
    const p = heap.payloadOf(a);
    const w = heap.words;
    if (heap.typeIdOf(a) === NODE) {
      objects.push(`#${k}=n${w[p + ID]}(${ref(w, p + LEFT)},${ref(w, p + RIGHT)},${w[p + WEIGHT]})`);
    } else if (heap.typeIdOf(a) === REFS) {
      const parts: string[] = [];
      for (let i = 0; i < heap.lengthOf(a); i++) parts.push(ref(w, p + 2 * i));
      objects.push(`#${k}=[${parts.join(',')}]`);
    } else {
      objects.push(`#${k}=bytes(${[...w.subarray(p, p + heap.lengthOf(a))].join(',')})`);
    }
  }
  return `${top.join(' ')} | ${objects.join(' ')}`;
}

test('structs and arrays start zeroed, with their sizes and lengths', () => {
  const heap = newHeap();
  const s = heap.allocStruct(NODE);
  const a = heap.allocArray(BYTES, 5);
  assert.equal(s, 1, 'address 0 is never an object');
  assert.equal(heap.sizeOf(s), 2 + 1 + 2 + 2 + 2);
  assert.equal(heap.lengthOf(a), 5);
  assert.equal(heap.sizeOf(a), 2 + 5);
  assert.deepEqual([...heap.words.subarray(heap.payloadOf(s), heap.payloadOf(s) + 7)], [0, 0, 0, 0, 0, 0, 0]);
  assert.equal(heap.objectCount, 2);
  assert.throws(
    () => heap.allocArray(NODE, 1),
    (e: GcHeapError) => e.code === 'unknown-type',
  );
  assert.throws(
    () => heap.allocStruct(9),
    (e: GcHeapError) => e.code === 'unknown-type',
  );
});

test('collect keeps what the roots reach, in allocation order, and rewrites references', () => {
  const heap = newHeap();
  const garbage1 = node(heap, 1);
  const a = node(heap, 2);
  node(heap, 3);
  const b = node(heap, 4);
  const arr = heap.allocArray(REFS, 3);
  link(heap, a, LEFT, b);
  link(heap, b, RIGHT, a); // a cycle
  link(heap, arr, 0, b);
  link(heap, garbage1, LEFT, a); // garbage pointing at live objects changes nothing
  const p = heap.payloadOf(arr);
  heap.words[p + 2] = -5;
  heap.words[p + 3] = RefTag.I31;
  const slots = heapRoots(arr, 0, a);
  const before = describe(heap, slots);
  const stats = heap.collect(roots(slots));
  assert.equal(stats.liveObjects, 3);
  assert.equal(heap.objectCount, 3);
  assert.equal(describe(heap, slots), before);
  // Allocation order kept: a, b, arr.
  assert.equal(slots[4], 1);
  assert.equal(heap.words[heap.payloadOf(1) + ID], 2);
  assert.equal(slots[0], 1 + 2 * heap.sizeOf(1));
  assert.equal(heap.top, 1 + stats.liveWords);
  assert.ok(stats.freedWords > 0);
  // The freed space is reused.
  const c = node(heap, 5);
  assert.equal(c, 1 + stats.liveWords);
});

test('collect with no roots frees everything; plain and i31 roots are left alone', () => {
  const heap = newHeap();
  node(heap, 1);
  heap.allocArray(BYTES, 100);
  assert.equal(heap.top, 1 + 2 + 7 + 2 + 100);
  const slots = new Int32Array([7, RefTag.Plain, -3, RefTag.I31]);
  const stats = heap.collect(roots(slots));
  const size = 2 + 7 + (2 + 100);
  assert.deepEqual(stats, { liveObjects: 0, liveWords: 0, freedWords: size });
  assert.equal(heap.top, 1);
  assert.deepEqual([...slots], [7, RefTag.Plain, -3, RefTag.I31]);
});

test('canonical form: the same graph allocated in different orders gives the same words', () => {
  const build = (order: number[], garbage: number): { heap: GcHeap; slots: Int32Array } => {
    const heap = newHeap();
    const byId = new Map<number, number>();
    for (const id of order) {
      for (let g = 0; g < garbage; g++) heap.allocArray(BYTES, 3 + g);
      byId.set(id, node(heap, id));
    }
    link(heap, byId.get(1)!, LEFT, byId.get(2)!);
    link(heap, byId.get(1)!, RIGHT, byId.get(3)!);
    link(heap, byId.get(3)!, LEFT, byId.get(1)!);
    link(heap, byId.get(2)!, RIGHT, byId.get(4)!);
    return { heap, slots: heapRoots(byId.get(3)!, byId.get(4)!) };
  };
  const x = build([1, 2, 3, 4], 0);
  const y = build([4, 3, 2, 1], 2);
  const dx = describe(x.heap, x.slots);
  x.heap.canonicalize(roots(x.slots));
  y.heap.canonicalize(roots(y.slots));
  assert.equal(describe(x.heap, x.slots), dx);
  assert.equal(x.heap.top, y.heap.top);
  assert.deepEqual(x.heap.words.subarray(0, x.heap.top), y.heap.words.subarray(0, y.heap.top));
  assert.deepEqual(x.slots, y.slots);
  // A different graph gives different words.
  const z = build([1, 2, 3, 4], 0);
  link(z.heap, z.slots[2]!, LEFT, z.slots[0]!); // node 4 now points at node 3
  z.heap.canonicalize(roots(z.slots));
  assert.notDeepEqual(z.heap.words.subarray(0, z.heap.top), x.heap.words.subarray(0, x.heap.top));
});

test('a random graph keeps its shape through collections and canonicalisations', () => {
  let seed = 12345;
  const rand = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  for (let round = 0; round < 20; round++) {
    const heap = newHeap();
    const all: number[] = [];
    const slots = new Int32Array(8 * 2);
    for (let step = 0; step < 400; step++) {
      const op = rand(10);
      if (op < 5 || all.length < 2) {
        all.push(rand(4) === 0 ? heap.allocArray(REFS, rand(4)) : node(heap, step));
      } else if (op < 8) {
        const from = all[rand(all.length)]!;
        const to = all[rand(all.length)]!;
        if (heap.typeIdOf(from) === NODE) link(heap, from, rand(2) === 0 ? LEFT : RIGHT, to);
        else if (heap.lengthOf(from) > 0) link(heap, from, 2 * rand(heap.lengthOf(from)), to);
      } else {
        const r = 2 * rand(8);
        slots[r] = all[rand(all.length)]!;
        slots[r + 1] = RefTag.Heap;
      }
      if (step % 97 === 96) {
        const before = describe(heap, slots);
        if (rand(2) === 0) heap.collect(roots(slots));
        else heap.canonicalize(roots(slots));
        assert.equal(describe(heap, slots), before);
        // Only reachable objects remain, so the old addresses are gone: continue from the roots.
        all.length = 0;
        for (let i = 0; i < slots.length; i += 2) if (slots[i + 1] === RefTag.Heap) all.push(slots[i]!);
      }
    }
  }
});

test('adopt takes a well-formed heap and refuses a malformed one without changing anything', () => {
  const source = newHeap();
  const a = node(source, 1);
  const b = source.allocArray(REFS, 2);
  link(source, b, 0, a);
  const good = source.words.slice(0, source.top);

  const heap = newHeap();
  heap.adopt(good, good.length);
  assert.equal(heap.objectCount, 2);
  assert.ok(heap.isObject(a) && heap.isObject(b) && !heap.isObject(a + 1));

  const bad = (mutate: (w: Int32Array) => void, top = good.length): void => {
    const w = good.slice();
    mutate(w);
    const target = newHeap();
    const keep = node(target, 42);
    assert.throws(
      () => target.adopt(w, top),
      (e: GcHeapError) => e.code === 'malformed-heap',
    );
    assert.equal(target.top, keep + target.sizeOf(keep), 'the heap is unchanged');
    assert.equal(target.words[target.payloadOf(keep) + ID], 42);
  };
  bad((w) => (w[a] = 77)); // unknown type
  bad((w) => (w[a + 1] = 3)); // a struct with a length
  bad((w) => (w[b + 1] = 1000)); // an array past the end
  bad((w) => (w[source.payloadOf(b)] = a + 1)); // a reference into the middle of an object
  bad((w) => (w[source.payloadOf(b)] = 0)); // a heap reference to address 0
  bad((w) => (w[source.payloadOf(b) + 1] = 9)); // an unknown tag
  bad((w) => {
    w[source.payloadOf(b) + 2] = 0x7fffffff;
    w[source.payloadOf(b) + 3] = RefTag.I31;
  });
  bad(() => {}, good.length - 1); // truncated
  bad(() => {}, 0);
});

test('allocation past the limit fails with heap-exhausted and leaves the heap usable', () => {
  const heap = newHeap(64);
  const a = heap.allocArray(BYTES, 40);
  assert.throws(
    () => heap.allocArray(BYTES, 40),
    (e: GcHeapError) => e.code === 'heap-exhausted',
  );
  assert.throws(
    () => heap.allocArray(BYTES, 2 ** 32 - 1),
    (e: GcHeapError) => e.code === 'heap-exhausted',
  );
  assert.equal(heap.objectCount, 1);
  heap.collect(roots(new Int32Array(0)));
  assert.equal(heap.top, 1);
  assert.ok(heap.allocArray(BYTES, 40) >= a);
});
