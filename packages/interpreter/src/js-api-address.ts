/**
 * The memory64 JS API's address types: a `Memory` or `Table` descriptor may say `address: 'i64'` (default
 * `'i32'`); the sizes, indexes and counts of such a memory or table are BigInts in and out (`AddressValue`),
 * converted as Web IDL's `[EnforceRange] unsigned long long` after `ToBigInt`. Inside they are numbers (exact
 * below 2^53; no memory or table here comes near that).
 * @module
 */
import { toEnum, toU32 } from './js-api-webidl.js';

/** The address types a descriptor may name. */
export type AddressType = 'i32' | 'i64';

const ADDRESS_TYPES: readonly AddressType[] = ['i32', 'i64'];
const U64_MAX = (1n << 64n) - 1n;

/**
 * Reads a descriptor's `address` member.
 * @returns whether it is `'i64'` (undefined reads as `'i32'`)
 * @throws TypeError when it is neither `'i32'` nor `'i64'`
 */
export function toAddress64(value: unknown, what: string): boolean {
  return value !== undefined && toEnum(value, ADDRESS_TYPES, what) === 'i64';
}

/**
 * Converts a size, index or count of a memory or table with the given address type.
 * @param address64 whether the memory or table is `i64`-addressed (the value must then convert to a BigInt)
 * @returns the value as a number
 * @throws TypeError when the value does not convert or is out of the type's unsigned range
 */
export function toAddressValue(value: unknown, address64: boolean, what: string): number {
  if (!address64) return toU32(value, what);
  let v: bigint;
  try {
    // ToBigInt: BigInts, booleans and numeric strings; numbers, undefined, null and symbols throw.
    if (typeof value === 'number' || value === undefined || value === null || typeof value === 'symbol') throw 0;
    v = BigInt(value as bigint | boolean | string);
  } catch {
    throw new TypeError(`${what} must be a BigInt for an i64 address type`);
  }
  if (v < 0n || v > U64_MAX) throw new TypeError(`${what} must be in the unsigned long long range, got ${v}`);
  return Number(v);
}

/** A size or index as JS sees it: a BigInt for an `i64` address type, else the number. */
export function fromAddressValue(n: number, address64: boolean): number | bigint {
  return address64 ? BigInt(n) : n;
}
