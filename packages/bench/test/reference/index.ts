/**
 * Reference implementations of every timed benchmark program, by program id.
 * Each returns the canonical checksum string of `run(n)`.
 * @module
 */
import { dispatchRun } from './dispatch.js';
import { mandelbrotRun, matmulRun } from './float.js';
import { i64HashRun } from './i64-hash.js';
import { bulkMemoryRun, sha256Run } from './memory.js';
import { mixedRun } from './mixed.js';
import { fibRun, i64ArithRun, sieveRun } from './simple.js';

/** Program id → reference `run(n)`. */
export const REFERENCES: Readonly<Record<string, (n: number) => string>> = {
  fib: fibRun,
  sieve: sieveRun,
  'sieve-wat': sieveRun,
  matmul: matmulRun,
  sha256: sha256Run,
  'i64-arith': i64ArithRun,
  'i64-hash': i64HashRun,
  mandelbrot: mandelbrotRun,
  'bulk-memory': bulkMemoryRun,
  dispatch: dispatchRun,
  mixed: mixedRun,
};

/**
 * V8's checksums of the generated large module (no reference implementation:
 * it is machine-generated), recorded when programs/large.wasm was built and
 * confirmed by wabt's interpreter and polywasm. Rebuilding it changes them.
 */
export const LARGE_CHECKSUMS: Readonly<Record<number, string>> = { 0: '0', 1: '-1717645344', 3: '-1464144117' };
