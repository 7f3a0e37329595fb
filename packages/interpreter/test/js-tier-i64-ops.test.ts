/**
 * The JavaScript tier's inline i64 code against the interpreter, differentially: every i64 arithmetic, bitwise,
 * shift, rotate, comparison and conversion instruction on every pairing of edge values (0, ±1, the 32-bit and
 * 64-bit boundaries, shift counts of 32 and more, negative counts), shifts and rotations by constant counts,
 * multiplications by constants, and values kept in locals across a loop. Results and traps must agree, and the
 * functions must really run translated.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { i64, Module, Store, type WasmValue } from '../src/index.js';
import { assemble } from './support/engines.js';
import { prng } from './support/prng.js';

const BINARY = [
  'add',
  'sub',
  'mul',
  'div_s',
  'div_u',
  'rem_s',
  'rem_u',
  'and',
  'or',
  'xor',
  'shl',
  'shr_s',
  'shr_u',
  'rotl',
  'rotr',
];
const COMPARE = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'];
const UNARY_I64 = ['clz', 'ctz', 'popcnt', 'extend8_s', 'extend16_s', 'extend32_s'];
const SHIFTS = ['shl', 'shr_s', 'shr_u', 'rotl', 'rotr'];
const COUNTS = [0n, 1n, 7n, 13n, 31n, 32n, 33n, 40n, 63n, 64n, 65n, 95n, 127n, -1n, -32n];
const FACTORS = [0n, 1n, -1n, 3n, 0xffffffffn, 0x80000000n, 0x100000001b3n, 0x5851f42d4c957f2dn, -0x61c8864680b583ebn];

function module(): string {
  const f: string[] = [];
  for (const op of BINARY) {
    f.push(`(func (export "${op}") (param i64 i64) (result i64) (i64.${op} (local.get 0) (local.get 1)))`);
  }
  for (const op of COMPARE) {
    f.push(`(func (export "${op}") (param i64 i64) (result i32) (i64.${op} (local.get 0) (local.get 1)))`);
  }
  for (const op of UNARY_I64) {
    f.push(`(func (export "${op}") (param i64 i64) (result i64) (i64.${op} (local.get 0)))`);
  }
  f.push('(func (export "eqz") (param i64 i64) (result i32) (i64.eqz (local.get 0)))');
  f.push('(func (export "wrap") (param i64 i64) (result i32) (i32.wrap_i64 (local.get 0)))');
  f.push(
    '(func (export "extend") (param i64 i64) (result i64) ' +
      '(i64.xor (i64.extend_i32_s (i32.wrap_i64 (local.get 0))) (i64.extend_i32_u (i32.wrap_i64 (local.get 1)))))',
  );
  SHIFTS.forEach((op) => {
    COUNTS.forEach((k, j) => {
      f.push(`(func (export "${op}_k${j}") (param i64 i64) (result i64) (i64.${op} (local.get 0) (i64.const ${k})))`);
    });
  });
  FACTORS.forEach((k, j) => {
    f.push(`(func (export "mul_k${j}") (param i64 i64) (result i64) (i64.mul (local.get 0) (i64.const ${k})))`);
  });
  // Locals' halves across loop iterations: xorshift*, an LCG, rotations by a variable count, compares.
  f.push(`(func (export "loop") (param $x i64) (param $y i64) (result i64) (local $i i32) (local $acc i64)
    (loop $l
      (local.set $x (i64.xor (local.get $x) (i64.shl (local.get $x) (i64.const 13))))
      (local.set $x (i64.xor (local.get $x) (i64.shr_u (local.get $x) (i64.const 7))))
      (local.set $y (i64.add (i64.mul (local.get $y) (i64.const 6364136223846793005)) (i64.const 1442695040888963407)))
      (local.set $acc (i64.add (i64.rotl (local.get $acc) (local.get $y)) (i64.mul (local.get $x) (local.get $y))))
      (if (i64.lt_u (local.get $x) (local.get $y))
        (then (local.set $acc (i64.sub (local.get $acc) (i64.shr_s (local.get $y) (local.get $x))))))
      (if (i64.ge_s (local.get $acc) (local.get $x))
        (then (local.set $acc (i64.xor (local.get $acc) (i64.div_u (local.get $x) (i64.or (local.get $y) (i64.const 1)))))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 40))))
    (i64.add (local.get $acc) (i64.extend_i32_u (i64.eqz (local.get $x)))))`);
  return `(module ${f.join('\n')})`;
}

function edgeValues(): bigint[] {
  const v = [
    0n,
    1n,
    -1n,
    2n,
    -2n,
    31n,
    32n,
    33n,
    63n,
    64n,
    65n,
    0x7fffffffn,
    0x80000000n,
    0xffffffffn,
    0x100000000n,
    0x100000001n,
    -0x80000000n,
    -0x80000001n,
    -0x100000000n,
    0x7fffffffffffffffn,
    -0x8000000000000000n,
    -0x7fffffffffffffffn,
    0x123456789abcdef0n,
    0x1fffffffffffffn,
  ];
  const next = prng(0x164);
  for (let i = 0; i < 3; i++) v.push(BigInt.asIntN(64, (BigInt(next() >>> 0) << 32n) | BigInt(next() >>> 0)));
  return v;
}

type Call = (name: string, a: bigint, b: bigint) => string;

function caller(m: Module, tier: 'interp' | 'js'): { call: Call; store: Store } {
  const store = new Store({ tier });
  const inst = store.instantiate(m, []);
  const call: Call = (name, a, b) => {
    const args: WasmValue[] = [i64(a), i64(b)];
    try {
      return store
        .invoke(store.exportOf(inst, name)!.addr, args)
        .map((r) => `${r.type}:${String((r as { value: unknown }).value)}`)
        .join(',');
    } catch (e) {
      return `trap:${(e as { code?: string }).code ?? String(e)}`;
    }
  };
  return { call, store };
}

describe('JavaScript tier: i64 instructions against the interpreter', () => {
  it('agrees on every instruction, edge operands, constant counts and factors, and loops', async () => {
    const m = new Module(await assemble(module()));
    const interp = caller(m, 'interp');
    const js = caller(m, 'js');
    const names = [
      ...BINARY,
      ...COMPARE,
      ...UNARY_I64,
      'eqz',
      'wrap',
      'extend',
      ...SHIFTS.flatMap((op) => COUNTS.map((_, j) => `${op}_k${j}`)),
      ...FACTORS.map((_, j) => `mul_k${j}`),
      'loop',
    ];
    const vals = edgeValues();
    let compared = 0;
    for (const name of names) {
      for (const a of vals) {
        for (const b of vals) {
          const want = interp.call(name, a, b);
          assert.equal(js.call(name, a, b), want, `${name}(${a}, ${b})`);
          compared++;
        }
      }
    }
    assert.ok(compared > 50_000);
    const stats = js.store.jsTier!.stats;
    assert.equal(stats.declined, 0, 'every function is translated');
    assert.equal(stats.translated, names.length);
  });
});
