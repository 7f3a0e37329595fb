/**
 * Fuel of the bulk instructions (`bulk-fuel.ts`): a unit per 64 bytes touched, paid before the instruction
 * runs, a stop before it when the fuel cannot pay (nothing done, capture exact), and progress at a run's start.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Execution, i32, Module, Store } from '../src/index.js';
import { buildModule, I, T } from '../src/wasm-builder/index.js';

const FILL = [0xfc, 0x0b, 0x00];
const COPY = [0xfc, 0x0a, 0x00, 0x00];

// fill(d, v, n): three constants' worth of work before the fill (local.get × 3), then memory.fill, then
// i32.load8_u at d (the result shows whether the fill happened).
const bytes = buildModule({
  memory: { min: 2, max: 8 },
  funcs: [
    {
      params: [T.i32, T.i32, T.i32],
      results: [T.i32],
      export: 'fill',
      body: [...I.localGet(0), ...I.localGet(1), ...I.localGet(2), ...FILL, ...I.localGet(0), 0x2d, 0x00, 0x00],
    },
    {
      params: [T.i32, T.i32, T.i32],
      results: [],
      export: 'copy',
      body: [...I.localGet(0), ...I.localGet(1), ...I.localGet(2), ...COPY],
    },
    { params: [T.i32], results: [T.i32], export: 'grow', body: [...I.localGet(0), ...I.memoryGrow] },
  ],
});

function setup(): { store: Store; module: Module; fill: number; copy: number; grow: number } {
  const module = new Module(bytes);
  const store = new Store();
  const inst = store.instantiate(module, []);
  return {
    store,
    module,
    fill: store.exportOf(inst, 'fill')!.addr,
    copy: store.exportOf(inst, 'copy')!.addr,
    grow: store.exportOf(inst, 'grow')!.addr,
  };
}

test('memory.fill costs one unit plus one per 64 bytes', () => {
  const { store, fill } = setup();
  const ex = store.call(fill, [i32(0), i32(7), i32(65536)]);
  const r = ex.run({ fuel: 100_000 });
  assert.deepEqual(r.status === 'done' && r.results, [i32(7)]);
  // 3 local.get, the fill (1 + 1024), local.get, load, end.
  assert.equal(ex.fuelUsed, 3 + 1 + 1024 + 3);
});

test('when the fuel cannot pay, the run stops before the fill, untouched, and resumes exactly after a restore', () => {
  const { store, module, fill } = setup();
  const mem = store.mems[0]!;
  const ex = store.call(fill, [i32(64), i32(9), i32(64 * 100)]);
  const r = ex.run({ fuel: 50 });
  assert.equal(r.status, 'suspended');
  assert.equal(r.status === 'suspended' && r.reason, 'fuel');
  assert.equal(ex.fuelUsed, 3, 'the three local.gets, not the fill');
  assert.equal(mem.u8[64], 0, 'nothing written');
  assert.equal(
    mem.u8.subarray(0, 65536 * 2).some((b) => b !== 0),
    false,
  );
  const saved = structuredClone({ store: store.capture(), exec: ex.capture() });
  const store2 = Store.restore(saved.store, [module], () => {
    throw new Error('no imports');
  });
  const ex2 = Execution.restore(store2, saved.exec);
  // Still less fuel than the fill costs, but the fill is this run's first instruction: it runs (a run always
  // progresses) and uses the budget up.
  const r2 = ex2.run({ fuel: 50 });
  assert.equal(r2.status, 'suspended');
  assert.equal(ex2.fuelUsed, 50, 'a run always progresses: the fill ran and took the whole budget');
  assert.equal(store2.mems[0]!.u8[64 + 64 * 100 - 1], 9);
  assert.equal(store2.mems[0]!.u8[64 + 64 * 100], 0);
  const done = ex2.run({ fuel: 100 });
  assert.deepEqual(done.status === 'done' && done.results, [i32(9)]);
});

test('with enough fuel for the fill, it runs in the same run', () => {
  const { store, fill } = setup();
  const ex = store.call(fill, [i32(0), i32(1), i32(64 * 10)]);
  const r = ex.run({ fuel: 3 + 1 + 10 });
  assert.equal(r.status, 'suspended');
  assert.equal(ex.fuelUsed, 14);
  assert.equal(store.mems[0]!.u8[639], 1);
});

test('a trapping fill touches nothing and costs one unit: it traps, never stops for fuel', () => {
  const { store, fill } = setup();
  const ex = store.call(fill, [i32(65536), i32(1), i32(0x7fffffff)]);
  const r = ex.run({ fuel: 10 });
  assert.equal(r.status, 'trapped');
});

test('memory.copy and memory.grow charge what they touch; a failing grow costs one unit', () => {
  const { store, copy, grow } = setup();
  const c = store.call(copy, [i32(0), i32(4096), i32(4096)]);
  assert.equal(c.run({ fuel: 1000 }).status, 'done');
  assert.equal(c.fuelUsed, 3 + 1 + 64 + 1);
  const g = store.call(grow, [i32(2)]);
  const rg = g.run({ fuel: 5000 });
  assert.deepEqual(rg.status === 'done' && rg.results, [i32(2)]);
  assert.equal(g.fuelUsed, 1 + 1 + 2048 + 1);
  const bad = store.call(grow, [i32(100)]);
  const rb = bad.run({ fuel: 10 });
  assert.deepEqual(rb.status === 'done' && rb.results, [i32(-1)]);
  assert.equal(bad.fuelUsed, 3);
});

test('an unlimited run pays bulk fuel without stopping', () => {
  const { store, fill } = setup();
  const r = store.call(fill, [i32(0), i32(3), i32(65536 * 2)]).run();
  assert.deepEqual(r.status === 'done' && r.results, [i32(3)]);
});
