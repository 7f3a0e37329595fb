/**
 * Section 13, exceptions: the store's tags and exception objects (WebAssembly exception handling), present
 * exactly when the captured store has a tag or an exception (`StoreState.exceptions`). It comes after the host
 * section and before the memories, which stay last. See "13 — exceptions" in `docs/snapshot-format.md`.
 *
 * ```
 * tags:u32          count, then count × params:bytes            each tag's parameter value types
 * hostTag:i32       -1, or the tag address of host exceptions (whose params MUST be [externref])
 * instanceTags:u32  count (= the instance count), then count × words   each instance's tag addresses
 * exns:u32          count, then count × (tag:u32 payload:words)  payload: 2 words a slot (v128: 4)
 * ```
 * @module
 */
import type { ExceptionState } from '@edgedancer/interpreter';
import type { ByteReader } from './byte-reader.js';
import type { ByteWriter } from './byte-writer.js';
import { fail } from './errors.js';
import { readInt32s } from './int32-bytes.js';
import { isExternOrGcRef } from './store-check.js';
import { EXNREF, EXTERNREF, FUNCREF, VAL_TYPE_CODES } from './value-types.js';

/** Whether a captured store's exception state is absent or holds nothing (then no section is written). */
export function isEmptyExceptions(e: ExceptionState | undefined): boolean {
  return e === undefined || (e.tags.length === 0 && e.exnTags.length === 0);
}

/** Slots of a value type on the stack (v128 two, everything else one). */
function slotsOf(t: number): number {
  return t === 0x7b ? 2 : 1;
}

/** Writes section 13's payload. */
export function writeExceptions(w: ByteWriter, e: ExceptionState): void {
  w.u32(e.tags.length);
  for (const params of e.tags) w.bytes(Uint8Array.from(params));
  w.i32(e.hostTag);
  w.u32(e.instanceTags.length);
  for (const list of e.instanceTags) w.int32s(list);
  w.u32(e.exnTags.length);
  let at = 0;
  for (let i = 0; i < e.exnTags.length; i++) {
    const tag = e.exnTags[i]!;
    const n = payloadWords(e.tags[tag]!);
    w.u32(tag);
    w.int32s(e.exnWords.subarray(at, at + n));
    at += n;
  }
}

/** Reads section 13's payload (structure only; `checkExceptions` checks it against the store). */
export function readExceptions(r: ByteReader): ExceptionState {
  const nTags = r.count(4);
  const tags: number[][] = [];
  for (let i = 0; i < nTags; i++) {
    const at = r.pos;
    const params = Array.from(r.lengthPrefixed());
    if (params.some((p) => !VAL_TYPE_CODES.has(p))) fail('bad-type', `tags[${i}]: not a value type`, at);
    tags.push(params);
  }
  const hostTag = r.i32();
  const nInstances = r.count(4);
  const instanceTags: Int32Array[] = [];
  for (let i = 0; i < nInstances; i++) {
    const n = r.count(4);
    instanceTags.push(readInt32s(r.bytes, r.take(n * 4), n));
  }
  const nExns = r.count(8);
  const exnTags = new Int32Array(nExns);
  const payloads: Int32Array[] = [];
  let total = 0;
  for (let i = 0; i < nExns; i++) {
    const at = r.pos;
    const tag = r.u32();
    if (tag >= nTags) fail('bad-index', `exns[${i}]: unknown tag ${tag}`, at);
    exnTags[i] = tag;
    const n = r.count(4);
    if (n !== payloadWords(tags[tag]!)) fail('bad-length', `exns[${i}]: payload does not fit its tag`, at);
    payloads.push(readInt32s(r.bytes, r.take(n * 4), n));
    total += n;
  }
  const exnWords = new Int32Array(total);
  let at = 0;
  for (const p of payloads) {
    exnWords.set(p, at);
    at += p.length;
  }
  const state = { tags, hostTag, instanceTags, exnTags, exnWords };
  if (isEmptyExceptions(state)) fail('non-canonical', 'an exceptions section with no tags and no exceptions', r.pos);
  return state;
}

/** What the exceptions' consistency check needs of the rest of the store. */
export interface ExceptionContext {
  readonly instanceCount: number;
  readonly funcCount: number;
  readonly externCount: number;
  /** Words of the GC heap (section 15), 0 without one: an `externref` payload may hold its references. */
  readonly heapWords: number;
}

/**
 * Checks an exception state against the store: the host tag, the instance lists, tag addresses, payload sizes
 * and every reference in a payload (`bad-index`, `bad-type`, `bad-length`, `bad-value`).
 */
export function checkExceptions(e: ExceptionState, s: ExceptionContext): void {
  const nTags = e.tags.length;
  e.tags.forEach((params, i) => {
    if (!Array.isArray(params) || params.some((p) => !VAL_TYPE_CODES.has(p)))
      fail('bad-type', `exceptions.tags[${i}]: not value types`);
  });
  if (!Number.isInteger(e.hostTag) || e.hostTag < -1 || e.hostTag >= nTags)
    fail('bad-index', 'exceptions.hostTag out of range');
  if (e.hostTag >= 0) {
    const p = e.tags[e.hostTag]!;
    if (p.length !== 1 || p[0] !== EXTERNREF)
      fail('bad-type', 'exceptions.hostTag: its parameters are not [externref]');
  }
  if (e.instanceTags.length !== s.instanceCount) fail('bad-length', 'exceptions.instanceTags: one list an instance');
  e.instanceTags.forEach((list, i) => {
    if (!(list instanceof Int32Array)) fail('bad-type', `exceptions.instanceTags[${i}] is not an Int32Array`);
    for (const a of list) if (a < 0 || a >= nTags) fail('bad-index', `exceptions.instanceTags[${i}]: unknown tag ${a}`);
  });
  if (!(e.exnTags instanceof Int32Array) || !(e.exnWords instanceof Int32Array))
    fail('bad-type', 'exceptions: not Int32Arrays');
  const nExns = e.exnTags.length;
  let at = 0;
  for (let i = 0; i < nExns; i++) {
    const tag = e.exnTags[i]!;
    if (tag < 0 || tag >= nTags) fail('bad-index', `exceptions.exnTags[${i}]: unknown tag ${tag}`);
    let w = at;
    for (const p of e.tags[tag]!) {
      if (w + slotsOf(p) * 2 > e.exnWords.length) fail('bad-length', 'exceptions.exnWords: payloads run past the end');
      if (p === EXTERNREF) {
        if (!isExternOrGcRef(e.exnWords[w]!, s.externCount, s.heapWords))
          fail('bad-index', `exceptions: a reference in exception ${i} is out of range`);
      }
      const limit = p === FUNCREF ? s.funcCount : p === EXNREF ? nExns : -1;
      if (limit >= 0) {
        const ref = e.exnWords[w]!;
        if (ref < 0 || ref > limit) fail('bad-index', `exceptions: a reference in exception ${i} is out of range`);
      }
      w += slotsOf(p) * 2;
    }
    at = w;
  }
  if (at !== e.exnWords.length) fail('bad-length', 'exceptions.exnWords: not exactly the payloads');
}

function payloadWords(params: readonly number[]): number {
  let n = 0;
  for (const p of params) n += slotsOf(p) * 2;
  return n;
}
