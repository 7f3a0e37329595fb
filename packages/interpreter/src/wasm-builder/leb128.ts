/**
 * LEB128 encoders of the WebAssembly binary format.
 * @module
 */

/**
 * Encodes an unsigned LEB128 integer.
 * @param value - a non-negative integer below 2^32
 * @returns its bytes
 * @example encodeU32(624485) // [0xe5, 0x8e, 0x26]
 */
export function encodeU32(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

/**
 * Encodes a signed LEB128 32-bit integer.
 * @param value - an integer in the i32 range
 * @returns its bytes
 * @example encodeS32(-1) // [0x7f]
 */
export function encodeS32(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}
