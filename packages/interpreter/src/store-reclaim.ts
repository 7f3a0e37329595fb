/**
 * Freeing the entities of a store that nothing can reach any more: a mark from the given roots along every
 * reference the store holds (a function to its instance, an instance to everything its index spaces name and
 * to its module, tables, globals and element segments to the functions and host values their references
 * name), then every unmarked entity is replaced by an inert placeholder and its address goes to the store's
 * free slots, which the next allocations reuse. Roots are the caller's business: the `WebAssembly` facade
 * passes the addresses that live JS objects stand for.
 *
 * Placeholders keep the store a valid store: `capture` still works, and shows a freed function as a host
 * function named {@link FREED_FUNCTION_NAME}, a freed instance as an instance of an empty module.
 * @module
 */
import { Module } from './module-class.js';
import {
  type DataInst,
  type ElemInst,
  type FuncInst,
  InstanceRecord,
  internFuncType,
  MemInst,
  TableInst,
} from './runtime.js';
import type { Store } from './store.js';
import { type FuncType, type GlobalType, ValType } from './types.js';
import { hostTypeCode } from './values.js';

/** The host name of a freed function slot (what `Store.restore` asks its resolver for). */
export const FREED_FUNCTION_NAME = 'edgedancer:freed';

/** The kinds of entity a store holds. */
export type EntityKind =
  | 'funcs'
  | 'tables'
  | 'mems'
  | 'globals'
  | 'elems'
  | 'datas'
  | 'instances'
  | 'modules'
  | 'externs';

/** A number per kind of entity. */
export type EntityCounts = Record<EntityKind, number>;

/** What a reclamation starts from: addresses that must stay, per kind (any other entity may be freed). */
export interface StoreRoots {
  readonly funcs?: Iterable<number>;
  readonly tables?: Iterable<number>;
  readonly mems?: Iterable<number>;
  readonly globals?: Iterable<number>;
  readonly instances?: Iterable<number>;
}

const KINDS: readonly EntityKind[] = [
  'funcs',
  'tables',
  'mems',
  'globals',
  'elems',
  'datas',
  'instances',
  'modules',
  'externs',
];
const NO_TYPE: FuncType = { params: [], results: [] };
const EMPTY_WORDS = new Int32Array(0);
const EMPTY_BYTES = new Uint8Array(0);
const freedHost = (): never => {
  throw new TypeError('call of a freed function');
};
const FREED_FUNC: FuncInst = {
  type: NO_TYPE,
  typeId: internFuncType(NO_TYPE),
  instanceAddr: -1,
  funcIdx: -1,
  code: null,
  host: freedHost,
  hostName: FREED_FUNCTION_NAME,
};
const FREED_GLOBAL: GlobalType = { valType: ValType.I32, mutable: false };
const FREED_ELEM: ElemInst = { type: ValType.FuncRef, refs: EMPTY_WORDS };
/** The module of freed instances: `(module)`. */
let emptyModule: Module | undefined;
/** Where each store keeps that module (a slot never freed). */
const emptyModuleRefs = new WeakMap<Store, number>();

/**
 * The number of entities of each kind a store holds (its lists' lengths less their free slots).
 * @param store a store
 * @returns the live entities per kind
 * @example liveEntities(defaultStore()).instances
 */
export function liveEntities(store: Store): EntityCounts {
  const lists = listsOf(store);
  const counts = {} as EntityCounts;
  for (const k of KINDS) counts[k] = lists[k] - store.freeSlots[k].length;
  return counts;
}

/**
 * Frees every entity of `store` that is not reachable from `roots`, so that its address is reused.
 * Nothing may be running in the store (no execution started and not finished), and nobody may use a freed
 * address afterwards: that is what the roots promise.
 * @param store the store
 * @param roots the addresses that stay, with everything they reach
 * @param onFree told of each freed address (to drop what the caller keeps per address)
 * @returns how many entities of each kind were freed
 * @example reclaimUnreachable(store, { funcs: [keptFunc] });
 */
export function reclaimUnreachable(
  store: Store,
  roots: StoreRoots,
  onFree?: (kind: EntityKind, addr: number) => void,
): EntityCounts {
  const s = store;
  const sizes = listsOf(s);
  // 0 unreached, 1 reached, 2 already free.
  const mark = {} as Record<EntityKind, Uint8Array>;
  for (const k of KINDS) {
    const m = (mark[k] = new Uint8Array(sizes[k]));
    for (const a of s.freeSlots[k]) m[a] = 2;
  }
  emptyModule ??= new Module(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  const emptyRef = emptyModuleRefs.get(s);
  if (emptyRef !== undefined && emptyRef < sizes.modules && mark.modules[emptyRef] === 0) mark.modules[emptyRef] = 1;

  const funcs: number[] = [];
  const instances: number[] = [];
  const tables: number[] = [];
  const globals: number[] = [];
  const elems: number[] = [];
  const reach = (k: EntityKind, a: number, work?: number[]): void => {
    if (a < 0 || a >= sizes[k] || mark[k][a] !== 0) return;
    mark[k][a] = 1;
    work?.push(a);
  };
  const reachRef = (type: number, ref: number): void => {
    if (ref === 0) return;
    const top = hostTypeCode(type);
    if (top === ValType.FuncRef) reach('funcs', ref - 1, funcs);
    else if (top === ValType.ExternRef) reach('externs', ref - 1);
  };
  for (const a of roots.funcs ?? []) reach('funcs', a, funcs);
  for (const a of roots.tables ?? []) reach('tables', a, tables);
  for (const a of roots.mems ?? []) reach('mems', a);
  for (const a of roots.globals ?? []) reach('globals', a, globals);
  for (const a of roots.instances ?? []) reach('instances', a, instances);

  while (funcs.length + instances.length + tables.length + globals.length + elems.length > 0) {
    for (let a = funcs.pop(); a !== undefined; a = funcs.pop()) {
      const f = s.funcs[a]!;
      if (f.host === null) reach('instances', f.instanceAddr, instances);
    }
    for (let a = instances.pop(); a !== undefined; a = instances.pop()) {
      const i = s.instances[a]!;
      for (const x of i.funcAddrs) reach('funcs', x, funcs);
      for (const x of i.tableAddrs) reach('tables', x, tables);
      for (const x of i.memAddrs) reach('mems', x);
      for (const x of i.globalAddrs) reach('globals', x, globals);
      for (const x of i.elemAddrs) reach('elems', x, elems);
      for (const x of i.dataAddrs) reach('datas', x);
      reach('modules', i.moduleRef);
    }
    for (let a = tables.pop(); a !== undefined; a = tables.pop()) {
      const t = s.tables[a]!;
      for (let j = 0; j < t.length; j++) reachRef(t.type.elemType, t.elements[j]!);
    }
    for (let a = globals.pop(); a !== undefined; a = globals.pop())
      reachRef(s.globalTypes[a]!.valType, s.globalWords[a * 4]!);
    for (let a = elems.pop(); a !== undefined; a = elems.pop()) {
      const e = s.elems[a]!;
      for (const r of e.refs) reachRef(e.type, r);
    }
  }

  const freed = {} as EntityCounts;
  let freedInstance: InstanceRecord | undefined;
  for (const k of KINDS) {
    freed[k] = 0;
    const m = mark[k];
    for (let a = 0; a < m.length; a++) {
      if (m[a] !== 0) continue;
      switch (k) {
        case 'funcs':
          s.funcs[a] = FREED_FUNC;
          s.jsTier?.forget(a);
          break;
        case 'tables':
          s.tables[a] = new TableInst({ elemType: ValType.FuncRef, limits: { min: 0, max: 0 } });
          break;
        case 'mems':
          s.mems[a] = new MemInst({ limits: { min: 0, max: 0 } }, new ArrayBuffer(0));
          break;
        case 'globals':
          s.globalTypes[a] = FREED_GLOBAL;
          s.globalWords.fill(0, a * 4, a * 4 + 4);
          break;
        case 'elems':
          s.elems[a] = FREED_ELEM;
          break;
        case 'datas':
          s.datas[a] = { bytes: EMPTY_BYTES, dropped: true } satisfies DataInst;
          break;
        case 'instances':
          freedInstance ??= emptyInstance(s);
          s.instances[a] = freedInstance;
          break;
        case 'modules':
          s.modules[a] = emptyModule;
          break;
        case 'externs': {
          const v = s.externs[a];
          if (s.externIndex.get(v) === a) s.externIndex.delete(v);
          s.externs[a] = undefined;
          break;
        }
      }
      s.freeSlots[k].push(a);
      freed[k]++;
      onFree?.(k, a);
    }
  }
  return freed;
}

function listsOf(s: Store): EntityCounts {
  return {
    funcs: s.funcs.length,
    tables: s.tables.length,
    mems: s.mems.length,
    globals: s.globalTypes.length,
    elems: s.elems.length,
    datas: s.datas.length,
    instances: s.instances.length,
    modules: s.modules.length,
    externs: s.externs.length,
  };
}

/** The placeholder of freed instances: an instance of `(module)`, whose module has a slot of its own. */
function emptyInstance(s: Store): InstanceRecord {
  let ref = emptyModuleRefs.get(s);
  if (ref === undefined || s.modules[ref] !== emptyModule || s.freeSlots.modules.includes(ref)) {
    ref = s.modules.push(emptyModule!) - 1;
    emptyModuleRefs.set(s, ref);
  }
  const none = new Int32Array(0);
  return new InstanceRecord(-1, emptyModule!.compiled, ref, none, none, none, none, none, none);
}
