/**
 * The facade shaped like the WebAssembly JS API: `validate`, `compile`, `instantiate`, the streaming variants,
 * `Module`, `Instance`, `Memory`, `Table`, `Global` and the three error classes, all backed by one default
 * {@link Store} (see {@link defaultStore}), which frees what no JS object reaches any more (see
 * `js-api-reclaim.ts`). Code written for the global
 * `WebAssembly` switches by changing one import:
 *
 * ```ts
 * import { WebAssembly } from '@edgedancer/interpreter';
 * const { instance } = await WebAssembly.instantiate(bytes, { env: { log: console.log } });
 * ```
 *
 * Calls are synchronous, as in the JS API. A JS import that returns a Promise makes a synchronous call throw a
 * TypeError; {@link callAsync} runs an export so that such imports are awaited (the calling wasm code
 * suspends meanwhile). JSPI's `Suspending` and `promising` are the standard way to the same (`js-api-jspi.ts`).
 * What the JS API cannot express (fuel, suspension, capture) is in the low-level API.
 *
 * Where the facade differs from the JS API:
 * - Instances, memories, tables, globals, host functions and host values are freed from the default store in a
 *   task after the garbage collector has taken the JS objects that reach them (a long synchronous loop frees
 *   nothing until it yields to the event loop). Addresses are then reused: an address obtained from the
 *   default store through the low-level API stays valid only while a facade object reaches its entity.
 * - A JS import returning a Promise throws a TypeError in a synchronous call, even when the import has no
 *   results (the JS API would ignore the Promise, or convert it to a number).
 * - A `memory.grow` by 0 pages executed by wasm leaves the current buffer attached (the interpreter does not
 *   report it); growth by more pages, and `Memory.grow` with any delta, detach it. Detaching needs
 *   `ArrayBuffer.prototype.transfer` or `structuredClone`; without them old buffers stay attached.
 * - Memory buffers are ordinary ArrayBuffers: transferring one away (postMessage, `transfer`) breaks the memory.
 * - `'funcref'` is accepted as a synonym of `'anyfunc'`; an explicit `undefined` for an optional value counts as
 *   missing (Web IDL), so it gives the type's default.
 * - Call stack exhaustion is a RuntimeError (V8 throws a RangeError). `CompileError` takes the interpreter's
 *   constructor arguments (message and offset), not the JS API's (message, options); `RuntimeError` takes a
 *   trap code, or else the JS API's (message, options).
 * - Objects of another engine (Node's own `WebAssembly.Memory`, ...) are not accepted as imports, and vice versa.
 * - A shared Memory's `buffer` is one growable SharedArrayBuffer, grown in place (see js-api-memory.ts).
 * - Not supported: memory64 (`address`), type reflection (`type()`), `Tag`/`Exception`, and the
 *   compile options (`builtins`, `importedStringConstants`). The streaming variants check the response's
 *   MIME type essence and `ok` only.
 * @module
 */

import { CompileError, LinkError, RuntimeError } from './errors.js';
import { Exception, jsTag, Tag, toJsThrow } from './js-api-exception.js';
import { Global } from './js-api-global.js';
import { type Imports, Instance, instantiateLater } from './js-api-instance.js';
import { promising, SuspendError, Suspending } from './js-api-jspi.js';
import { Memory } from './js-api-memory.js';
import { moduleFromClone } from './js-api-module-clone.js';
import { defaultStore, withCallMode } from './js-api-realm.js';
import { holdReclaim } from './js-api-reclaim.js';
import { Table } from './js-api-table.js';
import { argsToWasm, type ExportedFunction, funcAddrOf, resultsToJs } from './js-api-values.js';
import { isObject } from './js-api-webidl.js';
import { compileModule, validateModuleBytes } from './module.js';
import { type BufferSource, Module, toBytes } from './module-class.js';
import { type FuncInst, SUSPEND } from './runtime.js';
import type { WasmValue } from './state-types.js';
import { hasType } from './values.js';

export { Exception, type ExceptionOptions, jsTag, Tag, type TagType } from './js-api-exception.js';
export type { GlobalDescriptor, ValueType } from './js-api-global.js';
export type { Exports, ExportValue, Imports, ImportValue } from './js-api-instance.js';
export { promising, SuspendError, Suspending } from './js-api-jspi.js';
export type { MemoryDescriptor } from './js-api-memory.js';
export type { TableDescriptor, TableKind } from './js-api-table.js';
export type { ExportedFunction } from './js-api-values.js';
export { CompileError, defaultStore, Global, Instance, LinkError, Memory, Module, RuntimeError, Table };

/** What `instantiate(bytes, imports)` resolves to. */
export interface InstantiatedSource {
  readonly module: Module;
  readonly instance: Instance;
}

/** The part of a fetch `Response` that the streaming functions read. */
export interface ResponseLike {
  readonly ok?: boolean;
  readonly headers?: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
}

/**
 * Whether `bytes` is a valid WebAssembly module.
 * @param bytes an ArrayBuffer or a view of one (copied before use)
 * @returns true when the module decodes and validates
 * @throws TypeError when `bytes` is not an ArrayBuffer or view
 * @example validate(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])) // true
 */
export function validate(bytes: BufferSource): boolean {
  const copy = toBytes(bytes);
  try {
    validateModuleBytes(copy);
    return true;
  } catch (e) {
    if (e instanceof CompileError) return false;
    throw e;
  }
}

/**
 * Compiles a module. The bytes are copied at once; compilation happens in a later microtask.
 * @param bytes an ArrayBuffer or a view of one
 * @returns a Promise of the module, rejected with CompileError when the bytes are invalid, or TypeError when they
 *   are not an ArrayBuffer or view
 * @example const module = await compile(bytes);
 */
export function compile(bytes: BufferSource): Promise<Module> {
  let copy: Uint8Array;
  try {
    copy = toBytes(bytes);
  } catch (e) {
    return Promise.reject(e);
  }
  return Promise.resolve().then(() => new Module(compileModule(copy)));
}

/**
 * Compiles and instantiates, or instantiates an already compiled module.
 * @param source the module's bytes (resolves to `{ module, instance }`) or a Module (resolves to an Instance)
 * @param importObject `{ [module]: { [name]: value } }`; required when the module has imports
 * @returns a Promise rejected with CompileError, LinkError, RuntimeError (start function trap), TypeError (bad
 *   arguments), or whatever a JS import throws during the start function
 * @example
 * const { instance } = await instantiate(bytes, { env: { print: (x: number) => console.log(x) } });
 * const instance2 = await instantiate(new Module(bytes), { env: { print() {} } });
 */
export function instantiate(source: Module, importObject?: Imports): Promise<Instance>;
export function instantiate(source: BufferSource, importObject?: Imports): Promise<InstantiatedSource>;
export function instantiate(
  source: Module | BufferSource,
  importObject?: Imports,
): Promise<Instance | InstantiatedSource> {
  if (source instanceof Module) return instantiateLater(source, importObject);
  let posted: Module | undefined;
  try {
    posted = moduleFromClone(source); // a Module posted to this worker (structured clone)
  } catch (e) {
    return Promise.reject(e);
  }
  if (posted !== undefined) return instantiateLater(posted, importObject);
  return compile(source).then(async (module) => ({ module, instance: await instantiateLater(module, importObject) }));
}

/**
 * Compiles a module from a fetch Response (or a Promise of one), as the WebAssembly Web API does.
 * @param source a Response with `Content-Type: application/wasm`
 * @returns a Promise of the module, rejected with TypeError when the response is not ok or not `application/wasm`
 * @example const module = await compileStreaming(fetch('/app.wasm'));
 */
export async function compileStreaming(source: ResponseLike | PromiseLike<ResponseLike>): Promise<Module> {
  return compile(await responseBytes(source));
}

/**
 * Compiles and instantiates a module from a fetch Response (or a Promise of one).
 * @param source a Response with `Content-Type: application/wasm`
 * @param importObject as for {@link instantiate}
 * @returns a Promise of `{ module, instance }`
 * @example const { instance } = await instantiateStreaming(fetch('/app.wasm'), imports);
 */
export async function instantiateStreaming(
  source: ResponseLike | PromiseLike<ResponseLike>,
  importObject?: Imports,
): Promise<InstantiatedSource> {
  return instantiate(await responseBytes(source), importObject);
}

async function responseBytes(source: ResponseLike | PromiseLike<ResponseLike>): Promise<Uint8Array> {
  const response: unknown = await source;
  if (!isObject(response) || typeof (response as ResponseLike).arrayBuffer !== 'function') {
    throw new TypeError('expected a Response or a Promise of one');
  }
  const r = response as ResponseLike;
  const type = r.headers?.get('Content-Type') ?? '';
  if (type.split(';')[0]!.trim().toLowerCase() !== 'application/wasm') {
    throw new TypeError(`incorrect response MIME type "${type}": expected "application/wasm"`);
  }
  if (r.ok === false) throw new TypeError('the response is not ok');
  return new Uint8Array(await r.arrayBuffer());
}

/**
 * Calls an Exported Function so that JS imports returning Promises are awaited: the wasm code suspends at such
 * an import and resumes with its resolved results. Not part of the JS API.
 * @param fn an Exported Function (from `instance.exports`, a Table, or a funcref)
 * @param args the JS arguments, converted as a normal call converts them
 * @returns a Promise of what a normal call would return; rejected with RuntimeError on a trap, or with what an
 *   import throws or rejects with (the suspended call is then abandoned)
 * @example
 * const { instance } = await instantiate(bytes, { env: { fetchValue: async () => 42 } });
 * await callAsync(instance.exports.run as ExportedFunction); // the import's Promise is awaited
 */
export async function callAsync(fn: ExportedFunction, ...args: unknown[]): Promise<unknown> {
  // A suspended call holds addresses on its stack: nothing is freed until it ends.
  const release = holdReclaim();
  try {
    return await callAsyncHeld(fn, args);
  } finally {
    release();
  }
}

async function callAsyncHeld(fn: ExportedFunction, args: unknown[]): Promise<unknown> {
  const store = defaultStore();
  const addr = funcAddrOf(fn);
  const type = store.funcType(addr);
  const wasmArgs = argsToWasm(type, args);
  const f = store.funcs[addr]!;
  if (f.host !== null) return resultsToJs(await callHostDirectly(f, wasmArgs));
  const ex = store.call(addr, wasmArgs);
  let r = withCallMode(true, () => ex.run());
  while (r.status === 'suspended' && r.reason === 'host' && ex.pendingPromise !== null) {
    const results = await ex.pendingPromise;
    r = withCallMode(true, () => ex.resume(results));
  }
  if (r.status === 'done') return resultsToJs(r.results);
  if (r.status === 'trapped') throw toJsThrow(r.error);
  throw new TypeError(`callAsync: the call suspended (${r.reason}), which only the low-level Execution API can handle`);
}

/** Calls a host function that is itself the callee (an imported JS function exported again). */
async function callHostDirectly(f: FuncInst, args: WasmValue[]): Promise<WasmValue[]> {
  const store = defaultStore();
  const out = withCallMode(true, () => f.host!(args, { store, memAddr: null, instanceAddr: null }));
  if (out === SUSPEND) throw new TypeError('callAsync: a host function called directly cannot suspend');
  const results = await out;
  const types = f.type.results;
  if (results.length !== types.length || results.some((v, i) => !hasType(v, types[i]!))) {
    throw new TypeError(`callAsync: host function ${f.hostName} returned results of the wrong types`);
  }
  return results;
}

const operations = { validate, compile, instantiate, compileStreaming, instantiateStreaming, promising };
const interfaces = {
  Module,
  Instance,
  Memory,
  Table,
  Global,
  CompileError,
  LinkError,
  RuntimeError,
  Tag,
  Exception,
  Suspending,
  SuspendError,
};

/** The facade's namespace object: the JS API's operations and interfaces, and `JSTag`. */
export type WebAssemblyNamespace = Readonly<typeof operations & typeof interfaces & { readonly JSTag: Tag }>;

/**
 * The whole facade as one object shaped like the global `WebAssembly` namespace, with the same property
 * attributes (Web IDL: every member writable and configurable, operations enumerable, interfaces not), so code
 * that derives its own object from it (`Object.assign(Object.create(WebAssembly), { instantiate })`, as
 * esbuild-wasm does) works as with the host's. `JSTag` is allocated on first use.
 * @example
 * import { WebAssembly } from '@edgedancer/interpreter';
 * const { instance } = await WebAssembly.instantiate(bytes, imports);
 */
export const WebAssembly: WebAssemblyNamespace = namespaceObject();

function namespaceObject(): WebAssemblyNamespace {
  const ns = {};
  for (const [name, value] of Object.entries(operations)) {
    Object.defineProperty(ns, name, { value, writable: true, enumerable: true, configurable: true });
  }
  for (const [name, value] of Object.entries(interfaces)) {
    Object.defineProperty(ns, name, { value, writable: true, enumerable: false, configurable: true });
  }
  Object.defineProperty(ns, 'JSTag', { get: (): Tag => jsTag(), enumerable: false, configurable: true });
  Object.defineProperty(ns, Symbol.toStringTag, { value: 'WebAssembly', configurable: true });
  return ns as WebAssemblyNamespace;
}
