/**
 * Numbers across the enclave boundary, converted as the WebAssembly JS API converts them: i32 and f32/f64
 * from JS numbers, i64 from BigInt. Only numeric types cross: references and v128 stay inside.
 * @module
 */
import {
  type FuncType,
  f32,
  f32FromBits,
  f64,
  f64FromBits,
  i32,
  i64,
  ValType,
  type WasmValue,
} from '@edgedancer/interpreter';

/** A value as the host sees it. */
export type JsNumber = number | bigint;

/**
 * Whether a function type has only numeric parameters and results.
 * @param type - the function type
 * @returns true when every type is i32, i64, f32 or f64
 */
export function isNumericType(type: FuncType): boolean {
  return [...type.params, ...type.results].every(
    (t) => t === ValType.I32 || t === ValType.I64 || t === ValType.F32 || t === ValType.F64,
  );
}

/**
 * Converts a host value to a wasm value of type `t`.
 * @param v - a number (i32, f32, f64) or a bigint (i64)
 * @param t - the value type code
 * @param what - for messages
 * @returns the wasm value
 * @throws TypeError when `v` has the wrong JS type
 */
export function jsToWasm(v: unknown, t: number, what: string): WasmValue {
  if (t === ValType.I64) {
    if (typeof v !== 'bigint') throw new TypeError(`${what} must be a bigint (i64)`);
    return i64(v);
  }
  if (typeof v !== 'number') throw new TypeError(`${what} must be a number`);
  return t === ValType.I32 ? i32(v) : t === ValType.F32 ? f32(v) : f64(v);
}

/**
 * Converts a numeric wasm value for the host.
 * @param v - the wasm value
 * @returns a number, or a bigint for i64
 */
export function wasmToJs(v: WasmValue): JsNumber {
  switch (v.type) {
    case 'i32':
    case 'i64':
      return v.value;
    case 'f32':
      return f32FromBits(v.bits);
    case 'f64':
      return f64FromBits(v.bits);
    default:
      throw new TypeError(`${v.type} values do not cross the enclave boundary`);
  }
}

/**
 * Results as the JS API returns them: nothing, one value, or an array.
 * @param results - wasm results
 * @returns undefined, a value, or an array of values
 */
export function resultsToJs(results: readonly WasmValue[]): JsNumber | JsNumber[] | undefined {
  if (results.length === 0) return undefined;
  if (results.length === 1) return wasmToJs(results[0]!);
  return results.map(wasmToJs);
}

/**
 * A host's return value as wasm results of `types`.
 * @param out - undefined, a value, or an array of values
 * @param types - the result type codes
 * @returns the wasm results
 * @throws TypeError when the count or a type is wrong
 */
export function jsToResults(out: unknown, types: readonly number[]): WasmValue[] {
  if (types.length === 0) return [];
  const values = types.length === 1 && !Array.isArray(out) ? [out] : out;
  if (!Array.isArray(values) || values.length !== types.length) throw new TypeError(`expected ${types.length} results`);
  return types.map((t, i) => jsToWasm(values[i], t, `result ${i}`));
}
