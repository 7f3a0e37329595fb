/**
 * Directory entry names: their order (bytes of UTF-8, so every host lists and encodes them alike) and what a
 * name may be.
 * @module
 */

const encoder = new TextEncoder();

/**
 * Compares two names by their UTF-8 bytes (which is code point order, unlike JavaScript's UTF-16 order).
 * @returns negative, zero or positive, for `Array.prototype.sort`
 */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** True when `name` can be a directory entry: non-empty, no `/` or NUL, not `.` or `..`. */
export function isValidName(name: string): boolean {
  return name.length > 0 && name !== '.' && name !== '..' && !name.includes('/') && !name.includes('\0');
}
