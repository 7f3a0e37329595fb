/**
 * Runtime instances held by a store: functions, memories, tables, element and data segments, module instances.
 * Every cross-reference between them is an integer address into the store, never an object pointer, so the
 * whole store can be captured as plain data.
 * @module
 */
import type { CompiledFunction } from './compile-function.js';
import { canonicalFuncId } from './heap-types.js';
import type { CompiledModule } from './module.js';
import { allocateShared, growShared, type SharedMemoryHandle } from './shared-memory.js';
import type { Extern, WasmValue } from './state-types.js';
import type { Store } from './store.js';
import type { FuncType, MemType, RefType, TableType } from './types.js';

/** Bytes in a WebAssembly page. */
export const PAGE_SIZE = 65536;
/** The most pages a 32-bit memory can have. */
export const MAX_PAGES = 65536;
/** The largest table size the runtime allows (elements). */
export const MAX_TABLE_SIZE = 10_000_000;

/** Returned by a host function to suspend the execution that called it; `resume(results)` completes the call. */
export const SUSPEND: unique symbol = Symbol('edgedancer.suspend');

/** What a host function receives besides its arguments. */
export interface HostContext {
  /** The store of the calling execution. */
  readonly store: Store;
  /** The memory of the calling instance, if it has one (its address). */
  readonly memAddr: number | null;
  /** The calling instance's address, or null when called from the host. */
  readonly instanceAddr: number | null;
}

/** A host function: takes bit-exact values, returns results, a Promise of them, or `SUSPEND`. */
export type HostFunction = (args: WasmValue[], ctx: HostContext) => WasmValue[] | Promise<WasmValue[]> | typeof SUSPEND;

/** A function instance: a module's function or a host function. */
export interface FuncInst {
  readonly type: FuncType;
  /** Interned signature id: equal ids mean equal function types. */
  readonly typeId: number;
  /** Address of the owning instance, or -1 for host functions. */
  readonly instanceAddr: number;
  readonly funcIdx: number;
  readonly code: CompiledFunction | null;
  readonly host: HostFunction | null;
  readonly hostName: string;
}

/** Bytes in a dirty-tracking chunk: one flag per 4 KiB of memory. */
export const DIRTY_CHUNK_SIZE = 4096;
/** log2 of DIRTY_CHUNK_SIZE. */
export const DIRTY_CHUNK_SHIFT = 12;

/**
 * A linear memory. `buffer` is replaced on growth. Writes by the interpreter set a flag per 4 KiB chunk in
 * `dirty` (writes the host makes through `buffer` directly are not seen: use `markDirty`).
 *
 * A shared memory (threads, `type.shared`) is different: `buffer` is a growable `SharedArrayBuffer` (typed as
 * `ArrayBuffer` here; `shared` says which), never replaced, grown in place, and the views follow its length;
 * `shared` also carries the control block that counts the agents holding it (see `shared-memory.ts`).
 */
export class MemInst {
  readonly type: MemType;
  buffer: ArrayBuffer;
  dv: DataView;
  u8: Uint8Array;
  /** One flag per DIRTY_CHUNK_SIZE bytes, set by writes since the last `clearDirty`. */
  dirty: Uint8Array;
  /** Counts successful `grow` calls, including growth by 0 (the JS API detaches the buffer on each). */
  growCount = 0;
  /** A shared memory's buffer and control block; null for an unshared memory. */
  readonly shared: SharedMemoryHandle | null;
  /**
   * @param type the memory type
   * @param buffer the contents to adopt (restore); for a shared type, they are copied into a new shared buffer
   * @param shared a shared memory held by another agent, adopted as it is (the caller counts the new holder)
   */
  constructor(type: MemType, buffer?: ArrayBuffer, shared?: SharedMemoryHandle) {
    this.type = type;
    if (type.shared === true) {
      this.shared =
        shared ??
        allocateShared(
          buffer === undefined ? type.limits.min : buffer.byteLength / PAGE_SIZE,
          type.limits.max ?? MAX_PAGES,
          buffer === undefined ? undefined : new Uint8Array(buffer),
        );
      buffer = this.shared.buffer as unknown as ArrayBuffer;
    } else {
      this.shared = null;
    }
    this.buffer = buffer ?? new ArrayBuffer(type.limits.min * PAGE_SIZE);
    this.dv = new DataView(this.buffer);
    this.u8 = new Uint8Array(this.buffer);
    this.dirty = new Uint8Array((this.buffer.byteLength >>> DIRTY_CHUNK_SHIFT) + 1);
  }
  get pages(): number {
    return this.buffer.byteLength / PAGE_SIZE;
  }
  /** The most pages this memory may grow to. */
  get maxPages(): number {
    // A memory64 memory may declare more, but grows here to 4 GiB at most (growth beyond fails, as the spec
    // allows), so every address at or above 2^32 is out of bounds (exec-memory64.ts).
    return Math.min(this.type.limits.max ?? MAX_PAGES, MAX_PAGES);
  }
  /** Grows by `delta` pages; returns the old size in pages, or -1 when it cannot. */
  grow(delta: number): number {
    if (this.shared !== null) {
      const before = growShared(this.shared.buffer, this.shared.control, delta, this.maxPages);
      if (before >= 0) {
        this.growCount++;
        this.setBuffer(this.buffer); // the same buffer, longer: only the dirty flags grow
      }
      return before;
    }
    const old = this.pages;
    if (delta < 0 || old + delta > this.maxPages) return -1;
    if (delta === 0) {
      this.growCount++;
      return old;
    }
    let next: ArrayBuffer;
    try {
      next = new ArrayBuffer((old + delta) * PAGE_SIZE);
    } catch {
      return -1; // the host could not allocate: growth fails as the spec allows
    }
    new Uint8Array(next).set(this.u8);
    this.setBuffer(next);
    this.growCount++;
    return old;
  }
  /** Replaces the backing buffer (growth, restore); dirty flags of the old range are kept. */
  setBuffer(buffer: ArrayBuffer): void {
    this.buffer = buffer;
    this.dv = new DataView(buffer);
    this.u8 = new Uint8Array(buffer);
    const chunks = (buffer.byteLength >>> DIRTY_CHUNK_SHIFT) + 1;
    if (chunks > this.dirty.length) {
      const d = new Uint8Array(chunks);
      d.set(this.dirty);
      this.dirty = d;
    }
  }
  /** Marks bytes `[start, end)` as written. */
  markDirty(start: number, end: number): void {
    if (end <= start) return;
    this.dirty.fill(1, start >>> DIRTY_CHUNK_SHIFT, ((end - 1) >>> DIRTY_CHUNK_SHIFT) + 1);
  }
  /** Indexes of the chunks written since the last `clearDirty`, ascending. */
  dirtyChunks(): number[] {
    const out: number[] = [];
    const d = this.dirty;
    const n = Math.ceil(this.buffer.byteLength / DIRTY_CHUNK_SIZE);
    for (let i = 0; i < n; i++) if (d[i] !== 0) out.push(i);
    return out;
  }
  /** Forgets all dirty flags (after a snapshot has been taken). */
  clearDirty(): void {
    this.dirty.fill(0);
  }
}

/** A table of references, encoded as `address + 1` with 0 for null. */
export class TableInst {
  readonly type: TableType;
  elements: Int32Array;
  length: number;
  /** A table of `type.limits.min` elements set to `init`, or adopting `elements` (restore). */
  constructor(type: TableType, init = 0, elements?: Int32Array) {
    this.type = type;
    if (elements !== undefined) {
      this.length = elements.length;
      this.elements = elements;
      return;
    }
    this.length = type.limits.min;
    this.elements = new Int32Array(Math.max(4, type.limits.min));
    if (init !== 0) this.elements.fill(init, 0, this.length);
  }
  get max(): number {
    return this.type.limits.max ?? 0xffffffff;
  }
  /** Grows by `delta` elements set to `init`; returns the old length, or -1 when it cannot. */
  grow(delta: number, init: number): number {
    const old = this.length;
    if (delta < 0 || old + delta > this.max || old + delta > MAX_TABLE_SIZE) return -1;
    const next = old + delta;
    if (next > this.elements.length) {
      const e = new Int32Array(Math.max(next, this.elements.length * 2));
      e.set(this.elements.subarray(0, old));
      this.elements = e;
    }
    this.elements.fill(init, old, next);
    this.length = next;
    return old;
  }
}

/** An element segment instance: its references (empty once dropped). */
export interface ElemInst {
  readonly type: RefType;
  refs: Int32Array;
}

/** A data segment instance: its bytes (empty once dropped). */
export interface DataInst {
  bytes: Uint8Array;
  dropped: boolean;
}

/** A module instance: the module and the addresses of everything its index spaces name. */
export interface ModuleInstance {
  readonly addr: number;
  readonly module: CompiledModule;
  /** Index of the module in the store's module list. */
  readonly moduleRef: number;
  readonly funcAddrs: Int32Array;
  readonly tableAddrs: Int32Array;
  readonly memAddrs: Int32Array;
  readonly globalAddrs: Int32Array;
  readonly elemAddrs: Int32Array;
  readonly dataAddrs: Int32Array;
  /** Tag addresses of the instance's tag index space (exception handling). */
  readonly tagAddrs: Int32Array;
  readonly exports: ReadonlyMap<string, Extern>;
}

const EXTERN_KINDS = ['func', 'table', 'memory', 'global', 'tag'] as const;
const NO_TAGS = new Int32Array(0);

/** A module instance whose export map is built on first use (restores make many instances that are never asked). */
export class InstanceRecord implements ModuleInstance {
  private exportMap: Map<string, Extern> | null = null;
  constructor(
    readonly addr: number,
    readonly module: CompiledModule,
    readonly moduleRef: number,
    readonly funcAddrs: Int32Array,
    readonly tableAddrs: Int32Array,
    readonly memAddrs: Int32Array,
    readonly globalAddrs: Int32Array,
    readonly elemAddrs: Int32Array,
    readonly dataAddrs: Int32Array,
    readonly tagAddrs: Int32Array = NO_TAGS,
  ) {}
  get exports(): ReadonlyMap<string, Extern> {
    if (this.exportMap === null) {
      const spaces = [this.funcAddrs, this.tableAddrs, this.memAddrs, this.globalAddrs, this.tagAddrs];
      this.exportMap = new Map();
      for (const ex of this.module.decoded.exports) {
        this.exportMap.set(ex.name, { kind: EXTERN_KINDS[ex.kind]!, addr: spaces[ex.kind]![ex.index]! });
      }
    }
    return this.exportMap;
  }
}

/**
 * Interns a function type whose value types are canonical (`heap-types.ts`): equal types get equal ids (within
 * this realm), the ids modules' types get when they declare the same lone final function type.
 */
export function internFuncType(t: FuncType): number {
  return canonicalFuncId(t.params, t.results);
}
