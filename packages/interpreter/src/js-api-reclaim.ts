/**
 * Reclamation for the `WebAssembly` facade: the default store frees what no JS object can reach any more.
 *
 * Every facade object that stands for an address (an Exported Function, a `Memory`, `Table` or `Global`) is
 * registered here, held weakly. When the garbage collector has taken some (a `FinalizationRegistry` says so),
 * a reclamation is scheduled for a later task: the addresses of the objects still alive are the roots, the
 * store marks everything they reach (an exported function reaches its whole instance; a table or global the
 * functions its references name; an instance also what it imports, so linked instances keep each other's
 * state as the JS API requires) and frees the rest, whose addresses the next instantiations reuse.
 *
 * Nothing is freed while a facade operation is in flight (an asynchronous instantiation between reading its
 * imports and instantiating, a `callAsync` suspended at an import): reclamation waits until none is.
 * @module
 */
import { defaultStore } from './js-api-realm.js';
import { type EntityCounts, type EntityKind, reclaimUnreachable } from './store-reclaim.js';

/** The kinds of facade object that stand for an address. */
export type WrapperKind = 'funcs' | 'mems' | 'tables' | 'globals';

interface Held {
  readonly kind: WrapperKind;
  readonly addr: number;
  readonly ref: WeakRef<object>;
}

const wrappers: Record<WrapperKind, Map<number, WeakRef<object>>> = {
  funcs: new Map(),
  mems: new Map(),
  tables: new Map(),
  globals: new Map(),
};
const registry = new FinalizationRegistry<Held>((held) => {
  if (wrappers[held.kind].get(held.addr) === held.ref) wrappers[held.kind].delete(held.addr);
  requestReclaim();
});
const freeHooks: ((kind: EntityKind, addr: number) => void)[] = [];
let inFlight = 0;
let wanted = false;
let scheduled = false;

/**
 * The live facade object of an address, if there is one.
 * @param kind its kind
 * @param addr its address in the default store
 * @returns the object, or undefined when none was made or it was collected
 */
export function liveWrapper<T extends object>(kind: WrapperKind, addr: number): T | undefined {
  return wrappers[kind].get(addr)?.deref() as T | undefined;
}

/**
 * Registers the facade object of an address: while it lives, the address and all it reaches stay.
 * @param kind its kind
 * @param addr its address in the default store
 * @param wrapper the object
 */
export function registerWrapper(kind: WrapperKind, addr: number, wrapper: object): void {
  const ref = new WeakRef(wrapper);
  wrappers[kind].set(addr, ref);
  registry.register(wrapper, { kind, addr, ref });
}

/**
 * Asks to be told of every freed address, to drop what a facade file keeps per address.
 * @param hook called with the kind and address of each freed entity
 */
export function onFreed(hook: (kind: EntityKind, addr: number) => void): void {
  freeHooks.push(hook);
}

/**
 * Marks the start of a facade operation that holds addresses no live object stands for; reclamation waits
 * until every such operation has ended.
 * @returns the function that marks its end (call it exactly once)
 */
export function holdReclaim(): () => void {
  inFlight++;
  let done = false;
  return () => {
    if (done) return;
    done = true;
    inFlight--;
    if (inFlight === 0 && wanted) schedule();
  };
}

/** Schedules a reclamation in a later task (several requests in a row make one). */
export function requestReclaim(): void {
  wanted = true;
  if (inFlight === 0) schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  const timer: unknown = setTimeout(() => {
    scheduled = false;
    reclaimNow();
  }, 0);
  (timer as { unref?: () => void }).unref?.();
}

/**
 * Frees, now, every entity of the default store that no live facade object reaches (what the scheduled
 * reclamation does after a garbage collection). Does nothing while a facade operation is in flight.
 * @returns the entities freed per kind, or null when it had to wait for an operation in flight
 */
export function reclaimNow(): EntityCounts | null {
  if (inFlight > 0) {
    wanted = true;
    return null;
  }
  wanted = false;
  const roots = {
    funcs: liveAddrs('funcs'),
    mems: liveAddrs('mems'),
    tables: liveAddrs('tables'),
    globals: liveAddrs('globals'),
  };
  return reclaimUnreachable(defaultStore(), roots, (kind, addr) => {
    if (kind in wrappers) wrappers[kind as WrapperKind].delete(addr);
    for (const hook of freeHooks) hook(kind, addr);
  });
}

function liveAddrs(kind: WrapperKind): number[] {
  const addrs: number[] = [];
  for (const [addr, ref] of wrappers[kind]) if (ref.deref() !== undefined) addrs.push(addr);
  return addrs;
}
