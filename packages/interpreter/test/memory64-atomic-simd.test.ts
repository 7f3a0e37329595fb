/**
 * Memory64 atomic and SIMD memory instructions: `i64` addresses, offsets up to 2^64, a high address or offset
 * word trapping out of bounds before the alignment check, `i32` addresses refused by validation, an offset of
 * 2^32 or more on a 32-bit memory refused (`offset out of range`), and the JavaScript tier leaving them interpreted.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileModule, i32, i64, Module, type RunResult, Store, v128 } from '../src/index.js';
import { translate } from '../src/js-tier/translate.js';
import { assemble } from './support/engines.js';

const TEXT = `(module
  (memory i64 1 2 shared)
  (func (export "store") (param i64 i32) (i32.atomic.store (local.get 0) (local.get 1)))
  (func (export "load") (param i64) (result i32) (i32.atomic.load (local.get 0)))
  (func (export "load-far") (param i64) (result i32) (i32.atomic.load offset=0x1_0000_0000 (local.get 0)))
  (func (export "add") (param i64 i64) (result i64) (i64.atomic.rmw.add (local.get 0) (local.get 1)))
  (func (export "cmpxchg") (param i64 i32 i32) (result i32)
    (i32.atomic.rmw8.cmpxchg_u (local.get 0) (local.get 1) (local.get 2)))
  (func (export "notify") (param i64) (result i32) (memory.atomic.notify (local.get 0) (i32.const 1)))
  (func (export "wait") (param i64) (result i32) (memory.atomic.wait32 (local.get 0) (i32.const 1) (i64.const 0)))
  (func (export "vstore") (param i64 v128) (v128.store offset=16 (local.get 0) (local.get 1)))
  (func (export "vload") (param i64) (result v128) (v128.load offset=16 (local.get 0)))
  (func (export "vload-far") (param i64) (result v128) (v128.load offset=0x1_0000_0000 (local.get 0)))
  (func (export "lane") (param i64 v128) (result v128) (v128.load8_lane 3 (local.get 0) (local.get 1)))
  (func (export "store-lane") (param i64 v128) (v128.store32_lane 1 (local.get 0) (local.get 1))))`;

async function make() {
  const store = new Store();
  const instance = store.instantiate(new Module(await assemble(TEXT)), []);
  const call = (name: string, args: Parameters<Store['call']>[1]): RunResult =>
    store.call(store.exportOf(instance, name)!.addr, args).run();
  return { call };
}

function trapCode(r: RunResult): string | undefined {
  return r.status === 'trapped' ? r.error.code : undefined;
}

const done = (...results: unknown[]): RunResult => ({ status: 'done', results }) as RunResult;

describe('memory64 atomics and SIMD', () => {
  it('runs atomic loads, stores, read-modify-writes, notify and wait at i64 addresses', async () => {
    const { call } = await make();
    assert.equal(call('store', [i64(65532n), i32(7)]).status, 'done');
    assert.deepEqual(call('load', [i64(65532n)]), done(i32(7)));
    assert.deepEqual(call('add', [i64(8n), i64(5n)]), done(i64(0n)));
    assert.deepEqual(call('add', [i64(8n), i64(-1n)]), done(i64(5n)));
    assert.deepEqual(call('cmpxchg', [i64(8n), i32(4), i32(9)]), done(i32(4)));
    assert.deepEqual(call('load', [i64(8n)]), done(i32(9)));
    assert.deepEqual(call('notify', [i64(8n)]), done(i32(0)));
    // Not equal: returns 1 without waiting.
    assert.deepEqual(call('wait', [i64(8n)]), done(i32(1)));
  });

  it('traps out of bounds on a high address or offset word, before the alignment check', async () => {
    const { call } = await make();
    // The low word (0) is in bounds and aligned: only the high word may decide.
    assert.equal(trapCode(call('load', [i64(0x1_0000_0000n)])), 'memory-out-of-bounds');
    assert.equal(trapCode(call('load', [i64(0x1_0000_0001n)])), 'memory-out-of-bounds');
    assert.equal(trapCode(call('load-far', [i64(0n)])), 'memory-out-of-bounds');
    assert.equal(trapCode(call('store', [i64(-4n), i32(1)])), 'memory-out-of-bounds');
    assert.equal(trapCode(call('cmpxchg', [i64(0x2_0000_0000n), i32(0), i32(1)])), 'memory-out-of-bounds');
    assert.equal(trapCode(call('notify', [i64(0x1_0000_0000n)])), 'memory-out-of-bounds');
    assert.equal(trapCode(call('wait', [i64(0x1_0000_0000n)])), 'memory-out-of-bounds');
    assert.equal(trapCode(call('load', [i64(65536n)])), 'memory-out-of-bounds');
    assert.equal(trapCode(call('load', [i64(2n)])), 'unaligned-atomic');
  });

  it('loads and stores v128 and lanes at i64 addresses, trapping on a high word', async () => {
    const { call } = await make();
    const bits = 0x0f0e0d0c_0b0a0908_07060504_03020100n;
    assert.equal(call('vstore', [i64(65504n), v128(bits)]).status, 'done');
    assert.deepEqual(call('vload', [i64(65504n)]), done(v128(bits)));
    assert.deepEqual(call('lane', [i64(65523n), v128(0n)]), done(v128(0x03n << 24n)));
    assert.equal(call('store-lane', [i64(0n), v128(0xaabbccdd_00000000n)]).status, 'done');
    assert.deepEqual(call('load', [i64(0n)]), done(i32(0xaabbccdd | 0)));
    assert.equal(trapCode(call('vload', [i64(0x1_0000_0000n)])), 'memory-out-of-bounds');
    assert.equal(trapCode(call('vload-far', [i64(0n)])), 'memory-out-of-bounds');
    assert.equal(trapCode(call('vstore', [i64(-16n), v128(0n)])), 'memory-out-of-bounds');
    assert.equal(trapCode(call('lane', [i64(0x1_0000_0000n), v128(0n)])), 'memory-out-of-bounds');
    assert.equal(trapCode(call('store-lane', [i64(0x1_0000_0000n), v128(0n)])), 'memory-out-of-bounds');
    assert.equal(trapCode(call('vload', [i64(65521n)])), 'memory-out-of-bounds');
  });

  it('refuses i32 addresses on a memory64 memory and a 2^32 offset on a 32-bit one', async () => {
    const mismatched = [
      '(module (memory i64 1) (func (drop (i32.atomic.load (i32.const 0)))))',
      '(module (memory i64 1) (func (i32.atomic.store (i32.const 0) (i32.const 0))))',
      '(module (memory i64 1) (func (drop (v128.load (i32.const 0)))))',
      '(module (memory i64 1) (func (v128.store8_lane 0 (i32.const 0) (v128.const i64x2 0 0))))',
      '(module (memory 1) (func (drop (i32.atomic.load (i64.const 0)))))',
    ];
    for (const text of mismatched) {
      const bytes = await assemble(text);
      assert.throws(() => compileModule(bytes), /type mismatch/, text);
    }
    const far = [
      '(module (memory 1) (func (drop (i32.atomic.load offset=0x1_0000_0000 (i32.const 0)))))',
      '(module (memory 1) (func (drop (v128.load offset=0x1_0000_0000 (i32.const 0)))))',
    ];
    for (const text of far) {
      const bytes = await assemble(text);
      assert.throws(() => compileModule(bytes), /offset out of range/, text);
    }
  });

  it('leaves these functions to the interpreter (the JavaScript tier refuses them)', async () => {
    const cm = compileModule(
      await assemble(`(module (memory i64 1)
        (func (result i32) (i32.atomic.load (i64.const 0)))
        (func (result v128) (v128.load (i64.const 0))))`),
    );
    assert.equal(translate(cm, cm.funcs[0]!), null);
    assert.equal(translate(cm, cm.funcs[1]!), null);
  });
});
