/**
 * A WebAssembly GC program migrated mid-computation through the byte format: a linked list of structs is built
 * and then folded; the run is suspended by fuel at many cut points, each time captured (its heap in section 15),
 * encoded, decoded into a fresh store and resumed, and ends with the result of a run that never moved.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Execution, i32, Module, type RunResult, Store } from '@edgedancer/interpreter';
import { decodeSnapshot, encodeSnapshot, hashModule, type Snapshot } from '../src/index.js';

/**
 * Type 0 `(struct (field i32) (field (ref null 0)))`, type 1 `(func (param i32) (result i32))`, and
 * `run(n)`: push `0 … n-1` onto a list of type-0 structs, then fold it from the head as `acc = acc * 31 + v`.
 */
function listModule(): Uint8Array {
  // biome-ignore format: one instruction group a line
  const body = [
    0x02, 0x01, 0x63, 0x00, 0x02, 0x7f, // locals: list (ref null 0); i, acc: i32
    0x02, 0x40, 0x03, 0x40, // block loop
    0x20, 0x02, 0x20, 0x00, 0x4e, 0x0d, 0x01, // i >= n: br 1
    0x20, 0x02, 0x20, 0x01, 0xfb, 0x00, 0x00, 0x21, 0x01, // list = struct.new 0 (i, list)
    0x20, 0x02, 0x41, 0x01, 0x6a, 0x21, 0x02, 0x0c, 0x00, // i++; br 0
    0x0b, 0x0b,
    0x02, 0x40, 0x03, 0x40, // block loop
    0x20, 0x01, 0xd1, 0x0d, 0x01, // list null: br 1
    0x20, 0x03, 0x41, 0x1f, 0x6c, 0x20, 0x01, 0xfb, 0x02, 0x00, 0x00, 0x6a, 0x21, 0x03, // acc = acc * 31 + list.0
    0x20, 0x01, 0xfb, 0x02, 0x00, 0x01, 0x21, 0x01, 0x0c, 0x00, // list = list.1; br 0
    0x0b, 0x0b,
    0x20, 0x03, 0x0b,
  ];
  const types = [0x02, 0x5f, 0x02, 0x7f, 0x00, 0x63, 0x00, 0x00, 0x60, 0x01, 0x7f, 0x01, 0x7f];
  const exports = [0x01, 0x03, 0x72, 0x75, 0x6e, 0x00, 0x00];
  const code = [0x01, body.length, ...body];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...[0x01, types.length, ...types],
    ...[0x03, 0x02, 0x01, 0x01],
    ...[0x07, exports.length, ...exports],
    ...[0x0a, code.length, ...code],
  ]);
}

const WASM = listModule();
const HASH = hashModule(WASM);

/** The module imports nothing: no host function is ever resolved. */
const noHost = (): never => {
  throw new Error('no host functions');
};

function start(): { store: Store; run: number } {
  const store = new Store();
  const inst = store.instantiate(new Module(WASM), []);
  return { store, run: store.exportOf(inst, 'run')!.addr };
}

function result(r: RunResult): unknown {
  assert.equal(r.status, 'done');
  return r.status === 'done' ? r.results : null;
}

test('a GC program captured mid-computation moves through the byte format and finishes the same', () => {
  const n = 60;
  const ref = start();
  const expected = result(ref.store.call(ref.run, [i32(n)]).run());
  let heaps = 0;
  for (const fuel of [1, 5, 37, 200]) {
    let { store, run } = start();
    let ex = store.call(run, [i32(n)]);
    let r = ex.run({ fuel });
    let counter = 0n;
    while (r.status === 'suspended') {
      const snap: Snapshot = {
        agentId: 'gc-list',
        migrationCounter: counter++,
        kind: 'strong',
        moduleHashes: [HASH],
        store: store.capture(),
        execution: ex.capture(),
        hostSections: [],
      };
      if (snap.store.gcHeap !== undefined) heaps++;
      const bytes = encodeSnapshot(snap);
      const back = decodeSnapshot(bytes, { moduleHashes: [HASH], agentId: 'gc-list' });
      assert.deepStrictEqual(back.store.gcHeap, snap.store.gcHeap);
      assert.deepStrictEqual(encodeSnapshot(back), bytes);
      store = Store.restore(back.store, [new Module(WASM)], noHost);
      ex = Execution.restore(store, back.execution!);
      r = ex.run({ fuel });
    }
    assert.deepStrictEqual(result(r), expected, `fuel ${fuel}`);
  }
  assert.ok(heaps > 100, `snapshots carried a heap ${heaps} times`);
});

test('a snapshot whose heap words are malformed decodes but is refused on restore', () => {
  const { store, run } = start();
  const ex = store.call(run, [i32(20)]);
  assert.equal(ex.run({ fuel: 150 }).status, 'suspended');
  const snap: Snapshot = {
    agentId: 'gc-list',
    migrationCounter: 0n,
    kind: 'weak',
    moduleHashes: [HASH],
    store: store.capture(),
    execution: null,
    hostSections: [],
  };
  const words = snap.store.gcHeap!.words.slice();
  words[4] = 0x7fff; // the first struct's `next`: an address (tag Heap) no object starts at
  words[5] = 1;
  const bad = { ...snap, store: { ...snap.store, gcHeap: { ...snap.store.gcHeap!, words } } };
  const back = decodeSnapshot(encodeSnapshot(bad));
  assert.throws(() => Store.restore(back.store, [new Module(WASM)], noHost), TypeError);
});

test('an exception whose tag takes a struct reference travels in section 13 with the struct in section 15', async () => {
  const { parse } = await import('@bytecodealliance/jco-transpile/wasm-tools');
  const wasm = await parse(`(module
    (type $s (struct (field i32)))
    (tag $e (param (ref null $s)))
    (global $kept (mut exnref) (ref.null exn))
    (func (export "keep") (param i32)
      (global.set $kept
        (block $h (result exnref)
          (try_table (catch_all_ref $h) (throw $e (struct.new $s (local.get 0))))
          (unreachable))))
    (func (export "again") (result i32)
      (block $h (result (ref null $s))
        (try_table (catch $e $h) (throw_ref (global.get $kept)))
        (unreachable))
      (struct.get $s 0)))`);
  const hash = hashModule(wasm);
  const store = new Store();
  const inst = store.instantiate(new Module(wasm), []);
  result(store.call(store.exportOf(inst, 'keep')!.addr, [i32(41)]).run());
  const snap: Snapshot = {
    agentId: 'gc-exn',
    migrationCounter: 0n,
    kind: 'weak',
    moduleHashes: [hash],
    store: store.capture(),
    execution: null,
    hostSections: [],
  };
  assert.deepStrictEqual(snap.store.exceptions?.tags, [[0x6f]], 'the parameter as its hierarchy: externref');
  const bytes = encodeSnapshot(snap);
  const back = decodeSnapshot(bytes, { moduleHashes: [hash], agentId: 'gc-exn' });
  assert.deepStrictEqual(encodeSnapshot(back), bytes);
  const moved = Store.restore(back.store, [new Module(wasm)], noHost);
  const again = moved.exportOf(moved.instances.length - 1, 'again')!.addr;
  assert.deepStrictEqual(result(moved.call(again, []).run()), [i32(41)]);
  // a payload reference past the heap's end is refused
  const words = snap.store.exceptions!.exnWords.slice();
  words[0] = 0x4000_0000 + snap.store.gcHeap!.words.length + 8;
  const bad = { ...snap, store: { ...snap.store, exceptions: { ...snap.store.exceptions!, exnWords: words } } };
  assert.throws(
    () => encodeSnapshot(bad),
    (e: Error & { code?: string }) => e.code === 'bad-index',
  );
});

test('equal heaps encode to equal bytes whatever their layout', () => {
  const { store, run } = start();
  const ex = store.call(run, [i32(40)]);
  // Suspend in the building loop with no operand on the stack: `n`, `list`, `i`, `acc` are the 4 slots.
  let r = ex.run({ fuel: 300 });
  while (r.status === 'suspended' && ex.capture().stack.length !== 8) r = ex.run({ fuel: 1 });
  assert.equal(r.status, 'suspended');
  const snap: Snapshot = {
    agentId: 'gc-list',
    migrationCounter: 0n,
    kind: 'strong',
    moduleHashes: [HASH],
    store: store.capture(),
    execution: ex.capture(),
    hostSections: [],
  };
  const bytes = encodeSnapshot(snap);
  // The same heap laid out backwards: the objects (5 words each) in reverse order, references and the `list`
  // local (stack word 2) rewritten.
  const words = snap.store.gcHeap!.words;
  const n = (words.length - 1) / 5;
  assert.ok(n > 3);
  const moved = (addr: number): number => 1 + 5 * (n - 1 - (addr - 1) / 5);
  const reversed = new Int32Array(words.length);
  for (let k = 0; k < n; k++) {
    const from = 1 + 5 * k;
    const to = moved(from);
    reversed.set(words.subarray(from, from + 5), to);
    if (reversed[to + 4] === 1) reversed[to + 3] = moved(reversed[to + 3]!);
  }
  const stack = snap.execution!.stack.slice();
  stack[2] = 0x40000000 | moved(stack[2]! & 0x3fffffff);
  assert.notDeepStrictEqual([...reversed], [...words]);
  const other = Store.restore(
    { ...structuredClone(snap.store), gcHeap: { types: snap.store.gcHeap!.types.slice(), words: reversed } },
    [new Module(WASM)],
    noHost,
  );
  const otherEx = Execution.restore(other, { ...snap.execution!, stack });
  const again: Snapshot = { ...snap, store: other.capture(), execution: otherEx.capture() };
  assert.deepStrictEqual(encodeSnapshot(again), bytes);
  // Both finish as a run that never moved.
  const ref = start();
  const expected = result(ref.store.call(ref.run, [i32(40)]).run());
  assert.deepStrictEqual(result(otherEx.run()), expected);
  assert.deepStrictEqual(result(ex.run()), expected);
});
