/**
 * Floats from their bits and back, for tests that name values by bit pattern (NaN payloads, signed zeros,
 * range boundaries), and the adjacent representable values.
 * @module
 */

const f64Cell = new Float64Array(1);
const f64Slot = new BigInt64Array(f64Cell.buffer);
const f64Words = new Uint32Array(f64Cell.buffer);
const f32Cell = new Float32Array(1);
const f32Word = new Uint32Array(f32Cell.buffer);

/**
 * The f64 with the given words.
 * @param hi - the high word (sign, exponent, top of the fraction)
 * @param lo - the low word
 * @returns the value as a JS number
 */
export function f64(hi: number, lo = 0): number {
  f64Words[1] = hi;
  f64Words[0] = lo;
  return f64Cell[0]!;
}

/**
 * The words of an f64, as stored into a `Float64Array`.
 * @param x - the value
 * @returns `[high word, low word]`
 */
export function bits64(x: number): [number, number] {
  f64Cell[0] = x;
  return [f64Words[1]!, f64Words[0]!];
}

/**
 * The f32 with the given bits.
 * @param bits - the 32 bits
 * @returns the value read back as a JS number
 */
export function f32(bits: number): number {
  f32Word[0] = bits;
  return f32Cell[0]!;
}

/**
 * The bits of an f32, as stored into a `Float32Array`.
 * @param x - the value
 * @returns the 32 bits, unsigned
 */
export function bits32(x: number): number {
  f32Cell[0] = x;
  return f32Word[0]!;
}

/**
 * The adjacent f64 toward +∞ (`dir` 1) or −∞ (`dir` −1).
 * @param x - a finite nonzero value
 * @param dir - the direction
 * @returns the neighbour
 */
export function nextF64(x: number, dir: 1 | -1): number {
  f64Cell[0] = x;
  f64Slot[0] = f64Slot[0]! + (x > 0 === dir > 0 ? 1n : -1n);
  return f64Cell[0]!;
}

/**
 * The adjacent f32 toward +∞ (`dir` 1) or −∞ (`dir` −1).
 * @param x - a finite nonzero f32 value
 * @param dir - the direction
 * @returns the neighbour
 */
export function nextF32(x: number, dir: 1 | -1): number {
  f32Cell[0] = x;
  f32Word[0] = f32Word[0]! + (x > 0 === dir > 0 ? 1 : -1);
  return f32Cell[0]!;
}
