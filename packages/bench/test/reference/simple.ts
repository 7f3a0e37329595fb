/**
 * Reference implementations of fib.c, sieve.c (and sieve-wat.wat) and
 * i64-arith.c, written from the C semantics.
 * @module
 */
import { i32String, i64String, u64 } from './int.js';

function fib(k: number): number {
  return k < 2 ? k : (fib(k - 1) + fib(k - 2)) | 0;
}

/** fib.c's run(n). */
export function fibRun(n: number): string {
  let acc = 0;
  for (let i = 0; i < n; i++) acc = (Math.imul(acc, 31) + fib(20 + (i & 3))) | 0;
  return i32String(acc);
}

function countPrimes(limit: number, composite: Uint8Array): number {
  composite.fill(0, 0, limit);
  let count = 0;
  for (let i = 2; i < limit; i++) {
    if (!composite[i]) {
      count++;
      for (let j = i + i; j < limit; j += i) composite[j] = 1;
    }
  }
  return count;
}

/** sieve.c's and sieve-wat.wat's run(n). */
export function sieveRun(n: number): string {
  const composite = new Uint8Array(65536);
  let acc = 0;
  for (let r = 0; r < n; r++) acc = (Math.imul(acc, 17) + countPrimes(65536 - (r & 15) * 64, composite)) | 0;
  return i32String(acc);
}

function popcount64(x: bigint): bigint {
  let count = 0n;
  for (let v = x; v !== 0n; v >>= 1n) count += v & 1n;
  return count;
}

function clz64(x: bigint): bigint {
  let n = 0n;
  for (let bit = 63n; bit >= 0n && ((x >> bit) & 1n) === 0n; bit--) n++;
  return n;
}

/** i64-arith.c's run(n). */
export function i64ArithRun(n: number): string {
  let x = 0x9e3779b97f4a7c15n;
  let y = 0x0123456789abcdefn;
  let acc = 0n;
  for (let i = 0; i < n; i++) {
    x = u64(x ^ (x << 13n));
    x ^= x >> 7n;
    x = u64(x ^ (x << 17n));
    y = u64(y * 6364136223846793005n + 1442695040888963407n);
    const d = (y >> 35n) | 1n;
    acc = u64(acc + x / d);
    acc ^= x % d;
    const s = BigInt.asIntN(64, acc ^ y);
    const q = s / ((x >> 40n) | 3n);
    acc = u64(acc + q);
    const k = x & 63n;
    acc = u64((acc << k) | (acc >> ((64n - k) & 63n)));
    acc = u64(acc + popcount64(y) + clz64(x | 1n));
    acc = u64(acc - (BigInt.asIntN(64, y) >> 11n));
    acc = u64(acc * (x | 1n));
  }
  return i64String(acc);
}
