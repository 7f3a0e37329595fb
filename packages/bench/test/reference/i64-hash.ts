/**
 * Reference implementation of i64-hash.c's run(n) on BigInt, written from the C semantics.
 * @module
 */
import { i64String, u64 } from './int.js';

const M32 = 0xffffffffn;

function rotl(x: bigint, b: bigint): bigint {
  return u64((x << b) | (x >> (64n - b)));
}

function sipRound(v: bigint[]): void {
  v[0] = u64(v[0]! + v[1]!);
  v[1] = rotl(v[1]!, 13n) ^ v[0];
  v[0] = rotl(v[0], 32n);
  v[2] = u64(v[2]! + v[3]!);
  v[3] = rotl(v[3]!, 16n) ^ v[2];
  v[0] = u64(v[0] + v[3]);
  v[3] = rotl(v[3], 21n) ^ v[0];
  v[2] = u64(v[2] + v[1]);
  v[1] = rotl(v[1], 17n) ^ v[2];
  v[2] = rotl(v[2], 32n);
}

function siphash(k0: bigint, k1: bigint, m: readonly bigint[]): bigint {
  const v = [k0 ^ 0x736f6d6570736575n, k1 ^ 0x646f72616e646f6dn, k0 ^ 0x6c7967656e657261n, k1 ^ 0x7465646279746573n];
  for (const w of m) {
    v[3] = v[3]! ^ w;
    sipRound(v);
    sipRound(v);
    v[0] = v[0]! ^ w;
  }
  v[2] = v[2]! ^ 0xffn;
  for (let r = 0; r < 4; r++) sipRound(v);
  return v[0]! ^ v[1]! ^ v[2]! ^ v[3]!;
}

function fnv1a(p: Uint8Array): bigint {
  let h = 0xcbf29ce484222325n;
  for (const b of p) h = u64((h ^ BigInt(b)) * 0x100000001b3n);
  return h;
}

function bigmulMod(a: readonly bigint[], b: readonly bigint[], m: bigint): bigint {
  const r: bigint[] = new Array(16).fill(0n);
  for (let i = 0; i < 8; i++) {
    let carry = 0n;
    for (let j = 0; j < 8; j++) {
      const t = a[i]! * b[j]! + r[i + j]! + carry;
      r[i + j] = t & M32;
      carry = t >> 32n;
    }
    r[i + 8] = carry & M32;
  }
  let acc = 0n;
  for (let k = 15; k >= 0; k--) {
    acc = u64((acc << 16n) | (r[k]! >> 16n)) % m;
    acc = u64((acc << 16n) | (r[k]! & 0xffffn)) % m;
  }
  return acc;
}

function fold64(hash: bigint, value: bigint): bigint {
  return u64((hash ^ value) * 0x100000001b3n);
}

/** i64-hash.c's run(n). */
export function i64HashRun(n: number): string {
  let pcg = 0x853c49e6748fea9bn;
  let xs = 0x2545f4914f6cdd1dn;
  let sum = 0n;
  const buf = new Uint8Array(256);
  for (let k = 0; k < 256; k++) buf[k] = k;
  const a: bigint[] = [];
  const b: bigint[] = [];
  const words: bigint[] = [];
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < 8; k++) {
      const old = pcg;
      pcg = u64(old * 6364136223846793005n + 1442695040888963407n);
      const xorshifted = (((old >> 18n) ^ old) >> 27n) & M32;
      const rot = old >> 59n;
      a[k] = ((xorshifted >> rot) | (xorshifted << (-rot & 31n))) & M32;
      xs ^= xs >> 12n;
      xs = u64(xs ^ (xs << 25n));
      xs ^= xs >> 27n;
      const w = u64(xs * 0x2545f4914f6cdd1dn);
      b[k] = w >> 32n;
      words[k] = w ^ old;
    }
    for (let k = 0; k < 32; k++) buf[(i * 32 + k) & 255] = Number((words[k & 7]! >> BigInt((k >> 3) * 8)) & 0xffn);
    sum = fold64(sum, siphash(pcg, xs, words));
    sum = fold64(sum, fnv1a(buf));
    sum = fold64(sum, bigmulMod(a, b, (xs >> 3n) | 0x8000000000000001n));
    const q = BigInt.asIntN(64, words[i & 7]!) / BigInt.asIntN(64, (pcg >> 20n) | 1n);
    sum = fold64(sum, BigInt.asUintN(64, q));
  }
  return i64String(sum);
}
