/**
 * Differential test of the facade: seeded random modules (numeric expression trees over parameters, constants,
 * memory loads and a JS import, with single and multiple results) run on the facade and on Node's own
 * `WebAssembly` with the same arguments; results, traps and the import's call log must agree.
 *
 * Where the core spec lets engines differ, the generator stays out: NaN bit patterns produced by arithmetic are
 * only observed as JS NaN (reinterpret and copysign's sign operand take leaves only, whose bits are exact).
 * @module
 */
import { describe, it } from 'node:test';

import { type Api, exportsOf, fn, same } from './js-api-helpers.js';
import { prngFraction } from './support/prng.js';

type T = 'i32' | 'i64' | 'f32' | 'f64';
const TYPES: readonly T[] = ['i32', 'i64', 'f32', 'f64'];

const INT_BINARY = [
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
const INT_COMPARE = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'];
const FLOAT_BINARY = ['add', 'sub', 'mul', 'div', 'min', 'max'];
const FLOAT_COMPARE = ['eq', 'ne', 'lt', 'gt', 'le', 'ge'];
const FLOAT_UNARY = ['abs', 'neg', 'sqrt', 'ceil', 'floor', 'trunc', 'nearest'];

/** Conversions to each type: [instruction, operand type]. */
const CONVERSIONS: Record<T, [string, T][]> = {
  i32: [
    ['i32.wrap_i64', 'i64'],
    ['i32.trunc_f32_s', 'f32'],
    ['i32.trunc_f64_u', 'f64'],
    ['i32.trunc_sat_f64_s', 'f64'],
    ['i32.trunc_sat_f32_u', 'f32'],
    ['i32.extend8_s', 'i32'],
    ['i32.extend16_s', 'i32'],
    ['i32.clz', 'i32'],
    ['i32.ctz', 'i32'],
    ['i32.popcnt', 'i32'],
    ['i32.eqz', 'i32'],
    ['i64.eqz', 'i64'],
  ],
  i64: [
    ['i64.extend_i32_s', 'i32'],
    ['i64.extend_i32_u', 'i32'],
    ['i64.trunc_f64_s', 'f64'],
    ['i64.trunc_f32_u', 'f32'],
    ['i64.trunc_sat_f32_s', 'f32'],
    ['i64.trunc_sat_f64_u', 'f64'],
    ['i64.extend32_s', 'i64'],
    ['i64.clz', 'i64'],
    ['i64.popcnt', 'i64'],
  ],
  f32: [
    ['f32.demote_f64', 'f64'],
    ['f32.convert_i32_s', 'i32'],
    ['f32.convert_i64_u', 'i64'],
    ['f32.convert_i64_s', 'i64'],
  ],
  f64: [
    ['f64.promote_f32', 'f32'],
    ['f64.convert_i64_s', 'i64'],
    ['f64.convert_i32_u', 'i32'],
    ['f64.convert_i64_u', 'i64'],
  ],
};

const REINTERPRET: Record<T, [string, T]> = {
  i32: ['i32.reinterpret_f32', 'f32'],
  i64: ['i64.reinterpret_f64', 'f64'],
  f32: ['f32.reinterpret_i32', 'i32'],
  f64: ['f64.reinterpret_i64', 'i64'],
};

const PARAM: Record<T, number> = { i32: 0, i64: 1, f32: 2, f64: 3 };

/** Generates folded WAT expressions. */
class Gen {
  constructor(private readonly r: () => number) {}

  pick<X>(xs: readonly X[]): X {
    return xs[Math.floor(this.r() * xs.length)]!;
  }

  /** A constant of type `t`, often an edge value. */
  constant(t: T): string {
    const r = this.r;
    switch (t) {
      case 'i32':
        return `(i32.const ${this.pick([0, 1, -1, 31, 0x7fffffff, -0x80000000, Math.floor(r() * 2 ** 32) | 0])})`;
      case 'i64':
        return `(i64.const ${this.pick([
          '0',
          '-1',
          '63',
          '0x7fffffffffffffff',
          '-0x8000000000000000',
          String(BigInt.asIntN(64, BigInt(Math.floor(r() * 2 ** 53)) * 4099n)),
        ])})`;
      default:
        return `(${t}.const ${this.pick([
          '0',
          '-0',
          '1.5',
          '-2.5',
          'nan',
          '-nan',
          'inf',
          '-inf',
          '0x1p31',
          '0x1p63',
          '0x1.fffffep127',
          (r() * 2e4 - 1e4).toFixed(3),
        ])})`;
    }
  }

  /** A leaf: parameter, constant or memory load, whose bits are exact. */
  leaf(t: T): string {
    const k = this.r();
    if (k < 0.45) return `(local.get ${PARAM[t]})`;
    if (k < 0.8) return this.constant(t);
    const addr = this.pick([0, 8, 100, 1000, 65528, 65535, 70000]);
    return `(${t}.load (i32.const ${addr}))`;
  }

  expr(t: T, depth: number): string {
    if (depth <= 0 || this.r() < 0.2) return this.leaf(t);
    const d = depth - 1;
    const k = this.r();
    const int = t === 'i32' || t === 'i64';
    if (k < 0.35) {
      return int
        ? `(${t}.${this.pick(INT_BINARY)} ${this.expr(t, d)} ${this.expr(t, d)})`
        : `(${t}.${this.pick(FLOAT_BINARY)} ${this.expr(t, d)} ${this.expr(t, d)})`;
    }
    if (k < 0.5 && t === 'i32') {
      const u = this.pick(TYPES);
      const ops = u === 'i32' || u === 'i64' ? INT_COMPARE : FLOAT_COMPARE;
      return `(${u}.${this.pick(ops)} ${this.expr(u, d)} ${this.expr(u, d)})`;
    }
    if (k < 0.6 && !int) {
      if (this.r() < 0.3) return `(${t}.copysign ${this.expr(t, d)} ${this.leaf(t)})`;
      return `(${t}.${this.pick(FLOAT_UNARY)} ${this.expr(t, d)})`;
    }
    if (k < 0.8) {
      const [op, from] = this.pick(CONVERSIONS[t]);
      return `(${op} ${this.expr(from, d)})`;
    }
    if (k < 0.88) {
      const [op, from] = REINTERPRET[t];
      return `(${op} ${this.leaf(from)})`;
    }
    if (k < 0.94 && t === 'i64') return `(call $h ${this.expr('i32', d)} ${this.expr('f64', d)})`;
    return `(select ${this.expr(t, d)} ${this.expr(t, d)} ${this.expr('i32', d)})`;
  }

  /** A module of `n` exported functions `f0`..`f(n-1)` taking (i32 i64 f32 f64). */
  module(n: number): string {
    const funcs: string[] = [];
    for (let i = 0; i < n; i++) {
      const results = this.r() < 0.25 ? [this.pick(TYPES), this.pick(TYPES)] : [this.pick(TYPES)];
      const body = results.map((t) => this.expr(t, 3)).join(' ');
      funcs.push(`(func (export "f${i}") (param i32 i64 f32 f64) (result ${results.join(' ')}) ${body})`);
    }
    const data = Array.from(
      { length: 24 },
      () =>
        `\\${Math.floor(this.r() * 256)
          .toString(16)
          .padStart(2, '0')}`,
    ).join('');
    return `(module (import "env" "h" (func $h (param i32 f64) (result i64))) (memory 1)
      (data (i32.const 0) "${data}") (data (i32.const 65528) "${data.slice(0, 24)}")
      ${funcs.join('\n')})`;
  }

  /** Arguments for (i32 i64 f32 f64), often edge values. */
  args(): unknown[] {
    const r = this.r;
    const float = () =>
      this.pick([0, -0, NaN, Infinity, -Infinity, 1.5, -2.5, 2 ** 31, -(2 ** 63), 0.1, r() * 1e6 - 5e5]);
    return [
      this.pick([0, 1, -1, 0x7fffffff, -0x80000000, Math.floor(r() * 2 ** 32) | 0]),
      this.pick([0n, 1n, -1n, 2n ** 63n - 1n, -(2n ** 63n), BigInt(Math.floor(r() * 2 ** 53)) - 2n ** 52n]),
      float(),
      float(),
    ];
  }
}

/** The JS import: records its arguments and returns a value computed from them. */
function hostImport(log: unknown[]) {
  return (a: number, b: number) => {
    log.push([a, b]);
    return BigInt(a) * 3n + BigInt(Number.isFinite(b) ? Math.trunc(b % 1000) : 7);
  };
}

/** Runs every export on every argument list on one engine, collecting values, error kinds and import calls. */
async function runAll(api: Api, text: string, n: number, argLists: unknown[][]): Promise<unknown[]> {
  const log: unknown[] = [];
  const x = await exportsOf(api, text, { env: { h: hostImport(log) } });
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    for (const args of argLists) {
      try {
        out.push(fn(x, `f${i}`)(...args));
      } catch (e) {
        out.push(e instanceof api.RuntimeError ? 'trap' : `${(e as Error).name}`);
      }
    }
  }
  return [out, log];
}

describe('differential: generated modules on the facade and on Node', () => {
  for (let seed = 1; seed <= 40; seed++) {
    it(`agrees on seed ${seed}`, async () => {
      const g = new Gen(prngFraction(seed));
      const n = 6;
      const text = g.module(n);
      const argLists = Array.from({ length: 8 }, () => g.args());
      await same((api) => runAll(api, text, n, argLists), text);
    });
  }
});
