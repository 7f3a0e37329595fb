/**
 * Exception handling through the codec: a program that throws across frames, catches by reference
 * (`try_table`/`catch_all_ref`), keeps the `exnref` in a local and throws it again into a legacy `try`/`catch`
 * is suspended at every instruction, encoded, decoded into a fresh store and resumed; it gives the result of a
 * run that never moved, and every snapshot re-encodes to its own bytes (section 13 is canonical).
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Execution, i32, Module, type RunResult, Store, type WasmValue } from '@edgedancer/interpreter';
import { buildModule, I, T } from '@edgedancer/interpreter/wasm-builder';
import { decodeSnapshot, encodeSnapshot, hashModule, type Snapshot } from '../src/index.js';

/** `run(n)`: for k = n … 1, `thrower(k)` throws tag 0 with k; caught by reference, thrown again, caught by value. */
const WASM = buildModule({
  tags: [{ params: [T.i32] }],
  funcs: [
    { params: [T.i32], results: [], body: [...I.localGet(0), ...I.throw(0)] },
    {
      params: [T.i32],
      results: [T.i32],
      locals: [T.i32, T.exnref],
      export: 'run',
      body: [
        ...I.loop,
        0x02,
        T.exnref,
        ...I.tryTable(0x40, [[3, 0]]),
        ...I.localGet(0),
        ...I.call(0),
        ...I.end,
        ...I.unreachable,
        ...I.end,
        ...I.localSet(2),
        ...I.try(T.i32),
        ...I.localGet(2),
        ...I.throwRef,
        ...I.catch(0),
        ...I.catchAll,
        ...I.i32Const(-1),
        ...I.end,
        ...I.localGet(1),
        ...I.i32Add,
        ...I.localSet(1),
        ...I.localGet(0),
        ...I.i32Const(1),
        ...I.i32Sub,
        ...I.localTee(0),
        ...I.brIf(0),
        ...I.end,
        ...I.localGet(1),
      ],
    },
  ],
});
const HASH = hashModule(WASM);

function start(): { store: Store; run: number } {
  const store = new Store();
  const inst = store.instantiate(new Module(WASM), []);
  return { store, run: store.exportOf(inst, 'run')!.addr };
}

function result(r: RunResult): WasmValue[] {
  assert.equal(r.status, 'done', r.status === 'trapped' ? r.error.message : 'suspended');
  return r.status === 'done' ? r.results : [];
}

test('suspended at every instruction and moved through the codec, it gives the unmoved result', () => {
  const n = 6;
  const ref = start();
  const expected = result(ref.store.call(ref.run, [i32(n)]).run());
  assert.deepStrictEqual(expected, [i32((n * (n + 1)) / 2)]);
  for (const fuel of [1, 2, 5]) {
    let { store, run } = start();
    let ex = store.call(run, [i32(n)]);
    let r = ex.run({ fuel });
    let moves = 0;
    let sawSection = false;
    while (r.status === 'suspended') {
      const snap: Snapshot = {
        agentId: 'eh',
        migrationCounter: BigInt(moves),
        kind: 'strong',
        moduleHashes: [HASH],
        store: store.capture(),
        execution: ex.capture(),
        hostSections: [],
      };
      const bytes = encodeSnapshot(snap);
      const back = decodeSnapshot(bytes, { moduleHashes: [HASH] });
      assert.deepStrictEqual(encodeSnapshot(back), bytes);
      if (back.store.exceptions !== undefined) {
        sawSection = true;
        assert.deepStrictEqual(back.store.exceptions.exnTags, snap.store.exceptions!.exnTags);
      }
      store = Store.restore(back.store, [new Module(WASM)], () => {
        throw new Error('no host functions');
      });
      ex = Execution.restore(store, back.execution!);
      r = ex.run({ fuel });
      moves++;
    }
    assert.deepStrictEqual(result(r), expected, `fuel ${fuel}`);
    assert.ok(sawSection && moves > 15, `fuel ${fuel}: ${moves} moves`);
  }
});

test('a snapshot whose exceptions refer to a missing exception or tag is refused before anything is built', () => {
  const { store, run } = start();
  const ex = store.call(run, [i32(2)]);
  let r = ex.run({ fuel: 15 });
  assert.equal(r.status, 'suspended');
  const state = store.capture();
  assert.ok(state.exceptions !== undefined);
  const bad = (exceptions: object): Snapshot => ({
    agentId: 'eh',
    migrationCounter: 0n,
    kind: 'weak',
    moduleHashes: [HASH],
    store: { ...state, exceptions: { ...state.exceptions!, ...exceptions } },
    execution: null,
    hostSections: [],
  });
  assert.throws(() => encodeSnapshot(bad({ hostTag: 0 })), { code: 'bad-type' });
  assert.throws(() => encodeSnapshot(bad({ hostTag: 5 })), { code: 'bad-index' });
  assert.throws(() => encodeSnapshot(bad({ instanceTags: [] })), { code: 'bad-length' });
  assert.throws(() => encodeSnapshot(bad({ exnTags: Int32Array.of(7) })), { code: 'bad-index' });
  void r;
  r = ex.run();
  assert.deepStrictEqual(result(r), [i32(3)]);
});
