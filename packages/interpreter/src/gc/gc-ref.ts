/**
 * GC references held by the host. A reference that leaves the store (a result, a host function's argument, a
 * global or table read) becomes a {@link GcRef}: an opaque frozen object, the same one each time the same
 * reference leaves, and the same reference when it comes back. The collector moves objects, so a `GcRef` does not
 * hold an address: it holds a handle, an index into its store's {@link GcHandleTable}, whose reference words are
 * roots of every collection and are rewritten when objects move.
 *
 * Handles are released when the host drops the `GcRef`: a `FinalizationRegistry` frees the handle (the object is
 * then collectable, unless the program still reaches it). Release is invisible to the program, which never sees
 * handles, and to the host, which can only hold a `GcRef` it has not dropped; it makes a long-running agent that
 * hands many references out collect them once the host lets go.
 * @module
 */

import { HEAP_BIT, MAX_PLAIN } from './ref-value.js';
import { RefTag, type RefVisitor } from './ref-words.js';

/**
 * A GC reference (a struct, an array or an `i31ref`) as the host sees it: opaque, frozen, interned per store. It
 * names its object in its own store only: another store (a restored one too) takes it for a host value.
 */
export class GcRef {
  readonly #table: GcHandleTable | null;
  readonly #handle: number;

  /**
   * @param gcKind what the reference is
   * @param table the store's handle table (internal; omitted, the reference belongs to no store)
   * @param handle its index there (internal)
   */
  constructor(
    readonly gcKind: 'struct' | 'array' | 'i31',
    table: GcHandleTable | null = null,
    handle = -1,
  ) {
    this.#table = table;
    this.#handle = handle;
    Object.freeze(this);
  }

  /** The reference word this names in the store of `table`, or undefined when it is not that store's. */
  wordIn(table: GcHandleTable): number | undefined {
    return this.#table === table ? table.wordAt(this.#handle) : undefined;
  }
}

/** A store's GC references held by the host: one handle (a reference word) per live {@link GcRef}. */
export class GcHandleTable {
  /** The reference word of each handle (slot encoding, `ref-value.ts`); 0 in a free handle. */
  #words = new Int32Array(16);
  /** The host object of each handle, held weakly; undefined when the handle is free. */
  readonly #refs: (WeakRef<GcRef> | undefined)[] = [];
  /** The handle of each reference word that has a live host object. */
  #byWord = new Map<number, number>();
  readonly #free: number[] = [];
  readonly #registry = new FinalizationRegistry<number>((handle) => this.#release(handle));

  /** Handles in use (live or awaiting release). */
  get size(): number {
    return this.#refs.length - this.#free.length;
  }

  /** The reference word of handle `h`. */
  wordAt(h: number): number {
    return this.#words[h]!;
  }

  /** The host object of reference word `word` (a heap object or an `i31ref`), made on first use. */
  refOf(word: number, kind: 'struct' | 'array' | 'i31'): GcRef {
    const h = this.#byWord.get(word);
    if (h !== undefined) {
      const live = this.#refs[h]!.deref();
      if (live !== undefined) return live;
    }
    const handle = this.#free.pop() ?? this.#refs.length;
    if (handle >= this.#words.length) {
      const w = new Int32Array(this.#words.length * 2);
      w.set(this.#words);
      this.#words = w;
    }
    const ref = new GcRef(kind, this, handle);
    this.#words[handle] = word;
    this.#refs[handle] = new WeakRef(ref);
    this.#byWord.set(word, handle);
    this.#registry.register(ref, handle);
    return ref;
  }

  /**
   * Visits the heap reference of every handle in use, in handle order (roots of a collection), with each word in
   * the heap's two-word form; moved addresses are written back. Call {@link reindex} after the collection.
   */
  roots(visit: RefVisitor, scratch: Int32Array): void {
    const words = this.#words;
    for (let h = 0; h < this.#refs.length; h++) {
      if (this.#refs[h] !== undefined) visitSlotWord(visit, words, h, scratch);
    }
  }

  /** Rebuilds the word → handle index after a collection moved objects. */
  reindex(): void {
    const byWord = new Map<number, number>();
    for (let h = 0; h < this.#refs.length; h++) {
      const r = this.#refs[h];
      if (r !== undefined && r.deref() !== undefined) byWord.set(this.#words[h]!, h);
    }
    this.#byWord = byWord;
  }

  #release(handle: number): void {
    const word = this.#words[handle]!;
    if (this.#byWord.get(word) === handle) this.#byWord.delete(word);
    this.#words[handle] = 0;
    this.#refs[handle] = undefined;
    this.#free.push(handle);
  }
}

/**
 * Visits reference word `w[i]` (slot encoding) when it names a heap object: the visitor sees it in the heap's
 * two-word form in `scratch`, and a moved address is written back.
 */
export function visitSlotWord(visit: RefVisitor, w: Int32Array, i: number, scratch: Int32Array): void {
  const v = w[i]!;
  if (v < HEAP_BIT) return;
  scratch[0] = v & MAX_PLAIN;
  scratch[1] = RefTag.Heap;
  visit(scratch, 0);
  w[i] = HEAP_BIT | scratch[0]!;
}
