/**
 * The trusted runtime of one agent, inside its enclave: the `Agent` of `@edgedancer/migration` (interpreter
 * store, snapshot codec) on the module measured into this enclave, its user-channel state, its platform
 * counter, and the ECALLs that run it (deploy, restore, a step of a request, persist, attest). A request is
 * sealed to the agent's key (opened and answered here), or plain only when the measured configuration declares
 * `request-plain` (the manifest allows it). The host schedules steps and keeps sealed records; it never sees
 * the agent's state. The transfer ECALLs are in `transfer-inside.ts`.
 * @module
 */
import {
  Agent,
  type AgentHost,
  type AgentHostModule,
  type AgentOutcome,
  AgentStatus,
  decodeSnapshot,
  encodeSnapshot,
  hashModule,
  type MigratingOutcome,
  type Snapshot,
} from '@edgedancer/migration';
import { insideAttester } from './attestation-inside.js';
import type { StepResult } from './boundary-types.js';
import { Ocall } from './boundary-types.js';
import { ChannelState } from './channel-state.js';
import type { Inside } from './inside.js';
import { cappedModule, capSnapshot } from './memory-cap.js';
import { bytes, count, EcallError, obj, text, texts } from './payload.js';
import type { Binding } from './sealed-record.js';
import { type PendingState, partsOf, STATE_PART_BYTES, StateAssembly, sealStatePart } from './state-parts.js';
import { importsWasi, wasiAgentModule, wasiConfigOf } from './wasi-agent.js';

/**
 * An agent's store: hot code in the JavaScript tier (`auto`), which switches itself off where code generation
 * from strings is refused; a restored agent starts in the interpreter and tiers up again.
 */
const AGENT_STORE = { tier: 'auto' } as const;

const EMPTY = new Uint8Array(0);
/** The declared ECALL that allows plain requests (see `node/agent-enclave-build.ts`). */
export const PLAIN_REQUESTS = 'request-plain';

/** The agent's runtime inside one enclave. */
export class AgentRuntime {
  agent: Agent | null = null;
  agentId = '';
  nodeName = '';
  peers = new Set<string>();
  /** This copy's counter in the platform store and the value its last record was sealed at. */
  binding: Binding | null = null;
  /** The agent asked to move (or was moved): its outcome until the transfer ends. */
  leaving: MigratingOutcome | null = null;
  /** The agent's user channel (key pair, replay cache, response in flight). */
  channel: ChannelState | null = null;
  readonly moduleHash: Uint8Array;
  /** Whether the manifest allows plain requests (the measured configuration declares `request-plain`). */
  readonly allowPlain: boolean;
  /** The state `persist` encoded, until its last part was taken. */
  #pending: PendingState | null = null;
  /** The parts of a persisted state arriving for `restore`. */
  #restoring: StateAssembly | null = null;
  #parts = 0;

  /**
   * @param inside - the CPU
   */
  constructor(readonly inside: Inside) {
    this.moduleHash = hashModule(inside.module);
    this.allowPlain = inside.config.ecalls.includes(PLAIN_REQUESTS);
  }

  /** The channel state, or a refusal. */
  chan(): ChannelState {
    if (this.channel === null) throw new EcallError('no-agent', 'no agent runs in this enclave');
    return this.channel;
  }

  /** A snapshot captured here with the channel section added. */
  capture(): ReturnType<Agent['capture']> {
    return this.chan().into(this.need().capture());
  }

  /** The host an agent sees here: the node's name, its log (an OCALL), migrations to known peers. */
  agentHost(): AgentHost {
    return {
      nodeName: this.nodeName,
      log: (line) => {
        void this.inside.ocall(Ocall.log, { line }).catch(() => undefined);
      },
      authorizeMigration: (req) => (this.peers.has(req.destination) ? AgentStatus.OK : AgentStatus.REFUSED),
    };
  }

  /**
   * The host modules of a new copy of the agent: a fresh WASI host when the module imports WASI (on a restore
   * it adopts the snapshot's `wasi` section), none otherwise.
   * @param agentId - the agent's id
   * @param module - the agent's compiled module
   * @returns the modules for `Agent.load` / `Agent.restore`
   */
  hostModules(agentId: string, module: ReturnType<typeof cappedModule>): AgentHostModule[] {
    if (!importsWasi(module)) return [];
    return [
      wasiAgentModule(agentId, wasiConfigOf(module, this.inside.module), (line) => {
        void this.inside.ocall(Ocall.log, { line }).catch(() => undefined);
      }),
    ];
  }

  /** The node's memory page cap (from the placement). */
  maxPages = 65536;

  /** Node name, peers and memory cap from a payload. */
  place(p: Record<string, unknown>): void {
    this.nodeName = text(p, 'nodeName', 255);
    this.peers = new Set(texts(p, 'peers'));
    this.maxPages = count(p, 'maxMemoryPages', 65536);
  }

  /** The module compiled under a cap, kept: compiling is not repeated (nor left for an arrival's downtime). */
  #compiled: { maxPages: number; module: ReturnType<typeof cappedModule> } | null = null;

  /** The measured module under the node's memory cap (compiled once per cap). */
  module(): ReturnType<typeof cappedModule> {
    const c = this.#compiled;
    if (c !== null && c.maxPages === this.maxPages) return c.module;
    const module = cappedModule(this.inside.module, this.maxPages);
    this.#compiled = { maxPages: this.maxPages, module };
    return module;
  }

  /**
   * An agent restored here, its memory held to the node's cap.
   * @param snap - the decoded snapshot
   * @param options - counters, as `Agent.restore` takes them
   * @returns the agent
   */
  restoreAgent(snap: Snapshot, options?: Parameters<typeof Agent.restore>[3]): Agent {
    capSnapshot(snap, this.maxPages);
    const module = this.module();
    return Agent.restore(snap, module, this.agentHost(), {
      ...options,
      hostModules: this.hostModules(snap.agentId, module),
      storeOptions: AGENT_STORE,
    });
  }

  /** The agent, or a refusal. */
  need(): Agent {
    if (this.agent === null) throw new EcallError('no-agent', 'no agent runs in this enclave');
    return this.agent;
  }

  /**
   * `deploy`: a new agent on the measured module; its `init` runs (one slice).
   * @param payload - `{ agentId, nodeName, peers, fuel }`
   * @returns the step
   */
  async deploy(payload: unknown): Promise<StepResult> {
    const p = obj(payload);
    if (this.agent !== null) throw new EcallError('agent-exists', 'this enclave already runs an agent');
    this.place(p);
    this.agentId = text(p, 'agentId', 256);
    const counterId = await this.inside.createCounter();
    this.binding = { counterId, value: await this.inside.readCounter(counterId) };
    this.channel = ChannelState.fresh();
    const module = this.module();
    this.agent = Agent.load(module, this.agentHost(), {
      agentId: this.agentId,
      hostModules: this.hostModules(this.agentId, module),
      storeOptions: AGENT_STORE,
    });
    return this.result(this.agent.start({ fuel: count(p, 'fuel', 100_000_000) }));
  }

  /**
   * `restore-part`: the next sealed part of a persisted state (in order; opened and checked here).
   * @param payload - `{ agentId, sealed }`
   * @returns how many parts arrived so far, and whether they are complete
   */
  async restorePart(payload: unknown): Promise<{ parts: number; complete: boolean }> {
    const p = obj(payload);
    if (this.agent !== null) throw new EcallError('agent-exists', 'this enclave already runs an agent');
    const agentId = text(p, 'agentId', 256);
    if (this.#restoring === null || this.#restoring.agentId !== agentId) this.#restoring = new StateAssembly(agentId);
    const r = this.#restoring;
    try {
      await r.add(this.inside, bytes(p, 'sealed', STATE_PART_BYTES + 4096));
    } catch (e) {
      this.#restoring = null;
      throw e;
    }
    this.#parts++;
    return { parts: this.#parts, complete: r.complete };
  }

  /**
   * `restore`: the agent from its persisted state, whose parts came by `restore-part` (refused unless it is this
   * copy's latest record, whole).
   * @param payload - `{ agentId, nodeName, peers }`
   * @returns the restored migration counter (decimal)
   */
  async restore(payload: unknown): Promise<{ counter: string }> {
    const p = obj(payload);
    if (this.agent !== null) throw new EcallError('agent-exists', 'this enclave already runs an agent');
    this.place(p);
    const agentId = text(p, 'agentId', 256);
    const r = this.#restoring;
    this.#restoring = null;
    this.#parts = 0;
    if (r === null || r.agentId !== agentId) throw new EcallError('bad-sealed-state', 'no persisted state arrived');
    const { bytes: state, binding } = r.finish();
    const snap = decodeSnapshot(state, { moduleHashes: [this.moduleHash], agentId });
    state.fill(0);
    this.channel = ChannelState.fromSnapshot(snap);
    this.agent = this.restoreAgent(snap);
    this.agentId = agentId;
    this.binding = binding;
    return { counter: snap.migrationCounter.toString() };
  }

  /** `arrive`: starts a restored agent. */
  arrive(payload: unknown): StepResult {
    return this.result(this.need().arrive({ fuel: count(obj(payload), 'fuel', 200_000) }));
  }

  /**
   * `serve`: a request to the agent (one slice). `sealed`: the bytes are a user-channel `REQUEST`, opened here;
   * its response is sealed for the client. Otherwise plain, refused unless the manifest allows it.
   * @param payload - `{ request, sealed, fuel }`
   * @returns the step
   * @throws EcallError `plain-not-allowed`; ChannelError `bad-request`, `replayed-request`, `stale-request`, …
   */
  serve(payload: unknown): StepResult {
    const p = obj(payload);
    const a = this.need();
    const request = bytes(p, 'request', 64 << 20);
    let body: Uint8Array;
    if (p.sealed === true) body = this.chan().open(this.agentId, request);
    else if (this.allowPlain) body = request;
    else
      throw new EcallError(
        'plain-not-allowed',
        "this agent's manifest does not allow plain requests: use the user channel",
      );
    try {
      return this.result(a.serve(body, { fuel: count(p, 'fuel', 200_000) }));
    } catch (e) {
      // the call never started: its response sealer goes unused
      if (p.sealed === true) this.chan().pending = null;
      throw e;
    }
  }

  /**
   * `attest`: the agent attestation (a quote binding the agent's public key, id and module hash).
   * @returns `{ attestation }`
   */
  async attest(): Promise<{ attestation: Uint8Array }> {
    this.need();
    const q = insideAttester(this.inside);
    return { attestation: await this.chan().attestation(this.agentId, this.moduleHash, async (rd) => q.quote(rd)) };
  }

  /** `continue`: the next slice of a paused call. */
  continue(payload: unknown): StepResult {
    return this.result(this.need().continue({ fuel: count(obj(payload), 'fuel', 200_000) }));
  }

  /**
   * `persist`: the idle agent's state encoded and bound to the next value of this copy's counter (the counter
   * is incremented first: every older record is refused from then on), handed out in sealed parts: part 0 now,
   * the others by `persist-part` (the encoded state waits here until the last was taken, or the next persist).
   * @returns part 0, the number of parts, the counter value they are bound to (the ticket of `persist-part`)
   *   and the agent's migration counter; or `null` when the agent is not idle
   */
  async persist(): Promise<{ sealed: Uint8Array; parts: number; value: number; counter: string } | null> {
    const a = this.need();
    if (a.state !== 'idle' || this.binding === null) return null;
    this.#dropPending();
    const snap = this.capture();
    const plain = encodeSnapshot(snap);
    const value = await this.inside.incrementCounter(this.binding.counterId);
    if (a.state !== 'idle') {
      plain.fill(0);
      return null;
    }
    this.binding = { counterId: this.binding.counterId, value };
    const s: PendingState = {
      plain,
      binding: this.binding,
      count: partsOf(plain.length),
      counter: snap.migrationCounter.toString(),
    };
    this.#pending = s;
    return { sealed: this.#takePart(s, 0), parts: s.count, value, counter: s.counter };
  }

  /**
   * `persist-part`: part `index` (≥ 1, in order) of the state the last `persist` encoded.
   * @param payload - `{ value, index }` (`value` as `persist` returned it)
   * @returns the sealed part
   * @throws EcallError `bad-state` when that state is no longer pending (a later persist replaced it)
   */
  persistPart(payload: unknown): { sealed: Uint8Array } {
    const p = obj(payload);
    const s = this.#pending;
    const index = count(p, 'index', 0);
    if (s === null || s.binding.value !== count(p, 'value') || index < 1 || index >= s.count)
      throw new EcallError('bad-state', 'no such part of a pending persisted state');
    return { sealed: this.#takePart(s, index) };
  }

  #takePart(s: PendingState, index: number): Uint8Array {
    const sealed = sealStatePart(this.inside, this.agentId, s, index);
    if (index === s.count - 1) this.#dropPending();
    // a part (up to 8 MiB) is moved to the host, not copied on its event loop's thread
    return this.inside.handOver(sealed);
  }

  #dropPending(): void {
    this.#pending?.plain.fill(0);
    this.#pending = null;
  }

  /**
   * `stay`: the agent asked to move but no transfer could start (no connection): it goes on here, its
   * `migrate` call answered `FAILED`.
   * @returns the step it continues from
   */
  stay(): StepResult {
    const a = this.need();
    if (a.state !== 'migrating') return { kind: a.state === 'paused' ? 'paused' : 'idle' };
    this.leaving = null;
    return this.result(a.stay(AgentStatus.FAILED));
  }

  /**
   * `abandon`: ends the paused call as a trap would (the host's per-request fuel or time limit ran out); the
   * agent is idle again. A sealed call's answer is a sealed `agent-error` only the client opens.
   * @param payload - `{ reason }`
   * @returns the step (`trapped`), or the agent's state when no call is paused
   */
  abandon(payload: unknown): StepResult {
    const a = this.need();
    if (a.state !== 'paused') return { kind: a.state === 'migrating' ? 'paused' : 'idle' };
    return this.result(a.abandon(text(obj(payload), 'reason', 200)));
  }

  /** `status`: what the host may know (state, migration counter, memory size). */
  status(): { state: string; counter: string; memoryBytes: number } {
    const a = this.need();
    return {
      state: a.state,
      counter: a.migrationCounter.toString(),
      memoryBytes: a.state === 'departed' ? 0 : a.memory().byteLength,
    };
  }

  /** `set-peers`: the peers an agent may ask to move to. */
  setPeers(payload: unknown): void {
    this.peers = new Set(texts(obj(payload), 'peers'));
  }

  /**
   * An outcome as the host sees it; a `migrating` outcome is kept here for the transfer.
   * @param out - the agent's outcome
   * @returns the step
   */
  result(out: AgentOutcome): StepResult {
    const sealed = this.channel?.pending !== null && this.channel?.pending !== undefined && !this.channel.pending.used;
    const answer = (r: Uint8Array | null): Uint8Array => (sealed ? this.chan().seal(r ?? EMPTY) : (r ?? EMPTY));
    switch (out.kind) {
      case 'done':
        return { kind: 'done', response: answer(out.response), sealed };
      case 'idle':
        return { kind: 'idle' };
      case 'paused':
        return { kind: 'paused' };
      case 'trapped':
        return {
          kind: 'trapped',
          message: out.error.message,
          ...(sealed ? { response: this.chan().seal(new TextEncoder().encode(out.error.message), 'agent-error') } : {}),
        };
      case 'migrating':
        this.leaving = out;
        return {
          kind: 'migrating',
          destination: out.destination,
          completed: out.completed === null ? null : answer(out.completed.response),
          sealed,
        };
    }
  }
}
