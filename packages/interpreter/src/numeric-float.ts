/**
 * The f32 and f64 instructions that JavaScript's `Math` does not already implement exactly as the spec says.
 *
 * An f32 value travels as the JS number it reads back as from a `Float32Array`, so every f32 value is exactly
 * representable as a double. Which instructions need nothing from this file:
 *
 * - `f64.add/sub/mul/div/sqrt` are `+ - * /` and `Math.sqrt`; `f32.add/sub/mul/div/sqrt` are the same wrapped
 *   in `Math.fround`: a double holds more than twice an f32's precision plus two bits, so rounding to double
 *   first and then to f32 gives the correctly rounded f32 result (no double-rounding error).
 * - `ceil`, `floor`, `trunc` are `Math.ceil/floor/trunc` for both widths (an integral value of an f32 is an
 *   f32; −0 is kept: `Math.ceil(-0.5)` is −0) except for one thing: V8 returns a signalling NaN input
 *   unchanged from them, and the spec wants a quiet NaN. {@link f64Ceil} and its siblings add that.
 * - comparisons are `=== !== < > <= >=` (false on NaN, −0 equals +0).
 * - `neg`, `abs`, `copysign` must not touch NaN payloads, so they are bit operations on the raw word (the
 *   whole word for f32, the high word for f64): see {@link f32NegBits}, {@link f32AbsBits},
 *   {@link f32CopysignBits} and their f64 counterparts.
 *
 * NaN results: every arithmetic JS operation (`+ - * /`, `Math.sqrt`, `Math.fround`) on a NaN returns a quiet NaN, which is what the spec asks for
 * (an arithmetic NaN; a canonical NaN when the inputs are canonical). `Math.min/max` also return a quiet NaN,
 * but the functions here make the ±0 and NaN cases explicit instead of relying on an engine's choice.
 * @module
 */

/** 2^52: doubles at or above it in magnitude are integers. */
const TWO_52 = 4503599627370496;

/**
 * Rounds to the nearest integer, ties to even: `f64.nearest`. Keeps the sign of zero (−0.5 gives −0); NaN
 * gives a quiet NaN; ±∞ stay.
 * @param x - an f64 value
 * @returns the nearest integral value
 */
export function f64Nearest(x: number): number {
  // Adding and subtracting 2^52 rounds away the fraction with the FPU's own ties-to-even rounding.
  if (x > 0) return x < TWO_52 ? x + TWO_52 - TWO_52 : x;
  if (x < 0) return x > -TWO_52 ? -(-x + TWO_52 - TWO_52) : x;
  return x + x; // ±0 keep their sign; a NaN becomes quiet
}

/**
 * Rounds to the nearest integer, ties to even: `f32.nearest`. The f64 rounding is exact for f32 inputs
 * (an integral value no farther than 1 from an f32 below 2^23 is an f32).
 * @param x - an f32 value
 * @returns the nearest integral value
 */
export function f32Nearest(x: number): number {
  return f64Nearest(x);
}

/**
 * Rounds toward +∞: `f64.ceil` (and `f32.ceil`: the same function serves f32 values). `Math.ceil`, with a
 * signalling NaN turned quiet.
 * @param x - an f64 (or f32) value
 * @returns the smallest integral value not below `x`
 */
export function f64Ceil(x: number): number {
  const r = Math.ceil(x);
  return r === r ? r : r + 1;
}

/**
 * Rounds toward −∞: `f64.floor` (and `f32.floor`). `Math.floor`, with a signalling NaN turned quiet.
 * @param x - an f64 (or f32) value
 * @returns the largest integral value not above `x`
 */
export function f64Floor(x: number): number {
  const r = Math.floor(x);
  return r === r ? r : r + 1;
}

/**
 * Rounds toward zero: `f64.trunc` (and `f32.trunc`). `Math.trunc`, with a signalling NaN turned quiet.
 * @param x - an f64 (or f32) value
 * @returns the integral part of `x`
 */
export function f64Trunc(x: number): number {
  const r = Math.trunc(x);
  return r === r ? r : r + 1;
}

/**
 * `f32.ceil`: {@link f64Ceil} (an integral value next to an f32 is an f32).
 * @param x - an f32 value
 * @returns the smallest integral value not below `x`
 */
export function f32Ceil(x: number): number {
  return f64Ceil(x);
}

/**
 * `f32.floor`: {@link f64Floor}.
 * @param x - an f32 value
 * @returns the largest integral value not above `x`
 */
export function f32Floor(x: number): number {
  return f64Floor(x);
}

/**
 * `f32.trunc`: {@link f64Trunc}.
 * @param x - an f32 value
 * @returns the integral part of `x`
 */
export function f32Trunc(x: number): number {
  return f64Trunc(x);
}

/**
 * Minimum: `f64.min`. NaN if either operand is NaN (always quiet, also for a signalling input); −0 < +0.
 * @param a - an f64 value
 * @param b - an f64 value
 * @returns the smaller operand
 */
export function f64Min(a: number, b: number): number {
  if (a < b) return a;
  if (b < a) return b;
  if (a === b) return a === 0 ? -(-a - b) : a; // for zeros: −0 if either is −0
  return a + b; // a NaN operand, quieted
}

/**
 * Maximum: `f64.max`. NaN if either operand is NaN (always quiet, also for a signalling input); −0 < +0.
 * @param a - an f64 value
 * @param b - an f64 value
 * @returns the larger operand
 */
export function f64Max(a: number, b: number): number {
  if (a > b) return a;
  if (b > a) return b;
  if (a === b) return a === 0 ? a + b : a; // for zeros: +0 if either is +0
  return a + b; // a NaN operand, quieted
}

/**
 * Minimum: `f32.min`. Same rules as {@link f64Min}; the result is one of the operands, so no rounding.
 * @param a - an f32 value
 * @param b - an f32 value
 * @returns the smaller operand
 */
export function f32Min(a: number, b: number): number {
  return f64Min(a, b);
}

/**
 * Maximum: `f32.max`. Same rules as {@link f64Max}; the result is one of the operands, so no rounding.
 * @param a - an f32 value
 * @param b - an f32 value
 * @returns the larger operand
 */
export function f32Max(a: number, b: number): number {
  return f64Max(a, b);
}

/**
 * `f32.copysign` on raw bits: the magnitude bits of `a` with the sign bit of `b`. NaN payloads are kept.
 * @param a - the f32 bit pattern giving the magnitude, as an int32
 * @param b - the f32 bit pattern giving the sign, as an int32
 * @returns the result's bit pattern as an int32
 */
export function f32CopysignBits(a: number, b: number): number {
  return (a & 0x7fffffff) | (b & -0x80000000);
}

/**
 * `f32.abs` on raw bits: clears the sign bit. NaN payloads are kept.
 * @param a - an f32 bit pattern as an int32
 * @returns the result's bit pattern as an int32
 */
export function f32AbsBits(a: number): number {
  return a & 0x7fffffff;
}

/**
 * `f32.neg` on raw bits: flips the sign bit. NaN payloads are kept.
 * @param a - an f32 bit pattern as an int32
 * @returns the result's bit pattern as an int32
 */
export function f32NegBits(a: number): number {
  return a ^ -0x80000000;
}

/**
 * `f64.copysign` on the high words (the low word of the result is the low word of `a`).
 * @param aHi - the high word of the f64 giving the magnitude, as an int32
 * @param bHi - the high word of the f64 giving the sign, as an int32
 * @returns the result's high word as an int32
 */
export function f64CopysignHigh(aHi: number, bHi: number): number {
  return (aHi & 0x7fffffff) | (bHi & -0x80000000);
}

/**
 * `f64.abs` on the high word (the low word is unchanged).
 * @param aHi - the f64's high word as an int32
 * @returns the result's high word as an int32
 */
export function f64AbsHigh(aHi: number): number {
  return aHi & 0x7fffffff;
}

/**
 * `f64.neg` on the high word (the low word is unchanged).
 * @param aHi - the f64's high word as an int32
 * @returns the result's high word as an int32
 */
export function f64NegHigh(aHi: number): number {
  return aHi ^ -0x80000000;
}
