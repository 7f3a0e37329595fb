/**
 * `@edgedancer/interpreter`: a WebAssembly interpreter whose whole execution state is plain data.
 * This file only re-exports the public API.
 * @module
 */
export { CaptureError, CompileError, LinkError, RuntimeError, TrapCode, type CaptureErrorCode } from './errors.js';
export type { TrapCode as TrapCodeName } from './errors.js';
export { Module, type ExternKindName } from './module-class.js';
export { compileModule, type CompiledModule } from './module.js';
export { disassemble } from './disassemble.js';
export { ensureCompiled, type CompiledFunction } from './compile-function.js';
export { registerExt, type ExtHandler } from './exec-ext.js';
export { Store, type StoreOptions, type HostResolver } from './store.js';
export { codeGenerationAllowed, TIER_MODES, type JsTier, type TierMode } from './js-tier/tier.js';
export { Execution, type ExecutionStatus, type RunOptions } from './execution.js';
export {
  SUSPEND, PAGE_SIZE, DIRTY_CHUNK_SIZE, MemInst, TableInst, type HostFunction, type HostContext, type FuncInst,
  type ModuleInstance,
} from './runtime.js';
export { canShareMemory, type SharedMemoryHandle } from './shared-memory.js';
export {
  i32, i64, f32, f64, f32Bits, f64Bits, v128, funcref, externref, f32FromBits, f64FromBits, valTypeName,
  valTypeCode, defaultValue,
} from './values.js';
export type {
  WasmValue, ValTypeName, Extern, SuspendReason, PortablePc, RunResult, HostFuncState, StoreState, ExecutionState,
  ExceptionState,
} from './state-types.js';
export {
  ValType, ExternKind, type FuncType, type Limits, type TableType, type MemType, type GlobalType, type RefType,
} from './types.js';
export {
  WebAssembly, validate, compile, instantiate, compileStreaming, instantiateStreaming, callAsync, defaultStore, Instance,
  Memory, Table, Global, Tag, Exception, Suspending, promising, SuspendError,
} from './js-api.js';
export { ExceptionStore, UncaughtException } from './exceptions.js';
export type {
  InstantiatedSource, ResponseLike, Exports, ExportValue, Imports, ImportValue, ExportedFunction, MemoryDescriptor,
  TableDescriptor, TableKind, GlobalDescriptor, ValueType, TagType, ExceptionOptions,
} from './js-api.js';
export {
  reclaimUnreachable, liveEntities, FREED_FUNCTION_NAME, type EntityKind, type EntityCounts, type StoreRoots,
} from './store-reclaim.js';
export { reclaimNow as reclaimDefaultStore } from './js-api-reclaim.js';
