/**
 * Memory64 and table64: `i64` addresses, offsets past 2^32 and high address words trap without BigInt,
 * `memory.size`/`grow` and the table instructions take and give `i64`, `call_indirect` through a table64 table
 * is a safepoint (a host callee suspends, the execution captures, restores and resumes), the address type
 * survives capture and restore, a 32-bit operand is refused by validation, and the JavaScript tier leaves these
 * functions interpreted.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compileModule,
  Execution,
  Instance,
  i32,
  i64,
  Memory,
  Module,
  type RunResult,
  Store,
  SUSPEND,
  Table,
  ValType,
} from '../src/index.js';
import { translate } from '../src/js-tier/translate.js';
import { assemble } from './support/engines.js';

const TEXT = `(module
  (import "h" "twice" (func $twice (param i32) (result i32)))
  (memory (export "mem") i64 1 3)
  (table $t i64 4 funcref)
  (type $i2i (func (param i32) (result i32)))
  (elem (table $t) (i64.const 1) func $inc $twice)
  (data (i64.const 8) "\\2a")
  (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
  (func (export "load8") (param i64) (result i32) (i32.load8_u (local.get 0)))
  (func (export "load-far") (param i64) (result i32) (i32.load8_u offset=0x1_0000_0000 (local.get 0)))
  (func (export "store") (param i64 i64) (i64.store (local.get 0) (local.get 1)))
  (func (export "load64") (param i64) (result i64) (i64.load (local.get 0)))
  (func (export "size") (result i64) (memory.size))
  (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
  (func (export "fill") (param i64 i32 i64) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "call") (param i64 i32) (result i32)
    (call_indirect $t (type $i2i) (local.get 1) (local.get 0)))
  (func (export "sum") (param $n i32) (result i32) (local $acc i32)
    (loop $l
      (local.set $acc (call_indirect $t (type $i2i) (local.get $acc) (i64.const 1)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc))
  (func (export "tsize") (result i64) (table.size $t))
  (func (export "tgrow") (param i64) (result i64) (table.grow $t (ref.null func) (local.get 0))))`;

async function make(host: (x: number) => number | typeof SUSPEND = (x) => x * 2) {
  const module = new Module(await assemble(TEXT));
  const store = new Store();
  const twice = store.hostFunc(
    { params: [ValType.I32], results: [ValType.I32] },
    (args) => {
      const r = host((args[0] as { value: number }).value);
      return r === SUSPEND ? SUSPEND : [i32(r)];
    },
    'h.twice',
  );
  const instance = store.instantiate(module, [twice]);
  const call = (name: string, args: Parameters<Store['call']>[1]): RunResult =>
    store.call(store.exportOf(instance, name)!.addr, args).run();
  return { module, store, instance, call };
}

const done = (...results: ReturnType<typeof i32>[] | ReturnType<typeof i64>[]): RunResult => ({
  status: 'done',
  results,
});

function trapCode(r: RunResult): string | undefined {
  return r.status === 'trapped' ? r.error.code : undefined;
}

describe('memory64', () => {
  it('loads and stores at i64 addresses and traps at or past 2^32 without wrapping', async () => {
    const { call } = await make();
    assert.deepEqual(call('load8', [i64(8n)]), done(i32(42)));
    assert.equal(call('store', [i64(65528n), i64(-2n)]).status, 'done');
    assert.deepEqual(call('load64', [i64(65528n)]), done(i64(-2n)));
    // High address word set: the low word (8) must not be read.
    assert.equal(trapCode(call('load8', [i64(0x1_0000_0008n)])), 'memory-out-of-bounds');
    assert.equal(trapCode(call('load8', [i64(-1n)])), 'memory-out-of-bounds');
    // An offset of 2^32 traps even at address 0.
    assert.equal(trapCode(call('load-far', [i64(0n)])), 'memory-out-of-bounds');
    assert.equal(trapCode(call('load64', [i64(65529n)])), 'memory-out-of-bounds');
    assert.equal(trapCode(call('fill', [i64(0x1_0000_0000n), i32(1), i64(0n)])), 'memory-out-of-bounds');
    assert.equal(trapCode(call('fill', [i64(0n), i32(1), i64(0x1_0000_0001n)])), 'memory-out-of-bounds');
  });

  it('gives memory.size and memory.grow as i64, failing a grow past the maximum or by 2^32 pages', async () => {
    const { call } = await make();
    assert.deepEqual(call('size', []), done(i64(1n)));
    assert.deepEqual(call('grow', [i64(1n)]), done(i64(1n)));
    assert.deepEqual(call('grow', [i64(0x1_0000_0001n)]), done(i64(-1n)));
    assert.deepEqual(call('grow', [i64(2n)]), done(i64(-1n)));
    assert.deepEqual(call('size', []), done(i64(2n)));
  });

  it('runs the table instructions and call_indirect with i64 indexes', async () => {
    const { call } = await make();
    assert.deepEqual(call('call', [i64(1n), i32(4)]), done(i32(5)));
    assert.deepEqual(call('call', [i64(2n), i32(4)]), done(i32(8)));
    assert.equal(trapCode(call('call', [i64(0x1_0000_0001n), i32(4)])), 'undefined-element');
    assert.equal(trapCode(call('call', [i64(0n), i32(4)])), 'uninitialized-element');
    assert.deepEqual(call('tsize', []), done(i64(4n)));
    assert.deepEqual(call('tgrow', [i64(2n)]), done(i64(4n)));
    assert.deepEqual(call('tgrow', [i64(0x1_0000_0000n)]), done(i64(-1n)));
    assert.deepEqual(call('tsize', []), done(i64(6n)));
  });

  it('suspends in a host callee of call_indirect, captures, restores elsewhere and resumes', async () => {
    const { module, store, instance } = await make(() => SUSPEND);
    const run = store.call(store.exportOf(instance, 'call')!.addr, [i64(2n), i32(5)]);
    assert.equal(run.run().status, 'suspended');
    const saved = structuredClone({ store: store.capture(), exec: run.capture() });
    const store2 = Store.restore(saved.store, [module], () => (args) => [
      i32((args[0] as { value: number }).value * 3),
    ]);
    assert.equal(store2.capture().mems[0]!.type.address64, true);
    assert.equal(store2.capture().tables[0]!.type.address64, true);
    const resumed = Execution.restore(store2, saved.exec).resume([i32(41)]);
    assert.deepEqual(resumed, done(i32(41)));
    assert.deepEqual(run.resume([i32(7)]), done(i32(7)));
  });

  it('resumes to the same result after a capture at every step of a call_indirect loop', async () => {
    const { module, store, instance } = await make();
    let s = store;
    let run = s.call(store.exportOf(instance, 'sum')!.addr, [i32(50)]);
    let r = run.run({ fuel: 1 });
    let steps = 0;
    while (r.status === 'suspended') {
      const saved = structuredClone({ store: s.capture(), exec: run.capture() });
      s = Store.restore(
        saved.store,
        [module],
        () => (args) => args.map((a) => i32((a as { value: number }).value * 2)),
      );
      run = Execution.restore(s, saved.exec);
      r = run.run({ fuel: 1 });
      steps++;
    }
    assert.ok(steps > 50);
    assert.deepEqual(r, done(i32(50)));
  });

  it('stops call_indirect through a table64 at an interrupt, at a position a capture names', async () => {
    const { module, store, instance } = await make();
    const run = store.call(store.exportOf(instance, 'sum')!.addr, [i32(1_000_000)]);
    assert.equal(run.run({ fuel: 1000 }).status, 'suspended');
    run.interrupt();
    const r = run.run();
    assert.equal(r.status === 'suspended' && r.reason, 'interrupt');
    const saved = structuredClone({ store: store.capture(), exec: run.capture() });
    const again = Execution.restore(
      Store.restore(saved.store, [module], () => (args) => args),
      saved.exec,
    );
    assert.deepEqual(again.run(), done(i32(1_000_000)));
  });

  it('refuses i32 operands of a 64-bit memory or table, and i64 ones of a 32-bit memory', async () => {
    const bad = [
      '(module (memory i64 1) (func (drop (i32.load (i32.const 0)))))',
      '(module (memory i64 1) (func (drop (memory.grow (i32.const 0)))))',
      '(module (memory 1) (func (drop (i32.load (i64.const 0)))))',
      '(module (table i64 1 funcref) (func (drop (table.get 0 (i32.const 0)))))',
      '(module (table i64 1 funcref) (table 1 funcref) (func (table.copy 0 1 (i64.const 0) (i32.const 0) (i64.const 0))))',
      '(module (memory i64 1) (data (i32.const 0) "a"))',
    ];
    for (const text of bad) {
      const bytes = await assemble(text);
      assert.throws(() => compileModule(bytes), /type mismatch/, text);
    }
  });

  it('links a memory64 import only to a memory64 memory', async () => {
    const store = new Store();
    const m32 = store.memory({ limits: { min: 1, max: null } });
    const m64 = store.memory({ limits: { min: 1, max: null }, address64: true });
    const module = new Module(await assemble('(module (import "m" "m" (memory i64 1)))'));
    assert.throws(() => store.instantiate(module, [m32]), /incompatible import type/);
    store.instantiate(module, [m64]);
  });

  it('leaves functions on a 64-bit memory or table to the interpreter (the JavaScript tier refuses them)', async () => {
    const cm = compileModule(
      await assemble(`(module (memory i64 1) (table i64 1 funcref) (type $v (func))
        (func (result i32) (i32.load (i64.const 0)))
        (func (call_indirect (type $v) (i64.const 0))))`),
    );
    assert.equal(translate(cm, cm.funcs[0]!), null);
    assert.equal(translate(cm, cm.funcs[1]!), null);
    const plain = compileModule(await assemble('(module (memory 1) (func (result i32) (i32.load (i32.const 0))))'));
    assert.notEqual(translate(plain, plain.funcs[0]!), null);
  });

  it("takes address: 'i64' in the facade's Memory and Table, with BigInt sizes and indexes", async () => {
    const memory = new Memory({ address: 'i64', initial: 1n, maximum: 3n });
    const table = new Table({ element: 'anyfunc', address: 'i64', initial: 2n });
    assert.equal(table.length, 2n);
    assert.equal(table.get(1n), null);
    assert.equal(table.grow(1n), 2n);
    assert.throws(() => table.get(1), TypeError);
    assert.throws(() => new Memory({ address: 'i64', initial: 1 }), TypeError);
    assert.throws(() => new Memory({ address: 'i65' as 'i64', initial: 1n }), TypeError);
    const bytes = await assemble(`(module (import "m" "mem" (memory i64 1)) (import "m" "tab" (table i64 1 funcref))
      (func (export "size") (result i64) (memory.size)) (func (export "tsize") (result i64) (table.size)))`);
    const instance = new Instance(new Module(bytes), { m: { mem: memory, tab: table } });
    const exports = instance.exports as { size: () => bigint; tsize: () => bigint };
    assert.equal(memory.grow(1n), 1n);
    assert.equal(exports.size(), 2n);
    assert.equal(exports.tsize(), 3n);
    assert.throws(() => new Instance(new Module(bytes), { m: { mem: new Memory({ initial: 1 }), tab: table } }));
  });
});
