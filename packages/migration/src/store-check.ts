/**
 * Consistency rules of a captured store, shared by the encoder (on the caller's `StoreState`) and the decoder
 * (on what it parsed, before anything is built): every address in range, every type code known, sizes within
 * limits. The rules and their order are normative (`docs/snapshot-format.md`, "Validation").
 * @module
 */
import type { HostFuncState, Limits, MemType, StoreState, TableType } from '@edgedancer/interpreter';
import { MAX_PAGES, NULL_REF, PAGE_SIZE } from './constants.js';
import { fail } from './errors.js';
import { EXNREF, EXTERNREF, FUNCREF, globalWords, isRefType, VAL_TYPE_CODES } from './value-types.js';

/** A store as the checks see it: memories by size only, so the decoder can check before allocating them. */
export interface StoreShape {
  readonly moduleCount: number;
  readonly instances: StoreState['instances'];
  /** Two words a function: `[instanceAddr, funcIdx]`, or `[HOST_FUNC, i]` for `hostFuncs[i]`. */
  readonly funcs: Int32Array;
  readonly hostFuncs: readonly HostFuncState[];
  readonly tables: readonly { readonly type: TableType; readonly elements: Int32Array }[];
  readonly mems: readonly { readonly type: MemType; readonly byteLength: number }[];
  /** Two bytes a global: value type code, mutability (0 or 1). */
  readonly globalTypes: Uint8Array;
  readonly globalValues: Int32Array;
  readonly elems: StoreState['elems'];
  readonly datasDropped: Uint8Array;
  readonly externCount: number;
  /** Exceptions in the store (what an `exnref` may refer to); 0 when absent. */
  readonly exnCount?: number;
  /** Words of the GC heap (section 15; what a GC reference may point below); 0 when absent. */
  readonly heapWords?: number;
}

/** The instance word of a host function in `StoreState.funcs`. */
export const HOST_FUNC = -1;

/** Words a function takes in `StoreState.funcs`. */
export const FUNC_WORDS = 2;

/** Bytes a global takes in `StoreState.globalTypes`. */
export const GLOBAL_TYPE_BYTES = 2;

/** How many functions `funcs` (two words each) lists. */
export function funcCount(funcs: Int32Array): number {
  return Math.floor(funcs.length / FUNC_WORDS);
}

/** Whether the function at `addr` (an address, checked by the caller) is a host function. */
export function isHostFunc(funcs: Int32Array, addr: number): boolean {
  return funcs[addr * FUNC_WORDS] === HOST_FUNC;
}

/** The host function at `addr`, or `undefined` if `addr` is no host function of `store`. */
export function hostFuncAt(store: Pick<StoreState, 'funcs' | 'hostFuncs'>, addr: number): HostFuncState | undefined {
  if (!isIndex(addr, funcCount(store.funcs)) || !isHostFunc(store.funcs, addr)) return undefined;
  return store.hostFuncs[store.funcs[addr * FUNC_WORDS + 1]!];
}

/** Whether `v` is an integer in `[0, count)`. */
export function isIndex(v: unknown, count: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < count;
}

/** Whether `v` is a u32. */
export function isU32(v: unknown): v is number {
  return isIndex(v, 0x1_0000_0000);
}

function checkAddrs(list: Int32Array, count: number, what: string): void {
  for (let i = 0; i < list.length; i++) {
    if (!isIndex(list[i], count)) fail('bad-index', `${what}[${i}] is out of range`);
  }
}

/** Checks references: `NULL_REF` (0) or an address/index below `count`, plus one. */
export function checkRefs(list: Int32Array, count: number, what: string): void {
  for (let i = 0; i < list.length; i++) {
    const v = list[i]!;
    if (v !== NULL_REF && !isIndex(v - 1, count)) fail('bad-index', `${what}[${i}] is out of range`);
  }
}

function refCount(s: StoreShape, type: number): number {
  return type === FUNCREF ? funcCount(s.funcs) : type === EXNREF ? (s.exnCount ?? 0) : s.externCount;
}

/** Bit of a reference word that points into the GC heap (`0x40000000 | address`); bit 31 marks an `i31ref`. */
const HEAP_REF = 0x4000_0000;

/**
 * Checks the references of a list of type `type`. A list stored as `externref` may also hold the GC hierarchy's
 * references (section 15): an `i31ref` (bit 31 set) or an object (`HEAP_REF | address`, the address inside the
 * heap's words; `GcHeap.adopt` checks on restore that an object starts there).
 */
function checkTypedRefs(list: Int32Array, s: StoreShape, type: number, what: string): void {
  if (type !== EXTERNREF) {
    checkRefs(list, refCount(s, type), what);
    return;
  }
  const heap = s.heapWords ?? 0;
  for (let i = 0; i < list.length; i++) {
    if (!isExternOrGcRef(list[i]!, s.externCount, heap)) fail('bad-index', `${what}[${i}] is out of range`);
  }
}

/**
 * Whether `v` is a valid word of a reference stored as `externref`: null, an extern index + 1, an `i31ref`, or a
 * GC object inside a heap of `heapWords` words.
 */
export function isExternOrGcRef(v: number, externCount: number, heapWords: number): boolean {
  if (v < 0) return true;
  return v >= HEAP_REF ? isIndex(v - HEAP_REF - 1, heapWords - 1) : v === NULL_REF || isIndex(v - 1, externCount);
}

/**
 * Checks limits and a size within them; an absent maximum is `null` (or `undefined` on input). The minimum is a
 * u32 at most `top`; the maximum at most `maxTop` (a u32 bound, or for memory64/table64 up to 2^64).
 */
function checkLimits(limits: Limits, size: number, top: number, what: string, maxTop = top): void {
  const { min } = limits;
  const max = limits.max ?? null;
  if (!isU32(min) || min > top) fail('bad-value', `${what}: minimum out of range`);
  const maxOk = maxTop > 0xffff_ffff ? isWideLimit(max, maxTop) : isU32(max) && max <= maxTop;
  if (max !== null && (!maxOk || max < min)) fail('bad-value', `${what}: maximum out of range`);
  if (size < min || (max !== null && size > max)) fail('bad-value', `${what}: size outside its limits`);
}

function checkInstances(s: StoreShape): void {
  s.instances.forEach((inst, i) => {
    const at = `instances[${i}]`;
    if (!isIndex(inst.module, s.moduleCount)) fail('bad-index', `${at}.module is out of range`);
    checkAddrs(inst.funcs, funcCount(s.funcs), `${at}.funcs`);
    checkAddrs(inst.tables, s.tables.length, `${at}.tables`);
    checkAddrs(inst.mems, s.mems.length, `${at}.mems`);
    checkAddrs(inst.globals, s.globalTypes.length / GLOBAL_TYPE_BYTES, `${at}.globals`);
    checkAddrs(inst.elems, s.elems.length, `${at}.elems`);
    checkAddrs(inst.datas, s.datasDropped.length, `${at}.datas`);
  });
}

/**
 * Functions by address. Host functions are canonical when `hostFuncs` lists each exactly once, in address
 * order: the k-th host function by address is `[HOST_FUNC, k]` (what `Store.capture` gives, and what
 * decoding builds, since the format writes a host function's name and type at its address).
 */
function checkFuncs(s: StoreShape): void {
  const n = funcCount(s.funcs);
  let hosts = 0;
  for (let addr = 0; addr < n; addr++) {
    const at = `funcs[${addr}]`;
    const instance = s.funcs[addr * FUNC_WORDS]!;
    const index = s.funcs[addr * FUNC_WORDS + 1]!;
    if (instance === HOST_FUNC) {
      if (!isIndex(index, s.hostFuncs.length)) fail('bad-index', `${at}: host function ${index} is out of range`);
      if (index !== hosts) fail('non-canonical', `${at}: host function ${index} is not the next unused one (${hosts})`);
      hosts++;
      const { type } = s.hostFuncs[index]!;
      for (const t of [...type.params, ...type.results]) {
        if (!VAL_TYPE_CODES.has(t)) fail('bad-type', `${at}: unknown value type`);
      }
    } else {
      if (!isIndex(instance, s.instances.length)) fail('bad-index', `${at}.instance is out of range`);
      const own = s.instances[instance]!.funcs;
      if (!isIndex(index, own.length) || own[index] !== addr)
        fail('bad-index', `${at}.funcIdx does not name it in its instance`);
    }
  }
  if (hosts !== s.hostFuncs.length)
    fail('non-canonical', `hostFuncs has ${s.hostFuncs.length - hosts} entries no function uses`);
}

function checkTables(s: StoreShape): void {
  s.tables.forEach((t, i) => {
    const at = `tables[${i}]`;
    if (!isRefType(t.type.elemType)) fail('bad-type', `${at}: element type is not a reference type`);
    checkAddressType(t.type, at);
    checkLimits(t.type.limits, t.elements.length, 0xffff_ffff, at, t.type.address64 === true ? 2 ** 64 : 0xffff_ffff);
    checkTypedRefs(t.elements, s, t.type.elemType, `${at}.elements`);
  });
}

function checkMems(s: StoreShape): void {
  s.mems.forEach((m, i) => {
    const at = `mems[${i}]`;
    if (m.byteLength % PAGE_SIZE !== 0) fail('bad-length', `${at}: size is not a whole number of pages`);
    const pages = m.byteLength / PAGE_SIZE;
    if (pages > MAX_PAGES) fail('bad-value', `${at}: more than ${MAX_PAGES} pages`);
    checkAddressType(m.type, at);
    checkLimits(m.type.limits, pages, MAX_PAGES, at, m.type.address64 === true ? 2 ** 48 : MAX_PAGES);
    const shared = (m.type as { shared?: unknown }).shared;
    if (shared !== undefined && typeof shared !== 'boolean') fail('bad-value', `${at}: shared is not a boolean`);
    if (shared === true && (m.type.limits.max ?? null) === null)
      fail('bad-value', `${at}: shared memory without a maximum`);
  });
}

function checkGlobals(s: StoreShape): void {
  const n = s.globalTypes.length / GLOBAL_TYPE_BYTES;
  if (s.globalValues.length !== n * 4) fail('bad-length', 'globalValues is not four words a global');
  for (let i = 0; i < n; i++) {
    const at = `globals[${i}]`;
    const valType = s.globalTypes[i * GLOBAL_TYPE_BYTES]!;
    if (globalWords(valType) === 0) fail('bad-type', `${at}: unknown value type`);
    if (s.globalTypes[i * GLOBAL_TYPE_BYTES + 1]! > 1) fail('bad-value', `${at}: mutability is neither 0 nor 1`);
    if (isRefType(valType)) checkTypedRefs(s.globalValues.subarray(i * 4, i * 4 + 1), s, valType, `${at}.value`);
  }
}

function checkSegments(s: StoreShape): void {
  s.elems.forEach((e, i) => {
    if (!isRefType(e.type)) fail('bad-type', `elems[${i}]: not a reference type`);
    checkTypedRefs(e.refs, s, e.type, `elems[${i}].refs`);
  });
  for (let i = 0; i < s.datasDropped.length; i++) {
    if (s.datasDropped[i]! > 1) fail('bad-value', `datasDropped[${i}] is neither 0 nor 1`);
  }
}

/**
 * Checks a store's internal consistency, in the normative order: instances, funcs, tables, memories,
 * globals, element and data segments.
 * @throws {SnapshotError} `bad-index`, `bad-type`, `bad-value` or `bad-length`
 */
export function checkStore(s: StoreShape): void {
  checkInstances(s);
  checkFuncs(s);
  checkTables(s);
  checkMems(s);
  checkGlobals(s);
  checkSegments(s);
}

/** Memory64/table64: `address64` is absent or a boolean. */
function checkAddressType(type: MemType | TableType, at: string): void {
  const a = (type as { address64?: unknown }).address64;
  if (a !== undefined && typeof a !== 'boolean') fail('bad-value', `${at}: address64 is not a boolean`);
}

/** Whether `v` is a non-negative integer at most `top`, as a 64-bit maximum (2^64 stands for 2^64 - 1). */
function isWideLimit(v: unknown, top: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= top;
}
