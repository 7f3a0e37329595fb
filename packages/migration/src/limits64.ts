/**
 * Memory64 and table64 limits in a snapshot: the limits flag's bit 2 (`ADDRESS_64`, as in the WebAssembly binary)
 * marks a 64-bit address type, whose maximum is written as a u64 (two u32 words, low first). Minimums stay u32:
 * a live memory or table is never smaller than its minimum, and none here reaches 2^32 pages or elements.
 * @module
 */
import type { ByteReader } from './byte-reader.js';

/** The limits flag bit of a 64-bit address type (memory64, table64). */
export const ADDRESS_64 = 4;

/** The largest u64 as the number a limit holds (2^64 - 1 rounds to 2^64). */
const U64_TOP = 2 ** 64;

/**
 * A u64 limit's two words, low first: exact below 2^53; a limit at the top of the range (which a number holds
 * only as 2^64) is written as 2^64 - 1.
 */
export function u64Words(v: number): [number, number] {
  if (v >= U64_TOP) return [0xffff_ffff, 0xffff_ffff];
  return [v % 2 ** 32, Math.floor(v / 2 ** 32)];
}

/** Reads a u64 limit as a number (the inverse of `u64Words`). */
export function readU64Number(r: ByteReader): number {
  const lo = r.u32();
  const hi = r.u32();
  return hi * 2 ** 32 + lo;
}
