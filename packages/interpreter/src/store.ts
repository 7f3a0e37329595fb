/**
 * The store: every runtime entity, addressed by integers. Allocation of host-made entities, instantiation in the
 * spec's order, exports, invocation, and the plain-data capture and restore of the whole store.
 * @module
 */

import { applyConstOp, type ConstSpec } from './const-expr.js';
import { evalGcConst } from './const-gc.js';
import { CaptureError, LinkError, RuntimeError, TrapCode } from './errors.js';
import { ExceptionStore } from './exceptions.js';
import { Execution } from './execution.js';
import { GcHandleTable, type GcRef } from './gc/gc-ref.js';
import { GcHeap, type GcHeapOptions } from './gc/heap.js';
import { captureHeap, restoreHeap } from './gc/heap-state.js';
import { type CollectionReport, canonicalizeGcHeap, checkGcRoots } from './gc-roots.js';
import { canonicalValType, isCanonicalSubtype, valSubtype } from './heap-types.js';
import { JsTier, TIER_MODES, type TierMode } from './js-tier/tier.js';
import type { Module } from './module-class.js';
import {
  type DataInst,
  type ElemInst,
  type FuncInst,
  type HostFunction,
  InstanceRecord,
  internFuncType,
  MemInst,
  type ModuleInstance,
  TableInst,
} from './runtime.js';
import { addHolder, holderCount, type SharedMemoryHandle, sharedMemoryType } from './shared-memory.js';
import type { Extern, HostFuncState, RefTypesState, StoreState, WasmValue } from './state-types.js';
import { RefTypesCapture, restoreRefTypes } from './store-ref-types.js';
import { FreeSlots, place } from './store-slots.js';
import {
  ExternKind,
  type FuncType,
  type GlobalType,
  type Limits,
  type MemType,
  SegmentMode,
  type TableType,
  type ValType,
} from './types.js';
import { type ExternTable, encodeRef, hostTypeCode, readWords, writeWords } from './values.js';

/** Limits of a store's executions. */
export interface StoreOptions {
  /** Most nested wasm calls before `call stack exhausted`. Default 20,000. */
  readonly maxCallDepth?: number;
  /** Most 64-bit value-stack slots an execution may use. Default 4,194,304 (32 MiB). */
  readonly maxStackSlots?: number;
  /**
   * How code runs: `interp` (the interpreter only, the default), `js` (functions translated to JavaScript from
   * their first call) or `auto` (translated when hot). Where code generation is refused, `js` and `auto` run
   * the interpreter.
   */
  readonly tier?: TierMode;
  /** Limits of the GC heap (default: 2^28 words at most). */
  readonly gcHeap?: GcHeapOptions;
  /** Called after each collection of the GC heap with what it did and its pause (measurement). */
  readonly gcObserver?: (report: CollectionReport) => void;
}

/** Resolves a host function by the name it was allocated with, for `Store.restore`. */
export type HostResolver = (name: string, type: FuncType) => HostFunction;

const EMPTY_REFS = new Int32Array(0);

/** Whether a value type names a type index (a concrete reference type). */
function isConcrete(t: number): boolean {
  return t >= 0x200;
}

/** Function types with canonical type indices, per module function type (a type object is one module's). */
const canonicalFuncTypes = new WeakMap<FuncType, FuncType>();

/** A module's function type with its type indices mapped to canonical ids (`ids`, the module's). */
function canonicalFuncType(t: FuncType, ids: readonly number[]): FuncType {
  let c = canonicalFuncTypes.get(t);
  if (c === undefined) {
    const map = (v: number): number => canonicalValType(v, ids);
    c =
      t.params.some(isConcrete) || t.results.some(isConcrete)
        ? { params: t.params.map(map), results: t.results.map(map) }
        : t;
    canonicalFuncTypes.set(t, c);
  }
  return c;
}
const EMPTY_BYTES = new Uint8Array(0);

/** Every runtime entity, addressed by integers. */
export class Store implements ExternTable {
  readonly funcs: FuncInst[] = [];
  readonly tables: TableInst[] = [];
  readonly mems: MemInst[] = [];
  readonly globalTypes: GlobalType[] = [];
  /** Global values: four words a global. Replaced when it grows. */
  globalWords: Int32Array = new Int32Array(0);
  readonly elems: ElemInst[] = [];
  readonly datas: DataInst[] = [];
  readonly instances: ModuleInstance[] = [];
  /** The modules that instances use, in first-use order. */
  readonly modules: Module[] = [];
  readonly externs: unknown[] = [];
  readonly externIndex = new Map<unknown, number>();
  /** Addresses freed by the store's owner, reused by the next allocations (empty unless something was freed). */
  readonly freeSlots = new FreeSlots();
  /** Tags and exception objects (exception handling). */
  exceptions = new ExceptionStore();
  #gcHeap: GcHeap | null = null;
  readonly #gcOptions: GcHeapOptions | undefined;
  /** Called after each collection (`StoreOptions.gcObserver`). */
  readonly gcObserver: ((report: CollectionReport) => void) | undefined;
  /** GC references handed to the host: their handles, roots of every collection (see `GcRef`). */
  readonly gcHandles = new GcHandleTable();
  /** Executions running now (on the JavaScript stack), innermost last. */
  readonly #running: Execution[] = [];
  /**
   * Suspended executions (until they run again or end). Held strongly: a `WeakRef` keeps its target alive until
   * the current job ends, which for a host that restores or suspends in one synchronous loop is all of them.
   */
  readonly #suspended = new Set<Execution>();
  #executionSeq = 0;
  /** The host object of a GC reference word. */
  gcRefOf(word: number): GcRef {
    const kind = word < 0 ? 'i31' : this.gcHeap.layoutOf(this.gcHeap.typeIdOf(word & 0x3fffffff)).kind;
    return this.gcHandles.refOf(word, kind);
  }
  /** The heap of structs and arrays (GC), made on first use; its type ids are canonical type ids. */
  get gcHeap(): GcHeap {
    if (this.#gcHeap === null) this.#gcHeap = new GcHeap(this.#gcOptions);
    return this.#gcHeap;
  }
  /** Whether the store has a heap with objects in it. */
  get hasGcObjects(): boolean {
    return this.#gcHeap !== null && this.#gcHeap.top > 1;
  }
  /** Says that code runs that may change references: the next capture canonicalises the heap again. */
  touchGcHeap(): void {
    this.#gcHeap?.touch();
  }
  /** Canonicalises the heap unless it is (`force`: always), see `gc-roots.ts`. */
  canonicalizeGcHeap(force: boolean): void {
    if (this.hasGcObjects && (force || !this.#gcHeap!.canonical)) canonicalizeGcHeap(this);
  }
  /**
   * An execution's loop starts: its stacks are roots of the heap while it runs.
   */
  enterExecution(ex: Execution): void {
    this.forgetExecution(ex);
    if (ex.seq < 0) ex.seq = this.#executionSeq++;
    this.#running.push(ex);
  }
  /** An execution's loop returned or threw: a suspended one stays a root. */
  leaveExecution(ex: Execution): void {
    const i = this.#running.lastIndexOf(ex);
    if (i >= 0) this.#running.splice(i, 1);
    if (ex.status === 'suspended') this.suspendExecution(ex);
  }
  /** Registers a suspended execution (one that left its loop suspended, or a restored one). */
  suspendExecution(ex: Execution): void {
    if (ex.seq < 0) ex.seq = this.#executionSeq++;
    if (!ex.liveRef) {
      ex.liveRef = true;
      this.#suspended.add(ex);
    }
  }
  /** Unregisters a suspended execution (it runs again, or ended). */
  forgetExecution(ex: Execution): void {
    if (ex.liveRef) {
      this.#suspended.delete(ex);
      ex.liveRef = false;
    }
  }
  /** The executions whose stacks hold state (running or suspended), in the order they first ran. */
  liveExecutions(): Execution[] {
    const out: Execution[] = [];
    for (const ex of this.#running) if (ex.status === 'running' || ex.status === 'suspended') out.push(ex);
    for (const ex of this.#suspended) if (ex.status === 'suspended' && !out.includes(ex)) out.push(ex);
    return out.sort((a, b) => a.seq - b.seq);
  }
  readonly maxCallDepth: number;
  readonly maxStackSlots: number;
  /** The JavaScript tier, or null when the store only interprets. */
  jsTier: JsTier | null;

  constructor(options: StoreOptions = {}) {
    this.maxCallDepth = options.maxCallDepth ?? 20_000;
    this.maxStackSlots = options.maxStackSlots ?? 1 << 22;
    this.#gcOptions = options.gcHeap;
    this.gcObserver = options.gcObserver;
    if (!(this.maxCallDepth > 0) || !(this.maxStackSlots > 0)) throw new RangeError('store limits must be positive');
    const tier = options.tier ?? 'interp';
    if (!TIER_MODES.includes(tier)) throw new RangeError(`unknown tier ${String(tier)}`);
    this.jsTier = tier === 'interp' ? null : new JsTier(this, tier);
  }

  /**
   * Changes how the store runs code from the next call on (see `StoreOptions.tier`); frames running now finish in
   * the tier they are in.
   * @throws RangeError for an unknown tier
   */
  setTier(tier: TierMode): void {
    if (!TIER_MODES.includes(tier)) throw new RangeError(`unknown tier ${String(tier)}`);
    if ((this.jsTier?.mode ?? 'interp') === tier) return;
    this.jsTier = tier === 'interp' ? null : new JsTier(this, tier);
  }

  /** Allocates a host function. `name` identifies it when a captured store is restored. */
  hostFunc(type: FuncType, fn: HostFunction, name: string): Extern {
    if (typeof fn !== 'function') throw new TypeError('host function must be a function');
    const f = {
      type,
      typeId: internFuncType(type),
      instanceAddr: -1,
      funcIdx: -1,
      code: null,
      host: fn,
      hostName: name,
    };
    return { kind: 'func', addr: place(this.funcs, this.freeSlots.funcs, f) };
  }

  /** Allocates a memory of the given type. */
  memory(type: MemType): Extern {
    return { kind: 'memory', addr: place(this.mems, this.freeSlots.mems, new MemInst(type)) };
  }

  /**
   * Threads: what another agent's store needs to hold a shared memory too. Structured-cloneable (post it to a
   * worker); give it to that store's `adoptSharedMemory`.
   * @throws TypeError when the memory is not shared
   */
  sharedMemoryHandle(addr: number): SharedMemoryHandle {
    const m = this.mems[addr];
    if (m === undefined) throw new RangeError(`no memory at address ${addr}`);
    if (m.shared === null) throw new TypeError(`memory ${addr} is not shared`);
    return m.shared;
  }

  /**
   * Threads: allocates a memory over the same bytes as another agent's shared memory (its handle, possibly a
   * structured clone), counted as one more holder of it: its stores then refuse to capture (`CaptureError`).
   * @throws TypeError when `handle` is not a shared memory's handle
   */
  adoptSharedMemory(handle: SharedMemoryHandle): Extern {
    const type = sharedMemoryType(handle);
    addHolder(handle.control);
    this.mems.push(new MemInst(type, undefined, { buffer: handle.buffer, control: handle.control }));
    return { kind: 'memory', addr: this.mems.length - 1 };
  }

  /** Allocates a table of the given type, filled with `init` (default null). */
  table(type: TableType, init?: WasmValue): Extern {
    const t = new TableInst(type, init === undefined ? 0 : encodeRef(init, this));
    return { kind: 'table', addr: place(this.tables, this.freeSlots.tables, t) };
  }

  /** Allocates a tag with the given parameter types (its results must be empty). */
  tag(type: FuncType): Extern {
    if (type.results.length !== 0) throw new TypeError('a tag has no results');
    return { kind: 'tag', addr: this.exceptions.allocTag({ params: type.params.slice(), results: [] }) };
  }

  /** Allocates a global of the given type and value. */
  global(type: GlobalType, value: WasmValue): Extern {
    const addr = this.allocGlobal(type);
    writeWords(this.globalWords, addr * 4, value, this);
    return { kind: 'global', addr };
  }

  private allocGlobal(type: GlobalType): number {
    const addr = place(this.globalTypes, this.freeSlots.globals, type);
    if ((addr + 1) * 4 > this.globalWords.length) {
      const w = new Int32Array(Math.max(64, this.globalWords.length * 2));
      w.set(this.globalWords);
      this.globalWords = w;
    }
    this.globalWords.fill(0, addr * 4, addr * 4 + 4);
    return addr;
  }

  /** The value of a global. */
  getGlobal(addr: number): WasmValue {
    const t = this.globalTypes[addr];
    if (t === undefined) throw new RangeError(`no global at address ${addr}`);
    return readWords(this.globalWords, addr * 4, t.valType, this);
  }

  /** Sets a global's value (the caller checks mutability and type). */
  setGlobal(addr: number, value: WasmValue): void {
    if (this.globalTypes[addr] === undefined) throw new RangeError(`no global at address ${addr}`);
    this.globalWords.fill(0, addr * 4, addr * 4 + 4);
    writeWords(this.globalWords, addr * 4, value, this);
  }

  /** The type of a function. */
  funcType(addr: number): FuncType {
    const f = this.funcs[addr];
    if (f === undefined) throw new RangeError(`no function at address ${addr}`);
    return f.type;
  }

  /** The current buffer of a memory (replaced when the memory grows). */
  memoryBuffer(addr: number): ArrayBuffer {
    const m = this.mems[addr];
    if (m === undefined) throw new RangeError(`no memory at address ${addr}`);
    return m.buffer;
  }

  /** An export of an instance. */
  exportOf(instanceAddr: number, name: string): Extern | undefined {
    return this.instance(instanceAddr).exports.get(name);
  }

  /** All exports of an instance, in the module's order. */
  exportsOf(instanceAddr: number): { name: string; extern: Extern }[] {
    return [...this.instance(instanceAddr).exports].map(([name, extern]) => ({ name, extern }));
  }

  private instance(addr: number): ModuleInstance {
    const i = this.instances[addr];
    if (i === undefined) throw new RangeError(`no instance at address ${addr}`);
    return i;
  }

  /**
   * Starts an execution of a function without running it.
   * @param options.interruptFlag an `Int32Array` (for example on a `SharedArrayBuffer`, so another thread can
   *   interrupt) whose first element, set non-zero, suspends the execution at the next back-edge or call
   */
  call(funcAddr: number, args: readonly WasmValue[], options: { interruptFlag?: Int32Array } = {}): Execution {
    return new Execution(this, funcAddr, args, options.interruptFlag);
  }

  /**
   * Runs a function to completion.
   * @throws RuntimeError on a trap; whatever a host function throws
   */
  invoke(funcAddr: number, args: readonly WasmValue[]): WasmValue[] {
    const r = this.call(funcAddr, args).run();
    if (r.status === 'done') return r.results;
    if (r.status === 'trapped') throw r.error;
    throw new TypeError(`execution suspended (${r.reason}) inside a synchronous invoke`);
  }

  /**
   * Instantiates a module with its imports (in the module's import order), initialises segments and runs the
   * start function, in the order the spec gives.
   * @returns the instance address
   * @throws LinkError when an import is missing or does not match; RuntimeError when initialisation traps
   */
  instantiate(module: Module, imports: readonly Extern[]): number {
    const cm = module.compiled;
    const d = cm.decoded;
    if (imports.length !== d.imports.length) {
      throw new LinkError(`expected ${d.imports.length} imports, got ${imports.length}`);
    }
    const funcAddrs: number[] = [];
    const tableAddrs: number[] = [];
    const memAddrs: number[] = [];
    const globalAddrs: number[] = [];
    const tagAddrs: number[] = [];
    d.imports.forEach((imp, i) => {
      const ext = imports[i]!;
      const where = `import "${imp.module}" "${imp.name}"`;
      const kinds = ['func', 'table', 'memory', 'global', 'tag'] as const;
      if (ext.kind !== kinds[imp.desc.kind]) throw new LinkError(`incompatible import type for ${where}`);
      switch (imp.desc.kind) {
        case ExternKind.Func: {
          const f = this.funcs[ext.addr];
          const want = cm.typeIds[imp.desc.typeIdx]!;
          if (f === undefined || (f.typeId !== want && !isCanonicalSubtype(f.typeId, want))) {
            throw new LinkError(`incompatible import type for ${where}: function signature mismatch`);
          }
          funcAddrs.push(ext.addr);
          break;
        }
        case ExternKind.Table: {
          const t = this.tables[ext.addr];
          if (
            t === undefined ||
            t.type.elemType !== canonicalValType(imp.desc.type.elemType, cm.typeIds) ||
            (t.type.address64 === true) !== (imp.desc.type.address64 === true) ||
            !limitsMatch(t.length, t.type.limits.max, imp.desc.type.limits)
          ) {
            throw new LinkError(`incompatible import type for ${where}: table type mismatch`);
          }
          tableAddrs.push(ext.addr);
          break;
        }
        case ExternKind.Memory: {
          const m = this.mems[ext.addr];
          if (m === undefined || !limitsMatch(m.pages, m.type.limits.max, imp.desc.type.limits)) {
            throw new LinkError(`incompatible import type for ${where}: memory size mismatch`);
          }
          if ((m.type.shared === true) !== (imp.desc.type.shared === true)) {
            throw new LinkError(`incompatible import type for ${where}: shared and unshared memory`);
          }
          if ((m.type.address64 === true) !== (imp.desc.type.address64 === true)) {
            throw new LinkError(`incompatible import type for ${where}: memory address type mismatch`);
          }
          memAddrs.push(ext.addr);
          break;
        }
        case ExternKind.Global: {
          const g = this.globalTypes[ext.addr];
          const want = canonicalValType(imp.desc.type.valType, cm.typeIds);
          const mutable = imp.desc.type.mutable;
          if (
            g === undefined ||
            g.mutable !== mutable ||
            (g.valType !== want && (mutable || !valSubtype(g.valType, want, null)))
          ) {
            throw new LinkError(`incompatible import type for ${where}: global type mismatch`);
          }
          globalAddrs.push(ext.addr);
          break;
        }
        case ExternKind.Tag: {
          const t = this.exceptions.tagTypes[ext.addr];
          if (t === undefined || this.exceptions.tagTypeIds[ext.addr] !== cm.typeIds[imp.desc.typeIdx]) {
            throw new LinkError(`incompatible import type for ${where}: tag type mismatch`);
          }
          tagAddrs.push(ext.addr);
          break;
        }
      }
    });

    let moduleRef = this.modules.indexOf(module);
    if (moduleRef < 0) moduleRef = place(this.modules, this.freeSlots.modules, module);
    const instanceAddr = this.freeSlots.instances.pop() ?? this.instances.length;

    // Allocation.
    cm.funcs.forEach((f, i) => {
      funcAddrs.push(
        place(this.funcs, this.freeSlots.funcs, {
          // Value types with canonical type indices: what the host boundary and the store compare.
          type: canonicalFuncType(f.type, cm.typeIds),
          typeId: cm.typeIds[f.typeIdx]!,
          instanceAddr,
          funcIdx: cm.importedFuncs + i,
          code: f,
          host: null,
          hostName: '',
        }),
      );
    });
    const tablesAt = tableAddrs.length;
    for (const t of cm.tables.slice(cm.importedTables)) {
      const type = { ...t, elemType: canonicalValType(t.elemType, cm.typeIds) };
      tableAddrs.push(place(this.tables, this.freeSlots.tables, new TableInst(type)));
    }
    for (const m of cm.mems.slice(cm.importedMems)) {
      memAddrs.push(place(this.mems, this.freeSlots.mems, new MemInst(m)));
    }
    for (const ti of d.tags) {
      const params = d.types[ti]!.params.map((p) => canonicalValType(p, cm.typeIds));
      tagAddrs.push(this.exceptions.allocTag({ params, results: [] }, cm.typeIds[ti]!));
    }
    const evalRef = (spec: ConstSpec): number => this.evalConst(spec, funcAddrs, globalAddrs)[0];
    // Typed references: a table's initialiser fills it (it sees the imported globals only).
    cm.tableInits.forEach((spec, i) => {
      const table = this.tables[tableAddrs[tablesAt + i]!]!;
      if (spec !== null) table.elements.fill(evalRef(spec), 0, table.length);
    });
    cm.globalInits.forEach((spec, i) => {
      const declared = cm.globals[cm.importedGlobals + i]!;
      const type = { valType: canonicalValType(declared.valType, cm.typeIds), mutable: declared.mutable };
      const words = this.evalConst(spec, funcAddrs, globalAddrs);
      const addr = this.allocGlobal(type);
      this.globalWords.set(words, addr * 4);
      globalAddrs.push(addr);
    });
    const elemAddrs = cm.elems.map((e) =>
      place(this.elems, this.freeSlots.elems, {
        type: canonicalValType(e.type, cm.typeIds),
        refs: Int32Array.from(e.init, evalRef),
      }),
    );
    const dataAddrs = cm.datas.map((dd) =>
      place(this.datas, this.freeSlots.datas, { bytes: dd.bytes, dropped: false }),
    );
    this.instances[instanceAddr] = new InstanceRecord(
      instanceAddr,
      cm,
      moduleRef,
      Int32Array.from(funcAddrs),
      Int32Array.from(tableAddrs),
      Int32Array.from(memAddrs),
      Int32Array.from(globalAddrs),
      Int32Array.from(elemAddrs),
      Int32Array.from(dataAddrs),
      Int32Array.from(tagAddrs),
    );

    // Initialisation: element segments, then data segments, then the start function.
    cm.elems.forEach((e, i) => {
      const elem = this.elems[elemAddrs[i]!]!;
      if (e.mode === SegmentMode.Active) {
        const table = this.tables[tableAddrs[e.tableIdx]!]!;
        const offset = segmentOffset(this.evalConst(e.offset!, funcAddrs, globalAddrs), table.type);
        const n = elem.refs.length;
        if (offset + n > table.length) throw new RuntimeError(TrapCode.TableOutOfBounds);
        table.elements.set(elem.refs, offset);
      }
      if (e.mode !== SegmentMode.Passive) elem.refs = EMPTY_REFS;
    });
    cm.datas.forEach((dd, i) => {
      if (dd.mode !== SegmentMode.Active) return;
      const data = this.datas[dataAddrs[i]!]!;
      const mem = this.mems[memAddrs[dd.memIdx]!]!;
      const offset = segmentOffset(this.evalConst(dd.offset!, funcAddrs, globalAddrs), mem.type);
      if (offset + dd.bytes.length > mem.buffer.byteLength) throw new RuntimeError(TrapCode.MemoryOutOfBounds);
      mem.u8.set(dd.bytes, offset);
      mem.markDirty(offset, offset + dd.bytes.length);
      data.bytes = EMPTY_BYTES;
      data.dropped = true;
    });
    if (d.start !== null) this.invoke(funcAddrs[d.start]!, []);
    return instanceAddr;
  }

  /** Evaluates a validated constant expression to its four words. */
  private evalConst(spec: ConstSpec, funcAddrs: readonly number[], globalAddrs: readonly number[]): Int32Array {
    const w = new Int32Array(4);
    switch (spec.kind) {
      case 'value':
        w[0] = spec.lo;
        w[1] = spec.hi;
        break;
      case 'v128':
        w.set(spec.words);
        break;
      case 'null':
        break;
      case 'func':
        w[0] = funcAddrs[spec.funcIdx]! + 1;
        break;
      case 'global':
        w.set(this.globalWords.subarray(globalAddrs[spec.globalIdx]! * 4, globalAddrs[spec.globalIdx]! * 4 + 4));
        break;
      case 'arith': {
        const stack: Int32Array[] = [];
        for (const step of spec.steps) {
          if (step.kind === 'op') {
            const b = stack.pop()!;
            const a = stack.pop()!;
            const r = applyConstOp(step.op, [a[0]!, a[1]!], [b[0]!, b[1]!]);
            stack.push(Int32Array.of(r[0], r[1], 0, 0));
          } else if (step.kind === 'gc') {
            evalGcConst(this, step, stack);
          } else {
            stack.push(this.evalConst(step, funcAddrs, globalAddrs));
          }
        }
        w.set(stack[0]!);
        break;
      }
    }
    return w;
  }

  /**
   * Captures the store as plain data. Memories are views of the live buffers (no copy): clone or transfer them
   * before the store runs again. Everything else is copied, into views of as few buffers as possible.
   */
  capture(): StoreState {
    refuseSharedInUse(this.mems);
    // The heap in its canonical order first: that rewrites references in globals, tables, segments and stacks.
    this.canonicalizeGcHeap(true);
    // Every integer array of the state is a view of one buffer: a structured clone then copies one buffer
    // instead of allocating one per array (which costs far more than the bytes).
    let words = this.funcs.length * 2 + this.globalTypes.length * 4;
    for (const i of this.instances) {
      words +=
        i.funcAddrs.length +
        i.tableAddrs.length +
        i.memAddrs.length +
        i.globalAddrs.length +
        i.elemAddrs.length +
        i.dataAddrs.length;
    }
    for (const t of this.tables) words += t.length;
    for (const e of this.elems) words += e.refs.length;
    const pack = new Int32Array(words);
    let at = 0;
    const take = (n: number): Int32Array => pack.subarray(at, (at += n));
    const put = (src: Int32Array): Int32Array => {
      const v = take(src.length);
      v.set(src);
      return v;
    };

    const funcs = take(this.funcs.length * 2);
    const hostFuncs: HostFuncState[] = [];
    this.funcs.forEach((f, i) => {
      if (f.host !== null) {
        funcs[2 * i] = -1;
        funcs[2 * i + 1] = hostFuncs.length;
        const params = f.type.params.map(hostTypeCode);
        const results = f.type.results.map(hostTypeCode);
        hostFuncs.push({ name: f.hostName, type: { params, results } });
      } else {
        funcs[2 * i] = f.instanceAddr;
        funcs[2 * i + 1] = f.funcIdx;
      }
    });
    const exact = new RefTypesCapture(this.modules);
    const globalTypes = new Uint8Array(this.globalTypes.length * 2 + this.datas.length);
    this.globalTypes.forEach((g, i) => {
      globalTypes[2 * i] = exact.erase('globals', i, g.valType);
      globalTypes[2 * i + 1] = g.mutable ? 1 : 0;
    });
    const datasDropped = globalTypes.subarray(this.globalTypes.length * 2);
    this.datas.forEach((dd, i) => {
      datasDropped[i] = dd.dropped ? 1 : 0;
    });
    const exc = this.exceptions;
    const exceptions = exc.empty ? {} : { exceptions: exc.capture(this.instances.map((i) => i.tagAddrs)) };
    return {
      version: 1,
      moduleCount: this.modules.length,
      instances: this.instances.map((i) => ({
        module: i.moduleRef,
        funcs: put(i.funcAddrs),
        tables: put(i.tableAddrs),
        mems: put(i.memAddrs),
        globals: put(i.globalAddrs),
        elems: put(i.elemAddrs),
        datas: put(i.dataAddrs),
      })),
      funcs,
      hostFuncs,
      tables: this.tables.map((t, i) => ({
        type: { ...t.type, elemType: exact.erase('tables', i, t.type.elemType) },
        elements: put(t.elements.subarray(0, t.length)),
      })),
      // A shared memory's view follows a growable SharedArrayBuffer: the state gets a copy of its bytes.
      mems: this.mems.map((m) => ({ type: m.type, bytes: m.shared === null ? m.u8 : m.u8.slice() })),
      globalTypes: globalTypes.subarray(0, this.globalTypes.length * 2),
      globalValues: put(this.globalWords.subarray(0, this.globalTypes.length * 4)),
      // A segment's exact type (`(ref func)` for function indices) served validation only; what a store reads
      // of it (reclaim) is its hierarchy, so the state keeps the one-byte code and `refTypes` stays absent for
      // every module without typed globals or tables.
      elems: this.elems.map((e) => ({ type: hostTypeCode(e.type), refs: put(e.refs) })),
      datasDropped,
      externs: this.externs.slice(),
      ...exceptions,
      ...refTypesOf(exact),
      ...(this.#gcHeap === null || this.#gcHeap.top <= 1 ? {} : { gcHeap: captureHeap(this.#gcHeap, this.modules) }),
    };
  }

  /**
   * Builds a store from captured state, taking ownership of its arrays: memory buffers are adopted without a
   * copy when a view spans its whole buffer, and the read-only arrays are used as they are (restore from a
   * clone when the state must stay usable). The modules must be those the state was captured with, in order.
   * @throws TypeError when the state does not fit the modules or is inconsistent; what `hostFuncs` throws
   */
  static restore(
    state: StoreState,
    modules: readonly Module[],
    hostFuncs: HostResolver,
    options?: StoreOptions,
  ): Store {
    if (state.version !== 1) throw new TypeError(`unsupported store state version ${state.version}`);
    if (modules.length !== state.moduleCount) throw new TypeError('module count does not match the captured store');
    const s = new Store(options);
    s.modules.push(...modules);
    for (const v of state.externs) {
      s.externIndex.set(v, s.externs.length);
      s.externs.push(v);
    }
    const check = (ok: boolean, what: string): void => {
      if (!ok) throw new TypeError(`inconsistent store state: ${what}`);
    };
    check(state.funcs.length % 2 === 0, 'function list');
    for (let i = 0; i < state.funcs.length; i += 2) {
      const instance = state.funcs[i]!;
      const index = state.funcs[i + 1]!;
      if (instance === -1) {
        const h = state.hostFuncs[index];
        check(h !== undefined, `unknown host function ${index}`);
        s.funcs.push({
          type: h!.type,
          typeId: internFuncType(h!.type),
          instanceAddr: -1,
          funcIdx: -1,
          code: null,
          host: hostFuncs(h!.name, h!.type),
          hostName: h!.name,
        });
      } else {
        const inst = state.instances[instance];
        check(inst !== undefined, `function of unknown instance ${instance}`);
        const cm = modules[inst!.module]?.compiled;
        check(cm !== undefined, 'instance of unknown module');
        const code = cm!.funcs[index - cm!.importedFuncs];
        check(code !== undefined, `unknown function ${index}`);
        s.funcs.push({
          type: canonicalFuncType(code!.type, cm!.typeIds),
          typeId: cm!.typeIds[code!.typeIdx]!,
          instanceAddr: instance,
          funcIdx: index,
          code: code!,
          host: null,
          hostName: '',
        });
      }
    }
    const exact = restoreRefTypes(state.refTypes, modules);
    state.tables.forEach((t, i) => {
      const elemType = exact.tables.get(i);
      const type = elemType === undefined ? t.type : { ...t.type, elemType };
      s.tables.push(new TableInst(type, 0, t.elements));
    });
    for (const m of state.mems) {
      const b = m.bytes;
      const whole = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer;
      check(b.byteLength % 65536 === 0, 'memory size is not a whole number of pages');
      s.mems.push(new MemInst(m.type, whole ? (b.buffer as ArrayBuffer) : b.slice().buffer));
    }
    check(state.globalValues.length === state.globalTypes.length * 2, 'global values');
    for (let i = 0; i < state.globalTypes.length; i += 2) {
      const valType = exact.globals.get(i / 2) ?? (state.globalTypes[i]! as ValType);
      s.globalTypes.push({ valType, mutable: state.globalTypes[i + 1] === 1 });
    }
    s.globalWords = state.globalValues;
    state.elems.forEach((e, i) => s.elems.push({ type: exact.elems.get(i) ?? e.type, refs: e.refs }));
    s.exceptions = ExceptionStore.restore(state.exceptions, state.instances.length);
    state.instances.forEach((i, addr) => {
      const module = modules[i.module];
      check(module !== undefined, 'instance of unknown module');
      const cm = module!.compiled;
      check(
        i.funcs.length === cm.funcTypes.length &&
          i.tables.length === cm.tables.length &&
          i.mems.length === cm.mems.length &&
          i.globals.length === cm.globals.length &&
          i.elems.length === cm.elems.length &&
          i.datas.length === cm.datas.length,
        'instance index spaces',
      );
      cm.datas.forEach((dd, di) => {
        const a = i.datas[di]!;
        const dropped = state.datasDropped[a] === 1;
        s.datas[a] = { bytes: dropped ? EMPTY_BYTES : dd.bytes, dropped };
      });
      const tags = state.exceptions?.instanceTags[addr] ?? new Int32Array(0);
      check(tags.length === cm.tagTypes.length, 'instance tag space');
      s.instances.push(
        new InstanceRecord(addr, cm, i.module, i.funcs, i.tables, i.mems, i.globals, i.elems, i.datas, tags),
      );
    });
    // Data segments no instance names (freed slots) are dropped ones.
    for (let a = s.datas.length; a < state.datasDropped.length; a++)
      s.datas.push({ bytes: EMPTY_BYTES, dropped: true });
    for (let a = 0; a < s.datas.length; a++) s.datas[a] ??= { bytes: EMPTY_BYTES, dropped: true };
    check(s.datas.length === state.datasDropped.length, 'data segments');
    if (state.gcHeap !== undefined) s.#gcHeap = restoreHeap(state.gcHeap, modules, options?.gcHeap);
    checkGcRoots(s);
    return s;
  }
}

/**
 * Threads: refuses to capture a store with a shared memory that another agent holds.
 * @throws CaptureError `shared-memory-in-use`
 */
function refuseSharedInUse(mems: readonly MemInst[]): void {
  mems.forEach((m, addr) => {
    if (m.shared === null) return;
    const holders = holderCount(m.shared.control);
    if (holders > 1) {
      throw new CaptureError(
        'shared-memory-in-use',
        `cannot capture: shared memory ${addr} is held by ${holders} agents, ` +
          'and another one could write to it during and after the capture',
      );
    }
  });
}

/** Import matching of limits: the actual size and maximum must fit within the expected limits. */
function limitsMatch(actualMin: number, actualMax: number | null, expected: Limits): boolean {
  if (actualMin < expected.min) return false;
  if (expected.max === null) return true;
  return actualMax !== null && actualMax <= expected.max;
}

/** The `refTypes` field of a captured state, when some type needs it. */
function refTypesOf(exact: RefTypesCapture): { refTypes?: RefTypesState } {
  const r = exact.result();
  return r === undefined ? {} : { refTypes: r };
}

/**
 * An active segment's offset from its evaluated words: a u32, or for a memory64/table64 a u64 as a number
 * (exact below 2^53; any offset that large is out of bounds all the same).
 */
function segmentOffset(words: Int32Array, t: MemType | TableType): number {
  const lo = words[0]! >>> 0;
  return t.address64 === true ? (words[1]! >>> 0) * 4294967296 + lo : lo;
}
