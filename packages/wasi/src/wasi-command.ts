/**
 * Running a WASI command (a module exporting `_start`): instantiate with a `WasiHost`, run in fuel slices or to
 * the end, capture store + execution + WASI state while suspended, and restore all three into a fresh store and
 * a fresh host to continue elsewhere. `runWasiCommand` is the one-call form the CLI uses.
 * @module
 */
import {
  Execution,
  type ExecutionState,
  type Extern,
  type HostResolver,
  Module,
  Store,
  type StoreOptions,
  type StoreState,
} from '@edgedancer/interpreter';
import { WasiExit } from './errors.js';
import { WasiHost, type WasiOptions } from './wasi-host.js';

/** How one `run` of a command ended. */
export type WasiRunResult =
  | { readonly status: 'exited'; readonly exitCode: number }
  | { readonly status: 'suspended'; readonly reason: 'fuel' | 'interrupt' };

/** Everything a suspended command is: the store, the execution and the WASI host state. */
export interface WasiCommandState {
  readonly store: StoreState;
  readonly execution: ExecutionState;
  /** `WasiHost.exportState()` bytes. */
  readonly wasi: Uint8Array;
}

/** Options of `WasiCommand.instantiate`. */
export interface WasiCommandOptions {
  /** Limits of the store. */
  readonly store?: StoreOptions;
  /**
   * Supplies imports from modules other than `wasi_snapshot_preview1`, allocating them in `store` (the command's).
   * A restore needs their host functions again: pass `resolve` to `WasiCommand.restore`.
   */
  readonly imports?: (module: string, name: string, store: Store) => Extern | undefined;
  /** Resolves host functions other than WASI's when a captured command is restored. */
  readonly resolve?: HostResolver;
}

/** A WASI command instantiated in its own store, with its `_start` execution. */
export class WasiCommand {
  readonly module: Module;
  readonly wasi: WasiHost;
  readonly store: Store;
  readonly execution: Execution;

  private constructor(module: Module, wasi: WasiHost, store: Store, execution: Execution) {
    this.module = module;
    this.wasi = wasi;
    this.store = store;
    this.execution = execution;
  }

  /**
   * Instantiates a command and prepares its `_start` call (not run yet).
   * @throws TypeError when the module exports no `_start` function; LinkError for unresolved imports;
   * RuntimeError when instantiation traps
   */
  static instantiate(module: Module, wasi: WasiHost, options: WasiCommandOptions = {}): WasiCommand {
    const store = new Store(options.store);
    const instance = store.instantiate(module, wasi.imports(store, module, options.imports));
    const start = store.exportOf(instance, '_start');
    if (start === undefined || start.kind !== 'func')
      throw new TypeError('not a WASI command: no _start function export');
    return new WasiCommand(module, wasi, store, store.call(start.addr, []));
  }

  /**
   * Runs until the program exits or the fuel is spent. Returning from `_start` is exit code 0; `proc_exit`
   * gives its code.
   * @throws RuntimeError when the program traps (the execution is then finished)
   */
  run(options: { fuel?: number } = {}): WasiRunResult {
    let r;
    try {
      r = this.execution.run(options);
    } catch (e) {
      if (e instanceof WasiExit) return { status: 'exited', exitCode: e.exitCode };
      throw e;
    }
    if (r.status === 'done') return { status: 'exited', exitCode: 0 };
    if (r.status === 'trapped') throw r.error;
    if (r.reason === 'host') throw new TypeError('a WASI command suspended in a host call');
    return { status: 'suspended', reason: r.reason };
  }

  /**
   * Captures the suspended command. The store's memories are live views: clone (or encode) the result before
   * running again.
   * @throws TypeError unless suspended
   */
  capture(): WasiCommandState {
    return { store: this.store.capture(), execution: this.execution.capture(), wasi: this.wasi.exportState() };
  }

  /**
   * Rebuilds a captured command: imports the WASI state into `wasi` (a fresh host with this side's streams),
   * restores the store with the host's functions and the execution.
   * @param state what `capture` returned (its arrays are adopted: pass a clone to keep it)
   * @param module the command's module
   * @param wasi the host to continue with
   * @throws WasiStateError for bad WASI state; TypeError when store or execution state does not fit
   */
  static restore(
    state: WasiCommandState,
    module: Module,
    wasi: WasiHost,
    options: WasiCommandOptions = {},
  ): WasiCommand {
    wasi.importState(state.wasi);
    const store = Store.restore(state.store, [module], wasi.resolver(options.resolve), options.store);
    return new WasiCommand(module, wasi, store, Execution.restore(store, state.execution));
  }
}

/**
 * Runs a WASI command to its end.
 * @param bytes the module (bytes or compiled)
 * @param options the host: args, env, preopens, stdin, stdout, stderr, deterministic mode
 * @returns the exit code (0 when `_start` returns)
 * @throws CompileError, LinkError; RuntimeError when the program traps
 * @example
 * const code = runWasiCommand(wasm, { args: ['prog', 'x'], stdout: (b) => process.stdout.write(b) });
 */
export function runWasiCommand(bytes: Uint8Array | Module, options: WasiOptions & WasiCommandOptions = {}): number {
  const module = bytes instanceof Module ? bytes : new Module(bytes);
  const command = WasiCommand.instantiate(module, new WasiHost(options), options);
  const r = command.run();
  if (r.status !== 'exited') throw new TypeError('the command was interrupted');
  return r.exitCode;
}
