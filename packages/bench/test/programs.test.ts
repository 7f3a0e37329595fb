/**
 * Every program's checksum on V8 equals its reference implementation (written
 * from the C/WAT semantics) at several small n; the large module keeps its
 * recorded checksums; sha256.c's digest equals node:crypto's.
 * @module
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { hostWebAssembly } from '../src/host-wasm.js';
import { checksumToString, PROGRAMS, programById, programPath, readProgram } from '../src/index.js';
import { LARGE_CHECKSUMS, REFERENCES } from './reference/index.js';
import { sha256BaseMessage } from './reference/memory.js';

/** n values checked per program: enough rounds to reach every branch the round number selects. */
const SMALL_N: Readonly<Record<string, readonly number[]>> = {
  fib: [0, 1, 2, 5],
  sieve: [0, 1, 3, 17],
  'sieve-wat': [0, 1, 3, 17],
  matmul: [0, 1, 2, 9],
  sha256: [0, 1, 2, 70],
  'i64-arith': [0, 1, 2, 1000],
  'i64-hash': [0, 1, 2, 40],
  mandelbrot: [0, 1, 2, 9],
  'bulk-memory': [0, 1, 2, 1100],
  dispatch: [0, 1, 2, 7],
  mixed: [0, 1, 2, 50],
};

function v8Run(id: string): (n: number) => string {
  const program = programById(id);
  const instance = new hostWebAssembly.Instance(new hostWebAssembly.Module(readProgram(program)), {});
  const run = instance.exports['run'] as (n: number) => unknown;
  return (n) => checksumToString(run(n), program.result);
}

describe('benchmark programs on V8', () => {
  it('has a checked-in .wasm for every program', () => {
    for (const p of PROGRAMS) assert.ok(existsSync(programPath(p)), `${p.id}.wasm is missing`);
  });

  it('has a reference implementation and small n for every timed program', () => {
    for (const p of PROGRAMS.filter((q) => q.kind === 'run')) {
      assert.ok(REFERENCES[p.id], `no reference for ${p.id}`);
      assert.ok(SMALL_N[p.id], `no small n for ${p.id}`);
    }
  });

  for (const p of PROGRAMS.filter((q) => q.kind === 'run')) {
    it(`${p.id}: run(n) equals the reference`, () => {
      const run = v8Run(p.id);
      for (const n of SMALL_N[p.id]!) assert.equal(run(n), REFERENCES[p.id]!(n), `${p.id} at n=${n}`);
    });
  }

  it('large: needs no imports, is at least 1 MB, and keeps its recorded checksums', () => {
    const bytes = readProgram(programById('large'));
    assert.ok(bytes.length >= 1_000_000, `large.wasm has ${bytes.length} bytes`);
    const run = v8Run('large');
    for (const [n, expected] of Object.entries(LARGE_CHECKSUMS)) assert.equal(run(Number(n)), expected);
  });

  it('sha256: the digest equals node:crypto for lengths around the padding boundaries', () => {
    const instance = new hostWebAssembly.Instance(new hostWebAssembly.Module(readProgram(programById('sha256'))), {});
    const digestOf = instance.exports['digest_of'] as (length: number) => number;
    const memory = instance.exports['memory'] as { buffer: ArrayBuffer };
    for (const length of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000, 1024]) {
      const at = digestOf(length);
      const got = Buffer.from(new Uint8Array(memory.buffer, at, 32)).toString('hex');
      const want = createHash('sha256').update(sha256BaseMessage().subarray(0, length)).digest('hex');
      assert.equal(got, want, `length ${length}`);
    }
  });

  it('programs give the same checksum when run twice on one instance', () => {
    for (const p of PROGRAMS) {
      const run = v8Run(p.id);
      assert.equal(run(3), run(3), p.id);
    }
  });
});
