/**
 * Strict UTF-8: encoding refuses strings with lone surrogates (they would not round-trip), decoding refuses
 * malformed bytes.
 * @module
 */
import { fail } from './errors.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Whether `s` has no lone surrogate, so that its UTF-8 encoding gives it back exactly. */
export function isWellFormed(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c > 0xdbff) return false;
    const next = s.charCodeAt(i + 1);
    if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
    i++;
  }
  return true;
}

/**
 * Encodes a string as UTF-8.
 * @param what what the string is, for the error
 * @throws {SnapshotError} `bad-utf8` if `s` is not a well-formed string
 */
export function utf8Encode(s: string, what: string): Uint8Array {
  if (typeof s !== 'string' || !isWellFormed(s)) fail('bad-utf8', `${what} is not a well-formed string`);
  return encoder.encode(s);
}

/**
 * Decodes UTF-8 bytes.
 * @param offset where the bytes start in the input, for the error
 * @throws {SnapshotError} `bad-utf8` on malformed input, `limit-exceeded` past the engine's string length
 */
export function utf8Decode(bytes: Uint8Array, offset: number): string {
  try {
    return decoder.decode(bytes);
  } catch (cause) {
    if (cause instanceof TypeError) fail('bad-utf8', 'malformed UTF-8', offset);
    if (cause instanceof RangeError) fail('limit-exceeded', 'string longer than the engine allows', offset);
    throw cause;
  }
}
