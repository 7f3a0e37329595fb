/**
 * One agent on a node, as its host schedules it: the agent runs in its enclave (`EnclaveAgent`); here are a
 * queue of requests served one at a time in slices of fuel (each slice one ECALL), and the states a migration
 * puts it in. Between slices the event loop runs (other agents, transfers, pre-copy rounds). A freeze parks the
 * loop at the next slice boundary; requests that arrive meanwhile wait. After the agent has left, queued and
 * later requests are answered with its new location, and the call that was in flight is relayed from the
 * destination, where it completes.
 * @module
 */

import type { Transport } from '@edgedancer/migration';
import type { StepResult } from '../enclave/boundary-types.js';
import type { EnclaveAgent } from './enclave-agent.js';
import { type AgentLimits, type AskedLimits, agentLimits, DEFAULT_LIMITS } from './limits.js';

/** Instructions per slice before the event loop gets a turn. */
export const SLICE_FUEL = 200_000;
const MAX_LOG_LINES = 1000;

/** How a request ended here. */
export type RequestResult =
  /** `sealed`: the body is a user-channel `RESPONSE` only the client opens; otherwise plain. */
  | { readonly kind: 'response'; readonly body: Uint8Array; readonly sealed: boolean }
  | { readonly kind: 'moved'; readonly location: string; readonly relayId?: string }
  | { readonly kind: 'error'; readonly code: string; readonly message: string };

/** What the runner asks of its node. */
export interface RunnerHost {
  /** The agent asked to move itself: migrate it; `committed` or the outcome it continues from. */
  agentMigrates(
    runner: HostedAgent,
    destination: string,
  ): Promise<{ committed: true; location: string; relayId: string } | { committed: false; outcome: StepResult }>;
  /** A call that arrived with the agent finished here: keep its result for the source's relay. */
  relayed(relayId: string, result: RequestResult): void;
}

interface Pending {
  readonly request: Uint8Array | null;
  /** A user-channel request (else plain); `null` for a call that arrived in flight. */
  readonly sealed: boolean | null;
  readonly resolve: (r: RequestResult) => void;
}

/** An agent hosted on this node. */
export class HostedAgent {
  readonly logs: { at: number; line: string }[] = [];
  /** Requests served here. */
  served = 0;
  /**
   * The sealed rounds it arrived with are still in the state directory (kept until its first persist here
   * succeeded, or it left: until then they are its only durable state on this node).
   */
  heldOnDisk = false;
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
  /** The limits its deploy asked (lower than a node's): recorded with its id, sent along when it moves. */
  asked: AskedLimits = {};
  /** Requests ended by the fuel or time limit. */
  overLimit = 0;
  /** Fuel given to the call in flight so far, and when it started running. */
  #spent = 0;
  #startedAt = 0;
  /** The connection of an outgoing move (for the hand-over hooks). */
  transport: Transport | null = null;
  /** An arriving agent: called once its enclave verified the source's quote (the transfer's budget ends). */
  attested: (() => void) | null = null;
  /** Where the agent stands, from the last step (`idle`, `paused`, `arrived`, `migrating`). */
  state: 'idle' | 'paused' | 'arrived' | 'migrating' = 'idle';
  readonly #queue: Pending[] = [];
  #current: Pending | null = null;
  #outcome: StepResult | null = null;
  #arrive = false;
  #running = false;
  #frozen = false;
  #parked: (() => void) | null = null;
  #unfreeze: (() => void) | null = null;

  /**
   * @param id - agent id
   * @param enclave - its enclave
   * @param module - wasm bytes
   * @param manifest - signed manifest
   * @param host - the node
   */
  constructor(
    readonly id: string,
    readonly enclave: EnclaveAgent,
    readonly module: Uint8Array,
    readonly manifest: Uint8Array,
    readonly host: RunnerHost,
  ) {}

  /** Whether the agent's manifest allows plain (unencrypted) requests. */
  get plain(): boolean {
    return this.enclave.plain;
  }

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
   * @param request - the bytes: a user-channel `REQUEST` when `sealed`, else plain
   * @param sealed - whether it is sealed to the agent's key
   * @returns how it ended here
   */
  serve(request: Uint8Array, sealed = false): Promise<RequestResult> {
    if (this.location !== null) return Promise.resolve({ kind: 'moved', location: this.location });
    if (this.stopped)
      return Promise.resolve({ kind: 'error', code: 'agent-stopped', message: 'the agent was stopped' });
    if (this.#queue.length >= this.limits.maxQueuedRequests)
      return Promise.resolve({ kind: 'error', code: 'queue-full', message: 'too many requests wait for this agent' });
    return new Promise((resolve) => {
      this.#queue.push({ request, sealed, resolve });
      this.#kick();
    });
  }

  /**
   * Starts an agent that just arrived: `arrive()`, and a call that came in flight completes here and is kept
   * for the source under `relayId`.
   * @param relayId - the source's id for its in-flight call, if any
   */
  arrived(relayId: string | null): void {
    this.state = 'arrived';
    this.#arrive = true;
    this.#spent = SLICE_FUEL;
    this.#startedAt = performance.now();
    if (relayId !== null)
      this.#current = { request: null, sealed: null, resolve: (r) => this.host.relayed(relayId, r) };
    this.#kick();
  }

  /** Parks the loop at the next slice boundary; resolves once parked. */
  freeze(): Promise<void> {
    this.#frozen = true;
    if (!this.#running) return Promise.resolve();
    return new Promise((resolve) => {
      this.#parked = resolve;
    });
  }

  /**
   * The migration failed: continue from `outcome` (what `stay` returned), serving the queue.
   * @param outcome - the agent's outcome after `stay`
   */
  thaw(outcome: StepResult | null): void {
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
    for (const p of this.#queue.splice(0))
      p.resolve({ kind: 'error', code: 'agent-stopped', message: 'the agent was stopped' });
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
      else if (
        !this.#frozen &&
        this.location === null &&
        !this.stopped &&
        (this.#queue.length > 0 || this.#outcome !== null || this.#arrive)
      )
        this.#kick();
    });
  }

  async #loop(): Promise<void> {
    for (;;) {
      if (this.location !== null || this.stopped) return;
      if (this.#frozen) {
        const p = this.#parked;
        this.#parked = null;
        if (p !== null) p();
        await new Promise<void>((resolve) => {
          this.#unfreeze = resolve;
        });
        continue;
      }
      let out = this.#outcome;
      this.#outcome = null;
      try {
        if (out === null && this.#arrive) {
          this.#arrive = false;
          out = await this.enclave.arrive(SLICE_FUEL);
        }
        if (out === null) {
          if (this.#current !== null && this.state === 'paused') out = await this.enclave.continue(SLICE_FUEL);
          else {
            const next = this.#queue.shift();
            if (next === undefined) return;
            this.#current = next;
            this.#spent = SLICE_FUEL;
            this.#startedAt = performance.now();
            out = await this.enclave.serve(next.request!, next.sealed === true, SLICE_FUEL);
          }
        }
        // what the step asks for (an ECALL of its own may fail as the step's did: the enclave is gone)
        await this.#handle(out);
      } catch (e) {
        // the enclave refused the step (or is gone): the call fails, the agent stays as it was
        const c = this.#current;
        this.#current = null;
        const code = (e as { innerCode?: string }).innerCode ?? (e as { code?: string }).code ?? 'agent-error';
        c?.resolve({ kind: 'error', code, message: (e as Error).message });
        if (code === 'enclave-unavailable' || code === 'enclave-crashed') return;
      }
    }
  }

  async #handle(out: StepResult): Promise<void> {
    this.state = out.kind === 'paused' ? 'paused' : out.kind === 'migrating' ? 'migrating' : 'idle';
    switch (out.kind) {
      case 'paused':
        if (
          this.#current !== null &&
          (this.#spent >= this.limits.requestFuel || performance.now() - this.#startedAt > this.limits.requestMs)
        ) {
          // over its fuel or time: the enclave ends the call as a trap would, the agent serves the next request
          this.overLimit++;
          const c = this.#current;
          this.#current = null;
          this.log(
            `request stopped: over ${this.#spent >= this.limits.requestFuel ? `${this.limits.requestFuel} instructions` : `${this.limits.requestMs} ms`}`,
          );
          const ended = await this.enclave.abandon('the request ran over its fuel or time limit').catch(() => null);
          this.state = ended?.kind === 'paused' ? 'paused' : 'idle';
          // a sealed call's answer is the sealed agent-error only its client opens; a plain one gets the code
          if (ended?.kind === 'trapped' && ended.response !== undefined)
            c.resolve({ kind: 'response', body: ended.response, sealed: true });
          else
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
          // a sealed call's answer (also a trap's, as an agent-error response) is sealed inside: only the client opens it
          const sealed = out.kind === 'trapped' || (out.kind === 'done' && out.sealed);
          if (out.kind === 'trapped' && out.response === undefined)
            c.resolve({ kind: 'error', code: 'trapped', message: out.message });
          else
            c.resolve({
              kind: 'response',
              body: out.kind === 'done' ? out.response : out.kind === 'trapped' ? out.response! : new Uint8Array(0),
              sealed,
            });
        }
        if (out.kind === 'trapped') this.log(`trap: ${out.message}`);
        await new Promise((r) => setImmediate(r));
        return;
      }
      case 'migrating': {
        if (this.migrating) {
          // a move of the operator's is under way: the agent's own request to move fails (its call returns FAILED)
          this.log(`migration to ${out.destination} refused: a move is already under way`);
          this.#outcome = await this.enclave.stay();
          return;
        }
        this.migrating = true;
        if (out.completed !== null && this.#current !== null) {
          this.served++;
          this.#current.resolve({ kind: 'response', body: out.completed, sealed: out.sealed });
          this.#current = null;
        }
        const r = await this.host.agentMigrates(this, out.destination);
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
