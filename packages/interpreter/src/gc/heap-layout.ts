/**
 * The shape of a garbage-collected object in the heap's word arena: a struct's fields or an array's element,
 * each field stored in whole 32-bit words (packed `i8`/`i16` fields take one word each, 64-bit values and
 * references two, `v128` four), with the positions of the reference words precomputed so that the collector
 * walks an object without looking at its type's definition again.
 * @module
 */

/** How a field is stored. */
export const Storage = {
  I8: 1,
  I16: 2,
  I32: 3,
  I64: 4,
  F32: 5,
  F64: 6,
  V128: 7,
  Ref: 8,
} as const;
export type Storage = (typeof Storage)[keyof typeof Storage];

/** Words one field of each storage kind takes. */
export function storageWords(s: Storage): number {
  switch (s) {
    case Storage.I64:
    case Storage.F64:
    case Storage.Ref:
      return 2;
    case Storage.V128:
      return 4;
    default:
      return 1;
  }
}

/** The words of an object's header: its type id, then an array's length (0 for a struct). */
export const HEADER_WORDS = 2;

/** A struct's or array's layout, derived once from its field list. */
export interface ObjectLayout {
  readonly kind: 'struct' | 'array';
  /** A struct's fields in order, or an array's one element type. */
  readonly fields: readonly Storage[];
  /** Word offset of each struct field from the start of the payload (for an array: `[0]`). */
  readonly offsets: readonly number[];
  /** A struct's payload words, or an array element's words. */
  readonly words: number;
  /** Payload-relative offsets of the low words of a struct's reference fields, or `[0]` for an array of refs. */
  readonly refOffsets: Int32Array;
}

/**
 * Lays out a struct or array type.
 * @param kind - `struct` (fields in order) or `array` (exactly one element type)
 * @param fields - storage of each field
 */
export function objectLayout(kind: 'struct' | 'array', fields: readonly Storage[]): ObjectLayout {
  if (kind === 'array' && fields.length !== 1) throw new RangeError('an array layout has exactly one element type');
  const offsets: number[] = [];
  const refs: number[] = [];
  let words = 0;
  for (const s of fields) {
    offsets.push(words);
    if (s === Storage.Ref) refs.push(words);
    words += storageWords(s);
  }
  return { kind, fields: [...fields], offsets, words, refOffsets: Int32Array.from(refs) };
}
