/**
 * Conversions between integers and floats: the trapping and saturating truncations, i64 → float with
 * correct rounding, and demotion/promotion.
 *
 * An f32 value travels as the JS number it reads back as from a `Float32Array` (exact as a double), so each
 * truncation serves both float widths: `i32TruncF32S` and `i32TruncF64S` are the same test, because the spec
 * bounds are stated on the exact value (`trunc(x)` must be representable), not on the source type. An i32
 * result is returned as an int32 (the bit pattern; an unsigned result above 2^31 − 1 comes back negative); an
 * i64 result is written as two halves at word `d` (low) and `d + 1` (high) of the value stack.
 *
 * Conversions that need nothing from this file: `f64.convert_i32_s` is the identity, `f64.convert_i32_u` is
 * `x >>> 0`, `f32.convert_i32_s/u` are `Math.fround(x)` / `Math.fround(x >>> 0)` (one rounding of an exact
 * value), `i32.wrap_i64` takes the low word, `i64.extend_i32_s/u` write `x >> 31` / `0` as the high word.
 * @module
 */

import { RuntimeError, TrapCode } from './errors.js';

const TWO_32 = 4294967296;
const TWO_63 = 9223372036854775808;
const TWO_64 = 18446744073709551616;

/**
 * Truncates toward zero to a signed i32: `i32.trunc_f32_s`. Valid inputs are −2147483649 < x < 2147483648
 * (for f32: −2147483648 is the lowest valid and 2147483520 the highest).
 * @param x - an f32 value
 * @returns the i32 result
 * @throws {RuntimeError} `bad-conversion-to-integer` for NaN; `integer-overflow` out of range (±∞ too)
 */
export function i32TruncF32S(x: number): number {
  if (x > -2147483649 && x < 2147483648) return x | 0;
  throw new RuntimeError(x !== x ? TrapCode.BadConversionToInteger : TrapCode.IntegerOverflow);
}

/**
 * Truncates toward zero to an unsigned i32: `i32.trunc_f32_u`. Valid inputs are −1 < x < 4294967296.
 * @param x - an f32 value
 * @returns the i32 result as an int32 bit pattern
 * @throws {RuntimeError} `bad-conversion-to-integer` for NaN; `integer-overflow` out of range (±∞ too)
 */
export function i32TruncF32U(x: number): number {
  if (x > -1 && x < TWO_32) return x | 0;
  throw new RuntimeError(x !== x ? TrapCode.BadConversionToInteger : TrapCode.IntegerOverflow);
}

/**
 * Truncates toward zero to a signed i32: `i32.trunc_f64_s`. Valid inputs are −2147483649 < x < 2147483648.
 * @param x - an f64 value
 * @returns the i32 result
 * @throws {RuntimeError} `bad-conversion-to-integer` for NaN; `integer-overflow` out of range (±∞ too)
 */
export function i32TruncF64S(x: number): number {
  return i32TruncF32S(x);
}

/**
 * Truncates toward zero to an unsigned i32: `i32.trunc_f64_u`. Valid inputs are −1 < x < 4294967296.
 * @param x - an f64 value
 * @returns the i32 result as an int32 bit pattern
 * @throws {RuntimeError} `bad-conversion-to-integer` for NaN; `integer-overflow` out of range (±∞ too)
 */
export function i32TruncF64U(x: number): number {
  return i32TruncF32U(x);
}

/**
 * Saturating truncation to a signed i32: `i32.trunc_sat_f32_s`. NaN gives 0, out-of-range values the
 * nearest bound.
 * @param x - an f32 value
 * @returns the i32 result
 */
export function i32TruncSatF32S(x: number): number {
  if (x > -2147483649 && x < 2147483648) return x | 0;
  if (x !== x) return 0;
  return x < 0 ? -2147483648 : 2147483647;
}

/**
 * Saturating truncation to an unsigned i32: `i32.trunc_sat_f32_u`. NaN and values at or below −1 give 0,
 * values at or above 2^32 give 2^32 − 1.
 * @param x - an f32 value
 * @returns the i32 result as an int32 bit pattern
 */
export function i32TruncSatF32U(x: number): number {
  if (x > -1 && x < TWO_32) return x | 0;
  return x > 0 ? -1 : 0;
}

/**
 * Saturating truncation to a signed i32: `i32.trunc_sat_f64_s`.
 * @param x - an f64 value
 * @returns the i32 result
 */
export function i32TruncSatF64S(x: number): number {
  return i32TruncSatF32S(x);
}

/**
 * Saturating truncation to an unsigned i32: `i32.trunc_sat_f64_u`.
 * @param x - an f64 value
 * @returns the i32 result as an int32 bit pattern
 */
export function i32TruncSatF64U(x: number): number {
  return i32TruncSatF32U(x);
}

/** Writes trunc(x), an integral double with −2^63 ≤ x < 2^64, as two halves. */
function writeTruncated(s: Int32Array, d: number, x: number): void {
  const t = Math.trunc(x);
  s[d] = t | 0; // ToInt32 is exact modulo 2^32 for any integral double
  s[d + 1] = Math.floor(t / TWO_32) | 0;
}

/**
 * Truncates toward zero to a signed i64: `i64.trunc_f32_s`. Valid inputs are −2^63 ≤ x < 2^63.
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param x - an f32 value
 * @throws {RuntimeError} `bad-conversion-to-integer` for NaN; `integer-overflow` out of range (±∞ too)
 */
export function i64TruncF32S(s: Int32Array, d: number, x: number): void {
  if (!(x >= -TWO_63 && x < TWO_63)) {
    throw new RuntimeError(x !== x ? TrapCode.BadConversionToInteger : TrapCode.IntegerOverflow);
  }
  writeTruncated(s, d, x);
}

/**
 * Truncates toward zero to an unsigned i64: `i64.trunc_f32_u`. Valid inputs are −1 < x < 2^64.
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param x - an f32 value
 * @throws {RuntimeError} `bad-conversion-to-integer` for NaN; `integer-overflow` out of range (±∞ too)
 */
export function i64TruncF32U(s: Int32Array, d: number, x: number): void {
  if (!(x > -1 && x < TWO_64)) {
    throw new RuntimeError(x !== x ? TrapCode.BadConversionToInteger : TrapCode.IntegerOverflow);
  }
  writeTruncated(s, d, x);
}

/**
 * Truncates toward zero to a signed i64: `i64.trunc_f64_s`. Valid inputs are −2^63 ≤ x < 2^63 (no double
 * lies strictly between −2^63 − 2048 and −2^63).
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param x - an f64 value
 * @throws {RuntimeError} `bad-conversion-to-integer` for NaN; `integer-overflow` out of range (±∞ too)
 */
export function i64TruncF64S(s: Int32Array, d: number, x: number): void {
  i64TruncF32S(s, d, x);
}

/**
 * Truncates toward zero to an unsigned i64: `i64.trunc_f64_u`. Valid inputs are −1 < x < 2^64.
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param x - an f64 value
 * @throws {RuntimeError} `bad-conversion-to-integer` for NaN; `integer-overflow` out of range (±∞ too)
 */
export function i64TruncF64U(s: Int32Array, d: number, x: number): void {
  i64TruncF32U(s, d, x);
}

/**
 * Saturating truncation to a signed i64: `i64.trunc_sat_f32_s`. NaN gives 0, out-of-range values the
 * nearest bound.
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param x - an f32 value
 */
export function i64TruncSatF32S(s: Int32Array, d: number, x: number): void {
  if (x >= -TWO_63 && x < TWO_63) {
    writeTruncated(s, d, x);
  } else if (x < 0) {
    s[d] = 0;
    s[d + 1] = -0x80000000;
  } else if (x > 0) {
    s[d] = -1;
    s[d + 1] = 0x7fffffff;
  } else {
    s[d] = 0; // NaN
    s[d + 1] = 0;
  }
}

/**
 * Saturating truncation to an unsigned i64: `i64.trunc_sat_f32_u`. NaN and values at or below −1 give 0,
 * values at or above 2^64 give 2^64 − 1.
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param x - an f32 value
 */
export function i64TruncSatF32U(s: Int32Array, d: number, x: number): void {
  if (x > -1 && x < TWO_64) {
    writeTruncated(s, d, x);
  } else {
    const v = x > 0 ? -1 : 0;
    s[d] = v;
    s[d + 1] = v;
  }
}

/**
 * Saturating truncation to a signed i64: `i64.trunc_sat_f64_s`.
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param x - an f64 value
 */
export function i64TruncSatF64S(s: Int32Array, d: number, x: number): void {
  i64TruncSatF32S(s, d, x);
}

/**
 * Saturating truncation to an unsigned i64: `i64.trunc_sat_f64_u`.
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param x - an f64 value
 */
export function i64TruncSatF64U(s: Int32Array, d: number, x: number): void {
  i64TruncSatF32U(s, d, x);
}

/**
 * Converts a signed i64 to the nearest f64 (ties to even): `f64.convert_i64_s`. `hi · 2^32` is exact, so
 * the one addition is the one rounding.
 * @param lo - the low word
 * @param hi - the high word
 * @returns the f64 value
 */
export function f64ConvertI64S(lo: number, hi: number): number {
  return (hi | 0) * TWO_32 + (lo >>> 0);
}

/**
 * Converts an unsigned i64 to the nearest f64 (ties to even): `f64.convert_i64_u`.
 * @param lo - the low word
 * @param hi - the high word
 * @returns the f64 value
 */
export function f64ConvertI64U(lo: number, hi: number): number {
  return (hi >>> 0) * TWO_32 + (lo >>> 0);
}

/**
 * Converts a signed i64 to the nearest f32 (ties to even): `f32.convert_i64_s`.
 *
 * Going through the nearest double would round twice. Below 2^53 in magnitude the double is exact. At or
 * above it the f32 rounding position is bit 29 or higher, so bits 0–11 only matter as a sticky bit: they
 * are replaced by one bit 11 that is set when any of them was, which leaves the f32 rounding unchanged and
 * makes the double exact; then `Math.fround` is the only rounding.
 * @param lo - the low word
 * @param hi - the high word
 * @returns the f32 value
 */
export function f32ConvertI64S(lo: number, hi: number): number {
  hi |= 0;
  if (hi >= 0x200000 || hi < -0x200000) lo = (lo & 0xfff) === 0 ? lo : (lo & ~0xfff) | 0x800;
  return Math.fround(hi * TWO_32 + (lo >>> 0));
}

/**
 * Converts an unsigned i64 to the nearest f32 (ties to even): `f32.convert_i64_u`. Same sticky-bit method
 * as {@link f32ConvertI64S}.
 * @param lo - the low word
 * @param hi - the high word
 * @returns the f32 value
 */
export function f32ConvertI64U(lo: number, hi: number): number {
  hi >>>= 0;
  if (hi >= 0x200000) lo = (lo & 0xfff) === 0 ? lo : (lo & ~0xfff) | 0x800;
  return Math.fround(hi * TWO_32 + (lo >>> 0));
}

/**
 * Converts an unsigned i32 to the nearest f32: `f32.convert_i32_u`.
 * @param x - the i32 as an int32 bit pattern
 * @returns the f32 value
 */
export function f32ConvertI32U(x: number): number {
  return Math.fround(x >>> 0);
}

/**
 * Converts an unsigned i32 to f64 (exact): `f64.convert_i32_u`.
 * @param x - the i32 as an int32 bit pattern
 * @returns the f64 value
 */
export function f64ConvertI32U(x: number): number {
  return x >>> 0;
}

/**
 * Rounds an f64 to the nearest f32: `f32.demote_f64`. Values beyond the f32 range become ±∞. A NaN gives
 * a quiet NaN with the sign and the top 22 payload bits of the input (the hardware conversion), which the
 * spec allows (an arithmetic NaN; canonical stays canonical).
 * @param x - an f64 value
 * @returns the f32 value
 */
export function f32DemoteF64(x: number): number {
  return Math.fround(x);
}

/**
 * Widens an f32 to f64 (exact): `f64.promote_f32`. The identity on the JS number: reading the f32 from a
 * `Float32Array` already widened it, and a NaN became quiet with its payload in the top bits, which the spec
 * allows (an arithmetic NaN; canonical stays canonical).
 * @param x - an f32 value
 * @returns the f64 value
 */
export function f64PromoteF32(x: number): number {
  return x;
}
