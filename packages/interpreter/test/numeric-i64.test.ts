/**
 * Tests of the i64 helpers on int32 halves, against BigInt as the oracle: fixed edge values in all pairs,
 * seeded random inputs, operand aliasing, traps, and expected values from the spec suite's `i64.wast`.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TrapCode } from '../src/errors.js';
import * as I from '../src/numeric-i64.js';
import { prng } from './support/prng.js';
import { trapCode } from './support/trap-code.js';

type Binary = (s: Int32Array, d: number, a: number, b: number) => void;
type Unary = (s: Int32Array, d: number, a: number) => void;
type Compare = (s: Int32Array, a: number, b: number) => boolean;

const buffer = new ArrayBuffer(64);
const words = new Int32Array(buffer);
const slots = new BigInt64Array(buffer);

const MIN = -(1n << 63n);
const MAX = (1n << 63n) - 1n;
const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);
const s64 = (x: bigint): bigint => BigInt.asIntN(64, x);

/** Edge values: zero, ±1, the extremes, word boundaries, the 2^52/2^53 fast-path boundaries, powers of two. */
const EDGES: bigint[] = (() => {
  const out = new Set<bigint>([0n, 1n, -1n, 2n, -2n, 3n, -3n, 7n, 10n, -10n, MIN, MAX, MIN + 1n, MAX - 1n]);
  for (const p of [8n, 15n, 16n, 31n, 32n, 33n, 51n, 52n, 53n, 54n, 62n, 63n]) {
    for (const x of [(1n << p) - 1n, 1n << p, (1n << p) + 1n]) {
      out.add(s64(x));
      out.add(s64(-x));
    }
  }
  for (const x of [
    0x0123456789abcdefn,
    0xfedcba9876543210n,
    0x00000000ffffffffn,
    0xffffffff00000000n,
    0x8000000000000001n,
    0x5555555555555555n,
    0xaaaaaaaaaaaaaaaan,
    0x000fffffffffffffn,
    0xfff0000000000000n,
  ]) {
    out.add(s64(x));
  }
  return [...out];
})();

/** Random i64 values of varied shapes: full width, small, 32-bit, below 2^52, sparse bits, near edges. */
function randomValues(count: number, seed: number): bigint[] {
  const next = prng(seed);
  const out: bigint[] = [];
  for (let i = 0; i < count; i++) {
    const full = s64((BigInt(next()) << 32n) | BigInt(next()));
    switch (next() % 7) {
      case 0:
        out.push(full);
        break;
      case 1:
        out.push(s64(BigInt(next() % 1000) - 500n));
        break;
      case 2:
        out.push(BigInt(next() | 0));
        break;
      case 3:
        out.push(BigInt.asIntN(53, full));
        break;
      case 4:
        out.push(s64(full >> BigInt(next() % 64)));
        break;
      case 5:
        out.push(s64(EDGES[next() % EDGES.length]! + BigInt(next() % 5) - 2n));
        break;
      default:
        out.push(
          s64(
            full &
              s64((BigInt(next()) << 32n) | BigInt(next())) &
              BigInt.asIntN(64, (BigInt(next()) << 32n) | BigInt(next())),
          ),
        );
        break;
    }
  }
  return out;
}

/** Pairs: every edge with every edge, then seeded random pairs. */
const PAIRS: [bigint, bigint][] = (() => {
  const out: [bigint, bigint][] = [];
  for (const a of EDGES) for (const b of EDGES) out.push([a, b]);
  const r = randomValues(40000, 0x5eed);
  for (let i = 0; i < r.length; i += 2) out.push([r[i]!, r[i + 1]!]);
  return out;
})();

/** Runs `fn` with a at slot 1, b at slot 2, result to slot 3, and returns the result. */
function runBinary(fn: Binary, a: bigint, b: bigint): bigint {
  slots[1] = a;
  slots[2] = b;
  slots[3] = 0x1122334455667788n; // garbage that must be overwritten
  fn(words, 6, 2, 4);
  assert.equal(slots[1], a, 'operand a unchanged');
  assert.equal(slots[2], b, 'operand b unchanged');
  return slots[3]!;
}

const clz = (x: bigint): bigint => BigInt(64 - (x === 0n ? 0 : u64(x).toString(2).length));
const ctz = (x: bigint): bigint => {
  if (x === 0n) return 64n;
  const bits = u64(x).toString(2);
  return BigInt(bits.length - 1 - bits.lastIndexOf('1'));
};
const popcnt = (x: bigint): bigint => BigInt([...u64(x).toString(2)].filter((c) => c === '1').length);

/** Oracles; `undefined` means the operation must trap (checked separately). */
const BINARY: [string, Binary, (a: bigint, b: bigint) => bigint | undefined][] = [
  ['i64.add', I.i64Add, (a, b) => s64(a + b)],
  ['i64.sub', I.i64Sub, (a, b) => s64(a - b)],
  ['i64.mul', I.i64Mul, (a, b) => s64(a * b)],
  ['i64.div_s', I.i64DivS, (a, b) => (b === 0n || (a === MIN && b === -1n) ? undefined : s64(a / b))],
  ['i64.div_u', I.i64DivU, (a, b) => (b === 0n ? undefined : s64(u64(a) / u64(b)))],
  ['i64.rem_s', I.i64RemS, (a, b) => (b === 0n ? undefined : s64(a % b))],
  ['i64.rem_u', I.i64RemU, (a, b) => (b === 0n ? undefined : s64(u64(a) % u64(b)))],
  ['i64.and', I.i64And, (a, b) => a & b],
  ['i64.or', I.i64Or, (a, b) => a | b],
  ['i64.xor', I.i64Xor, (a, b) => a ^ b],
  ['i64.shl', I.i64Shl, (a, b) => s64(a << (u64(b) % 64n))],
  ['i64.shr_s', I.i64ShrS, (a, b) => a >> (u64(b) % 64n)],
  ['i64.shr_u', I.i64ShrU, (a, b) => s64(u64(a) >> (u64(b) % 64n))],
  [
    'i64.rotl',
    I.i64Rotl,
    (a, b) => {
      const k = u64(b) % 64n;
      return s64((u64(a) << k) | (u64(a) >> (64n - k)));
    },
  ],
  [
    'i64.rotr',
    I.i64Rotr,
    (a, b) => {
      const k = u64(b) % 64n;
      return s64((u64(a) >> k) | (u64(a) << (64n - k)));
    },
  ],
];

const UNARY: [string, Unary, (a: bigint) => bigint][] = [
  ['i64.clz', I.i64Clz, clz],
  ['i64.ctz', I.i64Ctz, ctz],
  ['i64.popcnt', I.i64Popcnt, popcnt],
  ['i64.extend8_s', I.i64Extend8S, (a) => BigInt.asIntN(8, a)],
  ['i64.extend16_s', I.i64Extend16S, (a) => BigInt.asIntN(16, a)],
  ['i64.extend32_s', I.i64Extend32S, (a) => BigInt.asIntN(32, a)],
];

const COMPARE: [string, Compare, (a: bigint, b: bigint) => boolean][] = [
  ['i64.eq', I.i64Eq, (a, b) => a === b],
  ['i64.ne', I.i64Ne, (a, b) => a !== b],
  ['i64.lt_s', I.i64LtS, (a, b) => a < b],
  ['i64.lt_u', I.i64LtU, (a, b) => u64(a) < u64(b)],
  ['i64.gt_s', I.i64GtS, (a, b) => a > b],
  ['i64.gt_u', I.i64GtU, (a, b) => u64(a) > u64(b)],
  ['i64.le_s', I.i64LeS, (a, b) => a <= b],
  ['i64.le_u', I.i64LeU, (a, b) => u64(a) <= u64(b)],
  ['i64.ge_s', I.i64GeS, (a, b) => a >= b],
  ['i64.ge_u', I.i64GeU, (a, b) => u64(a) >= u64(b)],
];

for (const [name, fn, oracle] of BINARY) {
  test(`${name} matches BigInt on edge and seeded random pairs`, () => {
    let checked = 0;
    for (const [a, b] of PAIRS) {
      const want = oracle(a, b);
      if (want === undefined) continue;
      const got = runBinary(fn, a, b);
      if (got !== want) assert.fail(`${name}(${a}, ${b}) = ${got}, want ${want}`);
      checked++;
    }
    assert.ok(checked > 20000);
  });

  test(`${name} allows the result to alias either operand`, () => {
    for (const [a, b] of PAIRS.slice(0, 3000)) {
      const want = oracle(a, b);
      if (want === undefined) continue;
      slots[1] = a;
      slots[2] = b;
      fn(words, 2, 2, 4); // d = a
      assert.equal(slots[1], want, `${name}(${a}, ${b}) into a`);
      slots[1] = a;
      slots[2] = b;
      fn(words, 4, 2, 4); // d = b
      assert.equal(slots[2], want, `${name}(${a}, ${b}) into b`);
      if (oracle(a, a) !== undefined) {
        slots[1] = a;
        fn(words, 2, 2, 2); // d = a = b
        assert.equal(slots[1], oracle(a, a), `${name}(${a}, ${a}) in place`);
      }
    }
  });
}

for (const [name, fn, oracle] of UNARY) {
  test(`${name} matches BigInt on edge and seeded random values`, () => {
    for (const a of [...EDGES, ...randomValues(20000, 0xc0ffee)]) {
      slots[1] = a;
      slots[3] = -1n;
      fn(words, 6, 2);
      if (slots[3] !== oracle(a)) assert.fail(`${name}(${a}) = ${slots[3]}, want ${oracle(a)}`);
      fn(words, 2, 2); // in place
      assert.equal(slots[1], oracle(a));
    }
  });
}

for (const [name, fn, oracle] of COMPARE) {
  test(`${name} matches BigInt on edge and seeded random pairs`, () => {
    for (const [a, b] of PAIRS) {
      slots[1] = a;
      slots[2] = b;
      if (fn(words, 2, 4) !== oracle(a, b)) assert.fail(`${name}(${a}, ${b}) should be ${oracle(a, b)}`);
      if (fn(words, 2, 2) !== oracle(a, a)) assert.fail(`${name}(${a}, ${a}) should be ${oracle(a, a)}`);
    }
  });
}

test('i64.eqz is true only for 0, including values with one zero half', () => {
  for (const a of [...EDGES, 1n << 32n, 0xffffffffn, -(1n << 32n)]) {
    slots[1] = a;
    assert.equal(I.i64Eqz(words, 2), a === 0n, String(a));
  }
});

test('division and remainder by zero trap with integer-divide-by-zero', () => {
  for (const fn of [I.i64DivS, I.i64DivU, I.i64RemS, I.i64RemU]) {
    for (const a of [0n, 1n, -1n, MIN, MAX, 1n << 40n]) {
      assert.equal(
        trapCode(() => runBinary(fn, a, 0n)),
        TrapCode.IntegerDivideByZero,
      );
    }
  }
});

test('i64.div_s of INT64_MIN by -1 traps with integer-overflow, the other operations do not', () => {
  assert.equal(
    trapCode(() => runBinary(I.i64DivS, MIN, -1n)),
    TrapCode.IntegerOverflow,
  );
  assert.equal(runBinary(I.i64RemS, MIN, -1n), 0n);
  assert.equal(runBinary(I.i64DivU, MIN, -1n), 0n);
  assert.equal(runBinary(I.i64RemU, MIN, -1n), MIN);
  assert.equal(runBinary(I.i64DivS, MIN, 1n), MIN);
  assert.equal(runBinary(I.i64DivS, MIN + 1n, -1n), MAX);
  assert.equal(runBinary(I.i64RemS, MIN, 2n), 0n);
  assert.equal(runBinary(I.i64RemS, MIN, -2n), 0n);
  assert.equal(runBinary(I.i64RemS, MIN, MIN), 0n);
  assert.equal(runBinary(I.i64DivS, MIN, MIN), 1n);
  assert.equal(runBinary(I.i64DivS, MAX, MIN), 0n);
  assert.equal(runBinary(I.i64RemS, MAX, MIN), MAX);
});

test('division covers its three paths: both below 2^52, divisor below 2^32, divisor at or above 2^32', () => {
  const next = prng(0xd1f);
  const word = (): bigint => BigInt(next());
  for (let i = 0; i < 30000; i++) {
    const big = s64((word() << 32n) | word());
    const divisors = [
      BigInt(next() % 1000) + 1n,
      word() || 1n, // below 2^32 (unsigned)
      s64(-(word() || 1n)), // two's complement of a small magnitude: a huge unsigned divisor
      s64((word() << 32n) | word()) || 1n,
      s64(((word() & 0xfffffn) << 32n) | word()) || 1n, // below 2^52
    ];
    for (const d of divisors) {
      for (const [name, fn, oracle] of BINARY.slice(3, 7)) {
        const want = oracle(big, d);
        if (want === undefined) continue;
        const got = runBinary(fn, big, d);
        if (got !== want) assert.fail(`${name}(${big}, ${d}) = ${got}, want ${want}`);
      }
    }
  }
});

test('expected values from i64.wast', () => {
  const cases: [Binary, bigint, bigint, bigint][] = [
    [I.i64Add, MAX, 1n, MIN],
    [I.i64Add, MIN, -1n, MAX],
    [I.i64Add, 0x3fffffffn, 1n, 0x40000000n],
    [I.i64Sub, MIN, 1n, MAX],
    [I.i64Mul, 0x1000000000000000n, 4096n, 0n],
    [I.i64Mul, MIN, -1n, MIN],
    [I.i64Mul, 0x0123456789abcdefn, s64(0xfedcba9876543210n), 0x2236d88fe5618cf0n],
    [I.i64Mul, MAX, MAX, 1n],
    [I.i64DivS, MIN, 2n, -0x4000000000000000n],
    [I.i64DivS, s64(0x8000000000000001n), 1000n, -0x20c49ba5e353f7n],
    [I.i64DivS, 5n, -2n, -2n],
    [I.i64DivS, -7n, 3n, -2n],
    [I.i64DivU, MIN, 2n, 0x4000000000000000n],
    [I.i64DivU, s64(0x8ff00ff00ff00ff0n), 0x100000001n, 0x8ff00fefn],
    [I.i64DivU, s64(0x8000000000000001n), 1000n, 0x20c49ba5e353f7n],
    [I.i64DivU, -5n, 2n, 0x7ffffffffffffffdn],
    [I.i64DivU, -1n, -1n, 1n],
    [I.i64RemS, MAX, -1n, 0n],
    [I.i64RemS, s64(0x8000000000000001n), 1000n, -807n],
    [I.i64RemS, -5n, 2n, -1n],
    [I.i64RemS, 5n, -2n, 1n],
    [I.i64RemU, MIN, -1n, MIN],
    [I.i64RemU, s64(0x8ff00ff00ff00ff0n), 0x100000001n, 0x80000001n],
    [I.i64RemU, s64(0x8000000000000001n), 1000n, 809n],
    [I.i64Shl, 1n, 63n, MIN],
    [I.i64Shl, 1n, 64n, 1n],
    [I.i64Shl, 1n, MAX, MIN],
    [I.i64ShrS, MIN, 63n, -1n],
    [I.i64ShrS, 1n, 65n, 0n],
    [I.i64ShrS, -1n, MAX, -1n],
    [I.i64ShrU, MIN, 63n, 1n],
    [I.i64ShrU, -1n, 65n, MAX],
    [I.i64ShrU, -1n, MIN, -1n],
    [I.i64Rotl, 1n, 1n, 2n],
    [I.i64Rotl, 1n, 64n, 1n],
    [I.i64Rotl, s64(0xabcd987602468acen), 1n, 0x579b30ec048d159dn],
    [I.i64Rotl, s64(0xfe000000dc000000n), 4n, s64(0xe000000dc000000fn)],
    [I.i64Rotl, 0x0000000000000001n, 63n, MIN],
    [I.i64Rotr, 1n, 1n, MIN],
    [I.i64Rotr, s64(0xabcd987602468acen), 1n, 0x55e6cc3b01234567n],
    [I.i64Rotr, s64(0xfe000000dc000000n), 4n, 0x0fe000000dc00000n],
    [I.i64Rotr, MIN, 63n, 1n],
  ];
  for (const [fn, a, b, want] of cases) assert.equal(runBinary(fn, a, b), want, `${fn.name}(${a}, ${b})`);
});

test('clz, ctz and popcnt of 0, -1 and single bits', () => {
  const run = (fn: Unary, a: bigint): bigint => {
    slots[1] = a;
    fn(words, 6, 2);
    return slots[3]!;
  };
  assert.equal(run(I.i64Clz, 0n), 64n);
  assert.equal(run(I.i64Clz, -1n), 0n);
  assert.equal(run(I.i64Clz, 1n), 63n);
  assert.equal(run(I.i64Clz, 0x80000000n), 32n);
  assert.equal(run(I.i64Ctz, 0n), 64n);
  assert.equal(run(I.i64Ctz, -1n), 0n);
  assert.equal(run(I.i64Ctz, MIN), 63n);
  assert.equal(run(I.i64Ctz, 1n << 32n), 32n);
  assert.equal(run(I.i64Popcnt, 0n), 0n);
  assert.equal(run(I.i64Popcnt, -1n), 64n);
  assert.equal(run(I.i64Popcnt, 0x8000800080008000n - (1n << 64n)), 4n);
  for (let k = 0n; k < 64n; k++) {
    const bit = s64(1n << k);
    assert.equal(run(I.i64Clz, bit), 63n - k);
    assert.equal(run(I.i64Ctz, bit), k);
    assert.equal(run(I.i64Popcnt, bit), 1n);
  }
});

test('shift and rotate counts use only the low 6 bits of the count', () => {
  for (const [fn, name] of [
    [I.i64Shl, 'shl'],
    [I.i64ShrS, 'shr_s'],
    [I.i64ShrU, 'shr_u'],
    [I.i64Rotl, 'rotl'],
    [I.i64Rotr, 'rotr'],
  ] as const) {
    for (const a of [0x0123456789abcdefn, MIN, -1n, 1n]) {
      for (let k = 0n; k < 64n; k++) {
        const base = runBinary(fn, a, k);
        for (const high of [64n, 128n, -64n, 1n << 32n, MIN, 0x7fffffffffffffc0n]) {
          assert.equal(runBinary(fn, a, s64(k + high)), base, `${name}(${a}, ${k} + ${high})`);
        }
      }
    }
  }
});

test('extend8_s, extend16_s and extend32_s ignore the upper bits', () => {
  const run = (fn: Unary, a: bigint): bigint => {
    slots[1] = a;
    fn(words, 6, 2);
    return slots[3]!;
  };
  assert.equal(run(I.i64Extend8S, 0x7fn), 127n);
  assert.equal(run(I.i64Extend8S, 0x80n), -128n);
  assert.equal(run(I.i64Extend8S, s64(0x0123456789abcd80n)), -128n);
  assert.equal(run(I.i64Extend16S, 0x8000n), -32768n);
  assert.equal(run(I.i64Extend16S, s64(0xfedcba9876540000n)), 0n);
  assert.equal(run(I.i64Extend32S, 0x80000000n), -0x80000000n);
  assert.equal(run(I.i64Extend32S, s64(0x012345677fffffffn)), 0x7fffffffn);
  assert.equal(run(I.i64Extend32S, 0xffffffff00000000n - (1n << 64n)), 0n);
});
