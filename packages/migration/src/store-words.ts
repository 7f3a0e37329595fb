/**
 * Where a decoded store's integer arrays live. The parser reads every word list of sections 3–7 into one
 * scratch arena, sized by a bound on the sections' sizes (a constant times the input), so that parsing
 * allocates one buffer rather than one per list. The build then packs the store into one exact buffer:
 * every `Int32Array` and `Uint8Array` of the decoded store (memories aside) is a view of a single
 * `ArrayBuffer`, as in the interpreter's capture, so cloning or transferring the store costs one buffer.
 * @module
 */
import type { StoreState } from '@edgedancer/interpreter';
import { readInt32sInto } from './int32-bytes.js';

/** A fixed-capacity run of words handed out front to back, as views. */
export class WordArena {
  private readonly words: Int32Array;
  private used = 0;

  /** @param capacity words; the caller bounds it by the sections that fill it */
  constructor(capacity: number) {
    this.words = new Int32Array(capacity);
  }

  /** The next `n` words (zero), as a view. */
  take(n: number): Int32Array {
    const at = this.used;
    if (n > this.words.length - at) throw new Error(`internal: word arena of ${this.words.length} words overflows`);
    this.used = at + n;
    return this.words.subarray(at, at + n);
  }

  /** The next `n` words, filled from little-endian bytes of `src` at `offset` (range already checked). */
  read(src: Uint8Array, offset: number, n: number): Int32Array {
    const v = this.take(n);
    readInt32sInto(v, src, offset);
    return v;
  }
}

/**
 * An upper bound on the words sections 3–7 put in the arena, from their payload sizes: a `words` list of
 * n words takes 4 + 4n bytes, a function (2 words) at least 9 bytes, a global (4 words) at least 6.
 */
export function arenaCapacity(
  funcs: number,
  instances: number,
  tables: number,
  globals: number,
  elems: number,
): number {
  return (
    Math.floor(funcs / 4) +
    Math.floor(instances / 4) +
    Math.floor(tables / 4) +
    Math.floor(globals / 6) * 4 +
    Math.floor(elems / 4)
  );
}

/** The store without its memories: what the small sections describe. */
export type SmallStore = Omit<StoreState, 'mems'>;

/**
 * Copies every integer array of `s` into one new buffer (words first, then the bytes of `globalTypes` and
 * `datasDropped`) and returns the same store over views of it. Host functions, types and externs are shared.
 */
export function packStore(s: SmallStore): SmallStore {
  let words = s.funcs.length + s.globalValues.length;
  for (const i of s.instances)
    words += i.funcs.length + i.tables.length + i.mems.length + i.globals.length + i.elems.length + i.datas.length;
  for (const t of s.tables) words += t.elements.length;
  for (const e of s.elems) words += e.refs.length;
  const { refTypes: rt, gcHeap: heap } = s;
  if (rt !== undefined) words += rt.globals.length + rt.tables.length + rt.elems.length + rt.types.length;
  if (heap !== undefined) words += heap.types.length + heap.words.length;
  const buffer = new ArrayBuffer(words * 4 + s.globalTypes.length + s.datasDropped.length);
  const pack = new Int32Array(buffer, 0, words);
  const bytes = new Uint8Array(buffer, words * 4);
  let at = 0;
  let byteAt = 0;
  const put = (src: Int32Array): Int32Array => {
    const v = pack.subarray(at, (at += src.length));
    v.set(src);
    return v;
  };
  const putBytes = (src: Uint8Array): Uint8Array => {
    const v = bytes.subarray(byteAt, (byteAt += src.length));
    v.set(src);
    return v;
  };
  return {
    version: 1,
    moduleCount: s.moduleCount,
    instances: s.instances.map((i) => ({
      module: i.module,
      funcs: put(i.funcs),
      tables: put(i.tables),
      mems: put(i.mems),
      globals: put(i.globals),
      elems: put(i.elems),
      datas: put(i.datas),
    })),
    funcs: put(s.funcs),
    hostFuncs: s.hostFuncs,
    tables: s.tables.map((t) => ({ type: t.type, elements: put(t.elements) })),
    globalTypes: putBytes(s.globalTypes),
    globalValues: put(s.globalValues),
    elems: s.elems.map((e) => ({ type: e.type, refs: put(e.refs) })),
    datasDropped: putBytes(s.datasDropped),
    externs: s.externs,
    ...(s.exceptions === undefined ? {} : { exceptions: s.exceptions }),
    ...(rt === undefined
      ? {}
      : { refTypes: { globals: put(rt.globals), tables: put(rt.tables), elems: put(rt.elems), types: put(rt.types) } }),
    ...(heap === undefined ? {} : { gcHeap: { types: put(heap.types), words: put(heap.words) } }),
  };
}
