/**
 * The engine boundary implemented on Node's own `WebAssembly` (V8): a reference to validate the runner on
 * the real suite independently of the interpreter. Values cross as JS numbers, so NaN payloads may change
 * and v128 cannot cross at all; result types come from what the script expects.
 * @module
 */
import { watToBinary } from '../convert/wat-to-binary.js';
import { f32BitsToNumber, f64BitsToNumber, numberToF32Bits, numberToF64Bits } from '../values/format-value.js';
import type { ValTypeName, WasmValue } from '../values/wasm-value.js';
import type {
  Engine,
  EngineExtern,
  EngineFactory,
  EngineInstance,
  EngineModule,
  ExternKindName,
  FailureKind,
  ImportResolver,
} from './engine.js';
import { SPECTEST_FUNCS, spectestModuleText } from './spectest-host.js';

/** The part of the `WebAssembly` namespace this file uses (lib `dom` is not in the build). */
interface JsWebAssembly {
  Module: { new (bytes: Uint8Array): object; imports(m: object): { module: string; name: string; kind: string }[] };
  Instance: new (m: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  Memory: abstract new (...args: never[]) => object;
  Table: abstract new (...args: never[]) => object;
  Global: abstract new (...args: never[]) => { value: unknown };
  CompileError: abstract new (...args: never[]) => Error;
  LinkError: abstract new (...args: never[]) => Error;
  RuntimeError: abstract new (...args: never[]) => Error;
}

const WA = (globalThis as unknown as { WebAssembly: JsWebAssembly }).WebAssembly;

interface V8Extern extends EngineExtern {
  readonly value: unknown;
}

interface V8Module extends EngineModule {
  readonly module: object;
}

/**
 * Prepares engines on Node's `WebAssembly`.
 * @returns a factory making one engine (with its own spectest instance) per script
 * @example const make = await createV8EngineFactory(); const engine = make();
 */
export async function createV8EngineFactory(): Promise<EngineFactory> {
  const spectest = new WA.Module(await watToBinary(spectestModuleText()));
  return () => new V8Engine(spectest);
}

class V8Engine implements Engine {
  readonly name = 'v8';
  readonly suspensions = 0;
  private readonly spectestInstance: EngineInstance;

  constructor(spectestModule: object) {
    const host: Record<string, unknown> = {};
    for (const f of SPECTEST_FUNCS) host[f.name] = () => undefined;
    this.spectestInstance = wrapInstance(new WA.Instance(spectestModule, { host }));
  }

  compile(bytes: Uint8Array): EngineModule {
    return { engineModule: true, module: new WA.Module(bytes) } as V8Module;
  }

  instantiate(module: EngineModule, resolve: ImportResolver): EngineInstance {
    const m = (module as V8Module).module;
    const imports: Record<string, Record<string, unknown>> = {};
    for (const imp of WA.Module.imports(m)) {
      const found = resolve(imp.module, imp.name) as V8Extern | undefined;
      if (found === undefined) throw new V8UnknownImportError(`unknown import ${imp.module}.${imp.name}`);
      (imports[imp.module] ??= {})[imp.name] = found.value;
    }
    return wrapInstance(new WA.Instance(m, imports));
  }

  spectest(): EngineInstance {
    return this.spectestInstance;
  }

  invoke(func: EngineExtern, args: readonly WasmValue[], resultTypes?: readonly ValTypeName[]): WasmValue[] {
    const fn = (func as V8Extern).value as (...a: unknown[]) => unknown;
    const ret = fn(...args.map(toJs));
    const many = resultTypes === undefined ? Array.isArray(ret) : resultTypes.length > 1;
    const list = many ? (ret as unknown[]) : ret === undefined && resultTypes?.length !== 1 ? [] : [ret];
    return list.map((v, i) => fromJs(v, resultTypes?.[i]));
  }

  getGlobal(global: EngineExtern, type?: ValTypeName): WasmValue {
    return fromJs(((global as V8Extern).value as { value: unknown }).value, type);
  }

  classify(error: unknown): FailureKind {
    if (error instanceof WA.CompileError) return 'compile';
    if (error instanceof WA.LinkError || error instanceof V8UnknownImportError) return 'link';
    if (error instanceof WA.RuntimeError) return 'trap';
    if (error instanceof RangeError && /call stack/i.test(error.message)) return 'exhaustion';
    const exn = (WA as unknown as { Exception?: new (...a: never[]) => unknown }).Exception;
    if (exn !== undefined && error instanceof exn) return 'exception';
    return 'other';
  }
}

/** An import that no registered module provides. */
class V8UnknownImportError extends Error {
  override name = 'LinkError';
}

function wrapInstance(instance: { exports: Record<string, unknown> }): EngineInstance {
  return {
    exportOf(name: string): EngineExtern | undefined {
      if (!Object.hasOwn(instance.exports, name)) return undefined;
      const value = instance.exports[name];
      return { kind: kindOf(value), value } as V8Extern;
    },
  };
}

function kindOf(value: unknown): ExternKindName {
  if (typeof value === 'function') return 'func';
  if (value instanceof WA.Memory) return 'memory';
  if (value instanceof WA.Table) return 'table';
  return 'global';
}

function toJs(v: WasmValue): unknown {
  switch (v.type) {
    case 'i32':
      return v.value | 0;
    case 'i64':
      return BigInt.asIntN(64, v.value);
    case 'f32':
      return f32BitsToNumber(v.bits);
    case 'f64':
      return f64BitsToNumber(v.bits);
    case 'v128':
      throw new TypeError('v128 values cannot cross the JS boundary');
    case 'funcref':
    case 'externref':
    case 'exnref':
      return v.value;
  }
}

function fromJs(x: unknown, type: ValTypeName | undefined): WasmValue {
  const t = type ?? guessType(x);
  const jsType = t === 'i64' ? 'bigint' : t === 'i32' || t === 'f32' || t === 'f64' ? 'number' : undefined;
  if (jsType !== undefined && typeof x !== jsType) throw new TypeError(`result ${String(x)} is not an ${t}`);
  switch (t) {
    case 'i32':
      return { type: 'i32', value: Number(x) | 0 };
    case 'i64':
      return { type: 'i64', value: BigInt.asIntN(64, BigInt(x as bigint)) };
    case 'f32':
      return { type: 'f32', bits: numberToF32Bits(Number(x)) };
    case 'f64':
      return { type: 'f64', bits: numberToF64Bits(Number(x)) };
    case 'funcref':
      return { type: 'funcref', value: x === null ? null : 0 };
    case 'externref':
      return { type: 'externref', value: x };
    case 'v128':
      throw new TypeError('v128 values cannot cross the JS boundary');
    case 'exnref':
      throw new TypeError('exnref values cannot cross the JS boundary');
  }
}

function guessType(x: unknown): ValTypeName {
  if (typeof x === 'number') return 'f64';
  if (typeof x === 'bigint') return 'i64';
  if (typeof x === 'function') return 'funcref';
  return 'externref';
}
