/**
 * i64 division and remainder for translated code, on halves passed as arguments: the low word is returned and
 * the high word left in `HI[0]`, so that no array of operands is written on the way. Operands that fit in 32 bits
 * take one machine division; a larger dividend is divided in 32-bit steps by multiplying with the divisor's
 * reciprocal (one double division), each step corrected with an exact remainder; a divisor of 2^32 or more takes
 * the normalised estimate of Hacker's Delight (`divlu`) on its top word, corrected once. Traps as the interpreter's.
 * @module
 */
import { RuntimeError, TrapCode } from '../errors.js';

/** The high word of the last result. */
export const HI = new Int32Array(1);

/** Remainder of the last unsigned division (low, high). */
let rLo = 0;
let rHi = 0;
/** Quotient and operands of the last unsigned division: a remainder of the same operands reuses it. */
let qLo = 0;
let qHi = 0;
let lastNl = 0;
let lastNh = 0;
let lastDl = 0;
let lastDh = 0;

/** The high 32 bits of the unsigned product of two words, on int32 operations only. */
export function mulHi(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const p01 = Math.imul(a0, b1);
  const p10 = Math.imul(a1, b0);
  const mid = (Math.imul(a0, b0) >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (Math.imul(a1, b1) + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) | 0;
}

/** Unsigned n / d for d ≠ 0: quotient low word returned, high word in `HI[0]`, remainder in `rLo`/`rHi`. */
function divmod(nl: number, nh: number, dl: number, dh: number): number {
  if (nl === lastNl && nh === lastNh && dl === lastDl && dh === lastDh) {
    HI[0] = qHi;
    return qLo;
  }
  lastNl = nl;
  lastNh = nh;
  lastDl = dl;
  lastDh = dh;
  qLo = divide(nl, nh, dl, dh);
  qHi = HI[0]!;
  return qLo;
}

/** Remainder of the last `step`. */
let stepRem = 0;

/**
 * floor((hi·2^32 + lo) / d) for integers 0 ≤ hi < d < 2^32 and 0 ≤ lo < 2^32, given `inv` = 1/d: the product
 * with the reciprocal is within 2^-19 of the quotient (which is below 2^32), so its floor is the quotient or one
 * off; the remainder is computed exactly on 16-bit halves of the estimate (every term below 2^53) and corrects it.
 * The remainder is left in `stepRem`.
 */
function step(hi: number, lo: number, d: number, inv: number): number {
  let q = Math.floor((hi * 4294967296 + lo) * inv);
  const qh = Math.floor(q * 0.0000152587890625);
  let r = (hi * 65536 - qh * d) * 65536 + (lo - (q - qh * 65536) * d);
  if (r < 0) {
    q -= 1;
    r += d;
  } else if (r >= d) {
    q += 1;
    r -= d;
  }
  stepRem = r;
  return q;
}

function divide(nl: number, nh: number, dl: number, dh: number): number {
  if (dh === 0) {
    const dv = dl >>> 0;
    if (nh === 0) {
      const n = nl >>> 0;
      const q = Math.floor(n / dv);
      rLo = (n - q * dv) | 0;
      rHi = 0;
      HI[0] = 0;
      return q | 0;
    }
    // 64 by 32 bits: one division (the reciprocal), two estimated and corrected steps.
    const h = nh >>> 0;
    const inv = 1 / dv;
    let q1 = Math.floor(h * inv);
    let r1 = h - q1 * dv;
    if (r1 < 0) {
      q1 -= 1;
      r1 += dv;
    } else if (r1 >= dv) {
      q1 += 1;
      r1 -= dv;
    }
    const q2 = step(r1, nl >>> 0, dv, inv);
    rLo = stepRem | 0;
    rHi = 0;
    HI[0] = q1 | 0;
    return q2 | 0;
  }
  // d ≥ 2^32: the quotient fits in 32 bits. Normalise d's top word, divide n/2 by it (64 by 32 bits, its high
  // word below the divisor), undo the normalisation: the estimate is the quotient or one below it.
  const s = Math.clz32(dh);
  const v1 = s === 0 ? dh >>> 0 : ((dh << s) | (dl >>> (32 - s))) >>> 0;
  const uh = nh >>> 1;
  const ul = ((nl >>> 1) | (nh << 31)) >>> 0;
  // uh < 2^31 ≤ v1: the quotient of n/2 by v1 is below 2^32.
  let q = step(uh, ul, v1, 1 / v1) >>> (31 - s);
  if (q !== 0) q = (q - 1) >>> 0;
  // r = n - q·d (exact: q·d ≤ n), then one correction.
  const pl = Math.imul(q, dl);
  const ph = (mulHi(q, dl) + Math.imul(q, dh)) | 0;
  let lo = (nl - pl) | 0;
  let hi = (nh - ph - (nl >>> 0 < pl >>> 0 ? 1 : 0)) | 0;
  if (hi >>> 0 > dh >>> 0 || (hi === dh && lo >>> 0 >= dl >>> 0)) {
    const b = lo >>> 0 < dl >>> 0 ? 1 : 0;
    lo = (lo - dl) | 0;
    hi = (hi - dh - b) | 0;
    q = (q + 1) >>> 0;
  }
  rLo = lo;
  rHi = hi;
  HI[0] = 0;
  return q | 0;
}

function zero(): never {
  throw new RuntimeError(TrapCode.IntegerDivideByZero);
}

/** `i64.div_u`. */
export function divU64(nl: number, nh: number, dl: number, dh: number): number {
  if ((dl | dh) === 0) zero();
  return divmod(nl, nh, dl, dh);
}

/** `i64.rem_u`. */
export function remU64(nl: number, nh: number, dl: number, dh: number): number {
  if ((dl | dh) === 0) zero();
  if ((nh | dh) === 0) {
    HI[0] = 0;
    return ((nl >>> 0) % (dl >>> 0)) | 0;
  }
  divmod(nl, nh, dl, dh);
  HI[0] = rHi;
  return rLo;
}

/** `i64.div_s`: traps on a zero divisor and on -2^63 / -1. */
export function divS64(nl: number, nh: number, dl: number, dh: number): number {
  if ((dl | dh) === 0) zero();
  if (nh === nl >> 31 && dh === dl >> 31) {
    // Both fit in 32 bits: the quotient fits in 33 (2^31 for -2^31 / -1).
    const q = Math.trunc(nl / dl);
    HI[0] = q < 0 ? -1 : 0;
    return q | 0;
  }
  if (nl === 0 && nh === -0x80000000 && (dl & dh) === -1) throw new RuntimeError(TrapCode.IntegerOverflow);
  const nNeg = nh < 0;
  const dNeg = dh < 0;
  const ql = divmod(nNeg ? -nl | 0 : nl, nNeg ? negHi(nl, nh) : nh, dNeg ? -dl | 0 : dl, dNeg ? negHi(dl, dh) : dh);
  if (nNeg === dNeg) return ql;
  HI[0] = negHi(ql, HI[0]!);
  return -ql | 0;
}

/** `i64.rem_s`: the sign of the dividend; -2^63 rem -1 is 0. */
export function remS64(nl: number, nh: number, dl: number, dh: number): number {
  if ((dl | dh) === 0) zero();
  if (nh === nl >> 31 && dh === dl >> 31) {
    // `% ` of int32 values is exact; -0 (a negative dividend divided evenly) is integer 0.
    const r = (nl % dl) | 0;
    HI[0] = r >> 31;
    return r;
  }
  const nNeg = nh < 0;
  const dNeg = dh < 0;
  divmod(nNeg ? -nl | 0 : nl, nNeg ? negHi(nl, nh) : nh, dNeg ? -dl | 0 : dl, dNeg ? negHi(dl, dh) : dh);
  if (!nNeg) {
    HI[0] = rHi;
    return rLo;
  }
  HI[0] = negHi(rLo, rHi);
  return -rLo | 0;
}

/** The high word of the negation of lo:hi. */
function negHi(lo: number, hi: number): number {
  return lo === 0 ? -hi | 0 : ~hi;
}
