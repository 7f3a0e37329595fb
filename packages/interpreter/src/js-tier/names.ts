/**
 * The fixed identifiers of generated code. Every name in a translated function's source is one of these, or a
 * letter followed by a number: nothing in generated source comes from the module as text.
 * @module
 */
import { ValType } from '../types.js';

/** The operand-stack temporary of type `t` at height `h` (the low word for i64). */
export function sv(t: number, h: number): string {
  switch (t) {
    case ValType.I32:
      return `a${h}`;
    case ValType.I64:
      return `b${h}`;
    case ValType.F32:
      return `e${h}`;
    default:
      return `d${h}`;
  }
}

/** The high word of the i64 temporary at height `h`. */
export function hv(h: number): string {
  return `c${h}`;
}

/** Local `i` (the low word for i64). */
export function lv(i: number): string {
  return `l${i}`;
}

/** The high word of i64 local `i`. */
export function lhv(i: number): string {
  return `m${i}`;
}

/** The f32 value (a JS number) of the bits in `x`. */
export function fv(x: string): string {
  return `(WI[0] = ${x}, WF[0])`;
}

/** The f32 bits of the JS number `x`, rounded to f32. */
export function fb(x: string): string {
  return `(WF[0] = ${x}, WI[0])`;
}

/** A JS literal for a number (integers and doubles; -0 kept). */
export function num(x: number): string {
  if (Object.is(x, -0)) return '(-0)';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '(-Infinity)';
  return x < 0 ? `(${String(x)})` : String(x);
}

/** Helpers that generated code names (the runtime hands them in under these names). */
export const HELPER_NAMES = [
  'divS64',
  'divU64',
  'remS64',
  'remU64',
  'HI',
  'f32Nearest',
  'f64Nearest',
  'f64Ceil',
  'f64Floor',
  'f64Trunc',
  'f32Ceil',
  'f32Floor',
  'f32Trunc',
  'f64Min',
  'f64Max',
  'f32Min',
  'f32Max',
  'i32TruncF32S',
  'i32TruncF32U',
  'i32TruncF64S',
  'i32TruncF64U',
  'i32TruncSatF32S',
  'i32TruncSatF32U',
  'i32TruncSatF64S',
  'i32TruncSatF64U',
  'i64TruncF32S',
  'i64TruncF32U',
  'i64TruncF64S',
  'i64TruncF64U',
  'i64TruncSatF32S',
  'i64TruncSatF32U',
  'i64TruncSatF64S',
  'i64TruncSatF64U',
  'f64ConvertI64S',
  'f64ConvertI64U',
  'f32ConvertI64S',
  'f32ConvertI64U',
  'divS',
  'divU',
  'remS',
  'remU',
  'popcnt',
] as const;
