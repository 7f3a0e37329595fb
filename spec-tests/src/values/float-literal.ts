/**
 * Float literals of the text format, converted to their exact bit patterns with correct rounding (round to
 * nearest, ties to even) from the exact rational value, so that no double rounding occurs for `f32`.
 * Accepts decimal and hexadecimal (`0x1.8p3`) forms with `_` between digits, `inf`, `nan` and `nan:0x…`.
 * @module
 */
import { LiteralError } from './int-literal.js';

/** The shape of a binary floating-point format. */
export interface FloatFormat {
  /** Stored fraction bits: 23 for f32, 52 for f64. */
  readonly mantBits: number;
  /** Exponent bits: 8 for f32, 11 for f64. */
  readonly expBits: number;
}

export const F32_FORMAT: FloatFormat = { mantBits: 23, expBits: 8 };
export const F64_FORMAT: FloatFormat = { mantBits: 52, expBits: 11 };

const DEC_FLOAT = /^([0-9](?:_?[0-9])*)(?:\.((?:[0-9](?:_?[0-9])*)?))?(?:[eE]([+-]?[0-9](?:_?[0-9])*))?$/;
const HEX_FLOAT =
  /^0x([0-9a-fA-F](?:_?[0-9a-fA-F])*)(?:\.((?:[0-9a-fA-F](?:_?[0-9a-fA-F])*)?))?(?:[pP]([+-]?[0-9](?:_?[0-9])*))?$/;
const NAN_PAYLOAD = /^nan:(0x[0-9a-fA-F](?:_?[0-9a-fA-F])*)$/;

/**
 * Parses a float literal into the bits of the given format.
 * @param text - the literal as written
 * @param format - {@link F32_FORMAT} or {@link F64_FORMAT}
 * @returns the bit pattern as an unsigned integer
 * @throws LiteralError when the text is not a float literal, rounds to infinity, or has a bad NaN payload
 * @example parseFloatBits('0x1p-1', F32_FORMAT) // 0x3f000000n
 */
export function parseFloatBits(text: string, format: FloatFormat): bigint {
  const negative = text[0] === '-';
  const body = negative || text[0] === '+' ? text.slice(1) : text;
  const mant = BigInt(format.mantBits);
  const signBit = negative ? 1n << BigInt(format.mantBits + format.expBits) : 0n;
  const expAllOnes = ((1n << BigInt(format.expBits)) - 1n) << mant;
  if (body === 'inf') return signBit | expAllOnes;
  if (body === 'nan') return signBit | expAllOnes | (1n << (mant - 1n));
  const payload = NAN_PAYLOAD.exec(body);
  if (payload !== null) {
    const p = BigInt(payload[1]!.replaceAll('_', ''));
    if (p === 0n || p >= 1n << mant) throw new LiteralError(`NaN payload out of range: ${text}`);
    return signBit | expAllOnes | p;
  }
  const rational = toRational(body);
  if (rational === null) throw new LiteralError(`not a float literal: ${text}`);
  return signBit | roundToFormat(rational.num, rational.den, format, text);
}

/**
 * Parses an `f32` literal.
 * @param text - the literal as written
 * @returns the bit pattern as an unsigned 32-bit number
 * @throws LiteralError when the text is not an `f32` literal
 */
export function parseF32Bits(text: string): number {
  return Number(parseFloatBits(text, F32_FORMAT));
}

/**
 * Parses an `f64` literal.
 * @param text - the literal as written
 * @returns the bit pattern as an unsigned 64-bit bigint
 * @throws LiteralError when the text is not an `f64` literal
 */
export function parseF64Bits(text: string): bigint {
  return parseFloatBits(text, F64_FORMAT);
}

function toRational(body: string): { num: bigint; den: bigint } | null {
  const hex = HEX_FLOAT.exec(body);
  if (hex !== null) {
    const frac = (hex[2] ?? '').replaceAll('_', '');
    const digits = BigInt(`0x${hex[1]!.replaceAll('_', '')}${frac}`);
    const exp = BigInt((hex[3] ?? '0').replaceAll('_', '')) - 4n * BigInt(frac.length);
    return exp >= 0n ? { num: digits << exp, den: 1n } : { num: digits, den: 1n << -exp };
  }
  const dec = DEC_FLOAT.exec(body);
  if (dec !== null) {
    const frac = (dec[2] ?? '').replaceAll('_', '');
    const digits = BigInt(dec[1]!.replaceAll('_', '') + frac);
    const exp = BigInt((dec[3] ?? '0').replaceAll('_', '')) - BigInt(frac.length);
    return exp >= 0n ? { num: digits * 10n ** exp, den: 1n } : { num: digits, den: 10n ** -exp };
  }
  return null;
}

/** Rounds the positive rational num/den to the nearest value of `format` (ties to even); returns the bits. */
function roundToFormat(num: bigint, den: bigint, format: FloatFormat, text: string): bigint {
  if (num === 0n) return 0n;
  const mant = BigInt(format.mantBits);
  const bias = (1n << BigInt(format.expBits - 1)) - 1n;
  const minExp = 1n - bias;
  // e = floor(log2(num/den))
  let e = BigInt(num.toString(2).length - den.toString(2).length);
  if (e >= 0n ? num < den << e : num << -e < den) e--;
  // q: the exponent of one unit in the last place
  const q = (e < minExp ? minExp : e) - mant;
  const scaledNum = q >= 0n ? num : num << -q;
  const scaledDen = q >= 0n ? den << q : den;
  let m = scaledNum / scaledDen;
  const twiceRest = 2n * (scaledNum - m * scaledDen);
  if (twiceRest > scaledDen || (twiceRest === scaledDen && (m & 1n) === 1n)) m++;
  let exp = q;
  if (m === 1n << (mant + 1n)) {
    m >>= 1n;
    exp++;
  }
  if (m < 1n << mant) return m; // subnormal (or rounded to zero)
  const biased = exp + mant + bias;
  if (biased >= (1n << BigInt(format.expBits)) - 1n) throw new LiteralError(`float constant out of range: ${text}`);
  return (biased << mant) | (m - (1n << mant));
}
