/**
 * Integer literals of the text format (`i32.const`/`i64.const` operands and SIMD integer lanes): decimal or
 * `0x` hexadecimal, `_` between digits, an optional sign. Unsigned spelling covers `0 … 2^N-1`, signed
 * spelling (an explicit `+` or `-`) covers `-2^(N-1) … 2^(N-1)-1`.
 * @module
 */

const DEC = /^[0-9](?:_?[0-9])*$/;
const HEX = /^0x[0-9a-fA-F](?:_?[0-9a-fA-F])*$/;

/** A literal is not a valid number of the requested type. */
export class LiteralError extends Error {
  override name = 'LiteralError';
}

/**
 * Parses an N-bit integer literal.
 * @param text - the literal as written
 * @param bits - the width N (8, 16, 32 or 64)
 * @returns the value as a signed N-bit integer
 * @throws LiteralError when the text is not an integer literal or out of range
 * @example parseIntLiteral('0xffff_ffff', 32) // -1n
 */
export function parseIntLiteral(text: string, bits: number): bigint {
  const sign = text[0] === '-' || text[0] === '+' ? text[0] : '';
  const digits = text.slice(sign.length);
  if (!DEC.test(digits) && !HEX.test(digits)) throw new LiteralError(`not an integer literal: ${text}`);
  const magnitude = BigInt(digits.replaceAll('_', ''));
  const limit = sign === '' ? 1n << BigInt(bits) : 1n << BigInt(bits - 1);
  const inRange = sign === '-' ? magnitude <= limit : magnitude < limit;
  if (!inRange) throw new LiteralError(`integer constant out of range: ${text}`);
  return BigInt.asIntN(bits, sign === '-' ? -magnitude : magnitude);
}
