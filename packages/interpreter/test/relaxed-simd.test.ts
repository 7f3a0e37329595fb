/**
 * Relaxed SIMD's fixed choices (see `simd-relaxed.ts`), each checked on inputs where the allowed results differ:
 * the dot product wraps with both operands signed, madd is not fused, truncation saturates, laneselect is
 * bitwise. Also multi-memory SIMD: a v128 store to memory 1 lands there, not in memory 0.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { i32, Module, Store } from '../src/index.js';
import { assemble } from './support/engines.js';

const TEXT = `(module
  (memory $m0 1) (memory $m1 1)
  (func (export "dot") (result i32)
    (i16x8.extract_lane_s 0 (i16x8.relaxed_dot_i8x16_i7x16_s (v128.const i8x16 ${'-128 '.repeat(16)}) (v128.const i8x16 ${'-128 '.repeat(16)}))))
  (func (export "dot-add") (result i32)
    (i32x4.extract_lane 0 (i32x4.relaxed_dot_i8x16_i7x16_add_s (v128.const i8x16 ${'-128 '.repeat(16)})
      (v128.const i8x16 ${'-128 '.repeat(16)}) (v128.const i32x4 2147483647 0 0 0))))
  (func (export "madd") (result f32)
    (f32x4.extract_lane 0 (f32x4.relaxed_madd (v128.const f32x4 0x1.000002p+0 0 0 0)
      (v128.const f32x4 0x1.000002p+0 0 0 0) (v128.const f32x4 -0x1.000004p+0 0 0 0))))
  (func (export "trunc") (result i32 i32)
    (i32x4.extract_lane 0 (i32x4.relaxed_trunc_f32x4_s (v128.const f32x4 nan 0 0 0)))
    (i32x4.extract_lane 0 (i32x4.relaxed_trunc_f32x4_u (v128.const f32x4 -1 0 0 0))))
  (func (export "laneselect") (result i32)
    (i32x4.extract_lane 0 (i32x4.relaxed_laneselect (v128.const i32x4 -1 0 0 0) (v128.const i32x4 0 0 0 0)
      (v128.const i32x4 0x0000ffff 0 0 0))))
  (func (export "store1") (result i32 i32)
    (v128.store $m1 offset=16 (i32.const 0) (v128.const i32x4 7 8 9 10))
    (i32.load $m1 (i32.const 20)) (i32.load $m0 (i32.const 20))))`;

describe('relaxed SIMD', () => {
  it('gives the documented result where the spec allows several', async () => {
    const store = new Store();
    const inst = store.instantiate(new Module(await assemble(TEXT)), []);
    const call = (name: string) => store.call(store.exportOf(inst, name)!.addr, []).run();
    assert.deepStrictEqual(call('dot'), { status: 'done', results: [i32(-32768)] });
    assert.deepStrictEqual(call('dot-add'), { status: 'done', results: [i32(-2147418113)] });
    // Fused, 1.000002 × 1.000002 − 1.000004 would be 2^-46; rounded after the multiply it is 0.
    assert.deepStrictEqual(call('madd'), { status: 'done', results: [{ type: 'f32', bits: 0 }] });
    assert.deepStrictEqual(call('trunc'), { status: 'done', results: [i32(0), i32(0)] });
    assert.deepStrictEqual(call('laneselect'), { status: 'done', results: [i32(0xffff)] });
    assert.deepStrictEqual(call('store1'), { status: 'done', results: [i32(8), i32(0)] });
  });
});
