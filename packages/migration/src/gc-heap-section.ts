/**
 * Section 15, the GC heap (WebAssembly GC): the store's structs and arrays (`StoreState.gcHeap`, the
 * interpreter's `gc/heap-state.ts`), present exactly when the captured store allocated an object. It comes after
 * the reference types section and before the memories. See "15 — GC heap" in `docs/snapshot-format.md`.
 *
 * ```
 * types:u32   count, then count × (module:u32 typeIdx:u32)   the object types, in first-use order
 * words:u32   count, then count × i32                        the heap's words [0, top), word 0 zero
 * ```
 *
 * The object layout (header, fields, two-word reference slots) needs the modules' types, so the decoder checks
 * what it can without them (counts, module references, word 0, the first header's type) and the interpreter's
 * restore checks every header and every reference (`GcHeap.adopt`).
 * @module
 */
import type { StoreState } from '@edgedancer/interpreter';
import type { ByteReader } from './byte-reader.js';
import type { ByteWriter } from './byte-writer.js';
import { fail } from './errors.js';
import { readInt32s } from './int32-bytes.js';
import { checkTypePairs } from './ref-types-section.js';

/** A captured GC heap. */
export type GcHeapState = NonNullable<StoreState['gcHeap']>;

/** Words of an object header (type, array length): the smallest object. */
const HEADER_WORDS = 2;

/** Writes section 15's payload. */
export function writeGcHeap(w: ByteWriter, h: GcHeapState): void {
  w.u32(h.types.length / 2);
  w.rawInt32s(h.types);
  w.int32s(h.words);
}

/** Reads section 15's payload (structure only; `checkGcHeap` checks it against the store). */
export function readGcHeap(r: ByteReader): GcHeapState {
  const nTypes = r.count(8);
  const types = readInt32s(r.bytes, r.take(nTypes * 8), nTypes * 2);
  const nWords = r.count(4);
  const words = readInt32s(r.bytes, r.take(nWords * 4), nWords);
  return { types, words };
}

/**
 * Checks a heap against the store: Int32Arrays (`bad-type`), type pairs (`bad-length`, `bad-index`,
 * `non-canonical`), at least one object (`non-canonical`: a store without objects has no heap), word 0 zero and
 * the first object's type an entry of `types` (`bad-value`, `bad-index`).
 * @throws {SnapshotError} on the first fault
 */
export function checkGcHeap(h: GcHeapState, moduleCount: number): void {
  if (typeof h !== 'object' || h === null) fail('bad-type', 'store.gcHeap is not a heap state');
  if (!(h.words instanceof Int32Array) || !(h.types instanceof Int32Array))
    fail('bad-type', 'gcHeap: words or types is not an Int32Array');
  if (h.types.length % 2 !== 0) fail('bad-length', 'gcHeap.types is not pairs');
  checkTypePairs(h.types, moduleCount, 'gcHeap.types');
  if (h.words.length < 1 + HEADER_WORDS) fail('non-canonical', 'gcHeap holds no object');
  if (h.words[0] !== 0) fail('bad-value', 'gcHeap.words[0] is not zero');
  const first = h.words[1]!;
  if (first < 0 || first >= h.types.length / 2) fail('bad-index', 'gcHeap: the first object has an unknown type');
}
