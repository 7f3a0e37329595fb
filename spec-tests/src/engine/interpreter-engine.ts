/**
 * The engine boundary implemented on the Edgedancer interpreter's low-level API: one `Store` per script,
 * externs as store addresses, the spectest module made of host entities named `spectest.*`. In round-trip
 * mode every invocation runs in fuel slices with a capture → clone → restore between slices; the script
 * then continues on the restored store.
 * @module
 */

import type { Extern, FuncType, HostFunction, HostResolver } from '@edgedancer/interpreter';
import * as interp from '@edgedancer/interpreter';
import type { ValTypeName, WasmValue } from '../values/wasm-value.js';
import type { EngineOptions } from './create-engine.js';
import type {
  Engine,
  EngineExtern,
  EngineFactory,
  EngineInstance,
  EngineModule,
  FailureKind,
  ImportResolver,
} from './engine.js';
import { runFunction } from './round-trip.js';
import {
  SPECTEST_FUNCS,
  SPECTEST_GLOBALS,
  SPECTEST_MEMORY,
  SPECTEST_PREFIX,
  SPECTEST_TABLE,
  SPECTEST_TABLE64,
  type SpectestValType,
} from './spectest-host.js';

const VAL_TYPE_CODES = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c } as const satisfies Record<
  SpectestValType,
  number
>;
const FUNCREF = 0x70;

interface InterpModule extends EngineModule {
  readonly module: interp.Module;
}

const printNothing: HostFunction = () => [];

/**
 * Finds a spectest host function by its store name, for `Store.restore`.
 * @param name - `spectest.print_i32` and so on
 * @returns the host function
 * @throws Error for any other name
 */
export const resolveSpectestHost: HostResolver = (name: string) => {
  const known = SPECTEST_FUNCS.some((f) => SPECTEST_PREFIX + f.name === name);
  if (!known) throw new Error(`unknown host function ${name}`);
  return printNothing;
};

/**
 * Prepares engines on the interpreter.
 * @param options - round-trip mode, call depth
 * @returns a factory making one engine (one store) per script
 */
export function createInterpreterEngineFactory(options: EngineOptions = {}): EngineFactory {
  if (options.roundtrip !== undefined && !(Number.isInteger(options.roundtrip) && options.roundtrip > 0)) {
    throw new RangeError('--roundtrip needs a positive integer');
  }
  if (
    options.roundtripMemory !== undefined &&
    options.roundtripMemory !== 'transfer' &&
    options.roundtripMemory !== 'move'
  ) {
    throw new RangeError('--roundtrip-memory is transfer or move');
  }
  if (options.tier !== undefined && !['interp', 'js', 'auto'].includes(options.tier)) {
    throw new RangeError('--tier is interp, js or auto');
  }
  if (options.maxCallDepth !== undefined && !(Number.isInteger(options.maxCallDepth) && options.maxCallDepth > 0)) {
    throw new RangeError('--max-call-depth needs a positive integer');
  }
  return () => new InterpreterEngine(options);
}

class InterpreterEngine implements Engine {
  readonly name = 'edgedancer';
  suspensions = 0;
  private store: interp.Store;
  private readonly storeOptions: interp.StoreOptions;
  private readonly spectestExports = new Map<string, Extern>();

  constructor(private readonly options: EngineOptions) {
    this.storeOptions = {
      ...(options.maxCallDepth === undefined ? {} : { maxCallDepth: options.maxCallDepth }),
      ...(options.tier === undefined ? {} : { tier: options.tier }),
    };
    this.store = new interp.Store(this.storeOptions);
    for (const f of SPECTEST_FUNCS) {
      const type: FuncType = { params: f.params.map((p) => VAL_TYPE_CODES[p]), results: [] };
      this.spectestExports.set(f.name, this.store.hostFunc(type, printNothing, SPECTEST_PREFIX + f.name));
    }
    for (const g of SPECTEST_GLOBALS) {
      const valType = VAL_TYPE_CODES[g.value.type as SpectestValType];
      this.spectestExports.set(g.name, this.store.global({ valType, mutable: false }, g.value));
    }
    const limits = { min: SPECTEST_TABLE.min, max: SPECTEST_TABLE.max };
    this.spectestExports.set(SPECTEST_TABLE.name, this.store.table({ elemType: FUNCREF, limits }));
    const limits64 = { min: SPECTEST_TABLE64.min, max: SPECTEST_TABLE64.max };
    this.spectestExports.set(
      SPECTEST_TABLE64.name,
      this.store.table({ elemType: FUNCREF, limits: limits64, address64: true }),
    );
    const memLimits = { min: SPECTEST_MEMORY.min, max: SPECTEST_MEMORY.max };
    this.spectestExports.set(SPECTEST_MEMORY.name, this.store.memory({ limits: memLimits }));
  }

  compile(bytes: Uint8Array): EngineModule {
    return { engineModule: true, module: new interp.Module(bytes) } as InterpModule;
  }

  instantiate(module: EngineModule, resolve: ImportResolver): EngineInstance {
    const m = (module as InterpModule).module;
    const imports = interp.Module.imports(m).map((imp) => {
      const found = resolve(imp.module, imp.name);
      if (found === undefined) throw new interp.LinkError(`unknown import ${imp.module}.${imp.name}`);
      return toExtern(found);
    });
    const addr = this.store.instantiate(m, imports);
    return {
      exportOf: (name) => fromExtern(this.store.exportOf(addr, name)),
      exportNames: () => interp.Module.exports(m).map((e) => e.name),
    };
  }

  spectest(): EngineInstance {
    return { exportOf: (name) => fromExtern(this.spectestExports.get(name)) };
  }

  invoke(func: EngineExtern, args: readonly WasmValue[], _resultTypes?: readonly ValTypeName[]): WasmValue[] {
    const addr = toExtern(func).addr;
    if (this.options.roundtrip === undefined) return this.store.invoke(addr, args);
    const outcome = runFunction(interp, this.store, addr, args, {
      roundtrip: this.options.roundtrip,
      resolveHost: resolveSpectestHost,
      storeOptions: this.storeOptions,
      memory: this.options.roundtripMemory ?? 'transfer',
    });
    this.store = outcome.store;
    this.suspensions += outcome.suspensions;
    const r = outcome.result;
    if (r.status === 'done') return r.results;
    if (r.status === 'trapped') throw r.error;
    throw new Error(`execution suspended unexpectedly (${r.reason})`);
  }

  getGlobal(global: EngineExtern, _type?: ValTypeName): WasmValue {
    return this.store.getGlobal(toExtern(global).addr);
  }

  get threadConfig(): { engine: string; options: EngineOptions } {
    return { engine: 'edgedancer', options: this.options };
  }

  shareMemory(memory: EngineExtern): unknown {
    const addr = toExtern(memory).addr;
    return this.store.mems[addr]?.shared === null ? undefined : this.store.sharedMemoryHandle(addr);
  }

  adoptMemory(handle: unknown): EngineExtern {
    return fromExtern(this.store.adoptSharedMemory(handle as interp.SharedMemoryHandle))!;
  }

  classify(error: unknown): FailureKind {
    if (error instanceof interp.CompileError) return 'compile';
    if (error instanceof interp.LinkError) return 'link';
    if (error instanceof interp.RuntimeError) {
      if (error.code === interp.TrapCode.UncaughtException) return 'exception';
      return error.code === interp.TrapCode.CallStackExhausted ? 'exhaustion' : 'trap';
    }
    return 'other';
  }
}

interface InterpExtern extends EngineExtern {
  readonly extern: Extern;
}

function fromExtern(extern: Extern | undefined): EngineExtern | undefined {
  if (extern === undefined) return undefined;
  return { kind: extern.kind, extern } as InterpExtern;
}

function toExtern(e: EngineExtern): Extern {
  return (e as InterpExtern).extern;
}
