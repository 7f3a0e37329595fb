/**
 * How a reference sits in a 64-bit value slot (two 32-bit words, `lo` then `hi`) once garbage-collected objects
 * exist. The `hi` word is a tag:
 * - {@link RefTag.Plain} — the encoding references had before: `lo` is 0 for null, otherwise a store entity's
 *   index + 1 in the space the static type names (a function address, an `externs` index, an exception);
 * - {@link RefTag.Heap} — `lo` is the address of a struct or array in the store's {@link GcHeap};
 * - {@link RefTag.I31} — `lo` is an `i31ref`'s value (31 bits, kept sign-extended).
 * Only `Heap` references are followed and rewritten by the collector; the others are plain data to it.
 * @module
 */

/** The tag in a reference slot's high word. */
export const RefTag = {
  Plain: 0,
  Heap: 1,
  I31: 2,
} as const;
export type RefTag = (typeof RefTag)[keyof typeof RefTag];

/**
 * Where a reference sits: a slot's two words are `words[lo]` and `words[lo + 1]`. The collector reads the tag,
 * follows heap references and writes moved addresses back in place.
 */
export type RefVisitor = (words: Int32Array, lo: number) => void;

/**
 * Every reference outside the heap that may point into it (operand stacks, locals, globals, tables, element
 * segments, exception payloads, handles held by the host), in a fixed order: the order in which a canonical
 * capture numbers the objects they reach. Called more than once per collection; must visit the same slots each
 * time.
 */
export type RootSet = (visit: RefVisitor) => void;
