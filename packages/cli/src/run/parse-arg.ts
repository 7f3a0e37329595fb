/**
 * Command-line arguments of `edgedancer run` turned into values of the function's parameter types:
 * integers in decimal or `0x` hex (i64 as a BigInt literal), floats as text-format literals or JS numbers
 * (`1.5`, `-0`, `0x1p-3`, `inf`, `-inf`, `nan`, `nan:0x200000`, `Infinity`, `NaN`), references only `null`.
 * @module
 */

import type { ValTypeName, WasmValue } from '@edgedancer/interpreter';
import {
  F32_FORMAT,
  F64_FORMAT,
  LiteralError,
  numberToF32Bits,
  numberToF64Bits,
  parseFloatBits,
  parseIntLiteral,
} from '@edgedancer/spec-tests/literals';

/**
 * Parses one argument for a parameter.
 * @param text - the argument as typed
 * @param type - the parameter's type
 * @returns the value
 * @throws RangeError when the text is not a value of that type
 * @example parseArgValue('-1', 'i64') // { type: 'i64', value: -1n }
 */
export function parseArgValue(text: string, type: ValTypeName): WasmValue {
  try {
    switch (type) {
      case 'i32':
        return { type: 'i32', value: Number(parseIntLiteral(text, 32)) };
      case 'i64':
        return { type: 'i64', value: parseIntLiteral(text, 64) };
      case 'f32':
        return { type: 'f32', bits: Number(floatBits(text, 'f32')) };
      case 'f64':
        return { type: 'f64', bits: floatBits(text, 'f64') };
      case 'funcref':
      case 'externref':
      case 'exnref':
        if (text === 'null') return { type, value: null };
        throw new RangeError(`only null can be passed as ${type}`);
      case 'v128':
        throw new RangeError('v128 arguments are not supported');
    }
  } catch (e) {
    if (e instanceof LiteralError) throw new RangeError(`${JSON.stringify(text)} is not an ${type}: ${e.message}`);
    throw e;
  }
}

function floatBits(text: string, type: 'f32' | 'f64'): bigint {
  const format = type === 'f32' ? F32_FORMAT : F64_FORMAT;
  try {
    return parseFloatBits(text, format);
  } catch (e) {
    const x = jsNumber(text);
    if (x === undefined) throw e;
    return type === 'f32' ? BigInt(numberToF32Bits(x)) : numberToF64Bits(x);
  }
}

/** Accepts what JS's `Number` reads as a number, except empty or blank text. */
function jsNumber(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const x = Number(text);
  return Number.isNaN(x) && text.replace(/^[+-]/, '') !== 'NaN' ? undefined : x;
}
