/**
 * Tests of the conversions: every truncation range boundary and its neighbours in both float widths,
 * saturation, NaN traps, correctly rounded i64 → f32/f64 (including the double-rounding cases), and
 * demotion/promotion. BigInt is the oracle; expected values follow the spec suite's `conversions.wast`.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TrapCode } from '../src/errors.js';
import * as C from '../src/numeric-convert.js';
import { f32, f64, nextF32, nextF64 } from './support/float-bits.js';
import { prng } from './support/prng.js';
import { trapCode } from './support/trap-code.js';

const stackBuffer = new ArrayBuffer(32);
const words = new Int32Array(stackBuffer);
const slots = new BigInt64Array(stackBuffer);

/** Parses a hexadecimal float literal as the text format writes it (`-0x1.fffffep+127`); exact for f64 values. */
function hex(text: string): number {
  const m = /^(-?)0x([0-9a-f]+)(?:\.([0-9a-f]*))?p([+-]?\d+)$/i.exec(text);
  if (!m) throw new Error(`bad literal ${text}`);
  const frac = m[3] ?? '';
  const mantissa = Number(BigInt(`0x${m[2]}${frac}`));
  const value = mantissa * 2 ** (Number(m[4]) - 4 * frac.length);
  return m[1] === '-' ? -value : value;
}

type I32Trunc = (x: number) => number;
type I64Trunc = (s: Int32Array, d: number, x: number) => void;

const I32_RANGES: [string, I32Trunc, I32Trunc, bigint, bigint][] = [
  ['i32.trunc_f32_s', C.i32TruncF32S, C.i32TruncSatF32S, -(1n << 31n), (1n << 31n) - 1n],
  ['i32.trunc_f32_u', C.i32TruncF32U, C.i32TruncSatF32U, 0n, (1n << 32n) - 1n],
  ['i32.trunc_f64_s', C.i32TruncF64S, C.i32TruncSatF64S, -(1n << 31n), (1n << 31n) - 1n],
  ['i32.trunc_f64_u', C.i32TruncF64U, C.i32TruncSatF64U, 0n, (1n << 32n) - 1n],
];
const I64_RANGES: [string, I64Trunc, I64Trunc, bigint, bigint][] = [
  ['i64.trunc_f32_s', C.i64TruncF32S, C.i64TruncSatF32S, -(1n << 63n), (1n << 63n) - 1n],
  ['i64.trunc_f32_u', C.i64TruncF32U, C.i64TruncSatF32U, 0n, (1n << 64n) - 1n],
  ['i64.trunc_f64_s', C.i64TruncF64S, C.i64TruncSatF64S, -(1n << 63n), (1n << 63n) - 1n],
  ['i64.trunc_f64_u', C.i64TruncF64U, C.i64TruncSatF64U, 0n, (1n << 64n) - 1n],
];

/** The expected outcome of a truncation: the integer, or the trap code. */
function truncOracle(x: number, min: bigint, max: bigint): bigint | string {
  if (x !== x) return TrapCode.BadConversionToInteger;
  if (!Number.isFinite(x)) return TrapCode.IntegerOverflow;
  const t = BigInt(Math.trunc(x));
  return t < min || t > max ? TrapCode.IntegerOverflow : t;
}
/** The expected saturating result. */
function satOracle(x: number, min: bigint, max: bigint): bigint {
  if (x !== x) return 0n;
  if (x === Infinity) return max;
  if (x === -Infinity) return min;
  const t = BigInt(Math.trunc(x));
  return t < min ? min : t > max ? max : t;
}
/** The i32 bit pattern of an integer result, as the functions return it. */
const asI32 = (v: bigint): number => Number(BigInt.asIntN(32, v));

/** Values around every boundary: the bounds, ±1, ±0.5, and their float neighbours in the given width. */
function boundaryInputs(isF32: boolean, min: bigint, max: bigint): number[] {
  const round = isF32 ? Math.fround : (x: number) => x;
  const next = isF32 ? nextF32 : nextF64;
  const centres = [Number(min), Number(min) - 1, Number(max), Number(max) + 1, -1, 0, 1, -0.5, 0.5]
    .map(round)
    .filter((x) => Number.isFinite(x));
  const out: number[] = [-0, 0, NaN, Infinity, -Infinity, f32(0x7fa00000), f64(0x7ff40000), f64(0xfff80000)];
  for (const c of centres) {
    out.push(c);
    if (c === 0) continue;
    let up = c;
    let down = c;
    for (let i = 0; i < 3; i++) {
      up = next(up, 1);
      down = next(down, -1);
      out.push(up, down);
    }
  }
  return out;
}

for (const [name, trunc, sat, min, max] of I32_RANGES) {
  const isF32 = name.includes('f32');
  test(`${name} and its saturating form at every range boundary and its neighbours`, () => {
    for (const x of boundaryInputs(isF32, min, max)) {
      const want = truncOracle(x, min, max);
      if (typeof want === 'string')
        assert.equal(
          trapCode(() => trunc(x)),
          want,
          `${name}(${x})`,
        );
      else assert.equal(trunc(x), asI32(want), `${name}(${x})`);
      assert.equal(sat(x), asI32(satOracle(x, min, max)), `${name.replace('trunc', 'trunc_sat')}(${x})`);
    }
  });

  test(`${name} and its saturating form on seeded random inputs`, () => {
    const next = prng(0x7472 + name.length);
    for (let i = 0; i < 50000; i++) {
      const scale = 2 ** ((next() % 80) - 10);
      let x = ((next() / 4294967296) * 2 - 1) * scale;
      if (isF32) x = Math.fround(x);
      const want = truncOracle(x, min, max);
      if (typeof want === 'string') {
        if (trapCode(() => trunc(x)) !== want) assert.fail(`${name}(${x}) should trap ${want}`);
      } else if (trunc(x) !== asI32(want)) {
        assert.fail(`${name}(${x}) = ${trunc(x)}, want ${want}`);
      }
      if (sat(x) !== asI32(satOracle(x, min, max))) assert.fail(`sat ${name}(${x})`);
    }
  });
}

for (const [name, trunc, sat, min, max] of I64_RANGES) {
  const isF32 = name.includes('f32');
  const run = (fn: I64Trunc, x: number): bigint => {
    slots[1] = 0x5555555555555555n;
    fn(words, 2, x);
    return slots[1]!;
  };
  const check = (x: number): void => {
    const want = truncOracle(x, min, max);
    if (typeof want === 'string') {
      if (trapCode(() => run(trunc, x)) !== want) assert.fail(`${name}(${x}) should trap ${want}`);
    } else {
      const got = run(trunc, x);
      if (got !== BigInt.asIntN(64, want)) assert.fail(`${name}(${x}) = ${got}, want ${want}`);
    }
    const satGot = run(sat, x);
    const satWant = BigInt.asIntN(64, satOracle(x, min, max));
    if (satGot !== satWant) assert.fail(`sat ${name}(${x}) = ${satGot}, want ${satWant}`);
  };

  test(`${name} and its saturating form at every range boundary and its neighbours`, () => {
    for (const x of boundaryInputs(isF32, min, max)) check(x);
  });

  test(`${name} and its saturating form on seeded random inputs`, () => {
    const next = prng(0x6936 + name.length);
    for (let i = 0; i < 50000; i++) {
      const scale = 2 ** ((next() % 80) - 10);
      let x = ((next() / 4294967296) * 2 - 1) * scale;
      if (isF32) x = Math.fround(x);
      check(x);
    }
  });
}

test('truncation cases from conversions.wast', () => {
  const i32Cases: [I32Trunc, number, number | string][] = [
    [C.i32TruncF32S, 2147483520, 2147483520],
    [C.i32TruncF32S, -2147483648, -2147483648],
    [C.i32TruncF32S, 2147483648, TrapCode.IntegerOverflow],
    [C.i32TruncF32S, -2147483904, TrapCode.IntegerOverflow],
    [C.i32TruncF32S, -1.9, -1],
    [C.i32TruncF32S, hex('-0x1p-149'), 0],
    [C.i32TruncF32S, f32(0xffa00000), TrapCode.BadConversionToInteger],
    [C.i32TruncF32U, 2147483648, -2147483648],
    [C.i32TruncF32U, 4294967040, -256],
    [C.i32TruncF32U, hex('-0x1.fffffep-1'), 0],
    [C.i32TruncF32U, 4294967296, TrapCode.IntegerOverflow],
    [C.i32TruncF32U, -1, TrapCode.IntegerOverflow],
    [C.i32TruncF64S, -2147483648.9, -2147483648],
    [C.i32TruncF64S, 2147483647.9, 2147483647],
    [C.i32TruncF64S, 2147483648, TrapCode.IntegerOverflow],
    [C.i32TruncF64S, -2147483649, TrapCode.IntegerOverflow],
    [C.i32TruncF64U, 4294967295.9, -1],
    [C.i32TruncF64U, -0.9, 0],
    [C.i32TruncF64U, hex('-0x1.fffffffffffffp-1'), 0],
    [C.i32TruncF64U, 1e16, TrapCode.IntegerOverflow],
    [C.i32TruncF64U, 9223372036854775808, TrapCode.IntegerOverflow],
    [C.i32TruncF64U, -Infinity, TrapCode.IntegerOverflow],
    [C.i32TruncF64U, -NaN, TrapCode.BadConversionToInteger],
    [C.i32TruncSatF32S, -2147483904, -2147483648],
    [C.i32TruncSatF32S, Infinity, 2147483647],
    [C.i32TruncSatF32U, 4294967296, -1],
    [C.i32TruncSatF32U, -Infinity, 0],
    [C.i32TruncSatF64S, -2147483649, -2147483648],
    [C.i32TruncSatF64U, 1e30, -1],
    [C.i32TruncSatF64U, NaN, 0],
  ];
  for (const [fn, x, want] of i32Cases) {
    if (typeof want === 'string')
      assert.equal(
        trapCode(() => fn(x)),
        want,
        `${fn.name}(${x})`,
      );
    else assert.equal(fn(x), want, `${fn.name}(${x})`);
  }
  const i64Cases: [I64Trunc, number, bigint | string][] = [
    [C.i64TruncF32S, 9223371487098961920, 9223371487098961920n],
    [C.i64TruncF32S, -9223372036854775808, -9223372036854775808n],
    [C.i64TruncF32S, 9223372036854775808, TrapCode.IntegerOverflow],
    [C.i64TruncF32S, -9223373136366403584, TrapCode.IntegerOverflow],
    [C.i64TruncF32S, -4294967296, -4294967296n],
    [C.i64TruncF32U, 18446742974197923840, -1099511627776n],
    [C.i64TruncF32U, 18446744073709551616, TrapCode.IntegerOverflow],
    [C.i64TruncF32U, hex('-0x1.ccccccp-1'), 0n],
    [C.i64TruncF64S, 9223372036854774784, 9223372036854774784n],
    [C.i64TruncF64S, -9223372036854777856, TrapCode.IntegerOverflow],
    [C.i64TruncF64S, -1.9, -1n],
    [C.i64TruncF64U, 18446744073709549568, -2048n],
    [C.i64TruncF64U, 9223372036854775808, -9223372036854775808n],
    [C.i64TruncF64U, 1e16, 10000000000000000n],
    [C.i64TruncF64U, 4294967295, 0xffffffffn],
    [C.i64TruncF64U, 18446744073709551616, TrapCode.IntegerOverflow],
    [C.i64TruncF64U, -1, TrapCode.IntegerOverflow],
    [C.i64TruncF64U, f64(0xfff40000), TrapCode.BadConversionToInteger],
    [C.i64TruncSatF32S, 9223372036854775808, 0x7fffffffffffffffn],
    [C.i64TruncSatF32S, -Infinity, -0x8000000000000000n],
    [C.i64TruncSatF32U, 18446744073709551616, -1n],
    [C.i64TruncSatF32U, -1, 0n],
    [C.i64TruncSatF64S, -9223372036854777856, -0x8000000000000000n],
    [C.i64TruncSatF64S, NaN, 0n],
    [C.i64TruncSatF64U, 18446744073709549568, -2048n],
    [C.i64TruncSatF64U, Infinity, -1n],
  ];
  for (const [fn, x, want] of i64Cases) {
    slots[1] = 7n;
    if (typeof want === 'string') {
      assert.equal(
        trapCode(() => fn(words, 2, x)),
        want,
        `${fn.name}(${x})`,
      );
      assert.equal(slots[1], 7n, 'a trap writes nothing');
    } else {
      fn(words, 2, x);
      assert.equal(slots[1], want, `${fn.name}(${x})`);
    }
  }
});

/** Rounds an integer to `p` significant bits, ties to even, exactly (BigInt arithmetic). */
function roundToPrecision(n: bigint, p: number): number {
  const negative = n < 0n;
  const m = negative ? -n : n;
  const length = m.toString(2).length;
  let value: number;
  if (length <= p) {
    value = Number(m);
  } else {
    const e = BigInt(length - p);
    let q = m >> e;
    const r = m - (q << e);
    const half = 1n << (e - 1n);
    if (r > half || (r === half && (q & 1n) === 1n)) q += 1n;
    value = Number(q) * 2 ** Number(e);
  }
  return negative ? -value : value;
}

/** i64 values that stress rounding: random, and constructed just below, at and above f32/f64 midpoints. */
function roundingInputs(count: number, seed: number): bigint[] {
  const next = prng(seed);
  const out: bigint[] = [0n, 1n, -1n, (1n << 63n) - 1n, -(1n << 63n), (1n << 64n) - 1n];
  for (let i = 0; i < count; i++) {
    const kind = next() % 4;
    if (kind === 0) {
      out.push((BigInt(next()) << 32n) | BigInt(next()));
      continue;
    }
    const length = 20 + (next() % 45); // bit length 20..64
    const p = kind === 1 ? 24 : 53;
    if (length <= p) {
      out.push(BigInt(next()) << BigInt(Math.max(0, length - 32)));
      continue;
    }
    const e = BigInt(length - p);
    const q = (1n << BigInt(p - 1)) | (((BigInt(next()) << 32n) | BigInt(next())) & ((1n << BigInt(p - 1)) - 1n));
    const half = 1n << (e - 1n);
    const offsets = [0n, 1n, half - 1n, half, half + 1n, (1n << e) - 1n, half | (1n << (e > 2n ? e - 3n : 0n))];
    const r = offsets[next() % offsets.length]! & ((1n << e) - 1n);
    out.push((q << e) | r);
  }
  const withNegatives: bigint[] = [];
  for (const v of out) withNegatives.push(BigInt.asUintN(64, v), BigInt.asUintN(64, -v));
  return withNegatives;
}

test('i64 to f32 and f64 conversions are correctly rounded on constructed and random inputs', () => {
  for (const u of roundingInputs(40000, 0xf10a7)) {
    const lo = Number(BigInt.asIntN(32, u));
    const hi = Number(BigInt.asIntN(32, u >> 32n));
    const s = BigInt.asIntN(64, u);
    const checks: [string, number, number][] = [
      ['f32.convert_i64_s', C.f32ConvertI64S(lo, hi), roundToPrecision(s, 24)],
      ['f32.convert_i64_u', C.f32ConvertI64U(lo, hi), roundToPrecision(u, 24)],
      ['f64.convert_i64_s', C.f64ConvertI64S(lo, hi), roundToPrecision(s, 53)],
      ['f64.convert_i64_u', C.f64ConvertI64U(lo, hi), roundToPrecision(u, 53)],
    ];
    for (const [name, got, want] of checks) {
      if (!Object.is(got, want)) assert.fail(`${name}(0x${u.toString(16)}) = ${got}, want ${want}`);
    }
  }
});

test('i64 to float cases from conversions.wast, including the double-rounding traps', () => {
  const halves = (v: bigint): [number, number] => [Number(BigInt.asIntN(32, v)), Number(BigInt.asIntN(32, v >> 32n))];
  const cases: [(lo: number, hi: number) => number, bigint, number][] = [
    [C.f32ConvertI64S, 16777217n, 16777216],
    [C.f32ConvertI64S, -16777219n, -16777220],
    [C.f32ConvertI64S, 314159265358979n, hex('0x1.1db9e8p+48')],
    [C.f32ConvertI64S, 0x7fffff4000000001n, hex('0x1.fffffep+62')],
    [C.f32ConvertI64S, 0x8000004000000001n, hex('-0x1.fffffep+62')],
    [C.f32ConvertI64S, 0x0020000020000001n, hex('0x1.000002p+53')],
    [C.f32ConvertI64S, 0xffdfffffdfffffffn, hex('-0x1.000002p+53')],
    [C.f32ConvertI64S, 0x7fffffffffffffffn, 9223372036854775808],
    [C.f32ConvertI64S, 0x8000000000000000n, -9223372036854775808],
    [C.f32ConvertI64U, 0xffffffffffffffffn, 18446744073709551616],
    [C.f32ConvertI64U, 0x8000000000000000n, 9223372036854775808],
    [C.f32ConvertI64U, 0x0020000020000001n, hex('0x1.000002p+53')],
    [C.f32ConvertI64U, 0x7fffffbfffffffffn, hex('0x1.fffffep+62')],
    [C.f32ConvertI64U, 0x8000008000000001n, hex('0x1.000002p+63')],
    [C.f32ConvertI64U, 0xfffffe8000000001n, hex('0x1.fffffep+63')],
    [C.f64ConvertI64S, 9007199254740993n, 9007199254740992],
    [C.f64ConvertI64S, BigInt.asUintN(64, -9007199254740995n), -9007199254740996],
    [C.f64ConvertI64S, 4669201609102990n, 4669201609102990],
    [C.f64ConvertI64U, 0x8000000000000400n, hex('0x1.0000000000000p+63')],
    [C.f64ConvertI64U, 0x8000000000000401n, hex('0x1.0000000000001p+63')],
    [C.f64ConvertI64U, 0x8000000000000402n, hex('0x1.0000000000001p+63')],
    [C.f64ConvertI64U, 0xfffffffffffff400n, hex('0x1.ffffffffffffep+63')],
    [C.f64ConvertI64U, 0xfffffffffffff401n, hex('0x1.fffffffffffffp+63')],
    [C.f64ConvertI64U, 0xffffffffffffffffn, 18446744073709551616],
    [C.f64ConvertI64U, 9007199254740995n, 9007199254740996],
  ];
  for (const [fn, v, want] of cases) {
    const [lo, hi] = halves(v);
    assert.ok(Object.is(fn(lo, hi), want), `${fn.name}(0x${v.toString(16)}) = ${fn(lo, hi)}, want ${want}`);
  }
});

test('u32 to f32 and f64', () => {
  assert.equal(C.f32ConvertI32U(-1), 4294967296);
  assert.equal(C.f32ConvertI32U(0x7fffffc0), 2147483648); // a tie below 2^31 rounds to even (up)
  assert.equal(C.f32ConvertI32U(0x7fffffbf), 2147483520);
  assert.equal(C.f32ConvertI32U(0x80000080), 2147483648);
  assert.equal(C.f32ConvertI32U(0x80000081 | 0), 2147483904);
  assert.equal(C.f32ConvertI32U(16777217), 16777216);
  assert.equal(C.f64ConvertI32U(-1), 4294967295);
  assert.equal(C.f64ConvertI32U(-2147483648), 2147483648);
  assert.equal(C.f64ConvertI32U(0), 0);
});

test('f32.demote_f64 rounds to nearest even, overflows to infinity, keeps -0 (conversions.wast)', () => {
  const cases: [string, string][] = [
    ['0x1.fffffe0000000p-127', '0x1p-126'],
    ['-0x1.fffffdfffffffp-127', '-0x1.fffffcp-127'],
    ['0x1.fffffd0000000p+127', '0x1.fffffcp+127'],
    ['0x1.fffffd0000001p+127', '0x1.fffffep+127'],
    ['-0x1.fffffefffffffp+127', '-0x1.fffffep+127'],
    ['0x1.0000010000000p+0', '0x1.000000p+0'],
    ['0x1.0000010000001p+0', '0x1.000002p+0'],
    ['0x1.0000030000000p+0', '0x1.000004p+0'],
    ['0x1.0000050000000p+0', '0x1.000004p+0'],
    ['0x1.fffffffffffffp-1', '0x1p+0'],
    ['0x1p-149', '0x1p-149'],
  ];
  for (const [x, want] of cases) assert.equal(C.f32DemoteF64(hex(x)), hex(want), x);
  assert.equal(C.f32DemoteF64(hex('0x1.ffffffp+127')), Infinity);
  assert.equal(C.f32DemoteF64(hex('-0x1.ffffffp+127')), -Infinity);
  assert.ok(Object.is(C.f32DemoteF64(-Number.MIN_VALUE), -0));
  assert.ok(Object.is(C.f32DemoteF64(-0), -0));
});

test('demote and promote of NaN give a quiet NaN; canonical stays canonical', () => {
  const out32 = new Float32Array(1);
  const out32Bits = new Uint32Array(out32.buffer);
  const out64 = new Float64Array(1);
  const out64Words = new Uint32Array(out64.buffer);
  for (const [hi, lo] of [
    [0x7ff80000, 0],
    [0xfff80000, 0],
    [0x7ff40000, 0],
    [0x7ff00000, 1],
    [0xfffc0000, 0x1234],
  ] as const) {
    out32[0] = C.f32DemoteF64(f64(hi, lo));
    const bits = out32Bits[0]!;
    assert.ok(
      (bits & 0x7fc00000) === 0x7fc00000,
      `demote ${hi.toString(16)}:${lo.toString(16)} → ${bits.toString(16)}`,
    );
    if ((hi & 0x7fffffff) === 0x7ff80000 && lo === 0) assert.equal(bits & 0x7fffffff, 0x7fc00000);
  }
  for (const bits of [0x7fc00000, 0xffc00000, 0x7fa00000, 0x7f800001, 0xffe00000]) {
    out64[0] = C.f64PromoteF32(f32(bits));
    const hi = out64Words[1]!;
    assert.ok((hi & 0x7ff80000) === 0x7ff80000, `promote ${bits.toString(16)} → ${hi.toString(16)}`);
    if ((bits & 0x7fffffff) === 0x7fc00000) assert.ok((hi & 0x7fffffff) === 0x7ff80000 && out64Words[0] === 0);
  }
  assert.ok(Object.is(C.f64PromoteF32(f32(0x80000000)), -0));
  assert.equal(C.f64PromoteF32(f32(0x00000001)), hex('0x1p-149'));
});
