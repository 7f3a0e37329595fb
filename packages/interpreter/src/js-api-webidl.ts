/**
 * The Web IDL conversions the JS API's constructors and methods apply to their arguments: `[EnforceRange]
 * unsigned long`, enums, dictionaries and `object` arguments. Each throws `TypeError` as Web IDL does.
 * @module
 */

/** Largest `unsigned long`. */
const U32_MAX = 0xffffffff;

/**
 * Converts a value as Web IDL `[EnforceRange] unsigned long` does.
 * @param value the JS value
 * @param what names the argument in the error message
 * @returns an integer in [0, 2^32 - 1]
 * @throws TypeError when the value is not a finite number in range (or is a BigInt or Symbol)
 * @example toU32(1.9, 'delta') // 1
 */
export function toU32(value: unknown, what: string): number {
  const n = +(value as number);
  if (!Number.isFinite(n)) throw new TypeError(`${what} must be a finite number, got ${describe(value)}`);
  const i = Math.trunc(n);
  if (i < 0 || i > U32_MAX) throw new TypeError(`${what} must be in the unsigned long range, got ${i}`);
  return i === 0 ? 0 : i;
}

/**
 * Converts a value to one of an enum's strings, as Web IDL does.
 * @param value the JS value (converted with ToString)
 * @param allowed the enum's values
 * @param what names the argument in the error message
 * @returns the matching string
 * @throws TypeError when the string is not one of `allowed` (or the value is a Symbol)
 */
export function toEnum<T extends string>(value: unknown, allowed: readonly T[], what: string): T {
  const s = `${value as string}`;
  if (!(allowed as readonly string[]).includes(s)) {
    throw new TypeError(`${what} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got '${s}'`);
  }
  return s as T;
}

/**
 * Checks a dictionary argument: undefined and null read as an empty dictionary, other non-objects throw.
 * @param value the JS value
 * @param what names the argument in the error message
 * @returns a reader of the dictionary's members
 * @throws TypeError when the value is a primitive other than undefined or null
 */
export function toDictionary(value: unknown, what: string): (key: string) => unknown {
  if (value === undefined || value === null) return () => undefined;
  if (!isObject(value)) throw new TypeError(`${what} must be an object`);
  return (key) => (value as Record<string, unknown>)[key];
}

/**
 * Reads a required member.
 * @throws TypeError when it is undefined
 */
export function required(value: unknown, what: string): unknown {
  if (value === undefined) throw new TypeError(`${what} is required`);
  return value;
}

/** Whether a value is an object (Web IDL `object`: functions included, null excluded). */
export function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/** A short description of a value for error messages (never calls user code). */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'symbol' || typeof value === 'function') return typeof value;
  if (isObject(value)) return 'an object';
  return String(value);
}
