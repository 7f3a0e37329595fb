/**
 * `call_ref` into host functions: the callee's results land in the caller, a suspension leaves the pc on the
 * instruction so that a capture restored elsewhere resumes past it, and a null reference traps.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { Execution, i32, Module, Store, SUSPEND, ValType, type WasmValue } from '../src/index.js';
import { assemble } from './support/engines.js';

const TEXT = `(module
  (type $ii (func (param i32 i32) (result i32)))
  (import "h" "add" (func $add (type $ii)))
  (func $sub (type $ii) (i32.sub (local.get 0) (local.get 1)))
  (elem declare func $add $sub)
  (func (export "via-host") (param i32) (result i32)
    (i32.add (call_ref $ii (local.get 0) (i32.const 100) (ref.func $add)) (i32.const 1)))
  (func (export "via-wasm") (param i32) (result i32)
    (call_ref $ii (local.get 0) (i32.const 2) (ref.func $sub)))
  (func (export "null") (result i32)
    (call_ref $ii (i32.const 1) (i32.const 2) (ref.null $ii))))`;

const plus = (args: readonly WasmValue[]): WasmValue[] => [
  i32(((args[0] as { value: number }).value + (args[1] as { value: number }).value) | 0),
];

async function make(host: (args: readonly WasmValue[]) => WasmValue[] | typeof SUSPEND) {
  const module = new Module(await assemble(TEXT));
  const store = new Store();
  const add = store.hostFunc({ params: [ValType.I32, ValType.I32], results: [ValType.I32] }, host, 'h.add');
  const instance = store.instantiate(module, [add]);
  return { module, store, fn: (name: string) => store.exportOf(instance, name)!.addr };
}

describe('call_ref', () => {
  it('calls a host function and a wasm function through a typed reference', async () => {
    const { store, fn } = await make(plus);
    assert.deepStrictEqual(store.call(fn('via-host'), [i32(5)]).run(), { status: 'done', results: [i32(106)] });
    assert.deepStrictEqual(store.call(fn('via-wasm'), [i32(5)]).run(), { status: 'done', results: [i32(3)] });
  });

  it('suspends in a host callee; the capture resumes elsewhere past the call', async () => {
    const { module, store, fn } = await make(() => SUSPEND);
    const run = store.call(fn('via-host'), [i32(5)]);
    assert.equal(run.run().status, 'suspended');
    const saved = structuredClone({ store: store.capture(), exec: run.capture() });
    const store2 = Store.restore(saved.store, [module], () => (args) => plus(args));
    assert.deepStrictEqual(Execution.restore(store2, saved.exec).resume([i32(41)]), {
      status: 'done',
      results: [i32(42)],
    });
    assert.deepStrictEqual(run.resume([i32(9)]), { status: 'done', results: [i32(10)] });
  });

  it('traps on a null reference', async () => {
    const { store, fn } = await make(plus);
    const r = store.call(fn('null'), []).run();
    assert.equal(r.status, 'trapped');
    assert.equal(r.status === 'trapped' && r.error.code, 'null-function-reference');
  });
});
