/**
 * Relaxed SIMD (WebAssembly 3.0). Each instruction's implementation-defined choice is fixed here, the same on
 * every build and node, so that a migrated agent computes the same results:
 *
 * | instruction | choice |
 * |---|---|
 * | `i8x16.relaxed_swizzle` | `i8x16.swizzle` (an index ≥ 16 gives 0) |
 * | `i32x4.relaxed_trunc_f32x4_s/u`, `…_f64x2_s/u_zero` | the saturating `trunc_sat` forms (NaN gives 0) |
 * | `f32x4/f64x2.relaxed_madd`, `relaxed_nmadd` | not fused: `a * b + c` and `-(a * b) + c`, each step rounded |
 * | `i8x16/i16x8/i32x4/i64x2.relaxed_laneselect` | `v128.bitselect` (bit by bit) |
 * | `f32x4/f64x2.relaxed_min`, `relaxed_max` | `min`/`max` (NaN propagates, `-0 < +0`) |
 * | `i16x8.relaxed_q15mulr_s` | `i16x8.q15mulr_sat_s` (saturates) |
 * | `i16x8.relaxed_dot_i8x16_i7x16_s` | both operands signed; each pair's sum wraps to 16 bits |
 * | `i32x4.relaxed_dot_i8x16_i7x16_add_s` | both operands signed; the sum of four products plus `c` wraps |
 *
 * The instructions equal to a deterministic one compile to it; the others to internal sub-opcodes (below 256,
 * unassigned by the binary format) that `simd-exec.ts` runs with the functions here.
 * @module
 */
import { f32x4Add, f32x4Mul, f32x4Neg, f64x2Add, f64x2Mul, f64x2Neg } from './simd-float.js';
import { stack } from './simd-views.js';

/** The relaxed sub-opcodes (`0xfd` prefix). */
export const RELAXED_FIRST = 0x100;
export const RELAXED_LAST = 0x113;

/** Internal sub-opcodes of the relaxed instructions without a deterministic twin. */
export const RelaxedOp = {
  F32x4Madd: 0x9a,
  F32x4Nmadd: 0xa2,
  F64x2Madd: 0xa5,
  F64x2Nmadd: 0xa6,
  I16x8Dot: 0xaf,
  I32x4DotAdd: 0xb0,
} as const;

/**
 * The sub-opcode each relaxed instruction (index `sub - 0x100`) compiles to, and its operand count (v128s; the
 * result is one v128).
 */
export const RELAXED_TARGET: readonly (readonly [number, number])[] = [
  [0x0e, 2], // i8x16.relaxed_swizzle → i8x16.swizzle
  [0xf8, 1], // i32x4.relaxed_trunc_f32x4_s → i32x4.trunc_sat_f32x4_s
  [0xf9, 1], // i32x4.relaxed_trunc_f32x4_u
  [0xfc, 1], // i32x4.relaxed_trunc_f64x2_s_zero → i32x4.trunc_sat_f64x2_s_zero
  [0xfd, 1], // i32x4.relaxed_trunc_f64x2_u_zero
  [RelaxedOp.F32x4Madd, 3],
  [RelaxedOp.F32x4Nmadd, 3],
  [RelaxedOp.F64x2Madd, 3],
  [RelaxedOp.F64x2Nmadd, 3],
  [0x52, 3],
  [0x52, 3],
  [0x52, 3],
  [0x52, 3], // relaxed_laneselect → v128.bitselect
  [0xe8, 2],
  [0xe9, 2],
  [0xf4, 2],
  [0xf5, 2], // relaxed_min/max → min/max
  [0x82, 2], // i16x8.relaxed_q15mulr_s → i16x8.q15mulr_sat_s
  [RelaxedOp.I16x8Dot, 2],
  [RelaxedOp.I32x4DotAdd, 3],
];

/** Value-stack slot change of each internal relaxed sub-opcode. */
export const RELAXED_SLOT_DELTA: readonly (readonly [number, number])[] = [
  [RelaxedOp.F32x4Madd, -4],
  [RelaxedOp.F32x4Nmadd, -4],
  [RelaxedOp.F64x2Madd, -4],
  [RelaxedOp.F64x2Nmadd, -4],
  [RelaxedOp.I16x8Dot, -2],
  [RelaxedOp.I32x4DotAdd, -4],
];

/** `a * b + c` (negated product when `neg`), lanes of f32; `a`, `b`, `c` are word indices, the result in `a`. */
export function f32x4Madd(a: number, b: number, c: number, neg: boolean): void {
  f32x4Mul(a, b);
  if (neg) f32x4Neg(a);
  f32x4Add(a, c);
}

/** `a * b + c` (negated product when `neg`), lanes of f64. */
export function f64x2Madd(a: number, b: number, c: number, neg: boolean): void {
  f64x2Mul(a, b);
  if (neg) f64x2Neg(a);
  f64x2Add(a, c);
}

/** `i16x8.relaxed_dot_i8x16_i7x16_s`: both signed, each pair's sum wraps to 16 bits; result in `a`. */
export function i16x8Dot(a: number, b: number): void {
  const i8 = stack.i8;
  const i16 = stack.i16;
  const pa = a << 2;
  const pb = b << 2;
  for (let i = 0; i < 8; i++) {
    const v = i8[pa + 2 * i]! * i8[pb + 2 * i]! + i8[pa + 2 * i + 1]! * i8[pb + 2 * i + 1]!;
    i16[(a << 1) + i] = v;
  }
}

/** `i32x4.relaxed_dot_i8x16_i7x16_add_s`: both signed, four products per lane plus `c`, wrapping; result in `a`. */
export function i32x4DotAdd(a: number, b: number, c: number): void {
  const i8 = stack.i8;
  const i32 = stack.i32;
  const pa = a << 2;
  const pb = b << 2;
  for (let i = 0; i < 4; i++) {
    let v = 0;
    for (let k = 0; k < 4; k++) v += i8[pa + 4 * i + k]! * i8[pb + 4 * i + k]!;
    i32[a + i] = (v + i32[c + i]!) | 0;
  }
}
