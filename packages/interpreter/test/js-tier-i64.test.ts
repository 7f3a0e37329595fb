/**
 * The JavaScript tier's i64 division helpers and high-word product against BigInt: every pairing of edge values
 * (0, ±1, 32-bit and 2^63 boundaries, divisors just above 2^32) and random operands of every width, with the
 * traps of the spec.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { divS64, divU64, HI, mulHi, remS64, remU64 } from '../src/js-tier/i64-div.js';
import { prng } from './support/prng.js';

const M64 = (1n << 64n) - 1n;

function halves(v: bigint): [number, number] {
  const u = BigInt.asUintN(64, v);
  return [Number(BigInt.asIntN(32, u)), Number(BigInt.asIntN(32, u >> 32n))];
}

function whole(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

type Op = (nl: number, nh: number, dl: number, dh: number) => number;

function expected(name: string, a: bigint, b: bigint): bigint | string {
  const ua = a & M64;
  const ub = b & M64;
  const sa = BigInt.asIntN(64, a);
  const sb = BigInt.asIntN(64, b);
  if (ub === 0n) return 'integer-divide-by-zero';
  switch (name) {
    case 'divU':
      return ua / ub;
    case 'remU':
      return ua % ub;
    case 'divS':
      if (sa === -(1n << 63n) && sb === -1n) return 'integer-overflow';
      return BigInt.asUintN(64, sa / sb);
    default:
      return BigInt.asUintN(64, sa % sb);
  }
}

const OPS: [string, Op][] = [
  ['divU', divU64],
  ['remU', remU64],
  ['divS', divS64],
  ['remS', remS64],
];

function check(a: bigint, b: bigint): void {
  const [nl, nh] = halves(a);
  const [dl, dh] = halves(b);
  for (const [name, op] of OPS) {
    const want = expected(name, a, b);
    let got: bigint | string;
    try {
      const lo = op(nl, nh, dl, dh);
      got = whole(lo, HI[0]!);
    } catch (e) {
      got = (e as { code: string }).code;
    }
    assert.equal(got, want, `${name}(${BigInt.asUintN(64, a)}, ${BigInt.asUintN(64, b)})`);
  }
}

describe('JavaScript tier: i64 division', () => {
  it('agrees with BigInt on edge values', () => {
    const edges: bigint[] = [];
    for (const base of [0n, 1n << 31n, 1n << 32n, 1n << 48n, 1n << 52n, 1n << 53n, 1n << 63n, M64]) {
      for (const d of [-3n, -1n, 0n, 1n, 2n, 7n]) edges.push(base + d);
    }
    edges.push(-(1n << 63n), -1n, 0xffffffffn, 0x1_0000_0001n, 0x1_ffff_ffffn, 0x8000_0000_0000_0001n, 12345n);
    for (const a of edges) for (const b of edges) check(a, b);
  });

  it('agrees with BigInt on random operands of every width', () => {
    const next = prng(0x5eed64);
    const word = (): bigint => BigInt(next() >>> 0);
    const random = (): bigint => {
      const bits = BigInt(1 + ((next() >>> 0) % 64));
      return ((word() << 32n) | word()) & ((1n << bits) - 1n);
    };
    for (let i = 0; i < 20_000; i++) {
      const a = next() & 1 ? random() : -random();
      const b = next() & 1 ? random() : -random();
      check(a, b);
    }
  });

  it('takes the high word of an unsigned 32×32-bit product', () => {
    const next = prng(42);
    const vals = [0, 1, -1, 0x7fffffff, -0x80000000, 0xffff, 0x10000];
    for (let i = 0; i < 5000; i++) vals.push(next() | 0);
    for (let i = 0; i < vals.length; i++) {
      const a = vals[i]!;
      const b = vals[(i * 7 + 3) % vals.length]!;
      const want = Number(BigInt.asIntN(32, (BigInt(a >>> 0) * BigInt(b >>> 0)) >> 32n));
      assert.equal(mulHi(a, b), want);
    }
  });
});
