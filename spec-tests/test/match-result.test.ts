import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readSExprs } from '../src/sexpr/reader.js';
import { isF32Nan, isF64Nan, matchResult, matchResults } from '../src/values/match-result.js';
import { parseResultPattern, patternType, type ResultPattern } from '../src/values/result-pattern.js';
import { packLanes } from '../src/values/v128.js';
import type { WasmValue } from '../src/values/wasm-value.js';

const p = (text: string): ResultPattern => parseResultPattern(readSExprs(text)[0]!);
const f32 = (bits: number): WasmValue => ({ type: 'f32', bits });
const f64 = (bits: bigint): WasmValue => ({ type: 'f64', bits });

test('nan:canonical accepts only the canonical payload, either sign', () => {
  assert.ok(matchResult(f32(0x7fc00000), p('(f32.const nan:canonical)')));
  assert.ok(matchResult(f32(0xffc00000), p('(f32.const nan:canonical)')));
  assert.ok(!matchResult(f32(0x7fc00001), p('(f32.const nan:canonical)')));
  assert.ok(!matchResult(f32(0x7fa00000), p('(f32.const nan:canonical)')));
  assert.ok(matchResult(f64(0xfff8000000000000n), p('(f64.const nan:canonical)')));
  assert.ok(!matchResult(f64(0x7ff8000000000001n), p('(f64.const nan:canonical)')));
  assert.ok(!matchResult(f64(0x7ff8000000000000n), p('(f32.const nan:canonical)')), 'type must match');
});

test('nan:arithmetic accepts any quiet NaN, not a signalling one or infinity', () => {
  assert.ok(isF32Nan(0x7fc00001, 'arithmetic'));
  assert.ok(isF32Nan(0xffffffff, 'arithmetic'));
  assert.ok(!isF32Nan(0x7fa00000, 'arithmetic'));
  assert.ok(!isF32Nan(0x7f800000, 'arithmetic'));
  assert.ok(isF64Nan(0x7ffc000000000000n, 'arithmetic'));
  assert.ok(!isF64Nan(0x7ff4000000000000n, 'arithmetic'));
  assert.ok(!isF64Nan(0x7ff0000000000000n, 'arithmetic'));
});

test('floats compare bit for bit: -0 is not 0, explicit NaN payloads must be exact', () => {
  assert.ok(matchResult(f32(0x80000000), p('(f32.const -0)')));
  assert.ok(!matchResult(f32(0), p('(f32.const -0)')));
  assert.ok(matchResult(f32(0x7fa00000), p('(f32.const nan:0x200000)')));
  assert.ok(!matchResult(f32(0x7fe00000), p('(f32.const nan:0x200000)')));
  assert.ok(!matchResult(f32(0xffa00000), p('(f32.const nan:0x200000)')), 'sign counts');
  assert.ok(matchResult(f64(0x7ff4000000000000n), p('(f64.const nan:0x4000000000000)')));
  assert.ok(matchResult(f64(1n), p('(f64.const 0x1p-1074)')));
});

test('integers compare modulo their width whatever the sign convention', () => {
  assert.ok(matchResult({ type: 'i32', value: 0xffffffff }, p('(i32.const -1)')));
  assert.ok(matchResult({ type: 'i32', value: -1 }, p('(i32.const 0xffffffff)')));
  assert.ok(matchResult({ type: 'i64', value: 0xffffffffffffffffn }, p('(i64.const -1)')));
  assert.ok(!matchResult({ type: 'i64', value: 1n }, p('(i32.const 1)')));
});

test('references: null by type, ref.extern by host value, ref.func as non-null', () => {
  assert.ok(matchResult({ type: 'funcref', value: null }, p('(ref.null func)')));
  assert.ok(!matchResult({ type: 'externref', value: null }, p('(ref.null func)')));
  assert.ok(!matchResult({ type: 'funcref', value: 3 }, p('(ref.null func)')));
  assert.ok(matchResult({ type: 'externref', value: 5 }, p('(ref.extern 5)')));
  assert.ok(!matchResult({ type: 'externref', value: 6 }, p('(ref.extern 5)')));
  assert.ok(!matchResult({ type: 'externref', value: null }, p('(ref.extern 5)')));
  assert.ok(matchResult({ type: 'funcref', value: 0 }, p('(ref.func)')));
  assert.ok(!matchResult({ type: 'funcref', value: null }, p('(ref.func)')));
  assert.ok(matchResult({ type: 'externref', value: 1 }, p('(ref.extern)')));
  assert.ok(matchResult({ type: 'funcref', value: null }, p('(ref.null)')));
  assert.ok(matchResult({ type: 'externref', value: null }, p('(ref.null)')));
  assert.ok(!matchResult({ type: 'externref', value: 0 }, p('(ref.null)')));
  assert.ok(!matchResult({ type: 'i32', value: 0 }, p('(ref.null)')));
  assert.ok(matchResult({ type: 'funcref', value: null }, p('(ref.null nofunc)')));
});

test('references of the any hierarchy and the other non-null forms (ref.host, ref.i31, ref.exn)', () => {
  // The engine hands out the any hierarchy's references as externref host values.
  for (const t of ['any', 'none', 'eq', 'i31', 'struct', 'array']) {
    assert.ok(matchResult({ type: 'externref', value: null }, p(`(ref.null ${t})`)), t);
    assert.ok(!matchResult({ type: 'funcref', value: null }, p(`(ref.null ${t})`)), t);
    assert.ok(!matchResult({ type: 'externref', value: 1 }, p(`(ref.null ${t})`)), t);
    assert.equal(patternType(p(`(ref.null ${t})`)), 'externref');
  }
  assert.ok(matchResult({ type: 'exnref', value: null }, p('(ref.null noexn)')));
  assert.ok(matchResult({ type: 'externref', value: null }, p('(ref.null noextern)')));
  // GC references reach the host as opaque objects that name their kind
  const gc = (gcKind: string) => ({ type: 'externref' as const, value: Object.freeze({ gcKind }) });
  for (const form of ['(ref.i31)', '(ref.struct)', '(ref.array)', '(ref.eq)', '(ref.any)']) {
    const kind = form.slice(5, -1);
    assert.ok(matchResult(gc(kind === 'eq' || kind === 'any' ? 'struct' : kind), p(form)), form);
    assert.ok(!matchResult({ type: 'externref', value: null }, p(form)), form);
    assert.ok(!matchResult({ type: 'funcref', value: 3 }, p(form)), form);
  }
  assert.ok(!matchResult(gc('array'), p('(ref.struct)')));
  assert.ok(!matchResult(gc('struct'), p('(ref.i31)')));
  assert.ok(matchResult(gc('i31'), p('(ref.eq)')));
  assert.ok(!matchResult({ type: 'externref', value: 3 }, p('(ref.eq)')), 'a host value is not an eq reference');
  assert.ok(matchResult({ type: 'externref', value: 3 }, p('(ref.any)')), 'a host value is an any reference');
  assert.ok(matchResult({ type: 'externref', value: 4 }, p('(ref.host 4)')));
  assert.ok(!matchResult({ type: 'externref', value: 5 }, p('(ref.host 4)')));
  assert.ok(matchResult({ type: 'exnref', value: 2 }, p('(ref.exn)')));
  assert.ok(!matchResult({ type: 'exnref', value: null }, p('(ref.exn)')));
  assert.throws(() => p('(ref.null bogus)'), /unsupported reference type/);
});

test('v128 lanes, with per-lane NaN patterns', () => {
  const bits = packLanes([0x7fc00000n, 0x3f800000n, 0xffc00001n, 0n], 32);
  assert.ok(matchResult({ type: 'v128', bits }, p('(v128.const f32x4 nan:canonical 1.0 nan:arithmetic 0)')));
  assert.ok(!matchResult({ type: 'v128', bits }, p('(v128.const f32x4 nan:canonical 1.0 nan:canonical 0)')));
  const ints = packLanes([-1n, 2n], 64);
  assert.ok(matchResult({ type: 'v128', bits: ints }, p('(v128.const i64x2 -1 2)')));
  assert.ok(matchResult({ type: 'v128', bits: ints }, p('(v128.const i32x4 0xffffffff -1 2 0)')));
  assert.ok(!matchResult({ type: 'v128', bits: ints }, p('(v128.const i64x2 -1 3)')));
});

test('either matches any option; lists must match in length', () => {
  const e = p('(either (i32.const 1) (i32.const 2))');
  assert.ok(matchResult({ type: 'i32', value: 2 }, e));
  assert.ok(!matchResult({ type: 'i32', value: 3 }, e));
  assert.equal(patternType(e), 'i32');
  assert.ok(matchResults([], []));
  assert.ok(!matchResults([{ type: 'i32', value: 1 }], []));
  assert.ok(!matchResults([], [p('(i32.const 1)')]));
});

test('pattern types guide engines that cannot type results themselves', () => {
  assert.deepEqual(
    [
      '(f32.const nan:arithmetic)',
      '(ref.extern 1)',
      '(ref.null func)',
      '(v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0)',
      '(i64.const 0)',
    ].map((t) => patternType(p(t))),
    ['f32', 'externref', 'funcref', 'v128', 'i64'],
  );
});
