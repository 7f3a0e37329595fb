/**
 * The fused float forms against Node's WebAssembly, value by value: a branch on a float comparison (`BrIfFCmp`,
 * both senses, every comparison, NaN, signed zeros and infinities) and the multiply-adds (`F32MulAdd`,
 * `F64MulAdd`), whose product is rounded before the sum as two separate instructions round it.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompiledFunction } from '../src/compile-function.js';
import { FOp } from '../src/fused-ops.js';
import { f32, f64, Module, Store, type WasmValue } from '../src/index.js';
import { OP_BITS } from '../src/internal-ops.js';
import { assemble, nodeWasm } from './support/engines.js';

const TYPES = ['f32', 'f64'] as const;
const COMPARISONS = ['eq', 'ne', 'lt', 'gt', 'le', 'ge'] as const;

/** For each type and comparison: `br_*` takes the branch when the comparison holds, `if_*` when it does not. */
function wat(): string {
  const funcs: string[] = [];
  for (const t of TYPES) {
    for (const c of COMPARISONS) {
      funcs.push(`(func (export "br_${t}_${c}") (param $x ${t}) (param $y ${t}) (result i32)
        (block $b (br_if $b (${t}.${c} (local.get $x) (local.get $y))) (return (i32.const 10))) (i32.const 11))`);
      funcs.push(`(func (export "if_${t}_${c}") (param $x ${t}) (param $y ${t}) (result i32)
        (if (result i32) (${t}.${c} (local.get $x) (local.get $y)) (then (i32.const 20)) (else (i32.const 21))))`);
    }
    funcs.push(`(func (export "madd_${t}") (param $x ${t}) (param $y ${t}) (param $z ${t}) (result ${t})
      (${t}.add (${t}.mul (local.get $x) (local.get $y)) (local.get $z)))`);
    funcs.push(`(func (export "maddr_${t}") (param $x ${t}) (param $y ${t}) (param $z ${t}) (result ${t})
      (${t}.add (local.get $z) (${t}.mul (local.get $x) (local.get $y))))`);
  }
  return `(module ${funcs.join('\n')})`;
}

const VALUES = [0, -0, 1, -1, 1.5, -2.25, NaN, Infinity, -Infinity, 3.4028234663852886e38, 1e-45, 2 ** -24];

/** Triples where rounding the product before the sum matters (f32: (1 + 2⁻¹²)² rounds to 1 + 2⁻¹¹). */
const MADD: readonly [number, number, number][] = [
  [1 + 2 ** -12, 1 + 2 ** -12, -1 - 2 ** -11],
  [1 + 2 ** -30, 1 + 2 ** -30, -1 - 2 ** -29],
  [3, 1 / 3, -1],
  [1e30, 1e30, -Infinity],
  [Infinity, 0, 1],
  [-0, 5, -0],
  [0.1, 0.2, 0.3],
];

function value(t: 'f32' | 'f64', x: number): WasmValue {
  return t === 'f32' ? f32(x) : f64(x);
}

function bitsOf(t: 'f32' | 'f64', x: number): string {
  if (Number.isNaN(x)) return 'nan';
  return t === 'f32'
    ? String(new Uint32Array(new Float32Array([x]).buffer)[0])
    : String(new BigUint64Array(new Float64Array([x]).buffer)[0]);
}

/** Whether the bits of an f32 (a number) or an f64 (a bigint) are a NaN. */
function isNaNBits(t: 'f32' | 'f64', bits: number | bigint): boolean {
  return t === 'f32'
    ? ((Number(bits) >>> 23) & 0xff) === 0xff && (Number(bits) & 0x7fffff) !== 0
    : ((BigInt(bits) >> 52n) & 0x7ffn) === 0x7ffn && (BigInt(bits) & 0xfffffffffffffn) !== 0n;
}

describe('fused float forms', { timeout: 300_000 }, () => {
  it('branch on every float comparison as Node does, both senses, over special values', async () => {
    const bytes = await assemble(wat());
    const node = new nodeWasm.Instance(new nodeWasm.Module(bytes), {}).exports;
    const store = new Store();
    const instance = store.instantiate(new Module(bytes), []);
    let checked = 0;
    for (const t of TYPES) {
      for (const c of COMPARISONS) {
        for (const form of ['br', 'if']) {
          const name = `${form}_${t}_${c}`;
          for (const x of VALUES) {
            for (const y of VALUES) {
              const r = store.call(store.exportOf(instance, name)!.addr, [value(t, x), value(t, y)]).run();
              assert.equal(r.status, 'done');
              const got = (r as { results: { value: number }[] }).results[0]!.value;
              assert.equal(got, (node[name] as (a: number, b: number) => number)(x, y), `${name}(${x}, ${y})`);
              checked++;
            }
          }
        }
      }
    }
    assert.equal(checked, 2 * 6 * 2 * VALUES.length ** 2);
    const fused = store.funcs.map((f) => f.code).filter((x): x is CompiledFunction => x !== null && x.groups !== null);
    const mask = (1 << OP_BITS) - 1;
    assert.ok(
      fused.every((fc) => Array.from(fc.groups!.starts).some((pc) => (fc.code[pc]! & mask) === FOp.BrIfFCmp)),
      'every comparison function branches with one fused op',
    );
  });

  it('multiply-add with the product rounded first, as Node does', async () => {
    const bytes = await assemble(wat());
    const node = new nodeWasm.Instance(new nodeWasm.Module(bytes), {}).exports;
    const store = new Store();
    const instance = store.instantiate(new Module(bytes), []);
    for (const t of TYPES) {
      for (const name of [`madd_${t}`, `maddr_${t}`]) {
        for (const [x, y, z] of [...MADD, ...VALUES.map((v): [number, number, number] => [v, 1.5, -v])]) {
          const r = store.call(store.exportOf(instance, name)!.addr, [value(t, x), value(t, y), value(t, z)]).run();
          assert.equal(r.status, 'done');
          const got = (r as { results: { bits: number | bigint }[] }).results[0]!.bits;
          const expected = (node[name] as (a: number, b: number, c: number) => number)(x, y, z);
          const gotText = Number.isNaN(expected) ? (isNaNBits(t, got) ? 'nan' : String(got)) : String(got);
          assert.equal(gotText, bitsOf(t, expected), `${name}(${x}, ${y}, ${z})`);
        }
      }
    }
    const ops = new Set<number>();
    for (const f of store.funcs) {
      const c = f.code;
      if (c === null || c.groups === null) continue;
      for (const pc of c.groups.starts) ops.add(c.code[pc]! & ((1 << OP_BITS) - 1));
    }
    assert.ok(ops.has(FOp.F32MulAdd) && ops.has(FOp.F64MulAdd), 'the multiply-adds are fused');
  });
});
