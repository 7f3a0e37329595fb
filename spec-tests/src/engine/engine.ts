/**
 * The runner's engine boundary: the few operations a `.wast` script needs from a WebAssembly engine. The
 * Edgedancer interpreter implements it (the real target), and so does Node's own `WebAssembly` (a
 * reference that validates the runner itself). One engine object serves one script: it owns one store.
 * @module
 */
import type { ValTypeName, WasmValue } from '../values/wasm-value.js';

/** The kind of an exported or imported entity. */
export type ExternKindName = 'func' | 'table' | 'memory' | 'global';

/** An engine's handle to an entity of its store. Opaque to the runner apart from its kind. */
export interface EngineExtern {
  readonly kind: ExternKindName;
}

/** An engine's compiled module. Opaque to the runner. */
export interface EngineModule {
  readonly engineModule: true;
}

/** An instance (or the spectest host module): its exports by name. */
export interface EngineInstance {
  exportOf(name: string): EngineExtern | undefined;
  /** The names of its exports, where the engine can list them (threads need it). */
  exportNames?(): string[];
}

/** Finds what to supply for one import, or `undefined` when nothing is registered under that name. */
export type ImportResolver = (module: string, name: string) => EngineExtern | undefined;

/** How an engine operation failed, in the terms of the script assertions. */
export type FailureKind = 'compile' | 'link' | 'trap' | 'exhaustion' | 'exception' | 'other';

/** A WebAssembly engine as the script runner drives it. */
export interface Engine {
  /** `edgedancer` or `v8`. */
  readonly name: string;
  /** Number of suspensions that were captured, cloned and restored (round-trip mode), so far. */
  readonly suspensions: number;
  /**
   * Decodes and validates a module.
   * @throws the engine's compile error
   */
  compile(bytes: Uint8Array): EngineModule;
  /**
   * Instantiates a module, running its start function.
   * @throws the engine's link error (also for an import that `resolve` does not find) or a trap
   */
  instantiate(module: EngineModule, resolve: ImportResolver): EngineInstance;
  /** The `spectest` host module of this engine's store. */
  spectest(): EngineInstance;
  /**
   * Calls an exported function.
   * @param resultTypes - the types the script expects, for engines that cannot tell a result's type
   * @throws a trap, or the engine's error for exhaustion
   */
  invoke(func: EngineExtern, args: readonly WasmValue[], resultTypes?: readonly ValTypeName[]): WasmValue[];
  /** Reads an exported global; `type` as for `invoke`. */
  getGlobal(global: EngineExtern, type?: ValTypeName): WasmValue;
  /** Says what kind of failure an error thrown by this engine is. */
  classify(error: unknown): FailureKind;
  /**
   * Threads: what another thread's engine needs to hold a shared memory (structured-cloneable), or undefined
   * when `memory` is not shared. Absent: the engine cannot run `thread` commands.
   */
  shareMemory?(memory: EngineExtern): unknown;
  /** Threads: a memory over the same bytes as another thread's shared memory (from `shareMemory`). */
  adoptMemory?(handle: unknown): EngineExtern;
  /** Threads: how to make the same kind of engine in another thread. */
  readonly threadConfig?: { readonly engine: string; readonly options: object };
}

/** Makes a fresh engine (a fresh store) for one script. */
export type EngineFactory = () => Engine;
