/**
 * Checksums as canonical strings, so that results from every engine (JS
 * numbers, BigInts, text printed by command-line interpreters) compare equal
 * exactly when the wasm values are equal.
 * @module
 */

/** The wasm type of a program's checksum. */
export type ChecksumType = 'i32' | 'i64';

/**
 * Converts a value returned by a JS-API-shaped engine into the canonical
 * signed decimal form of its wasm type.
 * @param value a number (i32) or BigInt (i64) as the JS API returns them
 * @param type the wasm result type of the export
 * @returns the signed decimal string
 * @throws {TypeError} if the value does not fit the JS API's conversion of `type`
 * @example checksumToString(-1, 'i32') // '-1'
 */
export function checksumToString(value: unknown, type: ChecksumType): string {
  if (type === 'i32') {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw new TypeError(`expected an i32 result as a number, got ${typeof value}`);
    }
    return String(value | 0);
  }
  if (typeof value !== 'bigint') throw new TypeError(`expected an i64 result as a BigInt, got ${typeof value}`);
  return BigInt.asIntN(64, value).toString();
}

/**
 * Reads the result printed by wabt's `wasm-interp` (`name() => i32:4294967289`)
 * and returns it in canonical form; wasm-interp prints integers unsigned.
 * @param output the tool's standard output
 * @param exportName the export that was run
 * @returns the canonical checksum, or `undefined` if no result line is found
 * @example parseWasmInterpResult('main() => i32:4294967295\n', 'main') // '-1'
 */
export function parseWasmInterpResult(output: string, exportName: string): string | undefined {
  for (const line of output.split('\n')) {
    const prefix = `${exportName}() => `;
    if (!line.startsWith(prefix)) continue;
    const match = /^(i32|i64):(-?\d+)$/.exec(line.slice(prefix.length).trim());
    if (!match) return undefined;
    const bits = match[1] === 'i32' ? 32 : 64;
    return BigInt.asIntN(bits, BigInt(match[2]!)).toString();
  }
  return undefined;
}
