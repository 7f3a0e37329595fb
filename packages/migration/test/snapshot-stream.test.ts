/**
 * A full snapshot streamed: `encodeSnapshotPieces` joins to `encodeSnapshot`'s bytes, `chunksOf` cuts pieces
 * into the stream's chunks (views inside a piece), and `SnapshotAssembler`, fed those bytes in chunks of any
 * size, gives what `decodeSnapshot` gives — the same snapshot for every valid input, and a refusal for every
 * input the decoder refuses (thousands of mutants, differentially).
 * @module
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeSnapshot,
  encodeSnapshot,
  encodeSnapshotPieces,
  SnapshotAssembler,
  SnapshotError,
} from '../src/index.js';
import { chunksOf } from '../src/transfer/round-chunks.js';
import { mutate } from './mutations.js';
import { Prng } from './prng.js';
import { genSnapshot } from './state-generator.js';
import { SNAPSHOT_VECTORS } from './vector-fixtures.js';

const LIMIT = { maxMemoryBytes: 1 << 22 };

const join = (pieces: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** Feeds `bytes` to an assembler in chunks of `rng`-chosen sizes; its snapshot re-encoded, or its error. */
function assembled(rng: Prng, bytes: Uint8Array): Uint8Array | SnapshotError {
  const a = new SnapshotAssembler(bytes.length, LIMIT);
  for (let at = 0; at < bytes.length; ) {
    const n = Math.min(bytes.length - at, 1 + rng.int(rng.int(2) === 0 ? 16 : 70_000));
    a.push(bytes.subarray(at, at + n));
    at += n;
  }
  try {
    return encodeSnapshot(a.finish());
  } catch (e) {
    if (!(e instanceof SnapshotError)) throw e;
    return e;
  }
}

function decoded(bytes: Uint8Array): Uint8Array | SnapshotError {
  try {
    return encodeSnapshot(decodeSnapshot(bytes, LIMIT));
  } catch (e) {
    if (!(e instanceof SnapshotError)) throw e;
    return e;
  }
}

function seeds(): Uint8Array[] {
  const rng = new Prng(0x5eed);
  const out = Object.values(SNAPSHOT_VECTORS).map((s) => encodeSnapshot(s));
  for (let i = 0; i < 12; i++) out.push(encodeSnapshot(genSnapshot(rng, { maxPages: 2 })));
  return out;
}

test('pieces join to the encoding; chunks are views inside a piece', () => {
  const rng = new Prng(0xc0de);
  for (let i = 0; i < 20; i++) {
    const s = genSnapshot(rng, { maxPages: 3 });
    const pieces = encodeSnapshotPieces(s);
    assert.deepEqual(join(pieces), encodeSnapshot(s));
    for (const size of [1, 7, 4096, 65_536, 1 << 20]) {
      const chunks = [...chunksOf(pieces, size)];
      assert.deepEqual(join(chunks), encodeSnapshot(s));
      assert.ok(chunks.slice(0, -1).every((c) => c.length === size));
    }
  }
  const mem = new Uint8Array(1 << 20);
  const big = [new Uint8Array(10), mem, new Uint8Array(3)];
  const chunks = [...chunksOf(big, 1 << 18)];
  assert.equal(chunks[1]!.buffer, mem.buffer, 'a chunk inside a piece is a view of it');
});

test('the assembler gives what the decoder gives, valid inputs and 4000 mutants', { timeout: 120_000 }, () => {
  const rng = new Prng(0xa55e);
  const inputs = seeds();
  for (const b of inputs) assert.deepEqual(assembled(rng, b), b);
  let refused = 0;
  for (let i = 0; i < 4000; i++) {
    const m = mutate(rng, rng.pick(inputs), rng.pick(inputs));
    const want = decoded(m);
    const got = assembled(rng, m);
    if (want instanceof SnapshotError) {
      assert.ok(got instanceof SnapshotError, `accepted what the decoder refuses (${want.code})`);
      refused++;
    } else assert.deepEqual(got, want);
  }
  assert.ok(refused > 1000, 'most mutants are refused');
});
