/**
 * The helper functions generated code calls by name (`names.ts` lists the names): the interpreter's own i64,
 * float and conversion semantics, and the trapping i32 divisions, so that both tiers compute and trap alike.
 * @module
 */
import { RuntimeError, TrapCode } from '../errors.js';
import {
  f32ConvertI64S,
  f32ConvertI64U,
  f64ConvertI64S,
  f64ConvertI64U,
  i32TruncF32S,
  i32TruncF32U,
  i32TruncF64S,
  i32TruncF64U,
  i32TruncSatF32S,
  i32TruncSatF32U,
  i32TruncSatF64S,
  i32TruncSatF64U,
  i64TruncF32S,
  i64TruncF32U,
  i64TruncF64S,
  i64TruncF64U,
  i64TruncSatF32S,
  i64TruncSatF32U,
  i64TruncSatF64S,
  i64TruncSatF64U,
} from '../numeric-convert.js';
import {
  f32Ceil,
  f32Floor,
  f32Max,
  f32Min,
  f32Nearest,
  f32Trunc,
  f64Ceil,
  f64Floor,
  f64Max,
  f64Min,
  f64Nearest,
  f64Trunc,
} from '../numeric-float.js';
import {
  i64Clz,
  i64Ctz,
  i64DivS,
  i64DivU,
  i64Mul,
  i64Popcnt,
  i64RemS,
  i64RemU,
  i64Rotl,
  i64Rotr,
  i64Shl,
  i64ShrS,
  i64ShrU,
} from '../numeric-i64.js';
import type { HELPER_NAMES } from './names.js';

function divS(a: number, b: number): number {
  if (b === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero);
  if (a === -2147483648 && b === -1) throw new RuntimeError(TrapCode.IntegerOverflow);
  return (a / b) | 0;
}

function divU(a: number, b: number): number {
  if (b === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero);
  return ((a >>> 0) / (b >>> 0)) | 0;
}

function remS(a: number, b: number): number {
  if (b === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero);
  return (a % b) | 0;
}

function remU(a: number, b: number): number {
  if (b === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero);
  return ((a >>> 0) % (b >>> 0)) | 0;
}

function popcnt(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** The high word of the unsigned 64-bit product of two 32-bit words (exact in doubles: 16-bit pieces). */
function mulHi(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const m1 = a1 * b0 + ((a0 * b0) >>> 16);
  const m2 = a0 * b1 + (m1 & 0xffff);
  return (a1 * b1 + Math.floor(m1 / 65536) + Math.floor(m2 / 65536)) | 0;
}

/** Every helper under the name generated code uses. */
export const HELPERS: Record<(typeof HELPER_NAMES)[number], unknown> = {
  i64Mul,
  i64DivS,
  i64DivU,
  i64RemS,
  i64RemU,
  i64Shl,
  i64ShrS,
  i64ShrU,
  i64Rotl,
  i64Rotr,
  i64Clz,
  i64Ctz,
  i64Popcnt,
  f32Nearest,
  f64Nearest,
  f64Ceil,
  f64Floor,
  f64Trunc,
  f32Ceil,
  f32Floor,
  f32Trunc,
  f64Min,
  f64Max,
  f32Min,
  f32Max,
  i32TruncF32S,
  i32TruncF32U,
  i32TruncF64S,
  i32TruncF64U,
  i32TruncSatF32S,
  i32TruncSatF32U,
  i32TruncSatF64S,
  i32TruncSatF64U,
  i64TruncF32S,
  i64TruncF32U,
  i64TruncF64S,
  i64TruncF64U,
  i64TruncSatF32S,
  i64TruncSatF32U,
  i64TruncSatF64S,
  i64TruncSatF64U,
  f64ConvertI64S,
  f64ConvertI64U,
  f32ConvertI64S,
  f32ConvertI64U,
  divS,
  divU,
  remS,
  remU,
  popcnt,
  mulHi,
};
