/**
 * Tail calls: `return_call` and `return_call_indirect` replace the frame (a million-deep tail recursion runs with a
 * call-depth limit of 50), host callees complete the caller's call (also across a suspension and a capture), and
 * a capture at every step of a tail-recursive run resumes to the same result.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Execution, i32, Module, type RunResult, Store, SUSPEND, ValType, type WasmValue } from '../src/index.js';
import { assemble } from './support/engines.js';

const TEXT = `(module
  (import "h" "add" (func $add (param i32 i32) (result i32)))
  (type $ii (func (param i32 i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $even $odd)
  (func $sum (export "sum") (param $n i32) (param $acc i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (local.get $acc))
      (else (return_call $sum (i32.sub (local.get $n) (i32.const 1)) (i32.add (local.get $acc) (local.get $n))))))
  (func $even (param $n i32) (param $x i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n)) (then (i32.const 1))
      (else (return_call_indirect (type $ii) (i32.sub (local.get $n) (i32.const 1)) (local.get $x) (i32.const 1)))))
  (func $odd (param $n i32) (param $x i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n)) (then (i32.const 0))
      (else (return_call_indirect (type $ii) (i32.sub (local.get $n) (i32.const 1)) (local.get $x) (i32.const 0)))))
  (func (export "even") (param i32) (result i32) (call $even (local.get 0) (i32.const 0)))
  (func $viaHost (param i32) (result i32) (local i64) (return_call $add (local.get 0) (i32.const 100)))
  (func (export "host-deep") (param i32) (result i32) (i32.add (call $viaHost (local.get 0)) (i32.const 1)))
  (func (export "host-entry") (param i32) (result i32) (return_call $add (local.get 0) (i32.const 7))))`;

/** Instantiates TEXT with host function `add`. */
async function make(host: (args: readonly WasmValue[]) => WasmValue[] | typeof SUSPEND, maxCallDepth = 50) {
  const module = new Module(await assemble(TEXT));
  const store = new Store({ maxCallDepth });
  const add = store.hostFunc(
    { params: [ValType.I32, ValType.I32], results: [ValType.I32] },
    (args) => host(args),
    'h.add',
  );
  const instance = store.instantiate(module, [add]);
  const fn = (name: string): number => store.exportOf(instance, name)!.addr;
  return { module, store, fn, add };
}

const plus = (args: readonly WasmValue[]): WasmValue[] => [
  i32(((args[0] as { value: number }).value + (args[1] as { value: number }).value) | 0),
];

describe('tail calls', () => {
  it('run a million-deep tail recursion within a call depth of 50', async () => {
    const { store, fn } = await make(plus);
    const r = store.call(fn('sum'), [i32(1_000_000), i32(0)]).run();
    assert.deepStrictEqual(r, { status: 'done', results: [i32(1_784_293_664)] });
    const e = store.call(fn('even'), [i32(100_001)]).run();
    assert.deepStrictEqual(e, { status: 'done', results: [i32(0)] });
  });

  it("complete the caller's call with a host callee, also in the entry frame", async () => {
    const { store, fn } = await make(plus);
    assert.deepStrictEqual(store.call(fn('host-deep'), [i32(5)]).run(), { status: 'done', results: [i32(106)] });
    assert.deepStrictEqual(store.call(fn('host-entry'), [i32(5)]).run(), { status: 'done', results: [i32(12)] });
  });

  it('suspend in a host callee, capture, restore elsewhere and resume', async () => {
    const { module, store, fn } = await make(() => SUSPEND);
    const run = store.call(fn('host-deep'), [i32(5)]);
    const r = run.run();
    assert.equal(r.status, 'suspended');
    const saved = structuredClone({ store: store.capture(), exec: run.capture() });
    const store2 = Store.restore(saved.store, [module], () => (args) => plus(args));
    const resumed = Execution.restore(store2, saved.exec).resume([i32(41)]);
    assert.deepStrictEqual(resumed, { status: 'done', results: [i32(42)] });
    assert.deepStrictEqual(run.resume([i32(9)]), { status: 'done', results: [i32(10)] });
  });

  it('resume to the same result after a capture at every step', async () => {
    const { module, store, fn } = await make(plus);
    let s = store;
    let run = s.call(fn('sum'), [i32(300), i32(0)]);
    let r: RunResult = run.run({ fuel: 1 });
    let steps = 0;
    while (r.status === 'suspended') {
      const saved = structuredClone({ store: s.capture(), exec: run.capture() });
      s = Store.restore(saved.store, [module], () => (args) => plus(args));
      run = Execution.restore(s, saved.exec);
      r = run.run({ fuel: 1 });
      steps++;
    }
    assert.ok(steps > 300);
    assert.deepStrictEqual(r, { status: 'done', results: [i32(45_150)] });
  });

  it('suspend an endless tail-call loop at an interrupt, at a position a capture names', async () => {
    const module = new Module(
      await assemble(
        '(module (func $spin (export "spin") (param i32) (return_call $spin (i32.add (local.get 0) (i32.const 1)))))',
      ),
    );
    const store = new Store({ maxCallDepth: 10 });
    const spin = store.exportOf(store.instantiate(module, []), 'spin')!.addr;
    const run = store.call(spin, [i32(0)]);
    assert.equal(run.run({ fuel: 100_000 }).status, 'suspended');
    run.interrupt();
    const r = run.run();
    assert.equal(r.status === 'suspended' && r.reason, 'interrupt');
    const saved = structuredClone({ store: store.capture(), exec: run.capture() });
    const again = Execution.restore(
      Store.restore(saved.store, [module], () => {
        throw new Error('none');
      }),
      saved.exec,
    );
    assert.equal(again.run({ fuel: 1000 }).status, 'suspended');
  });

  it("reject a callee whose results differ from the caller's", async () => {
    await assert.rejects(
      async () =>
        new Module(
          await assemble('(module (func $f (result i64) (i64.const 0)) (func (result i32) (return_call $f)))'),
        ),
      /type mismatch/,
    );
  });
});
