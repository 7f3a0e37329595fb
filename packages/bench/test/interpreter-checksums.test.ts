/**
 * Edgedancer's interpreter gives V8's checksum on every program at small n,
 * through the same adapter the benchmark uses. Skipped while
 * `@edgedancer/interpreter` does not export a usable API.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checksumToString, PROGRAMS, readProgram } from '../src/index.js';
import { loadAdapter, type WasmAdapter } from '../src/worker/adapters.js';
import { LARGE_CHECKSUMS, REFERENCES } from './reference/index.js';

/** Small n per program, cheap on an interpreter. */
const INTERPRETER_N: Readonly<Record<string, number>> = {
  fib: 2,
  sieve: 1,
  'sieve-wat': 1,
  matmul: 1,
  sha256: 3,
  'i64-arith': 300,
  'i64-hash': 3,
  mandelbrot: 2,
  'bulk-memory': 40,
  dispatch: 3,
  mixed: 3,
  large: 1,
};

let adapter: WasmAdapter | undefined;
let reason = '';
try {
  adapter = await loadAdapter('edgedancer');
} catch (err) {
  reason = (err as Error).message;
}

describe('benchmark programs on Edgedancer', { skip: adapter ? false : reason }, () => {
  for (const p of PROGRAMS) {
    it(`${p.id}: run(${INTERPRETER_N[p.id]}) equals the reference`, () => {
      const a = adapter!;
      const run = a.instantiate(a.compile(readProgram(p)))['run'] as (n: number) => unknown;
      const n = INTERPRETER_N[p.id]!;
      const got = checksumToString(run(n), p.result);
      const want = REFERENCES[p.id] ? REFERENCES[p.id]!(n) : LARGE_CHECKSUMS[n];
      assert.equal(got, want);
    });
  }
});
