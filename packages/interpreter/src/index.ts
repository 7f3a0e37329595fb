/**
 * `@edgedancer/interpreter`: a WebAssembly interpreter whose whole execution state is plain data.
 * This file only re-exports the public API.
 * @module
 */

export { type CompiledFunction, ensureCompiled } from './compile-function.js';
export { disassemble } from './disassemble.js';
export type { TrapCode as TrapCodeName } from './errors.js';
export { CaptureError, type CaptureErrorCode, CompileError, LinkError, RuntimeError, TrapCode } from './errors.js';
export { ExceptionStore, UncaughtException } from './exceptions.js';
export { type ExtHandler, registerExt } from './exec-ext.js';
export { Execution, type ExecutionStatus, type RunOptions } from './execution.js';
export type {
  ExceptionOptions,
  ExportedFunction,
  Exports,
  ExportValue,
  GlobalDescriptor,
  Imports,
  ImportValue,
  InstantiatedSource,
  MemoryDescriptor,
  ResponseLike,
  TableDescriptor,
  TableKind,
  TagType,
  ValueType,
} from './js-api.js';
export {
  callAsync,
  compile,
  compileStreaming,
  defaultStore,
  Exception,
  Global,
  Instance,
  instantiate,
  instantiateStreaming,
  Memory,
  promising,
  SuspendError,
  Suspending,
  Table,
  Tag,
  validate,
  WebAssembly,
} from './js-api.js';
export { reclaimNow as reclaimDefaultStore } from './js-api-reclaim.js';
export { codeGenerationAllowed, type JsTier, TIER_MODES, type TierMode } from './js-tier/tier.js';
export { type CompiledModule, compileModule } from './module.js';
export { type ExternKindName, Module } from './module-class.js';
export {
  DIRTY_CHUNK_SIZE,
  type FuncInst,
  type HostContext,
  type HostFunction,
  MemInst,
  type ModuleInstance,
  PAGE_SIZE,
  SUSPEND,
  TableInst,
} from './runtime.js';
export { canShareMemory, type SharedMemoryHandle } from './shared-memory.js';
export type {
  ExceptionState,
  ExecutionState,
  Extern,
  HostFuncState,
  PortablePc,
  RunResult,
  StoreState,
  SuspendReason,
  ValTypeName,
  WasmValue,
} from './state-types.js';
export { type HostResolver, Store, type StoreOptions } from './store.js';
export {
  type EntityCounts,
  type EntityKind,
  FREED_FUNCTION_NAME,
  liveEntities,
  reclaimUnreachable,
  type StoreRoots,
} from './store-reclaim.js';
export {
  ExternKind,
  type FuncType,
  type GlobalType,
  type Limits,
  type MemType,
  type RefType,
  type TableType,
  ValType,
} from './types.js';
export {
  defaultValue,
  externref,
  f32,
  f32Bits,
  f32FromBits,
  f64,
  f64Bits,
  f64FromBits,
  funcref,
  GcRef,
  i32,
  i64,
  v128,
  valTypeCode,
  valTypeName,
} from './values.js';
