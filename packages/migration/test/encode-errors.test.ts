/**
 * The encoder refuses what the decoder would refuse (with the same codes) and what has no portable
 * encoding, before writing anything.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StoreState } from '@edgedancer/interpreter';
import { encodeSnapshot, type Snapshot, SnapshotError, type SnapshotErrorCode } from '../src/index.js';
import { strongFull, weakMinimal } from './vector-fixtures.js';

function refuses(s: unknown, code: SnapshotErrorCode): void {
  assert.throws(
    () => encodeSnapshot(s as Snapshot),
    (e: unknown) => e instanceof SnapshotError && e.code === code,
    `expected ${code}`,
  );
}

const store = (patch: Partial<Record<keyof StoreState, unknown>>, base: Snapshot = strongFull): Snapshot =>
  ({ ...base, store: { ...base.store, ...patch } }) as Snapshot;

test('host values without a portable encoding', () => {
  for (const v of [{}, [], () => 1, Symbol('s'), new Uint8Array(1), new Date(0)])
    refuses(store({ externs: [v] }, weakMinimal), 'unsupported-extern');
  refuses(store({ externs: ['\ud800'] }, weakMinimal), 'bad-utf8');
  refuses(store({ externs: ['a\udc00b'] }, weakMinimal), 'bad-utf8');
});

test('a GC heap (section 15): types, word 0, the first object, references into it', () => {
  const heap = (words: number[], types: number[]): { gcHeap: unknown } => ({
    gcHeap: { words: Int32Array.from(words), types: Int32Array.from(types) },
  });
  refuses(store(heap([0, 0, 0], [0]), weakMinimal), 'bad-length');
  refuses(store(heap([0, 0, 0], [1, 0]), weakMinimal), 'bad-index');
  refuses(store(heap([0, 0, 0], [0, 0, 0, 0]), weakMinimal), 'non-canonical');
  refuses(store(heap([0], [0, 0]), weakMinimal), 'non-canonical');
  refuses(store(heap([7, 0, 0], [0, 0]), weakMinimal), 'bad-value');
  refuses(store(heap([0, 1, 0], [0, 0]), weakMinimal), 'bad-index');
  refuses(store({ gcHeap: { words: [0, 0, 0], types: new Int32Array(2) } }, weakMinimal), 'bad-type');
  // An externref global pointing at an object: inside the heap or not.
  const withRef = (ref: number, words: number[]): Snapshot =>
    store(
      {
        globalTypes: Uint8Array.of(0x6f, 1),
        globalValues: Int32Array.of(ref, 0, 0, 0),
        ...heap(words, [0, 0]),
      },
      weakMinimal,
    );
  assert.ok(encodeSnapshot(withRef(0x4000_0001, [0, 0, 0])).length > 0);
  assert.ok(encodeSnapshot(withRef(-5, [0, 0, 0])).length > 0);
  refuses(withRef(0x4000_0003, [0, 0, 0]), 'bad-index');
});

test('exact reference types (section 14)', () => {
  const rt = (globals: number[], types: number[] = []): Snapshot =>
    store(
      {
        globalTypes: Uint8Array.of(0x70, 0),
        globalValues: new Int32Array(4),
        refTypes: {
          globals: Int32Array.from(globals),
          tables: new Int32Array(0),
          elems: new Int32Array(0),
          types: Int32Array.from(types),
        },
      },
      weakMinimal,
    );
  assert.ok(encodeSnapshot(rt([0, 0x170])).length > 0);
  assert.ok(encodeSnapshot(rt([0, 0x201], [0, 0])).length > 0);
  refuses(rt([1, 0x170]), 'bad-index');
  refuses(rt([0, 0x70]), 'non-canonical');
  refuses(rt([0, 0x6e]), 'bad-type');
  refuses(rt([0, 0x123]), 'bad-type');
  refuses(rt([0, 0x203], [0, 0]), 'bad-index');
  refuses(rt([0, 0x201], [0, 0, 0, 1]), 'non-canonical');
  refuses(rt([0, 0x201], [1, 0]), 'bad-index');
  refuses(rt([0, 0x201, 0, 0x201], [0, 0]), 'non-canonical');
  refuses(rt([0, 0x170, 0]), 'bad-length');
});

test('agent, counter, kind', () => {
  refuses({ ...weakMinimal, agentId: '' }, 'bad-value');
  refuses({ ...weakMinimal, agentId: 'x'.repeat(257) }, 'bad-value');
  refuses({ ...weakMinimal, agentId: 'é'.repeat(129) }, 'bad-value');
  refuses({ ...weakMinimal, agentId: '\ud83d' }, 'bad-utf8');
  refuses({ ...weakMinimal, agentId: 7 }, 'bad-utf8');
  refuses({ ...weakMinimal, migrationCounter: -1n }, 'bad-value');
  refuses({ ...weakMinimal, migrationCounter: 1n << 64n }, 'bad-value');
  refuses({ ...weakMinimal, migrationCounter: 1 }, 'bad-value');
  refuses({ ...weakMinimal, kind: 'medium' }, 'bad-type');
  refuses({ ...weakMinimal, execution: strongFull.execution }, 'bad-value');
  refuses({ ...strongFull, execution: null }, 'bad-value');
  refuses(null, 'bad-type');
});

test('module hashes', () => {
  refuses({ ...weakMinimal, moduleHashes: [] }, 'bad-length');
  refuses({ ...weakMinimal, moduleHashes: [new Uint8Array(31)] }, 'bad-length');
  refuses({ ...weakMinimal, moduleHashes: ['00'.repeat(32)] }, 'bad-length');
});

test('store shape and consistency', () => {
  refuses(store({ version: 2 }), 'unsupported-version');
  refuses(store({ globalValues: [0] }), 'bad-type');
  refuses(store({ instances: [{ ...strongFull.store.instances[0]!, funcs: [0, 1, 2] }] }), 'bad-type');
  refuses(store({ globalValues: new Int32Array(4) }), 'bad-length');
  refuses(store({ moduleCount: 1.5 }), 'bad-value');
  refuses(store({ funcs: Int32Array.of(...strongFull.store.funcs, 0, 0) }), 'bad-index');
  refuses(store({ funcs: Int32Array.of(...strongFull.store.funcs, 1, 0) }), 'bad-index');
  refuses(store({ funcs: Int32Array.of(...strongFull.store.funcs, -2, 0) }), 'bad-index');
  refuses(store({ hostFuncs: [{ name: 'h', type: { params: [0x40], results: [] } }] }), 'bad-type');
  refuses(store({ funcs: [...strongFull.store.funcs] }), 'bad-type');
  refuses(store({ funcs: Int32Array.of(...strongFull.store.funcs, 0) }), 'bad-length');
  refuses(store({ datasDropped: Uint8Array.of(1, 3) }), 'bad-value');
  refuses(
    store({ tables: [{ type: { elemType: 0x70, limits: { min: 0, max: null } }, elements: Int32Array.of(-1) }] }),
    'bad-index',
  );
  refuses(
    store({ mems: [{ type: { limits: { min: 0, max: null } }, bytes: new Uint8Array(100) }] }, weakMinimal),
    'bad-length',
  );
  refuses(
    store({ mems: [{ type: { limits: { min: 0, max: 0 } }, bytes: new Uint8Array(65536) }] }, weakMinimal),
    'bad-value',
  );
  refuses(
    store({ mems: [{ type: { limits: { min: 0, max: 65537 } }, bytes: new Uint8Array(0) }] }, weakMinimal),
    'bad-value',
  );
  refuses(store({ globalTypes: [{ valType: 0x7f, mutable: true }] }, weakMinimal), 'bad-type');
  refuses(store({ globalTypes: Uint8Array.of(0x7f) }, weakMinimal), 'bad-length');
  refuses(store({ globalTypes: Uint8Array.of(0x40, 1) }, weakMinimal), 'bad-type');
  refuses(store({ globalTypes: Uint8Array.of(0x7f, 2) }, weakMinimal), 'bad-value');
  refuses(store({ datasDropped: [0] }, weakMinimal), 'bad-type');
});

test('host functions: each entry of hostFuncs used once, in address order', () => {
  const h = (name: string) => ({ name, type: { params: [], results: [] } });
  const hosts = (funcs: number[], hostFuncs: unknown[]): Snapshot =>
    store({
      funcs: Int32Array.of(...strongFull.store.funcs, ...funcs),
      hostFuncs: [...strongFull.store.hostFuncs, ...hostFuncs],
    });
  // strongFull has host function 0 at address 0 and wasm functions at 1 and 2.
  assert.doesNotThrow(() => encodeSnapshot(hosts([-1, 1, -1, 2], [h('a'), h('b')])));
  refuses(hosts([-1, 1], []), 'bad-index');
  refuses(hosts([-1, -1], [h('a')]), 'bad-index');
  refuses(hosts([-1, 0], []), 'non-canonical');
  refuses(hosts([-1, 2, -1, 1], [h('a'), h('b')]), 'non-canonical');
  refuses(hosts([], [h('unused')]), 'non-canonical');
  refuses(hosts([-1, 1], [h('a'), h('unused')]), 'non-canonical');
  refuses(store({ hostFuncs: {} }), 'bad-type');
  refuses(store({ hostFuncs: [{ name: 7, type: { params: [], results: [] } }] }), 'bad-type');
  refuses(store({ hostFuncs: [{ name: 'h', type: { params: 'i32', results: [] } }] }), 'bad-type');
  refuses(store({ hostFuncs: [null] }), 'bad-type');
});

test('execution consistency', () => {
  const ex = strongFull.execution!;
  refuses({ ...strongFull, execution: { ...ex, version: 2 } }, 'unsupported-version');
  refuses({ ...strongFull, execution: { ...ex, frames: Int32Array.of(0, 0, 0) } }, 'bad-type');
  refuses({ ...strongFull, execution: { ...ex, frames: Int32Array.of() } }, 'bad-value');
  refuses({ ...strongFull, execution: { ...ex, frames: Int32Array.of(1, 0) } }, 'bad-length');
  refuses({ ...strongFull, execution: { ...ex, stack: Int32Array.of(1) } }, 'bad-length');
  refuses({ ...strongFull, execution: { ...ex, reason: 'fuel' } }, 'bad-value');
  refuses({ ...strongFull, execution: { ...ex, reason: 'sleep', pendingCall: null } }, 'bad-type');
  refuses({ ...strongFull, execution: { ...ex, pendingCall: 1 } }, 'bad-type');
});

test('host sections', () => {
  const h = (name: string, version = 0) => ({ name, version, bytes: new Uint8Array(0) });
  refuses({ ...weakMinimal, hostSections: [h('wasi'), h('wasi', 1)] }, 'bad-value');
  for (const name of ['', 'Wasi', '1abc', 'a b', 'x'.repeat(65), 'é'])
    refuses({ ...weakMinimal, hostSections: [h(name)] }, 'bad-value');
  refuses({ ...weakMinimal, hostSections: [h('a', -1)] }, 'bad-value');
  refuses({ ...weakMinimal, hostSections: [h('a', 2 ** 32)] }, 'bad-value');
  refuses({ ...weakMinimal, hostSections: [{ name: 'a', version: 0, bytes: [1] }] }, 'bad-type');
});
