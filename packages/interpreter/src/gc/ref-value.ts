/**
 * How a reference sits in one 32-bit word of an operand slot (the low word; the high word is 0), a table element,
 * an element segment or a global, once garbage-collected references exist. One word for every reference keeps
 * tables and segments `Int32Array`s of one word an element and lets `ref.is_null`, `call_indirect` and the table
 * instructions stay as they were:
 * - `0` is null;
 * - `1 … 0x3fffffff`: a plain reference, a store entity's index + 1 (a function, an `externs` entry, an exception);
 * - `0x40000000 | addr`: a struct or array at word `addr` of the store's {@link GcHeap};
 * - negative: an `i31ref`, its 31-bit value with bit 31 set.
 * Inside the heap, references use the two-word tagged form of `ref-words.ts`; {@link toHeapRef} and
 * {@link fromHeapRef} translate.
 * @module
 */
import { RefTag } from './ref-words.js';

/** The tag bits of a heap reference word. */
export const HEAP_BIT = 0x40000000;
/** The largest plain reference word (an index + 1). */
export const MAX_PLAIN = 0x3fffffff;

/** Whether the reference word names a heap object. */
export function isHeapRef(v: number): boolean {
  return v >= HEAP_BIT;
}
/** Whether the reference word is an `i31ref`. */
export function isI31Ref(v: number): boolean {
  return v < 0;
}
/** The heap address of a heap reference word. */
export function heapAddr(v: number): number {
  return v & MAX_PLAIN;
}
/** The reference word of the object at heap address `addr`. */
export function heapRef(addr: number): number {
  return HEAP_BIT | addr;
}
/** The reference word of `ref.i31 n` (the low 31 bits of `n`). */
export function i31Ref(n: number): number {
  return n | 0x80000000 | 0;
}
/** The signed value of an `i31ref` word. */
export function i31Value(v: number): number {
  return (v << 1) >> 1;
}

/** Writes reference word `v` into heap words `w[at]`, `w[at + 1]` in the tagged form. */
export function toHeapRef(v: number, w: Int32Array, at: number): void {
  if (v < 0) {
    w[at] = (v << 1) >> 1;
    w[at + 1] = RefTag.I31;
  } else if (v >= HEAP_BIT) {
    w[at] = v & MAX_PLAIN;
    w[at + 1] = RefTag.Heap;
  } else {
    w[at] = v;
    w[at + 1] = RefTag.Plain;
  }
}

/** Reads the reference word stored in the tagged form at heap words `w[at]`, `w[at + 1]`. */
export function fromHeapRef(w: Int32Array, at: number): number {
  const tag = w[at + 1];
  if (tag === RefTag.Heap) return HEAP_BIT | w[at]!;
  if (tag === RefTag.I31) return (w[at]! & 0x7fffffff) | 0x80000000 | 0;
  return w[at]!;
}
