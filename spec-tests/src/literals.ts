/**
 * `@edgedancer/spec-tests/literals`: the number literals of the text format (integers, floats with NaN
 * payloads, hex floats) read to bits and written back, without the rest of the runner. A light entry point for
 * tools that only read and print values (`edgedancer run`), so that they load three small files, not the
 * script runner and its text-to-binary converter.
 * @module
 */

export type { FloatFormat } from './values/float-literal.js';
export { F32_FORMAT, F64_FORMAT, parseF32Bits, parseF64Bits, parseFloatBits } from './values/float-literal.js';
export {
  f32BitsToNumber,
  f64BitsToNumber,
  formatValue,
  numberToF32Bits,
  numberToF64Bits,
} from './values/format-value.js';
export { LiteralError, parseIntLiteral } from './values/int-literal.js';
