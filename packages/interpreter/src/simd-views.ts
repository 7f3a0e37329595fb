/**
 * Lane views of the value stack and a scratch area for the SIMD executor. A v128 on the stack is four
 * little-endian 32-bit words starting at an even word index `w` (two 64-bit slots); its lanes are
 * `i8[4w + i]`, `i16[2w + i]`, `i32[w + i]`, `f32[w + i]` and `f64[w / 2 + i]`. The views are bound once per
 * value-stack array (it changes only when the stack grows, on restore, or when another execution runs), so no
 * instruction allocates.
 * @module
 */

/** Typed-array views of one buffer, every lane shape a SIMD instruction reads or writes. */
export interface LaneViews {
  i8: Int8Array;
  u8: Uint8Array;
  /** Stores clamp to 0…255: unsigned saturation of integral values. */
  u8c: Uint8ClampedArray;
  i16: Int16Array;
  u16: Uint16Array;
  i32: Int32Array;
  u32: Uint32Array;
  f32: Float32Array;
  f64: Float64Array;
}

/** Views of `bytes` bytes of `buffer` from `offset` (a multiple of 8). */
function viewsOf(buffer: ArrayBuffer, offset: number, bytes: number): LaneViews {
  return {
    i8: new Int8Array(buffer, offset, bytes),
    u8: new Uint8Array(buffer, offset, bytes),
    u8c: new Uint8ClampedArray(buffer, offset, bytes),
    i16: new Int16Array(buffer, offset, bytes >> 1),
    u16: new Uint16Array(buffer, offset, bytes >> 1),
    i32: new Int32Array(buffer, offset, bytes >> 2),
    u32: new Uint32Array(buffer, offset, bytes >> 2),
    f32: new Float32Array(buffer, offset, bytes >> 2),
    f64: new Float64Array(buffer, offset, bytes >> 3),
  };
}

/** The value stack's lane views; rebound by {@link bindStack}. */
export const stack: LaneViews = viewsOf(new ArrayBuffer(0), 0, 0);

/**
 * Points {@link stack} at the words of `s32` (the execution's value stack, which may be a view into a larger
 * buffer): lane indices count from its first word. Callers skip the call when `stack.i32 === s32` already.
 * @param s32 - the value stack as int32 words
 */
export function bindStack(s32: Int32Array): void {
  const v = viewsOf(s32.buffer as ArrayBuffer, s32.byteOffset, s32.byteLength);
  stack.i8 = v.i8;
  stack.u8 = v.u8;
  stack.u8c = v.u8c;
  stack.i16 = v.i16;
  stack.u16 = v.u16;
  stack.i32 = s32;
  stack.u32 = v.u32;
  stack.f32 = v.f32;
  stack.f64 = v.f64;
}

/**
 * Two v128 of scratch (words 0–3 and 4–7) for instructions whose result lanes read other lanes of their
 * operands (shuffles, narrowing, widening): operands are copied here first, then the result is written
 * over the stack.
 */
export const scratch: LaneViews = viewsOf(new ArrayBuffer(32), 0, 32);

/**
 * Copies the v128 at stack word `w` into scratch words `at…at+3`.
 * @param w - stack word index of the v128
 * @param at - scratch word index (0 or 4)
 */
export function toScratch(w: number, at: number): void {
  const s = stack.i32;
  const t = scratch.i32;
  t[at] = s[w]!;
  t[at + 1] = s[w + 1]!;
  t[at + 2] = s[w + 2]!;
  t[at + 3] = s[w + 3]!;
}
