/**
 * Execution control: fuel counts exactly (a run with fuel N executes N internal instructions, and a call that
 * needs T finishes with fuel T but not T - 1), fuel slices of any size and single steps give the result of an
 * unlimited run, the call-depth and stack-slot limits trap with `call stack exhausted` and leave the store
 * usable, a trap keeps the writes made before it, and an execution refuses what its state does not allow.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  i32,
  Module,
  type RunResult,
  RuntimeError,
  Store,
  SUSPEND,
  TrapCode,
  ValType,
  type WasmValue,
} from '../src/index.js';
import { assemble, assertSameMemory, instantiateOurs, observeOurs, outcomeOf } from './support/engines.js';
import { generateProgram, type Program } from './support/program-generator.js';

/** Instantiates WAT in a fresh store (with options) and names its exports. */
async function setup(text: string, store = new Store()): Promise<{ store: Store; fn: (name: string) => number }> {
  const instance = store.instantiate(new Module(await assemble(text)), []);
  return { store, fn: (name) => store.exportOf(instance, name)!.addr };
}

const GROUPS = 25;
/** `count` adds 1 to global `g` GROUPS times, four instructions per increment. */
const COUNTER = `(module
  (global $g (export "g") (mut i32) (i32.const 0))
  (func (export "count")
    ${'global.get $g i32.const 1 i32.add global.set $g\n    '.repeat(GROUPS)})
  (func (export "loop") (param $n i32)
    (loop $l
      (global.set $g (i32.add (global.get $g) (i32.const 1)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))`;

describe('fuel', () => {
  it('a run with fuel N executes exactly N instructions', async () => {
    for (let n = 0; n <= 4 * GROUPS; n++) {
      const { store, fn } = await setup(COUNTER);
      const r = store.call(fn('count'), []).run({ fuel: n });
      assert.equal(r.status, 'suspended', `fuel ${n}`);
      assert.deepStrictEqual(store.getGlobal(fn('g')), i32(Math.floor(n / 4)), `fuel ${n}`);
    }
  });

  it('fuel slices add up: the remaining instruction is the function end', async () => {
    const { store, fn } = await setup(COUNTER);
    const ex = store.call(fn('count'), []);
    for (let k = 1; k <= GROUPS; k++) {
      const r = ex.run({ fuel: 4 });
      assert.equal(r.status, 'suspended');
      assert.deepStrictEqual(store.getGlobal(fn('g')), i32(k));
    }
    assert.deepStrictEqual(ex.run({ fuel: 0 }), { status: 'suspended', reason: 'fuel', pc: ex.portablePc() });
    assert.deepStrictEqual(ex.run({ fuel: 1 }), { status: 'done', results: [] });
  });

  it('fuel 0 suspends before the first instruction; negative or NaN fuel is a RangeError', async () => {
    const { store, fn } = await setup(COUNTER);
    const ex = store.call(fn('count'), []);
    const r = ex.run({ fuel: 0 });
    assert.equal(r.status === 'suspended' && r.reason, 'fuel');
    assert.deepStrictEqual(r.status === 'suspended' && r.pc, { funcAddr: fn('count'), offset: 1 }, 'after the locals');
    assert.throws(() => ex.run({ fuel: -1 }), RangeError);
    assert.throws(() => ex.run({ fuel: Number.NaN }), RangeError);
    assert.deepStrictEqual(ex.run(), { status: 'done', results: [] });
    assert.deepStrictEqual(store.getGlobal(fn('g')), i32(GROUPS));
  });

  it('fuel counts loop iterations: each costs the same', async () => {
    const { store, fn } = await setup(COUNTER);
    const steps = (n: number): number => {
      const ex = store.call(fn('loop'), [i32(n)]);
      let k = 0;
      while (ex.run({ fuel: 1 }).status === 'suspended') k++;
      return k + 1;
    };
    const one = steps(1);
    const perIteration = steps(2) - one;
    assert.ok(perIteration > 0);
    for (const n of [3, 10, 50]) assert.equal(steps(n), one + (n - 1) * perIteration, `${n} iterations`);
  });
});

/** Everything a finished call leaves behind. */
function finishOf(p: Program, store: Store, instance: number, r: RunResult): unknown {
  return { outcome: outcomeOf(r), ...observeOurs(store, instance, p) };
}

/**
 * Exact fuel of calling main with the program's first arguments: one unit per instruction, plus what bulk
 * instructions charge for the bytes they touch (`bulk-fuel.ts`), as one run with a budget that covers it counts.
 * Stepping with fuel 1 would count instructions only: a bulk instruction at a run's start runs whatever it costs.
 */
function stepCount(p: Program, module: Module): number {
  const { store, main } = instantiateOurs(p, module);
  const ex = store.call(main, p.args[0]!);
  const r = ex.run({ fuel: 0x3fffffff });
  if (r.status === 'suspended') throw new Error('the program did not finish within the budget');
  if (r.status === 'done') return ex.fuelUsed;
  // A trap reports no fuel used: the least budget with which a run gets there, found by bisection.
  let lo = 0;
  let hi = 0x3fffffff;
  while (lo + 1 < hi) {
    const mid = (lo + hi) >>> 1;
    const o = instantiateOurs(p, module);
    if (o.store.call(o.main, p.args[0]!).run({ fuel: mid }).status === 'suspended') lo = mid;
    else hi = mid;
  }
  return hi;
}

describe('fuel on generated programs', () => {
  it('a call that needs T instructions finishes with fuel T and suspends with fuel T - 1', async () => {
    for (let seed = 900; seed < 930; seed++) {
      const p = generateProgram(seed, { size: 3 });
      const module = new Module(await assemble(p.wat));
      const t = stepCount(p, module);
      for (const [fuel, status] of [
        [t, 'done|trapped'],
        [t - 1, 'suspended'],
      ] as const) {
        const { store, main } = instantiateOurs(p, module);
        const r = store.call(main, p.args[0]!).run({ fuel });
        assert.match(r.status, new RegExp(`^(${status})$`), `seed ${seed}: fuel ${fuel} of ${t}`);
      }
    }
  });

  it('single steps and fuel slices of any size end like an unlimited run', async () => {
    for (let seed = 950; seed < 990; seed++) {
      const p = generateProgram(seed, { size: 4 });
      const module = new Module(await assemble(p.wat));
      const ref = instantiateOurs(p, module);
      const expected = p.args.map((args) => finishOf(p, ref.store, ref.instance, ref.store.call(ref.main, args).run()));
      for (const slice of [1, 2, 3, 17, 1000]) {
        const o = instantiateOurs(p, module);
        p.args.forEach((args, i) => {
          const ex = o.store.call(o.main, args);
          let r = ex.run({ fuel: slice });
          while (r.status === 'suspended') r = ex.run({ fuel: slice });
          const got = finishOf(p, o.store, o.instance, r) as { memory: Uint8Array };
          const want = expected[i] as { memory: Uint8Array };
          assertSameMemory(got.memory, want.memory, `seed ${seed} slice ${slice} call ${i}`);
          assert.deepStrictEqual(got, want, `seed ${seed} slice ${slice} call ${i}`);
        });
      }
    }
  });
});

const RECURSION = `(module
  (memory (export "mem") 1)
  (global $g (export "g") (mut i32) (i32.const 0))
  (type $t (func (param i32) (result i32)))
  (table 1 funcref) (elem (i32.const 0) $down)
  ;; down(n) = n, through n nested calls
  (func $down (export "down") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (call $down (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))))
  (func (export "down_indirect") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (call_indirect (type $t) (i32.sub (local.get 0) (i32.const 1)) (i32.const 0)) (i32.const 1)))))
  (func $forever (export "forever") (call $forever))
  ;; Writes memory and a global, then recurses without end.
  (func (export "write_then_recurse")
    (i32.store (i32.const 16) (i32.const 0x01020304))
    (global.set $g (i32.const 77))
    (call $forever))
  ;; Many locals per frame: exhausts stack slots before the call depth.
  (func $wide (export "wide") (param i32) (result i64)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (if (result i64) (i32.eqz (local.get 0))
      (then (i64.const 0))
      (else (call $wide (i32.sub (local.get 0) (i32.const 1)))))))`;

function assertExhausted(r: RunResult, message: string): void {
  assert.equal(r.status, 'trapped', message);
  const e = (r as { error: unknown }).error;
  assert.ok(e instanceof RuntimeError, `${message}: a RuntimeError`);
  assert.equal(e.code, TrapCode.CallStackExhausted, message);
  assert.match(e.message, /call stack exhausted/, message);
}

describe('call depth and stack limits', () => {
  it('maxCallDepth nested calls succeed, one more traps with call stack exhausted', async () => {
    const { store, fn } = await setup(RECURSION, new Store({ maxCallDepth: 100 }));
    for (const name of ['down', 'down_indirect']) {
      assert.deepStrictEqual(store.invoke(fn(name), [i32(100)]), [i32(100)], name);
      assertExhausted(store.call(fn(name), [i32(101)]).run(), name);
    }
  });

  it('endless recursion traps at the default limit without overflowing the JS stack; the store stays usable', async () => {
    const { store, fn } = await setup(RECURSION);
    const r = store.call(fn('write_then_recurse'), []).run();
    assertExhausted(r, 'default store');
    assert.throws(
      () => store.invoke(fn('forever'), []),
      (e) => e instanceof RuntimeError && e.code === TrapCode.CallStackExhausted,
    );
    // Writes made before the trap stay; the store runs new calls.
    assert.deepStrictEqual(store.getGlobal(fn('g')), i32(77));
    assert.deepStrictEqual([...new Uint8Array(store.memoryBuffer(0), 16, 4)], [4, 3, 2, 1]);
    assert.deepStrictEqual(store.invoke(fn('down'), [i32(1000)]), [i32(1000)]);
  });

  it('the stack-slot limit traps with call stack exhausted before the call depth does', async () => {
    const { store, fn } = await setup(RECURSION, new Store({ maxStackSlots: 2000 }));
    assertExhausted(store.call(fn('wide'), [i32(1000)]).run(), 'wide frames');
    assert.deepStrictEqual(store.invoke(fn('wide'), [i32(10)]), [{ type: 'i64', value: 0n }]);
    assert.deepStrictEqual(store.invoke(fn('down'), [i32(500)]), [i32(500)]);
  });

  it('a suspended execution survives another execution trapping in the same store', async () => {
    const { store, fn } = await setup(RECURSION, new Store({ maxCallDepth: 50 }));
    const a = store.call(fn('down'), [i32(40)]);
    assert.equal(a.run({ fuel: 30 }).status, 'suspended');
    assertExhausted(store.call(fn('forever'), []).run(), 'the other execution');
    assert.deepStrictEqual(a.run(), { status: 'done', results: [i32(40)] });
  });

  it('rejects limits that are not positive', () => {
    assert.throws(() => new Store({ maxCallDepth: 0 }), RangeError);
    assert.throws(() => new Store({ maxStackSlots: -1 }), RangeError);
  });
});

const TRAPS = `(module
  (import "env" "ask" (func $ask (result i32)))
  (memory (export "mem") 1)
  (global $g (export "g") (mut i32) (i32.const 0))
  (func (export "div") (param i32 i32) (result i32)
    (i32.store (i32.const 0) (i32.const 42))
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (i32.div_u (local.get 0) (local.get 1)))
  (func (export "ask") (result i32) (i32.add (call $ask) (i32.const 1))))`;

async function trapStore(): Promise<{ store: Store; fn: (name: string) => number }> {
  const store = new Store();
  const ask = store.hostFunc({ params: [], results: [ValType.I32] }, () => SUSPEND, 'env.ask');
  const instance = store.instantiate(new Module(await assemble(TRAPS)), [ask]);
  return { store, fn: (name) => store.exportOf(instance, name)!.addr };
}

describe('traps and execution states', () => {
  it('a trap keeps the writes made before it and leaves the store usable', async () => {
    const { store, fn } = await trapStore();
    const ex = store.call(fn('div'), [i32(7), i32(0)]);
    const r = ex.run();
    assert.equal(r.status, 'trapped');
    assert.equal((r as { error: RuntimeError }).error.code, TrapCode.IntegerDivideByZero);
    assert.equal(ex.status, 'trapped');
    assert.equal(new DataView(store.memoryBuffer(0)).getInt32(0, true), 42);
    assert.deepStrictEqual(store.getGlobal(fn('g')), i32(1));
    assert.deepStrictEqual(store.invoke(fn('div'), [i32(7), i32(2)]), [i32(3)]);
    assert.deepStrictEqual(store.getGlobal(fn('g')), i32(2));
  });

  it('a trapped or finished execution refuses run, resume and capture', async () => {
    const { store, fn } = await trapStore();
    const trapped = store.call(fn('div'), [i32(1), i32(0)]);
    trapped.run();
    const done = store.call(fn('div'), [i32(1), i32(1)]);
    done.run();
    for (const ex of [trapped, done]) {
      assert.throws(() => ex.run(), TypeError);
      assert.throws(() => ex.resume([]), TypeError);
      assert.throws(() => ex.capture(), TypeError);
    }
    assert.throws(() => store.call(fn('div'), [i32(1), i32(1)]).capture(), TypeError, 'a ready execution');
  });

  it('a host suspension takes results of the pending call type only', async () => {
    const { store, fn } = await trapStore();
    const ex = store.call(fn('ask'), []);
    const r = ex.run();
    assert.equal(r.status === 'suspended' && r.reason, 'host');
    assert.throws(() => ex.run(), TypeError, 'run instead of resume');
    assert.throws(() => ex.resume([]), TypeError, 'missing result');
    assert.throws(() => ex.resume([{ type: 'i64', value: 1n } as WasmValue]), TypeError, 'wrong type');
    assert.deepStrictEqual(ex.resume([i32(41)]), { status: 'done', results: [i32(42)] });
  });

  it('a wrong argument list is a TypeError before anything runs', async () => {
    const { store, fn } = await trapStore();
    assert.throws(() => store.call(fn('div'), [i32(1)]), TypeError);
    assert.throws(() => store.call(fn('div'), [i32(1), { type: 'f32', bits: 0 }]), TypeError);
    assert.throws(() => store.call(12345, []), RangeError);
  });
});
