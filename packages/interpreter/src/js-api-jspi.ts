/**
 * JavaScript Promise Integration (JSPI) in the facade, as the JS API's JSPI section specifies it:
 * `WebAssembly.Suspending` marks a JS function whose calls through a WebAssembly import suspend the calling
 * WebAssembly code until the Promise it returns settles, and `WebAssembly.promising` wraps an Exported Function
 * into a JS function that returns a Promise of its results.
 *
 * No stack switching is involved: a `promising` call runs its wasm code as an {@link Execution}, a suspending
 * import makes that execution suspend at the call (a host suspension, the same state a capture sees), and the
 * execution resumes with the settled value in a later microtask, or has the rejection thrown at the call site
 * (a JS exception in wasm: `catch_all` catches it; uncaught, it rejects the promising call's Promise). So it
 * works wherever the interpreter does: under `node --jitless`, in browsers without native JSPI.
 *
 * The spec's "execution context status map" reduces to one question, asked when a suspending import is called:
 * is the innermost running call a `promising` call's own synchronous segment? A synchronous call of an Exported
 * Function (from JS, including from a JS import that wasm called) starts a fresh context with no entry, so a
 * suspending import reached through it throws a `SuspendError` (a JS exception thrown into the calling wasm),
 * as it does when no `promising` call is running at all. Several `promising` calls may be suspended at once,
 * and a `promising` function may be called re-entrantly from a JS import; each call has its own execution.
 *
 * Follows the spec where V8 differs: a suspending import suspends even when the function returns a value that
 * is not a Promise (the spec's `PromiseResolve` + `Await`; other microtasks run first). As in the JS API, a JS
 * import not marked `Suspending` that returns a Promise inside a `promising` call gives the Promise object to the
 * usual conversion (e.g. an externref result holds it); outside one, the facade keeps throwing a TypeError.
 * `callAsync` calls count as suspendable too (a rejection there abandons the call, as `callAsync` documents).
 * @module
 */

import type { Execution } from './execution.js';
import { toJsThrow } from './js-api-exception.js';
import { activeJspiContext, defaultStore, promisesAllowed, refreshBuffers, withCallMode } from './js-api-realm.js';
import { holdReclaim } from './js-api-reclaim.js';
import { argsToWasm, exportedFuncAddr, funcAddrOf, hasV128, resultsToJs, toJsValue } from './js-api-values.js';
import { type FuncInst, type HostFunction, SUSPEND } from './runtime.js';
import type { RunResult, WasmValue } from './state-types.js';
import type { FuncType } from './types.js';
import { hasType } from './values.js';

/**
 * The JS API's `WebAssembly.SuspendError`: a suspending import was called where the calling wasm code cannot be
 * suspended (no `WebAssembly.promising` call, or JS frames between it and the import).
 */
export class SuspendError extends Error {
  override name = 'SuspendError';
}

type JsFunction = (...args: unknown[]) => unknown;

const wrappedFunctions = new WeakMap<object, JsFunction>();

/**
 * `WebAssembly.Suspending`: a marker around a JS function, given as a function import, whose calls suspend the
 * calling WebAssembly code until the returned Promise (or value) settles.
 * @example
 * const imports = { env: { fetchNumber: new Suspending(async () => 42) } };
 * const { instance } = await instantiate(bytes, imports);
 * const run = promising(instance.exports.run as ExportedFunction);
 * await run(); // the wasm code waited for fetchNumber's Promise
 */
export class Suspending {
  /**
   * @param jsFun the function to wrap
   * @throws TypeError when `jsFun` is not callable
   */
  constructor(jsFun: (...args: never[]) => unknown) {
    if (typeof jsFun !== 'function') throw new TypeError('WebAssembly.Suspending: the argument must be callable');
    wrappedFunctions.set(this, jsFun as JsFunction);
  }
}
Object.defineProperty(Suspending.prototype, Symbol.toStringTag, {
  value: 'WebAssembly.Suspending',
  configurable: true,
});

/**
 * The function a `Suspending` object wraps (the JS API's \[[WrappedFunction]] slot).
 * @returns the function, or undefined when `v` is not a Suspending object
 */
export function suspendingFunctionOf(v: unknown): JsFunction | undefined {
  return typeof v === 'object' && v !== null ? wrappedFunctions.get(v) : undefined;
}

/**
 * The JS API's "create a suspending function": the host function behind an import given as a Suspending object.
 * @param fn the wrapped JS function
 * @param type the import's function type
 * @param name `module.field`, for messages
 * @param toResults the JS API's "coerce a JavaScript return" for `type`'s results
 */
export function suspendingHostFunction(
  fn: JsFunction,
  type: FuncType,
  name: string,
  toResults: (ret: unknown, types: readonly number[], name: string) => WasmValue[],
): HostFunction {
  return (args) => {
    if (activeJspiContext() === null && !promisesAllowed()) {
      throw new SuspendError(
        `${name}: a suspending import was called outside a WebAssembly.promising call, or with JavaScript frames in between`,
      );
    }
    if (hasV128(type))
      throw new TypeError(`${name}: a function with v128 parameters or results cannot call JavaScript`);
    refreshBuffers();
    const ret = Reflect.apply(fn, undefined, args.map(toJsValue));
    // PromiseResolve + Await: always a suspension, whatever `fn` returned.
    return Promise.resolve(ret).then((v: unknown) => toResults(v, type.results, name));
  };
}

/**
 * `WebAssembly.promising`: wraps an Exported Function into a JS function that runs it as a suspendable call and
 * returns a Promise of its results (rejected with a RuntimeError on a trap, with the `WebAssembly.Exception` or JS
 * value of an uncaught exception, or with a TypeError when an argument does not convert).
 * @param wasmFunc an Exported Function
 * @returns a function of length 1 returning a Promise
 * @throws TypeError when `wasmFunc` is not an Exported Function
 * @example const run = promising(instance.exports.run as ExportedFunction); const result = await run(7);
 */
export function promising(wasmFunc: unknown): (...args: unknown[]) => Promise<unknown> {
  if (typeof wasmFunc !== 'function') throw new TypeError('WebAssembly.promising: the argument must be callable');
  if (exportedFuncAddr(wasmFunc) === undefined) {
    throw new TypeError('WebAssembly.promising: the argument must be an exported WebAssembly function');
  }
  const fn = (...args: unknown[]): Promise<unknown> => runPromising(wasmFunc, args);
  Object.defineProperty(fn, 'length', { value: 1 });
  Object.defineProperty(fn, 'name', { value: '' });
  return fn;
}

/** The JS API's "run a Promising function": runs synchronously up to the first suspension. */
async function runPromising(wasmFunc: unknown, args: unknown[]): Promise<unknown> {
  // A suspended call holds addresses on its stack: nothing is freed until it ends.
  const release = holdReclaim();
  try {
    return await evaluatePromising(wasmFunc, args);
  } finally {
    release();
  }
}

async function evaluatePromising(wasmFunc: unknown, args: unknown[]): Promise<unknown> {
  const store = defaultStore();
  const addr = funcAddrOf(wasmFunc);
  const wasmArgs = argsToWasm(store.funcType(addr), args);
  const context = {};
  const f = store.funcs[addr]!;
  if (f.host !== null) return resultsToJs(await callHostEntry(f, wasmArgs, context));
  const ex = store.call(addr, wasmArgs);
  let r = step(ex, context, () => ex.run());
  while (r.status === 'suspended' && r.reason === 'host' && ex.pendingPromise !== null) {
    let settled: { ok: true; results: WasmValue[] } | { ok: false; error: unknown };
    try {
      settled = { ok: true, results: await ex.pendingPromise };
    } catch (error) {
      settled = { ok: false, error };
    }
    const s = settled;
    r = step(ex, context, () => (s.ok ? ex.resume(s.results) : ex.resumeThrow(s.error)));
  }
  if (r.status === 'done') return resultsToJs(r.results);
  if (r.status === 'trapped') throw toJsThrow(r.error);
  ex.abort();
  throw new TypeError(
    `WebAssembly.promising: the call suspended (${r.reason}), which only the low-level Execution API can handle`,
  );
}

/** One synchronous segment of a promising call, with its context active. */
function step(ex: Execution, context: object, run: () => RunResult): RunResult {
  try {
    return withCallMode(false, run, context);
  } catch (e) {
    if (ex.status === 'running' || ex.status === 'suspended') ex.abort();
    throw toJsThrow(e);
  }
}

/** A promising call of a host function (an import exported again): a suspending one is awaited. */
async function callHostEntry(f: FuncInst, args: WasmValue[], context: object): Promise<WasmValue[]> {
  const store = defaultStore();
  const out = withCallMode(false, () => f.host!(args, { store, memAddr: null, instanceAddr: null }), context);
  if (out === SUSPEND) throw new TypeError('WebAssembly.promising: a host function called directly cannot suspend');
  const results = await out;
  const types = f.type.results;
  if (results.length !== types.length || results.some((v, i) => !hasType(v, types[i]!))) {
    throw new TypeError(`WebAssembly.promising: host function ${f.hostName} returned results of the wrong types`);
  }
  return results;
}
