/**
 * A seeded generator of valid, terminating WebAssembly modules in the text format, for the differential and
 * capture-property tests. One seed always gives the same module and the same entry arguments.
 *
 * What a module holds: several functions with i32/i64/f32/f64 params, locals and multiple results; nested
 * `block`/`loop`/`if` with params and results; `br`, `br_if`, `br_table` carrying values, and `return`; direct
 * calls, `call_indirect` through a table with null slots, recursion; mutable globals; loads and stores of every
 * width at mostly valid and sometimes out-of-bounds addresses; `memory.size/grow/fill/copy/init` and `data.drop`;
 * `select`; numeric operators of every kind including those that trap; conversions and reinterprets; optionally
 * one host import `env.mix`, called directly or through the table.
 *
 * Termination: every loop has its own counter local that only its back-edges decrement (a branch to a loop
 * label is taken only while the counter is positive), and every call, direct or indirect, first takes one unit
 * from the global `$budget`, which `main` resets. So the work of a run is bounded by the budget times the work of
 * one body.
 *
 * Determinism across engines: the spec lets an engine choose the bits of a NaN that arithmetic produces. The
 * generator tracks which float values have deterministic bits (constants, loads, arguments, integer conversions,
 * `abs`/`neg`/`copysign` and `select` of such values, locals and globals that only ever hold such values) and
 * canonicalises every other float before anything can observe its bits: a store, a reinterpret, the sign operand
 * of `copysign`, a write to an exact-only local, global or parameter. So memory and integers compare bit for
 * bit, NaN payloads included; float results and globals may still hold engine-chosen NaNs and compare as
 * "any NaN".
 * @module
 */
import fc from 'fast-check';

import { f32Bits, f64Bits, i32, i64, type WasmValue } from '../../src/index.js';
import { prngFraction } from './prng.js';

/** The numeric value types the generator uses. */
export type NumType = 'i32' | 'i64' | 'f32' | 'f64';
const TYPES: readonly NumType[] = ['i32', 'i64', 'f32', 'f64'];

/** A function signature. */
export interface Sig {
  readonly params: readonly NumType[];
  readonly results: readonly NumType[];
}

/** A generated program. */
export interface Program {
  readonly seed: number;
  readonly size: number;
  /** The module in the text format. */
  readonly wat: string;
  /** Signature of the exported entry `main`. */
  readonly main: Sig;
  /** Argument lists for `main` (no NaNs: the JS API does not carry NaN bits). */
  readonly args: readonly (readonly WasmValue[])[];
  /** Exported globals, in export order: `g0`, `g1`, … and `budget`. */
  readonly globals: readonly { readonly name: string; readonly type: NumType; readonly mutable: boolean }[];
  /** Whether the module imports `env.mix: (i32, i64) -> i32` (see `hostMix`). */
  readonly hasImport: boolean;
}

/** Options of the generator. */
export interface GeneratorOptions {
  /** 1 (tiny) to 10 (large): number of functions, statements and nesting. Default 5. */
  readonly size?: number;
  /** Import `env.mix`. Default: chosen by the seed. */
  readonly withImport?: boolean;
  /** Units of the call budget `main` starts with. Default 24. */
  readonly callBudget?: number;
}

/** Module and name of the only import a generated module may have. */
export const HOST_IMPORT = { module: 'env', name: 'mix' } as const;

/** The host import's semantics, the same for every engine: `(a * 0x01000193) ^ lo32(b) ^ hi32(b)`, as i32. */
export function hostMix(a: number, b: bigint): number {
  const lo = Number(BigInt.asIntN(32, b));
  const hi = Number(BigInt.asIntN(32, b >> 32n));
  return (Math.imul(a, 0x01000193) ^ lo ^ hi) | 0;
}

/** A small, fast, deterministic PRNG (mulberry32) with helpers. */
export class Rng {
  private readonly fraction: () => number;
  constructor(seed: number) {
    this.fraction = prngFraction(seed);
  }
  /** Uniform in [0, 1). */
  next(): number {
    return this.fraction();
  }
  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<X>(xs: readonly X[]): X {
    return xs[this.int(xs.length)]!;
  }
  /** 32 random bits as an unsigned number. */
  u32(): number {
    return (this.int(0x10000) * 0x10000 + this.int(0x10000)) >>> 0;
  }
  /** 64 random bits. */
  u64(): bigint {
    return (BigInt(this.u32()) << 32n) | BigInt(this.u32());
  }
  /** Picks a key of `weights` with probability proportional to its weight. */
  weighted<K extends string>(weights: Partial<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    let total = 0;
    for (const [, w] of entries) total += w;
    let x = this.next() * total;
    for (const [k, w] of entries) {
      x -= w;
      if (x < 0) return k;
    }
    return entries[entries.length - 1]![0];
  }
}

const f32View = new Float32Array(1);
const u32View = new Uint32Array(f32View.buffer);
const f64View = new Float64Array(1);
const u64View = new BigUint64Array(f64View.buffer);

/** The WAT literal of an f32 given by its bits (exact, NaN payloads included). */
export function f32Literal(bits: number): string {
  u32View[0] = bits >>> 0;
  const x = f32View[0]!;
  if (Number.isNaN(x)) return `${bits >>> 31 ? '-' : ''}nan:0x${(bits & 0x7fffff).toString(16)}`;
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Object.is(x, -0)) return '-0';
  // The shortest decimal of the double equal to this f32 rounds back to it exactly.
  return String(x);
}

/** The WAT literal of an f64 given by its bits (exact, NaN payloads included). */
export function f64Literal(bits: bigint): string {
  u64View[0] = bits;
  const x = f64View[0]!;
  if (Number.isNaN(x)) return `${bits >> 63n ? '-' : ''}nan:0x${(bits & 0xfffffffffffffn).toString(16)}`;
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (Object.is(x, -0)) return '-0';
  return String(x);
}

const I32_EDGES = [0, 1, -1, 2, 7, 31, 32, 255, 4096, 65535, 65536, 0x7fffffff, -0x80000000];
const I64_EDGES = [
  0n,
  1n,
  -1n,
  63n,
  64n,
  0x7fffffffn,
  0x80000000n,
  0xffffffffn,
  0x7fffffffffffffffn,
  -0x8000000000000000n,
];
const F32_EDGES = [
  0, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7fa00000, 0xffc00001, 0x00000001,
  0x807fffff, 0x7f7fffff, 0x4f000000, 0xcf000000, 0x5f000000, 0x3effffff, 0x3f000000, 0x3fc00000, 0x40200000,
];
const F64_EDGES = [
  0n,
  0x8000000000000000n,
  0x3ff0000000000000n,
  0xbff0000000000000n,
  0x7ff0000000000000n,
  0xfff0000000000000n,
  0x7ff8000000000000n,
  0x7ff4000000000000n,
  0xfff8000000000001n,
  1n,
  0x800fffffffffffffn,
  0x7fefffffffffffffn,
  0x41e0000000000000n,
  0xc1e0000000000000n,
  0x43e0000000000000n,
  0x3fe0000000000000n,
  0x3fdfffffffffffffn,
  0x3ff8000000000000n,
  0x4004000000000000n,
  0x41dfffffffc00000n,
];

const INT_UNARY: Record<'i32' | 'i64', readonly string[]> = {
  i32: ['clz', 'ctz', 'popcnt', 'extend8_s', 'extend16_s'],
  i64: ['clz', 'ctz', 'popcnt', 'extend8_s', 'extend16_s', 'extend32_s'],
};
const INT_BINARY = ['add', 'sub', 'mul', 'and', 'or', 'xor', 'shl', 'shr_s', 'shr_u', 'rotl', 'rotr'];
const INT_TRAPPING = ['div_s', 'div_u', 'rem_s', 'rem_u'];
const INT_COMPARE = ['eq', 'ne', 'lt_s', 'lt_u', 'gt_s', 'gt_u', 'le_s', 'le_u', 'ge_s', 'ge_u'];
const FLOAT_UNARY = ['abs', 'neg', 'sqrt', 'ceil', 'floor', 'trunc', 'nearest'];
const FLOAT_BINARY = ['add', 'sub', 'mul', 'div', 'min', 'max'];
const FLOAT_COMPARE = ['eq', 'ne', 'lt', 'gt', 'le', 'ge'];

/** Non-trapping conversions into each type: [mnemonic, operand type]. */
const CONVERSIONS: Record<NumType, readonly (readonly [string, NumType])[]> = {
  i32: [
    ['i32.wrap_i64', 'i64'],
    ['i32.trunc_sat_f32_s', 'f32'],
    ['i32.trunc_sat_f32_u', 'f32'],
    ['i32.trunc_sat_f64_s', 'f64'],
    ['i32.trunc_sat_f64_u', 'f64'],
  ],
  i64: [
    ['i64.extend_i32_s', 'i32'],
    ['i64.extend_i32_u', 'i32'],
    ['i64.trunc_sat_f32_s', 'f32'],
    ['i64.trunc_sat_f32_u', 'f32'],
    ['i64.trunc_sat_f64_s', 'f64'],
    ['i64.trunc_sat_f64_u', 'f64'],
  ],
  f32: [
    ['f32.convert_i32_s', 'i32'],
    ['f32.convert_i32_u', 'i32'],
    ['f32.convert_i64_s', 'i64'],
    ['f32.convert_i64_u', 'i64'],
    ['f32.demote_f64', 'f64'],
  ],
  f64: [
    ['f64.convert_i32_s', 'i32'],
    ['f64.convert_i32_u', 'i32'],
    ['f64.convert_i64_s', 'i64'],
    ['f64.convert_i64_u', 'i64'],
    ['f64.promote_f32', 'f32'],
  ],
};
const TRAPPING_TRUNC: Record<'i32' | 'i64', readonly (readonly [string, 'f32' | 'f64'])[]> = {
  i32: [
    ['i32.trunc_f32_s', 'f32'],
    ['i32.trunc_f32_u', 'f32'],
    ['i32.trunc_f64_s', 'f64'],
    ['i32.trunc_f64_u', 'f64'],
  ],
  i64: [
    ['i64.trunc_f32_s', 'f32'],
    ['i64.trunc_f32_u', 'f32'],
    ['i64.trunc_f64_s', 'f64'],
    ['i64.trunc_f64_u', 'f64'],
  ],
};
const REINTERPRET: Record<NumType, readonly [string, NumType]> = {
  i32: ['i32.reinterpret_f32', 'f32'],
  i64: ['i64.reinterpret_f64', 'f64'],
  f32: ['f32.reinterpret_i32', 'i32'],
  f64: ['f64.reinterpret_i64', 'i64'],
};
/** Loads into each type: [mnemonic, width in bytes]. */
const LOADS: Record<NumType, readonly (readonly [string, number])[]> = {
  i32: [
    ['i32.load', 4],
    ['i32.load8_s', 1],
    ['i32.load8_u', 1],
    ['i32.load16_s', 2],
    ['i32.load16_u', 2],
  ],
  i64: [
    ['i64.load', 8],
    ['i64.load8_s', 1],
    ['i64.load8_u', 1],
    ['i64.load16_s', 2],
    ['i64.load16_u', 2],
    ['i64.load32_s', 4],
    ['i64.load32_u', 4],
  ],
  f32: [['f32.load', 4]],
  f64: [['f64.load', 8]],
};
/** Stores: [mnemonic, value type, width in bytes]. */
const STORES: readonly (readonly [string, NumType, number])[] = [
  ['i32.store', 'i32', 4],
  ['i32.store8', 'i32', 1],
  ['i32.store16', 'i32', 2],
  ['i64.store', 'i64', 8],
  ['i64.store8', 'i64', 1],
  ['i64.store16', 'i64', 2],
  ['i64.store32', 'i64', 4],
  ['f32.store', 'f32', 4],
  ['f64.store', 'f64', 8],
];

const MAX_PAGES = 4;
const PAGE = 65536;

/** A branch target as the generator sees it. */
interface Label {
  readonly kind: 'func' | 'block' | 'loop' | 'if';
  /** The types a branch to this label carries: a loop's params, else the results. */
  readonly types: readonly NumType[];
  /** For a loop: the local index of its iteration counter. */
  readonly counter: number;
}

/** A function under construction. */
interface FuncCtx {
  readonly index: number;
  readonly sig: Sig;
  readonly isMain: boolean;
  /** Types of every local, params first. */
  readonly localTypes: NumType[];
  /**
   * Per local: whether it only ever holds values with deterministic bits (so that reading it is exact). A
   * float value with engine-chosen NaN bits is canonicalised before it is written to such a local.
   */
  readonly exactOnly: boolean[];
  /** Locals that only loop machinery writes. */
  readonly reserved: Set<number>;
  readonly labels: Label[];
  readonly out: string[];
  /** Expression nodes left to spend in this function. */
  nodes: number;
}

const sameTypes = (a: readonly NumType[], b: readonly NumType[]): boolean =>
  a.length === b.length && a.every((t, i) => t === b[i]);

/** Builds one module from a seed. */
class ModuleGen {
  private readonly r: Rng;
  private readonly size: number;
  readonly hasImport: boolean;
  private readonly budget: number;
  /** Signatures of the defined functions; the last is `main`. */
  private readonly sigs: Sig[] = [];
  private readonly globals: { type: NumType; mutable: boolean; init: string; exactOnly: boolean }[] = [];
  /**
   * Per function type and param: whether callers canonicalise the argument (so the param is exact-only). Keyed
   * by the structural type, since `call_indirect` may reach any function of an equal type.
   */
  private readonly paramExact = new Map<string, boolean[]>();
  private readonly tableSize: number;
  private fn!: FuncCtx;

  constructor(seed: number, options: GeneratorOptions) {
    this.r = new Rng(seed ^ 0x5eed1234);
    this.size = Math.max(1, Math.min(10, Math.floor(options.size ?? 5)));
    this.hasImport = options.withImport ?? this.r.chance(0.5);
    this.budget = options.callBudget ?? 24;
    const nFuncs = 1 + this.r.int(2 + Math.ceil(this.size / 2));
    for (let i = 0; i < nFuncs; i++) this.sigs.push(this.sig(3, 3));
    this.sigs.push(this.sig(4, 3)); // main
    for (const sg of this.sigs) {
      if (!this.paramExact.has(sigKey(sg)))
        this.paramExact.set(
          sigKey(sg),
          sg.params.map(() => this.r.chance(0.5)),
        );
    }
    const nGlobals = 1 + this.r.int(2 + Math.ceil(this.size / 3));
    for (let i = 0; i < nGlobals; i++) {
      const type = this.r.pick(TYPES);
      this.globals.push({
        type,
        mutable: this.r.chance(0.85),
        init: this.constant(type).join(' '),
        exactOnly: this.r.chance(0.5),
      });
    }
    // The defined functions but main, then the import (if any), then null slots.
    this.tableSize = nFuncs + 3;
  }

  private sig(maxParams: number, maxResults: number): Sig {
    const params = Array.from({ length: this.r.int(maxParams + 1) }, () => this.r.pick(TYPES));
    const results = Array.from({ length: this.r.int(maxResults + 1) }, () => this.r.pick(TYPES));
    return { params, results };
  }

  build(): { wat: string; main: Sig; globals: Program['globals'] } {
    const parts: string[] = ['(module'];
    this.sigs.forEach((s, i) => parts.push(`  (type $sig${i} (func${paramList(s.params)}${resultList(s.results)}))`));
    if (this.hasImport) {
      parts.push(`  (import "${HOST_IMPORT.module}" "${HOST_IMPORT.name}" (func $mix (param i32 i64) (result i32)))`);
    }
    parts.push(`  (memory $mem (export "mem") 1 ${MAX_PAGES})`);
    parts.push(`  (table $tab ${this.tableSize} funcref)`);
    const callees = this.sigs.slice(0, -1).map((_, i) => `$f${i}`);
    if (this.hasImport) {
      callees.push('$mix');
      parts.push('  (type $mixSig (func (param i32 i64) (result i32)))');
    }
    parts.push(`  (elem (i32.const 0) func ${callees.join(' ')})`);
    this.globals.forEach((g, i) => {
      const t = g.mutable ? `(mut ${g.type})` : g.type;
      parts.push(`  (global $g${i} (export "g${i}") ${t} (${g.init}))`);
    });
    parts.push(`  (global $budget (export "budget") (mut i32) (i32.const 0))`);
    // Active data: one segment near the start, sometimes one across a 4 KiB boundary or at the very end.
    parts.push(`  (data (i32.const ${this.r.int(256)}) "${this.bytes(1 + this.r.int(48))}")`);
    if (this.r.chance(0.5)) {
      const n = 1 + this.r.int(32);
      const at = this.r.chance(0.5) ? 4096 * (1 + this.r.int(15)) - this.r.int(n) : PAGE - n;
      parts.push(`  (data (i32.const ${at}) "${this.bytes(n)}")`);
    }
    parts.push(`  (data $passive "${this.bytes(44 + this.r.int(64))}")`);
    this.sigs.forEach((s, i) => parts.push(this.func(i, s)));
    parts.push(')');
    const globals = this.globals.map((g, i) => ({ name: `g${i}`, type: g.type, mutable: g.mutable }));
    globals.push({ name: 'budget', type: 'i32', mutable: true });
    return { wat: parts.join('\n'), main: this.sigs[this.sigs.length - 1]!, globals };
  }

  private bytes(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += `\\${this.r.int(256).toString(16).padStart(2, '0')}`;
    return s;
  }

  // ---- functions ----

  private func(index: number, sig: Sig): string {
    const isMain = index === this.sigs.length - 1;
    const ctx: FuncCtx = {
      index,
      sig,
      isMain,
      localTypes: [...sig.params],
      reserved: new Set(),
      labels: [],
      out: [],
      // The entry's arguments come from the host, never NaN: exact.
      exactOnly: sig.params.map((_, i) => isMain || this.paramExact.get(sigKey(sig))![i]!),
      nodes: 30 + this.size * 25,
    };
    this.fn = ctx;
    const declared = this.r.int(4);
    for (let i = 0; i < declared; i++) this.newLocal(this.r.pick(TYPES));
    ctx.labels.push({ kind: 'func', types: sig.results, counter: -1 });
    if (isMain) this.emit(`i32.const ${this.budget}`, `global.set $budget`);
    const stmts = 1 + this.r.int(2 + this.size);
    for (let i = 0; i < stmts; i++) this.stmt(this.maxDepth());
    for (const t of sig.results) this.expr(t, this.maxDepth());
    ctx.labels.pop();
    const name = isMain ? '$main' : `$f${index}`;
    const exp = isMain ? ' (export "main")' : ` (export "f${index}")`;
    const locals = ctx.localTypes.slice(sig.params.length);
    const localDecl = locals.length > 0 ? `\n    (local ${locals.join(' ')})` : '';
    return `  (func ${name}${exp} (type $sig${index})${localDecl}\n${ctx.out.join('\n')})`;
  }

  private maxDepth(): number {
    return 2 + Math.min(4, Math.floor(this.size / 2));
  }

  private emit(...instrs: string[]): void {
    const pad = `    ${'  '.repeat(Math.max(0, this.fn.labels.length - 1))}`;
    for (const s of instrs) this.fn.out.push(pad + s);
  }

  /** A new local of type `t`, exact-only or not (by default, at random). */
  private newLocal(t: NumType, exactOnly = this.r.chance(0.5)): number {
    this.fn.localTypes.push(t);
    this.fn.exactOnly.push(exactOnly);
    return this.fn.localTypes.length - 1;
  }

  /** A local of type `t` that code may write: an existing one or, sometimes, a new one. */
  private writableLocal(t: NumType, exactOnly?: boolean): number {
    const candidates: number[] = [];
    this.fn.localTypes.forEach((lt, i) => {
      if (lt === t && !this.fn.reserved.has(i) && (exactOnly === undefined || this.fn.exactOnly[i] === exactOnly)) {
        candidates.push(i);
      }
    });
    if (candidates.length === 0 || (this.fn.localTypes.length < 24 && this.r.chance(0.25))) {
      return this.newLocal(t, exactOnly);
    }
    return this.r.pick(candidates);
  }

  /**
   * Pops the value on top (type `t`; `exact` tells whether its bits are deterministic) into a writable local
   * with `local.set`, or copies it there with `local.tee`.
   * @returns the local and whether the value now on top (for `local.tee`) is exact
   */
  private setLocal(t: NumType, exact: boolean, op: 'local.set' | 'local.tee'): { local: number; exact: boolean } {
    const local = this.writableLocal(t);
    if (isFloat(t) && this.fn.exactOnly[local] && !exact) {
      this.canonicalize(t);
      exact = true;
    }
    this.emit(`${op} ${local}`);
    return { local, exact };
  }

  /** Whether reading local `i` gives deterministic bits. */
  private isExactLocal(i: number): boolean {
    return !isFloat(this.fn.localTypes[i]!) || this.fn.exactOnly[i]!;
  }

  /** Pops values of `types` (the last on top, bits not known to be exact) into locals or drops them. */
  private consume(types: readonly NumType[]): void {
    for (let i = types.length - 1; i >= 0; i--) {
      if (this.r.chance(0.6)) this.setLocal(types[i]!, false, 'local.set');
      else this.emit('drop');
    }
  }

  /**
   * With `types` on the stack (the last on top, bits not known to be exact), leaves exactly one value of type
   * `t`; returns whether that value's bits are exact.
   */
  private reduce(types: readonly NumType[], t: NumType, depth: number): boolean {
    if (types.length === 1 && types[0] === t) return !isFloat(t);
    if (types.length > 0 && types[0] === t && this.r.chance(0.5)) {
      this.consume(types.slice(1));
      return !isFloat(t);
    }
    let kept = -1;
    for (let i = types.length - 1; i >= 0; i--) {
      const { local } = this.setLocal(types[i]!, false, 'local.set');
      if (types[i] === t && kept < 0) kept = local;
    }
    if (kept < 0) return this.expr(t, depth);
    this.emit(`local.get ${kept}`);
    return this.isExactLocal(kept);
  }

  /** Canonicalises the NaN on top of the stack (type `t`, a float) so that its bits are deterministic. */
  private canonicalize(t: 'f32' | 'f64'): void {
    const s = this.writableLocal(t, false);
    this.emit(`local.tee ${s}`, `${t}.const nan`, `local.get ${s}`, `local.get ${s}`, `${t}.eq`, 'select');
  }

  /** Canonicalises the value on top (type `t`) unless its bits are already exact. */
  private makeExact(t: NumType, exact: boolean): void {
    if (isFloat(t) && !exact) this.canonicalize(t);
  }

  /** The loop guard: pushes `counter > 0` and decrements the counter. */
  private guard(counter: number): void {
    this.emit(
      `local.get ${counter}`,
      'i32.const 0',
      'i32.gt_s',
      `local.get ${counter}`,
      'i32.const 1',
      'i32.sub',
      `local.set ${counter}`,
    );
  }

  /** Pushes `budget > 0` and takes one unit of the call budget. */
  private callGuard(): void {
    this.emit(
      'global.get $budget',
      'i32.const 0',
      'i32.gt_s',
      'global.get $budget',
      'i32.const 1',
      'i32.sub',
      'global.set $budget',
    );
  }

  private constant(t: NumType): string[] {
    const r = this.r;
    switch (t) {
      case 'i32':
        return [`i32.const ${r.chance(0.6) ? r.pick(I32_EDGES) : r.chance(0.5) ? r.int(100) - 50 : r.u32() | 0}`];
      case 'i64':
        return [
          `i64.const ${
            r.chance(0.6) ? r.pick(I64_EDGES) : r.chance(0.5) ? BigInt(r.int(100) - 50) : BigInt.asIntN(64, r.u64())
          }`,
        ];
      case 'f32': {
        const bits = r.chance(0.5) ? r.pick(F32_EDGES) : r.chance(0.5) ? r.u32() : smallFloatBits32(r);
        return [`f32.const ${f32Literal(bits)}`];
      }
      case 'f64': {
        const bits = r.chance(0.5) ? r.pick(F64_EDGES) : r.chance(0.5) ? r.u64() : smallFloatBits64(r);
        return [`f64.const ${f64Literal(bits)}`];
      }
    }
  }

  /** Pushes a local, a global or a constant of type `t`; returns whether its bits are exact. */
  private leaf(t: NumType): boolean {
    const r = this.r;
    const k = r.next();
    const locals: number[] = [];
    this.fn.localTypes.forEach((lt, i) => {
      if (lt === t) locals.push(i);
    });
    const globals: number[] = [];
    this.globals.forEach((g, i) => {
      if (g.type === t) globals.push(i);
    });
    if (k < 0.45 && locals.length > 0) {
      const l = r.pick(locals);
      this.emit(`local.get ${l}`);
      return this.isExactLocal(l);
    }
    if (k < 0.6 && globals.length > 0) {
      const g = r.pick(globals);
      this.emit(`global.get $g${g}`);
      return !isFloat(t) || this.globals[g]!.exactOnly;
    }
    this.emit(...this.constant(t));
    return true;
  }

  /**
   * Pushes an i32 address for an access of `span` bytes (its width plus the static offset): mostly in the
   * first page, sometimes at a chunk or page edge, past the end, or anything at all.
   */
  private address(depth: number, span: number): void {
    const r = this.r;
    const k = r.next();
    if (k < 0.6) this.emit(`i32.const ${r.chance(0.5) ? r.int(512) : r.int(Math.max(1, PAGE - span - 8))}`);
    else if (k < 0.62) {
      this.emit(
        `i32.const ${r.pick([
          0,
          4096 - span + 1,
          4095,
          8192 - 1,
          PAGE - span - 8,
          PAGE - span,
          PAGE - span + 1,
          PAGE,
          2 * PAGE - span,
          3 * PAGE + 5,
          MAX_PAGES * PAGE - span,
          -1,
        ])}`,
      );
    } else if (k < 0.995) {
      this.expr('i32', depth);
      const masks = [0xff, 0xfff, 0x7ff8, 0xfff0].filter((m) => m + span <= PAGE);
      this.emit(`i32.const ${masks.length > 0 ? r.pick(masks) : 0}`, 'i32.and');
    } else this.expr('i32', depth);
  }

  /** A memarg of an access of `width` bytes: its text and its static offset. */
  private memarg(width: number): { text: string; offset: number } {
    const r = this.r;
    const offset = r.chance(0.7) ? 0 : r.chance(0.995) ? r.pick([1, 3, 8, 4093]) : PAGE;
    const align = 1 << r.int(Math.log2(width) + 1);
    const text = `${offset > 0 ? ` offset=${offset}` : ''}${align !== width || r.chance(0.5) ? ` align=${align}` : ''}`;
    return { text, offset };
  }

  // ---- expressions: each pushes exactly one value of its type (or ends reachability) ----

  /**
   * Pushes one value of type `t`.
   * @returns whether the value's bits are deterministic across engines (always for integers; for floats,
   * unless it may be a NaN whose bits the engine chose)
   */
  private expr(t: NumType, depth: number): boolean {
    const fn = this.fn;
    if (depth <= 0 || fn.nodes <= 0 || this.r.chance(0.2)) return this.leaf(t);
    fn.nodes--;
    const d = depth - 1;
    const int = !isFloat(t);
    const structured = fn.labels.length < 7 ? 1 : 0;
    const kind = this.r.weighted({
      unary: 6,
      binary: 14,
      trapping: int ? 1 : 0,
      compare: t === 'i32' ? 6 : 0,
      convert: 6,
      truncTrap: int ? 1 : 0,
      reinterpret: 3,
      load: 8,
      select: 3,
      tee: 3,
      memsize: t === 'i32' ? 1 : 0,
      memgrow: t === 'i32' ? 1 : 0,
      host: t === 'i32' && this.hasImport ? 2 : 0,
      copysign: int ? 0 : 1,
      block: 2 * structured,
      if: 2 * structured,
      loop: 2 * structured,
      call: 3,
      callIndirect: 2,
      br: 1,
      brIf: 2,
      brTable: 1,
      ret: 0.3,
      unreachable: 0.05,
    });
    switch (kind) {
      case 'unary': {
        if (int) {
          this.expr(t, d);
          if (this.r.chance(0.15)) {
            this.emit(`${t}.eqz`);
            if (t === 'i64') this.emit('i64.extend_i32_u');
          } else this.emit(`${t}.${this.r.pick(INT_UNARY[t as 'i32' | 'i64'])}`);
          return true;
        }
        const exact = this.expr(t, d);
        const op = this.r.pick(FLOAT_UNARY);
        this.emit(`${t}.${op}`);
        // abs and neg only touch the sign bit: a NaN keeps its payload.
        return exact && (op === 'abs' || op === 'neg');
      }
      case 'binary':
        this.expr(t, d);
        this.expr(t, d);
        this.emit(`${t}.${this.r.pick(int ? INT_BINARY : FLOAT_BINARY)}`);
        return int;
      case 'trapping':
        this.expr(t, d);
        if (this.r.chance(0.6)) this.emit(...this.constant(t));
        else this.expr(t, d);
        this.emit(`${t}.${this.r.pick(INT_TRAPPING)}`);
        return true;
      case 'copysign': {
        const exact = this.expr(t, d);
        this.makeExact(t, this.expr(t, d));
        this.emit(`${t}.copysign`);
        return exact;
      }
      case 'compare': {
        const u = this.r.pick(TYPES);
        this.expr(u, d);
        this.expr(u, d);
        this.emit(`${u}.${this.r.pick(isFloat(u) ? FLOAT_COMPARE : INT_COMPARE)}`);
        return true;
      }
      case 'convert': {
        const [op, from] = this.r.pick(CONVERSIONS[t]);
        this.expr(from, d);
        this.emit(op);
        // From an integer, never a NaN; promote and demote may choose a NaN's bits.
        return int || !isFloat(from);
      }
      case 'truncTrap': {
        const [op, from] = this.r.pick(TRAPPING_TRUNC[t as 'i32' | 'i64']);
        this.expr(from, d);
        if (this.r.chance(0.75)) {
          // Mostly keep the operand in range, so that the conversion itself is exercised more than its trap.
          const lim = op.endsWith('_u') ? ['-0.5', '4000000.5'] : ['-2000000.5', '2000000.5'];
          this.emit(`${from}.const ${lim[0]}`, `${from}.max`, `${from}.const ${lim[1]}`, `${from}.min`);
        }
        this.emit(op);
        return true;
      }
      case 'reinterpret': {
        const [op, from] = REINTERPRET[t];
        this.makeExact(from, this.expr(from, d));
        this.emit(op);
        return true;
      }
      case 'load': {
        const [op, width] = this.r.pick(LOADS[t]);
        const m = this.memarg(width);
        this.address(d, width + m.offset);
        this.emit(`${op}${m.text}`);
        return true;
      }
      case 'select': {
        const a = this.expr(t, d);
        const b = this.expr(t, d);
        this.expr('i32', d);
        this.emit(this.r.chance(0.5) ? 'select' : `select (result ${t})`);
        return a && b;
      }
      case 'tee':
        return this.setLocal(t, this.expr(t, d), 'local.tee').exact;
      case 'memsize':
        this.emit('memory.size');
        return true;
      case 'memgrow':
        if (this.r.chance(0.7)) this.emit(`i32.const ${this.r.pick([0, 0, 1, 1, 2, 5, 65536, -1])}`);
        else this.expr('i32', d);
        this.emit('memory.grow');
        return true;
      case 'host':
        this.expr('i32', d);
        this.expr('i64', d);
        // Directly or through the table: a host call suspended inside call_indirect resumes past it too.
        if (this.r.chance(0.7)) this.emit('call $mix');
        else this.emit(`i32.const ${this.sigs.length - 1}`, 'call_indirect $tab (type $mixSig)');
        return true;
      case 'block':
      case 'if':
      case 'loop': {
        const params = this.someTypes(2);
        const results = [t, ...this.someTypes(2)];
        this.structured(kind, params, results, d);
        return this.reduce(results, t, d);
      }
      case 'call':
      case 'callIndirect':
        return this.reduce(this.call(kind === 'callIndirect', d), t, d);
      case 'br':
        return this.branch(t, d);
      case 'brIf':
        return this.reduce(this.branchIf(d), t, d);
      case 'brTable':
        this.branchTable(d);
        return true;
      case 'ret':
        for (const rt of fn.sig.results) this.expr(rt, d);
        this.emit('return');
        return true;
      case 'unreachable':
        this.emit('unreachable');
        return true;
    }
  }

  private someTypes(max: number): NumType[] {
    return Array.from({ length: this.r.int(max + 1) }, () => this.r.pick(TYPES));
  }

  /** Emits a `block`, `if` or `loop` with `params` and `results`; the params' values are pushed first. */
  private structured(
    kind: 'block' | 'if' | 'loop',
    params: readonly NumType[],
    results: readonly NumType[],
    depth: number,
  ): void {
    const fn = this.fn;
    let counter = -1;
    if (kind === 'loop') {
      counter = this.newLocal('i32');
      fn.reserved.add(counter);
      this.emit(`i32.const ${this.r.int(5)}`, `local.set ${counter}`);
    }
    for (const p of params) this.expr(p, depth);
    if (kind === 'if') this.expr('i32', depth);
    this.emit(`${kind}${paramList(params)}${resultList(results)}`);
    fn.labels.push({ kind, types: kind === 'loop' ? params : results, counter });
    const body = (): void => {
      this.consume(params);
      const n = this.r.int(3);
      for (let i = 0; i < n; i++) this.stmt(depth);
      if (kind === 'loop' && this.r.chance(0.85)) {
        // The back-edge: carry fresh params to the next iteration while the counter lasts.
        for (const p of params) this.expr(p, depth);
        if (this.r.chance(0.5)) {
          this.expr('i32', depth);
          this.guard(counter);
          this.emit('i32.and');
        } else this.guard(counter);
        this.emit('br_if 0');
        this.consume(params);
        if (this.r.chance(0.5)) this.stmt(depth);
      }
      for (const rt of results) this.expr(rt, depth);
    };
    body();
    if (kind === 'if' && this.r.chance(0.8)) {
      this.emit('else');
      body();
    } else if (kind === 'if' && !sameTypes(params, results)) {
      // Without an else, the params must equal the results: generate the else arm anyway.
      this.emit('else');
      body();
    }
    fn.labels.pop();
    this.emit('end');
  }

  /** Emits a guarded call; returns the callee's result types (pushed; defaults when the budget is spent). */
  private call(indirect: boolean, depth: number): readonly NumType[] {
    const callee = this.r.int(this.sigs.length - 1);
    const sig = this.sigs[callee]!;
    this.callGuard();
    this.emit(`if${resultList(sig.results)}`);
    this.fn.labels.push({ kind: 'if', types: sig.results, counter: -1 });
    sig.params.forEach((p, i) => {
      const exact = this.expr(p, depth);
      if (this.paramExact.get(sigKey(sig))![i]) this.makeExact(p, exact);
    });
    if (indirect) {
      // Mostly the callee's own slot; sometimes any slot, a null slot, or past the end (traps).
      const k = this.r.next();
      if (k < 0.9) this.emit(`i32.const ${callee}`);
      else if (k < 0.98) this.emit(`i32.const ${this.r.int(this.tableSize + 1)}`);
      else this.expr('i32', depth);
      this.emit(`call_indirect $tab (type $sig${callee})`);
    } else this.emit(`call $f${callee}`);
    this.emit('else');
    for (const rt of sig.results) this.emit(...this.constant(rt));
    this.fn.labels.pop();
    this.emit('end');
    return sig.results;
  }

  /** Pushes the values a branch to `label` carries. */
  private labelValues(label: Label, depth: number): void {
    for (const t of label.types) this.expr(t, depth);
  }

  private pickLabel(): { label: Label; depth: number } {
    const labels = this.fn.labels;
    const i = this.r.int(labels.length);
    return { label: labels[i]!, depth: labels.length - 1 - i };
  }

  /**
   * An unconditional branch; to a loop, a guarded one followed by a fresh value of type `t`.
   * @returns whether the value of type `t` (if reachable) is exact
   */
  private branch(t: NumType, depth: number): boolean {
    const { label, depth: l } = this.pickLabel();
    this.labelValues(label, depth);
    if (label.kind === 'loop') {
      this.guard(label.counter);
      this.emit(`br_if ${l}`);
      this.consume(label.types);
      return this.expr(t, depth);
    }
    this.emit(`br ${l}`);
    return true;
  }

  /** A conditional branch; returns the label's types, which stay on the stack. */
  private branchIf(depth: number): readonly NumType[] {
    const { label, depth: l } = this.pickLabel();
    this.labelValues(label, depth);
    this.expr('i32', depth);
    if (label.kind === 'loop') {
      this.guard(label.counter);
      this.emit('i32.and');
    }
    this.emit(`br_if ${l}`);
    return label.types;
  }

  /** A `br_table` over labels of equal types, with at most one loop among them (guarded) and a non-loop default. */
  private branchTable(depth: number): void {
    const labels = this.fn.labels;
    const defaults = labels.map((lb, i) => ({ lb, i })).filter((x) => x.lb.kind !== 'loop');
    const def = this.r.pick(defaults);
    const same = labels.map((lb, i) => ({ lb, i })).filter((x) => sameTypes(x.lb.types, def.lb.types));
    const loops = same.filter((x) => x.lb.kind === 'loop');
    const loop = loops.length > 0 && this.r.chance(0.5) ? this.r.pick(loops) : null;
    const pool = same.filter((x) => x.lb.kind !== 'loop' || x === loop);
    const n = this.r.int(4);
    const targets = Array.from({ length: n }, () => labels.length - 1 - this.r.pick(pool).i);
    this.labelValues(def.lb, depth);
    if (this.r.chance(0.7)) this.emit(`i32.const ${this.r.int(n + 2)}`);
    else this.expr('i32', depth);
    if (loop !== null) {
      // Past its counter, the loop is not taken: the index falls to the default.
      this.emit('i32.const -1');
      this.guard(loop.lb.counter);
      this.emit('select');
    }
    this.emit(`br_table ${[...targets, labels.length - 1 - def.i].join(' ')}`);
  }

  // ---- statements: each leaves the stack as it found it ----

  private stmt(depth: number): void {
    const fn = this.fn;
    if (fn.nodes <= 0) {
      this.emit('nop');
      return;
    }
    fn.nodes--;
    const d = Math.max(0, depth - 1);
    const structured = fn.labels.length < 7 ? 1 : 0;
    const mutable = this.globals.map((g, i) => ({ g, i })).filter((x) => x.g.mutable);
    const kind = this.r.weighted({
      localSet: 5,
      globalSet: mutable.length > 0 ? 3 : 0,
      store: 6,
      fill: 1,
      copy: 1,
      init: 0.7,
      dataDrop: 0.03,
      drop: 2,
      brIf: 1.5,
      block: 1.5 * structured,
      if: 1.5 * structured,
      loop: 1.5 * structured,
      call: 2,
    });
    switch (kind) {
      case 'localSet': {
        const t = this.r.pick(TYPES);
        this.setLocal(t, this.expr(t, d), 'local.set');
        return;
      }
      case 'globalSet': {
        const { g, i } = this.r.pick(mutable);
        const exact = this.expr(g.type, d);
        if (g.exactOnly) this.makeExact(g.type, exact);
        this.emit(`global.set $g${i}`);
        return;
      }
      case 'store': {
        const [op, t, width] = this.r.pick(STORES);
        const m = this.memarg(width);
        this.address(d, width + m.offset);
        // Memory shows every bit: store only values whose bits are deterministic.
        this.makeExact(t, this.expr(t, d));
        this.emit(`${op}${m.text}`);
        return;
      }
      case 'fill':
        this.address(d, 200);
        this.expr('i32', d);
        this.emit(`i32.const ${this.r.chance(0.95) ? this.r.int(200) : this.r.pick([4097, PAGE])}`, 'memory.fill');
        return;
      case 'copy':
        this.address(d, 200);
        this.address(d, 200);
        this.emit(`i32.const ${this.r.chance(0.95) ? this.r.int(200) : this.r.pick([4097, PAGE])}`, 'memory.copy');
        return;
      case 'init':
        this.address(d, 20);
        this.emit(`i32.const ${this.r.int(24)}`, `i32.const ${this.r.int(20)}`, 'memory.init $passive');
        return;
      case 'dataDrop':
        this.emit('data.drop $passive');
        return;
      case 'drop': {
        const t = this.r.pick(TYPES);
        this.expr(t, d);
        this.emit('drop');
        return;
      }
      case 'brIf':
        this.consume(this.branchIf(d));
        return;
      case 'block':
      case 'if':
      case 'loop': {
        const params = this.someTypes(2);
        const results = this.someTypes(2);
        this.structured(kind, params, results, d);
        this.consume(results);
        return;
      }
      case 'call':
        this.consume(this.call(this.r.chance(0.4), d));
        return;
    }
  }
}

function sigKey(s: Sig): string {
  return `${s.params.join(',')}>${s.results.join(',')}`;
}

function isFloat(t: NumType): t is 'f32' | 'f64' {
  return t === 'f32' || t === 'f64';
}

function smallFloatBits32(r: Rng): number {
  f32View[0] = (r.int(2001) - 1000) / (1 << r.int(6));
  return u32View[0]!;
}

function smallFloatBits64(r: Rng): bigint {
  f64View[0] = (r.int(200001) - 100000) / 2 ** r.int(12);
  return u64View[0]!;
}

function paramList(ts: readonly NumType[]): string {
  return ts.length > 0 ? ` (param ${ts.join(' ')})` : '';
}

function resultList(ts: readonly NumType[]): string {
  return ts.length > 0 ? ` (result ${ts.join(' ')})` : '';
}

/** A random argument of type `t`: edge values and random bits, never NaN. */
function argument(r: Rng, t: NumType): WasmValue {
  switch (t) {
    case 'i32':
      return i32(r.chance(0.4) ? r.pick(I32_EDGES) : r.u32());
    case 'i64':
      return i64(r.chance(0.4) ? r.pick(I64_EDGES) : r.u64());
    case 'f32': {
      let bits = r.chance(0.4) ? r.pick(F32_EDGES) : r.chance(0.5) ? r.u32() : smallFloatBits32(r);
      if ((bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0) bits = 0x40490fdb;
      return f32Bits(bits);
    }
    case 'f64': {
      let bits = r.chance(0.4) ? r.pick(F64_EDGES) : r.chance(0.5) ? r.u64() : smallFloatBits64(r);
      if ((bits & 0x7ff0000000000000n) === 0x7ff0000000000000n && (bits & 0xfffffffffffffn) !== 0n) {
        bits = 0x400921fb54442d18n;
      }
      return f64Bits(bits);
    }
  }
}

/**
 * Generates a program from a seed: the module text, the entry's signature and argument lists.
 * @param seed any integer; equal seeds and options give equal programs
 * @param options size and import choice
 * @returns the program
 * @example const p = generateProgram(42, { size: 3 }); const bytes = await parse(p.wat);
 */
export function generateProgram(seed: number, options: GeneratorOptions = {}): Program {
  const g = new ModuleGen(seed, options);
  const { wat, main, globals } = g.build();
  const r = new Rng(seed ^ 0x0a5a5a5a);
  const nArgs = 3;
  const args = Array.from({ length: nArgs }, () => main.params.map((t) => argument(r, t)));
  return {
    seed,
    size: Math.max(1, Math.min(10, Math.floor(options.size ?? 5))),
    wat,
    main,
    args,
    globals,
    hasImport: g.hasImport,
  };
}

/**
 * A fast-check arbitrary of programs: a seed and a size (shrinking goes towards smaller sizes and seed 0).
 * @param options sizes to draw from, and generator options
 * @returns an arbitrary of programs
 */
export function programArbitrary(
  options: { minSize?: number; maxSize?: number } & Omit<GeneratorOptions, 'size'> = {},
): fc.Arbitrary<Program> {
  return fc
    .record({
      seed: fc.integer({ min: 0, max: 0x7fffffff }),
      size: fc.integer({ min: options.minSize ?? 1, max: options.maxSize ?? 8 }),
    })
    .map(({ seed, size }) => generateProgram(seed, { ...options, size }));
}
