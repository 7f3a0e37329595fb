/**
 * `Instance`: instantiation as the WebAssembly JS API does it. Reads the imports from an import object (JS
 * functions become host functions, Exported Functions and Memory / Table / Global objects link by address,
 * numbers become immutable globals), instantiates in the default store, and builds the frozen exports object.
 * @module
 */
import { LinkError } from './errors.js';
import { type Tag, tagAddrOf, tagObject } from './js-api-exception.js';
import { type Global, globalAddrOf, globalObject } from './js-api-global.js';
import { type Suspending, suspendingFunctionOf, suspendingHostFunction } from './js-api-jspi.js';
import { type Memory, memoryAddrOf, memoryObject } from './js-api-memory.js';
import { moduleFromClone } from './js-api-module-clone.js';
import { activeJspiContext, defaultStore, promisesAllowed, refreshBuffers, withCallMode } from './js-api-realm.js';
import { holdReclaim } from './js-api-reclaim.js';
import { type Table, tableAddrOf, tableObject } from './js-api-table.js';
import {
  type ExportedFunction,
  exportedFuncAddr,
  exportedFunction,
  hasV128,
  setHostIndex,
  toJsValue,
  toWasmValue,
} from './js-api-values.js';
import { isObject } from './js-api-webidl.js';
import { Module } from './module-class.js';
import type { HostFunction } from './runtime.js';
import type { Extern, WasmValue } from './state-types.js';
import { ExternKind, type FuncType, type GlobalType, type Import, ValType } from './types.js';

/** What an instance exports: functions, memories, tables and globals. */
export type ExportValue = ExportedFunction | Memory | Table | Global | Tag;
/** The exports object: frozen, with a null prototype. */
export type Exports = Readonly<Record<string, ExportValue>>;
/**
 * What an import object may hold: JS functions, `Suspending` wrappers of them, exported objects, numbers and BigInts
 * (for immutable globals).
 */
export type ImportValue = ExportValue | ((...args: never[]) => unknown) | Suspending | number | bigint;
/** An import object: module name → field name → value. */
export type Imports = Readonly<Record<string, Readonly<Record<string, ImportValue>>>>;

/** Imports already read, for an instantiation that happens later; module-private. */
class ReadImports {
  constructor(
    readonly module: Module,
    readonly externs: readonly Extern[],
  ) {}
}

/** A module instantiated in the default store. */
export class Instance {
  readonly #exports: Exports;

  /**
   * Instantiates `module` synchronously: reads its imports from `importObject`, runs element and data
   * initialisation and the start function.
   * @param module a compiled module
   * @param importObject `{ [module]: { [name]: value } }`; required when the module has imports
   * @throws TypeError when `module` is not a Module, `importObject` is not an object, or a module entry of it is not
   *   an object; when a JS import returns a Promise during the start function
   * @throws LinkError when an import has the wrong kind or type
   * @throws RuntimeError when initialisation or the start function traps; whatever a JS import throws
   * @example
   * const instance = new Instance(new Module(bytes), { env: { log: console.log } });
   * (instance.exports.main as ExportedFunction)();
   */
  constructor(module: Module, importObject?: Imports) {
    const read = module instanceof ReadImports ? module : readImports(module, importObject);
    const store = defaultStore();
    const addr = withCallMode(false, () => store.instantiate(read.module, read.externs));
    this.#exports = exportsObject(addr);
  }

  /** The instance's exports, in the module's export order. */
  get exports(): Exports {
    return this.#exports;
  }
}
Object.defineProperty(Instance.prototype, Symbol.toStringTag, { value: 'WebAssembly.Instance', configurable: true });

/**
 * Reads the imports now and instantiates in a later microtask, as the JS API's asynchronous instantiation does.
 * @returns a Promise of the instance, rejected with whatever reading or instantiation throws
 */
export function instantiateLater(module: Module, importObject: unknown): Promise<Instance> {
  let read: ReadImports;
  try {
    read = readImports(module, importObject);
  } catch (e) {
    return Promise.reject(e);
  }
  // The imports read are bare addresses until the instance exists: nothing may be freed meanwhile.
  const release = holdReclaim();
  return Promise.resolve()
    .then(() => new Instance(read as unknown as Module))
    .finally(release);
}

/**
 * The JS API's "read the imports".
 * @throws TypeError / LinkError as `new Instance` documents
 */
function readImports(module: unknown, importObject: unknown): ReadImports {
  if (!(module instanceof Module)) module = moduleFromClone(module); // a Module posted to this worker
  if (!(module instanceof Module)) throw new TypeError('Instance: first argument must be a Module');
  if (importObject !== undefined && !isObject(importObject)) throw new TypeError('Instance: imports must be an object');
  const imports = module.compiled.decoded.imports;
  if (imports.length > 0 && importObject === undefined) {
    throw new TypeError('Instance: the module has imports but no import object was given');
  }
  const externs: Extern[] = [];
  let funcIndex = 0;
  for (const imp of imports) {
    const o = (importObject as Record<string, unknown>)[imp.module];
    if (!isObject(o)) throw new TypeError(`Instance: import object field "${imp.module}" is not an object`);
    const v = (o as Record<string, unknown>)[imp.name];
    if (imp.desc.kind === ExternKind.Func) {
      externs.push(readFunction(module, imp, imp.desc.typeIdx, v, funcIndex++));
    } else {
      externs.push(readOther(imp, v));
    }
  }
  return new ReadImports(module, externs);
}

function readFunction(module: Module, imp: Import, typeIdx: number, v: unknown, index: number): Extern {
  const suspending = suspendingFunctionOf(v);
  if (typeof v !== 'function' && suspending === undefined) {
    throw new LinkError(`${where(imp)}: function import requires a callable or a WebAssembly.Suspending`);
  }
  const addr = exportedFuncAddr(v);
  if (addr !== undefined) return { kind: 'func', addr };
  const type = module.compiled.decoded.types[typeIdx]!;
  const name = `${imp.module}.${imp.name}`;
  const host =
    suspending === undefined
      ? hostFunction(v as (...args: unknown[]) => unknown, type, name)
      : suspendingHostFunction(suspending, type, name, resultsToWasm);
  const ext = defaultStore().hostFunc(type, host, name);
  setHostIndex(ext.addr, index);
  return ext;
}

function readOther(imp: Import, v: unknown): Extern {
  switch (imp.desc.kind) {
    case ExternKind.Global:
      return { kind: 'global', addr: globalAddrOf(v) ?? allocConstGlobal(imp, imp.desc.type, v) };
    case ExternKind.Memory: {
      const addr = memoryAddrOf(v);
      if (addr === undefined) throw new LinkError(`${where(imp)}: memory import must be a Memory object`);
      return { kind: 'memory', addr };
    }
    case ExternKind.Table: {
      const addr = tableAddrOf(v);
      if (addr === undefined) throw new LinkError(`${where(imp)}: table import must be a Table object`);
      return { kind: 'table', addr };
    }
    case ExternKind.Tag: {
      const addr = tagAddrOf(v);
      if (addr === undefined) throw new LinkError(`${where(imp)}: tag import must be a Tag object`);
      return { kind: 'tag', addr };
    }
    default:
      throw new LinkError(`${where(imp)}: unexpected import kind`);
  }
}

/** A global import given as a plain value: an immutable global holding it. */
function allocConstGlobal(imp: Import, type: GlobalType, v: unknown): number {
  const t = type.valType;
  if (t === ValType.I64 && typeof v !== 'bigint')
    throw new LinkError(`${where(imp)}: i64 global import requires a BigInt or a Global`);
  if ((t === ValType.I32 || t === ValType.F32 || t === ValType.F64) && typeof v !== 'number') {
    throw new LinkError(`${where(imp)}: global import requires a Number or a Global`);
  }
  if (t === ValType.V128) throw new LinkError(`${where(imp)}: v128 global import requires a Global`);
  let value: WasmValue;
  try {
    value = toWasmValue(v, t);
  } catch (e) {
    if (e instanceof TypeError) throw new LinkError(`${where(imp)}: ${e.message}`, { cause: e });
    throw e;
  }
  return defaultStore().global({ valType: t, mutable: false }, value).addr;
}

function where(imp: Import): string {
  return `import "${imp.module}" "${imp.name}"`;
}

/**
 * The JS API's "create a host function": converts arguments with ToJSValue, calls `fn` with `this` undefined,
 * converts the return value with ToWebAssemblyValue (an iterable for several results).
 */
function hostFunction(fn: (...args: unknown[]) => unknown, type: FuncType, name: string): HostFunction {
  return (args) => {
    if (hasV128(type))
      throw new TypeError(`${name}: a function with v128 parameters or results cannot call JavaScript`);
    refreshBuffers();
    const ret = Reflect.apply(fn, undefined, args.map(toJsValue));
    // In a WebAssembly.promising call a Promise converts as any other value, as in the JS API.
    if (ret instanceof Promise && activeJspiContext() === null) {
      if (!promisesAllowed()) throw promiseError(name);
      return ret.then((v: unknown) => resultsToWasm(v, type.results, name));
    }
    return resultsToWasm(ret, type.results, name);
  };
}

function promiseError(name: string): TypeError {
  return new TypeError(
    `the JS import ${name} returned a Promise, which a synchronous WebAssembly call cannot wait for; ` +
      'call the export with callAsync(fn, ...args), or use the low-level Store.call(...).runAsync()',
  );
}

/** Converts a JS import's return value to its results. */
function resultsToWasm(ret: unknown, types: readonly number[], name: string): WasmValue[] {
  if (types.length === 0) return [];
  if (types.length === 1) return [toWasmValue(ret, types[0]!)];
  const values = iterableToList(ret, name);
  if (values.length !== types.length) {
    throw new TypeError(`${name}: expected ${types.length} results, the iterable gave ${values.length}`);
  }
  return values.map((v, i) => toWasmValue(v, types[i]!));
}

function iterableToList(value: unknown, name: string): unknown[] {
  const method =
    value === undefined || value === null ? undefined : (value as Record<symbol, unknown>)[Symbol.iterator];
  if (typeof method !== 'function') {
    throw new TypeError(`${name}: a function with several results must return an iterable`);
  }
  return Array.from({ [Symbol.iterator]: () => Reflect.apply(method, value, []) as Iterator<unknown> });
}

/** The JS API's "create an exports object". */
function exportsObject(instanceAddr: number): Exports {
  const exports = Object.create(null) as Record<string, ExportValue>;
  for (const { name, extern } of defaultStore().exportsOf(instanceAddr)) {
    Object.defineProperty(exports, name, {
      value: exportValue(extern),
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  return Object.freeze(exports);
}

function exportValue(extern: Extern): ExportValue {
  switch (extern.kind) {
    case 'func':
      return exportedFunction(extern.addr);
    case 'memory':
      return memoryObject(extern.addr);
    case 'table':
      return tableObject(extern.addr);
    case 'global':
      return globalObject(extern.addr);
    case 'tag':
      return tagObject(extern.addr);
  }
}
