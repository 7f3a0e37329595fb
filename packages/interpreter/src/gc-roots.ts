/**
 * The exact roots of a store's GC heap, and the collections that use them. Every reference that may name a heap
 * object outside the heap is visited, in this fixed order (the order in which a canonical capture numbers the
 * objects they reach, `GcHeap.canonicalize`):
 * 1. globals of a reference type, by address;
 * 2. table elements, by table address then index;
 * 3. element segments' references, by segment address then index;
 * 4. each live (running or suspended) execution in the order it started, its frames bottom-up, each frame's
 *    reference locals then its reference operands (the stack maps of `stack-maps.ts`);
 * 5. exception payloads' reference values, by exception address then position;
 * 6. references the host holds (`GcRef` handles, `gc/gc-ref.ts`), by handle.
 * Words that are not heap references (null, plain references, `i31ref`s, numbers) are skipped by their tag
 * (`gc/ref-value.ts`) or their static type.
 *
 * Collection runs at a safepoint: an allocating instruction finds the heap wanting a collection and calls
 * {@link collectGarbage} with every register written back (allocation ops run through `IOp.Ext`, whose handler
 * gets the registers written back, see `exec-ext.ts`); other executions of the store are suspended or stopped
 * in a host call, their state in their frames too. The JavaScript tier translates only functions whose values
 * are all numbers (`js-tier/translate.ts`), so no reference waits in a JavaScript local across a collection.
 * @module
 */

import { slotsOf } from './compile-function.js';
import type { Execution } from './execution.js';
import { FRAME_WORDS } from './execution.js';
import { visitSlotWord } from './gc/gc-ref.js';
import type { CollectStats } from './gc/heap.js';
import type { RefVisitor, RootSet } from './gc/ref-words.js';
import { isRefType } from './heap-types.js';
import { referenceSlots } from './stack-maps.js';
import type { Store } from './store.js';

/** The roots of `store`'s heap in the documented order (the executions and their stack maps read now). */
export function storeRoots(store: Store): RootSet {
  const executions = store.liveExecutions();
  // Stack maps are looked up once, before the visits (the collector calls a root set more than once).
  const frames = executions.map((ex) => frameMaps(store, ex));
  const scratch = new Int32Array(2);
  return (visit) => {
    const g = store.globalWords;
    store.globalTypes.forEach((t, i) => {
      if (isRefType(t.valType)) visitSlotWord(visit, g, i * 4, scratch);
    });
    for (const t of store.tables) {
      const e = t.elements;
      for (let i = 0; i < t.length; i++) visitSlotWord(visit, e, i, scratch);
    }
    for (const seg of store.elems) {
      const r = seg.refs;
      for (let i = 0; i < r.length; i++) visitSlotWord(visit, r, i, scratch);
    }
    executions.forEach((ex, k) => visitFrames(ex, frames[k]!, visit, scratch));
    exceptionRoots(store, visit, scratch);
    store.gcHandles.roots(visit, scratch);
  };
}

/** Per frame of `ex`, bottom-up: its reference slots (relative to its fp), its fp and its top slot. */
function frameMaps(store: Store, ex: Execution): { maps: Int32Array[]; bounds: Int32Array } {
  const n = ex.fc;
  const maps: Int32Array[] = [];
  const bounds = new Int32Array(2 * (n + 1));
  for (let i = 0; i <= n; i++) {
    const k = i * FRAME_WORDS;
    const fa = i < n ? ex.frames[k]! : ex.funcAddr;
    const pc = i < n ? ex.frames[k + 1]! : ex.pc;
    const f = store.funcs[fa]!;
    maps.push(referenceSlots(f, store.instances[f.instanceAddr]!.module, pc));
    bounds[2 * i] = i < n ? ex.frames[k + 2]! : ex.fp;
    bounds[2 * i + 1] = i < n - 1 ? ex.frames[k + FRAME_WORDS + 2]! : i === n - 1 ? ex.fp : ex.sp;
  }
  return { maps, bounds };
}

function visitFrames(
  ex: Execution,
  frames: { maps: Int32Array[]; bounds: Int32Array },
  visit: RefVisitor,
  scratch: Int32Array,
): void {
  const s = ex.s32;
  frames.maps.forEach((map, i) => {
    const fp = frames.bounds[2 * i]!;
    const top = frames.bounds[2 * i + 1]!;
    for (let j = 0; j < map.length; j++) {
      const slot = fp + map[j]!;
      if (slot < top) visitSlotWord(visit, s, slot << 1, scratch);
    }
  });
}

function exceptionRoots(store: Store, visit: RefVisitor, scratch: Int32Array): void {
  const exc = store.exceptions;
  const seen = new Set<Int32Array>();
  exc.exnTags.forEach((tag, e) => {
    const words = exc.exnWords[e]!;
    if (words.length === 0 || seen.has(words)) return;
    seen.add(words);
    let w = 0;
    for (const p of exc.tagTypes[tag]!.params) {
      if (isRefType(p)) visitSlotWord(visit, words, w, scratch);
      w += slotsOf(p) * 2;
    }
  });
}

/** What a collection did, with its pause. */
export interface CollectionReport extends CollectStats {
  /** Milliseconds the collection took (roots, stack maps, mark and compact). */
  readonly ms: number;
}

/**
 * Collects the store's heap now with every root (a safepoint: every live execution's registers written back).
 * Host handles are reindexed after objects moved.
 */
export function collectGarbage(store: Store): CollectionReport {
  const t0 = now();
  const stats = store.gcHeap.collect(storeRoots(store));
  store.gcHandles.reindex();
  const report = { ...stats, ms: now() - t0 };
  store.gcObserver?.(report);
  return report;
}

/**
 * Rewrites the heap into its canonical order: breadth-first from the roots in the order above, rewriting every
 * root. A capture does this first, so that equal object graphs capture equal words whatever the allocation order.
 */
export function canonicalizeGcHeap(store: Store): void {
  store.gcHeap.canonicalize(storeRoots(store));
  store.gcHandles.reindex();
}

/**
 * Checks that every root that names a heap object names the start of one (state restored from a snapshot must
 * before anything collects it).
 * @throws TypeError naming the first bad reference
 */
export function checkGcRoots(store: Store): void {
  const heap = store.gcHeap;
  const starts = heap.objectStarts();
  storeRoots(store)((w, lo) => {
    const addr = w[lo]!;
    if (addr <= 0 || addr >= starts.length || starts[addr] !== 1) {
      throw new TypeError(`invalid captured state: reference to heap word ${addr}, not an object`);
    }
  });
}

function now(): number {
  return typeof performance === 'undefined' ? Date.now() : performance.now();
}
