import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatF32, formatResult } from '../src/run/format-result.js';
import { parseArgValue } from '../src/run/parse-arg.js';

test('integer arguments: decimal, hex, negative, wrapping unsigned spellings', () => {
  assert.deepEqual(parseArgValue('-5', 'i32'), { type: 'i32', value: -5 });
  assert.deepEqual(parseArgValue('0xffffffff', 'i32'), { type: 'i32', value: -1 });
  assert.deepEqual(parseArgValue('18446744073709551615', 'i64'), { type: 'i64', value: -1n });
  assert.deepEqual(parseArgValue('-9223372036854775808', 'i64'), { type: 'i64', value: -(1n << 63n) });
  assert.throws(() => parseArgValue('4294967296', 'i32'), RangeError);
  assert.throws(() => parseArgValue('1.5', 'i32'), RangeError);
  assert.throws(() => parseArgValue('', 'i64'), RangeError);
});

test('float arguments: literals, JS spellings, nan and inf', () => {
  assert.deepEqual(parseArgValue('1.5', 'f32'), { type: 'f32', bits: 0x3fc00000 });
  assert.deepEqual(parseArgValue('-0', 'f64'), { type: 'f64', bits: 0x8000000000000000n });
  assert.deepEqual(parseArgValue('0x1p-1', 'f64'), { type: 'f64', bits: 0x3fe0000000000000n });
  assert.deepEqual(parseArgValue('inf', 'f32'), { type: 'f32', bits: 0x7f800000 });
  assert.deepEqual(parseArgValue('-Infinity', 'f32'), { type: 'f32', bits: 0xff800000 });
  assert.deepEqual(parseArgValue('nan', 'f64'), { type: 'f64', bits: 0x7ff8000000000000n });
  assert.deepEqual(parseArgValue('NaN', 'f32'), { type: 'f32', bits: 0x7fc00000 });
  assert.deepEqual(parseArgValue('nan:0x200000', 'f32'), { type: 'f32', bits: 0x7fa00000 });
  assert.deepEqual(parseArgValue('.5', 'f32'), { type: 'f32', bits: 0x3f000000 });
  assert.throws(() => parseArgValue('one', 'f64'), RangeError);
  assert.throws(() => parseArgValue(' ', 'f64'), RangeError);
});

test('reference arguments take only null; v128 is refused', () => {
  assert.deepEqual(parseArgValue('null', 'externref'), { type: 'externref', value: null });
  assert.throws(() => parseArgValue('1', 'funcref'), RangeError);
  assert.throws(() => parseArgValue('0', 'v128'), RangeError);
});

test('results print like wasmtime --invoke: signed integers, shortest floats', () => {
  assert.equal(formatResult({ type: 'i32', value: 0xffffffff }), '-1');
  assert.equal(formatResult({ type: 'i64', value: 0xffffffffffffffffn }), '-1');
  assert.equal(formatResult({ type: 'f32', bits: 0x3dcccccd }), '0.1');
  assert.equal(formatF32(0x3eaaaaab), '0.33333334');
  assert.equal(formatF32(0x80000000), '-0');
  assert.equal(formatF32(0x7fc00000), 'NaN');
  assert.equal(formatF32(0xff800000), '-Infinity');
  assert.equal(formatF32(1), '1e-45');
  assert.equal(formatResult({ type: 'f64', bits: 0x3fb999999999999an }), '0.1');
  assert.equal(formatResult({ type: 'f64', bits: 0x8000000000000000n }), '-0');
  assert.equal(formatResult({ type: 'funcref', value: null }), 'null');
  assert.equal(formatResult({ type: 'externref', value: 3 }), '<externref>');
  assert.equal(formatResult({ type: 'v128', bits: 1n }), '0x00000000000000000000000000000001');
});
