/**
 * SIMD state in captures: v128 values in locals, parameters, results, globals and mid-expression on the
 * value stack survive a capture → structured clone → restore after every single instruction, with NaN
 * payloads intact; SIMD stores mark the dirty chunks they touch.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import { Execution, type WebAssembly as facade, i32, Module, Store, type WasmValue } from '../src/index.js';
import { asU32, i32x4 } from './simd-helpers.js';

const WAT = `(module
  (memory 1)
  (global $acc (mut v128) (v128.const i32x4 0x7fa00001 0 0 0))
  (func $mix (param $a v128) (param $b v128) (result v128)
    (f32x4.pmin (i16x8.add_sat_s (local.get $a) (local.get $b)) (local.get $a)))
  (func (export "run") (param $n i32) (param $seed v128) (result v128) (local $v v128)
    (local.set $v (local.get $seed))
    (loop $l
      (local.set $v (call $mix (local.get $v) (i8x16.shuffle 1 0 3 2 5 4 7 6 9 8 11 10 13 12 15 14
        (global.get $acc) (local.get $v))))
      (global.set $acc (v128.xor (global.get $acc) (i64x2.shl (local.get $v) (local.get $n))))
      (v128.store offset=4096 (i32.mul (local.get $n) (i32.const 16)) (local.get $v))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (v128.bitselect (local.get $v) (global.get $acc) (v128.load offset=4096 (i32.const 16))))
  (func (export "main") (param $n i32)
    (v128.store (i32.const 0)
      (call 1 (local.get $n) (v128.const i32x4 0x00ff7fff 0x80000010 0x7fc00001 0x12345678))))
)`;

async function fresh(): Promise<{ store: Store; run: number }> {
  const store = new Store();
  const inst = store.instantiate(new Module(await parse(WAT)), []);
  const run = store.exportOf(inst, 'run');
  assert.ok(run !== undefined && run.kind === 'func');
  return { store, run: run.addr };
}

/** Node's built-in WebAssembly, typed as the facade (the shapes match). */
const native = (globalThis as unknown as { WebAssembly: typeof facade }).WebAssembly;

const noHost = (name: string): never => {
  throw new Error(`no host function ${name}`);
};

test('a SIMD loop gives the same v128 when its state round-trips after every instruction', async () => {
  const args: WasmValue[] = [i32(20), i32x4(0x00ff7fff, -0x7ffffff0, 0x7fc00001, 0x12345678)];
  const plain = await fresh();
  const expected = plain.store.invoke(plain.run, args)[0]!;
  // Node's own engine computes the same 16 bytes.
  const bytes = await parse(WAT.replace('(memory 1)', '(memory (export "mem") 1)'));
  const nodeInst = new native.Instance(new native.Module(bytes));
  (nodeInst.exports.main as (n: number) => void)(20);
  const nodeMem = nodeInst.exports.mem as InstanceType<typeof facade.Memory>;
  assert.deepEqual(asU32(expected), [...new Uint32Array(nodeMem.buffer, 0, 4)]);

  let { store, run } = await fresh();
  let execution = store.call(run, args);
  let trips = 0;
  for (;;) {
    const r = execution.run({ fuel: 1 });
    if (r.status === 'done') {
      assert.deepEqual(r.results[0], expected);
      break;
    }
    assert.equal(r.status, 'suspended');
    const state = structuredClone({ store: store.capture(), execution: execution.capture() });
    store = Store.restore(state.store, store.modules, noHost);
    execution = Execution.restore(store, state.execution);
    trips++;
  }
  assert.ok(trips > 200, `only ${trips} round trips`);
});

test('v128 and lane stores mark the dirty chunks they write, across a chunk boundary too', async () => {
  const store = new Store();
  const inst = store.instantiate(
    new Module(
      await parse(`(module (memory 1)
    (func (export "store") (param i32) (v128.store (local.get 0) (v128.const i64x2 -1 -1)))
    (func (export "lane") (param i32) (v128.store64_lane 1 (local.get 0) (v128.const i64x2 -1 -1))))`),
    ),
    [],
  );
  const mem = store.mems[store.instances[inst]!.memAddrs[0]!]!;
  mem.clearDirty();
  store.invoke(store.exportOf(inst, 'store')!.addr, [i32(4096 * 3 - 8)]);
  assert.deepEqual(mem.dirtyChunks(), [2, 3]);
  mem.clearDirty();
  store.invoke(store.exportOf(inst, 'lane')!.addr, [i32(4096 * 5 - 4)]);
  assert.deepEqual(mem.dirtyChunks(), [4, 5]);
});
