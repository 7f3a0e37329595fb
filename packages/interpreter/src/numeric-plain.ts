/**
 * The numeric instructions in their plain stack form: operands popped from the value stack, the result pushed.
 * The fused copy of a function (`fuse.ts`) runs their register forms instead, so these run only in the plain
 * code (single steps, a frame resumed inside a fused group) and for the few ops without a register form; they
 * live outside the dispatch loop to keep it small enough for V8's optimizing compiler.
 * @module
 */
import { RuntimeError, TrapCode } from './errors.js';
import {
  f32ConvertI64S, f32ConvertI64U, f64ConvertI64S, f64ConvertI64U, i32TruncF32S, i32TruncF32U, i32TruncF64S,
  i32TruncF64U, i32TruncSatF32S, i32TruncSatF32U, i32TruncSatF64S, i32TruncSatF64U, i64TruncF32S, i64TruncF32U,
  i64TruncF64S, i64TruncF64U, i64TruncSatF32S, i64TruncSatF32U, i64TruncSatF64S, i64TruncSatF64U,
} from './numeric-convert.js';
import { f32Max, f32Min, f32Nearest, f64Max, f64Min, f64Nearest } from './numeric-float.js';
import {
  i64Add, i64And, i64Clz, i64Ctz, i64DivS, i64DivU, i64Eq, i64Eqz, i64Extend8S,i64Extend16S, i64Extend32S, 
  i64GeS, i64GeU, i64GtS, i64GtU, i64LeS, i64LeU, i64LtS, i64LtU, i64Mul, i64Ne, i64Or, i64Popcnt, i64RemS,
  i64RemU, i64Rotl, i64Rotr, i64Shl, i64ShrS, i64ShrU, i64Sub, i64Xor,
} from './numeric-i64.js';

/**
 * Executes one plain numeric op (WebAssembly opcodes 0x45…0xc4, and the saturating truncations at
 * `IOp.TruncSatBase`) on the stack top.
 * @param op the internal opcode
 * @param s32 the value stack as words (`f32`, `f64`: the same buffer)
 * @param sp the stack pointer in slots
 * @returns the stack pointer after the op
 * @throws RuntimeError on a trap (division by zero, overflow, invalid conversion)
 */
export function executeNumeric(op: number, s32: Int32Array, f32: Float32Array, f64: Float64Array, sp: number): number {
  // Literal case labels, as in the dispatch loop (V8 builds a jump table from them).
  switch (op) {
    // i32 comparisons.
    case 0x45: /* Op.I32Eqz */ {
      const w = (sp - 1) << 1;
      s32[w] = s32[w] === 0 ? 1 : 0;
      break;
    }
    case 0x46: /* Op.I32Eq */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w] === s32[w + 2] ? 1 : 0; break; }
    case 0x47: /* Op.I32Ne */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w] !== s32[w + 2] ? 1 : 0; break; }
    case 0x48: /* Op.I32LtS */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w]! < s32[w + 2]! ? 1 : 0; break; }
    case 0x49: /* Op.I32LtU */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w]! >>> 0 < s32[w + 2]! >>> 0 ? 1 : 0; break; }
    case 0x4a: /* Op.I32GtS */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w]! > s32[w + 2]! ? 1 : 0; break; }
    case 0x4b: /* Op.I32GtU */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w]! >>> 0 > s32[w + 2]! >>> 0 ? 1 : 0; break; }
    case 0x4c: /* Op.I32LeS */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w]! <= s32[w + 2]! ? 1 : 0; break; }
    case 0x4d: /* Op.I32LeU */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w]! >>> 0 <= s32[w + 2]! >>> 0 ? 1 : 0; break; }
    case 0x4e: /* Op.I32GeS */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w]! >= s32[w + 2]! ? 1 : 0; break; }
    case 0x4f: /* Op.I32GeU */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w]! >>> 0 >= s32[w + 2]! >>> 0 ? 1 : 0; break; }

    // i64 comparisons.
    case 0x50: /* Op.I64Eqz */ { const w = (sp - 1) << 1; s32[w] = i64Eqz(s32, w) ? 1 : 0; s32[w + 1] = 0; break; }
    case 0x51: /* Op.I64Eq */ { sp--; const w = (sp - 1) << 1; s32[w] = i64Eq(s32, w, w + 2) ? 1 : 0; s32[w + 1] = 0; break; }
    case 0x52: /* Op.I64Ne */ { sp--; const w = (sp - 1) << 1; s32[w] = i64Ne(s32, w, w + 2) ? 1 : 0; s32[w + 1] = 0; break; }
    case 0x53: /* Op.I64LtS */ { sp--; const w = (sp - 1) << 1; s32[w] = i64LtS(s32, w, w + 2) ? 1 : 0; s32[w + 1] = 0; break; }
    case 0x54: /* Op.I64LtU */ { sp--; const w = (sp - 1) << 1; s32[w] = i64LtU(s32, w, w + 2) ? 1 : 0; s32[w + 1] = 0; break; }
    case 0x55: /* Op.I64GtS */ { sp--; const w = (sp - 1) << 1; s32[w] = i64GtS(s32, w, w + 2) ? 1 : 0; s32[w + 1] = 0; break; }
    case 0x56: /* Op.I64GtU */ { sp--; const w = (sp - 1) << 1; s32[w] = i64GtU(s32, w, w + 2) ? 1 : 0; s32[w + 1] = 0; break; }
    case 0x57: /* Op.I64LeS */ { sp--; const w = (sp - 1) << 1; s32[w] = i64LeS(s32, w, w + 2) ? 1 : 0; s32[w + 1] = 0; break; }
    case 0x58: /* Op.I64LeU */ { sp--; const w = (sp - 1) << 1; s32[w] = i64LeU(s32, w, w + 2) ? 1 : 0; s32[w + 1] = 0; break; }
    case 0x59: /* Op.I64GeS */ { sp--; const w = (sp - 1) << 1; s32[w] = i64GeS(s32, w, w + 2) ? 1 : 0; s32[w + 1] = 0; break; }
    case 0x5a: /* Op.I64GeU */ { sp--; const w = (sp - 1) << 1; s32[w] = i64GeU(s32, w, w + 2) ? 1 : 0; s32[w + 1] = 0; break; }

    // f32 / f64 comparisons.
    case 0x5b: /* Op.F32Eq */ { sp--; const w = (sp - 1) << 1; s32[w] = f32[w] === f32[w + 2] ? 1 : 0; break; }
    case 0x5c: /* Op.F32Ne */ { sp--; const w = (sp - 1) << 1; s32[w] = f32[w] !== f32[w + 2] ? 1 : 0; break; }
    case 0x5d: /* Op.F32Lt */ { sp--; const w = (sp - 1) << 1; s32[w] = f32[w]! < f32[w + 2]! ? 1 : 0; break; }
    case 0x5e: /* Op.F32Gt */ { sp--; const w = (sp - 1) << 1; s32[w] = f32[w]! > f32[w + 2]! ? 1 : 0; break; }
    case 0x5f: /* Op.F32Le */ { sp--; const w = (sp - 1) << 1; s32[w] = f32[w]! <= f32[w + 2]! ? 1 : 0; break; }
    case 0x60: /* Op.F32Ge */ { sp--; const w = (sp - 1) << 1; s32[w] = f32[w]! >= f32[w + 2]! ? 1 : 0; break; }
    case 0x61: /* Op.F64Eq */ { sp--; const r = f64[sp - 1] === f64[sp] ? 1 : 0; s32[(sp - 1) << 1] = r; s32[((sp - 1) << 1) + 1] = 0; break; }
    case 0x62: /* Op.F64Ne */ { sp--; const r = f64[sp - 1] !== f64[sp] ? 1 : 0; s32[(sp - 1) << 1] = r; s32[((sp - 1) << 1) + 1] = 0; break; }
    case 0x63: /* Op.F64Lt */ { sp--; const r = f64[sp - 1]! < f64[sp]! ? 1 : 0; s32[(sp - 1) << 1] = r; s32[((sp - 1) << 1) + 1] = 0; break; }
    case 0x64: /* Op.F64Gt */ { sp--; const r = f64[sp - 1]! > f64[sp]! ? 1 : 0; s32[(sp - 1) << 1] = r; s32[((sp - 1) << 1) + 1] = 0; break; }
    case 0x65: /* Op.F64Le */ { sp--; const r = f64[sp - 1]! <= f64[sp]! ? 1 : 0; s32[(sp - 1) << 1] = r; s32[((sp - 1) << 1) + 1] = 0; break; }
    case 0x66: /* Op.F64Ge */ { sp--; const r = f64[sp - 1]! >= f64[sp]! ? 1 : 0; s32[(sp - 1) << 1] = r; s32[((sp - 1) << 1) + 1] = 0; break; }

    // i32 arithmetic.
    case 0x67: /* Op.I32Clz */ { const w = (sp - 1) << 1; s32[w] = Math.clz32(s32[w]!); break; }
    case 0x68: /* Op.I32Ctz */ {
      const w = (sp - 1) << 1;
      const v = s32[w]!;
      s32[w] = v === 0 ? 32 : 31 - Math.clz32(v & -v);
      break;
    }
    case 0x69: /* Op.I32Popcnt */ {
      const w = (sp - 1) << 1;
      let v = s32[w]!;
      v = v - ((v >>> 1) & 0x55555555);
      v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
      s32[w] = (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
      break;
    }
    case 0x6a: /* Op.I32Add */ { sp--; const w = (sp - 1) << 1; s32[w] = (s32[w]! + s32[w + 2]!) | 0; break; }
    case 0x6b: /* Op.I32Sub */ { sp--; const w = (sp - 1) << 1; s32[w] = (s32[w]! - s32[w + 2]!) | 0; break; }
    case 0x6c: /* Op.I32Mul */ { sp--; const w = (sp - 1) << 1; s32[w] = Math.imul(s32[w]!, s32[w + 2]!); break; }
    case 0x6d: /* Op.I32DivS */ {
      sp--;
      const w = (sp - 1) << 1;
      const a = s32[w]!;
      const b = s32[w + 2]!;
      if (b === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero);
      if (a === -2147483648 && b === -1) throw new RuntimeError(TrapCode.IntegerOverflow);
      s32[w] = (a / b) | 0;
      break;
    }
    case 0x6e: /* Op.I32DivU */ {
      sp--;
      const w = (sp - 1) << 1;
      const b = s32[w + 2]! >>> 0;
      if (b === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero);
      s32[w] = ((s32[w]! >>> 0) / b) | 0;
      break;
    }
    case 0x6f: /* Op.I32RemS */ {
      sp--;
      const w = (sp - 1) << 1;
      const b = s32[w + 2]!;
      if (b === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero);
      s32[w] = (s32[w]! % b) | 0;
      break;
    }
    case 0x70: /* Op.I32RemU */ {
      sp--;
      const w = (sp - 1) << 1;
      const b = s32[w + 2]! >>> 0;
      if (b === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero);
      s32[w] = ((s32[w]! >>> 0) % b) | 0;
      break;
    }
    case 0x71: /* Op.I32And */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w]! & s32[w + 2]!; break; }
    case 0x72: /* Op.I32Or */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w]! | s32[w + 2]!; break; }
    case 0x73: /* Op.I32Xor */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w]! ^ s32[w + 2]!; break; }
    case 0x74: /* Op.I32Shl */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w]! << s32[w + 2]!; break; }
    case 0x75: /* Op.I32ShrS */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w]! >> s32[w + 2]!; break; }
    case 0x76: /* Op.I32ShrU */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w]! >>> s32[w + 2]!; break; }
    case 0x77: /* Op.I32Rotl */ {
      sp--;
      const w = (sp - 1) << 1;
      const v = s32[w]!;
      const k = s32[w + 2]! & 31;
      s32[w] = (v << k) | (v >>> (32 - k));
      break;
    }
    case 0x78: /* Op.I32Rotr */ {
      sp--;
      const w = (sp - 1) << 1;
      const v = s32[w]!;
      const k = s32[w + 2]! & 31;
      s32[w] = (v >>> k) | (v << (32 - k));
      break;
    }

    // i64 arithmetic.
    case 0x79: /* Op.I64Clz */ { const w = (sp - 1) << 1; i64Clz(s32, w, w); break; }
    case 0x7a: /* Op.I64Ctz */ { const w = (sp - 1) << 1; i64Ctz(s32, w, w); break; }
    case 0x7b: /* Op.I64Popcnt */ { const w = (sp - 1) << 1; i64Popcnt(s32, w, w); break; }
    case 0x7c: /* Op.I64Add */ { sp--; const w = (sp - 1) << 1; i64Add(s32, w, w, w + 2); break; }
    case 0x7d: /* Op.I64Sub */ { sp--; const w = (sp - 1) << 1; i64Sub(s32, w, w, w + 2); break; }
    case 0x7e: /* Op.I64Mul */ { sp--; const w = (sp - 1) << 1; i64Mul(s32, w, w, w + 2); break; }
    case 0x7f: /* Op.I64DivS */ { sp--; const w = (sp - 1) << 1; i64DivS(s32, w, w, w + 2); break; }
    case 0x80: /* Op.I64DivU */ { sp--; const w = (sp - 1) << 1; i64DivU(s32, w, w, w + 2); break; }
    case 0x81: /* Op.I64RemS */ { sp--; const w = (sp - 1) << 1; i64RemS(s32, w, w, w + 2); break; }
    case 0x82: /* Op.I64RemU */ { sp--; const w = (sp - 1) << 1; i64RemU(s32, w, w, w + 2); break; }
    case 0x83: /* Op.I64And */ { sp--; const w = (sp - 1) << 1; i64And(s32, w, w, w + 2); break; }
    case 0x84: /* Op.I64Or */ { sp--; const w = (sp - 1) << 1; i64Or(s32, w, w, w + 2); break; }
    case 0x85: /* Op.I64Xor */ { sp--; const w = (sp - 1) << 1; i64Xor(s32, w, w, w + 2); break; }
    case 0x86: /* Op.I64Shl */ { sp--; const w = (sp - 1) << 1; i64Shl(s32, w, w, w + 2); break; }
    case 0x87: /* Op.I64ShrS */ { sp--; const w = (sp - 1) << 1; i64ShrS(s32, w, w, w + 2); break; }
    case 0x88: /* Op.I64ShrU */ { sp--; const w = (sp - 1) << 1; i64ShrU(s32, w, w, w + 2); break; }
    case 0x89: /* Op.I64Rotl */ { sp--; const w = (sp - 1) << 1; i64Rotl(s32, w, w, w + 2); break; }
    case 0x8a: /* Op.I64Rotr */ { sp--; const w = (sp - 1) << 1; i64Rotr(s32, w, w, w + 2); break; }

    // f32 arithmetic (sign operations on bits: NaN payloads survive).
    case 0x8b: /* Op.F32Abs */ { const w = (sp - 1) << 1; s32[w] = s32[w]! & 0x7fffffff; break; }
    case 0x8c: /* Op.F32Neg */ { const w = (sp - 1) << 1; s32[w] = s32[w]! ^ -0x80000000; break; }
    case 0x8d: /* Op.F32Ceil */ { const w = (sp - 1) << 1; f32[w] = Math.ceil(f32[w]!); break; }
    case 0x8e: /* Op.F32Floor */ { const w = (sp - 1) << 1; f32[w] = Math.floor(f32[w]!); break; }
    case 0x8f: /* Op.F32Trunc */ { const w = (sp - 1) << 1; f32[w] = Math.trunc(f32[w]!); break; }
    case 0x90: /* Op.F32Nearest */ { const w = (sp - 1) << 1; f32[w] = f32Nearest(f32[w]!); break; }
    case 0x91: /* Op.F32Sqrt */ { const w = (sp - 1) << 1; f32[w] = Math.sqrt(f32[w]!); break; }
    case 0x92: /* Op.F32Add */ { sp--; const w = (sp - 1) << 1; f32[w] = f32[w]! + f32[w + 2]!; break; }
    case 0x93: /* Op.F32Sub */ { sp--; const w = (sp - 1) << 1; f32[w] = f32[w]! - f32[w + 2]!; break; }
    case 0x94: /* Op.F32Mul */ { sp--; const w = (sp - 1) << 1; f32[w] = f32[w]! * f32[w + 2]!; break; }
    case 0x95: /* Op.F32Div */ { sp--; const w = (sp - 1) << 1; f32[w] = f32[w]! / f32[w + 2]!; break; }
    case 0x96: /* Op.F32Min */ { sp--; const w = (sp - 1) << 1; f32[w] = f32Min(f32[w]!, f32[w + 2]!); break; }
    case 0x97: /* Op.F32Max */ { sp--; const w = (sp - 1) << 1; f32[w] = f32Max(f32[w]!, f32[w + 2]!); break; }
    case 0x98: /* Op.F32Copysign */ {
      sp--;
      const w = (sp - 1) << 1;
      s32[w] = (s32[w]! & 0x7fffffff) | (s32[w + 2]! & -0x80000000);
      break;
    }

    // f64 arithmetic.
    case 0x99: /* Op.F64Abs */ { const w = ((sp - 1) << 1) + 1; s32[w] = s32[w]! & 0x7fffffff; break; }
    case 0x9a: /* Op.F64Neg */ { const w = ((sp - 1) << 1) + 1; s32[w] = s32[w]! ^ -0x80000000; break; }
    case 0x9b: /* Op.F64Ceil */ { const v = f64[sp - 1]!; f64[sp - 1] = v === v ? Math.ceil(v) : v + v; break; }
    case 0x9c: /* Op.F64Floor */ { const v = f64[sp - 1]!; f64[sp - 1] = v === v ? Math.floor(v) : v + v; break; }
    case 0x9d: /* Op.F64Trunc */ { const v = f64[sp - 1]!; f64[sp - 1] = v === v ? Math.trunc(v) : v + v; break; }
    case 0x9e: /* Op.F64Nearest */ f64[sp - 1] = f64Nearest(f64[sp - 1]!); break;
    case 0x9f: /* Op.F64Sqrt */ f64[sp - 1] = Math.sqrt(f64[sp - 1]!); break;
    case 0xa0: /* Op.F64Add */ sp--; f64[sp - 1] = f64[sp - 1]! + f64[sp]!; break;
    case 0xa1: /* Op.F64Sub */ sp--; f64[sp - 1] = f64[sp - 1]! - f64[sp]!; break;
    case 0xa2: /* Op.F64Mul */ sp--; f64[sp - 1] = f64[sp - 1]! * f64[sp]!; break;
    case 0xa3: /* Op.F64Div */ sp--; f64[sp - 1] = f64[sp - 1]! / f64[sp]!; break;
    case 0xa4: /* Op.F64Min */ sp--; f64[sp - 1] = f64Min(f64[sp - 1]!, f64[sp]!); break;
    case 0xa5: /* Op.F64Max */ sp--; f64[sp - 1] = f64Max(f64[sp - 1]!, f64[sp]!); break;
    case 0xa6: /* Op.F64Copysign */ {
      sp--;
      const w = ((sp - 1) << 1) + 1;
      s32[w] = (s32[w]! & 0x7fffffff) | (s32[w + 2]! & -0x80000000);
      break;
    }

    // Conversions.
    case 0xa7: /* Op.I32WrapI64 */ { s32[((sp - 1) << 1) + 1] = 0; break; }
    case 0xa8: /* Op.I32TruncF32S */ { const w = (sp - 1) << 1; s32[w] = i32TruncF32S(f32[w]!); break; }
    case 0xa9: /* Op.I32TruncF32U */ { const w = (sp - 1) << 1; s32[w] = i32TruncF32U(f32[w]!); break; }
    case 0xaa: /* Op.I32TruncF64S */ { const w = (sp - 1) << 1; s32[w] = i32TruncF64S(f64[sp - 1]!); s32[w + 1] = 0; break; }
    case 0xab: /* Op.I32TruncF64U */ { const w = (sp - 1) << 1; s32[w] = i32TruncF64U(f64[sp - 1]!); s32[w + 1] = 0; break; }
    case 0xac: /* Op.I64ExtendI32S */ { const w = (sp - 1) << 1; s32[w + 1] = s32[w]! >> 31; break; }
    case 0xad: /* Op.I64ExtendI32U */ { s32[((sp - 1) << 1) + 1] = 0; break; }
    case 0xae: /* Op.I64TruncF32S */ { const w = (sp - 1) << 1; i64TruncF32S(s32, w, f32[w]!); break; }
    case 0xaf: /* Op.I64TruncF32U */ { const w = (sp - 1) << 1; i64TruncF32U(s32, w, f32[w]!); break; }
    case 0xb0: /* Op.I64TruncF64S */ { const w = (sp - 1) << 1; i64TruncF64S(s32, w, f64[sp - 1]!); break; }
    case 0xb1: /* Op.I64TruncF64U */ { const w = (sp - 1) << 1; i64TruncF64U(s32, w, f64[sp - 1]!); break; }
    case 0xb2: /* Op.F32ConvertI32S */ { const w = (sp - 1) << 1; f32[w] = s32[w]!; break; }
    case 0xb3: /* Op.F32ConvertI32U */ { const w = (sp - 1) << 1; f32[w] = s32[w]! >>> 0; break; }
    case 0xb4: /* Op.F32ConvertI64S */ { const w = (sp - 1) << 1; const v = f32ConvertI64S(s32[w]!, s32[w + 1]!); f32[w] = v; s32[w + 1] = 0; break; }
    case 0xb5: /* Op.F32ConvertI64U */ { const w = (sp - 1) << 1; const v = f32ConvertI64U(s32[w]!, s32[w + 1]!); f32[w] = v; s32[w + 1] = 0; break; }
    case 0xb6: /* Op.F32DemoteF64 */ { const w = (sp - 1) << 1; const v = f64[sp - 1]!; f32[w] = v; s32[w + 1] = 0; break; }
    case 0xb7: /* Op.F64ConvertI32S */ { const w = (sp - 1) << 1; f64[sp - 1] = s32[w]!; break; }
    case 0xb8: /* Op.F64ConvertI32U */ { const w = (sp - 1) << 1; f64[sp - 1] = s32[w]! >>> 0; break; }
    case 0xb9: /* Op.F64ConvertI64S */ { const w = (sp - 1) << 1; f64[sp - 1] = f64ConvertI64S(s32[w]!, s32[w + 1]!); break; }
    case 0xba: /* Op.F64ConvertI64U */ { const w = (sp - 1) << 1; f64[sp - 1] = f64ConvertI64U(s32[w]!, s32[w + 1]!); break; }
    case 0xbb: /* Op.F64PromoteF32 */ { const w = (sp - 1) << 1; f64[sp - 1] = f32[w]!; break; }
    case 0xbc: /* Op.I32ReinterpretF32 */
    case 0xbd: /* Op.I64ReinterpretF64 */
    case 0xbe: /* Op.F32ReinterpretI32 */
    case 0xbf: /* Op.F64ReinterpretI64 */
      break;
    case 0xc0: /* Op.I32Extend8S */ { const w = (sp - 1) << 1; s32[w] = (s32[w]! << 24) >> 24; break; }
    case 0xc1: /* Op.I32Extend16S */ { const w = (sp - 1) << 1; s32[w] = (s32[w]! << 16) >> 16; break; }
    case 0xc2: /* Op.I64Extend8S */ { const w = (sp - 1) << 1; i64Extend8S(s32, w, w); break; }
    case 0xc3: /* Op.I64Extend16S */ { const w = (sp - 1) << 1; i64Extend16S(s32, w, w); break; }
    case 0xc4: /* Op.I64Extend32S */ { const w = (sp - 1) << 1; i64Extend32S(s32, w, w); break; }

    // Saturating truncation.
    case 0xe0: /* IOp.TruncSatBase + 0 */ { const w = (sp - 1) << 1; s32[w] = i32TruncSatF32S(f32[w]!); break; }
    case 0xe1: /* IOp.TruncSatBase + 1 */ { const w = (sp - 1) << 1; s32[w] = i32TruncSatF32U(f32[w]!); break; }
    case 0xe2: /* IOp.TruncSatBase + 2 */ { const w = (sp - 1) << 1; s32[w] = i32TruncSatF64S(f64[sp - 1]!); s32[w + 1] = 0; break; }
    case 0xe3: /* IOp.TruncSatBase + 3 */ { const w = (sp - 1) << 1; s32[w] = i32TruncSatF64U(f64[sp - 1]!); s32[w + 1] = 0; break; }
    case 0xe4: /* IOp.TruncSatBase + 4 */ { const w = (sp - 1) << 1; i64TruncSatF32S(s32, w, f32[w]!); break; }
    case 0xe5: /* IOp.TruncSatBase + 5 */ { const w = (sp - 1) << 1; i64TruncSatF32U(s32, w, f32[w]!); break; }
    case 0xe6: /* IOp.TruncSatBase + 6 */ { const w = (sp - 1) << 1; i64TruncSatF64S(s32, w, f64[sp - 1]!); break; }
    case 0xe7: /* IOp.TruncSatBase + 7 */ { const w = (sp - 1) << 1; i64TruncSatF64U(s32, w, f64[sp - 1]!); break; }

    default:
    throw new Error(`internal error: ${op} is not a numeric op`);
  }
  return sp;
}
