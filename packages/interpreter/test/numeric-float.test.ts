/**
 * Tests of the float helpers: `nearest` ties and signed zeros, `min`/`max` on zeros and NaNs, quiet NaN
 * results for signalling inputs, and the bit-level `neg`/`abs`/`copysign`. Expected values follow the spec
 * suite's `f32.wast`, `f64.wast` and `float_misc.wast`.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as F from '../src/numeric-float.js';
import { bits32, bits64, f32, f64 } from './support/float-bits.js';
import { prng } from './support/prng.js';

const isQuietNaN64 = (x: number): boolean => x !== x && (bits64(x)[0] & 0x00080000) !== 0;
const isCanonicalNaN64 = (x: number): boolean => {
  const [hi, lo] = bits64(x);
  return (hi & 0x7fffffff) === 0x7ff80000 && lo === 0;
};
const isQuietNaN32 = (x: number): boolean => x !== x && (bits32(x) & 0x00400000) !== 0;

/**
 * NaNs as [high word, low word]. They are kept as bits and turned into numbers only at the call, because V8
 * silences a signalling NaN stored into a JS array of doubles.
 */
const SNAN64: [number, number][] = [
  [0x7ff00000, 1],
  [0x7ff40000, 0],
  [0xfff40000, 0],
  [0x7ff7ffff, 0xffffffff],
];
const SNAN32_BITS = [0x7f800001, 0x7fa00000, 0xffa00000, 0x7fbfffff];
const CANONICAL64: [number, number][] = [
  [0x7ff80000, 0],
  [0xfff80000, 0],
];
const ARITH64: [number, number][] = [
  [0x7ffc0000, 0],
  [0xfff80000, 5],
];

/** Round half to even by comparison with floor, for finite |x| < 2^53; keeps the sign of zero. */
function referenceNearest(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  let r = diff < 0.5 ? f : diff > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
  if (r === 0) r = x < 0 || Object.is(x, -0) ? -0 : 0;
  return r;
}

test('nearest rounds ties to even and keeps the sign of zero (f64.wast, float_misc.wast)', () => {
  const cases: [number, number][] = [
    [0, 0],
    [-0, -0],
    [0.5, 0],
    [-0.5, -0],
    [0.49999999999999994, 0],
    [-0.49999999999999994, -0],
    [1, 1],
    [-1, -1],
    [1.5, 2],
    [-1.5, -2],
    [2.5, 2],
    [-2.5, -2],
    [3.5, 4],
    [-3.5, -4],
    [4.5, 4],
    [-4.5, -4],
    [Number.MIN_VALUE, 0],
    [-Number.MIN_VALUE, -0],
    [2.2250738585072014e-308, 0],
    [4503599627370495.5, 4503599627370496],
    [-4503599627370495.5, -4503599627370496],
    [4503599627370497, 4503599627370497],
    [-4503599627370497, -4503599627370497],
    [4503599627370494.5, 4503599627370494],
    [-4503599627370493.5, -4503599627370494],
    [9007199254740993, 9007199254740992],
    [Number.MAX_VALUE, Number.MAX_VALUE],
    [-Number.MAX_VALUE, -Number.MAX_VALUE],
    [Infinity, Infinity],
    [-Infinity, -Infinity],
    [6.283185307179586, 6],
    [-6.283185307179586, -6],
  ];
  for (const [x, want] of cases) {
    assert.ok(Object.is(F.f64Nearest(x), want), `f64.nearest(${x}) = ${F.f64Nearest(x)}, want ${want}`);
  }
});

test('f32.nearest on f32 values (f32.wast, float_misc.wast)', () => {
  const cases: [number, number][] = [
    [f32(0x3effffff), 0], // 0x1.fffffep-2
    [f32(0xbeffffff), -0],
    [8388609, 8388609],
    [-8388609, -8388609],
    [f32(0x4affffff), 8388608], // 0x1.fffffep+22 = 8388607.5
    [f32(0xcaffffff), -8388608],
    [f32(0x4b7fffff), 16777215],
    [f32(0x7f7fffff), f32(0x7f7fffff)],
    [4.5, 4],
    [-4.5, -4],
    [-3.5, -4],
    [0.5, 0],
    [-0.5, -0],
    [f32(1), 0],
    [f32(0x80000001), -0],
  ];
  for (const [x, want] of cases) {
    const got = Math.fround(F.f32Nearest(x));
    assert.ok(Object.is(got, want), `f32.nearest(${x}) = ${got}, want ${want}`);
  }
});

test('nearest matches a floor-based reference on seeded random doubles', () => {
  const next = prng(0x6e617273);
  for (let i = 0; i < 200000; i++) {
    let x: number;
    switch (i % 4) {
      case 0:
        x = f64(next(), next());
        break; // any bit pattern
      case 1:
        x = ((next() | 0) / 2) * (next() % 2 ? 1 : -1);
        break; // many exact ties
      case 2:
        x = (next() / 4294967296) * 2 ** (next() % 60) * (next() % 2 ? 1 : -1);
        break;
      default:
        x = Math.fround(f64(next(), next()));
        break;
    }
    if (x !== x) continue;
    const want = Math.abs(x) >= 2 ** 52 ? x : referenceNearest(x);
    const got = F.f64Nearest(x);
    if (!Object.is(got, want)) assert.fail(`f64.nearest(${x}) = ${got}, want ${want}`);
  }
});

test('min and max order -0 below +0', () => {
  for (const [min, max] of [
    [F.f64Min, F.f64Max],
    [F.f32Min, F.f32Max],
  ] as const) {
    assert.ok(Object.is(min(-0, 0), -0));
    assert.ok(Object.is(min(0, -0), -0));
    assert.ok(Object.is(min(0, 0), 0));
    assert.ok(Object.is(min(-0, -0), -0));
    assert.ok(Object.is(max(-0, 0), 0));
    assert.ok(Object.is(max(0, -0), 0));
    assert.ok(Object.is(max(-0, -0), -0));
    assert.ok(Object.is(max(0, 0), 0));
    assert.equal(min(-Infinity, Infinity), -Infinity);
    assert.equal(max(-Infinity, Infinity), Infinity);
    assert.equal(min(1, 1), 1);
    assert.equal(max(-5, -5), -5);
    assert.equal(min(-Number.MIN_VALUE, 0), -Number.MIN_VALUE);
    assert.equal(max(-Number.MIN_VALUE, -0), -0);
  }
});

test('min and max match Math.min/Math.max on seeded random non-NaN pairs', () => {
  const next = prng(0x6d696e);
  const specials = [0, -0, 1, -1, Infinity, -Infinity, Number.MIN_VALUE, -Number.MAX_VALUE];
  for (let i = 0; i < 100000; i++) {
    const a = i % 3 === 0 ? specials[next() % specials.length]! : f64(next(), next());
    const b = i % 5 === 0 ? specials[next() % specials.length]! : f64(next(), next());
    if (a !== a || b !== b) continue;
    if (!Object.is(F.f64Min(a, b), Math.min(a, b))) assert.fail(`f64.min(${a}, ${b})`);
    if (!Object.is(F.f64Max(a, b), Math.max(a, b))) assert.fail(`f64.max(${a}, ${b})`);
  }
});

test('the signalling NaN inputs really reach the functions signalling', () => {
  for (const [hi, lo] of SNAN64) {
    assert.ok(f64(hi, lo) !== f64(hi, lo));
    assert.equal(bits64(f64(hi, lo))[0], hi, 'a Float64Array round trip keeps the signalling bit');
  }
});

test('min and max return a quiet NaN when either operand is NaN, canonical for canonical inputs', () => {
  const others = [0, -0, 1, -Infinity, Infinity, Number.MAX_VALUE];
  for (const fn of [F.f64Min, F.f64Max, F.f32Min, F.f32Max]) {
    for (const [hi, lo] of [...SNAN64, ...CANONICAL64, ...ARITH64]) {
      const what = `${fn.name} with ${hi.toString(16)}:${lo.toString(16)}`;
      for (const other of others) {
        assert.ok(isQuietNaN64(fn(f64(hi, lo), other)), what);
        assert.ok(isQuietNaN64(fn(other, f64(hi, lo))), what);
      }
      for (const [hi2, lo2] of [...SNAN64, ...CANONICAL64, ...ARITH64]) {
        assert.ok(isQuietNaN64(fn(f64(hi, lo), f64(hi2, lo2))), what);
      }
    }
    for (const [hi, lo] of CANONICAL64) {
      for (const other of others) {
        assert.ok(isCanonicalNaN64(fn(f64(hi, lo), other)) && isCanonicalNaN64(fn(other, f64(hi, lo))), fn.name);
      }
      for (const [hi2, lo2] of CANONICAL64) assert.ok(isCanonicalNaN64(fn(f64(hi, lo), f64(hi2, lo2))));
    }
  }
});

test('f32 min, max, nearest, ceil, floor and trunc of a signalling NaN store as a quiet f32 NaN', () => {
  for (const b of SNAN32_BITS) {
    assert.ok(isQuietNaN32(F.f32Min(f32(b), 1)));
    assert.ok(isQuietNaN32(F.f32Max(1, f32(b))));
    assert.ok(isQuietNaN32(F.f32Nearest(f32(b))));
    assert.ok(isQuietNaN32(F.f32Ceil(f32(b))));
    assert.ok(isQuietNaN32(F.f32Floor(f32(b))));
    assert.ok(isQuietNaN32(F.f32Trunc(f32(b))));
  }
});

test('ceil, floor, trunc and nearest turn a signalling NaN quiet and keep a quiet one', () => {
  for (const fn of [F.f64Ceil, F.f64Floor, F.f64Trunc, F.f64Nearest, F.f32Ceil, F.f32Floor, F.f32Trunc, F.f32Nearest]) {
    for (const [hi, lo] of [...SNAN64, ...ARITH64])
      assert.ok(isQuietNaN64(fn(f64(hi, lo))), `${fn.name} ${hi.toString(16)}`);
    for (const [hi, lo] of CANONICAL64) assert.ok(isCanonicalNaN64(fn(f64(hi, lo))), fn.name);
  }
});

test('ceil, floor and trunc keep -0 and round toward the right infinity', () => {
  const cases: [(x: number) => number, number, number][] = [
    [F.f64Ceil, -0.5, -0],
    [F.f64Ceil, -0, -0],
    [F.f64Ceil, 0.5, 1],
    [F.f64Ceil, -1.5, -1],
    [F.f64Ceil, Number.MIN_VALUE, 1],
    [F.f64Floor, 0.5, 0],
    [F.f64Floor, -0, -0],
    [F.f64Floor, -0.5, -1],
    [F.f64Floor, -Number.MIN_VALUE, -1],
    [F.f64Trunc, -0.9, -0],
    [F.f64Trunc, 0.9, 0],
    [F.f64Trunc, -1.9, -1],
    [F.f64Trunc, 4503599627370495.5, 4503599627370495],
    [F.f64Ceil, Infinity, Infinity],
    [F.f64Floor, -Infinity, -Infinity],
    [F.f64Trunc, -Infinity, -Infinity],
    [F.f32Ceil, f32(0x4affffff), 8388608],
    [F.f32Floor, f32(0xcaffffff), -8388608],
    [F.f32Trunc, f32(0xbf7fffff), -0],
  ];
  for (const [fn, x, want] of cases) assert.ok(Object.is(fn(x), want), `${fn.name}(${x}) = ${fn(x)}, want ${want}`);
});

test('bit-level neg, abs and copysign keep NaN payloads and signalling bits', () => {
  for (const b of [...SNAN32_BITS, 0x7fc00000, 0xffc00000, 0, 0x80000000, 0x3f800000, 0x7f800000]) {
    const bits = b | 0;
    assert.equal(F.f32NegBits(bits), (b ^ 0x80000000) | 0);
    assert.equal(F.f32AbsBits(bits), b & 0x7fffffff);
    assert.equal(F.f32CopysignBits(bits, 0), b & 0x7fffffff);
    assert.equal(F.f32CopysignBits(bits, 0x80000000 | 0), b | 0x80000000 | 0);
    assert.equal(F.f32CopysignBits(bits, 0xffc00000 | 0), b | 0x80000000 | 0);
    assert.equal(F.f32CopysignBits(bits, 0x7fffffff), b & 0x7fffffff);
  }
  for (const hi of [0x7ff00000, 0xfff40000, 0x7ff80000, 0x3ff00000, 0x80000000, 0]) {
    const h = hi | 0;
    assert.equal(F.f64NegHigh(h), (hi ^ 0x80000000) | 0);
    assert.equal(F.f64AbsHigh(h), hi & 0x7fffffff);
    assert.equal(F.f64CopysignHigh(h, -1), hi | 0x80000000 | 0);
    assert.equal(F.f64CopysignHigh(h, 0x7fffffff), hi & 0x7fffffff);
  }
});
