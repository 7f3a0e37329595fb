/**
 * The persisted plaintext of an agent: format 1 keeps the store's pre-compact layout (functions and global
 * types as objects) while the codec hands out the interpreter's compact `StoreState`; blobs written in that
 * layout before the compact capture still restore; malformed layouts are refused.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deserialize, serialize } from 'node:v8';
import { type HostFunction, i32, Module, Store, type StoreState } from '@edgedancer/interpreter';
import { decodeAgentState, encodeAgentState } from '../src/agent-state-codec.js';
import { AGENT_MODULE } from './agent-modules.js';
import { assertEnclaveError } from './helpers.js';

const io = { params: [0x7f, 0x7f], results: [] } as const;
const fetchSig = { params: [0x7f, 0x7f], results: [0x7f] } as const;
const log: HostFunction = () => [];
const fetch: HostFunction = () => [i32(0)];

/** An agent store with host functions before and after its instance, after two `bump` calls. */
function agentStore(): { store: Store; instanceAddr: number } {
  const store = new Store();
  const instanceAddr = store.instantiate(new Module(AGENT_MODULE), [
    store.hostFunc(io, log, 'env.log'),
    store.hostFunc(fetchSig, fetch, 'env.fetch'),
  ]);
  store.hostFunc(io, log, 'env.late');
  const bump = store.exportOf(instanceAddr, 'bump')!.addr;
  store.invoke(bump, []);
  store.invoke(bump, []);
  return { store, instanceAddr };
}

/** The store as format 1 writes it: functions and global types as objects. */
function objectLayout(s: StoreState, sharedGlobalType = false): object {
  const funcs = [];
  for (let a = 0; a < s.funcs.length / 2; a++) {
    const [instance, index] = [s.funcs[2 * a]!, s.funcs[2 * a + 1]!];
    funcs.push(instance === -1 ? { kind: 'host', ...s.hostFuncs[index]! } : { kind: 'wasm', instance, funcIdx: index });
  }
  const shared = { valType: 0x7f, mutable: true };
  const globalTypes = [];
  for (let g = 0; g < s.globalTypes.length / 2; g++) {
    globalTypes.push(
      sharedGlobalType ? shared : { valType: s.globalTypes[2 * g], mutable: s.globalTypes[2 * g + 1] === 1 },
    );
  }
  const { hostFuncs: _, ...rest } = s;
  return { ...rest, funcs, globalTypes };
}

test('format 1 keeps functions and global types as objects, and decodes to the compact capture', () => {
  const { store, instanceAddr } = agentStore();
  const captured = store.capture();
  assert.deepStrictEqual([...captured.funcs.subarray(0, 4)], [-1, 0, -1, 1]);
  const bytes = encodeAgentState({ store: captured, execution: null, instanceAddr });
  const plain = deserialize(bytes) as {
    format: number;
    store: { funcs: unknown[]; globalTypes: unknown[]; hostFuncs?: unknown };
  };
  assert.equal(plain.format, 1);
  assert.equal(plain.store.hostFuncs, undefined);
  assert.deepStrictEqual(plain.store.funcs[0], { kind: 'host', name: 'env.log', type: io });
  assert.deepStrictEqual(plain.store.funcs[2], { kind: 'wasm', instance: instanceAddr, funcIdx: 2 });
  assert.deepStrictEqual(plain.store.funcs.at(-1), { kind: 'host', name: 'env.late', type: io });
  assert.deepStrictEqual(plain.store.globalTypes, [{ valType: 0x7f, mutable: true }]);
  const back = decodeAgentState(bytes);
  assert.deepStrictEqual(back, { store: captured, execution: null, instanceAddr });
});

test('a blob in the object layout written before the compact capture restores (shared objects included)', () => {
  const { store, instanceAddr } = agentStore();
  const captured = store.capture();
  for (const shared of [false, true]) {
    const old = serialize({ format: 1, store: objectLayout(captured, shared), execution: null, instanceAddr });
    const back = decodeAgentState(new Uint8Array(old.buffer, old.byteOffset, old.length));
    assert.deepStrictEqual(back.store.funcs, captured.funcs);
    assert.deepStrictEqual(back.store.hostFuncs, captured.hostFuncs);
    assert.deepStrictEqual(back.store.globalTypes, captured.globalTypes);
    const restored = Store.restore(back.store, [new Module(AGENT_MODULE)], (name) =>
      name === 'env.fetch' ? fetch : log,
    );
    assert.deepStrictEqual(restored.invoke(restored.exportOf(instanceAddr, 'bump')!.addr, []), [i32(3)]);
  }
});

test('a store whose functions or global types have the wrong layout is malformed', () => {
  const { store, instanceAddr } = agentStore();
  const layout = objectLayout(store.capture()) as { funcs: unknown[]; globalTypes: unknown[] };
  const blob = (patch: object): Uint8Array => {
    const b = serialize({ format: 1, store: { ...layout, ...patch }, execution: null, instanceAddr });
    return new Uint8Array(b.buffer, b.byteOffset, b.length);
  };
  for (const patch of [
    { funcs: Int32Array.of(0, 0) },
    { funcs: [...layout.funcs.slice(1), { kind: 'closure' }] },
    { funcs: [{ kind: 'wasm', instance: -1, funcIdx: 0 }] },
    { funcs: [{ kind: 'host', name: 7, type: io }] },
    { funcs: [{ kind: 'host', name: 'env.log' }] },
    { globalTypes: new Uint8Array(2) },
    { globalTypes: [{ valType: 0x7f, mutable: 1 }] },
    { globalTypes: [{ valType: 0x17f, mutable: true }] },
    { globalTypes: [null] },
  ]) {
    assertEnclaveError(() => decodeAgentState(blob(patch)), 'malformed');
  }
});
