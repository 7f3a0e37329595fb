/**
 * Property tests: random valid snapshots survive encode → decode exactly, and encoding is canonical
 * (encode ∘ decode ∘ encode is the identity on bytes).
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
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

test('a decoded store keeps its integer arrays in one buffer, apart from the input and the memories', () => {
  const rng = new Prng(11);
  for (let i = 0; i < 50; i++) {
    const snap = genSnapshot(rng);
    const bytes = encodeSnapshot(snap);
    const st = decodeSnapshot(bytes).store;
    const arrays = [
      st.funcs,
      st.globalTypes,
      st.globalValues,
      st.datasDropped,
      ...st.instances.flatMap((x) => [x.funcs, x.tables, x.mems, x.globals, x.elems, x.datas]),
      ...st.tables.map((t) => t.elements),
      ...st.elems.map((e) => e.refs),
    ];
    const buffers = new Set(arrays.map((a) => a.buffer));
    assert.equal(buffers.size, 1, `run ${i}`);
    const [buffer] = buffers;
    assert.equal(
      buffer!.byteLength,
      arrays.reduce((n, a) => n + a.byteLength, 0),
      `run ${i}: the buffer holds nothing else`,
    );
    assert.notEqual(buffer, bytes.buffer);
    for (const m of st.mems) assert.notEqual(m.bytes.buffer, buffer);
    const clone = structuredClone(st);
    assert.deepStrictEqual(clone, st);
  }
});

test('decoding lists host functions once each, in address order', () => {
  const rng = new Prng(12);
  let interleaved = 0;
  for (let i = 0; i < 100; i++) {
    const { store } = decodeSnapshot(encodeSnapshot(genSnapshot(rng)));
    let next = 0;
    let sawWasm = false;
    for (let a = 0; a < store.funcs.length / 2; a++) {
      if (store.funcs[2 * a] !== -1) {
        sawWasm = true;
        continue;
      }
      if (sawWasm) interleaved++;
      assert.equal(store.funcs[2 * a + 1], next++);
    }
    assert.equal(store.hostFuncs.length, next);
  }
  assert.ok(interleaved > 0, 'the generator puts host functions after wasm ones too');
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
  const words = [...base.store.funcs];
  const hostFuncs = [...base.store.hostFuncs];
  for (let i = 0; i < 3000; i++) {
    words.push(-1, hostFuncs.length);
    hostFuncs.push({ name: 'f'.repeat(i % 7), type: { params: [0x7f], results: [] } });
  }
  const funcs = Int32Array.from(words);
  const externs = [
    ...base.store.externs,
    ...Array.from({ length: 2000 }, (_, i) =>
      i % 3 === 0 ? i * 1.5 : i % 3 === 1 ? BigInt(i) ** 9n : 's'.repeat(i % 5),
    ),
  ];
  const snap = { ...base, store: { ...base.store, funcs, hostFuncs, externs } };
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
