/**
 * Lane semantics of the SIMD instructions where an implementation most easily goes wrong: saturation
 * (q15mulr, narrowing, saturating add/sub), `trunc_sat` on NaN and infinities, the operand order of
 * `pmin`/`pmax` against `min`/`max`, ties of `nearest`, shuffle and swizzle indices, bitmasks, per-lane f32
 * rounding, NaN bits of `neg`/`abs`, 64-bit lane products, and memory bounds of lane accesses.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { f32Bits, i32, RuntimeError } from '../src/index.js';
import {
  asF32,
  asF64,
  asI8,
  asI16,
  asI32,
  asI64,
  asU8,
  asU16,
  asU32,
  f32x4,
  f64x2,
  i8x16,
  i16x8,
  i32x4,
  i64x2Of,
  instantiateWat,
} from './simd-helpers.js';

const binary = (op: string): string =>
  `(func (export "${op}") (param v128 v128) (result v128) (${op} (local.get 0) (local.get 1)))`;
const unary = (op: string): string => `(func (export "${op}") (param v128) (result v128) (${op} (local.get 0)))`;
const test1 = (op: string): string => `(func (export "${op}") (param v128) (result i32) (${op} (local.get 0)))`;

const m = await instantiateWat(`(module
  (memory 1)
  ${[
    'i16x8.q15mulr_sat_s',
    'i8x16.narrow_i16x8_s',
    'i8x16.narrow_i16x8_u',
    'i16x8.narrow_i32x4_s',
    'i16x8.narrow_i32x4_u',
    'i8x16.add_sat_s',
    'i8x16.sub_sat_u',
    'i16x8.add_sat_u',
    'i16x8.sub_sat_s',
    'f32x4.pmin',
    'f32x4.pmax',
    'f32x4.min',
    'f32x4.max',
    'f64x2.pmin',
    'f64x2.pmax',
    'f64x2.min',
    'f32x4.add',
    'f32x4.mul',
    'i8x16.swizzle',
    'i64x2.mul',
    'i64x2.extmul_low_i32x4_s',
    'i64x2.extmul_high_i32x4_u',
    'i32x4.dot_i16x8_s',
    'i8x16.avgr_u',
  ]
    .map(binary)
    .join('\n')}
  ${[
    'i32x4.trunc_sat_f32x4_s',
    'i32x4.trunc_sat_f32x4_u',
    'i32x4.trunc_sat_f64x2_s_zero',
    'i32x4.trunc_sat_f64x2_u_zero',
    'f32x4.nearest',
    'f64x2.nearest',
    'f32x4.neg',
    'f32x4.abs',
    'f64x2.neg',
    'i8x16.abs',
    'i8x16.popcnt',
    'f32x4.demote_f64x2_zero',
    'f64x2.promote_low_f32x4',
    'i16x8.extend_high_i8x16_s',
    'i32x4.extadd_pairwise_i16x8_u',
  ]
    .map(unary)
    .join('\n')}
  ${['i8x16.bitmask', 'i16x8.bitmask', 'i32x4.bitmask', 'i64x2.bitmask', 'i8x16.all_true', 'v128.any_true']
    .map(test1)
    .join('\n')}
  (func (export "shuffle") (param v128 v128) (result v128)
    (i8x16.shuffle 0 16 31 15 1 17 30 14 2 18 29 13 3 19 28 12 (local.get 0) (local.get 1)))
  (func (export "shl8") (param v128 i32) (result v128) (i8x16.shl (local.get 0) (local.get 1)))
  (func (export "shr_s64") (param v128 i32) (result v128) (i64x2.shr_s (local.get 0) (local.get 1)))
  (func (export "store_load") (param v128 i32) (result v128)
    (v128.store offset=3 (local.get 1) (local.get 0))
    (v128.load offset=3 (local.get 1)))
  (func (export "load64_lane") (param v128 i32) (result v128) (v128.load64_lane 1 (local.get 1) (local.get 0)))
  (func (export "store16_lane") (param v128 i32) (result v128)
    (v128.store16_lane 7 (local.get 1) (local.get 0))
    (v128.load16_splat (local.get 1)))
  (func (export "extract_s") (param v128) (result i32) (i8x16.extract_lane_s 15 (local.get 0)))
  (func (export "extract_u") (param v128) (result i32) (i8x16.extract_lane_u 15 (local.get 0)))
  (func (export "splat_f32") (param f32) (result v128) (f32x4.splat (local.get 0)))
)`);

test('i16x8.q15mulr_sat_s rounds half up and saturates only −1 × −1', () => {
  const r = m['i16x8.q15mulr_sat_s']!(
    i16x8(-32768, -32768, 16384, -1, 32767, 1, -16384, 100),
    i16x8(-32768, 32767, 16384, 1, 32767, 16384, 16384, -100),
  );
  assert.deepEqual(asI16(r), [32767, -32767, 8192, 0, 32766, 1, -8192, 0]);
});

test('narrowing saturates signed inputs to the signed or unsigned lane range', () => {
  const a = i16x8(300, -300, 127, -128, 128, -129, 0, -1);
  const b = i16x8(32767, -32768, 1, 2, 3, 4, 5, 6);
  assert.deepEqual(
    asI8(m['i8x16.narrow_i16x8_s']!(a, b)),
    [127, -128, 127, -128, 127, -128, 0, -1, 127, -128, 1, 2, 3, 4, 5, 6],
  );
  assert.deepEqual(asU8(m['i8x16.narrow_i16x8_u']!(a, b)), [255, 0, 127, 0, 128, 0, 0, 0, 255, 0, 1, 2, 3, 4, 5, 6]);
  const c = i32x4(70000, -70000, 32767, -32769);
  const d = i32x4(65535, -1, 0, 65536);
  assert.deepEqual(asI16(m['i16x8.narrow_i32x4_s']!(c, d)), [32767, -32768, 32767, -32768, 32767, -1, 0, 32767]);
  assert.deepEqual(asU16(m['i16x8.narrow_i32x4_u']!(c, d)), [65535, 0, 32767, 0, 65535, 0, 0, 65535]);
});

test('saturating add and sub clamp per lane', () => {
  const s = asI8(
    m['i8x16.add_sat_s']!(
      i8x16(100, -100, 127, -128, 1, ...new Array(11).fill(0)),
      i8x16(100, -100, 1, -1, 1, ...new Array(11).fill(0)),
    ),
  );
  assert.deepEqual(s.slice(0, 5), [127, -128, 127, -128, 2]);
  const u = asU8(
    m['i8x16.sub_sat_u']!(
      i8x16(5, 200, 0, 255, ...new Array(12).fill(0)),
      i8x16(6, 100, 1, 255, ...new Array(12).fill(0)),
    ),
  );
  assert.deepEqual(u.slice(0, 4), [0, 100, 0, 0]);
  assert.deepEqual(
    asU16(m['i16x8.add_sat_u']!(i16x8(65535, 40000, 1, 0, 0, 0, 0, 0), i16x8(1, 40000, 1, 0, 0, 0, 0, 0))).slice(0, 3),
    [65535, 65535, 2],
  );
  assert.deepEqual(
    asI16(m['i16x8.sub_sat_s']!(i16x8(-32768, 32767, 0, 0, 0, 0, 0, 0), i16x8(1, -1, -32768, 0, 0, 0, 0, 0))).slice(
      0,
      3,
    ),
    [-32768, 32767, 32767],
  );
});

test('trunc_sat: NaN gives 0, infinities and out-of-range values the bounds', () => {
  assert.deepEqual(
    asI32(m['i32x4.trunc_sat_f32x4_s']!(f32x4(NaN, Infinity, -Infinity, -1.9))),
    [0, 2147483647, -2147483648, -1],
  );
  assert.deepEqual(
    asU32(m['i32x4.trunc_sat_f32x4_u']!(f32x4(NaN, Infinity, -0.9, 4294967040))),
    [0, 4294967295, 0, 4294967040],
  );
  assert.deepEqual(asI32(m['i32x4.trunc_sat_f64x2_s_zero']!(f64x2(NaN, -3.9))), [0, -3, 0, 0]);
  assert.deepEqual(asU32(m['i32x4.trunc_sat_f64x2_u_zero']!(f64x2(1e10, -1))), [4294967295, 0, 0, 0]);
});

test('pmin/pmax return the first operand unless the second is strictly less/greater; min/max do not', () => {
  const a = f32x4(NaN, 1, -0, 0);
  const b = f32x4(1, NaN, 0, -0);
  const pmin = asF32(m['f32x4.pmin']!(a, b));
  assert.ok(Number.isNaN(pmin[0]));
  assert.equal(pmin[1], 1);
  assert.ok(Object.is(pmin[2], -0) && Object.is(pmin[3], 0));
  const pmax = asF32(m['f32x4.pmax']!(a, b));
  assert.ok(Number.isNaN(pmax[0]));
  assert.equal(pmax[1], 1);
  assert.ok(Object.is(pmax[2], -0) && Object.is(pmax[3], 0));
  assert.deepEqual(asF32(m['f32x4.pmin']!(f32x4(2, 1, 5, -5), f32x4(1, 2, -5, 5))), [1, 1, -5, -5]);
  assert.deepEqual(asF32(m['f32x4.pmax']!(f32x4(2, 1, 5, -5), f32x4(1, 2, -5, 5))), [2, 2, 5, 5]);
  // min/max: NaN wins, −0 < +0 whichever side.
  const min = asF32(m['f32x4.min']!(a, b));
  assert.ok(Number.isNaN(min[0]) && Number.isNaN(min[1]));
  assert.ok(Object.is(min[2], -0) && Object.is(min[3], -0));
  const max = asF32(m['f32x4.max']!(a, b));
  assert.ok(Object.is(max[2], 0) && Object.is(max[3], 0));
  // f64 lanes, and a signalling NaN kept bit for bit by pmin.
  const p = asF64(m['f64x2.pmin']!(f64x2(3, -0), f64x2(2, 0)));
  assert.ok(p[0] === 2 && Object.is(p[1], -0));
  const snan = i32x4(0x7fa00001, 0, 0, 0);
  assert.equal(asU32(m['f32x4.pmin']!(snan, f32x4(1, 0, 0, 0)))[0], 0x7fa00001);
  assert.equal(asU32(m['f32x4.pmax']!(snan, f32x4(1, 0, 0, 0)))[0], 0x7fa00001);
});

test('nearest rounds ties to even and keeps the sign of zero', () => {
  const r = asF32(m['f32x4.nearest']!(f32x4(0.5, 1.5, 2.5, -0.5)));
  assert.deepEqual(r.slice(0, 3), [0, 2, 2]);
  assert.ok(Object.is(r[3], -0));
  assert.deepEqual(asF32(m['f32x4.nearest']!(f32x4(-2.5, 3.5, 8388607.5, -1.5))), [-2, 4, 8388608, -2]);
  const d = asF64(m['f64x2.nearest']!(f64x2(4503599627370495.5, -0.5)));
  assert.equal(d[0], 4503599627370496);
  assert.ok(Object.is(d[1], -0));
});

test('shuffle picks from both operands by index 0–31; swizzle gives 0 for indices from 16', () => {
  const a = i8x16(...Array.from({ length: 16 }, (_, i) => i));
  const b = i8x16(...Array.from({ length: 16 }, (_, i) => 100 + i));
  assert.deepEqual(asU8(m.shuffle!(a, b)), [0, 100, 115, 15, 1, 101, 114, 14, 2, 102, 113, 13, 3, 103, 112, 12]);
  const idx = i8x16(15, 16, 255, 0x80, 0, 1, 17, 3, 3, 3, 3, 3, 3, 3, 3, 31);
  assert.deepEqual(
    asU8(m['i8x16.swizzle']!(b, idx)),
    [115, 0, 0, 0, 100, 101, 0, 103, 103, 103, 103, 103, 103, 103, 103, 0],
  );
});

test('bitmask collects the top bit of each lane, lane 0 in bit 0', () => {
  const mask = (v: ReturnType<typeof i8x16>, name: string): number => {
    const r = m[name]!(v);
    assert.equal(r.type, 'i32');
    return r.type === 'i32' ? r.value : NaN;
  };
  assert.equal(mask(i8x16(-1, 0, -128, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -2), 'i8x16.bitmask'), 0x8005);
  assert.equal(mask(i16x8(0, -1, 0, 0, 0, 0, 0, -32768), 'i16x8.bitmask'), 0x82);
  assert.equal(mask(i32x4(-1, 1, -2147483648, 2147483647), 'i32x4.bitmask'), 0b0101);
  assert.equal(mask(i64x2Of(1n, -1n), 'i64x2.bitmask'), 0b10);
  assert.equal(mask(i8x16(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0), 'i8x16.all_true'), 0);
  assert.equal(mask(i8x16(...new Array(16).fill(-1)), 'i8x16.all_true'), 1);
  assert.equal(mask(i32x4(0, 0, 0, 0), 'v128.any_true'), 0);
  assert.equal(mask(i32x4(0, 0, 0, -2147483648), 'v128.any_true'), 1);
});

test('f32 lanes round per lane; neg and abs move bits and keep NaN payloads', () => {
  assert.deepEqual(asF32(m['f32x4.add']!(f32x4(16777216, 1, 0.1, 3e38), f32x4(1, 2 ** -24, 0.2, 3e38))), [
    16777216,
    1,
    Math.fround(Math.fround(0.1) + Math.fround(0.2)),
    Infinity,
  ]);
  assert.deepEqual(
    asF32(m['f32x4.mul']!(f32x4(3.4e38, 1e-45, 3, -0), f32x4(10, 0.5, 1 / 3, 5))).map((x) =>
      Object.is(x, -0) ? '-0' : x,
    ),
    [Infinity, 0, Math.fround(3 * Math.fround(1 / 3)), '-0'],
  );
  const nan = i32x4(0x7fa00001, 0xffc00000, 0x00000000, 0x7f800000);
  assert.deepEqual(asU32(m['f32x4.neg']!(nan)), [0xffa00001, 0x7fc00000, 0x80000000, 0xff800000]);
  assert.deepEqual(
    asU32(m['f32x4.abs']!(i32x4(0xffa00001, 0x80000000, 1, 0xff800000))),
    [0x7fa00001, 0, 1, 0x7f800000],
  );
  assert.deepEqual(asU32(m['f64x2.neg']!(i32x4(1, 0x7ff00000, 0, 0))), [1, 0xfff00000, 0, 0x80000000]);
  assert.equal(asU32(m['f32x4.demote_f64x2_zero']!(f64x2(1e300, 0.1)))[0], 0x7f800000);
  assert.deepEqual(
    asF32(m['f32x4.demote_f64x2_zero']!(f64x2(-1e-300, 0.1))).map((x) => (Object.is(x, -0) ? '-0' : x)),
    ['-0', Math.fround(0.1), 0, 0],
  );
  assert.deepEqual(asF64(m['f64x2.promote_low_f32x4']!(f32x4(0.1, -2, 7, 8))), [Math.fround(0.1), -2]);
});

test('integer lanes: 64-bit products, extension, dot, averages, abs and popcnt', () => {
  assert.deepEqual(asI64(m['i64x2.mul']!(i64x2Of(0x100000001n, -3n), i64x2Of(0x100000001n, 0x7fffffffffffffffn))), [
    0x200000001n,
    -0x7ffffffffffffffdn,
  ]);
  assert.deepEqual(asI64(m['i64x2.extmul_low_i32x4_s']!(i32x4(-1, -2147483648, 0, 0), i32x4(-1, -2147483648, 0, 0))), [
    1n,
    0x4000000000000000n,
  ]);
  assert.deepEqual(asI64(m['i64x2.extmul_high_i32x4_u']!(i32x4(0, 0, -1, 2), i32x4(0, 0, -1, 3))), [
    BigInt.asIntN(64, 0xfffffffe00000001n),
    6n,
  ]);
  assert.deepEqual(
    asI32(
      m['i32x4.dot_i16x8_s']!(i16x8(-32768, -32768, 1, 2, 3, 4, -5, 6), i16x8(-32768, -32768, 7, 8, 9, 10, 11, 12)),
    ),
    [-2147483648, 23, 67, 17],
  );
  assert.deepEqual(
    asU8(
      m['i8x16.avgr_u']!(i8x16(255, 0, 1, 2, ...new Array(12).fill(0)), i8x16(255, 1, 2, 2, ...new Array(12).fill(0))),
    ).slice(0, 4),
    [255, 1, 2, 2],
  );
  assert.deepEqual(
    asI8(m['i8x16.abs']!(i8x16(-128, -127, 5, -1, ...new Array(12).fill(0)))).slice(0, 4),
    [-128, 127, 5, 1],
  );
  assert.deepEqual(
    asU8(m['i8x16.popcnt']!(i8x16(255, 0, 0x55, 0x80, ...new Array(12).fill(0)))).slice(0, 4),
    [8, 0, 4, 1],
  );
  assert.deepEqual(
    asI16(m['i16x8.extend_high_i8x16_s']!(i8x16(...new Array(8).fill(0), -1, 127, -128, 0, 1, 2, 3, 4))),
    [-1, 127, -128, 0, 1, 2, 3, 4],
  );
  assert.deepEqual(
    asI32(m['i32x4.extadd_pairwise_i16x8_u']!(i16x8(-1, -1, 1, 2, 0, 0, 32768, 32768))),
    [131070, 3, 0, 65536],
  );
});

test('shift counts are taken modulo the lane width', () => {
  assert.deepEqual(asI8(m.shl8!(i8x16(1, -1, 0x40, ...new Array(13).fill(0)), i32(9))).slice(0, 3), [2, -2, -128]);
  assert.deepEqual(asI64(m.shr_s64!(i64x2Of(-0x100000000n, 0x7fffffffffffffffn), i32(64 + 33))), [-1n, 0x3fffffffn]);
});

test('lanes cross the scalar boundary bit-exactly', () => {
  const v = i8x16(...new Array(15).fill(0), -3);
  assert.deepEqual(m.extract_s!(v), i32(-3));
  assert.deepEqual(m.extract_u!(v), i32(253));
  assert.deepEqual(asU32(m.splat_f32!(f32Bits(0x7fa00001))), [0x7fa00001, 0x7fa00001, 0x7fa00001, 0x7fa00001]);
});

test('loads and stores: unaligned round trip, lane accesses, and bounds traps before any write', () => {
  const v = i32x4(0x01020304, -1, 0x7fa00001, 0);
  assert.deepEqual(m.store_load!(v, i32(1)), v);
  assert.deepEqual(asI64(m.load64_lane!(i64x2Of(5n, 6n), i32(4)))[0], 5n);
  assert.deepEqual(asI16(m.store16_lane!(i16x8(0, 0, 0, 0, 0, 0, 0, -2), i32(100))), new Array(8).fill(-2));
  assert.throws(
    () => m.store_load!(v, i32(65536 - 18)),
    (e: unknown) => e instanceof RuntimeError && /out of bounds/.test(e.message),
  );
  assert.throws(() => m.load64_lane!(v, i32(65536 - 7)), RuntimeError);
  assert.throws(() => m.store16_lane!(v, i32(-1)), RuntimeError);
  // Nothing was written by the trapping store: bytes 65517… still read as zero.
  assert.deepEqual(asU8(m.load64_lane!(i32x4(0, 0, 0, 0), i32(65536 - 8))), new Array(16).fill(0));
});
