/**
 * Constant expressions (global initialisers, segment offsets and element initialisers): validated once at
 * compile time into a small plain form, evaluated at instantiation.
 * @module
 */
import { BinaryReader } from './binary-reader.js';
import { unpacked } from './compile-gc.js';
import { CompileError } from './errors.js';
import { CompKind, HeapCode, isNullable, refType, type SubTypeDecl, valSubtype } from './heap-types.js';
import { Op, PREFIX_FD } from './opcodes.js';
import { checkValType, isDefaultable, readHeapType } from './type-section.js';
import { type ConstExpr, type GlobalType, ValType } from './types.js';

/** A validated constant expression: one value-producing instruction, or (extended constant expressions) a
 * postfix program of such instructions and integer `add`/`sub`/`mul`. */
export type ConstSpec =
  | { readonly kind: 'value'; readonly lo: number; readonly hi: number; readonly type: number }
  | { readonly kind: 'v128'; readonly words: readonly number[] }
  | { readonly kind: 'null'; readonly type: number }
  | { readonly kind: 'func'; readonly funcIdx: number }
  | { readonly kind: 'global'; readonly globalIdx: number; readonly type: number }
  | { readonly kind: 'arith'; readonly steps: readonly ConstStep[] };

/**
 * A GC step of a constant expression program: `struct.new`, `struct.new_default`, `array.new`,
 * `array.new_default`, `array.new_fixed` (`op` the `0xfb` sub-opcode, `typeId` the canonical type id, `n` the
 * fixed length), `ref.i31`, `any.convert_extern`, `extern.convert_any`.
 */
export interface ConstGcStep {
  readonly kind: 'gc';
  readonly op: number;
  readonly typeId: number;
  readonly n: number;
}

/** One step of an extended constant expression: push an operand, or apply an integer operator to the top two. */
export type ConstStep = ConstSpec | ConstGcStep | { readonly kind: 'op'; readonly op: ConstArithOp };

/** The integer operators extended constant expressions allow (their opcodes). */
export type ConstArithOp = 0x6a | 0x6b | 0x6c | 0x7c | 0x7d | 0x7e;

/**
 * Applies an extended-constant operator to two operands given as (lo, hi) words; returns the result's words.
 * i32 operators ignore the high words.
 */
export function applyConstOp(
  op: ConstArithOp,
  a: readonly [number, number],
  b: readonly [number, number],
): [number, number] {
  if (op === 0x6a) return [(a[0] + b[0]) | 0, 0];
  if (op === 0x6b) return [(a[0] - b[0]) | 0, 0];
  if (op === 0x6c) return [Math.imul(a[0], b[0]), 0];
  const x = (BigInt(a[1]) << 32n) | BigInt(a[0] >>> 0);
  const y = (BigInt(b[1]) << 32n) | BigInt(b[0] >>> 0);
  const r = BigInt.asIntN(64, op === 0x7c ? x + y : op === 0x7d ? x - y : x * y);
  return [Number(BigInt.asIntN(32, r)), Number(BigInt.asIntN(32, r >> 32n))];
}

/** What a constant expression may refer to. */
export interface ConstContext {
  readonly bytes: Uint8Array;
  /** Globals visible to constant expressions (in 2.0: the imported ones). */
  readonly globals: readonly GlobalType[];
  readonly funcCount: number;
  /** Type index of every function (typed references: `ref.func` is `(ref $t)`); absent: `funcref`. */
  readonly funcTypes?: readonly number[];
  /** Canonical id of every type index, for subtyping; absent: no type indices. */
  readonly typeIds?: readonly number[];
  /** Every type as declared (GC: struct and array fields); absent: no GC constants. */
  readonly subTypes?: readonly SubTypeDecl[];
}

/** Validates one GC constant instruction (after `0xfb`) on the operand types `types`; returns its step and type. */
function gcConst(ctx: ConstContext, r: BinaryReader, at: number, types: number[]): [ConstGcStep, number] {
  const sub = r.u32();
  const ids = ctx.typeIds ?? [];
  const pop = (t: number): number => {
    const got = types.pop();
    if (got === undefined || !valSubtype(got, t, ids)) throw new CompileError('type mismatch', at);
    return got;
  };
  if (sub === 28 || sub === 26 || sub === 27) {
    let out: number;
    if (sub === 28) {
      pop(ValType.I32);
      out = refType(false, HeapCode.I31);
    } else {
      const from = sub === 26 ? HeapCode.Extern : HeapCode.Any;
      const t = pop(refType(true, from));
      out = refType(isNullable(t), sub === 26 ? HeapCode.Any : HeapCode.Extern);
    }
    return [{ kind: 'gc', op: sub, typeId: -1, n: 0 }, out];
  }
  if (sub > 8 || (sub > 1 && sub < 6)) throw new CompileError('constant expression required', at);
  const ti = r.u32();
  const d = ctx.subTypes?.[ti];
  if (d === undefined) throw new CompileError(`unknown type ${ti}`, at);
  const isStruct = sub <= 1;
  if (d.kind !== (isStruct ? CompKind.Struct : CompKind.Array)) throw new CompileError('type mismatch', at);
  const field = (i: number): number => unpacked(d.params[2 * i + 1]!);
  let n = 0;
  if (sub === 8) {
    n = r.u32();
    for (let i = 0; i < n; i++) pop(field(0));
  } else if (isStruct) {
    const count = d.params.length / 2;
    for (let i = count - 1; i >= 0; i--) {
      if (sub === 0) pop(field(i));
      else if (!isDefaultable(d.params[2 * i + 1]!)) throw new CompileError('type mismatch', at);
    }
  } else {
    pop(ValType.I32);
    if (sub === 6) pop(field(0));
    else if (!isDefaultable(d.params[1]!)) throw new CompileError('type mismatch', at);
  }
  return [{ kind: 'gc', op: sub, typeId: ids[ti]!, n }, refType(false, 0x100 + ti)];
}

/**
 * Validates a constant expression of the expected type.
 * @throws CompileError "constant expression required", "type mismatch", "unknown global", "unknown function"
 */
export function validateConstExpr(ctx: ConstContext, expr: ConstExpr, expected: number): ConstSpec {
  if (expected === ValType.I32) {
    // The common form (segment offsets, i32 globals) without a reader or arrays; anything else below.
    const spec = i32ConstOnly(ctx.bytes, expr);
    if (spec !== null) return spec;
  }
  const r = new BinaryReader(ctx.bytes, expr.start, expr.end);
  const specs: ConstStep[] = [];
  const types: number[] = [];
  let arith = false;
  for (;;) {
    const at = r.pos;
    const op = r.u8();
    if (op === Op.End) {
      if (r.pos !== expr.end) throw new CompileError('constant expression required', at);
      break;
    }
    let spec: ConstStep;
    let type: number;
    switch (op) {
      case Op.I32Add:
      case Op.I32Sub:
      case Op.I32Mul:
      case Op.I64Add:
      case Op.I64Sub:
      case Op.I64Mul: {
        const t = op <= Op.I32Mul ? ValType.I32 : ValType.I64;
        const n = types.length;
        if (n < 2 || types[n - 1] !== t || types[n - 2] !== t) throw new CompileError('type mismatch', at);
        types.length = n - 2;
        spec = { kind: 'op', op: op as ConstArithOp };
        type = t;
        arith = true;
        break;
      }
      case Op.I32Const:
        spec = { kind: 'value', lo: r.s32(), hi: 0, type: ValType.I32 };
        type = ValType.I32;
        break;
      case Op.I64Const: {
        const v = r.s64();
        spec = {
          kind: 'value',
          lo: Number(BigInt.asIntN(32, v)),
          hi: Number(BigInt.asIntN(32, v >> 32n)),
          type: ValType.I64,
        };
        type = ValType.I64;
        break;
      }
      case Op.F32Const:
        spec = { kind: 'value', lo: r.f32Bits() | 0, hi: 0, type: ValType.F32 };
        type = ValType.F32;
        break;
      case Op.F64Const: {
        const v = r.f64Bits();
        spec = {
          kind: 'value',
          lo: Number(BigInt.asIntN(32, v)),
          hi: Number(BigInt.asIntN(32, v >> 32n)),
          type: ValType.F64,
        };
        type = ValType.F64;
        break;
      }
      case Op.RefNull: {
        const t = refType(true, readHeapType(r));
        checkValType(t, ctx.typeIds?.length ?? 0, at);
        spec = { kind: 'null', type: t };
        type = t;
        break;
      }
      case Op.RefFunc: {
        const fi = r.u32();
        if (fi >= ctx.funcCount) throw new CompileError(`unknown function ${fi}`, at);
        spec = { kind: 'func', funcIdx: fi };
        type = ctx.funcTypes === undefined ? ValType.FuncRef : refType(false, 0x100 + ctx.funcTypes[fi]!);
        break;
      }
      case Op.GlobalGet: {
        const gi = r.u32();
        const g = ctx.globals[gi];
        if (g === undefined) throw new CompileError(`unknown global ${gi}`, at);
        if (g.mutable) throw new CompileError('constant expression required', at);
        spec = { kind: 'global', globalIdx: gi, type: g.valType };
        type = g.valType;
        break;
      }
      case 0xfb: {
        const [step, t] = gcConst(ctx, r, at, types);
        specs.push(step);
        types.push(t);
        arith = true;
        continue;
      }
      case PREFIX_FD: {
        const sub = r.u32();
        if (sub !== 12) throw new CompileError('constant expression required', at);
        const words: number[] = [];
        for (let i = 0; i < 4; i++) words.push(r.f32Bits() | 0);
        spec = { kind: 'v128', words };
        type = ValType.V128;
        break;
      }
      default:
        throw new CompileError('constant expression required', at);
    }
    specs.push(spec);
    types.push(type);
  }
  if (types.length !== 1 || !valSubtype(types[0]!, expected, ctx.typeIds ?? [])) {
    throw new CompileError('type mismatch', expr.start);
  }
  return arith ? { kind: 'arith', steps: specs } : (specs[0] as ConstSpec);
}

/**
 * `i32.const n; end` with `n` in at most four bytes and `end` as the expression's last byte: its value, as the
 * general path makes it. Null for any other expression (the general path then decides).
 */
function i32ConstOnly(bytes: Uint8Array, expr: ConstExpr): ConstSpec | null {
  const end = expr.end;
  let p = expr.start;
  if (bytes[p] !== Op.I32Const) return null;
  p++;
  let v = 0;
  for (let shift = 0; shift < 28; shift += 7) {
    if (p >= end) return null;
    const b = bytes[p++]!;
    v |= (b & 0x7f) << shift;
    if (b < 0x80) {
      if (p !== end - 1 || bytes[p] !== Op.End) return null;
      const unused = 32 - shift - 7;
      return { kind: 'value', lo: (v << unused) >> unused, hi: 0, type: ValType.I32 };
    }
  }
  return null;
}
