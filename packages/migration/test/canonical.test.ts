/**
 * Canonicality: equal states in different object layouts (views at offsets, key orders, section orders,
 * unused global words, NaN payloads, `undefined` maxima) encode to the same bytes.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StoreState } from '@edgedancer/interpreter';
import { decodeSnapshot, encodeSnapshot, type Snapshot } from '../src/index.js';
import { Prng } from './prng.js';
import { genSnapshot, inOneBuffer } from './state-generator.js';
import { strongFull } from './vector-fixtures.js';

/** A copy of a typed array as a view in the middle of a larger buffer. */
function offsetView<T extends Int32Array | Uint8Array>(a: T): T {
  const pad = 3;
  if (a instanceof Int32Array) {
    const big = new Int32Array(a.length + 2 * pad).fill(-7);
    big.set(a, pad);
    return big.subarray(pad, pad + a.length) as T;
  }
  const big = new Uint8Array(a.length + 2 * pad).fill(0xcc);
  big.set(a, pad);
  return big.subarray(pad, pad + a.length) as T;
}

function reversedKeys<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).reverse()) as T;
}

/** The same state with every typed array moved to an offset view and every object's keys reversed. */
function relayout(s: Snapshot): Snapshot {
  const st = s.store;
  const store: StoreState = reversedKeys({
    ...st,
    instances: st.instances.map((i) =>
      reversedKeys({
        module: i.module,
        funcs: offsetView(i.funcs),
        tables: offsetView(i.tables),
        mems: offsetView(i.mems),
        globals: offsetView(i.globals),
        elems: offsetView(i.elems),
        datas: offsetView(i.datas),
      }),
    ),
    tables: st.tables.map((t) => ({
      elements: offsetView(t.elements),
      type: reversedKeys({ ...t.type, limits: reversedKeys(t.type.limits) }),
    })),
    mems: st.mems.map((m) => ({ bytes: offsetView(m.bytes), type: m.type })),
    globalValues: offsetView(st.globalValues),
    elems: st.elems.map((e) => ({ refs: offsetView(e.refs), type: e.type })),
    datasDropped: offsetView(st.datasDropped),
    funcs: offsetView(st.funcs),
    hostFuncs: st.hostFuncs.map((f) => ({ type: reversedKeys(f.type), name: f.name })),
    globalTypes: offsetView(st.globalTypes),
  });
  const execution =
    s.execution &&
    reversedKeys({ ...s.execution, stack: offsetView(s.execution.stack), frames: offsetView(s.execution.frames) });
  return reversedKeys({
    ...s,
    store,
    execution,
    moduleHashes: s.moduleHashes.map(offsetView),
    hostSections: [...s.hostSections].reverse().map((h) => ({ ...h, bytes: offsetView(h.bytes) })),
  });
}

test('equal states in different layouts encode identically (200 random states)', () => {
  const rng = new Prng(0xca);
  for (let i = 0; i < 200; i++) {
    const s = genSnapshot(rng);
    assert.deepStrictEqual(encodeSnapshot(relayout(s)), encodeSnapshot(s), `state ${i}`);
  }
});

test('integer arrays as views of one shared buffer, as captured, encode identically (200 random states)', () => {
  const rng = new Prng(0xcc);
  for (let i = 0; i < 200; i++) {
    const s = genSnapshot(rng);
    const shared = { ...s, store: inOneBuffer(s.store) };
    assert.equal(
      new Set([shared.store.funcs.buffer, shared.store.globalTypes.buffer, shared.store.datasDropped.buffer]).size,
      1,
    );
    assert.deepStrictEqual(encodeSnapshot(shared), encodeSnapshot(s), `state ${i}`);
  }
});

test('unused words of narrow globals do not matter', () => {
  const values = strongFull.store.globalValues.slice();
  for (const g of [0, 2, 5, 6]) values.fill(-1, g * 4 + 1, g * 4 + 4);
  values.fill(99, 1 * 4 + 2, 1 * 4 + 4);
  const noisy = { ...strongFull, store: { ...strongFull.store, globalValues: values } };
  assert.deepStrictEqual(encodeSnapshot(noisy), encodeSnapshot(strongFull));
});

test('every NaN encodes as the canonical NaN; -0 stays -0', () => {
  const payloadNaN = new Float64Array(new BigUint64Array([0xfff0_0000_dead_beefn]).buffer)[0]!;
  assert.ok(Number.isNaN(payloadNaN));
  const externs = [...strongFull.store.externs];
  assert.ok(Number.isNaN(externs[5]) && Object.is(externs[4], -0));
  externs[5] = payloadNaN;
  const b = { ...strongFull, store: { ...strongFull.store, externs } };
  assert.deepStrictEqual(encodeSnapshot(b), encodeSnapshot(strongFull));
  assert.ok(Object.is(decodeSnapshot(encodeSnapshot(b)).store.externs[4], -0));
});

test('an absent maximum may be null or undefined', () => {
  const t = strongFull.store.tables[1]!;
  const undef = {
    ...strongFull,
    store: {
      ...strongFull.store,
      tables: [
        strongFull.store.tables[0]!,
        { ...t, type: { ...t.type, limits: { min: 0, max: undefined as unknown as null } } },
      ],
    },
  };
  assert.deepStrictEqual(encodeSnapshot(undef), encodeSnapshot(strongFull));
});

test('encoding is deterministic across calls and independent of memory views', () => {
  const rng = new Prng(0xcb);
  const s = genSnapshot(rng, { maxPages: 4 });
  const first = encodeSnapshot(s);
  for (let i = 0; i < 3; i++) assert.deepStrictEqual(encodeSnapshot(s), first);
});
