/**
 * Results of `edgedancer run`, one line each, as `wasmtime --invoke` prints them: integers in signed
 * decimal, floats as JS numbers (f32 in its shortest round-tripping form, `-0` kept), references as `null`
 * or `<funcref>` / `<externref>`, v128 as 32 hex digits.
 * @module
 */

import type { WasmValue } from '@edgedancer/interpreter';
import { f32BitsToNumber, f64BitsToNumber } from '@edgedancer/spec-tests/literals';

/**
 * Formats an f32 value with the fewest digits that read back to the same f32.
 * @param bits - the f32 bits
 * @returns e.g. `0.1`, `-0`, `Infinity`, `NaN`
 */
export function formatF32(bits: number): string {
  const x = f32BitsToNumber(bits);
  if (!Number.isFinite(x) || x === 0) return formatNumber(x);
  for (let digits = 1; digits <= 9; digits++) {
    const shortest = Number(x.toPrecision(digits));
    if (Math.fround(shortest) === x) return formatNumber(shortest);
  }
  return formatNumber(x);
}

function formatNumber(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

/**
 * Formats one result.
 * @param v - the value
 * @returns its line
 */
export function formatResult(v: WasmValue): string {
  switch (v.type) {
    case 'i32':
      return String(v.value | 0);
    case 'i64':
      return String(BigInt.asIntN(64, v.value));
    case 'f32':
      return formatF32(v.bits);
    case 'f64':
      return formatNumber(f64BitsToNumber(v.bits));
    case 'v128':
      return `0x${BigInt.asUintN(128, v.bits).toString(16).padStart(32, '0')}`;
    case 'funcref':
      return v.value === null ? 'null' : '<funcref>';
    case 'externref':
      return v.value === null ? 'null' : '<externref>';
    case 'exnref':
      return v.value === null ? 'null' : '<exnref>';
  }
}
