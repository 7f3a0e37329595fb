/**
 * Integer lane arithmetic of the SIMD instructions: wrapping and saturating add/sub, mul, min/max, avgr,
 * abs/neg/popcnt, q15mulr, dot, shifts, comparisons and the i64x2 lanes (on 32-bit halves, no BigInt).
 *
 * Every function works on the value stack's lane views ({@link stack}); operands are word indices of v128
 * values, and the result replaces the first operand (`a`), as on the stack after a binary instruction.
 * Lane-wise results only read their own lanes, so they are computed in place. Storing into a typed array
 * wraps (`Int8Array`) or clamps (`Uint8ClampedArray`) exactly as the lane type wants.
 * @module
 */

import { i64Add, i64Mul, i64Sub } from './numeric-i64.js';
import { stack } from './simd-views.js';

const H8 = 0x80808080 | 0;
const L8 = 0x7f7f7f7f;
const H16 = 0x80008000 | 0;
const L16 = 0x7fff7fff;

// ---------------------------------------------------------------------------------------------------------
// Wrapping add/sub/neg: lanes packed in words, carries kept inside each lane (no loop over lanes).

/**
 * `i8x16.add`: four lanes per word; the top bit of each lane is added separately so no carry crosses lanes.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i8x16Add(a: number, b: number): void {
  const s = stack.i32;
  for (let i = 0; i < 4; i++) {
    const x = s[a + i]!;
    const y = s[b + i]!;
    s[a + i] = ((x & L8) + (y & L8)) ^ ((x ^ y) & H8);
  }
}

/**
 * `i8x16.sub`: each lane's minuend gets its top bit set so no borrow crosses lanes.
 * @param a - word index of the minuend (and the result)
 * @param b - word index of the subtrahend
 */
export function i8x16Sub(a: number, b: number): void {
  const s = stack.i32;
  for (let i = 0; i < 4; i++) {
    const x = s[a + i]!;
    const y = s[b + i]!;
    s[a + i] = ((x | H8) - (y & L8)) ^ ((x ^ ~y) & H8);
  }
}

/**
 * `i8x16.neg`: `0 - a` per lane (−128 stays −128).
 * @param a - word index of the operand (and the result)
 */
export function i8x16Neg(a: number): void {
  const s = stack.i32;
  for (let i = 0; i < 4; i++) {
    const y = s[a + i]!;
    s[a + i] = (H8 - (y & L8)) ^ (~y & H8);
  }
}

/**
 * `i16x8.add`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i16x8Add(a: number, b: number): void {
  const s = stack.i32;
  for (let i = 0; i < 4; i++) {
    const x = s[a + i]!;
    const y = s[b + i]!;
    s[a + i] = ((x & L16) + (y & L16)) ^ ((x ^ y) & H16);
  }
}

/**
 * `i16x8.sub`.
 * @param a - word index of the minuend (and the result)
 * @param b - word index of the subtrahend
 */
export function i16x8Sub(a: number, b: number): void {
  const s = stack.i32;
  for (let i = 0; i < 4; i++) {
    const x = s[a + i]!;
    const y = s[b + i]!;
    s[a + i] = ((x | H16) - (y & L16)) ^ ((x ^ ~y) & H16);
  }
}

/**
 * `i16x8.neg`.
 * @param a - word index of the operand (and the result)
 */
export function i16x8Neg(a: number): void {
  const s = stack.i32;
  for (let i = 0; i < 4; i++) {
    const y = s[a + i]!;
    s[a + i] = (H16 - (y & L16)) ^ (~y & H16);
  }
}

/**
 * `i32x4.add`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i32x4Add(a: number, b: number): void {
  const s = stack.i32;
  s[a] = (s[a]! + s[b]!) | 0;
  s[a + 1] = (s[a + 1]! + s[b + 1]!) | 0;
  s[a + 2] = (s[a + 2]! + s[b + 2]!) | 0;
  s[a + 3] = (s[a + 3]! + s[b + 3]!) | 0;
}

/**
 * `i32x4.sub`.
 * @param a - word index of the minuend (and the result)
 * @param b - word index of the subtrahend
 */
export function i32x4Sub(a: number, b: number): void {
  const s = stack.i32;
  s[a] = (s[a]! - s[b]!) | 0;
  s[a + 1] = (s[a + 1]! - s[b + 1]!) | 0;
  s[a + 2] = (s[a + 2]! - s[b + 2]!) | 0;
  s[a + 3] = (s[a + 3]! - s[b + 3]!) | 0;
}

/**
 * `i32x4.mul` (low 32 bits of each product).
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i32x4Mul(a: number, b: number): void {
  const s = stack.i32;
  s[a] = Math.imul(s[a]!, s[b]!);
  s[a + 1] = Math.imul(s[a + 1]!, s[b + 1]!);
  s[a + 2] = Math.imul(s[a + 2]!, s[b + 2]!);
  s[a + 3] = Math.imul(s[a + 3]!, s[b + 3]!);
}

/**
 * `i32x4.neg`.
 * @param a - word index of the operand (and the result)
 */
export function i32x4Neg(a: number): void {
  const s = stack.i32;
  for (let i = 0; i < 4; i++) s[a + i] = -s[a + i]! | 0;
}

/**
 * `i64x2.add`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i64x2Add(a: number, b: number): void {
  const s = stack.i32;
  i64Add(s, a, a, b);
  i64Add(s, a + 2, a + 2, b + 2);
}

/**
 * `i64x2.sub`.
 * @param a - word index of the minuend (and the result)
 * @param b - word index of the subtrahend
 */
export function i64x2Sub(a: number, b: number): void {
  const s = stack.i32;
  i64Sub(s, a, a, b);
  i64Sub(s, a + 2, a + 2, b + 2);
}

/**
 * `i64x2.mul` (low 64 bits of each product).
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i64x2Mul(a: number, b: number): void {
  const s = stack.i32;
  i64Mul(s, a, a, b);
  i64Mul(s, a + 2, a + 2, b + 2);
}

/** Negates the i64 at word `w` of the stack in place. */
function i64NegAt(s: Int32Array, w: number): void {
  const lo = s[w]!;
  s[w] = -lo | 0;
  s[w + 1] = (~s[w + 1]! + (lo === 0 ? 1 : 0)) | 0;
}

/**
 * `i64x2.neg`.
 * @param a - word index of the operand (and the result)
 */
export function i64x2Neg(a: number): void {
  const s = stack.i32;
  i64NegAt(s, a);
  i64NegAt(s, a + 2);
}

/**
 * `i64x2.abs` (the minimum i64 stays itself).
 * @param a - word index of the operand (and the result)
 */
export function i64x2Abs(a: number): void {
  const s = stack.i32;
  if (s[a + 1]! < 0) i64NegAt(s, a);
  if (s[a + 3]! < 0) i64NegAt(s, a + 2);
}

// ---------------------------------------------------------------------------------------------------------
// Saturating add/sub.

/**
 * `i8x16.add_sat_s`: sums clamped to −128…127.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i8x16AddSatS(a: number, b: number): void {
  const v = stack.i8;
  const x = a << 2;
  const y = b << 2;
  for (let i = 0; i < 16; i++) {
    const r = v[x + i]! + v[y + i]!;
    v[x + i] = r > 127 ? 127 : r < -128 ? -128 : r;
  }
}

/**
 * `i8x16.add_sat_u`: sums clamped to 255 (the clamped view does it).
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i8x16AddSatU(a: number, b: number): void {
  const u = stack.u8;
  const c = stack.u8c;
  const x = a << 2;
  const y = b << 2;
  for (let i = 0; i < 16; i++) c[x + i] = u[x + i]! + u[y + i]!;
}

/**
 * `i8x16.sub_sat_s`: differences clamped to −128…127.
 * @param a - word index of the minuend (and the result)
 * @param b - word index of the subtrahend
 */
export function i8x16SubSatS(a: number, b: number): void {
  const v = stack.i8;
  const x = a << 2;
  const y = b << 2;
  for (let i = 0; i < 16; i++) {
    const r = v[x + i]! - v[y + i]!;
    v[x + i] = r > 127 ? 127 : r < -128 ? -128 : r;
  }
}

/**
 * `i8x16.sub_sat_u`: differences clamped to 0.
 * @param a - word index of the minuend (and the result)
 * @param b - word index of the subtrahend
 */
export function i8x16SubSatU(a: number, b: number): void {
  const u = stack.u8;
  const c = stack.u8c;
  const x = a << 2;
  const y = b << 2;
  for (let i = 0; i < 16; i++) c[x + i] = u[x + i]! - u[y + i]!;
}

/**
 * `i16x8.add_sat_s`: sums clamped to −32768…32767.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i16x8AddSatS(a: number, b: number): void {
  const v = stack.i16;
  const x = a << 1;
  const y = b << 1;
  for (let i = 0; i < 8; i++) {
    const r = v[x + i]! + v[y + i]!;
    v[x + i] = r > 32767 ? 32767 : r < -32768 ? -32768 : r;
  }
}

/**
 * `i16x8.add_sat_u`: sums clamped to 65535.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i16x8AddSatU(a: number, b: number): void {
  const v = stack.u16;
  const x = a << 1;
  const y = b << 1;
  for (let i = 0; i < 8; i++) {
    const r = v[x + i]! + v[y + i]!;
    v[x + i] = r > 65535 ? 65535 : r;
  }
}

/**
 * `i16x8.sub_sat_s`: differences clamped to −32768…32767.
 * @param a - word index of the minuend (and the result)
 * @param b - word index of the subtrahend
 */
export function i16x8SubSatS(a: number, b: number): void {
  const v = stack.i16;
  const x = a << 1;
  const y = b << 1;
  for (let i = 0; i < 8; i++) {
    const r = v[x + i]! - v[y + i]!;
    v[x + i] = r > 32767 ? 32767 : r < -32768 ? -32768 : r;
  }
}

/**
 * `i16x8.sub_sat_u`: differences clamped to 0.
 * @param a - word index of the minuend (and the result)
 * @param b - word index of the subtrahend
 */
export function i16x8SubSatU(a: number, b: number): void {
  const v = stack.u16;
  const x = a << 1;
  const y = b << 1;
  for (let i = 0; i < 8; i++) {
    const r = v[x + i]! - v[y + i]!;
    v[x + i] = r < 0 ? 0 : r;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Multiplication variants.

/**
 * `i16x8.mul` (low 16 bits of each product; the 16-bit view truncates).
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i16x8Mul(a: number, b: number): void {
  const v = stack.i16;
  const x = a << 1;
  const y = b << 1;
  for (let i = 0; i < 8; i++) v[x + i] = Math.imul(v[x + i]!, v[y + i]!);
}

/**
 * `i16x8.q15mulr_sat_s`: `(a·b + 2^14) >> 15`, rounding Q15 multiplication; only −1 × −1 (−32768²)
 * overflows and saturates to 32767.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i16x8Q15mulrSatS(a: number, b: number): void {
  const v = stack.i16;
  const x = a << 1;
  const y = b << 1;
  for (let i = 0; i < 8; i++) {
    const r = (v[x + i]! * v[y + i]! + 0x4000) >> 15;
    v[x + i] = r > 32767 ? 32767 : r;
  }
}

/**
 * `i32x4.dot_i16x8_s`: each i32 lane is the sum of the products of the two i16 lanes it covers. Lane `j`
 * reads exactly the i16 lanes `2j`, `2j + 1` that its result overwrites, so it is computed in place.
 * Only −32768² · 2 exceeds i32, and wraps as the spec says.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i32x4DotI16x8S(a: number, b: number): void {
  const v = stack.i16;
  const s = stack.i32;
  const x = a << 1;
  const y = b << 1;
  for (let j = 0; j < 4; j++) {
    const k = 2 * j;
    s[a + j] = (v[x + k]! * v[y + k]! + v[x + k + 1]! * v[y + k + 1]!) | 0;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Min, max, average, abs, popcnt.

/**
 * `i8x16.min_s`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i8x16MinS(a: number, b: number): void {
  const v = stack.i8;
  const x = a << 2;
  const y = b << 2;
  for (let i = 0; i < 16; i++) if (v[y + i]! < v[x + i]!) v[x + i] = v[y + i]!;
}

/**
 * `i8x16.min_u`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i8x16MinU(a: number, b: number): void {
  const v = stack.u8;
  const x = a << 2;
  const y = b << 2;
  for (let i = 0; i < 16; i++) if (v[y + i]! < v[x + i]!) v[x + i] = v[y + i]!;
}

/**
 * `i8x16.max_s`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i8x16MaxS(a: number, b: number): void {
  const v = stack.i8;
  const x = a << 2;
  const y = b << 2;
  for (let i = 0; i < 16; i++) if (v[y + i]! > v[x + i]!) v[x + i] = v[y + i]!;
}

/**
 * `i8x16.max_u`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i8x16MaxU(a: number, b: number): void {
  const v = stack.u8;
  const x = a << 2;
  const y = b << 2;
  for (let i = 0; i < 16; i++) if (v[y + i]! > v[x + i]!) v[x + i] = v[y + i]!;
}

/**
 * `i16x8.min_s`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i16x8MinS(a: number, b: number): void {
  const v = stack.i16;
  const x = a << 1;
  const y = b << 1;
  for (let i = 0; i < 8; i++) if (v[y + i]! < v[x + i]!) v[x + i] = v[y + i]!;
}

/**
 * `i16x8.min_u`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i16x8MinU(a: number, b: number): void {
  const v = stack.u16;
  const x = a << 1;
  const y = b << 1;
  for (let i = 0; i < 8; i++) if (v[y + i]! < v[x + i]!) v[x + i] = v[y + i]!;
}

/**
 * `i16x8.max_s`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i16x8MaxS(a: number, b: number): void {
  const v = stack.i16;
  const x = a << 1;
  const y = b << 1;
  for (let i = 0; i < 8; i++) if (v[y + i]! > v[x + i]!) v[x + i] = v[y + i]!;
}

/**
 * `i16x8.max_u`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i16x8MaxU(a: number, b: number): void {
  const v = stack.u16;
  const x = a << 1;
  const y = b << 1;
  for (let i = 0; i < 8; i++) if (v[y + i]! > v[x + i]!) v[x + i] = v[y + i]!;
}

/**
 * `i32x4.min_s`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i32x4MinS(a: number, b: number): void {
  const v = stack.i32;
  const x = a;
  const y = b;
  for (let i = 0; i < 4; i++) if (v[y + i]! < v[x + i]!) v[x + i] = v[y + i]!;
}

/**
 * `i32x4.max_s`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i32x4MaxS(a: number, b: number): void {
  const v = stack.i32;
  const x = a;
  const y = b;
  for (let i = 0; i < 4; i++) if (v[y + i]! > v[x + i]!) v[x + i] = v[y + i]!;
}

/**
 * `i32x4.min_u`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i32x4MinU(a: number, b: number): void {
  const s = stack.i32;
  for (let i = 0; i < 4; i++) if (s[b + i]! >>> 0 < s[a + i]! >>> 0) s[a + i] = s[b + i]!;
}

/**
 * `i32x4.max_u`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i32x4MaxU(a: number, b: number): void {
  const s = stack.i32;
  for (let i = 0; i < 4; i++) if (s[b + i]! >>> 0 > s[a + i]! >>> 0) s[a + i] = s[b + i]!;
}

/**
 * `i8x16.avgr_u`: `(a + b + 1) >> 1` on unsigned lanes.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i8x16AvgrU(a: number, b: number): void {
  const u = stack.u8;
  const x = a << 2;
  const y = b << 2;
  for (let i = 0; i < 16; i++) u[x + i] = (u[x + i]! + u[y + i]! + 1) >>> 1;
}

/**
 * `i16x8.avgr_u`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i16x8AvgrU(a: number, b: number): void {
  const u = stack.u16;
  const x = a << 1;
  const y = b << 1;
  for (let i = 0; i < 8; i++) u[x + i] = (u[x + i]! + u[y + i]! + 1) >>> 1;
}

/**
 * `i8x16.abs` (−128 stays −128: the 8-bit view wraps 128).
 * @param a - word index of the operand (and the result)
 */
export function i8x16Abs(a: number): void {
  const v = stack.i8;
  const x = a << 2;
  for (let i = 0; i < 16; i++) if (v[x + i]! < 0) v[x + i] = -v[x + i]!;
}

/**
 * `i16x8.abs`.
 * @param a - word index of the operand (and the result)
 */
export function i16x8Abs(a: number): void {
  const v = stack.i16;
  const x = a << 1;
  for (let i = 0; i < 8; i++) if (v[x + i]! < 0) v[x + i] = -v[x + i]!;
}

/**
 * `i32x4.abs`.
 * @param a - word index of the operand (and the result)
 */
export function i32x4Abs(a: number): void {
  const s = stack.i32;
  for (let i = 0; i < 4; i++) if (s[a + i]! < 0) s[a + i] = -s[a + i]! | 0;
}

/** Set bits of each byte value. */
const POPCNT8: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let i = 1; i < 256; i++) t[i] = (i & 1) + t[i >>> 1]!;
  return t;
})();

/**
 * `i8x16.popcnt`.
 * @param a - word index of the operand (and the result)
 */
export function i8x16Popcnt(a: number): void {
  const u = stack.u8;
  const x = a << 2;
  for (let i = 0; i < 16; i++) u[x + i] = POPCNT8[u[x + i]!]!;
}

// ---------------------------------------------------------------------------------------------------------
// Shifts: the count is taken modulo the lane width.

/**
 * `i8x16.shl`.
 * @param a - word index of the v128 operand (and the result)
 * @param n - shift count (any i32; taken modulo 8)
 */
export function i8x16Shl(a: number, n: number): void {
  const v = stack.i8;
  const x = a << 2;
  const c = n & 7;
  for (let i = 0; i < 16; i++) v[x + i] = v[x + i]! << c;
}

/**
 * `i8x16.shr_s`.
 * @param a - word index of the v128 operand (and the result)
 * @param n - shift count (taken modulo 8)
 */
export function i8x16ShrS(a: number, n: number): void {
  const v = stack.i8;
  const x = a << 2;
  const c = n & 7;
  for (let i = 0; i < 16; i++) v[x + i] = v[x + i]! >> c;
}

/**
 * `i8x16.shr_u`.
 * @param a - word index of the v128 operand (and the result)
 * @param n - shift count (taken modulo 8)
 */
export function i8x16ShrU(a: number, n: number): void {
  const u = stack.u8;
  const x = a << 2;
  const c = n & 7;
  for (let i = 0; i < 16; i++) u[x + i] = u[x + i]! >>> c;
}

/**
 * `i16x8.shl`.
 * @param a - word index of the v128 operand (and the result)
 * @param n - shift count (taken modulo 16)
 */
export function i16x8Shl(a: number, n: number): void {
  const v = stack.i16;
  const x = a << 1;
  const c = n & 15;
  for (let i = 0; i < 8; i++) v[x + i] = v[x + i]! << c;
}

/**
 * `i16x8.shr_s`.
 * @param a - word index of the v128 operand (and the result)
 * @param n - shift count (taken modulo 16)
 */
export function i16x8ShrS(a: number, n: number): void {
  const v = stack.i16;
  const x = a << 1;
  const c = n & 15;
  for (let i = 0; i < 8; i++) v[x + i] = v[x + i]! >> c;
}

/**
 * `i16x8.shr_u`.
 * @param a - word index of the v128 operand (and the result)
 * @param n - shift count (taken modulo 16)
 */
export function i16x8ShrU(a: number, n: number): void {
  const u = stack.u16;
  const x = a << 1;
  const c = n & 15;
  for (let i = 0; i < 8; i++) u[x + i] = u[x + i]! >>> c;
}

/**
 * `i32x4.shl` (JS shifts already take the count modulo 32).
 * @param a - word index of the v128 operand (and the result)
 * @param n - shift count
 */
export function i32x4Shl(a: number, n: number): void {
  const s = stack.i32;
  for (let i = 0; i < 4; i++) s[a + i] = s[a + i]! << n;
}

/**
 * `i32x4.shr_s`.
 * @param a - word index of the v128 operand (and the result)
 * @param n - shift count
 */
export function i32x4ShrS(a: number, n: number): void {
  const s = stack.i32;
  for (let i = 0; i < 4; i++) s[a + i] = s[a + i]! >> n;
}

/**
 * `i32x4.shr_u`.
 * @param a - word index of the v128 operand (and the result)
 * @param n - shift count
 */
export function i32x4ShrU(a: number, n: number): void {
  const s = stack.i32;
  for (let i = 0; i < 4; i++) s[a + i] = s[a + i]! >>> n;
}

/**
 * `i64x2.shl` on halves.
 * @param a - word index of the v128 operand (and the result)
 * @param n - shift count (taken modulo 64)
 */
export function i64x2Shl(a: number, n: number): void {
  const s = stack.i32;
  const c = n & 63;
  for (let w = a; w < a + 4; w += 2) {
    const lo = s[w]!;
    if (c >= 32) {
      s[w + 1] = lo << (c - 32);
      s[w] = 0;
    } else if (c !== 0) {
      s[w + 1] = (s[w + 1]! << c) | (lo >>> (32 - c));
      s[w] = lo << c;
    }
  }
}

/**
 * `i64x2.shr_s` on halves.
 * @param a - word index of the v128 operand (and the result)
 * @param n - shift count (taken modulo 64)
 */
export function i64x2ShrS(a: number, n: number): void {
  const s = stack.i32;
  const c = n & 63;
  for (let w = a; w < a + 4; w += 2) {
    const hi = s[w + 1]!;
    if (c >= 32) {
      s[w] = hi >> (c - 32);
      s[w + 1] = hi >> 31;
    } else if (c !== 0) {
      s[w] = (s[w]! >>> c) | (hi << (32 - c));
      s[w + 1] = hi >> c;
    }
  }
}

/**
 * `i64x2.shr_u` on halves.
 * @param a - word index of the v128 operand (and the result)
 * @param n - shift count (taken modulo 64)
 */
export function i64x2ShrU(a: number, n: number): void {
  const s = stack.i32;
  const c = n & 63;
  for (let w = a; w < a + 4; w += 2) {
    const hi = s[w + 1]!;
    if (c >= 32) {
      s[w] = hi >>> (c - 32);
      s[w + 1] = 0;
    } else if (c !== 0) {
      s[w] = (s[w]! >>> c) | (hi << (32 - c));
      s[w + 1] = hi >>> c;
    }
  }
}
