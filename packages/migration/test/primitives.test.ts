/**
 * The small pieces: host values, bulk word copies on both byte orders, strict UTF-8, chunk scanning.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ByteReader } from '../src/byte-reader.js';
import { ByteWriter } from '../src/byte-writer.js';
import { readExtern, writeExtern } from '../src/extern-values.js';
import { CHUNK_SIZE, PAGE_SIZE, SnapshotError } from '../src/index.js';
import { readInt32s, writeInt32s } from '../src/int32-bytes.js';
import { changedRuns, nonZeroRuns } from '../src/memory-scan.js';
import { isWellFormed } from '../src/utf8.js';

function roundTrip(v: unknown): unknown {
  const w = new ByteWriter(8);
  writeExtern(w, v, 0);
  const bytes = w.finish();
  const r = new ByteReader(bytes, 0, bytes.length);
  const back = readExtern(r);
  r.expectEnd();
  return back;
}

test('host values round-trip exactly', () => {
  const values = [
    null,
    undefined,
    true,
    false,
    0,
    -0,
    1.5,
    -Infinity,
    Number.MIN_VALUE,
    NaN,
    '',
    'héllo 😀 \u0000',
    '\ufeffbom',
    0n,
    1n,
    -1n,
    255n,
    256n,
    -(2n ** 64n),
    2n ** 1000n - 1n,
    -(3n ** 300n),
  ];
  for (const v of values) assert.ok(Object.is(roundTrip(v), v), String(v));
});

test('bigint magnitudes are minimal', () => {
  const w = new ByteWriter(8);
  writeExtern(w, 256n, 0);
  assert.deepStrictEqual([...w.finish()], [6, 0, 2, 0, 0, 0, 0, 1]);
  const bad = Uint8Array.of(6, 0, 2, 0, 0, 0, 1, 0);
  assert.throws(
    () => readExtern(new ByteReader(bad, 0, bad.length)),
    (e: unknown) => e instanceof SnapshotError && e.code === 'non-canonical',
  );
  const negZero = Uint8Array.of(6, 1, 0, 0, 0, 0);
  assert.throws(
    () => readExtern(new ByteReader(negZero, 0, negZero.length)),
    (e: unknown) => e instanceof SnapshotError && e.code === 'non-canonical',
  );
});

test('word copies give little-endian bytes on either host byte order', () => {
  const words = Int32Array.of(0x01020304, -1, 0, -0x80000000);
  const le = new Uint8Array(16);
  const be = new Uint8Array(16);
  writeInt32s(le, 0, words, true);
  writeInt32s(be, 0, words, false);
  assert.deepStrictEqual(le, be);
  assert.deepStrictEqual([...le.subarray(0, 4)], [4, 3, 2, 1]);
  assert.deepStrictEqual(readInt32s(le, 0, 4, false), words);
  assert.deepStrictEqual(readInt32s(le, 0, 4, true), words);
});

test('well-formed strings', () => {
  assert.ok(isWellFormed('a😀b'));
  assert.ok(!isWellFormed('\ud83d'));
  assert.ok(!isWellFormed('\ude00x'));
  assert.ok(!isWellFormed('x\ud83dx'));
});

test('chunk scanning finds maximal runs', () => {
  const mem = new Uint8Array(2 * PAGE_SIZE);
  assert.deepStrictEqual(nonZeroRuns(mem), []);
  mem[0] = 1;
  mem[CHUNK_SIZE] = 1;
  mem[5 * CHUNK_SIZE + 100] = 1;
  mem[2 * PAGE_SIZE - 1] = 1;
  assert.deepStrictEqual(nonZeroRuns(mem), [0, 2, 5, 1, 31, 1]);
  const cur = mem.slice();
  cur[CHUNK_SIZE] = 0;
  cur[17 * CHUNK_SIZE] = 9;
  assert.deepStrictEqual(changedRuns(cur, mem), [1, 1, 17, 1]);
  assert.deepStrictEqual(changedRuns(cur, mem.subarray(0, PAGE_SIZE)), [1, 1, 17, 1, 31, 1]);
  assert.deepStrictEqual(changedRuns(cur, new Uint8Array(0)), nonZeroRuns(cur));
});
