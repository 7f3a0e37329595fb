/**
 * SIMD instructions that move lanes or bits without lane arithmetic: shuffles, swizzle, splats, lane
 * extraction and replacement, the bitwise operations and the lane tests (`any_true`, `all_true`,
 * `bitmask`). Float lanes move as bits (as int32 words), so NaN payloads are kept.
 *
 * Positions are word indices on the value stack ({@link stack}); a scalar occupies one 64-bit slot (two
 * words: an i32 or f32 in the low word, the high word zero; an i64 or f64 in both).
 * @module
 */
import { scratch, stack, toScratch } from './simd-views.js';

/**
 * `i8x16.shuffle`: result byte `i` is byte `lanes[i]` of the 32 bytes `a ++ b`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 * @param code - internal code holding the 16 lane indices (each below 32)
 * @param at - index in `code` of the first lane index
 */
export function i8x16Shuffle(a: number, b: number, code: Int32Array, at: number): void {
  toScratch(a, 0);
  toScratch(b, 4);
  const t = scratch.u8;
  const u = stack.u8;
  const x = a << 2;
  for (let i = 0; i < 16; i++) u[x + i] = t[code[at + i]!]!;
}

/**
 * `i8x16.swizzle`: result byte `i` is byte `b[i]` of `a`, or 0 when `b[i]` ≥ 16.
 * @param a - word index of the bytes to pick from (and the result)
 * @param b - word index of the indices
 */
export function i8x16Swizzle(a: number, b: number): void {
  toScratch(a, 0);
  const t = scratch.u8;
  const u = stack.u8;
  const x = a << 2;
  const y = b << 2;
  for (let i = 0; i < 16; i++) {
    const k = u[y + i]!;
    u[x + i] = k < 16 ? t[k]! : 0;
  }
}

/**
 * Fills the v128 at word `w` with one 32-bit pattern: the splats of i8, i16, i32 and f32.
 * @param w - word index of the result
 * @param word - the pattern (the lane repeated to 32 bits)
 */
export function splatWord(w: number, word: number): void {
  const s = stack.i32;
  s[w] = word;
  s[w + 1] = word;
  s[w + 2] = word;
  s[w + 3] = word;
}

/**
 * `i64x2.splat` and `f64x2.splat`: the 64-bit scalar at word `w` repeated (its bits, for f64).
 * @param w - word index of the scalar and of the result
 */
export function splat64(w: number): void {
  const s = stack.i32;
  s[w + 2] = s[w]!;
  s[w + 3] = s[w + 1]!;
}

/**
 * `i8x16.extract_lane_s`/`_u`: the lane, extended, becomes an i32 at word `w`.
 * @param w - word index of the v128 (and of the result)
 * @param lane - lane index below 16
 * @param signed - sign- or zero-extend
 */
export function i8x16ExtractLane(w: number, lane: number, signed: boolean): void {
  const s = stack.i32;
  s[w] = signed ? stack.i8[(w << 2) + lane]! : stack.u8[(w << 2) + lane]!;
  s[w + 1] = 0;
}

/**
 * `i16x8.extract_lane_s`/`_u`.
 * @param w - word index of the v128 (and of the result)
 * @param lane - lane index below 8
 * @param signed - sign- or zero-extend
 */
export function i16x8ExtractLane(w: number, lane: number, signed: boolean): void {
  const s = stack.i32;
  s[w] = signed ? stack.i16[(w << 1) + lane]! : stack.u16[(w << 1) + lane]!;
  s[w + 1] = 0;
}

/**
 * `i32x4.extract_lane` and `f32x4.extract_lane` (bits).
 * @param w - word index of the v128 (and of the result)
 * @param lane - lane index below 4
 */
export function extractLane32(w: number, lane: number): void {
  const s = stack.i32;
  s[w] = s[w + lane]!;
  s[w + 1] = 0;
}

/**
 * `i64x2.extract_lane` and `f64x2.extract_lane` (bits).
 * @param w - word index of the v128 (and of the result)
 * @param lane - lane index below 2
 */
export function extractLane64(w: number, lane: number): void {
  if (lane === 0) return;
  const s = stack.i32;
  s[w] = s[w + 2]!;
  s[w + 1] = s[w + 3]!;
}

/**
 * `i8x16.replace_lane`: the low 8 bits of the i32 at word `v` become lane `lane` of the v128 at word `w`.
 * @param w - word index of the v128 (and of the result)
 * @param lane - lane index below 16
 * @param v - word index of the i32
 */
export function i8x16ReplaceLane(w: number, lane: number, v: number): void {
  stack.i8[(w << 2) + lane] = stack.i32[v]!;
}

/**
 * `i16x8.replace_lane`.
 * @param w - word index of the v128 (and of the result)
 * @param lane - lane index below 8
 * @param v - word index of the i32
 */
export function i16x8ReplaceLane(w: number, lane: number, v: number): void {
  stack.i16[(w << 1) + lane] = stack.i32[v]!;
}

/**
 * `i32x4.replace_lane` and `f32x4.replace_lane` (bits).
 * @param w - word index of the v128 (and of the result)
 * @param lane - lane index below 4
 * @param v - word index of the scalar
 */
export function replaceLane32(w: number, lane: number, v: number): void {
  const s = stack.i32;
  s[w + lane] = s[v]!;
}

/**
 * `i64x2.replace_lane` and `f64x2.replace_lane` (bits).
 * @param w - word index of the v128 (and of the result)
 * @param lane - lane index below 2
 * @param v - word index of the scalar
 */
export function replaceLane64(w: number, lane: number, v: number): void {
  const s = stack.i32;
  s[w + 2 * lane] = s[v]!;
  s[w + 2 * lane + 1] = s[v + 1]!;
}

// ---------------------------------------------------------------------------------------------------------
// Bitwise.

/**
 * `v128.not`.
 * @param a - word index of the operand (and the result)
 */
export function v128Not(a: number): void {
  const s = stack.i32;
  s[a] = ~s[a]!;
  s[a + 1] = ~s[a + 1]!;
  s[a + 2] = ~s[a + 2]!;
  s[a + 3] = ~s[a + 3]!;
}

/**
 * `v128.and`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function v128And(a: number, b: number): void {
  const s = stack.i32;
  s[a] = s[a]! & s[b]!;
  s[a + 1] = s[a + 1]! & s[b + 1]!;
  s[a + 2] = s[a + 2]! & s[b + 2]!;
  s[a + 3] = s[a + 3]! & s[b + 3]!;
}

/**
 * `v128.andnot`: `a & ~b`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function v128Andnot(a: number, b: number): void {
  const s = stack.i32;
  s[a] = s[a]! & ~s[b]!;
  s[a + 1] = s[a + 1]! & ~s[b + 1]!;
  s[a + 2] = s[a + 2]! & ~s[b + 2]!;
  s[a + 3] = s[a + 3]! & ~s[b + 3]!;
}

/**
 * `v128.or`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function v128Or(a: number, b: number): void {
  const s = stack.i32;
  s[a] = s[a]! | s[b]!;
  s[a + 1] = s[a + 1]! | s[b + 1]!;
  s[a + 2] = s[a + 2]! | s[b + 2]!;
  s[a + 3] = s[a + 3]! | s[b + 3]!;
}

/**
 * `v128.xor`.
 * @param a - word index of the first operand (and the result)
 * @param b - word index of the second operand
 */
export function v128Xor(a: number, b: number): void {
  const s = stack.i32;
  s[a] = s[a]! ^ s[b]!;
  s[a + 1] = s[a + 1]! ^ s[b + 1]!;
  s[a + 2] = s[a + 2]! ^ s[b + 2]!;
  s[a + 3] = s[a + 3]! ^ s[b + 3]!;
}

/**
 * `v128.bitselect`: bits of `a` where the mask `c` is 1, of `b` where it is 0.
 * @param a - word index of the first operand (and the result); `b` and `c` follow it on the stack
 */
export function v128Bitselect(a: number): void {
  const s = stack.i32;
  for (let i = 0; i < 4; i++) {
    const c = s[a + 8 + i]!;
    s[a + i] = (s[a + i]! & c) | (s[a + 4 + i]! & ~c);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Lane tests: each returns an i32.

/**
 * `v128.any_true`: 1 when any bit is set.
 * @param a - word index of the operand
 * @returns 0 or 1
 */
export function v128AnyTrue(a: number): number {
  const s = stack.i32;
  return (s[a]! | s[a + 1]! | s[a + 2]! | s[a + 3]!) !== 0 ? 1 : 0;
}

/**
 * `i8x16.all_true`: 1 when no lane is zero.
 * @param a - word index of the operand
 * @returns 0 or 1
 */
export function i8x16AllTrue(a: number): number {
  const u = stack.u8;
  const x = a << 2;
  for (let i = 0; i < 16; i++) if (u[x + i] === 0) return 0;
  return 1;
}

/**
 * `i16x8.all_true`.
 * @param a - word index of the operand
 * @returns 0 or 1
 */
export function i16x8AllTrue(a: number): number {
  const u = stack.u16;
  const x = a << 1;
  for (let i = 0; i < 8; i++) if (u[x + i] === 0) return 0;
  return 1;
}

/**
 * `i32x4.all_true`.
 * @param a - word index of the operand
 * @returns 0 or 1
 */
export function i32x4AllTrue(a: number): number {
  const s = stack.i32;
  return s[a] !== 0 && s[a + 1] !== 0 && s[a + 2] !== 0 && s[a + 3] !== 0 ? 1 : 0;
}

/**
 * `i64x2.all_true`.
 * @param a - word index of the operand
 * @returns 0 or 1
 */
export function i64x2AllTrue(a: number): number {
  const s = stack.i32;
  return (s[a]! | s[a + 1]!) !== 0 && (s[a + 2]! | s[a + 3]!) !== 0 ? 1 : 0;
}

/**
 * `i8x16.bitmask`: bit `i` of the result is the top bit of lane `i`.
 * @param a - word index of the operand
 * @returns the mask (16 bits)
 */
export function i8x16Bitmask(a: number): number {
  const u = stack.u8;
  const x = a << 2;
  let m = 0;
  for (let i = 0; i < 16; i++) m |= (u[x + i]! >>> 7) << i;
  return m;
}

/**
 * `i16x8.bitmask`.
 * @param a - word index of the operand
 * @returns the mask (8 bits)
 */
export function i16x8Bitmask(a: number): number {
  const u = stack.u16;
  const x = a << 1;
  let m = 0;
  for (let i = 0; i < 8; i++) m |= (u[x + i]! >>> 15) << i;
  return m;
}

/**
 * `i32x4.bitmask`.
 * @param a - word index of the operand
 * @returns the mask (4 bits)
 */
export function i32x4Bitmask(a: number): number {
  const s = stack.i32;
  return (s[a]! >>> 31) | ((s[a + 1]! >>> 31) << 1) | ((s[a + 2]! >>> 31) << 2) | ((s[a + 3]! >>> 31) << 3);
}

/**
 * `i64x2.bitmask`: the sign bits of the two lanes' high words.
 * @param a - word index of the operand
 * @returns the mask (2 bits)
 */
export function i64x2Bitmask(a: number): number {
  const s = stack.i32;
  return (s[a + 1]! >>> 31) | ((s[a + 3]! >>> 31) << 1);
}
