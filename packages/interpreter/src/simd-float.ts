/**
 * Float lane arithmetic and conversions of the SIMD instructions.
 *
 * f32 lanes are read from and written to a `Float32Array` view of the value stack ({@link stack}), so every
 * result is rounded to f32 per lane (`Math.fround` semantics; a double holds an f32 operation's exact
 * result well enough that the single rounding on the store is correct for `+ − × ÷ √`). NaN results come
 * from the FPU's own arithmetic, which gives a quiet NaN, canonical when the NaN inputs were canonical, as
 * the spec asks; `neg`, `abs`, `pmin` and `pmax` move bits and keep payloads exactly.
 *
 * Operands are word indices of v128 values; the result replaces `a`. An f64 lane `i` of the v128 at word `a`
 * is `f64[a / 2 + i]`.
 * @module
 */

import { i32TruncSatF32S, i32TruncSatF32U } from './numeric-convert.js';
import { f64Ceil, f64Floor, f64Max, f64Min, f64Nearest, f64Trunc } from './numeric-float.js';
import { stack } from './simd-views.js';

// ---------------------------------------------------------------------------------------------------------
// f32x4.

/**
 * `f32x4.add`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function f32x4Add(a: number, b: number): void {
  const f = stack.f32;
  for (let i = 0; i < 4; i++) f[a + i] = f[a + i]! + f[b + i]!;
}

/**
 * `f32x4.sub`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function f32x4Sub(a: number, b: number): void {
  const f = stack.f32;
  for (let i = 0; i < 4; i++) f[a + i] = f[a + i]! - f[b + i]!;
}

/**
 * `f32x4.mul`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function f32x4Mul(a: number, b: number): void {
  const f = stack.f32;
  for (let i = 0; i < 4; i++) f[a + i] = f[a + i]! * f[b + i]!;
}

/**
 * `f32x4.div`.
 * @param a - word index of the dividend (and the result)
 * @param b - word index of the divisor
 */
export function f32x4Div(a: number, b: number): void {
  const f = stack.f32;
  for (let i = 0; i < 4; i++) f[a + i] = f[a + i]! / f[b + i]!;
}

/**
 * `f32x4.min`: NaN if either lane is NaN, −0 below +0.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function f32x4Min(a: number, b: number): void {
  const f = stack.f32;
  for (let i = 0; i < 4; i++) f[a + i] = f64Min(f[a + i]!, f[b + i]!);
}

/**
 * `f32x4.max`: NaN if either lane is NaN, +0 above −0.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function f32x4Max(a: number, b: number): void {
  const f = stack.f32;
  for (let i = 0; i < 4; i++) f[a + i] = f64Max(f[a + i]!, f[b + i]!);
}

/**
 * `f32x4.pmin`: `b < a ? b : a` per lane (pseudo-minimum: a NaN or equal `b` leaves `a`); the chosen
 * lane's bits are copied unchanged.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function f32x4Pmin(a: number, b: number): void {
  const f = stack.f32;
  const s = stack.i32;
  for (let i = 0; i < 4; i++) if (f[b + i]! < f[a + i]!) s[a + i] = s[b + i]!;
}

/**
 * `f32x4.pmax`: `a < b ? b : a` per lane, bits copied unchanged.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function f32x4Pmax(a: number, b: number): void {
  const f = stack.f32;
  const s = stack.i32;
  for (let i = 0; i < 4; i++) if (f[a + i]! < f[b + i]!) s[a + i] = s[b + i]!;
}

/**
 * `f32x4.abs`: clears each lane's sign bit.
 * @param a - word index of the operand (and the result)
 */
export function f32x4Abs(a: number): void {
  const s = stack.i32;
  for (let i = 0; i < 4; i++) s[a + i] = s[a + i]! & 0x7fffffff;
}

/**
 * `f32x4.neg`: flips each lane's sign bit.
 * @param a - word index of the operand (and the result)
 */
export function f32x4Neg(a: number): void {
  const s = stack.i32;
  for (let i = 0; i < 4; i++) s[a + i] = s[a + i]! ^ -0x80000000;
}

/**
 * `f32x4.sqrt`.
 * @param a - word index of the operand (and the result)
 */
export function f32x4Sqrt(a: number): void {
  const f = stack.f32;
  for (let i = 0; i < 4; i++) f[a + i] = Math.sqrt(f[a + i]!);
}

/**
 * `f32x4.ceil` (an integral value next to an f32 is an f32, so the f64 rounding is exact).
 * @param a - word index of the operand (and the result)
 */
export function f32x4Ceil(a: number): void {
  const f = stack.f32;
  for (let i = 0; i < 4; i++) f[a + i] = f64Ceil(f[a + i]!);
}

/**
 * `f32x4.floor`.
 * @param a - word index of the operand (and the result)
 */
export function f32x4Floor(a: number): void {
  const f = stack.f32;
  for (let i = 0; i < 4; i++) f[a + i] = f64Floor(f[a + i]!);
}

/**
 * `f32x4.trunc`.
 * @param a - word index of the operand (and the result)
 */
export function f32x4Trunc(a: number): void {
  const f = stack.f32;
  for (let i = 0; i < 4; i++) f[a + i] = f64Trunc(f[a + i]!);
}

/**
 * `f32x4.nearest`: ties to even.
 * @param a - word index of the operand (and the result)
 */
export function f32x4Nearest(a: number): void {
  const f = stack.f32;
  for (let i = 0; i < 4; i++) f[a + i] = f64Nearest(f[a + i]!);
}

// ---------------------------------------------------------------------------------------------------------
// f64x2.

/**
 * `f64x2.add`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function f64x2Add(a: number, b: number): void {
  const f = stack.f64;
  const p = a >> 1;
  const q = b >> 1;
  f[p] = f[p]! + f[q]!;
  f[p + 1] = f[p + 1]! + f[q + 1]!;
}

/**
 * `f64x2.sub`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function f64x2Sub(a: number, b: number): void {
  const f = stack.f64;
  const p = a >> 1;
  const q = b >> 1;
  f[p] = f[p]! - f[q]!;
  f[p + 1] = f[p + 1]! - f[q + 1]!;
}

/**
 * `f64x2.mul`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function f64x2Mul(a: number, b: number): void {
  const f = stack.f64;
  const p = a >> 1;
  const q = b >> 1;
  f[p] = f[p]! * f[q]!;
  f[p + 1] = f[p + 1]! * f[q + 1]!;
}

/**
 * `f64x2.div`.
 * @param a - word index of the dividend (and the result)
 * @param b - word index of the divisor
 */
export function f64x2Div(a: number, b: number): void {
  const f = stack.f64;
  const p = a >> 1;
  const q = b >> 1;
  f[p] = f[p]! / f[q]!;
  f[p + 1] = f[p + 1]! / f[q + 1]!;
}

/**
 * `f64x2.min`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function f64x2Min(a: number, b: number): void {
  const f = stack.f64;
  const p = a >> 1;
  const q = b >> 1;
  f[p] = f64Min(f[p]!, f[q]!);
  f[p + 1] = f64Min(f[p + 1]!, f[q + 1]!);
}

/**
 * `f64x2.max`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function f64x2Max(a: number, b: number): void {
  const f = stack.f64;
  const p = a >> 1;
  const q = b >> 1;
  f[p] = f64Max(f[p]!, f[q]!);
  f[p + 1] = f64Max(f[p + 1]!, f[q + 1]!);
}

/**
 * `f64x2.pmin`: `b < a ? b : a` per lane, bits copied unchanged.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function f64x2Pmin(a: number, b: number): void {
  const f = stack.f64;
  const s = stack.i32;
  for (let i = 0; i < 2; i++) {
    if (f[(b >> 1) + i]! < f[(a >> 1) + i]!) {
      s[a + 2 * i] = s[b + 2 * i]!;
      s[a + 2 * i + 1] = s[b + 2 * i + 1]!;
    }
  }
}

/**
 * `f64x2.pmax`: `a < b ? b : a` per lane, bits copied unchanged.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function f64x2Pmax(a: number, b: number): void {
  const f = stack.f64;
  const s = stack.i32;
  for (let i = 0; i < 2; i++) {
    if (f[(a >> 1) + i]! < f[(b >> 1) + i]!) {
      s[a + 2 * i] = s[b + 2 * i]!;
      s[a + 2 * i + 1] = s[b + 2 * i + 1]!;
    }
  }
}

/**
 * `f64x2.abs`: clears the sign bit in each lane's high word.
 * @param a - word index of the operand (and the result)
 */
export function f64x2Abs(a: number): void {
  const s = stack.i32;
  s[a + 1] = s[a + 1]! & 0x7fffffff;
  s[a + 3] = s[a + 3]! & 0x7fffffff;
}

/**
 * `f64x2.neg`: flips the sign bit in each lane's high word.
 * @param a - word index of the operand (and the result)
 */
export function f64x2Neg(a: number): void {
  const s = stack.i32;
  s[a + 1] = s[a + 1]! ^ -0x80000000;
  s[a + 3] = s[a + 3]! ^ -0x80000000;
}

/**
 * `f64x2.sqrt`.
 * @param a - word index of the operand (and the result)
 */
export function f64x2Sqrt(a: number): void {
  const f = stack.f64;
  const p = a >> 1;
  f[p] = Math.sqrt(f[p]!);
  f[p + 1] = Math.sqrt(f[p + 1]!);
}

/**
 * `f64x2.ceil` (a signalling NaN comes out quiet).
 * @param a - word index of the operand (and the result)
 */
export function f64x2Ceil(a: number): void {
  const f = stack.f64;
  const p = a >> 1;
  f[p] = f64Ceil(f[p]!);
  f[p + 1] = f64Ceil(f[p + 1]!);
}

/**
 * `f64x2.floor`.
 * @param a - word index of the operand (and the result)
 */
export function f64x2Floor(a: number): void {
  const f = stack.f64;
  const p = a >> 1;
  f[p] = f64Floor(f[p]!);
  f[p + 1] = f64Floor(f[p + 1]!);
}

/**
 * `f64x2.trunc`.
 * @param a - word index of the operand (and the result)
 */
export function f64x2Trunc(a: number): void {
  const f = stack.f64;
  const p = a >> 1;
  f[p] = f64Trunc(f[p]!);
  f[p + 1] = f64Trunc(f[p + 1]!);
}

/**
 * `f64x2.nearest`: ties to even.
 * @param a - word index of the operand (and the result)
 */
export function f64x2Nearest(a: number): void {
  const f = stack.f64;
  const p = a >> 1;
  f[p] = f64Nearest(f[p]!);
  f[p + 1] = f64Nearest(f[p + 1]!);
}

// ---------------------------------------------------------------------------------------------------------
// Conversions.

/**
 * `i32x4.trunc_sat_f32x4_s`: NaN → 0, out of range → the nearest bound.
 * @param a - word index of the operand (and the result)
 */
export function i32x4TruncSatF32x4S(a: number): void {
  const f = stack.f32;
  const s = stack.i32;
  for (let i = 0; i < 4; i++) s[a + i] = i32TruncSatF32S(f[a + i]!);
}

/**
 * `i32x4.trunc_sat_f32x4_u`: NaN and negatives → 0, above 2^32 − 1 → 2^32 − 1.
 * @param a - word index of the operand (and the result)
 */
export function i32x4TruncSatF32x4U(a: number): void {
  const f = stack.f32;
  const s = stack.i32;
  for (let i = 0; i < 4; i++) s[a + i] = i32TruncSatF32U(f[a + i]!);
}

/**
 * `i32x4.trunc_sat_f64x2_s_zero`: the two f64 lanes truncated with saturation into lanes 0 and 1; lanes
 * 2 and 3 are zero.
 * @param a - word index of the operand (and the result)
 */
export function i32x4TruncSatF64x2SZero(a: number): void {
  const f = stack.f64;
  const s = stack.i32;
  const x0 = f[a >> 1]!;
  const x1 = f[(a >> 1) + 1]!;
  s[a] = i32TruncSatF32S(x0);
  s[a + 1] = i32TruncSatF32S(x1);
  s[a + 2] = 0;
  s[a + 3] = 0;
}

/**
 * `i32x4.trunc_sat_f64x2_u_zero`.
 * @param a - word index of the operand (and the result)
 */
export function i32x4TruncSatF64x2UZero(a: number): void {
  const f = stack.f64;
  const s = stack.i32;
  const x0 = f[a >> 1]!;
  const x1 = f[(a >> 1) + 1]!;
  s[a] = i32TruncSatF32U(x0);
  s[a + 1] = i32TruncSatF32U(x1);
  s[a + 2] = 0;
  s[a + 3] = 0;
}

/**
 * `f32x4.convert_i32x4_s`: each lane rounded to the nearest f32 (one rounding, on the store).
 * @param a - word index of the operand (and the result)
 */
export function f32x4ConvertI32x4S(a: number): void {
  const f = stack.f32;
  const s = stack.i32;
  for (let i = 0; i < 4; i++) f[a + i] = s[a + i]!;
}

/**
 * `f32x4.convert_i32x4_u`.
 * @param a - word index of the operand (and the result)
 */
export function f32x4ConvertI32x4U(a: number): void {
  const f = stack.f32;
  const s = stack.i32;
  for (let i = 0; i < 4; i++) f[a + i] = s[a + i]! >>> 0;
}

/**
 * `f64x2.convert_low_i32x4_s`: lanes 0 and 1 widened exactly.
 * @param a - word index of the operand (and the result)
 */
export function f64x2ConvertLowI32x4S(a: number): void {
  const f = stack.f64;
  const s = stack.i32;
  const x0 = s[a]!;
  const x1 = s[a + 1]!;
  f[a >> 1] = x0;
  f[(a >> 1) + 1] = x1;
}

/**
 * `f64x2.convert_low_i32x4_u`.
 * @param a - word index of the operand (and the result)
 */
export function f64x2ConvertLowI32x4U(a: number): void {
  const f = stack.f64;
  const s = stack.i32;
  const x0 = s[a]! >>> 0;
  const x1 = s[a + 1]! >>> 0;
  f[a >> 1] = x0;
  f[(a >> 1) + 1] = x1;
}

/**
 * `f32x4.demote_f64x2_zero`: the two f64 lanes rounded to f32 into lanes 0 and 1 (NaN stays a quiet NaN
 * with the top payload bits); lanes 2 and 3 are +0.
 * @param a - word index of the operand (and the result)
 */
export function f32x4DemoteF64x2Zero(a: number): void {
  const f64 = stack.f64;
  const f = stack.f32;
  const s = stack.i32;
  const x0 = f64[a >> 1]!;
  const x1 = f64[(a >> 1) + 1]!;
  f[a] = x0;
  f[a + 1] = x1;
  s[a + 2] = 0;
  s[a + 3] = 0;
}

/**
 * `f64x2.promote_low_f32x4`: f32 lanes 0 and 1 widened exactly (a NaN stays a NaN, made quiet).
 * @param a - word index of the operand (and the result)
 */
export function f64x2PromoteLowF32x4(a: number): void {
  const f = stack.f32;
  const f64 = stack.f64;
  const x0 = f[a]!;
  const x1 = f[a + 1]!;
  f64[a >> 1] = x0;
  f64[(a >> 1) + 1] = x1;
}
