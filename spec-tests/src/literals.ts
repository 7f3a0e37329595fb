/**
 * `@edgedancer/spec-tests/literals`: the number literals of the text format (integers, floats with NaN
 * payloads, hex floats) read to bits and written back, without the rest of the runner. A light entry point for
 * tools that only read and print values (`edgedancer run`), so that they load three small files, not the
 * script runner and its text-to-binary converter.
 * @module
 */
export { parseIntLiteral, LiteralError } from './values/int-literal.js';
export { parseFloatBits, parseF32Bits, parseF64Bits, F32_FORMAT, F64_FORMAT } from './values/float-literal.js';
export type { FloatFormat } from './values/float-literal.js';
export { formatValue, f32BitsToNumber, f64BitsToNumber, numberToF32Bits, numberToF64Bits } from './values/format-value.js';
