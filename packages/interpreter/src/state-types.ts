/**
 * Plain-data shapes of the interpreter's boundary: bit-exact values, run results, and the captured state of
 * a store and of a suspended execution. Everything here is structured-clone-able.
 * @module
 */

import type { RuntimeError } from './errors.js';
import type { GcHeapState } from './gc/heap-state.js';
import type { FuncType, MemType, RefType, TableType } from './types.js';

/**
 * A WebAssembly value with its type, bit-exact: floats travel as bit patterns so NaN payloads survive.
 * References: `funcref` holds a function address in its store (or `null`); `externref` holds the host value
 * (`null` is the null reference); `exnref` holds an exception address in its store (or `null`).
 */
export type WasmValue =
  | { readonly type: 'i32'; readonly value: number }
  | { readonly type: 'i64'; readonly value: bigint }
  | { readonly type: 'f32'; readonly bits: number }
  | { readonly type: 'f64'; readonly bits: bigint }
  | { readonly type: 'v128'; readonly bits: bigint }
  | { readonly type: 'funcref'; readonly value: number | null }
  | { readonly type: 'externref'; readonly value: unknown }
  /** An exception reference: the exception's address in its store (see `Store.exceptions`), or null. */
  | { readonly type: 'exnref'; readonly value: number | null };

/** The name of a value type as the text format spells it. */
export type ValTypeName = WasmValue['type'];

/** A store-relative reference to an entity: what imports take and exports give. */
export interface Extern {
  readonly kind: 'func' | 'table' | 'memory' | 'global' | 'tag';
  readonly addr: number;
}

/** Why an execution is suspended. */
export type SuspendReason = 'fuel' | 'interrupt' | 'host';

/** Where an execution stands, portably: the function address and the byte offset in its original body. */
export interface PortablePc {
  readonly funcAddr: number;
  /** Byte offset from the first byte of the function body (its local declarations). */
  readonly offset: number;
}

/** How a run ended. */
export type RunResult =
  | { readonly status: 'done'; readonly results: WasmValue[] }
  | { readonly status: 'suspended'; readonly reason: SuspendReason; readonly pc: PortablePc }
  | { readonly status: 'trapped'; readonly error: RuntimeError };

/** A host function of a captured store: found again by name when the store is restored. */
export interface HostFuncState {
  readonly name: string;
  readonly type: FuncType;
}

/**
 * The captured state of a store. Memories are views of the live memory unless the capture copied them.
 * References (in tables, element segments, globals and the value stack) are `address + 1`, 0 is null; an
 * `externref`'s address indexes `externs`. The shape keeps objects few: cloning small objects costs far more
 * than cloning typed arrays.
 */
export interface StoreState {
  readonly version: 1;
  /** How many modules the store's instances use; restore takes them in this order. */
  readonly moduleCount: number;
  readonly instances: readonly {
    readonly module: number;
    readonly funcs: Int32Array;
    readonly tables: Int32Array;
    readonly mems: Int32Array;
    readonly globals: Int32Array;
    readonly elems: Int32Array;
    readonly datas: Int32Array;
  }[];
  /**
   * Every function, two words each in address order: `[instanceAddr, funcIdx]` for a module's function, or
   * `[-1, i]` for the host function `hostFuncs[i]`.
   */
  readonly funcs: Int32Array;
  readonly hostFuncs: readonly HostFuncState[];
  readonly tables: readonly { readonly type: TableType; readonly elements: Int32Array }[];
  readonly mems: readonly { readonly type: MemType; readonly bytes: Uint8Array }[];
  /** Global types, two bytes each in address order: the value type code, then 1 if mutable. */
  readonly globalTypes: Uint8Array;
  /** Global values: four 32-bit words a global (little-endian 128 bits; narrower types use the low words). */
  readonly globalValues: Int32Array;
  /** Element segment instances: type and references (empty once dropped). */
  readonly elems: readonly { readonly type: RefType; readonly refs: Int32Array }[];
  /** Data segment instances: whether each is dropped (its bytes are the module's). */
  readonly datasDropped: Uint8Array;
  /** Host values held by `externref`s; a reference is an index into this list. */
  readonly externs: readonly unknown[];
  /** Tags and exceptions; absent when the store has neither (every store without exception handling). */
  readonly exceptions?: ExceptionState;
  /**
   * Typed references: the exact types of the globals, tables and segments whose types the one-byte codes above
   * only approximate (`store-ref-types.ts`); absent when there are none.
   */
  readonly refTypes?: RefTypesState;
  /** GC: the heap of structs and arrays (`gc/heap-state.ts`); absent when the store never allocated one. */
  readonly gcHeap?: GcHeapState;
}

/**
 * Exact reference types of a captured store: `[address, type]` pairs per list, the types encoded as
 * `heap-types.ts` does with each concrete type index naming an entry of `types`, a `[moduleRef, typeIdx]` pair.
 */
export interface RefTypesState {
  readonly globals: Int32Array;
  readonly tables: Int32Array;
  readonly elems: Int32Array;
  readonly types: Int32Array;
}

/**
 * The exception-handling part of a captured store. Exception payloads are stack words (two a slot; references
 * as in slots: `address + 1`, 0 null; an `externref` indexes the store's `externs`, an `exnref` this list).
 */
export interface ExceptionState {
  /** Each tag's parameter types (value type codes), by tag address. */
  readonly tags: readonly (readonly number[])[];
  /** The address of the tag of host exceptions, or -1. */
  readonly hostTag: number;
  /** Each instance's tag index space: tag addresses, by instance address. */
  readonly instanceTags: readonly Int32Array[];
  /** The tag address of each exception, by exception address. */
  readonly exnTags: Int32Array;
  /** The exceptions' payload words back to back (each one's length follows from its tag's parameters). */
  readonly exnWords: Int32Array;
}

/** The captured state of a suspended execution. */
export interface ExecutionState {
  readonly version: 1;
  /** The function the host called. */
  readonly entryFuncAddr: number;
  /** Value stack words, two 32-bit words a 64-bit slot, up to the stack pointer. */
  readonly stack: Int32Array;
  /** Frames from the bottom: `funcAddr`, `offset` (portable pc), `fp` (slot index of the frame's locals). */
  readonly frames: Int32Array;
  readonly reason: SuspendReason;
  /** For `reason: 'host'`: the host function whose results `resume` supplies. */
  readonly pendingCall: number | null;
}
