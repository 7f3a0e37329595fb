/**
 * Helpers to corrupt one field of a valid encoding at a known place, for tests of specific error codes.
 * @module
 */

/** Payload range `[start, end)` of section `id` in a well-formed container. */
export function sectionRange(bytes: Uint8Array, id: number): [number, number] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let pos = 8; pos + 5 <= bytes.length; pos += 5 + view.getUint32(pos + 1, true)) {
    if (bytes[pos] === id) return [pos + 5, pos + 5 + view.getUint32(pos + 1, true)];
  }
  throw new Error(`no section ${id}`);
}

/** A copy of `bytes` with the u32 at `offset` of section `id`'s payload set to `value` (must hold `was`). */
export function patchU32(bytes: Uint8Array, id: number, offset: number, was: number, value: number): Uint8Array {
  const out = bytes.slice();
  const view = new DataView(out.buffer);
  const at = sectionRange(out, id)[0] + offset;
  if (view.getUint32(at, true) !== was >>> 0)
    throw new Error(`section ${id} offset ${offset} holds ${view.getUint32(at, true)}, not ${was}`);
  view.setUint32(at, value >>> 0, true);
  return out;
}

/** A copy of `bytes` with the byte at `offset` of section `id`'s payload set to `value` (must hold `was`). */
export function patchU8(bytes: Uint8Array, id: number, offset: number, was: number, value: number): Uint8Array {
  const out = bytes.slice();
  const at = sectionRange(out, id)[0] + offset;
  if (out[at] !== was) throw new Error(`section ${id} offset ${offset} holds ${out[at]}, not ${was}`);
  out[at] = value;
  return out;
}
