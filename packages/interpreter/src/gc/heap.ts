/**
 * The garbage-collected heap as plain data: every struct and array lives in one growable `Int32Array` of words
 * and is addressed by the integer index of its first word, so a capture copies an array and a restore adopts
 * one, with no JS object graph to walk. Address 0 is never an object, so a zero reference word is null.
 *
 * An object is a two-word header — its type id (the store's id for the struct or array type, see
 * {@link GcHeap.defineType}) and an array's length (0 for a struct) — followed by its fields as
 * {@link ObjectLayout} places them. References inside objects use the slot encoding of `ref-words.ts`.
 *
 * Collection is mark-compact and runs only when the interpreter calls {@link GcHeap.collect} at a safepoint
 * with every root: objects slide towards address 1 in their allocation order, so two nodes that run the same
 * program from the same state allocate, collect and lay out their heaps identically, and nothing a program can
 * observe (`ref.eq`, field values, array lengths) changes.
 * @module
 */
import { HEADER_WORDS, type ObjectLayout } from './heap-layout.js';
import { RefTag, type RootSet } from './ref-words.js';

/** Why a heap operation failed. */
export type GcHeapErrorCode = 'heap-exhausted' | 'malformed-heap' | 'unknown-type';

/** A heap operation failed: an allocation past the heap's limit, or words that are not a well-formed heap. */
export class GcHeapError extends Error {
  override name = 'GcHeapError';
  constructor(
    readonly code: GcHeapErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Limits of a heap. */
export interface GcHeapOptions {
  /** Most words the arena may hold (default 2^28 words, 1 GiB). */
  readonly maxWords?: number;
  /** Words allocated up front (default 4096). */
  readonly initialWords?: number;
}

/** What a collection did. */
export interface CollectStats {
  readonly liveObjects: number;
  readonly liveWords: number;
  readonly freedWords: number;
}

const DEFAULT_MAX_WORDS = 2 ** 28;

/** A store's heap of structs and arrays. */
export class GcHeap {
  #words: Int32Array;
  #top = 1;
  #objects = 0;
  #liveAfterLastCollect = 0;
  #canonical = false;
  readonly #maxWords: number;
  /** Arena words below which {@link wantsCollection} never asks. */
  readonly #floor: number;
  readonly #layouts: (ObjectLayout | undefined)[] = [];
  /** Per type id: payload words of a struct, or −(element words) of an array; 0 when undefined. */
  #shape = new Int32Array(16);
  /** Per type id: the layout's reference offsets (see {@link ObjectLayout.refOffsets}). */
  readonly #refOffsets: Int32Array[] = [];

  constructor(options: GcHeapOptions = {}) {
    this.#maxWords = options.maxWords ?? DEFAULT_MAX_WORDS;
    this.#floor = Math.min(65536, this.#maxWords >> 2);
    this.#words = new Int32Array(Math.min(this.#maxWords, Math.max(16, options.initialWords ?? 4096)));
  }

  /** The arena. It is replaced when the heap grows or is canonicalised: read it again after either. */
  get words(): Int32Array {
    return this.#words;
  }
  /** The first free word; objects occupy `[1, top)`. */
  get top(): number {
    return this.#top;
  }
  /** Objects in the arena, live or not yet collected. */
  get objectCount(): number {
    return this.#objects;
  }
  /** Most words the arena may hold. */
  get maxWords(): number {
    return this.#maxWords;
  }
  /**
   * True when the arena has grown past twice what survived the last collection (and past 64 Ki words, or a
   * quarter of `maxWords` when that is less): a hint for the interpreter to collect at its next safepoint.
   */
  get wantsCollection(): boolean {
    return this.#top > this.#floor && this.#top > 2 * this.#liveAfterLastCollect;
  }
  /**
   * True when the arena is in the canonical order of the last {@link canonicalize} and nothing was allocated,
   * collected or adopted since. Whoever lets code run that may change references (the interpreter, when an
   * execution runs) calls {@link touch}.
   */
  get canonical(): boolean {
    return this.#canonical;
  }
  /** Says that references may have changed: the next capture canonicalises again. */
  touch(): void {
    this.#canonical = false;
  }

  /** Says how objects of type `typeId` are laid out. A type id is defined once. */
  defineType(typeId: number, layout: ObjectLayout): void {
    if (!Number.isInteger(typeId) || typeId < 0) throw new RangeError(`bad type id ${typeId}`);
    if (this.#layouts[typeId] !== undefined) throw new RangeError(`type id ${typeId} is already defined`);
    this.#layouts[typeId] = layout;
    if (typeId >= this.#shape.length) {
      const shape = new Int32Array(Math.max(typeId + 1, this.#shape.length * 2));
      shape.set(this.#shape);
      this.#shape = shape;
    }
    this.#shape[typeId] = layout.kind === 'struct' ? layout.words : -layout.words;
    this.#refOffsets[typeId] = layout.refOffsets;
  }

  /** Whether type `typeId` is defined. */
  hasType(typeId: number): boolean {
    return this.#layouts[typeId] !== undefined;
  }

  /** The layout of type `typeId`. */
  layoutOf(typeId: number): ObjectLayout {
    const layout = this.#layouts[typeId];
    if (layout === undefined) throw new GcHeapError('unknown-type', `no heap type ${typeId}`);
    return layout;
  }

  /** Allocates a struct of type `typeId` with every field zero (numbers 0, references null). */
  allocStruct(typeId: number): number {
    const layout = this.layoutOf(typeId);
    if (layout.kind !== 'struct') throw new GcHeapError('unknown-type', `heap type ${typeId} is not a struct`);
    return this.#alloc(typeId, 0, layout.words);
  }

  /** Allocates an array of type `typeId` with `length` zero elements. */
  allocArray(typeId: number, length: number): number {
    const layout = this.layoutOf(typeId);
    if (layout.kind !== 'array') throw new GcHeapError('unknown-type', `heap type ${typeId} is not an array`);
    if (!Number.isInteger(length) || length < 0 || length > 0xffffffff) throw new RangeError(`bad length ${length}`);
    const payload = length * layout.words;
    if (payload > this.#maxWords) throw exhausted(payload);
    return this.#alloc(typeId, length, payload);
  }

  /** The type id of the object at `addr`. */
  typeIdOf(addr: number): number {
    return this.#words[addr]!;
  }
  /** The length of the array at `addr` (0 for a struct). */
  lengthOf(addr: number): number {
    return this.#words[addr + 1]! >>> 0;
  }
  /** The index of the first payload word of the object at `addr`. */
  payloadOf(addr: number): number {
    return addr + HEADER_WORDS;
  }
  /** Words the object at `addr` occupies, header included. */
  sizeOf(addr: number): number {
    return this.#sizeIn(this.#words, addr);
  }

  /** The size of the object whose header is at `w[addr]` (its type must be defined). */
  #sizeIn(w: Int32Array, addr: number): number {
    const shape = this.#shape[w[addr]!]!;
    return shape >= 0 ? HEADER_WORDS + shape : HEADER_WORDS - shape * (w[addr + 1]! >>> 0);
  }

  /**
   * Mark-compact collection: keeps the objects reachable from `roots`, slides them down in address order and
   * rewrites every heap reference — in the roots and in the objects — to the new addresses.
   */
  collect(roots: RootSet): CollectStats {
    const words = this.#words;
    const top = this.#top;
    const marks = this.#mark(roots);
    // Forwarding addresses, in address order.
    const forward = new Int32Array(top);
    let free = 1;
    let live = 0;
    for (let a = 1; a < top; a += this.#sizeIn(this.#words, a)) {
      if (marks[a] === 1) {
        forward[a] = free;
        free += this.#sizeIn(this.#words, a);
        live++;
      }
    }
    const relocate = (w: Int32Array, lo: number): void => {
      if (w[lo + 1] === RefTag.Heap) w[lo] = forward[w[lo]!]!;
    };
    roots(relocate);
    for (let a = 1; a < top; a += this.#sizeIn(this.#words, a)) if (marks[a] === 1) this.#forEachRef(a, relocate);
    for (let a = 1; a < top; ) {
      const size = this.#sizeIn(this.#words, a);
      if (marks[a] === 1 && forward[a] !== a) words.copyWithin(forward[a]!, a, a + size);
      a += size;
    }
    words.fill(0, free, top);
    this.#canonical = false;
    const stats = { liveObjects: live, liveWords: free - 1, freedWords: top - free };
    this.#top = free;
    this.#objects = live;
    this.#liveAfterLastCollect = free;
    return stats;
  }

  /**
   * Copies the objects reachable from `roots` into a fresh arena in breadth-first order — roots in the order
   * `roots` visits them, then each object's references in field order — and rewrites the roots. Two heaps
   * whose reachable graphs are the same (equal types, lengths and field values, references to corresponding
   * objects) come out word for word equal, whatever order they were allocated in: this is the canonical form
   * a capture records.
   */
  canonicalize(roots: RootSet): CollectStats {
    const from = this.#words;
    const oldTop = this.#top;
    const forward = new Int32Array(oldTop);
    const to = new Int32Array(from.length);
    let free = 1;
    const copy = (addr: number): number => {
      const moved = forward[addr]!;
      if (moved !== 0) return moved;
      const size = this.#sizeIn(from, addr);
      to.set(from.subarray(addr, addr + size), free);
      forward[addr] = free;
      free += size;
      return free - size;
    };
    roots((w, lo) => {
      if (w[lo + 1] === RefTag.Heap) w[lo] = copy(w[lo]!);
    });
    this.#words = to;
    let live = 0;
    for (let scan = 1; scan < free; scan += this.#sizeIn(this.#words, scan)) {
      live++;
      this.#forEachRef(scan, (w, lo) => {
        if (w[lo + 1] === RefTag.Heap) w[lo] = copy(w[lo]!);
      });
    }
    this.#top = free;
    this.#objects = live;
    this.#liveAfterLastCollect = free;
    this.#canonical = true;
    return { liveObjects: live, liveWords: free - 1, freedWords: oldTop - free };
  }

  /**
   * Replaces the arena with `words[0, top)` after checking that it is a well-formed heap: every header names a
   * defined type and fits, structs have length 0, every heap reference points at the start of an object and
   * every reference tag is known. Throws {@link GcHeapError} `malformed-heap` otherwise, leaving the heap as
   * it was. The cost is linear in `top`.
   */
  adopt(words: Int32Array, top: number): void {
    if (!Number.isInteger(top) || top < 1 || top > words.length || top > this.#maxWords) {
      throw malformed(`heap top ${top} out of range`);
    }
    const starts = new Uint8Array(top);
    let objects = 0;
    for (let a = 1; a < top; ) {
      if (top - a < HEADER_WORDS) throw malformed(`truncated header at word ${a}`);
      const layout = this.#layouts[words[a]!];
      if (layout === undefined) throw malformed(`unknown heap type ${words[a]} at word ${a}`);
      const length = words[a + 1]! >>> 0;
      if (layout.kind === 'struct' && length !== 0) throw malformed(`struct at word ${a} has a length`);
      const size = this.#sizeIn(words, a);
      if (size > top - a) throw malformed(`object at word ${a} runs past the heap's end`);
      starts[a] = 1;
      objects++;
      a += size;
    }
    const previous = this.#words;
    this.#words = words;
    try {
      for (let a = 1; a < top; a += this.#sizeIn(this.#words, a)) {
        this.#forEachRef(a, (w, lo) => {
          const tag = w[lo + 1]!;
          if (tag === RefTag.Heap) {
            const target = w[lo]!;
            if (target <= 0 || target >= top || starts[target] !== 1) {
              throw malformed(`reference at word ${lo} to ${target}, not an object`);
            }
          } else if (tag === RefTag.I31) {
            if ((w[lo]! << 1) >> 1 !== w[lo]) throw malformed(`i31 reference at word ${lo} out of range`);
          } else if (tag !== RefTag.Plain) {
            throw malformed(`unknown reference tag ${tag} at word ${lo}`);
          }
        });
      }
    } catch (e) {
      this.#words = previous;
      throw e;
    }
    const arena = new Int32Array(Math.max(top, Math.min(this.#maxWords, words.length)));
    arena.set(words.subarray(0, top));
    this.#words = arena;
    this.#top = top;
    this.#objects = objects;
    this.#liveAfterLastCollect = top;
    this.#canonical = false;
  }

  /** One byte per word `[0, top)`: 1 where an object starts (to check many roots at once). Linear in the heap. */
  objectStarts(): Uint8Array {
    const starts = new Uint8Array(this.#top);
    for (let a = 1; a < this.#top; a += this.#sizeIn(this.#words, a)) starts[a] = 1;
    return starts;
  }

  /** True when `addr` is the start of an object (a root read from a snapshot must be). Linear in the heap. */
  isObject(addr: number): boolean {
    for (let a = 1; a < this.#top; a += this.#sizeIn(this.#words, a)) {
      if (a === addr) return true;
      if (a > addr) return false;
    }
    return false;
  }

  #alloc(typeId: number, length: number, payload: number): number {
    const size = HEADER_WORDS + payload;
    const addr = this.#top;
    if (addr + size > this.#words.length) this.#grow(addr + size);
    const words = this.#words;
    words[addr] = typeId;
    words[addr + 1] = length;
    this.#top = addr + size;
    this.#objects++;
    this.#canonical = false;
    return addr;
  }

  #grow(needed: number): void {
    if (needed > this.#maxWords) throw exhausted(needed);
    const capacity = Math.min(this.#maxWords, Math.max(needed, this.#words.length * 2));
    const words = new Int32Array(capacity);
    words.set(this.#words.subarray(0, this.#top));
    this.#words = words;
  }

  #mark(roots: RootSet): Uint8Array {
    const marks = new Uint8Array(this.#top);
    const pending: number[] = [];
    const reach = (w: Int32Array, lo: number): void => {
      if (w[lo + 1] !== RefTag.Heap) return;
      const target = w[lo]!;
      if (marks[target] === 0) {
        marks[target] = 1;
        pending.push(target);
      }
    };
    roots(reach);
    while (pending.length > 0) this.#forEachRef(pending.pop()!, reach);
    return marks;
  }

  /** Calls `visit` on every reference field (or element) of the object at `addr`. */
  #forEachRef(addr: number, visit: (w: Int32Array, lo: number) => void): void {
    const words = this.#words;
    const refs = this.#refOffsets[words[addr]!]!;
    const n = refs.length;
    if (n === 0) return;
    const payload = addr + HEADER_WORDS;
    if (this.#shape[words[addr]!]! >= 0) {
      for (let i = 0; i < n; i++) visit(words, payload + refs[i]!);
      return;
    }
    const end = payload + 2 * (words[addr + 1]! >>> 0);
    for (let lo = payload; lo < end; lo += 2) visit(words, lo);
  }
}

function exhausted(words: number): GcHeapError {
  return new GcHeapError('heap-exhausted', `heap exhausted: ${words} words needed`);
}

function malformed(message: string): GcHeapError {
  return new GcHeapError('malformed-heap', `malformed heap: ${message}`);
}
