/**
 * Reading a function body that the validator has already accepted: LEB128 immediates and fixed-width constants,
 * with no error paths of its own (a malformed body never reaches the JavaScript tier).
 * @module
 */

/** A cursor over validated module bytes. */
export class BodyReader {
  readonly bytes: Uint8Array;
  pos: number;
  /** The high word of the last `s64` read. */
  hi = 0;

  constructor(bytes: Uint8Array, pos: number) {
    this.bytes = bytes;
    this.pos = pos;
  }

  byte(): number {
    return this.bytes[this.pos++]!;
  }

  /** An unsigned LEB128 of up to 32 bits. */
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.bytes[this.pos++]!;
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  }

  /** A signed LEB128 of up to 33 bits (block types), as a JS number. */
  s33(): number {
    let result = 0;
    let shift = 0;
    let b: number;
    do {
      b = this.bytes[this.pos++]!;
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while ((b & 0x80) !== 0);
    if ((b & 0x40) !== 0) result -= 2 ** shift;
    return result;
  }

  /** A signed LEB128 of up to 32 bits. */
  s32(): number {
    return this.s33() | 0;
  }

  /** A signed LEB128 of up to 64 bits: returns the low word, leaves the high word in `hi`. */
  s64(): number {
    let lo = 0;
    let hi = 0;
    let shift = 0;
    let b: number;
    do {
      b = this.bytes[this.pos++]!;
      const v = b & 0x7f;
      if (shift < 32) {
        lo |= v << shift;
        if (shift > 25) hi |= v >>> (32 - shift);
      } else {
        hi |= v << (shift - 32);
      }
      shift += 7;
    } while ((b & 0x80) !== 0);
    if ((b & 0x40) !== 0 && shift < 64) {
      if (shift < 32) {
        lo |= -1 << shift;
        hi = -1;
      } else {
        hi |= -1 << (shift - 32);
      }
    }
    this.hi = hi | 0;
    return lo | 0;
  }

  /** A little-endian 32-bit word. */
  word(): number {
    const b = this.bytes;
    const p = this.pos;
    this.pos = p + 4;
    return b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
  }
}
