/**
 * Entering translated code in a running frame: a single call whose long loop the interpreter is running (after a
 * host call that translated code hands to the interpreter) continues in translated code at a loop header; a state
 * interrupted in translated code and restored into a fresh store starts in the interpreter and enters translated
 * code again at once; fuel stays exact across such entries. Checked by counting entries and fuel, never by timing.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Execution, i32, Module, type RunResult, Store, type WasmValue } from '../src/index.js';
import { assemble } from './support/engines.js';

/**
 * `main` calls the host once (translated code hands that call to the interpreter, which then runs the rest of
 * `main`), then loops `n` times over i64 and f64 arithmetic, memory and a call in an `if`, inside nested blocks.
 */
const MAIN = `(module
  (import "env" "tick" (func $tick (param i32)))
  (memory 1)
  (func $step (param $x i64) (param $i i32) (result i64)
    (i64.add (i64.rotl (local.get $x) (i64.const 13)) (i64.extend_i32_u (local.get $i))))
  (func (export "main") (param $n i32) (result i64)
    (local $i i32) (local $acc i64) (local $f f64)
    (call $tick (i32.const 1))
    (local.set $acc (i64.const 0x12345678abcdef))
    (block $out
      (loop $l
        (br_if $out (i32.ge_u (local.get $i) (local.get $n)))
        (block $skip
          (br_if $skip (i32.and (local.get $i) (i32.const 7)))
          (local.set $acc (call $step (local.get $acc) (local.get $i))))
        (local.set $acc (i64.xor (local.get $acc) (i64.mul (local.get $acc) (i64.const 0x9E3779B97F4A7C15))))
        (local.set $f (f64.add (local.get $f) (f64.convert_i64_s (i64.shr_s (local.get $acc) (i64.const 40)))))
        (i64.store (i32.and (i32.shl (local.get $i) (i32.const 3)) (i32.const 0xfff8)) (local.get $acc))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $l)))
    (i64.add (local.get $acc) (i64.add (i64.trunc_f64_s (f64.div (local.get $f) (f64.const 1024)))
      (i64.load (i32.const 64)))))
  (func (export "count") (param $n i32) (result i32)
    (local $i i32) (local $s i32)
    (loop $l
      (local.set $s (i32.add (local.get $s) (i32.mul (local.get $i) (local.get $i))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (local.get $s)))`;

let mod: Module | undefined;

interface Setup {
  readonly store: Store;
  readonly main: number;
  readonly count: number;
  readonly ticks: number[];
}

async function setup(tier: 'interp' | 'js' | 'auto'): Promise<Setup> {
  mod ??= new Module(await assemble(MAIN));
  const store = new Store({ tier });
  const ticks: number[] = [];
  const tick = store.hostFunc(
    { params: [0x7f], results: [] },
    (args) => {
      ticks.push(Number((args[0] as { value: number }).value));
      return [];
    },
    'env.tick',
  );
  const inst = store.instantiate(mod, [tick]);
  return { store, main: store.exportOf(inst, 'main')!.addr, count: store.exportOf(inst, 'count')!.addr, ticks };
}

const N = 1_200_000;

describe('JavaScript tier: entering a running frame', () => {
  it('a single call whose loop the interpreter runs continues in translated code at a loop header', async () => {
    const ref = await setup('interp');
    const want = ref.store.call(ref.main, [i32(N)]).run();
    assert.equal(want.status, 'done');
    for (const tier of ['js', 'auto'] as const) {
      const s = await setup(tier);
      const got = s.store.call(s.main, [i32(N)]).run();
      assert.deepEqual(got, want, tier);
      assert.deepEqual(s.ticks, [1]);
      // The loop runs more instructions than one interpreter slice: the frame re-entered translated code.
      assert.ok(s.store.jsTier!.stats.entries >= 1, `${tier}: entered translated code in the running frame`);
    }
  });

  it('an interrupted, restored state tiers up again at once and ends as the uninterrupted run', async () => {
    const ref = await setup('interp');
    const want = ref.store.call(ref.main, [i32(50_000)]).run();
    for (const first of ['interp', 'js'] as const) {
      const s = await setup(first);
      const ex = s.store.call(s.main, [i32(50_000)]);
      const stop = ex.run({ fuel: 123_457 });
      assert.equal(stop.status, 'suspended');
      const state = structuredClone({ store: s.store.capture(), exec: ex.capture() });
      const fresh = Store.restore(
        state.store,
        s.store.modules,
        () => () => {
          throw new Error('no host call after the restore');
        },
        { tier: 'js' },
      );
      const moved = Execution.restore(fresh, state.exec);
      assert.equal(fresh.jsTier!.stats.entries, 0);
      const end = moved.run();
      assert.deepEqual(end, want, `from ${first}`);
      assert.ok(fresh.jsTier!.stats.entries >= 1, `from ${first}: the restored frame entered translated code`);
    }
  });

  it('uses the same fuel and stops in the same state as the interpreter when resumed frames enter translated code', async () => {
    const a = await setup('interp');
    const b = await setup('js');
    const exA = a.store.call(a.main, [i32(3000)]);
    const exB = b.store.call(b.main, [i32(3000)]);
    let rA: RunResult = { status: 'suspended', reason: 'fuel', pc: { funcAddr: 0, offset: 0 } };
    let rB: RunResult = rA;
    let slice = 0;
    while (rA.status === 'suspended') {
      const fuel = 1 + ((slice * 7919) % 4001);
      rA = exA.run({ fuel });
      rB = exB.run({ fuel });
      assert.deepEqual(rB, rA, `slice ${slice}`);
      assert.equal(exB.fuelUsed, exA.fuelUsed, `slice ${slice}: fuel used`);
      if (rA.status === 'suspended') {
        const sA = exA.capture();
        const sB = exB.capture();
        assert.deepEqual([...sB.frames], [...sA.frames], `slice ${slice}: frames`);
        assert.deepEqual([...sB.stack], [...sA.stack], `slice ${slice}: stack`);
      }
      slice++;
    }
    assert.ok(b.store.jsTier!.stats.entries >= 10, 'resumed frames entered translated code');
  });

  it('enters where the interpreter stops for a real interrupt too, and a real interrupt still suspends', async () => {
    const s = await setup('js');
    const ex = s.store.call(s.count, [i32(5_000_000)] as WasmValue[]);
    const first = ex.run({ fuel: 1000 });
    assert.equal(first.status, 'suspended');
    ex.interrupt();
    const r = ex.run();
    assert.deepEqual(r.status, 'suspended');
    assert.equal((r as { reason: string }).reason, 'interrupt');
    const end = ex.run();
    const ref = await setup('interp');
    assert.deepEqual(end, ref.store.call(ref.count, [i32(5_000_000)]).run());
  });
});
