/**
 * 128-bit vector values as one little-endian `bigint`: lane 0 occupies the lowest bits, as in memory.
 * @module
 */

/** A lane interpretation of a v128 (`i32x4`, `f64x2`, …). */
export type LaneShape = 'i8x16' | 'i16x8' | 'i32x4' | 'i64x2' | 'f32x4' | 'f64x2';

/** Lane width in bits and lane count of each shape. */
export const LANE_SHAPES: Readonly<Record<LaneShape, { readonly laneBits: number; readonly lanes: number }>> = {
  i8x16: { laneBits: 8, lanes: 16 },
  i16x8: { laneBits: 16, lanes: 8 },
  i32x4: { laneBits: 32, lanes: 4 },
  i64x2: { laneBits: 64, lanes: 2 },
  f32x4: { laneBits: 32, lanes: 4 },
  f64x2: { laneBits: 64, lanes: 2 },
};

/**
 * Whether `text` names a lane shape.
 * @param text - a keyword
 * @returns true for `i8x16` … `f64x2`
 */
export function isLaneShape(text: string): text is LaneShape {
  return Object.hasOwn(LANE_SHAPES, text);
}

/**
 * Packs lane bit patterns into a v128.
 * @param lanes - lane values (any sign; only the low `laneBits` bits are used)
 * @param laneBits - the width of one lane
 * @returns the 128-bit value as an unsigned bigint
 */
export function packLanes(lanes: readonly bigint[], laneBits: number): bigint {
  const width = BigInt(laneBits);
  let bits = 0n;
  lanes.forEach((lane, i) => {
    bits |= BigInt.asUintN(laneBits, lane) << (width * BigInt(i));
  });
  return bits;
}

/**
 * Reads one lane of a v128.
 * @param bits - the 128-bit value
 * @param index - the lane index, 0 = lowest bits
 * @param laneBits - the width of one lane
 * @returns the lane's bits as an unsigned bigint
 */
export function laneBitsAt(bits: bigint, index: number, laneBits: number): bigint {
  return BigInt.asUintN(laneBits, bits >> BigInt(index * laneBits));
}
