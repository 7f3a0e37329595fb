/**
 * Integer helpers for the reference implementations: C's wrapping unsigned
 * and -fwrapv signed arithmetic, 64-bit values as BigInt, float bit patterns.
 * @module
 */

/** 2^64 − 1. */
export const U64_MASK = (1n << 64n) - 1n;

/** Wraps to unsigned 64 bits. */
export const u64 = (x: bigint): bigint => x & U64_MASK;

/** The C `fold64` of bench.h: (hash ^ value) * FNV prime, mod 2^64. */
export const fold64 = (hash: bigint, value: bigint): bigint => u64((hash ^ value) * 0x100000001b3n);

/** FOLD64_INIT of bench.h. */
export const FOLD64_INIT = 0xcbf29ce484222325n;

const f64View = new Float64Array(1);
const f64Bits = new BigUint64Array(f64View.buffer);
const f32View = new Float32Array(1);
const f32Bits = new Uint32Array(f32View.buffer);

/** The bit pattern of a double as an unsigned BigInt. */
export function bitsOfF64(x: number): bigint {
  f64View[0] = x;
  return f64Bits[0]!;
}

/** The bit pattern of a float as an unsigned 32-bit number. */
export function bitsOfF32(x: number): number {
  f32View[0] = x;
  return f32Bits[0]!;
}

/** Unsigned 32-bit LCG step `x * a + c` (mod 2^32). */
export const lcg32 = (x: number, a: number, c: number): number => (Math.imul(x, a) + c) >>> 0;

/** A signed 64-bit BigInt as the canonical checksum string. */
export const i64String = (x: bigint): string => BigInt.asIntN(64, x).toString();

/** A 32-bit value as the canonical (signed) checksum string. */
export const i32String = (x: number): string => String(x | 0);
