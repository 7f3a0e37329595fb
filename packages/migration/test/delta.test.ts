/**
 * Delta snapshots: base + delta gives exactly the current state (random pairs, chains, grown and new
 * memories), deltas are small after small writes, dirty-chunk lists give the same bytes as full
 * comparison, and a delta only applies to its base.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StoreState } from '@edgedancer/interpreter';
import {
  applyDelta,
  CHUNK_SIZE,
  chunksOfDirtyPages,
  encodeDelta,
  encodeSnapshot,
  PAGE_SIZE,
  readDeltaBaseOf,
  type Snapshot,
  SnapshotError,
  snapshotDigest,
} from '../src/index.js';
import { Prng } from './prng.js';
import { canonical, genSnapshot } from './state-generator.js';

const code = (c: string) => (e: unknown) => e instanceof SnapshotError && e.code === c;

/** `s` with memory 0 replaced by (or, if it has none, set to) `bytes`, without a maximum. */
function withMemory(s: Snapshot, bytes: Uint8Array): Snapshot {
  const mem = { type: { limits: { min: 0, max: null } }, bytes };
  const mems = s.store.mems.length === 0 ? [mem] : s.store.mems.map((m, k) => (k === 0 ? mem : m));
  return { ...s, store: { ...s.store, mems } as StoreState };
}

/** Writes a few random bytes and returns the touched chunks. */
function scribble(rng: Prng, bytes: Uint8Array, writes: number): number[] {
  const touched: number[] = [];
  for (let i = 0; i < writes && bytes.length > 0; i++) {
    const at = rng.int(bytes.length);
    bytes[at] = rng.int(256);
    touched.push(Math.floor(at / CHUNK_SIZE));
  }
  return touched;
}

test('random base/current pairs: applyDelta gives the current state exactly', () => {
  const rng = new Prng(0xd1);
  for (let i = 0; i < 150; i++) {
    const base = genSnapshot(rng);
    const cur = { ...genSnapshot(rng), migrationCounter: base.migrationCounter + BigInt(rng.int(3)) };
    if (cur.migrationCounter > (1n << 64n) - 1n) continue;
    const delta = encodeDelta(base, cur);
    assert.deepStrictEqual(applyDelta(base, delta), canonical(cur), `pair ${i}`);
    assert.deepStrictEqual(readDeltaBaseOf(delta), {
      digest: snapshotDigest(encodeSnapshot(base)),
      migrationCounter: base.migrationCounter,
    });
  }
});

test('a chain of deltas after small writes, with memory growth, reproduces every state', () => {
  const rng = new Prng(0xd2);
  const mem = new Uint8Array(4 * PAGE_SIZE);
  rng.bytes(100).forEach((b, i) => (mem[i * 997] = b));
  let held = withMemory({ ...genSnapshot(rng, { kind: 'weak', maxPages: 0 }), migrationCounter: 0n }, mem);
  for (let step = 0; step < 20; step++) {
    const bytes = new Uint8Array(held.store.mems[0]!.bytes.length + (step % 5 === 4 ? PAGE_SIZE : 0));
    bytes.set(held.store.mems[0]!.bytes);
    scribble(rng, bytes, rng.range(0, 3));
    const next = withMemory({ ...held, migrationCounter: held.migrationCounter + 1n }, bytes);
    const delta = encodeDelta(held, next);
    assert.ok(delta.length < encodeSnapshot(next).length, 'a delta after small writes is smaller than the snapshot');
    assert.ok(delta.length <= 3 * CHUNK_SIZE + 1024, `delta of ${delta.length} bytes after at most 3 writes`);
    held = applyDelta(held, delta);
    assert.deepStrictEqual(held, canonical(next), `step ${step}`);
  }
});

test('dirty-chunk lists give the same delta as full comparison, and skip unlisted chunks', () => {
  const rng = new Prng(0xd3);
  const b0 = new Uint8Array(8 * PAGE_SIZE);
  const baseSnap = withMemory(genSnapshot(rng, { kind: 'weak', maxPages: 0 }), b0);
  const cur = b0.slice();
  const touched = scribble(rng, cur, 10);
  const curSnap = withMemory(baseSnap, cur);
  const full = encodeDelta(baseSnap, curSnap);
  const extra = [...touched, 0, 5, 5, 77, ...touched];
  assert.deepStrictEqual(encodeDelta(baseSnap, curSnap, { dirtyChunks: [extra] }), full);
  assert.deepStrictEqual(
    encodeDelta(baseSnap, curSnap, { dirtyChunks: [chunksOfDirtyPages([0, 1, 2, 3, 4, 5, 6, 7], PAGE_SIZE)] }),
    full,
  );
  const missed = encodeDelta(baseSnap, curSnap, { dirtyChunks: [[]] });
  assert.deepStrictEqual(applyDelta(baseSnap, missed).store.mems[0]!.bytes, b0, 'unlisted chunks are not compared');
  assert.throws(() => encodeDelta(baseSnap, curSnap, { dirtyChunks: [[8 * 16]] }), RangeError);
  assert.throws(() => encodeDelta(baseSnap, curSnap, { dirtyChunks: [[1.5]] }), RangeError);
});

test('chunksOfDirtyPages maps any page size to chunks', () => {
  assert.deepStrictEqual([...chunksOfDirtyPages([1, 0, 1], PAGE_SIZE)], [...Array(32).keys()]);
  assert.deepStrictEqual([...chunksOfDirtyPages([3, 2, 5], 1024)], [0, 1]);
  assert.deepStrictEqual([...chunksOfDirtyPages([2], 8192)], [4, 5]);
  assert.throws(() => chunksOfDirtyPages([0], 3000), RangeError);
});

test('a delta applies only to its base', () => {
  const rng = new Prng(0xd4);
  const base = genSnapshot(rng, { kind: 'weak' });
  const other = { ...base, hostSections: [{ name: 'zz', version: 0, bytes: Uint8Array.of(1) }] };
  const cur = { ...base, migrationCounter: base.migrationCounter };
  const delta = encodeDelta(base, cur);
  assert.throws(() => applyDelta(other, delta), code('base-mismatch'));
  if (base.migrationCounter > 0n)
    assert.throws(
      () => applyDelta({ ...base, migrationCounter: base.migrationCounter - 1n }, delta),
      code('base-mismatch'),
    );
  assert.throws(() => applyDelta(base, delta, { baseDigest: new Uint8Array(32) }), code('base-mismatch'));
  assert.deepStrictEqual(applyDelta(base, delta, { baseDigest: snapshotDigest(encodeSnapshot(base)) }), canonical(cur));
});

test('counters may not go back', () => {
  const rng = new Prng(0xd5);
  const base = { ...genSnapshot(rng, { kind: 'weak' }), migrationCounter: 5n };
  assert.throws(() => encodeDelta(base, { ...base, migrationCounter: 4n }), code('counter-regression'));
});

test('a snapshot is not a delta and a delta is not a snapshot', () => {
  const rng = new Prng(0xd6);
  const base = genSnapshot(rng, { kind: 'weak' });
  const snapBytes = encodeSnapshot(base);
  assert.throws(() => applyDelta(base, snapBytes), code('bad-magic'));
  assert.throws(() => readDeltaBaseOf(snapBytes), code('bad-magic'));
});

test('an unchanged chunk carried in a delta is non-canonical', () => {
  const base = withMemory(genSnapshot(new Prng(0xd7), { kind: 'weak' }), new Uint8Array(PAGE_SIZE));
  const cur = base.store.mems[0]!.bytes.slice();
  cur[5] = 1;
  const curSnap = withMemory(base, cur);
  const delta = encodeDelta(base, curSnap);
  const forged = delta.slice();
  // make the carried chunk equal to the base's again
  const at = Buffer.from(forged).indexOf(Buffer.from(cur.subarray(0, CHUNK_SIZE)));
  assert.ok(at > 0);
  forged[at + 5] = 0;
  assert.throws(() => applyDelta(base, forged), code('non-canonical'));
});

test('consumeBase updates the base memory in place and gives the same state', () => {
  const rng = new Prng(0xd8);
  const mem = new Uint8Array(4 * PAGE_SIZE);
  scribble(rng, mem, 50);
  const base = withMemory({ ...genSnapshot(rng, { kind: 'weak' }), migrationCounter: 1n }, mem);
  const cur = mem.slice();
  scribble(rng, cur, 5);
  const next = withMemory({ ...base, migrationCounter: 2n }, cur);
  const original = mem.slice();
  const delta = encodeDelta(base, next);
  const copied = applyDelta(base, delta);
  assert.deepStrictEqual(base.store.mems[0]!.bytes, original, 'copying leaves the base alone');
  const baseDigest = snapshotDigest(encodeSnapshot(base));
  assert.throws(
    () => applyDelta(base, delta.subarray(0, delta.length - 1), { consumeBase: true, baseDigest }),
    SnapshotError,
  );
  assert.deepStrictEqual(base.store.mems[0]!.bytes, original, 'a failed apply leaves the base alone');
  const consumed = applyDelta(base, delta, { consumeBase: true, baseDigest });
  assert.equal(consumed.store.mems[0]!.bytes, base.store.mems[0]!.bytes);
  assert.deepStrictEqual(consumed, copied);
  assert.deepStrictEqual(consumed.store.mems[0]!.bytes, cur);
});
