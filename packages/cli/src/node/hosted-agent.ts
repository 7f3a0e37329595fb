/**
 * One agent on a node: its runtime `Agent`, its enclave, a queue of requests served one at a time in slices of
 * fuel, and the states a migration puts it in. Between slices the event loop runs (other agents, transfers,
 * pre-copy rounds). A freeze parks the loop at the next slice boundary; requests that arrive meanwhile wait.
 * After the agent has left, queued and later requests are answered with its new location, and the call that
 * was in flight is relayed from the destination, where it completes.
 * @module
 */
import { type Agent, type AgentOutcome, type MigratingOutcome } from '@edgedancer/migration';
import type { AgentEnclave } from '@edgedancer/enclave-sim';
import type { RuntimeApi } from './agent-enclave-build.js';
import { agentLimits, DEFAULT_LIMITS, type AgentLimits } from './limits.js';

/** Instructions per slice before the event loop gets a turn. */
export const SLICE_FUEL = 200_000;
const MAX_LOG_LINES = 1000;

/** How a request ended here. */
export type RequestResult =
  | { readonly kind: 'response'; readonly body: Uint8Array }
  | { readonly kind: 'moved'; readonly location: string; readonly relayId?: string }
  | { readonly kind: 'error'; readonly code: string; readonly message: string };

/** What the runner asks of its node. */
export interface RunnerHost {
  /** The agent asked to move itself: migrate it; `committed` or the outcome it continues from. */
  agentMigrates(runner: HostedAgent, out: MigratingOutcome): Promise<{ committed: true; location: string; relayId: string } | { committed: false; outcome: AgentOutcome }>;
  /** A call that arrived with the agent finished here: keep its result for the source's relay. */
  relayed(relayId: string, result: RequestResult): void;
  /** Runs one slice, measuring how long it held the event loop. */
  timed<T>(name: string, fn: () => T): T;
}

interface Pending {
  readonly request: Uint8Array | null;
  readonly resolve: (r: RequestResult) => void;
}

/** An agent hosted on this node. */
export class HostedAgent {
  readonly logs: { at: number; line: string }[] = [];
  /** Requests served here. */
  served = 0;
  /** Where the agent went (once departed). */
  location: string | null = null;
  /** A platform or agent migration is under way. */
  migrating = false;
  /** Stopped (deleted by the operator). */
  stopped = false;
  /** An outgoing transfer's progress: the round being sent, its bytes sent and total, and all rounds' bytes sent. */
  progress: { round: number; sent: number; total: number; bytes: number } | null = null;
  /** Fuel and time per request, request size, queue length (the node sets its own). */
  limits: AgentLimits = agentLimits(DEFAULT_LIMITS);
  /** Requests ended by the fuel or time limit. */
  overLimit = 0;
  /** Fuel given to the call in flight so far, and when it started running. */
  #spent = 0;
  #startedAt = 0;
  readonly #queue: Pending[] = [];
  #current: Pending | null = null;
  #outcome: AgentOutcome | null = null;
  #running = false;
  #frozen = false;
  #parked: (() => void) | null = null;
  #unfreeze: (() => void) | null = null;

  /**
   * @param id - agent id
   * @param agent - the runtime agent
   * @param enclave - its enclave (identity, quotes)
   * @param runtime - sealing inside the enclave
   * @param module - wasm bytes
   * @param manifest - signed manifest
   * @param host - the node
   */
  constructor(
    readonly id: string,
    public agent: Agent,
    readonly enclave: AgentEnclave,
    readonly runtime: RuntimeApi,
    readonly module: Uint8Array,
    readonly manifest: Uint8Array,
    readonly host: RunnerHost,
  ) {}

  /** Appends a log line (the `log` import and the node's own notes). */
  log(line: string): void {
    this.logs.push({ at: Date.now(), line });
    if (this.logs.length > MAX_LOG_LINES) this.logs.splice(0, this.logs.length - MAX_LOG_LINES);
  }

  /** Requests waiting (not counting the one in flight). */
  get queued(): number {
    return this.#queue.length;
  }

  /** Whether a call is in flight (paused between slices). */
  get busy(): boolean {
    return this.#current !== null;
  }

  /**
   * Serves one request (queued behind the others).
   * @param request - the bytes
   * @returns how it ended here
   */
  serve(request: Uint8Array): Promise<RequestResult> {
    if (this.location !== null) return Promise.resolve({ kind: 'moved', location: this.location });
    if (this.stopped) return Promise.resolve({ kind: 'error', code: 'agent-stopped', message: 'the agent was stopped' });
    if (this.#queue.length >= this.limits.maxQueuedRequests) return Promise.resolve({ kind: 'error', code: 'queue-full', message: 'too many requests wait for this agent' });
    return new Promise((resolve) => {
      this.#queue.push({ request, resolve });
      this.#kick();
    });
  }

  /**
   * Starts an agent that just arrived: `arrive()`, and a call that came in flight completes here and is kept
   * for the source under `relayId`.
   * @param relayId - the source's id for its in-flight call, if any
   */
  arrived(relayId: string | null): void {
    const out = this.agent.arrive({ fuel: SLICE_FUEL });
    if (relayId !== null) this.#current = { request: null, resolve: (r) => this.host.relayed(relayId, r) };
    this.#spent = SLICE_FUEL;
    this.#startedAt = performance.now();
    this.#outcome = out;
    this.#kick();
  }

  /** Parks the loop at the next slice boundary; resolves once parked. */
  freeze(): Promise<void> {
    this.#frozen = true;
    if (!this.#running) return Promise.resolve();
    return new Promise((resolve) => { this.#parked = resolve; });
  }

  /**
   * The migration failed: continue from `outcome` (what `stay` returned), serving the queue.
   * @param outcome - the agent's outcome after `stay`
   */
  thaw(outcome: AgentOutcome | null): void {
    this.#frozen = false;
    this.migrating = false;
    if (outcome !== null) this.#outcome = outcome;
    const u = this.#unfreeze;
    this.#unfreeze = null;
    if (u !== null) u();
    else this.#kick();
  }

  /**
   * The agent is at `location` now: the call in flight is relayed from there, queued requests are redirected.
   * @param location - the new node's URL
   * @param relayId - where the destination keeps the result of the call in flight
   */
  departed(location: string, relayId: string): void {
    this.location = location;
    this.migrating = false;
    this.#frozen = false;
    const c = this.#current;
    this.#current = null;
    this.#outcome = null;
    if (c !== null) c.resolve({ kind: 'moved', location, relayId });
    for (const p of this.#queue.splice(0)) p.resolve({ kind: 'moved', location });
    const u = this.#unfreeze;
    this.#unfreeze = null;
    if (u !== null) u();
  }

  /** The operator stopped the agent: fail what waits. */
  stop(): void {
    this.stopped = true;
    for (const p of this.#queue.splice(0)) p.resolve({ kind: 'error', code: 'agent-stopped', message: 'the agent was stopped' });
    this.#current?.resolve({ kind: 'error', code: 'agent-stopped', message: 'the agent was stopped' });
    this.#current = null;
  }

  #kick(): void {
    if (this.#running || this.#frozen) return;
    this.#running = true;
    void this.#loop().finally(() => {
      this.#running = false;
      const p = this.#parked;
      this.#parked = null;
      if (p !== null) p();
      else if (!this.#frozen && this.location === null && !this.stopped && (this.#queue.length > 0 || this.#outcome !== null)) this.#kick();
    });
  }

  async #loop(): Promise<void> {
    for (;;) {
      if (this.location !== null || this.stopped) return;
      if (this.#frozen) {
        const p = this.#parked;
        this.#parked = null;
        if (p !== null) p();
        await new Promise<void>((resolve) => { this.#unfreeze = resolve; });
        continue;
      }
      let out = this.#outcome;
      this.#outcome = null;
      if (out === null) {
        if (this.#current !== null && this.agent.state === 'paused') out = this.host.timed('slice', () => this.agent.continue({ fuel: SLICE_FUEL }));
        else {
          const next = this.#queue.shift();
          if (next === undefined) return;
          this.#current = next;
          this.#spent = SLICE_FUEL;
          this.#startedAt = performance.now();
          try {
            out = this.host.timed('slice', () => this.agent.serve(next.request!, { fuel: SLICE_FUEL }));
          } catch (e) {
            this.#current = null;
            next.resolve({ kind: 'error', code: (e as { code?: string }).code ?? 'agent-error', message: (e as Error).message });
            continue;
          }
        }
      }
      await this.#handle(out);
    }
  }

  async #handle(out: AgentOutcome): Promise<void> {
    switch (out.kind) {
      case 'paused':
        if (this.#current !== null && (this.#spent >= this.limits.requestFuel || performance.now() - this.#startedAt > this.limits.requestMs)) {
          // over its fuel or time: the call ends as a trap would end it, the agent serves the next request
          this.overLimit++;
          const c = this.#current;
          this.#current = null;
          this.agent.abandon('the request ran over its fuel or time limit');
          this.log(`request stopped: over ${this.#spent >= this.limits.requestFuel ? `${this.limits.requestFuel} instructions` : `${this.limits.requestMs} ms`}`);
          c.resolve({ kind: 'error', code: 'request-limit', message: 'the request ran over its fuel or time limit' });
        } else this.#spent += SLICE_FUEL;
        await new Promise((r) => setImmediate(r));
        return;
      case 'done':
      case 'idle':
      case 'trapped': {
        const c = this.#current;
        this.#current = null;
        if (c !== null) {
          this.served++;
          if (out.kind === 'trapped') c.resolve({ kind: 'error', code: 'trapped', message: out.error.message });
          else c.resolve({ kind: 'response', body: out.kind === 'done' ? (out.response ?? new Uint8Array(0)) : new Uint8Array(0) });
        }
        if (out.kind === 'trapped') this.log(`trap: ${out.error.message}`);
        await new Promise((r) => setImmediate(r));
        return;
      }
      case 'migrating': {
        this.migrating = true;
        if (out.completed !== null && this.#current !== null) {
          this.served++;
          this.#current.resolve({ kind: 'response', body: out.completed.response ?? new Uint8Array(0) });
          this.#current = null;
        }
        const r = await this.host.agentMigrates(this, out);
        if (r.committed) this.departed(r.location, r.relayId);
        else {
          this.migrating = false;
          this.#outcome = r.outcome;
        }
        return;
      }
    }
  }
}
