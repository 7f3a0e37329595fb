/**
 * Bulk copies between `Int32Array`s and little-endian bytes: one `.set` on little-endian hosts, a DataView
 * loop only on big-endian ones.
 * @module
 */

/** Whether this host stores integers little-endian (every platform Node runs on today). */
export const IS_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Writes `src` as little-endian 32-bit words into `dst` at `offset`.
 * @param dst destination bytes; must have room for `src.length * 4` bytes
 * @param offset byte offset in `dst`
 * @param src the words
 * @param littleEndian whether the host is little-endian (a parameter so both paths are testable)
 */
export function writeInt32s(dst: Uint8Array, offset: number, src: Int32Array, littleEndian = IS_LITTLE_ENDIAN): void {
  if (littleEndian) {
    dst.set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength), offset);
    return;
  }
  const view = new DataView(dst.buffer, dst.byteOffset + offset, src.length * 4);
  for (let i = 0; i < src.length; i++) view.setInt32(i * 4, src[i]!, true);
}

/**
 * Reads `dst.length` little-endian 32-bit words from `src` at `offset` into `dst`.
 * @param dst destination words (any view, at any offset of its buffer)
 * @param src source bytes (the caller has checked the range)
 * @param offset byte offset in `src`
 * @param littleEndian whether the host is little-endian
 */
export function readInt32sInto(
  dst: Int32Array,
  src: Uint8Array,
  offset: number,
  littleEndian = IS_LITTLE_ENDIAN,
): void {
  const count = dst.length;
  if (littleEndian) {
    new Uint8Array(dst.buffer, dst.byteOffset, dst.byteLength).set(src.subarray(offset, offset + count * 4));
    return;
  }
  const view = new DataView(src.buffer, src.byteOffset + offset, count * 4);
  for (let i = 0; i < count; i++) dst[i] = view.getInt32(i * 4, true);
}

/**
 * Reads `count` little-endian 32-bit words from `src` at `offset` into a new `Int32Array`.
 * @param src source bytes (the caller has checked the range)
 * @param offset byte offset in `src`
 * @param count number of words
 * @param littleEndian whether the host is little-endian
 * @returns a fresh array (never a view of `src`)
 */
export function readInt32s(
  src: Uint8Array,
  offset: number,
  count: number,
  littleEndian = IS_LITTLE_ENDIAN,
): Int32Array {
  const out = new Int32Array(count);
  readInt32sInto(out, src, offset, littleEndian);
  return out;
}
