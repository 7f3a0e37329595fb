/**
 * The codec against the real interpreter: run a module, suspend it (fuel or a host call), capture,
 * encode, decode into a fresh store, resume, and get exactly what an uninterrupted run gives (result,
 * memory, globals). Checks that the codec's reading of the capture format (references as address + 1,
 * frames, value stack) matches the interpreter's.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  Execution,
  type HostFunction,
  i32,
  Module,
  type RunResult,
  Store,
  SUSPEND,
  type WasmValue,
} from '@edgedancer/interpreter';
import { decodeSnapshot, encodeSnapshot, hashModule, type Snapshot } from '../src/index.js';

/**
 * `(import "env" "tick" (func (param i32) (result i32)))`, memory 1..4, a mutable i32 global, a funcref
 * table holding `sum`, and `sum(n)`: for i in 0..n, store i*i at 4i, add it back into acc, count in the
 * global; then return `tick(acc)`.
 */
function sumModule(): Uint8Array {
  const body = [
    0x01, 0x02, 0x7f, 0x03, 0x40, 0x20, 0x01, 0x41, 0x04, 0x6c, 0x20, 0x01, 0x20, 0x01, 0x6c, 0x36, 0x02, 0x00, 0x20,
    0x02, 0x20, 0x01, 0x41, 0x04, 0x6c, 0x28, 0x02, 0x00, 0x6a, 0x21, 0x02, 0x23, 0x00, 0x41, 0x01, 0x6a, 0x24, 0x00,
    0x20, 0x01, 0x41, 0x01, 0x6a, 0x22, 0x01, 0x20, 0x00, 0x48, 0x0d, 0x00, 0x0b, 0x20, 0x02, 0x10, 0x00, 0x0b,
  ];
  const code = [0x01, body.length, ...body];
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    0x01,
    0x06,
    0x01,
    0x60,
    0x01,
    0x7f,
    0x01,
    0x7f,
    0x02,
    0x0c,
    0x01,
    0x03,
    0x65,
    0x6e,
    0x76,
    0x04,
    0x74,
    0x69,
    0x63,
    0x6b,
    0x00,
    0x00,
    0x03,
    0x02,
    0x01,
    0x00,
    0x04,
    0x04,
    0x01,
    0x70,
    0x00,
    0x02,
    0x05,
    0x04,
    0x01,
    0x01,
    0x01,
    0x04,
    0x06,
    0x06,
    0x01,
    0x7f,
    0x01,
    0x41,
    0x00,
    0x0b,
    0x07,
    0x07,
    0x01,
    0x03,
    0x73,
    0x75,
    0x6d,
    0x00,
    0x01,
    0x09,
    0x07,
    0x01,
    0x00,
    0x41,
    0x00,
    0x0b,
    0x01,
    0x01,
    0x0a,
    code.length,
    ...code,
  ]);
}

const WASM = sumModule();
const HASH = hashModule(WASM);
const tick: HostFunction = (args) => [i32((args[0] as { value: number }).value + 1000)];
const TYPE = { params: [0x7f], results: [0x7f] } as const;

function start(host: HostFunction): { store: Store; sum: number } {
  const store = new Store();
  const module = new Module(WASM);
  const inst = store.instantiate(module, [store.hostFunc(TYPE, host, 'env.tick')]);
  return { store, sum: store.exportOf(inst, 'sum')!.addr };
}

function outcome(store: Store, r: RunResult): { result: WasmValue[]; memory: Uint8Array; global: WasmValue } {
  assert.equal(r.status, 'done');
  return {
    result: r.status === 'done' ? r.results : [],
    memory: new Uint8Array(store.memoryBuffer(0)).slice(),
    global: store.getGlobal(0),
  };
}

function migrate(_store: Store, snap: Snapshot, host: HostFunction): { store: Store; snap: Snapshot } {
  const bytes = encodeSnapshot(snap);
  const back = decodeSnapshot(bytes, { moduleHashes: [HASH], agentId: snap.agentId });
  assert.deepStrictEqual(encodeSnapshot(back), bytes);
  assert.deepStrictEqual(back.store, snap.store, 'the decoded store is the capture');
  const fresh = Store.restore(back.store, [new Module(WASM)], () => host);
  return { store: fresh, snap: back };
}

test('fuel suspensions at many cut points: migrate every time, same result as a run that never moved', () => {
  const n = 40;
  const ref = start(tick);
  const expected = outcome(ref.store, ref.store.call(ref.sum, [i32(n)]).run());
  for (const fuel of [1, 2, 3, 7, 19, 50, 333]) {
    let { store, sum } = start(tick);
    let ex = store.call(sum, [i32(n)]);
    let r = ex.run({ fuel });
    let counter = 0n;
    while (r.status === 'suspended') {
      const snap: Snapshot = {
        agentId: 'sum-agent',
        migrationCounter: counter++,
        kind: 'strong',
        moduleHashes: [HASH],
        store: store.capture(),
        execution: ex.capture(),
        hostSections: [],
      };
      const moved = migrate(store, snap, tick);
      store = moved.store;
      ex = Execution.restore(store, moved.snap.execution!);
      r = ex.run({ fuel });
    }
    assert.deepStrictEqual(outcome(store, r), expected, `fuel ${fuel}`);
  }
});

test('a host call that suspends migrates and completes on the other side', () => {
  const suspending: HostFunction = () => SUSPEND;
  const { store, sum } = start(suspending);
  const ex = store.call(sum, [i32(10)]);
  const r = ex.run();
  assert.equal(r.status, 'suspended');
  const state = ex.capture();
  assert.equal(state.reason, 'host');
  const snap: Snapshot = {
    agentId: 'h',
    migrationCounter: 1n,
    kind: 'strong',
    moduleHashes: [HASH],
    store: store.capture(),
    execution: state,
    hostSections: [{ name: 'platform', version: 1, bytes: Uint8Array.of(1) }],
  };
  const moved = migrate(store, snap, suspending);
  const resumed = Execution.restore(moved.store, moved.snap.execution!);
  const done = resumed.resume([i32(1234)]);
  assert.deepStrictEqual(done.status === 'done' && done.results, [i32(1234)]);
  assert.equal((moved.store.getGlobal(0) as { value: number }).value, 10);
});

test('a weak snapshot after a run carries memory, globals and the table', () => {
  const { store, sum } = start(tick);
  store.invoke(sum, [i32(100)]);
  const snap: Snapshot = {
    agentId: 'w',
    migrationCounter: 3n,
    kind: 'weak',
    moduleHashes: [HASH],
    store: store.capture(),
    execution: null,
    hostSections: [],
  };
  const moved = migrate(store, snap, tick);
  assert.deepStrictEqual(new Uint8Array(moved.store.memoryBuffer(0)), new Uint8Array(store.memoryBuffer(0)));
  assert.deepStrictEqual(moved.store.getGlobal(0), store.getGlobal(0));
  assert.deepStrictEqual(moved.snap.store.tables[0]!.elements, Int32Array.of(2, 0), 'funcref = address + 1, null = 0');
  const again = moved.store.invoke(moved.store.exportOf(0, 'sum')!.addr, [i32(3)]);
  assert.deepStrictEqual(again, [i32(1005)]);
});

test('host functions made between instantiations keep their addresses and order through a move', () => {
  const store = new Store();
  const module = new Module(WASM);
  const first = store.instantiate(module, [store.hostFunc(TYPE, tick, 'env.tick')]);
  const plus: HostFunction = (args) => [i32((args[0] as { value: number }).value + 7)];
  const second = store.instantiate(module, [store.hostFunc(TYPE, plus, 'env.plus')]);
  const captured = store.capture();
  assert.deepStrictEqual([...captured.funcs], [-1, 0, 0, 1, -1, 1, 1, 1]);
  assert.deepStrictEqual(
    captured.hostFuncs.map((h) => h.name),
    ['env.tick', 'env.plus'],
  );
  const snap: Snapshot = {
    agentId: 'two',
    migrationCounter: 1n,
    kind: 'weak',
    moduleHashes: [HASH],
    store: captured,
    execution: null,
    hostSections: [],
  };
  const bytes = encodeSnapshot(snap);
  const back = decodeSnapshot(bytes, { moduleHashes: [HASH] });
  assert.deepStrictEqual(back.store, captured);
  const fresh = Store.restore(back.store, [new Module(WASM)], (name) => (name === 'env.plus' ? plus : tick));
  const run = (s: Store, inst: number): WasmValue[] => s.invoke(s.exportOf(inst, 'sum')!.addr, [i32(3)]);
  assert.deepStrictEqual(run(fresh, second), run(store, second));
  assert.deepStrictEqual(run(fresh, first), run(store, first));
  assert.deepStrictEqual(run(fresh, second), [i32(0 + 1 + 4 + 7)]);
});
