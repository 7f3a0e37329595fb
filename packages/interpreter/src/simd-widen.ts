/**
 * SIMD instructions that change the lane width: narrowing with saturation, extension of the low or high
 * half, extended multiplication of halves and pairwise extended addition. Their result lanes read lanes
 * at other positions, so the operands are first copied to the {@link scratch} area (`a` to words 0–3, `b` to
 * words 4–7) and the result is written over `a` on the value stack ({@link stack}).
 * @module
 */

import { i64Mul } from './numeric-i64.js';
import { scratch, stack, toScratch } from './simd-views.js';

/**
 * `i8x16.narrow_i16x8_s`: the i16 lanes of `a` then of `b`, each clamped to −128…127.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i8x16NarrowI16x8S(a: number, b: number): void {
  toScratch(a, 0);
  toScratch(b, 4);
  const t = scratch.i16;
  const v = stack.i8;
  const x = a << 2;
  for (let i = 0; i < 16; i++) {
    const r = t[i]!;
    v[x + i] = r > 127 ? 127 : r < -128 ? -128 : r;
  }
}

/**
 * `i8x16.narrow_i16x8_u`: the signed i16 lanes of `a` then of `b`, each clamped to 0…255.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i8x16NarrowI16x8U(a: number, b: number): void {
  toScratch(a, 0);
  toScratch(b, 4);
  const t = scratch.i16;
  const c = stack.u8c;
  const x = a << 2;
  for (let i = 0; i < 16; i++) c[x + i] = t[i]!;
}

/**
 * `i16x8.narrow_i32x4_s`: the i32 lanes of `a` then of `b`, each clamped to −32768…32767.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i16x8NarrowI32x4S(a: number, b: number): void {
  toScratch(a, 0);
  toScratch(b, 4);
  const t = scratch.i32;
  const v = stack.i16;
  const x = a << 1;
  for (let i = 0; i < 8; i++) {
    const r = t[i]!;
    v[x + i] = r > 32767 ? 32767 : r < -32768 ? -32768 : r;
  }
}

/**
 * `i16x8.narrow_i32x4_u`: the signed i32 lanes of `a` then of `b`, each clamped to 0…65535.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function i16x8NarrowI32x4U(a: number, b: number): void {
  toScratch(a, 0);
  toScratch(b, 4);
  const t = scratch.i32;
  const v = stack.u16;
  const x = a << 1;
  for (let i = 0; i < 8; i++) {
    const r = t[i]!;
    v[x + i] = r > 65535 ? 65535 : r < 0 ? 0 : r;
  }
}

/**
 * `i16x8.extend_{low,high}_i8x16_s`: eight i8 lanes sign-extended to i16.
 * @param a - word index of the operand (and the result)
 * @param high - 0 for the low half, 8 for the high half (first source lane)
 */
export function i16x8ExtendI8x16S(a: number, high: number): void {
  toScratch(a, 0);
  const t = scratch.i8;
  const v = stack.i16;
  const x = a << 1;
  for (let i = 0; i < 8; i++) v[x + i] = t[high + i]!;
}

/**
 * `i16x8.extend_{low,high}_i8x16_u`: eight i8 lanes zero-extended to i16.
 * @param a - word index of the operand (and the result)
 * @param high - 0 for the low half, 8 for the high half
 */
export function i16x8ExtendI8x16U(a: number, high: number): void {
  toScratch(a, 0);
  const t = scratch.u8;
  const v = stack.i16;
  const x = a << 1;
  for (let i = 0; i < 8; i++) v[x + i] = t[high + i]!;
}

/**
 * `i32x4.extend_{low,high}_i16x8_s`.
 * @param a - word index of the operand (and the result)
 * @param high - 0 for the low half, 4 for the high half
 */
export function i32x4ExtendI16x8S(a: number, high: number): void {
  toScratch(a, 0);
  const t = scratch.i16;
  const s = stack.i32;
  for (let i = 0; i < 4; i++) s[a + i] = t[high + i]!;
}

/**
 * `i32x4.extend_{low,high}_i16x8_u`.
 * @param a - word index of the operand (and the result)
 * @param high - 0 for the low half, 4 for the high half
 */
export function i32x4ExtendI16x8U(a: number, high: number): void {
  toScratch(a, 0);
  const t = scratch.u16;
  const s = stack.i32;
  for (let i = 0; i < 4; i++) s[a + i] = t[high + i]!;
}

/**
 * `i64x2.extend_{low,high}_i32x4_s`.
 * @param a - word index of the operand (and the result)
 * @param high - 0 for the low half, 2 for the high half
 */
export function i64x2ExtendI32x4S(a: number, high: number): void {
  const s = stack.i32;
  const l0 = s[a + high]!;
  const l1 = s[a + high + 1]!;
  s[a] = l0;
  s[a + 1] = l0 >> 31;
  s[a + 2] = l1;
  s[a + 3] = l1 >> 31;
}

/**
 * `i64x2.extend_{low,high}_i32x4_u`.
 * @param a - word index of the operand (and the result)
 * @param high - 0 for the low half, 2 for the high half
 */
export function i64x2ExtendI32x4U(a: number, high: number): void {
  const s = stack.i32;
  const l0 = s[a + high]!;
  const l1 = s[a + high + 1]!;
  s[a] = l0;
  s[a + 1] = 0;
  s[a + 2] = l1;
  s[a + 3] = 0;
}

/**
 * `i16x8.extmul_{low,high}_i8x16_s`: products of sign-extended i8 lanes (exact in 16 bits but −128²,
 * which wraps as the spec's modular result says).
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 * @param high - 0 for the low half, 8 for the high half
 */
export function i16x8ExtmulI8x16S(a: number, b: number, high: number): void {
  toScratch(a, 0);
  toScratch(b, 4);
  const t = scratch.i8;
  const v = stack.i16;
  const x = a << 1;
  for (let i = 0; i < 8; i++) v[x + i] = t[high + i]! * t[16 + high + i]!;
}

/**
 * `i16x8.extmul_{low,high}_i8x16_u`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 * @param high - 0 for the low half, 8 for the high half
 */
export function i16x8ExtmulI8x16U(a: number, b: number, high: number): void {
  toScratch(a, 0);
  toScratch(b, 4);
  const t = scratch.u8;
  const v = stack.i16;
  const x = a << 1;
  for (let i = 0; i < 8; i++) v[x + i] = t[high + i]! * t[16 + high + i]!;
}

/**
 * `i32x4.extmul_{low,high}_i16x8_s` (products below 2^31 in magnitude but −32768², which wraps).
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 * @param high - 0 for the low half, 4 for the high half
 */
export function i32x4ExtmulI16x8S(a: number, b: number, high: number): void {
  toScratch(a, 0);
  toScratch(b, 4);
  const t = scratch.i16;
  const s = stack.i32;
  for (let i = 0; i < 4; i++) s[a + i] = Math.imul(t[high + i]!, t[8 + high + i]!);
}

/**
 * `i32x4.extmul_{low,high}_i16x8_u` (the product's low 32 bits).
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 * @param high - 0 for the low half, 4 for the high half
 */
export function i32x4ExtmulI16x8U(a: number, b: number, high: number): void {
  toScratch(a, 0);
  toScratch(b, 4);
  const t = scratch.u16;
  const s = stack.i32;
  for (let i = 0; i < 4; i++) s[a + i] = Math.imul(t[high + i]!, t[8 + high + i]!);
}

/**
 * `i64x2.extmul_{low,high}_i32x4_s`: full 64-bit products of sign-extended i32 lanes.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 * @param high - 0 for the low half, 2 for the high half
 */
export function i64x2ExtmulI32x4S(a: number, b: number, high: number): void {
  extmul64(a, b, high, true);
}

/**
 * `i64x2.extmul_{low,high}_i32x4_u`: full 64-bit products of zero-extended i32 lanes.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 * @param high - 0 for the low half, 2 for the high half
 */
export function i64x2ExtmulI32x4U(a: number, b: number, high: number): void {
  extmul64(a, b, high, false);
}

/** Extends lanes `high`, `high + 1` of `a` and `b` into i64 pairs in scratch, multiplies them onto the stack. */
function extmul64(a: number, b: number, high: number, signed: boolean): void {
  const s = stack.i32;
  const t = scratch.i32;
  // scratch words: 0–1 and 2–3 = a's two extended lanes, 4–5 and 6–7 = b's.
  for (let i = 0; i < 2; i++) {
    const x = s[a + high + i]!;
    const y = s[b + high + i]!;
    t[2 * i] = x;
    t[2 * i + 1] = signed ? x >> 31 : 0;
    t[4 + 2 * i] = y;
    t[4 + 2 * i + 1] = signed ? y >> 31 : 0;
  }
  i64Mul(t, 0, 0, 4);
  i64Mul(t, 2, 2, 6);
  s[a] = t[0]!;
  s[a + 1] = t[1]!;
  s[a + 2] = t[2]!;
  s[a + 3] = t[3]!;
}

/**
 * `i16x8.extadd_pairwise_i8x16_s`: each i16 lane is the sum of the two sign-extended i8 lanes it covers
 * (computed in place: lane `j` reads only bytes `2j`, `2j + 1`).
 * @param a - word index of the operand (and the result)
 */
export function i16x8ExtaddPairwiseI8x16S(a: number): void {
  const t = stack.i8;
  const v = stack.i16;
  const x = a << 2;
  const y = a << 1;
  for (let j = 0; j < 8; j++) v[y + j] = t[x + 2 * j]! + t[x + 2 * j + 1]!;
}

/**
 * `i16x8.extadd_pairwise_i8x16_u`.
 * @param a - word index of the operand (and the result)
 */
export function i16x8ExtaddPairwiseI8x16U(a: number): void {
  const t = stack.u8;
  const v = stack.i16;
  const x = a << 2;
  const y = a << 1;
  for (let j = 0; j < 8; j++) v[y + j] = t[x + 2 * j]! + t[x + 2 * j + 1]!;
}

/**
 * `i32x4.extadd_pairwise_i16x8_s`.
 * @param a - word index of the operand (and the result)
 */
export function i32x4ExtaddPairwiseI16x8S(a: number): void {
  const t = stack.i16;
  const s = stack.i32;
  const x = a << 1;
  for (let j = 0; j < 4; j++) s[a + j] = t[x + 2 * j]! + t[x + 2 * j + 1]!;
}

/**
 * `i32x4.extadd_pairwise_i16x8_u`.
 * @param a - word index of the operand (and the result)
 */
export function i32x4ExtaddPairwiseI16x8U(a: number): void {
  const t = stack.u16;
  const s = stack.i32;
  const x = a << 1;
  for (let j = 0; j < 4; j++) s[a + j] = t[x + 2 * j]! + t[x + 2 * j + 1]!;
}
