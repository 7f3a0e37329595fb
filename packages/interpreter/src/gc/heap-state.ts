/**
 * The GC heap in a captured store (`StoreState.gcHeap`): the arena's words `[0, top)` as they are (objects keep
 * their addresses, so the reference words in stacks, globals, tables and segments stay valid), with each object's
 * type id replaced by an index into `types`, a list of `[moduleRef, typeIdx]` pairs in first-use order. Type ids
 * in a live heap are canonical ids of one realm; the pairs name the same types portably, and a restore maps them
 * to the canonical ids of its own realm. The store canonicalises the heap before it captures it (breadth-first
 * from the roots in the order of `gc-roots.ts`, live objects only), so equal object graphs capture equal words
 * whatever order they were allocated in.
 * @module
 */
import type { Module } from '../module-class.js';
import { gcTypeInfo } from './gc-types.js';
import { GcHeap, GcHeapError, type GcHeapOptions } from './heap.js';
import { HEADER_WORDS } from './heap-layout.js';

/** A captured heap. */
export interface GcHeapState {
  /** Words `[0, top)`; each object's first word is an index into `types`. */
  readonly words: Int32Array;
  /** `[moduleRef, typeIdx]` per type the objects use, in first-use order. */
  readonly types: Int32Array;
}

/** The first `[moduleRef, typeIdx]` naming each canonical id among the modules. */
function portableNames(modules: readonly Module[]): Map<number, [number, number]> {
  const names = new Map<number, [number, number]>();
  modules.forEach((m, mr) => {
    const ids = m.compiled.typeIds;
    for (let ti = 0; ti < ids.length; ti++) if (!names.has(ids[ti]!)) names.set(ids[ti]!, [mr, ti]);
  });
  return names;
}

/**
 * Captures a heap: its words with portable type indices.
 * @throws Error when an object's type is not one of the modules' (cannot happen for a store's own heap)
 */
export function captureHeap(heap: GcHeap, modules: readonly Module[]): GcHeapState {
  const top = heap.top;
  const words = heap.words.slice(0, top);
  const names = portableNames(modules);
  const index = new Map<number, number>();
  const types: number[] = [];
  for (let a = 1; a < top; a += heap.sizeOf(a)) {
    const id = words[a]!;
    let k = index.get(id);
    if (k === undefined) {
      const name = names.get(id);
      if (name === undefined) throw new Error(`internal error: heap type ${id} belongs to no module`);
      k = types.length / 2;
      index.set(id, k);
      types.push(name[0], name[1]);
    }
    words[a] = k;
  }
  return { words, types: Int32Array.from(types) };
}

/**
 * Rebuilds a heap from captured words: maps the portable types to this realm's canonical ids, then
 * {@link GcHeap.adopt}s the words (which checks every header and reference).
 * @throws TypeError when a type does not name a struct or array type of the modules, or the words are malformed
 */
export function restoreHeap(state: GcHeapState, modules: readonly Module[], options?: GcHeapOptions): GcHeap {
  const bad = (what: string): never => {
    throw new TypeError(`invalid captured store: gc heap: ${what}`);
  };
  if (typeof state !== 'object' || state === null) bad('not an object');
  if (!(state.words instanceof Int32Array) || !(state.types instanceof Int32Array)) bad('words or types');
  if (state.types.length % 2 !== 0) bad('type list');
  const ids: number[] = [];
  for (let k = 0; k < state.types.length; k += 2) {
    const m = modules[state.types[k]!];
    const id = m?.compiled.typeIds[state.types[k + 1]!];
    if (id === undefined || m!.compiled.decoded.subTypes[state.types[k + 1]!]!.kind === 0) bad(`type ${k / 2}`);
    ids.push(id!);
  }
  const heap = new GcHeap(options);
  for (const id of ids) if (!heap.hasType(id)) heap.defineType(id, gcTypeInfo(id).layout);
  const words = state.words.slice();
  const top = words.length;
  for (let a = 1; a < top; ) {
    if (top - a < HEADER_WORDS) bad(`truncated header at word ${a}`);
    const id = ids[words[a]!];
    if (id === undefined) bad(`unknown type at word ${a}`);
    words[a] = id!;
    const layout = heap.layoutOf(id!);
    const size = HEADER_WORDS + (layout.kind === 'struct' ? layout.words : layout.words * (words[a + 1]! >>> 0));
    a += size;
  }
  try {
    heap.adopt(words, Math.max(1, top));
  } catch (e) {
    if (e instanceof GcHeapError) bad(e.message);
    throw e;
  }
  return heap;
}
