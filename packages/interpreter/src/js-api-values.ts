/**
 * Values across the JS boundary of the facade: `ToJSValue` and `ToWebAssemblyValue` of the JS API, and the
 * Exported Functions that stand for function addresses (the JS side of a `funcref`).
 *
 * An Exported Function is a plain, non-constructible JS function with `name` = its function index and
 * `length` = its parameter count; calling it converts the arguments, runs the function to completion in the
 * default store, and converts the results. One function address gives the same function object as long as
 * that object lives (once it is collected, and nothing else reaches the function, its address is reused).
 * @module
 */
import { toJsThrow } from './js-api-exception.js';
import { defaultStore, withCallMode } from './js-api-realm.js';
import { liveWrapper, onFreed, registerWrapper } from './js-api-reclaim.js';
import { describe } from './js-api-webidl.js';
import type { WasmValue } from './state-types.js';
import { type FuncType, ValType } from './types.js';
import { defaultValue, f32, f32FromBits, f64, f64FromBits, hostTypeCode, i32, i64, valTypeName } from './values.js';

/** A WebAssembly function as JS sees it. */
export type ExportedFunction = (...args: unknown[]) => unknown;

const addrsByFunction = new WeakMap<object, number>();
/** The "index of the host function" of each host function the facade created from a JS function. */
const hostIndexes = new Map<number, number>();
onFreed((kind, addr) => {
  if (kind === 'funcs') hostIndexes.delete(addr);
});

/**
 * Converts a wasm value to JS: i32, f32, f64 → Number; i64 → BigInt; funcref → Exported Function or null;
 * externref → the host value.
 * @param v the value
 * @returns the JS value
 * @throws TypeError for v128, which has no JS representation
 */
export function toJsValue(v: WasmValue): unknown {
  switch (v.type) {
    case 'i32':
    case 'i64':
    case 'externref':
      return v.value;
    case 'f32':
      return f32FromBits(v.bits);
    case 'f64':
      return f64FromBits(v.bits);
    case 'funcref':
      return v.value === null ? null : exportedFunction(v.value);
    case 'v128':
      throw new TypeError('a v128 value cannot be passed to JavaScript');
    case 'exnref':
      throw new TypeError('an exnref value cannot be passed to JavaScript');
  }
}

/**
 * Converts a JS value to a wasm value of type `t`: ToInt32 for i32, ToBigInt64 for i64, ToNumber (rounded to
 * single precision) for f32, ToNumber for f64, an Exported Function or null for funcref, anything for externref.
 * @param v the JS value
 * @param t the value type code
 * @returns the wasm value
 * @throws TypeError when the value does not convert (a BigInt for a number type, a Number for i64, a non-exported
 *   function for funcref, any value for v128)
 */
export function toWasmValue(v: unknown, t: number): WasmValue {
  switch (hostTypeCode(t)) {
    case ValType.I32:
      return i32((v as number) | 0);
    case ValType.I64:
      return i64(BigInt.asIntN(64, v as bigint));
    case ValType.F32:
      return f32(+(v as number));
    case ValType.F64:
      return f64(+(v as number));
    case ValType.FuncRef:
      return { type: 'funcref', value: v === null ? null : funcAddrOf(v) };
    case ValType.ExternRef:
      return { type: 'externref', value: v };
    default:
      throw new TypeError(`a JavaScript value cannot be converted to ${valTypeName(t)}`);
  }
}

/**
 * The default value of a type in the JS API: `undefined` for externref, zero or null otherwise.
 * @param t the value type code
 */
export function jsDefaultValue(t: number): WasmValue {
  return hostTypeCode(t) === ValType.ExternRef ? { type: 'externref', value: undefined } : defaultValue(t);
}

/**
 * The function address of an Exported Function.
 * @throws TypeError when `v` is not an Exported Function
 */
export function funcAddrOf(v: unknown): number {
  const addr = typeof v === 'function' ? addrsByFunction.get(v) : undefined;
  if (addr === undefined) throw new TypeError(`expected an exported WebAssembly function, got ${describe(v)}`);
  return addr;
}

/** The function address of `v` if it is an Exported Function, else undefined. */
export function exportedFuncAddr(v: unknown): number | undefined {
  return typeof v === 'function' ? addrsByFunction.get(v) : undefined;
}

/**
 * Records the "index of the host function" (its position among the module's function imports), the name its
 * Exported Function gets if the host function is exported again.
 */
export function setHostIndex(funcAddr: number, index: number): void {
  hostIndexes.set(funcAddr, index);
}

/** Whether a function type mentions v128, which calls across the JS boundary reject. */
export function hasV128(type: FuncType): boolean {
  return type.params.includes(ValType.V128) || type.results.includes(ValType.V128);
}

/**
 * The Exported Function of a function address in the default store (created once, then cached).
 * @param funcAddr a function address in the default store
 * @returns the same function object for the same address
 */
export function exportedFunction(funcAddr: number): ExportedFunction {
  let fn = liveWrapper<ExportedFunction>('funcs', funcAddr);
  if (fn !== undefined) return fn;
  const type = defaultStore().funcType(funcAddr);
  fn = (...args: unknown[]): unknown => callExportedFunction(funcAddr, args);
  Object.defineProperty(fn, 'name', { value: functionName(funcAddr) });
  Object.defineProperty(fn, 'length', { value: type.params.length });
  registerWrapper('funcs', funcAddr, fn);
  addrsByFunction.set(fn, funcAddr);
  return fn;
}

function functionName(funcAddr: number): string {
  const f = defaultStore().funcs[funcAddr]!;
  if (f.host === null) return String(f.funcIdx);
  const index = hostIndexes.get(funcAddr);
  return index === undefined ? f.hostName : String(index);
}

/**
 * Converts the JS arguments of a call to the parameter types (missing ones are `undefined`).
 * @throws TypeError when the type mentions v128 or an argument does not convert
 */
export function argsToWasm(type: FuncType, args: readonly unknown[]): WasmValue[] {
  if (hasV128(type)) throw new TypeError('a function with v128 parameters or results cannot be called from JavaScript');
  return type.params.map((t, i) => toWasmValue(args[i], t));
}

/** Converts the results of a call to its JS return value: undefined, one value, or an array. */
export function resultsToJs(results: readonly WasmValue[]): unknown {
  if (results.length === 0) return undefined;
  if (results.length === 1) return toJsValue(results[0]!);
  return results.map(toJsValue);
}

/**
 * Calls a function of the default store as the JS API calls an Exported Function.
 * @throws RuntimeError on a trap; TypeError when an argument does not convert or a JS import returns a Promise;
 *   whatever a JS import throws
 */
function callExportedFunction(funcAddr: number, args: readonly unknown[]): unknown {
  const store = defaultStore();
  const wasmArgs = argsToWasm(store.funcType(funcAddr), args);
  let results: WasmValue[];
  try {
    results = withCallMode(false, () => store.invoke(funcAddr, wasmArgs));
  } catch (e) {
    throw toJsThrow(e);
  }
  return resultsToJs(results);
}
