/**
 * Running an interpreter execution with fuel, and the round trip that proves state capture: at each fuel
 * suspension the store and the execution are captured, structured-cloned (memory buffers transferred),
 * restored into a fresh store and resumed. Used by the interpreter engine and by `edgedancer run`.
 * @module
 */
import type { Execution, HostResolver, RunResult, Store, WasmValue } from '@edgedancer/interpreter';

/** The interpreter classes a round trip needs (passed in so this file has no runtime import of them). */
export interface RoundTripApi {
  readonly Store: {
    restore(
      state: ReturnType<Store['capture']>,
      modules: Store['modules'],
      hostFuncs: HostResolver,
      options?: StoreLimits,
    ): Store;
  };
  readonly Execution: { restore(store: Store, state: ReturnType<Execution['capture']>): Execution };
}

/** Store limits that a restored store must keep (the interpreter's `StoreOptions`). */
export interface StoreLimits {
  readonly maxCallDepth?: number;
  /** The tier of the store (a restored store runs the same tier). */
  readonly tier?: 'interp' | 'js' | 'auto';
}

/**
 * How memories cross a round trip. `transfer`: inside the structured clone, with their buffers transferred,
 * so the old store's memories are detached and any stale use of them throws. `move`: the clone leaves the
 * memories out and the restored store takes the same `Uint8Array`s; much cheaper with large memories (a
 * transfer makes V8 account the whole buffer as new external memory, which triggers garbage collections),
 * but stale references to the old memories go unnoticed.
 */
export type MemoryHandoff = 'transfer' | 'move';

/** How to run. */
export interface RunFunctionOptions {
  /** Total instruction budget; omitted = unlimited. */
  readonly fuel?: number;
  /** Round-trip mode: run slices of this much fuel and round-trip the state between slices. */
  readonly roundtrip?: number;
  /** Finds host functions again in a restored store. */
  readonly resolveHost: HostResolver;
  /** Limits the store was made with, given again to every restored store. */
  readonly storeOptions?: StoreLimits;
  /** How memories cross a round trip; `transfer` by default. */
  readonly memory?: MemoryHandoff;
}

/** How a run ended, and the store it ended in (a restored one after round trips). */
export interface RunFunctionOutcome {
  readonly store: Store;
  /** `suspended` with reason `fuel` means the total budget ran out. */
  readonly result: RunResult;
  /** Round trips done. */
  readonly suspensions: number;
}

/**
 * Calls a function and runs it to the end, to a trap, or until the fuel budget is spent, round-tripping the
 * state at every slice boundary in round-trip mode.
 * @param api - the interpreter's `Store` and `Execution` classes
 * @param store - the store holding the function
 * @param funcAddr - the function's address
 * @param args - its arguments
 * @param options - fuel, round-trip slice and host resolver
 * @returns the final result and the store it lives in
 */
export function runFunction(
  api: RoundTripApi,
  store: Store,
  funcAddr: number,
  args: readonly WasmValue[],
  options: RunFunctionOptions,
): RunFunctionOutcome {
  let execution = store.call(funcAddr, args);
  let remaining = options.fuel ?? Infinity;
  let suspensions = 0;
  for (;;) {
    const slice = Math.min(options.roundtrip ?? Infinity, remaining);
    const result = execution.run(slice === Infinity ? {} : { fuel: slice });
    if (result.status !== 'suspended' || result.reason !== 'fuel') return { store, result, suspensions };
    remaining -= slice;
    if (remaining <= 0) return { store, result, suspensions };
    ({ store, execution } = roundTrip(
      api,
      store,
      execution,
      options.resolveHost,
      options.storeOptions,
      options.memory,
    ));
    suspensions++;
  }
}

/**
 * Captures a suspended execution and its store, clones them as another process would receive them, and
 * restores both into a fresh store. The old store's memories are transferred away: do not use it again.
 * @param api - the interpreter's `Store` and `Execution` classes
 * @param store - the store
 * @param execution - a suspended execution in it
 * @param resolveHost - finds host functions by name for the restored store
 * @param storeOptions - limits for the restored store (those of the original)
 * @param memory - how memories cross: `transfer` (default) or `move`
 * @returns the restored store and execution
 */
export function roundTrip(
  api: RoundTripApi,
  store: Store,
  execution: Execution,
  resolveHost: HostResolver,
  storeOptions: StoreLimits = {},
  memory: MemoryHandoff = 'transfer',
): { store: Store; execution: Execution } {
  const state = { store: store.capture(), exec: execution.capture() };
  let clone: typeof state;
  if (memory === 'transfer') {
    const buffers = [...new Set(state.store.mems.map((m) => m.bytes.buffer))].filter(
      (b): b is ArrayBuffer => b instanceof ArrayBuffer,
    );
    clone = structuredClone(state, { transfer: buffers });
  } else {
    const mems = state.store.mems;
    const rest = structuredClone({ store: { ...state.store, mems: mems.map((m) => m.type) }, exec: state.exec });
    clone = {
      store: { ...rest.store, mems: rest.store.mems.map((type, i) => ({ type, bytes: mems[i]!.bytes })) },
      exec: rest.exec,
    };
  }
  const fresh = api.Store.restore(clone.store, store.modules, resolveHost, storeOptions);
  return { store: fresh, execution: api.Execution.restore(fresh, clone.exec) };
}
