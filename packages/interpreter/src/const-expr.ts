/**
 * Constant expressions (global initialisers, segment offsets and element initialisers): validated once at
 * compile time into a small plain form, evaluated at instantiation.
 * @module
 */
import { BinaryReader } from './binary-reader.js';
import { CompileError } from './errors.js';
import { Op, PREFIX_FD } from './opcodes.js';
import { ValType, type ConstExpr, type GlobalType } from './types.js';

/** A validated constant expression: one value-producing instruction. */
export type ConstSpec =
  | { readonly kind: 'value'; readonly lo: number; readonly hi: number; readonly type: number }
  | { readonly kind: 'v128'; readonly words: readonly number[] }
  | { readonly kind: 'null'; readonly type: number }
  | { readonly kind: 'func'; readonly funcIdx: number }
  | { readonly kind: 'global'; readonly globalIdx: number; readonly type: number };

/** What a constant expression may refer to. */
export interface ConstContext {
  readonly bytes: Uint8Array;
  /** Globals visible to constant expressions (in 2.0: the imported ones). */
  readonly globals: readonly GlobalType[];
  readonly funcCount: number;
}

/**
 * Validates a constant expression of the expected type.
 * @throws CompileError "constant expression required", "type mismatch", "unknown global", "unknown function"
 */
export function validateConstExpr(ctx: ConstContext, expr: ConstExpr, expected: number): ConstSpec {
  const r = new BinaryReader(ctx.bytes, expr.start, expr.end);
  const specs: ConstSpec[] = [];
  const types: number[] = [];
  for (;;) {
    const at = r.pos;
    const op = r.u8();
    if (op === Op.End) {
      if (r.pos !== expr.end) throw new CompileError('constant expression required', at);
      break;
    }
    let spec: ConstSpec;
    let type: number;
    switch (op) {
      case Op.I32Const:
        spec = { kind: 'value', lo: r.s32(), hi: 0, type: ValType.I32 };
        type = ValType.I32;
        break;
      case Op.I64Const: {
        const v = r.s64();
        spec = { kind: 'value', lo: Number(BigInt.asIntN(32, v)), hi: Number(BigInt.asIntN(32, v >> 32n)), type: ValType.I64 };
        type = ValType.I64;
        break;
      }
      case Op.F32Const:
        spec = { kind: 'value', lo: r.f32Bits() | 0, hi: 0, type: ValType.F32 };
        type = ValType.F32;
        break;
      case Op.F64Const: {
        const v = r.f64Bits();
        spec = { kind: 'value', lo: Number(BigInt.asIntN(32, v)), hi: Number(BigInt.asIntN(32, v >> 32n)), type: ValType.F64 };
        type = ValType.F64;
        break;
      }
      case Op.RefNull: {
        const t = r.u8();
        if (t !== ValType.FuncRef && t !== ValType.ExternRef && t !== ValType.ExnRef) {
          throw new CompileError('malformed reference type', at + 1);
        }
        spec = { kind: 'null', type: t };
        type = t;
        break;
      }
      case Op.RefFunc: {
        const fi = r.u32();
        if (fi >= ctx.funcCount) throw new CompileError(`unknown function ${fi}`, at);
        spec = { kind: 'func', funcIdx: fi };
        type = ValType.FuncRef;
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
  if (specs.length !== 1 || types[0] !== expected) throw new CompileError('type mismatch', expr.start);
  return specs[0]!;
}
