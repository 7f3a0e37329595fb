/**
 * `fuelUsed` and the shared interrupt flag of `Store.call`.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { i32, Module, Store } from '../src/index.js';

// (func (export "count") (param i32) (result i32)  loop: local.get 0, i32.const 1, i32.sub, local.tee 0, br_if 0; local.get 0)
const COUNT = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7f, 0x03, 0x02, 0x01,
  0x00, 0x07, 0x09, 0x01, 0x05, 0x63, 0x6f, 0x75, 0x6e, 0x74, 0x00, 0x00, 0x0a, 0x12, 0x01, 0x10, 0x00, 0x03, 0x40,
  0x20, 0x00, 0x41, 0x01, 0x6b, 0x22, 0x00, 0x0d, 0x00, 0x0b, 0x20, 0x00, 0x0b,
]);

function setup(): { store: Store; count: number } {
  const store = new Store();
  const inst = store.instantiate(new Module(COUNT), []);
  return { store, count: store.exportOf(inst, 'count')!.addr };
}

test('fuelUsed is the budget when fuel runs out, and the instructions executed when the run ends first', () => {
  const { store, count } = setup();
  const ex = store.call(count, [i32(3)]);
  const r = ex.run({ fuel: 7 });
  assert.equal(r.status, 'suspended');
  assert.equal(ex.fuelUsed, 7);
  const done = ex.run({ fuel: 1000 });
  assert.equal(done.status, 'done');
  // 3 iterations × 5 instructions + local.get + return = 17 internal instructions in all.
  assert.equal(ex.fuelUsed, 17 - 7);
});

test('a shared interrupt flag set before the run suspends at the first back-edge', () => {
  const { store, count } = setup();
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const ex = store.call(count, [i32(1000)], { interruptFlag: flag });
  Atomics.store(flag, 0, 1);
  const r = ex.run();
  assert.equal(r.status, 'suspended');
  assert.equal(r.status === 'suspended' && r.reason, 'interrupt');
  assert.equal(Atomics.load(flag, 0), 0, 'the flag is cleared when honoured');
  assert.equal(ex.fuelUsed, 0, 'no budget, no count');
  const done = ex.run();
  assert.deepEqual(done.status === 'done' && done.results, [i32(0)]);
});
