/**
 * The helper functions generated code calls by name (`names.ts` lists the names): i64 division (`i64-div.ts`),
 * the interpreter's own float and conversion semantics, and the trapping i32 divisions, so that both tiers compute and trap alike.
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
import { divS64, divU64, HI, remS64, remU64 } from './i64-div.js';
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

/** Every helper under the name generated code uses. */
export const HELPERS: Record<(typeof HELPER_NAMES)[number], unknown> = {
  divS64,
  divU64,
  remS64,
  remU64,
  HI,
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
};
