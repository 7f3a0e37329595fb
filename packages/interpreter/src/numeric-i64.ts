/**
 * The i64 instructions on two 32-bit halves, for the dispatch loop.
 *
 * The value stack is an `Int32Array` of 64-bit slots: the low word of an i64 is at an even word index `w` and
 * the high word at `w + 1` (little-endian). Every binary operation here takes `(s, d, a, b)`: the stack view
 * and the word indices of the low halves of the destination and the two operands; `d` may equal `a` or `b`,
 * so every function reads all of its inputs before it writes. Unary operations take `(s, d, a)`, comparisons
 * `(s, a, b)` and return a boolean.
 *
 * Hot-path operations (add, sub, mul, bitwise, shifts, rotations, counts, extensions, comparisons) use only
 * int32 arithmetic and `Math.imul`/`Math.clz32`: no BigInt, no allocation. Division and remainder take a
 * floating-point fast path when both operands are below 2^52 in magnitude (where a double quotient truncates
 * exactly), then an exact digit-by-digit double division when the divisor is below 2^32, and otherwise a
 * shift-and-subtract long division on halves (at most 32 rounds).
 * @module
 */

import { RuntimeError, TrapCode } from './errors.js';

const TWO_32 = 4294967296;
/** High word bound: operands with `-FAST_HI < hi < FAST_HI` are below 2^52 in magnitude. */
const FAST_HI = 0x100000;

// Results of `divModU64`; module scratch so that division allocates nothing.
let quoLo = 0;
let quoHi = 0;
let remLo = 0;
let remHi = 0;

/**
 * Adds two i64 values modulo 2^64: `i64.add`.
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param a - word index of the first operand's low half
 * @param b - word index of the second operand's low half
 */
export function i64Add(s: Int32Array, d: number, a: number, b: number): void {
  const aLo = s[a]!;
  const bLo = s[b]!;
  const lo = (aLo + bLo) | 0;
  const carry = lo >>> 0 < aLo >>> 0 ? 1 : 0;
  s[d + 1] = (s[a + 1]! + s[b + 1]! + carry) | 0;
  s[d] = lo;
}

/**
 * Subtracts two i64 values modulo 2^64: `i64.sub` (a − b).
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param a - word index of the minuend's low half
 * @param b - word index of the subtrahend's low half
 */
export function i64Sub(s: Int32Array, d: number, a: number, b: number): void {
  const aLo = s[a]!;
  const bLo = s[b]!;
  const borrow = aLo >>> 0 < bLo >>> 0 ? 1 : 0;
  s[d + 1] = (s[a + 1]! - s[b + 1]! - borrow) | 0;
  s[d] = (aLo - bLo) | 0;
}

/**
 * Multiplies two i64 values modulo 2^64: `i64.mul`. The low words' full 64-bit product is built from 16-bit
 * pieces; the cross terms only contribute their low 32 bits (`Math.imul`).
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param a - word index of the first operand's low half
 * @param b - word index of the second operand's low half
 */
export function i64Mul(s: Int32Array, d: number, a: number, b: number): void {
  i64MulK(s, d, a, s[b]!, s[b + 1]!);
}

/**
 * Multiplies an i64 value by the constant `bHi:bLo` modulo 2^64 (the fused `i64.mul` with a constant operand).
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param a - word index of the first operand's low half
 * @param bLo - the constant's low word
 * @param bHi - the constant's high word
 */
export function i64MulK(s: Int32Array, d: number, a: number, bLo: number, bHi: number): void {
  const aLo = s[a]!;
  const aHi = s[a + 1]!;
  const a0 = aLo & 0xffff;
  const a1 = aLo >>> 16;
  const b0 = bLo & 0xffff;
  const b1 = bLo >>> 16;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  // Carry out of the low word: bits 16..47 of the low product, summed exactly in doubles (< 2^34).
  const mid = ((a0 * b0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  const loHigh = a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16);
  s[d + 1] = (loHigh + Math.imul(aLo, bHi) + Math.imul(aHi, bLo)) | 0;
  s[d] = Math.imul(aLo, bLo);
}

/** Count of leading zero bits of the 64-bit value `hi:lo`. */
function clz64(lo: number, hi: number): number {
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
}

/**
 * Unsigned 64-bit division with remainder on halves; `d` must be nonzero. Results go to the module scratch
 * `quoLo/quoHi/remLo/remHi`. A divisor below 2^32 takes three exact double divisions (32 + 16 + 16 bits of
 * the dividend, every partial dividend below 2^48); a larger one leaves a quotient below 2^32, found by at
 * most 32 rounds of shift-and-subtract.
 */
function divModU64(nLo: number, nHi: number, dLo: number, dHi: number): void {
  if (dHi === 0) {
    const dv = dLo >>> 0;
    const h = nHi >>> 0;
    const q1 = Math.floor(h / dv);
    let cur = (h - q1 * dv) * 65536 + (nLo >>> 16);
    const q2 = Math.floor(cur / dv);
    cur = (cur - q2 * dv) * 65536 + (nLo & 0xffff);
    const q3 = Math.floor(cur / dv);
    quoLo = (q2 << 16) | q3;
    quoHi = q1 | 0;
    remLo = (cur - q3 * dv) | 0;
    remHi = 0;
    return;
  }
  // Here d >= 2^32, so shift <= 31 and the quotient fits in the low word.
  let q = 0;
  const shift = clz64(dLo, dHi) - clz64(nLo, nHi);
  if (shift < 0) {
    quoLo = 0;
    quoHi = 0;
    remLo = nLo;
    remHi = nHi;
    return;
  }
  // d <<= shift
  if (shift > 0) {
    dHi = (dHi << shift) | (dLo >>> (32 - shift));
    dLo = dLo << shift;
  }
  for (let i = shift; i >= 0; i--) {
    q <<= 1;
    // if n >= d: n -= d, q |= 1
    const nh = nHi >>> 0;
    const dh = dHi >>> 0;
    if (nh > dh || (nh === dh && nLo >>> 0 >= dLo >>> 0)) {
      const borrow = nLo >>> 0 < dLo >>> 0 ? 1 : 0;
      nLo = (nLo - dLo) | 0;
      nHi = (nHi - dHi - borrow) | 0;
      q |= 1;
    }
    // d >>>= 1
    dLo = (dLo >>> 1) | (dHi << 31);
    dHi = dHi >>> 1;
  }
  quoLo = q;
  quoHi = 0;
  remLo = nLo;
  remHi = nHi;
}

/** Writes the integral double `q` (|q| < 2^53) as an i64 at word `d`. */
function writeSafeInteger(s: Int32Array, d: number, q: number): void {
  s[d] = q | 0;
  s[d + 1] = Math.floor(q / TWO_32) | 0;
}

/** The i64 `hi:lo` as a double (exact below 2^53 in magnitude); `hi` is read signed. */
function halvesToNumber(lo: number, hi: number): number {
  return hi * TWO_32 + (lo >>> 0);
}

/** The high word of the two's-complement negation of `hi:lo`. */
function negateHi(lo: number, hi: number): number {
  return (~hi + (lo === 0 ? 1 : 0)) | 0;
}

/** Writes `hi:lo` at word `d`, negated modulo 2^64 when `negate` is set. */
function writeNegatedIf(s: Int32Array, d: number, lo: number, hi: number, negate: boolean): void {
  if (negate) {
    s[d + 1] = negateHi(lo, hi);
    s[d] = -lo | 0;
  } else {
    s[d + 1] = hi;
    s[d] = lo;
  }
}

/**
 * `i64.div_s` or `i64.rem_s` (`rem`): the double fast path below 2^52, else the unsigned division of the
 * magnitudes (|-2^63| = 2^63 fits unsigned) with the result's sign put back. Each caller passes a constant.
 */
function divRemS(s: Int32Array, d: number, a: number, b: number, rem: boolean): void {
  const aLo = s[a]!;
  const aHi = s[a + 1]!;
  const bLo = s[b]!;
  const bHi = s[b + 1]!;
  if (bLo === 0 && bHi === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero);
  if (aHi > -FAST_HI && aHi < FAST_HI && bHi > -FAST_HI && bHi < FAST_HI) {
    const x = halvesToNumber(aLo, aHi);
    const y = halvesToNumber(bLo, bHi);
    const q = Math.trunc(x / y);
    // x - q*y is exact (|q*y| <= |x| < 2^52); `+ 0` turns a -0 remainder into +0 (both are integer 0).
    writeSafeInteger(s, d, rem ? x - q * y + 0 : q);
    return;
  }
  if (!rem && bLo === -1 && bHi === -1 && aLo === 0 && aHi === -0x80000000) {
    throw new RuntimeError(TrapCode.IntegerOverflow);
  }
  const aNeg = aHi < 0;
  const bNeg = bHi < 0;
  divModU64(
    aNeg ? -aLo | 0 : aLo,
    aNeg ? negateHi(aLo, aHi) : aHi,
    bNeg ? -bLo | 0 : bLo,
    bNeg ? negateHi(bLo, bHi) : bHi,
  );
  if (rem) writeNegatedIf(s, d, remLo, remHi, aNeg);
  else writeNegatedIf(s, d, quoLo, quoHi, aNeg !== bNeg);
}

/** `i64.div_u` or `i64.rem_u` (`rem`): the double fast path below 2^52, else `divModU64`. */
function divRemU(s: Int32Array, d: number, a: number, b: number, rem: boolean): void {
  const aLo = s[a]!;
  const aHi = s[a + 1]!;
  const bLo = s[b]!;
  const bHi = s[b + 1]!;
  if (bLo === 0 && bHi === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero);
  if (aHi >>> 0 < FAST_HI && bHi >>> 0 < FAST_HI) {
    const x = halvesToNumber(aLo, aHi);
    const y = halvesToNumber(bLo, bHi);
    const q = Math.trunc(x / y);
    writeSafeInteger(s, d, rem ? x - q * y : q);
    return;
  }
  divModU64(aLo, aHi, bLo, bHi);
  if (rem) {
    s[d + 1] = remHi;
    s[d] = remLo;
  } else {
    s[d + 1] = quoHi;
    s[d] = quoLo;
  }
}

/**
 * Signed division truncating toward zero: `i64.div_s`.
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param a - word index of the dividend's low half
 * @param b - word index of the divisor's low half
 * @throws {RuntimeError} `integer-divide-by-zero` when the divisor is 0; `integer-overflow` for
 *   -2^63 / -1
 */
export function i64DivS(s: Int32Array, d: number, a: number, b: number): void {
  divRemS(s, d, a, b, false);
}

/**
 * Unsigned division: `i64.div_u`.
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param a - word index of the dividend's low half
 * @param b - word index of the divisor's low half
 * @throws {RuntimeError} `integer-divide-by-zero` when the divisor is 0
 */
export function i64DivU(s: Int32Array, d: number, a: number, b: number): void {
  divRemU(s, d, a, b, false);
}

/**
 * Signed remainder, with the sign of the dividend: `i64.rem_s`. -2^63 rem -1 is 0 (no trap).
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param a - word index of the dividend's low half
 * @param b - word index of the divisor's low half
 * @throws {RuntimeError} `integer-divide-by-zero` when the divisor is 0
 */
export function i64RemS(s: Int32Array, d: number, a: number, b: number): void {
  divRemS(s, d, a, b, true);
}

/**
 * Unsigned remainder: `i64.rem_u`.
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param a - word index of the dividend's low half
 * @param b - word index of the divisor's low half
 * @throws {RuntimeError} `integer-divide-by-zero` when the divisor is 0
 */
export function i64RemU(s: Int32Array, d: number, a: number, b: number): void {
  divRemU(s, d, a, b, true);
}

/**
 * Bitwise and: `i64.and`.
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param a - word index of the first operand's low half
 * @param b - word index of the second operand's low half
 */
export function i64And(s: Int32Array, d: number, a: number, b: number): void {
  s[d] = s[a]! & s[b]!;
  s[d + 1] = s[a + 1]! & s[b + 1]!;
}

/**
 * Bitwise or: `i64.or`.
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param a - word index of the first operand's low half
 * @param b - word index of the second operand's low half
 */
export function i64Or(s: Int32Array, d: number, a: number, b: number): void {
  s[d] = s[a]! | s[b]!;
  s[d + 1] = s[a + 1]! | s[b + 1]!;
}

/**
 * Bitwise exclusive or: `i64.xor`.
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param a - word index of the first operand's low half
 * @param b - word index of the second operand's low half
 */
export function i64Xor(s: Int32Array, d: number, a: number, b: number): void {
  s[d] = s[a]! ^ s[b]!;
  s[d + 1] = s[a + 1]! ^ s[b + 1]!;
}

/**
 * Shift left: `i64.shl`; the count is taken modulo 64 (only the low word of `b` matters).
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param a - word index of the shifted value's low half
 * @param b - word index of the count's low half
 */
export function i64Shl(s: Int32Array, d: number, a: number, b: number): void {
  const k = s[b]! & 63;
  const lo = s[a]!;
  const hi = s[a + 1]!;
  if (k === 0) {
    s[d] = lo;
    s[d + 1] = hi;
  } else if (k < 32) {
    s[d] = lo << k;
    s[d + 1] = (hi << k) | (lo >>> (32 - k));
  } else {
    s[d] = 0;
    s[d + 1] = lo << (k - 32);
  }
}

/**
 * Arithmetic (sign-filling) shift right: `i64.shr_s`; the count is taken modulo 64.
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param a - word index of the shifted value's low half
 * @param b - word index of the count's low half
 */
export function i64ShrS(s: Int32Array, d: number, a: number, b: number): void {
  const k = s[b]! & 63;
  const lo = s[a]!;
  const hi = s[a + 1]!;
  if (k === 0) {
    s[d] = lo;
    s[d + 1] = hi;
  } else if (k < 32) {
    s[d] = (lo >>> k) | (hi << (32 - k));
    s[d + 1] = hi >> k;
  } else {
    s[d] = hi >> (k - 32);
    s[d + 1] = hi >> 31;
  }
}

/**
 * Logical (zero-filling) shift right: `i64.shr_u`; the count is taken modulo 64.
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param a - word index of the shifted value's low half
 * @param b - word index of the count's low half
 */
export function i64ShrU(s: Int32Array, d: number, a: number, b: number): void {
  const k = s[b]! & 63;
  const lo = s[a]!;
  const hi = s[a + 1]!;
  if (k === 0) {
    s[d] = lo;
    s[d + 1] = hi;
  } else if (k < 32) {
    s[d] = (lo >>> k) | (hi << (32 - k));
    s[d + 1] = hi >>> k;
  } else {
    s[d] = hi >>> (k - 32);
    s[d + 1] = 0;
  }
}

/** Rotates `hi:lo` left by `k` (0..63) into `s[d]`, `s[d + 1]`. */
function rotl64(s: Int32Array, d: number, lo: number, hi: number, k: number): void {
  if (k >= 32) {
    const t = lo;
    lo = hi;
    hi = t;
    k -= 32;
  }
  if (k === 0) {
    s[d] = lo;
    s[d + 1] = hi;
  } else {
    s[d] = (lo << k) | (hi >>> (32 - k));
    s[d + 1] = (hi << k) | (lo >>> (32 - k));
  }
}

/**
 * Rotate left: `i64.rotl`; the count is taken modulo 64.
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param a - word index of the rotated value's low half
 * @param b - word index of the count's low half
 */
export function i64Rotl(s: Int32Array, d: number, a: number, b: number): void {
  rotl64(s, d, s[a]!, s[a + 1]!, s[b]! & 63);
}

/**
 * Rotate right: `i64.rotr`; the count is taken modulo 64.
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param a - word index of the rotated value's low half
 * @param b - word index of the count's low half
 */
export function i64Rotr(s: Int32Array, d: number, a: number, b: number): void {
  rotl64(s, d, s[a]!, s[a + 1]!, (64 - (s[b]! & 63)) & 63);
}

/**
 * Count of leading zero bits: `i64.clz` (64 for 0). The result is an i64.
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param a - word index of the operand's low half
 */
export function i64Clz(s: Int32Array, d: number, a: number): void {
  s[d] = clz64(s[a]!, s[a + 1]!);
  s[d + 1] = 0;
}

/** Count of trailing zero bits of a 32-bit word (32 for 0). */
function ctz32(x: number): number {
  return x === 0 ? 32 : 31 - Math.clz32(x & -x);
}

/**
 * Count of trailing zero bits: `i64.ctz` (64 for 0). The result is an i64.
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param a - word index of the operand's low half
 */
export function i64Ctz(s: Int32Array, d: number, a: number): void {
  const lo = s[a]!;
  s[d] = lo !== 0 ? ctz32(lo) : 32 + ctz32(s[a + 1]!);
  s[d + 1] = 0;
}

/** Count of one bits in a 32-bit word. */
function popcnt32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/**
 * Count of one bits: `i64.popcnt`. The result is an i64.
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param a - word index of the operand's low half
 */
export function i64Popcnt(s: Int32Array, d: number, a: number): void {
  s[d] = popcnt32(s[a]!) + popcnt32(s[a + 1]!);
  s[d + 1] = 0;
}

/**
 * Sign-extends the low 8 bits: `i64.extend8_s`.
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param a - word index of the operand's low half
 */
export function i64Extend8S(s: Int32Array, d: number, a: number): void {
  const lo = (s[a]! << 24) >> 24;
  s[d] = lo;
  s[d + 1] = lo >> 31;
}

/**
 * Sign-extends the low 16 bits: `i64.extend16_s`.
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param a - word index of the operand's low half
 */
export function i64Extend16S(s: Int32Array, d: number, a: number): void {
  const lo = (s[a]! << 16) >> 16;
  s[d] = lo;
  s[d + 1] = lo >> 31;
}

/**
 * Sign-extends the low 32 bits: `i64.extend32_s`.
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param a - word index of the operand's low half
 */
export function i64Extend32S(s: Int32Array, d: number, a: number): void {
  const lo = s[a]!;
  s[d] = lo;
  s[d + 1] = lo >> 31;
}

/**
 * Tests for zero: `i64.eqz`.
 * @param s - the value stack as int32 words
 * @param a - word index of the operand's low half
 * @returns whether the value is 0
 */
export function i64Eqz(s: Int32Array, a: number): boolean {
  return (s[a]! | s[a + 1]!) === 0;
}

/**
 * Equality: `i64.eq`.
 * @param s - the value stack as int32 words
 * @param a - word index of the first operand's low half
 * @param b - word index of the second operand's low half
 * @returns whether a = b
 */
export function i64Eq(s: Int32Array, a: number, b: number): boolean {
  return s[a] === s[b] && s[a + 1] === s[b + 1];
}

/**
 * Inequality: `i64.ne`.
 * @param s - the value stack as int32 words
 * @param a - word index of the first operand's low half
 * @param b - word index of the second operand's low half
 * @returns whether a ≠ b
 */
export function i64Ne(s: Int32Array, a: number, b: number): boolean {
  return s[a] !== s[b] || s[a + 1] !== s[b + 1];
}

/**
 * Signed less-than: `i64.lt_s`.
 * @param s - the value stack as int32 words
 * @param a - word index of the first operand's low half
 * @param b - word index of the second operand's low half
 * @returns whether a < b as signed values
 */
export function i64LtS(s: Int32Array, a: number, b: number): boolean {
  const aHi = s[a + 1]!;
  const bHi = s[b + 1]!;
  return aHi < bHi || (aHi === bHi && s[a]! >>> 0 < s[b]! >>> 0);
}

/**
 * Unsigned less-than: `i64.lt_u`.
 * @param s - the value stack as int32 words
 * @param a - word index of the first operand's low half
 * @param b - word index of the second operand's low half
 * @returns whether a < b as unsigned values
 */
export function i64LtU(s: Int32Array, a: number, b: number): boolean {
  const aHi = s[a + 1]!;
  const bHi = s[b + 1]!;
  return aHi >>> 0 < bHi >>> 0 || (aHi === bHi && s[a]! >>> 0 < s[b]! >>> 0);
}

/**
 * Signed greater-than: `i64.gt_s`.
 * @param s - the value stack as int32 words
 * @param a - word index of the first operand's low half
 * @param b - word index of the second operand's low half
 * @returns whether a > b as signed values
 */
export function i64GtS(s: Int32Array, a: number, b: number): boolean {
  return i64LtS(s, b, a);
}

/**
 * Unsigned greater-than: `i64.gt_u`.
 * @param s - the value stack as int32 words
 * @param a - word index of the first operand's low half
 * @param b - word index of the second operand's low half
 * @returns whether a > b as unsigned values
 */
export function i64GtU(s: Int32Array, a: number, b: number): boolean {
  return i64LtU(s, b, a);
}

/**
 * Signed less-or-equal: `i64.le_s`.
 * @param s - the value stack as int32 words
 * @param a - word index of the first operand's low half
 * @param b - word index of the second operand's low half
 * @returns whether a ≤ b as signed values
 */
export function i64LeS(s: Int32Array, a: number, b: number): boolean {
  return !i64LtS(s, b, a);
}

/**
 * Unsigned less-or-equal: `i64.le_u`.
 * @param s - the value stack as int32 words
 * @param a - word index of the first operand's low half
 * @param b - word index of the second operand's low half
 * @returns whether a ≤ b as unsigned values
 */
export function i64LeU(s: Int32Array, a: number, b: number): boolean {
  return !i64LtU(s, b, a);
}

/**
 * Signed greater-or-equal: `i64.ge_s`.
 * @param s - the value stack as int32 words
 * @param a - word index of the first operand's low half
 * @param b - word index of the second operand's low half
 * @returns whether a ≥ b as signed values
 */
export function i64GeS(s: Int32Array, a: number, b: number): boolean {
  return !i64LtS(s, a, b);
}

/**
 * Unsigned greater-or-equal: `i64.ge_u`.
 * @param s - the value stack as int32 words
 * @param a - word index of the first operand's low half
 * @param b - word index of the second operand's low half
 * @returns whether a ≥ b as unsigned values
 */
export function i64GeU(s: Int32Array, a: number, b: number): boolean {
  return !i64LtU(s, a, b);
}

/**
 * Rotates an i64 value left by the constant `k` (the fused `i64.rotl` with a constant count).
 * @param s - the value stack as int32 words
 * @param d - word index of the result's low half
 * @param a - word index of the operand's low half
 * @param k - the count (taken modulo 64)
 */
export function i64RotlK(s: Int32Array, d: number, a: number, k: number): void {
  rotl64(s, d, s[a]!, s[a + 1]!, k & 63);
}
