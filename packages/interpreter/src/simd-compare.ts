/**
 * Lane comparisons of the SIMD instructions: each result lane is all ones when the comparison holds and zero
 * otherwise. Integer `gt`, `le` and `ge` are `lt` with the operands swapped and/or the outcome inverted;
 * float ones are written out, because a NaN makes every ordered comparison false (so `le` is not `!gt`).
 *
 * Operands are word indices of v128 values on the value stack ({@link stack}); the result replaces `a`.
 * @module
 */

import { i64Eq, i64LtS } from './numeric-i64.js';
import { stack } from './simd-views.js';

/** Lanes of 8 bits: `d[i] = p[i] == q[i] ? hit : miss` (lane indices into the 8-bit view). */
function eq8(d: number, p: number, q: number, hit: number, miss: number): void {
  const v = stack.u8;
  for (let i = 0; i < 16; i++) v[d + i] = v[p + i] === v[q + i] ? hit : miss;
}

/** Signed lanes of 8 bits: `d[i] = p[i] < q[i] ? hit : miss`. */
function ltS8(d: number, p: number, q: number, hit: number, miss: number): void {
  const v = stack.i8;
  for (let i = 0; i < 16; i++) v[d + i] = v[p + i]! < v[q + i]! ? hit : miss;
}

/** Unsigned lanes of 8 bits: `d[i] = p[i] < q[i] ? hit : miss`. */
function ltU8(d: number, p: number, q: number, hit: number, miss: number): void {
  const v = stack.u8;
  for (let i = 0; i < 16; i++) v[d + i] = v[p + i]! < v[q + i]! ? hit : miss;
}

/** Lanes of 16 bits: `d[i] = p[i] == q[i] ? hit : miss` (lane indices into the 16-bit view). */
function eq16(d: number, p: number, q: number, hit: number, miss: number): void {
  const v = stack.u16;
  for (let i = 0; i < 8; i++) v[d + i] = v[p + i] === v[q + i] ? hit : miss;
}

/** Signed lanes of 16 bits: `d[i] = p[i] < q[i] ? hit : miss`. */
function ltS16(d: number, p: number, q: number, hit: number, miss: number): void {
  const v = stack.i16;
  for (let i = 0; i < 8; i++) v[d + i] = v[p + i]! < v[q + i]! ? hit : miss;
}

/** Unsigned lanes of 16 bits: `d[i] = p[i] < q[i] ? hit : miss`. */
function ltU16(d: number, p: number, q: number, hit: number, miss: number): void {
  const v = stack.u16;
  for (let i = 0; i < 8; i++) v[d + i] = v[p + i]! < v[q + i]! ? hit : miss;
}

/** Lanes of 32 bits: `d[i] = p[i] == q[i] ? hit : miss` (lane indices into the 32-bit view). */
function eq32(d: number, p: number, q: number, hit: number, miss: number): void {
  const v = stack.i32;
  for (let i = 0; i < 4; i++) v[d + i] = v[p + i] === v[q + i] ? hit : miss;
}

/** Signed lanes of 32 bits: `d[i] = p[i] < q[i] ? hit : miss`. */
function ltS32(d: number, p: number, q: number, hit: number, miss: number): void {
  const v = stack.i32;
  for (let i = 0; i < 4; i++) v[d + i] = v[p + i]! < v[q + i]! ? hit : miss;
}

/** Unsigned lanes of 32 bits: `d[i] = p[i] < q[i] ? hit : miss`. */
function ltU32(d: number, p: number, q: number, hit: number, miss: number): void {
  const v = stack.u32;
  for (let i = 0; i < 4; i++) v[d + i] = v[p + i]! < v[q + i]! ? hit : miss;
}

/**
 * `i8x16.eq`: a == b.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i8x16Eq(a: number, b: number): void {
  const x = a << 2;
  const y = b << 2;
  eq8(x, x, y, -1, 0);
}

/**
 * `i8x16.ne`: a != b.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i8x16Ne(a: number, b: number): void {
  const x = a << 2;
  const y = b << 2;
  eq8(x, x, y, 0, -1);
}

/**
 * `i8x16.lt_s`: a < b, signed.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i8x16LtS(a: number, b: number): void {
  const x = a << 2;
  const y = b << 2;
  ltS8(x, x, y, -1, 0);
}

/**
 * `i8x16.lt_u`: a < b, unsigned.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i8x16LtU(a: number, b: number): void {
  const x = a << 2;
  const y = b << 2;
  ltU8(x, x, y, -1, 0);
}

/**
 * `i8x16.gt_s`: a > b (b < a), signed.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i8x16GtS(a: number, b: number): void {
  const x = a << 2;
  const y = b << 2;
  ltS8(x, y, x, -1, 0);
}

/**
 * `i8x16.gt_u`: a > b (b < a), unsigned.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i8x16GtU(a: number, b: number): void {
  const x = a << 2;
  const y = b << 2;
  ltU8(x, y, x, -1, 0);
}

/**
 * `i8x16.le_s`: a ≤ b (not b < a), signed.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i8x16LeS(a: number, b: number): void {
  const x = a << 2;
  const y = b << 2;
  ltS8(x, y, x, 0, -1);
}

/**
 * `i8x16.le_u`: a ≤ b (not b < a), unsigned.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i8x16LeU(a: number, b: number): void {
  const x = a << 2;
  const y = b << 2;
  ltU8(x, y, x, 0, -1);
}

/**
 * `i8x16.ge_s`: a ≥ b (not a < b), signed.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i8x16GeS(a: number, b: number): void {
  const x = a << 2;
  const y = b << 2;
  ltS8(x, x, y, 0, -1);
}

/**
 * `i8x16.ge_u`: a ≥ b (not a < b), unsigned.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i8x16GeU(a: number, b: number): void {
  const x = a << 2;
  const y = b << 2;
  ltU8(x, x, y, 0, -1);
}

/**
 * `i16x8.eq`: a == b.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i16x8Eq(a: number, b: number): void {
  const x = a << 1;
  const y = b << 1;
  eq16(x, x, y, -1, 0);
}

/**
 * `i16x8.ne`: a != b.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i16x8Ne(a: number, b: number): void {
  const x = a << 1;
  const y = b << 1;
  eq16(x, x, y, 0, -1);
}

/**
 * `i16x8.lt_s`: a < b, signed.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i16x8LtS(a: number, b: number): void {
  const x = a << 1;
  const y = b << 1;
  ltS16(x, x, y, -1, 0);
}

/**
 * `i16x8.lt_u`: a < b, unsigned.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i16x8LtU(a: number, b: number): void {
  const x = a << 1;
  const y = b << 1;
  ltU16(x, x, y, -1, 0);
}

/**
 * `i16x8.gt_s`: a > b (b < a), signed.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i16x8GtS(a: number, b: number): void {
  const x = a << 1;
  const y = b << 1;
  ltS16(x, y, x, -1, 0);
}

/**
 * `i16x8.gt_u`: a > b (b < a), unsigned.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i16x8GtU(a: number, b: number): void {
  const x = a << 1;
  const y = b << 1;
  ltU16(x, y, x, -1, 0);
}

/**
 * `i16x8.le_s`: a ≤ b (not b < a), signed.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i16x8LeS(a: number, b: number): void {
  const x = a << 1;
  const y = b << 1;
  ltS16(x, y, x, 0, -1);
}

/**
 * `i16x8.le_u`: a ≤ b (not b < a), unsigned.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i16x8LeU(a: number, b: number): void {
  const x = a << 1;
  const y = b << 1;
  ltU16(x, y, x, 0, -1);
}

/**
 * `i16x8.ge_s`: a ≥ b (not a < b), signed.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i16x8GeS(a: number, b: number): void {
  const x = a << 1;
  const y = b << 1;
  ltS16(x, x, y, 0, -1);
}

/**
 * `i16x8.ge_u`: a ≥ b (not a < b), unsigned.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i16x8GeU(a: number, b: number): void {
  const x = a << 1;
  const y = b << 1;
  ltU16(x, x, y, 0, -1);
}

/**
 * `i32x4.eq`: a == b.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i32x4Eq(a: number, b: number): void {
  const x = a;
  const y = b;
  eq32(x, x, y, -1, 0);
}

/**
 * `i32x4.ne`: a != b.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i32x4Ne(a: number, b: number): void {
  const x = a;
  const y = b;
  eq32(x, x, y, 0, -1);
}

/**
 * `i32x4.lt_s`: a < b, signed.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i32x4LtS(a: number, b: number): void {
  const x = a;
  const y = b;
  ltS32(x, x, y, -1, 0);
}

/**
 * `i32x4.lt_u`: a < b, unsigned.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i32x4LtU(a: number, b: number): void {
  const x = a;
  const y = b;
  ltU32(x, x, y, -1, 0);
}

/**
 * `i32x4.gt_s`: a > b (b < a), signed.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i32x4GtS(a: number, b: number): void {
  const x = a;
  const y = b;
  ltS32(x, y, x, -1, 0);
}

/**
 * `i32x4.gt_u`: a > b (b < a), unsigned.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i32x4GtU(a: number, b: number): void {
  const x = a;
  const y = b;
  ltU32(x, y, x, -1, 0);
}

/**
 * `i32x4.le_s`: a ≤ b (not b < a), signed.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i32x4LeS(a: number, b: number): void {
  const x = a;
  const y = b;
  ltS32(x, y, x, 0, -1);
}

/**
 * `i32x4.le_u`: a ≤ b (not b < a), unsigned.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i32x4LeU(a: number, b: number): void {
  const x = a;
  const y = b;
  ltU32(x, y, x, 0, -1);
}

/**
 * `i32x4.ge_s`: a ≥ b (not a < b), signed.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i32x4GeS(a: number, b: number): void {
  const x = a;
  const y = b;
  ltS32(x, x, y, 0, -1);
}

/**
 * `i32x4.ge_u`: a ≥ b (not a < b), unsigned.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i32x4GeU(a: number, b: number): void {
  const x = a;
  const y = b;
  ltU32(x, x, y, 0, -1);
}

/** Writes an i64 lane mask: all ones when `hit`. */
function setMask64(s: Int32Array, w: number, hit: boolean): void {
  const m = hit ? -1 : 0;
  s[w] = m;
  s[w + 1] = m;
}

/**
 * `i64x2.eq`: a == b.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i64x2Eq(a: number, b: number): void {
  const s = stack.i32;
  const d = b - a;
  for (let w = a; w < a + 4; w += 2) setMask64(s, w, i64Eq(s, w, w + d));
}

/**
 * `i64x2.ne`: a != b.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i64x2Ne(a: number, b: number): void {
  const s = stack.i32;
  const d = b - a;
  for (let w = a; w < a + 4; w += 2) setMask64(s, w, !i64Eq(s, w, w + d));
}

/**
 * `i64x2.lt_s`: a < b, signed.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i64x2LtS(a: number, b: number): void {
  const s = stack.i32;
  const d = b - a;
  for (let w = a; w < a + 4; w += 2) setMask64(s, w, i64LtS(s, w, w + d));
}

/**
 * `i64x2.gt_s`: a > b, signed.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i64x2GtS(a: number, b: number): void {
  const s = stack.i32;
  const d = b - a;
  for (let w = a; w < a + 4; w += 2) setMask64(s, w, i64LtS(s, w + d, w));
}

/**
 * `i64x2.le_s`: a ≤ b, signed.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i64x2LeS(a: number, b: number): void {
  const s = stack.i32;
  const d = b - a;
  for (let w = a; w < a + 4; w += 2) setMask64(s, w, !i64LtS(s, w + d, w));
}

/**
 * `i64x2.ge_s`: a ≥ b, signed.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i64x2GeS(a: number, b: number): void {
  const s = stack.i32;
  const d = b - a;
  for (let w = a; w < a + 4; w += 2) setMask64(s, w, !i64LtS(s, w, w + d));
}

/**
 * `f32x4.eq` (`===` on the lane values; NaN compares unequal and unordered).
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function f32x4Eq(a: number, b: number): void {
  const f = stack.f32;
  const s = stack.i32;
  for (let i = 0; i < 4; i++) s[a + i] = f[a + i]! === f[b + i]! ? -1 : 0;
}

/**
 * `f32x4.ne` (`!==` on the lane values; NaN compares unequal and unordered).
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function f32x4Ne(a: number, b: number): void {
  const f = stack.f32;
  const s = stack.i32;
  for (let i = 0; i < 4; i++) s[a + i] = f[a + i]! !== f[b + i]! ? -1 : 0;
}

/**
 * `f32x4.lt` (`<` on the lane values; NaN compares unequal and unordered).
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function f32x4Lt(a: number, b: number): void {
  const f = stack.f32;
  const s = stack.i32;
  for (let i = 0; i < 4; i++) s[a + i] = f[a + i]! < f[b + i]! ? -1 : 0;
}

/**
 * `f32x4.gt` (`>` on the lane values; NaN compares unequal and unordered).
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function f32x4Gt(a: number, b: number): void {
  const f = stack.f32;
  const s = stack.i32;
  for (let i = 0; i < 4; i++) s[a + i] = f[a + i]! > f[b + i]! ? -1 : 0;
}

/**
 * `f32x4.le` (`<=` on the lane values; NaN compares unequal and unordered).
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function f32x4Le(a: number, b: number): void {
  const f = stack.f32;
  const s = stack.i32;
  for (let i = 0; i < 4; i++) s[a + i] = f[a + i]! <= f[b + i]! ? -1 : 0;
}

/**
 * `f32x4.ge` (`>=` on the lane values; NaN compares unequal and unordered).
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function f32x4Ge(a: number, b: number): void {
  const f = stack.f32;
  const s = stack.i32;
  for (let i = 0; i < 4; i++) s[a + i] = f[a + i]! >= f[b + i]! ? -1 : 0;
}

/**
 * `f64x2.eq` (`===` on the lane values; NaN compares unequal and unordered).
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function f64x2Eq(a: number, b: number): void {
  const f = stack.f64;
  const s = stack.i32;
  const p = a >> 1;
  const q = b >> 1;
  for (let i = 0; i < 2; i++) {
    const m = f[p + i]! === f[q + i]! ? -1 : 0;
    s[a + 2 * i] = m;
    s[a + 2 * i + 1] = m;
  }
}

/**
 * `f64x2.ne` (`!==` on the lane values; NaN compares unequal and unordered).
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function f64x2Ne(a: number, b: number): void {
  const f = stack.f64;
  const s = stack.i32;
  const p = a >> 1;
  const q = b >> 1;
  for (let i = 0; i < 2; i++) {
    const m = f[p + i]! !== f[q + i]! ? -1 : 0;
    s[a + 2 * i] = m;
    s[a + 2 * i + 1] = m;
  }
}

/**
 * `f64x2.lt` (`<` on the lane values; NaN compares unequal and unordered).
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function f64x2Lt(a: number, b: number): void {
  const f = stack.f64;
  const s = stack.i32;
  const p = a >> 1;
  const q = b >> 1;
  for (let i = 0; i < 2; i++) {
    const m = f[p + i]! < f[q + i]! ? -1 : 0;
    s[a + 2 * i] = m;
    s[a + 2 * i + 1] = m;
  }
}

/**
 * `f64x2.gt` (`>` on the lane values; NaN compares unequal and unordered).
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function f64x2Gt(a: number, b: number): void {
  const f = stack.f64;
  const s = stack.i32;
  const p = a >> 1;
  const q = b >> 1;
  for (let i = 0; i < 2; i++) {
    const m = f[p + i]! > f[q + i]! ? -1 : 0;
    s[a + 2 * i] = m;
    s[a + 2 * i + 1] = m;
  }
}

/**
 * `f64x2.le` (`<=` on the lane values; NaN compares unequal and unordered).
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function f64x2Le(a: number, b: number): void {
  const f = stack.f64;
  const s = stack.i32;
  const p = a >> 1;
  const q = b >> 1;
  for (let i = 0; i < 2; i++) {
    const m = f[p + i]! <= f[q + i]! ? -1 : 0;
    s[a + 2 * i] = m;
    s[a + 2 * i + 1] = m;
  }
}

/**
 * `f64x2.ge` (`>=` on the lane values; NaN compares unequal and unordered).
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function f64x2Ge(a: number, b: number): void {
  const f = stack.f64;
  const s = stack.i32;
  const p = a >> 1;
  const q = b >> 1;
  for (let i = 0; i < 2; i++) {
    const m = f[p + i]! >= f[q + i]! ? -1 : 0;
    s[a + 2 * i] = m;
    s[a + 2 * i + 1] = m;
  }
}
