import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { parseF32Bits, parseF64Bits } from '../src/values/float-literal.js';
import { numberToF32Bits, numberToF64Bits } from '../src/values/format-value.js';
import { LiteralError, parseIntLiteral } from '../src/values/int-literal.js';

test('integer literals: unsigned and signed spellings, hex, underscores', () => {
  assert.equal(parseIntLiteral('0', 32), 0n);
  assert.equal(parseIntLiteral('4294967295', 32), -1n);
  assert.equal(parseIntLiteral('0xffff_ffff', 32), -1n);
  assert.equal(parseIntLiteral('-2147483648', 32), -2147483648n);
  assert.equal(parseIntLiteral('+2147483647', 32), 2147483647n);
  assert.equal(parseIntLiteral('0x8000000000000000', 64), -(1n << 63n));
  assert.equal(parseIntLiteral('-0x8000_0000_0000_0000', 64), -(1n << 63n));
  assert.equal(parseIntLiteral('255', 8), -1n);
});

test('integer literals out of range or malformed are rejected', () => {
  for (const bad of ['4294967296', '-2147483649', '+2147483648', '1__0', '_1', '1_', '0x', '', '1.0', '--1']) {
    assert.throws(() => parseIntLiteral(bad, 32), LiteralError, bad);
  }
  assert.throws(() => parseIntLiteral('18446744073709551616', 64));
});

test('f32 literals: exact values, hex and decimal, signs, specials', () => {
  assert.equal(parseF32Bits('0'), 0);
  assert.equal(parseF32Bits('-0'), 0x80000000);
  assert.equal(parseF32Bits('1.5'), 0x3fc00000);
  assert.equal(parseF32Bits('0x1p-1'), 0x3f000000);
  assert.equal(parseF32Bits('0x1.fffffep127'), 0x7f7fffff);
  assert.equal(parseF32Bits('0x1p-149'), 1);
  assert.equal(parseF32Bits('-0x1p-126'), 0x80800000);
  assert.equal(parseF32Bits('1e1_0'), numberToF32Bits(1e10));
  assert.equal(parseF32Bits('inf'), 0x7f800000);
  assert.equal(parseF32Bits('-inf'), 0xff800000);
  assert.equal(parseF32Bits('nan'), 0x7fc00000);
  assert.equal(parseF32Bits('-nan'), 0xffc00000);
  assert.equal(parseF32Bits('nan:0x200000'), 0x7fa00000);
  assert.equal(parseF32Bits('-nan:0x7f_ffff'), 0xffffffff);
  assert.equal(parseF32Bits('1.'), 0x3f800000);
  assert.equal(parseF32Bits('0x1.p1'), 0x40000000);
});

test('f32 decimal literals round once, from the exact value (no double rounding through f64)', () => {
  // 1 + 2^-24 + tiny: just above the midpoint between 1 and the next f32. Through an f64 it would first
  // round to the midpoint itself, then to even (1.0); correct rounding gives the next f32 up.
  assert.equal(parseF32Bits('1.00000005960464477539062500000001'), 0x3f800001);
  assert.equal(parseF32Bits('1.000000059604644775390625'), 0x3f800000); // exact tie → even
  assert.equal(parseF32Bits('1.000000178813934326171875'), 0x3f800002); // tie between …1 and …2 → even
  // from const.wast: hex literals with many digits round correctly too
  assert.equal(parseF32Bits('0x1.00000100000000001p-50'), 0x26800001);
  assert.equal(parseF32Bits('+0x1.00000100000000000p-50'), 0x26800000);
});

test('f32 subnormal rounding and rounding into the normal range', () => {
  assert.equal(parseF32Bits('0x1p-150'), 0); // tie between 0 and the least subnormal → even (0)
  assert.equal(parseF32Bits('0x1.000001p-150'), 1);
  assert.equal(parseF32Bits('0x1.fffffep-127'), 0x00800000); // tie below the least normal → even (normal)
  assert.equal(parseF32Bits('1e-50'), 0);
});

test('f64 literals', () => {
  assert.equal(parseF64Bits('0x1p-1074'), 1n);
  assert.equal(parseF64Bits('0x1.fffffffffffffp1023'), 0x7fefffffffffffffn);
  assert.equal(parseF64Bits('-0'), 0x8000000000000000n);
  assert.equal(parseF64Bits('nan:0x4000000000000'), 0x7ff4000000000000n);
  assert.equal(parseF64Bits('-nan'), 0xfff8000000000000n);
  assert.equal(parseF64Bits('2.2250738585072012e-308'), 0x0010000000000000n);
  assert.equal(parseF64Bits('0.1'), numberToF64Bits(0.1));
});

test('float literals that overflow, bad payloads and garbage are rejected', () => {
  for (const bad of ['0x1p128', '1e39', 'nan:0x0', 'nan:0x800000', '.5', '1e', '0x', 'infinity', '1__0', 'nan:1']) {
    assert.throws(() => parseF32Bits(bad), LiteralError, bad);
  }
  assert.throws(() => parseF64Bits('0x1p1024'));
  assert.throws(() => parseF64Bits('nan:0x10000000000000'));
});

test('property: any double printed by JS reads back to the same f64 bits', () => {
  fc.assert(
    fc.property(
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
      (x) => {
        assert.equal(parseF64Bits(String(x)), numberToF64Bits(x));
      },
    ),
    { numRuns: 2000 },
  );
});

test('property: decimal f32 literals agree with Math.fround where an f64 is exact', () => {
  fc.assert(
    fc.property(
      fc.float({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
      (x) => {
        // String(x) of an f32 value reads back to that f32 (no tie is reachable from a shortest repr).
        assert.equal(parseF32Bits(String(x)), numberToF32Bits(x));
      },
    ),
    { numRuns: 2000 },
  );
});

test('property: hex f64 literals denote their value exactly', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: 1n, max: (1n << 53n) - 1n }), fc.integer({ min: -1000, max: 900 }), (m, e) => {
      const text = `0x${m.toString(16)}p${e}`;
      assert.equal(parseF64Bits(text), numberToF64Bits(Number(m) * 2 ** e));
    }),
    { numRuns: 2000 },
  );
});
