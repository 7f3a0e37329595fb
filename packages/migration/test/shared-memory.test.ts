/**
 * Shared memories (threads) in snapshots: a running program with a shared memory and atomic instructions is
 * suspended, captured, encoded, decoded and resumed in a fresh store, where its memory is shared again and the
 * result is an uninterrupted run's; the encoding says `shared` (limits flag 3); a store whose shared memory
 * another agent holds refuses to capture with a typed error, and captures again once it is the only holder.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { CaptureError, Execution, i32, Module, type RunResult, Store } from '@edgedancer/interpreter';
import { decodeSnapshot, encodeSnapshot, hashModule, type Snapshot, SnapshotError } from '../src/index.js';

const WAT = `(module
  (memory (export "mem") 1 4 shared)
  (func (export "run") (param $n i32) (result i64) (local $i i32)
    (loop $l
      (drop (i32.atomic.rmw.add (i32.const 0) (local.get $i)))
      (drop (i64.atomic.rmw.xor (i32.const 8) (i64.extend_i32_u (i32.mul (local.get $i) (i32.const 0x9e3779b9)))))
      (i32.atomic.store8 (i32.add (i32.const 4096) (local.get $i)) (local.get $i))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (i64.add (i64.extend_i32_u (i32.atomic.load (i32.const 0))) (i64.atomic.load (i32.const 8)))))`;

function snapshotOf(store: Store, exec: Execution, hash: Uint8Array): Snapshot {
  return {
    agentId: 'threads',
    migrationCounter: 1n,
    kind: 'strong',
    moduleHashes: [hash],
    store: store.capture(),
    execution: exec.capture(),
    hostSections: [],
  };
}

test('a suspended program with a shared memory survives encode, decode and resume, shared', async () => {
  const bytes = await parse(WAT);
  const module = new Module(bytes);
  const hash = hashModule(bytes);

  const plain = new Store();
  const pi = plain.instantiate(module, []);
  const expected = plain.invoke(plain.exportOf(pi, 'run')!.addr, [i32(3000)]);

  const store = new Store();
  const inst = store.instantiate(module, []);
  const exec = store.call(store.exportOf(inst, 'run')!.addr, [i32(3000)]);
  let r: RunResult = exec.run({ fuel: 20_000 });
  assert.equal(r.status, 'suspended');
  const encoded = encodeSnapshot(snapshotOf(store, exec, hash));
  const decoded = decodeSnapshot(encoded, { moduleHashes: [hash] });
  assert.deepEqual(decoded.store.mems[0]!.type, { limits: { min: 1, max: 4 }, shared: true });
  assert.deepEqual(encodeSnapshot(decoded), encoded, 'canonical');

  const restored = Store.restore(decoded.store, [module], () => {
    throw new Error('no host functions');
  });
  assert.ok((restored.memoryBuffer(0) as ArrayBufferLike) instanceof SharedArrayBuffer);
  r = Execution.restore(restored, decoded.execution!).run();
  assert.equal(r.status, 'done');
  assert.deepEqual(r.status === 'done' ? r.results : [], expected);
  assert.deepEqual(new Uint8Array(restored.memoryBuffer(0)), new Uint8Array(plain.memoryBuffer(0)));
});

test('capture refuses while another agent holds a shared memory', async () => {
  const module = new Module(await parse(WAT));
  const store = new Store();
  store.instantiate(module, []);
  // Another agent (here a second store; in practice a worker given a structured clone of the handle).
  const other = new Store();
  const handle = structuredClone(store.sharedMemoryHandle(0));
  const adopted = other.adoptSharedMemory(handle);
  new Uint8Array(other.memoryBuffer(adopted.addr))[100] = 7;
  assert.equal(new Uint8Array(store.memoryBuffer(0))[100], 7, 'one memory');
  assert.throws(
    () => store.capture(),
    (e: unknown) =>
      e instanceof CaptureError && e.code === 'shared-memory-in-use' && /held by 2 agents/.test(e.message),
  );
  assert.throws(() => other.capture(), CaptureError);

  // A shared memory only its own store holds captures.
  const alone = new Store();
  alone.instantiate(module, []);
  assert.equal(alone.capture().mems[0]!.type.shared, true);
});

test('the memory limits flag takes 0, 1 or 3 (plus bit 2, memory64); a shared memory needs a maximum', () => {
  const shared: Snapshot = {
    agentId: 'a',
    migrationCounter: 0n,
    kind: 'weak',
    moduleHashes: [new Uint8Array(32)],
    execution: null,
    hostSections: [],
    store: {
      version: 1,
      moduleCount: 1,
      instances: [
        {
          module: 0,
          funcs: Int32Array.of(),
          tables: Int32Array.of(),
          mems: Int32Array.of(0),
          globals: Int32Array.of(),
          elems: Int32Array.of(),
          datas: Int32Array.of(),
        },
      ],
      funcs: Int32Array.of(),
      hostFuncs: [],
      tables: [],
      globalTypes: new Uint8Array(0),
      globalValues: new Int32Array(0),
      elems: [],
      datasDropped: new Uint8Array(0),
      externs: [],
      mems: [{ type: { limits: { min: 1, max: 2 }, shared: true }, bytes: new Uint8Array(65536) }],
    },
  };
  const bytes = encodeSnapshot(shared);
  // The memory section is last: count, min, flag, max, pages, runs.
  const flagAt = bytes.length - 4 - 4 - 4 - 1;
  assert.equal(bytes[flagAt], 3);
  for (const bad of [2, 6, 8, 0x83]) {
    const copy = bytes.slice();
    copy[flagAt] = bad;
    assert.throws(
      () => decodeSnapshot(copy),
      (e: unknown) => e instanceof SnapshotError && e.code === 'bad-value',
    );
  }
  const noMax = {
    ...shared,
    store: {
      ...shared.store,
      mems: [{ type: { limits: { min: 1, max: null }, shared: true }, bytes: new Uint8Array(65536) }],
    },
  };
  assert.throws(
    () => encodeSnapshot(noMax),
    (e: unknown) => e instanceof SnapshotError && e.code === 'bad-value',
  );
});
