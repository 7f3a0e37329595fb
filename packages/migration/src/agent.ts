/**
 * `Agent`: a WebAssembly agent in process, bound to the node it runs on. It loads a module with the
 * `edgedancer` ABI, runs exports and serves requests in slices of fuel, and turns every way of leaving into a
 * `migrating` outcome carrying a snapshot: the agent's `migrate` (strong), `migrate_weak` (weak, after the
 * call returns), or the platform's `move` (strong when paused, weak when idle). On the destination,
 * `Agent.restore` checks the snapshot against the module and the counters, and `arrive` starts it.
 * @module
 */
import {
  Execution,
  type HostResolver,
  i32,
  type Module,
  type RunResult,
  RuntimeError,
  Store,
  type StoreOptions,
  type WasmValue,
} from '@edgedancer/interpreter';
import { AgentStatus, unpackResponse } from './agent-abi.js';
import type { MigrationCounters } from './agent-counters.js';
import { AgentError } from './agent-errors.js';
import type { AgentHost } from './agent-host.js';
import type { AgentHostModule } from './agent-host-module.js';
import { AbiBinding } from './agent-imports.js';
import { clearDirty, dirtyChunksOf, memoryRange, writeMemory } from './agent-memory.js';
import { type AgentExports, agentExportsOf, agentImportsOf, agentModule, allocImports } from './agent-module.js';
import type { AgentOutcome, AgentState, CallResult, MigratingOutcome, StepOptions } from './agent-outcome.js';
import { CallKind } from './agent-section.js';
import { type Arrival, captureAgent, checkAgentSnapshot } from './agent-snapshot.js';
import { MAX_AGENT_ID_SIZE } from './constants.js';
import { decodeSnapshot } from './snapshot-codec.js';
import type { Snapshot, SnapshotKind } from './snapshot-types.js';

/** Options of `Agent.load`. */
export interface AgentOptions {
  /** The agent's identity across nodes: 1–256 bytes of UTF-8. */
  readonly agentId: string;
  /** The counter of the agent's last snapshot (default 0): the next snapshot gets one more. */
  readonly migrationCounter?: bigint;
  /** Limits of the agent's store (call depth, stack). */
  readonly storeOptions?: StoreOptions;
  /** Instructions `alloc` (and a reactor's `_initialize`) may run before it counts as an ABI violation. Default 10,000,000. */
  readonly allocFuel?: number;
  /** Host modules the agent may import besides `edgedancer` (WASI); their state travels in its snapshots. */
  readonly hostModules?: readonly AgentHostModule[];
}

/** Options of `Agent.restore`. */
export interface AgentRestoreOptions {
  /** Refuse a snapshot of another agent (`agent-mismatch`). */
  readonly agentId?: string;
  /** Refuse a snapshot whose counter this node has seen (`replayed-snapshot`), and record it once restored. */
  readonly counters?: MigrationCounters;
  /** Bound on the memories of an encoded snapshot (default 4 GiB). */
  readonly maxMemoryBytes?: number;
  readonly storeOptions?: StoreOptions;
  readonly allocFuel?: number;
  /**
   * Host modules the agent may import besides `edgedancer`, fresh on this node: each adopts its section of the
   * snapshot before the store is rebuilt.
   */
  readonly hostModules?: readonly AgentHostModule[];
}

/** What a migration in progress came from, to undo it in `stay`. */
interface Leaving {
  readonly mode: SnapshotKind;
  readonly initiator: 'agent' | 'platform';
  readonly pausedReason: 'fuel' | 'interrupt' | null;
}

interface Parts {
  readonly agentId: string;
  readonly counter: bigint;
  readonly module: Module;
  readonly moduleHash: Uint8Array;
  readonly host: AgentHost;
  readonly binding: AbiBinding;
  readonly store: Store;
  readonly exports: AgentExports;
  readonly allocFuel: number;
  readonly hostModules: readonly AgentHostModule[];
}

const encoder = new TextEncoder();
const DEFAULT_ALLOC_FUEL = 10_000_000;

/**
 * A running agent on this node.
 * @example
 * const agent = Agent.load(wasm, { nodeName: 'edge-1', authorizeMigration: () => 0 }, { agentId: 'kv-1' });
 * agent.start();
 * let out = agent.serve(new TextEncoder().encode('put a 1'), { fuel: 100_000 });
 * while (out.kind === 'paused') out = agent.continue({ fuel: 100_000 });
 * if (out.kind === 'migrating') { send(encodeSnapshot(out.snapshot)); agent.depart(); }
 */
export class Agent {
  /** The agent's identity across nodes. */
  readonly agentId: string;
  /** The node it runs on here (never part of a snapshot). */
  readonly host: AgentHost;
  /** The compiled module. */
  readonly module: Module;
  /** SHA-256 of the module's bytes, which every snapshot of this agent is bound to. */
  readonly moduleHash: Uint8Array;
  readonly #binding: AbiBinding;
  readonly #store: Store;
  readonly #exports: AgentExports;
  readonly #allocFuel: number;
  readonly #hostModules: readonly AgentHostModule[];
  #counter: bigint;
  #state: AgentState;
  #exec: Execution | null = null;
  #call: CallKind = CallKind.None;
  #pausedReason: 'fuel' | 'interrupt' | null = null;
  #leaving: Leaving | null = null;
  #arrival: Arrival | null = null;

  private constructor(p: Parts, state: AgentState) {
    this.agentId = p.agentId;
    this.host = p.host;
    this.module = p.module;
    this.moduleHash = p.moduleHash;
    this.#binding = p.binding;
    this.#store = p.store;
    this.#exports = p.exports;
    this.#allocFuel = p.allocFuel;
    this.#hostModules = p.hostModules;
    this.#counter = p.counter;
    this.#state = state;
  }

  /**
   * Compiles and instantiates an agent on this node. It is `idle`; `start()` runs its `init`.
   * @param module the agent's bytes, or a module compiled from them
   * @param host the node: name, log, migration and checkpoint handlers
   * @throws {AgentError} `bad-import`, `bad-export`, `missing-export`
   * @throws {CompileError | LinkError | RuntimeError} as instantiation does
   * @throws {RangeError} for an agent id that is not 1–256 bytes
   */
  static load(module: Uint8Array | Module, host: AgentHost, options: AgentOptions): Agent {
    checkAgentId(options.agentId);
    const counter = options.migrationCounter ?? 0n;
    if (typeof counter !== 'bigint' || counter < 0n)
      throw new RangeError('migrationCounter must be a non-negative bigint');
    const m = agentModule(module);
    const binding = new AbiBinding(options.agentId, host);
    const store = new Store(options.storeOptions);
    const hostModules = options.hostModules ?? [];
    const instance = store.instantiate(m.module, allocImports(store, m.module, binding, hostModules));
    const agent = new Agent(
      {
        agentId: options.agentId,
        counter,
        module: m.module,
        moduleHash: m.hash,
        host,
        binding,
        store,
        exports: agentExportsOf(store, instance),
        allocFuel: options.allocFuel ?? DEFAULT_ALLOC_FUEL,
        hostModules,
      },
      'idle',
    );
    agent.#initializeReactor();
    return agent;
  }

  /**
   * Rebuilds an agent from a snapshot on this node, bound to this node's host. Everything is checked before the
   * store is built: the module hash, the counter (with `counters`), that it is an agent's snapshot. The agent is
   * `arrived`; `arrive()` starts it. A `Snapshot` object is adopted (its arrays become the agent's).
   * @param snapshot encoded bytes, or a decoded snapshot
   * @param module the agent's bytes (or compiled module) the snapshot must be bound to
   * @throws {SnapshotError} decoding errors, `module-mismatch`, `agent-mismatch`
   * @throws {AgentError} `replayed-snapshot`, `bad-snapshot`, `bad-import`, `bad-export`, `missing-export`
   */
  static restore(
    snapshot: Uint8Array | Snapshot,
    module: Uint8Array | Module,
    host: AgentHost,
    options: AgentRestoreOptions = {},
  ): Agent {
    const m = agentModule(module);
    const snap =
      snapshot instanceof Uint8Array
        ? decodeSnapshot(snapshot, {
            moduleHashes: [m.hash],
            agentId: options.agentId,
            maxMemoryBytes: options.maxMemoryBytes,
          })
        : snapshot;
    const { call, arrival } = checkAgentSnapshot(snap, m.hash, options.agentId);
    options.counters?.check(snap.agentId, snap.migrationCounter);
    const hostModules = options.hostModules ?? [];
    const imported = new Set(
      agentImportsOf(m.module, hostModules).flatMap((i) => (i.kind === 'host' ? [i.module] : [])),
    );
    for (const hm of hostModules) adoptSection(hm, snap, imported.has(hm));
    const binding = new AbiBinding(snap.agentId, host);
    const resolve: HostResolver = (name, type) => {
      const hm = hostModules.find((x) => name.startsWith(`${x.importModule}.`));
      const fn = hm?.resolve(name.slice(hm.importModule.length + 1), type);
      return fn ?? binding.resolve(name, type);
    };
    let store: Store;
    let exec: Execution | null;
    try {
      store = Store.restore(snap.store, [m.module], resolve, options.storeOptions);
      exec = snap.execution === null ? null : Execution.restore(store, snap.execution);
    } catch (e) {
      if (e instanceof TypeError)
        throw new AgentError('bad-snapshot', 'the snapshot does not fit the module', { cause: e });
      throw e;
    }
    const agent = new Agent(
      {
        agentId: snap.agentId,
        counter: snap.migrationCounter,
        module: m.module,
        moduleHash: m.hash,
        host,
        binding,
        store,
        exports: agentExportsOf(store, 0),
        allocFuel: options.allocFuel ?? DEFAULT_ALLOC_FUEL,
        hostModules,
      },
      'arrived',
    );
    agent.#exec = exec;
    agent.#call = call;
    agent.#arrival = arrival;
    options.counters?.accept(snap.agentId, snap.migrationCounter);
    return agent;
  }

  /** Where the agent stands. */
  get state(): AgentState {
    return this.#state;
  }

  /** The counter of the agent's last snapshot (produced here, or restored from). */
  get migrationCounter(): bigint {
    return this.#counter;
  }

  /** The agent's store, for inspection (run the agent through this object only). */
  get store(): Store {
    return this.#store;
  }

  /** A view of the agent's exported memory (replaced when it grows). */
  memory(): Uint8Array {
    return new Uint8Array(this.#store.memoryBuffer(this.#exports.memory));
  }

  /**
   * Runs `init` if the agent exports it; otherwise returns `idle`.
   * @throws {TypeError} unless idle
   */
  start(options: StepOptions = {}): AgentOutcome {
    this.#expect('idle');
    return this.#exports.init === undefined
      ? { kind: 'idle' }
      : this.#begin(this.#exports.init, [], CallKind.Invoke, options);
  }

  /**
   * Calls an exported function.
   * @throws {AgentError} `missing-export` when no function of that name is exported
   * @throws {TypeError} unless idle, or when the arguments do not match its parameters
   */
  invoke(name: string, args: readonly WasmValue[] = [], options: StepOptions = {}): AgentOutcome {
    this.#expect('idle');
    const ext = this.#store.exportOf(0, name);
    if (ext === undefined || ext.kind !== 'func')
      throw new AgentError('missing-export', `no exported function "${name}"`);
    return this.#begin(ext.addr, args, CallKind.Invoke, options);
  }

  /**
   * Serves one request: `alloc(len)`, copy the request there, `handle(ptr, len)`; a `done` outcome carries the
   * response (copied out of memory), wherever the call finishes.
   * @throws {AgentError} `missing-export` without `alloc` and `handle`; `request-refused` when `alloc` returns 0;
   *   `abi-violation` when `alloc` does not return a range inside memory within its fuel, or `handle` returns a
   *   range outside memory
   * @throws {TypeError} unless idle
   */
  serve(request: Uint8Array, options: StepOptions = {}): AgentOutcome {
    this.#expect('idle');
    const { alloc, handle, memory } = this.#exports;
    if (alloc === undefined || handle === undefined)
      throw new AgentError('missing-export', 'serving needs "alloc" and "handle"');
    if (!(request instanceof Uint8Array) || request.length > 0x7fff_ffff)
      throw new TypeError('request must be a Uint8Array under 2 GiB');
    const ex = this.#store.call(alloc, [i32(request.length)]);
    let r: RunResult;
    this.#binding.inAlloc = true;
    try {
      r = ex.run({ fuel: this.#allocFuel });
    } finally {
      this.#binding.inAlloc = false;
    }
    if (r.status === 'trapped') return { kind: 'trapped', error: r.error };
    if (r.status === 'suspended') {
      ex.abort();
      throw new AgentError('abi-violation', `alloc did not return within ${this.#allocFuel} instructions`);
    }
    const ptr = (r.results[0] as { value: number }).value >>> 0;
    if (ptr === 0)
      throw new AgentError('request-refused', `the agent cannot take a request of ${request.length} bytes`);
    if (ptr + request.length > this.#store.memoryBuffer(memory).byteLength) {
      throw new AgentError('abi-violation', 'alloc returned a range outside memory');
    }
    writeMemory(this.#store, memory, ptr, request);
    return this.#begin(handle, [i32(ptr), i32(request.length)], CallKind.Handle, options);
  }

  /**
   * Continues a call paused by fuel or an interrupt.
   * @throws {TypeError} unless paused
   */
  continue(options: StepOptions = {}): AgentOutcome {
    this.#expect('paused');
    const exec = this.#exec!;
    return this.#step(() => exec.run(options), options);
  }

  /**
   * Ends a paused call as if it had trapped (the host's limit of fuel or time for it ran out): the agent is idle
   * again, with its memory and globals as the call left them (as after a trap).
   * @param message - why (the outcome's error message)
   * @returns the `trapped` outcome
   * @throws {TypeError} unless paused
   */
  abandon(message: string): AgentOutcome {
    this.#expect('paused');
    this.#exec?.abort();
    this.#endCall();
    return { kind: 'trapped', error: new RuntimeError('host-error', message) };
  }

  /** Asks the running call to pause at its next loop back-edge or call (outcome `paused`, reason `interrupt`). */
  interrupt(): void {
    if (this.#state === 'running') this.#exec?.interrupt();
  }

  /**
   * Starts an agent restored from a snapshot: completes its pending `migrate` (status `OK`) or `checkpoint`
   * (status `RESTORED`), continues a call the platform paused, or, for a weak snapshot, calls
   * `on_arrival(OK)` (or returns `idle` when it is not exported).
   * @throws {TypeError} unless arrived
   */
  arrive(options: StepOptions = {}): AgentOutcome {
    this.#expect('arrived');
    const arrival = this.#arrival!;
    this.#arrival = null;
    if (arrival === 'weak') return this.#reenter(AgentStatus.OK, options);
    this.#state = 'paused';
    const exec = this.#exec!;
    if (arrival === 'continue') return this.#step(() => exec.run(options), options);
    const status = arrival === 'migrate' ? AgentStatus.OK : AgentStatus.RESTORED;
    return this.#step(() => exec.resume([i32(status)], options), options);
  }

  /**
   * A snapshot of the agent as it stands, without moving it: weak when idle, strong when paused. Its counter is
   * one more than the last; the written-chunk flags restart from it.
   * @param options.copyMemory copy the memories, so the snapshot stays valid while the agent runs on (a
   *   pre-copy base or a checkpoint kept in memory)
   * @throws {TypeError} unless idle or paused
   */
  capture(options: { readonly copyMemory?: boolean } = {}): Snapshot {
    if (this.#state !== 'idle' && this.#state !== 'paused')
      throw new TypeError(`cannot capture an agent that is ${this.#state}`);
    return this.#snapshot(this.#state === 'paused', options.copyMemory === true);
  }

  /**
   * Platform-initiated migration: strong when the agent is paused (it continues at the same instruction on the
   * destination), weak when it is idle (it re-enters at `on_arrival` there).
   * @throws {TypeError} unless idle or paused, or for an empty destination
   */
  move(destination: string): MigratingOutcome {
    if (this.#state !== 'idle' && this.#state !== 'paused')
      throw new TypeError(`cannot move an agent that is ${this.#state}`);
    if (typeof destination !== 'string' || destination.length === 0)
      throw new TypeError('destination must be a non-empty string');
    return this.#leave(this.#state === 'paused' ? 'strong' : 'weak', 'platform', destination, null);
  }

  /**
   * The destination confirmed that the agent resumed: it is gone from here. The outcome's snapshot stays valid.
   * @throws {TypeError} unless migrating
   */
  depart(): void {
    this.#expect('migrating');
    this.#exec?.abort();
    this.#exec = null;
    this.#leaving = null;
    this.#state = 'departed';
  }

  /**
   * The migration did not happen: the agent goes on here. After its own `migrate`, the call returns `status`;
   * after `migrate_weak`, it re-enters at `on_arrival(status)`; after the platform's `move`, it is paused or idle
   * as before. The counter keeps its new value, so the abandoned snapshot can never be used after a later one.
   * @param status normally negative (`FAILED` by default); `OK` continues here as if the agent had arrived
   * @throws {TypeError} unless migrating; {RangeError} for a status that is not an i32
   */
  stay(status: number = AgentStatus.FAILED, options: StepOptions = {}): AgentOutcome {
    this.#expect('migrating');
    if (!Number.isInteger(status) || status !== (status | 0)) throw new RangeError('status must be an i32');
    const leaving = this.#leaving!;
    this.#leaving = null;
    if (leaving.initiator === 'platform') {
      this.#state = leaving.mode === 'strong' ? 'paused' : 'idle';
      this.#pausedReason = leaving.pausedReason;
      return leaving.mode === 'strong'
        ? { kind: 'paused', reason: leaving.pausedReason ?? 'interrupt' }
        : { kind: 'idle' };
    }
    if (leaving.mode === 'weak') return this.#reenter(status, options);
    this.#state = 'paused';
    const exec = this.#exec!;
    return this.#step(() => exec.resume([i32(status)], options), options);
  }

  /** Per memory address, the 4 KiB chunks written since the last snapshot the agent produced or came from. */
  dirtyChunks(): number[][] {
    return dirtyChunksOf(this.#store);
  }

  #expect(state: AgentState): void {
    if (this.#state !== state) throw new TypeError(`agent is ${this.#state}, not ${state}`);
  }

  #begin(funcAddr: number, args: readonly WasmValue[], call: CallKind, options: StepOptions): AgentOutcome {
    const exec = this.#store.call(funcAddr, args);
    this.#exec = exec;
    this.#call = call;
    return this.#step(() => exec.run(options), options);
  }

  /** `on_arrival(status)` when exported, else `idle`. */
  #reenter(status: number, options: StepOptions): AgentOutcome {
    this.#state = 'idle';
    const f = this.#exports.on_arrival;
    return f === undefined ? { kind: 'idle' } : this.#begin(f, [i32(status)], CallKind.Invoke, options);
  }

  /** Runs one step; if anything throws (a host handler, a host bug), the call is abandoned and the agent idle. */
  #step(run: () => RunResult, options: StepOptions): AgentOutcome {
    this.#state = 'running';
    try {
      return this.#drive(run(), options);
    } catch (e) {
      this.#exec?.abort();
      this.#endCall();
      const ended = this.#callEndedBy(e);
      if (ended !== undefined) return { kind: 'trapped', error: new RuntimeError('host-error', ended) };
      throw e;
    }
  }

  #drive(first: RunResult, options: StepOptions): AgentOutcome {
    let r = first;
    for (;;) {
      if (r.status === 'done') return this.#finish(r.results);
      if (r.status === 'trapped') {
        this.#endCall();
        return { kind: 'trapped', error: r.error };
      }
      if (r.reason !== 'host') {
        this.#state = 'paused';
        this.#pausedReason = r.reason;
        return { kind: 'paused', reason: r.reason };
      }
      const pending = this.#binding.pending;
      this.#binding.pending = null;
      if (pending === null) throw new Error('internal error: a host suspension without an ABI request');
      if (pending.kind === 'migrate') return this.#leave('strong', 'agent', pending.destination, null);
      const status = this.host.checkpoint!(this.#snapshot(true, false));
      if (!Number.isSafeInteger(status) || status > 0 || status < -0x8000_0000) {
        throw new RangeError(`a checkpoint handler must return 0 or a negative i32 status, got ${status}`);
      }
      r = this.#exec!.resume([i32(status)], options);
    }
  }

  #finish(results: WasmValue[]): AgentOutcome {
    const call = this.#call;
    const weak = this.#binding.weakDestination;
    this.#endCall();
    const response = call === CallKind.Handle ? this.#response(results[0]!) : null;
    const completed: CallResult = { results, response };
    return weak === null ? { kind: 'done', ...completed } : this.#leave('weak', 'agent', weak, completed);
  }

  #response(packed: WasmValue): Uint8Array {
    const { ptr, len } = unpackResponse((packed as { value: bigint }).value);
    try {
      return memoryRange(this.#store, this.#exports.memory, ptr, len).slice();
    } catch (e) {
      if (e instanceof RuntimeError)
        throw new AgentError('abi-violation', 'handle returned a range outside memory', { cause: e });
      throw e;
    }
  }

  /** The trap message a host module gives an exception that ends a call (`proc_exit`), if any does. */
  #callEndedBy(e: unknown): string | undefined {
    for (const hm of this.#hostModules) {
      const m = hm.endsCall?.(e);
      if (m !== undefined) return m;
    }
    return undefined;
  }

  /**
   * A reactor's `_initialize` (WASI's convention: it runs the module's constructors once, before any other
   * export), run to its end as part of loading, within `allocFuel`, where migrations and checkpoints answer `BUSY`.
   * @throws {RuntimeError} when it traps or ends the call (as a start function would)
   * @throws {AgentError} `bad-export` for another type; `abi-violation` when it runs out of fuel
   */
  #initializeReactor(): void {
    const ext = this.#store.exportOf(0, '_initialize');
    if (ext === undefined) return;
    const type = ext.kind === 'func' ? this.#store.funcType(ext.addr) : undefined;
    if (type === undefined || type.params.length !== 0 || type.results.length !== 0) {
      throw new AgentError('bad-export', 'export "_initialize" is not a function () -> ()');
    }
    const ex = this.#store.call(ext.addr, []);
    let r: RunResult;
    this.#binding.inAlloc = true;
    try {
      r = ex.run({ fuel: this.#allocFuel });
    } catch (e) {
      ex.abort();
      const ended = this.#callEndedBy(e);
      if (ended !== undefined) throw new RuntimeError('host-error', `_initialize: ${ended}`);
      throw e;
    } finally {
      this.#binding.inAlloc = false;
    }
    if (r.status === 'trapped') throw r.error;
    if (r.status === 'suspended') {
      ex.abort();
      throw new AgentError('abi-violation', `_initialize did not return within ${this.#allocFuel} instructions`);
    }
  }

  #endCall(): void {
    this.#exec = null;
    this.#call = CallKind.None;
    this.#state = 'idle';
    this.#pausedReason = null;
    this.#binding.pending = null;
    this.#binding.weakDestination = null;
  }

  #snapshot(strong: boolean, copyMemory: boolean): Snapshot {
    this.#counter += 1n;
    const snap = captureAgent({
      agentId: this.agentId,
      migrationCounter: this.#counter,
      moduleHash: this.moduleHash,
      store: this.#store,
      execution: strong ? this.#exec : null,
      call: this.#call,
      copyMemory,
      hostSections: this.#hostModules.map((hm) => hm.exportSection()),
    });
    clearDirty(this.#store);
    return snap;
  }

  #leave(
    mode: SnapshotKind,
    initiator: 'agent' | 'platform',
    destination: string,
    completed: CallResult | null,
  ): MigratingOutcome {
    const dirtyChunks = dirtyChunksOf(this.#store);
    const snapshot = this.#snapshot(mode === 'strong', false);
    this.#leaving = { mode, initiator, pausedReason: this.#pausedReason };
    this.#state = 'migrating';
    return { kind: 'migrating', mode, initiator, destination, snapshot, dirtyChunks, completed };
  }
}

function checkAgentId(id: unknown): void {
  if (typeof id !== 'string') throw new TypeError('agentId must be a string');
  const size = encoder.encode(id).length;
  if (size < 1 || size > MAX_AGENT_ID_SIZE)
    throw new RangeError(`agentId must be 1 to ${MAX_AGENT_ID_SIZE} bytes of UTF-8`);
}

/**
 * Gives a host module its section of a snapshot.
 * @param imported whether the agent imports the module (then the section is required)
 * @throws {AgentError} `bad-snapshot` when a required section is missing or the module refuses it
 */
function adoptSection(hm: AgentHostModule, snap: Snapshot, imported: boolean): void {
  const section = snap.hostSections.find((h) => h.name === hm.sectionName);
  if (section === undefined) {
    if (imported) throw new AgentError('bad-snapshot', `the snapshot carries no ${hm.sectionName} host section`);
    return;
  }
  try {
    hm.importSection(section);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new AgentError(
      'bad-snapshot',
      `the ${hm.sectionName} host section is refused${typeof code === 'string' ? ` (${code})` : ''}`,
      { cause: e },
    );
  }
}
