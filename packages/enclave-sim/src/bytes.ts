/**
 * Small byte helpers shared by the binary formats: concatenation, constant-time comparison, hex, and boundary
 * asserts that throw `TypeError`/`RangeError` for API misuse.
 * @module
 */
import { timingSafeEqual } from 'node:crypto';

/**
 * Concatenates byte arrays into a fresh `Uint8Array`.
 * @param parts - the arrays, in order
 * @returns their concatenation
 */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Compares two byte arrays in time that depends only on their lengths.
 * @param a - first array
 * @param b - second array
 * @returns true when both have the same length and bytes
 */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Lower-case hex of `bytes`. Only for identities and digests: never for secrets.
 * @param bytes - the bytes
 * @returns the hex string
 */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
}

/**
 * Parses lower- or upper-case hex.
 * @param hex - an even number of hex digits
 * @returns the bytes
 * @throws TypeError when `hex` is not hex
 */
export function fromHex(hex: string): Uint8Array {
  if (typeof hex !== 'string' || hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new TypeError('expected an even number of hex digits');
  }
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/**
 * Checks that `value` is a `Uint8Array`, of `size` bytes when given.
 * @param value - the argument
 * @param what - its name, for the message
 * @param size - the required length, if any
 * @returns `value`, typed
 * @throws TypeError when it is not a `Uint8Array`; RangeError when its length is wrong
 */
export function assertBytes(value: unknown, what: string, size?: number): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${what} must be a Uint8Array`);
  if (size !== undefined && value.length !== size) {
    throw new RangeError(`${what} must be ${size} bytes, got ${value.length}`);
  }
  return value;
}

/**
 * Checks that `value` is an integer in `[0, max]`.
 * @param value - the argument
 * @param what - its name, for the message
 * @param max - the largest allowed value
 * @returns `value`, typed
 * @throws TypeError when it is not an integer; RangeError when out of range
 */
export function assertUint(value: unknown, what: string, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new TypeError(`${what} must be an integer`);
  if (value < 0 || value > max) throw new RangeError(`${what} must be in [0, ${max}], got ${value}`);
  return value;
}

/**
 * A copy of `bytes` that owns its own `ArrayBuffer` (callers may keep it; the original may be reused).
 * @param bytes - the bytes
 * @returns a fresh copy
 */
export function copyBytes(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}
