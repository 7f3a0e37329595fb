/**
 * Property tests: random valid snapshots survive encode → decode exactly, and encoding is canonical
 * (encode ∘ decode ∘ encode is the identity on bytes).
 * @module
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSnapshot, encodeSnapshot } from '../src/index.js';
import { Prng } from './prng.js';
import { canonical, genSnapshot } from './state-generator.js';

const RUNS = 400;

test(`${RUNS} random snapshots round-trip exactly`, () => {
  const rng = new Prng(0x5eed);
  for (let i = 0; i < RUNS; i++) {
    const snap = genSnapshot(rng);
    const bytes = encodeSnapshot(snap);
    const back = decodeSnapshot(bytes, { moduleHashes: snap.moduleHashes, agentId: snap.agentId });
    assert.deepStrictEqual(back, canonical(snap), `run ${i}`);
    assert.deepStrictEqual(encodeSnapshot(back), bytes, `run ${i}: re-encoding differs`);
  }
});

test('decoded snapshots own their bytes', () => {
  const rng = new Prng(7);
  const snap = genSnapshot(rng, { kind: 'weak' });
  const bytes = encodeSnapshot(snap);
  const back = decodeSnapshot(bytes);
  const copy = bytes.slice();
  bytes.fill(0xee);
  assert.deepStrictEqual(back, decodeSnapshot(copy));
  for (const m of back.store.mems) assert.equal(m.bytes.byteOffset, 0);
});

test('encoding does not modify its input', () => {
  const rng = new Prng(8);
  const snap = genSnapshot(rng, { kind: 'strong' });
  const before = structuredClone(snap);
  encodeSnapshot(snap);
  assert.deepStrictEqual(snap, before);
});

test('regression: the writer keeps every field when its buffer grows mid-field', () => {
  const rng = new Prng(9);
  const base = genSnapshot(rng, { kind: 'weak', maxPages: 0 });
  const funcs = [...base.store.funcs];
  for (let i = 0; i < 3000; i++) funcs.push({ kind: 'host', name: 'f'.repeat(i % 7), type: { params: [0x7f], results: [] } });
  const externs = [...base.store.externs, ...Array.from({ length: 2000 }, (_, i) => (i % 3 === 0 ? i * 1.5 : i % 3 === 1 ? BigInt(i) ** 9n : 's'.repeat(i % 5)))];
  const snap = { ...base, store: { ...base.store, funcs, externs } };
  const bytes = encodeSnapshot(snap);
  assert.deepStrictEqual(decodeSnapshot(bytes), canonical(snap));
});

test('encoding into a reusable buffer gives the same bytes as a view of it', () => {
  const rng = new Prng(10);
  const snap = genSnapshot(rng, { maxPages: 2 });
  const fresh = encodeSnapshot(snap);
  const into = new Uint8Array(fresh.length + 100).fill(0xab);
  const view = encodeSnapshot(snap, { into });
  assert.equal(view.buffer, into.buffer);
  assert.equal(view.byteOffset, 0);
  assert.deepStrictEqual(view, fresh);
  const small = new Uint8Array(fresh.length - 1);
  const other = encodeSnapshot(snap, { into: small });
  assert.notEqual(other.buffer, small.buffer);
  assert.deepStrictEqual(other, fresh);
});
