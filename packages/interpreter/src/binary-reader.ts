/**
 * A cursor over WebAssembly binary bytes: fixed-width reads, LEB128 integers with the spec's strictness, and
 * UTF-8 names. Every failure is a `CompileError` at an absolute byte offset, worded as the spec tests expect:
 *
 * - reading past `end`: `unexpected end of section or function`;
 * - a LEB128 with more bytes than its width allows: `integer representation too long`;
 * - a LEB128 whose last byte sets bits beyond the width (unsigned) or that are not the sign's extension
 *   (signed): `integer too large`;
 * - a length or count larger than the bytes left: `length out of bounds`;
 * - a name that is not well-formed UTF-8: `malformed UTF-8 encoding`.
 *
 * The reads allocate nothing (except `s64`, which returns a `bigint`, and `name`, which returns a string), and
 * every LEB128 read has a one-byte fast path.
 * @module
 */

import { CompileError } from './errors.js';

/** Message for a read past the end of the bytes (the spec interpreter's wording). */
export const UNEXPECTED_END = 'unexpected end of section or function';
/** Message for a LEB128 encoding with too many bytes. */
export const INTEGER_TOO_LONG = 'integer representation too long';
/** Message for a LEB128 encoding whose unused bits are wrong. */
export const INTEGER_TOO_LARGE = 'integer too large';
/** Message for a length or count that cannot fit in the remaining bytes. */
export const LENGTH_OUT_OF_BOUNDS = 'length out of bounds';
/** Message for a name that is not well-formed UTF-8. */
export const MALFORMED_UTF8 = 'malformed UTF-8 encoding';

/**
 * A forward cursor over `bytes[pos, end)`. Offsets (`pos`, `end`, error offsets) are absolute indices in
 * `bytes`, so sub-readers over a part of a module report positions in the whole module.
 *
 * @example
 * const r = new BinaryReader(new Uint8Array([0xe5, 0x8e, 0x26]));
 * r.u32(); // 624485
 * r.atEnd; // true
 */
export class BinaryReader {
  /** The underlying bytes (never copied). */
  readonly buf: Uint8Array;
  /** Absolute offset of the next byte to read. */
  pos: number;
  /** Absolute offset just past the last readable byte. */
  end: number;
  /** The high 32 bits (signed) of the value the last `s64Lo` read. */
  hi = 0;

  /**
   * @param bytes the bytes to read
   * @param start absolute offset of the first byte to read (default 0)
   * @param end absolute offset just past the last byte to read (default `bytes.length`)
   * @throws RangeError if `start`/`end` are not integers with `0 <= start <= end <= bytes.length`
   */
  constructor(bytes: Uint8Array, start = 0, end = bytes.length) {
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end || end > bytes.length) {
      throw new RangeError(`invalid reader range [${start}, ${end}) over ${bytes.length} bytes`);
    }
    this.buf = bytes;
    this.pos = start;
    this.end = end;
  }

  /** True when no byte is left. */
  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  /** Number of bytes left. */
  get remaining(): number {
    return this.end - this.pos;
  }

  /** Throws the error for a read past the end. */
  eof(): never {
    throw new CompileError(UNEXPECTED_END, this.end);
  }

  /**
   * Reads one byte.
   * @throws CompileError `unexpected end of section or function`
   */
  u8(): number {
    const pos = this.pos;
    if (pos >= this.end) this.eof();
    this.pos = pos + 1;
    return this.buf[pos]!;
  }

  /**
   * Returns the next byte without consuming it, or -1 at the end.
   */
  peek(): number {
    return this.pos < this.end ? this.buf[this.pos]! : -1;
  }

  /**
   * Reads an unsigned LEB128 of at most 32 bits (at most 5 bytes).
   * @returns the value as a non-negative number
   * @throws CompileError `integer representation too long`, `integer too large`, `unexpected end …`
   */
  u32(): number {
    const pos = this.pos;
    if (pos < this.end) {
      const b = this.buf[pos]!;
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    return this.u32Slow();
  }

  private u32Slow(): number {
    let result = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      const b = this.u8();
      result |= (b & 0x7f) << shift;
      if (b < 0x80) return result >>> 0;
    }
    // Fifth byte: 4 payload bits.
    const b = this.u8();
    if ((b & 0x70) !== 0) throw new CompileError(INTEGER_TOO_LARGE, this.pos - 1);
    if (b >= 0x80) throw new CompileError(INTEGER_TOO_LONG, this.pos);
    return (result | (b << 28)) >>> 0;
  }

  /**
   * Reads a signed LEB128 of at most 32 bits (at most 5 bytes).
   * @returns the value as a signed 32-bit number
   * @throws CompileError `integer representation too long`, `integer too large`, `unexpected end …`
   */
  s32(): number {
    // Fifth byte: 4 payload bits; bits 3..6 must all equal the sign bit (bit 3).
    return this.signed5(0x78);
  }

  /**
   * Reads a signed LEB128 of at most 33 bits (at most 5 bytes): the encoding of block types, where negative
   * values are the one-byte type codes (`0x40` → -64, `0x7f` → -1) and non-negative values are type indices.
   * @returns the value as a number in [-2^32, 2^32)
   * @throws CompileError `integer representation too long`, `integer too large`, `unexpected end …`
   */
  s33(): number {
    // Fifth byte: 5 payload bits; bits 4..6 must all equal the sign bit (bit 4).
    return this.signed5(0x70);
  }

  /**
   * A signed LEB128 of at most 5 bytes, shared by `s32` and `s33`, which differ only in the fifth byte:
   * `signMask` selects its bits that must all equal the sign (all set or all clear). The one-byte case is
   * handled here; `s32`/`s33` pass a constant, so each inlines its own copy.
   */
  private signed5(signMask: number): number {
    const pos = this.pos;
    if (pos < this.end) {
      const b = this.buf[pos]!;
      if (b < 0x80) {
        this.pos = pos + 1;
        return (b << 25) >> 25;
      }
    }
    return this.signed5Slow(signMask);
  }

  private signed5Slow(signMask: number): number {
    let result = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      const b = this.u8();
      result |= (b & 0x7f) << shift;
      if (b < 0x80) {
        const unused = 32 - shift - 7;
        return (result << unused) >> unused;
      }
    }
    const b = this.u8();
    const high = b & signMask;
    if (high !== 0 && high !== signMask) throw new CompileError(INTEGER_TOO_LARGE, this.pos - 1);
    if (b >= 0x80) throw new CompileError(INTEGER_TOO_LONG, this.pos);
    // result holds 28 unsigned bits; the fifth byte's low 5 bits, sign-extended, give bits 28 and up. For an s32
    // the sign check makes bit 4 a copy of bit 3, so the sum stays within the signed 32-bit range.
    return (result >>> 0) + ((b << 27) >> 27) * 0x10000000;
  }

  /**
   * Reads a signed LEB128 of at most 64 bits (at most 10 bytes).
   * @returns the value as a signed 64-bit `bigint`
   * @throws CompileError `integer representation too long`, `integer too large`, `unexpected end …`
   */
  s64(): bigint {
    const pos = this.pos;
    if (pos < this.end) {
      const b = this.buf[pos]!;
      if (b < 0x80) {
        this.pos = pos + 1;
        return BigInt((b << 25) >> 25);
      }
    }
    const start = this.pos;
    this.skipS64();
    return decodeS64(this.buf, start, this.pos);
  }

  /**
   * Reads a signed LEB128 of at most 64 bits as two 32-bit words, without allocating: the low word is returned,
   * the high word left in `hi`.
   * @returns the low 32 bits as a signed 32-bit number
   * @throws CompileError as `s64`
   */
  s64Lo(): number {
    const start = this.pos;
    if (start < this.end) {
      const b = this.buf[start]!;
      if (b < 0x80) {
        this.pos = start + 1;
        const v = (b << 25) >> 25;
        this.hi = v >> 31;
        return v;
      }
    }
    this.skipS64();
    const buf = this.buf;
    const end = this.pos;
    let lo = 0;
    let hi = 0;
    let shift = 0;
    for (let i = start; i < end; i++, shift += 7) {
      const v = buf[i]! & 0x7f;
      if (shift < 32) {
        lo |= v << shift;
        if (shift === 28) hi |= v >>> 4;
      } else {
        hi |= v << (shift - 32);
      }
    }
    // Sign extension from the last byte's bit 6, when fewer than 64 bits were read.
    if (shift < 64 && (buf[end - 1]! & 0x40) !== 0) {
      if (shift < 32) {
        lo |= -1 << shift;
        hi = -1;
      } else {
        hi |= -1 << (shift - 32);
      }
    }
    this.hi = hi;
    return lo;
  }

  /**
   * Reads an unsigned LEB128 of at most 64 bits (memory64 offsets and limits) as two words, without
   * allocating: the low word is returned, the high word left in `hi` (both as unsigned numbers).
   * @returns the low 32 bits as a non-negative number
   * @throws CompileError `integer representation too long`, `integer too large`, `unexpected end …`
   */
  u64Lo(): number {
    let lo = 0;
    let hi = 0;
    for (let shift = 0; shift < 63; shift += 7) {
      const b = this.u8();
      const v = b & 0x7f;
      if (shift < 32) {
        lo |= v << shift;
        if (shift === 28) hi |= v >>> 4;
      } else {
        hi |= v << (shift - 32);
      }
      if (b < 0x80) {
        this.hi = hi >>> 0;
        return lo >>> 0;
      }
    }
    // Tenth byte: 1 payload bit.
    const b = this.u8();
    if ((b & 0x7e) !== 0) throw new CompileError(INTEGER_TOO_LARGE, this.pos - 1);
    if (b >= 0x80) throw new CompileError(INTEGER_TOO_LONG, this.pos);
    this.hi = (hi | (b << 31)) >>> 0;
    return lo >>> 0;
  }

  /**
   * Reads an unsigned LEB128 of at most 64 bits as a number (exact below 2^53, rounded above).
   * @throws CompileError as `u64Lo`
   */
  u64Number(): number {
    const lo = this.u64Lo();
    return this.hi * 4294967296 + lo;
  }

  /**
   * Checks and skips a signed 64-bit LEB128 without building its value.
   * @throws CompileError as `s64`
   */
  skipS64(): void {
    for (let i = 0; i < 9; i++) {
      if (this.u8() < 0x80) return;
    }
    // Tenth byte: 1 payload bit; bits 1..6 must equal it.
    const b = this.u8();
    const high = b & 0x7f;
    if (high !== 0 && high !== 0x7f) throw new CompileError(INTEGER_TOO_LARGE, this.pos - 1);
    if (b >= 0x80) throw new CompileError(INTEGER_TOO_LONG, this.pos);
  }

  /**
   * Reads 4 bytes little-endian: the bit pattern of an `f32`, never passed through a float.
   * Also the way to read an `f64` without allocating: low word first, then high word.
   * @returns the bits as an unsigned 32-bit number
   * @throws CompileError `unexpected end …`
   */
  f32Bits(): number {
    const pos = this.pos;
    if (pos + 4 > this.end) this.eof();
    const b = this.buf;
    this.pos = pos + 4;
    return (b[pos]! | (b[pos + 1]! << 8) | (b[pos + 2]! << 16) | (b[pos + 3]! << 24)) >>> 0;
  }

  /**
   * Reads 8 bytes little-endian: the bit pattern of an `f64`, never passed through a float.
   * (Hot paths that must not allocate call `f32Bits()` twice: low word, then high word.)
   * @returns the bits as an unsigned 64-bit `bigint`
   * @throws CompileError `unexpected end …`
   */
  f64Bits(): bigint {
    if (this.pos + 8 > this.end) this.eof();
    const lo = this.f32Bits();
    const hi = this.f32Bits();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /**
   * Returns the next `n` bytes as a view (no copy) and consumes them.
   * @throws CompileError `unexpected end …` (also for a negative `n`)
   */
  bytes(n: number): Uint8Array {
    const pos = this.pos;
    if (n < 0 || pos + n > this.end) this.eof();
    this.pos = pos + n;
    return this.buf.subarray(pos, pos + n);
  }

  /**
   * Skips `n` bytes.
   * @throws CompileError `unexpected end …` (also for a negative `n`)
   */
  skip(n: number): void {
    if (n < 0 || this.pos + n > this.end) this.eof();
    this.pos += n;
  }

  /**
   * Reads a u32 length or count and checks it against the bytes left, counted from the start of its own
   * encoding (the spec interpreter's rule, which the spec tests' wording depends on).
   * @throws CompileError `length out of bounds`, and as `u32`
   */
  length(): number {
    const start = this.pos;
    const n = this.u32();
    if (n > this.end - start) throw new CompileError(LENGTH_OUT_OF_BOUNDS, start);
    return n;
  }

  /**
   * Reads a name: a length-prefixed, strictly validated UTF-8 string (no overlong forms, no surrogates,
   * nothing above U+10FFFF, no truncated sequence).
   * @throws CompileError `malformed UTF-8 encoding` (at the first offending byte), `length out of bounds`,
   *   `unexpected end …`
   */
  name(): string {
    const n = this.length();
    const start = this.pos;
    if (start + n > this.end) this.eof();
    this.pos = start + n;
    return decodeUtf8(this.buf, start, start + n);
  }
}

/** Decodes an already-checked signed LEB128 in `bytes[start, end)` into a `bigint`. */
function decodeS64(bytes: Uint8Array, start: number, end: number): bigint {
  let result = 0n;
  let shift = 0n;
  let b = 0;
  for (let i = start; i < end; i++) {
    b = bytes[i]!;
    result |= BigInt(b & 0x7f) << shift;
    shift += 7n;
  }
  if (shift < 64n && (b & 0x40) !== 0) result -= 1n << shift;
  return BigInt.asIntN(64, result);
}

/**
 * Decodes strictly validated UTF-8 from `bytes[start, end)`.
 * @throws CompileError `malformed UTF-8 encoding` at the first offending byte
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  let i = start;
  // ASCII fast path.
  while (i < end && bytes[i]! < 0x80) i++;
  if (i === end) return latin1(bytes, start, end);
  const codePoints: number[] = [];
  for (let j = start; j < i; j++) codePoints.push(bytes[j]!);
  while (i < end) {
    const b0 = bytes[i]!;
    if (b0 < 0x80) {
      codePoints.push(b0);
      i++;
      continue;
    }
    let need: number;
    let cp: number;
    let min: number;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      need = 1;
      cp = b0 & 0x1f;
      min = 0x80;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2;
      cp = b0 & 0x0f;
      min = 0x800;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3;
      cp = b0 & 0x07;
      min = 0x10000;
    } else {
      throw new CompileError(MALFORMED_UTF8, i);
    }
    if (i + need >= end) throw new CompileError(MALFORMED_UTF8, i);
    for (let k = 1; k <= need; k++) {
      const b = bytes[i + k]!;
      if ((b & 0xc0) !== 0x80) throw new CompileError(MALFORMED_UTF8, i);
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw new CompileError(MALFORMED_UTF8, i);
    codePoints.push(cp);
    i += need + 1;
  }
  let s = '';
  for (let k = 0; k < codePoints.length; k += 4096) {
    s += String.fromCodePoint(...codePoints.slice(k, k + 4096));
  }
  return s;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  // `apply` takes the view as an argument list directly (no iterator, unlike a spread): the fastest for names.
  let s = '';
  for (let k = start; k < end; k += 4096) {
    s += String.fromCharCode.apply(null, bytes.subarray(k, Math.min(end, k + 4096)) as unknown as number[]);
  }
  return s;
}
