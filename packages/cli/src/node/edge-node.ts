/**
 * An edge node: a platform identity and the agents it hosts in enclaves. This file holds the node's state and
 * its operations (deploy, stop, migrate, persist, describe); the work is done by the files named for it: the
 * registry of agents (`agent-registry.ts`), incoming and outgoing moves (`moves-in.ts`, `moves-out.ts`),
 * settlement (`settlement.ts`, `source-outcomes.ts`), relays (`relays.ts`) and persistence (`persistence.ts`).
 * The HTTP routes are in `node-http.ts`.
 * @module
 */
import { join } from 'node:path';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Platform, provisionPlatform, QuoteVerifier, VendorRoot, type AgentEnclave, type QuotePolicy } from '@edgedancer/enclave-sim';
import {
  Agent, AgentStatus, hashModule, type AgentHost, type AttestationEndpoint, type MigratingOutcome, type MigrationCounters, type Transport,
} from '@edgedancer/migration';
import { admit, IdBindings, type AdmissionPolicy } from './agent-admission.js';
import { agentEnclave, peerPolicy } from './agent-enclave-build.js';
import { AgentRegistry } from './agent-registry.js';
import { loadAgents, loadCounters, removeAgent } from './agent-store.js';
import { HostedAgent, SLICE_FUEL, type RequestResult, type RunnerHost } from './hosted-agent.js';
import { NodeError } from './http-io.js';
import { agentLimits, nodeLimits, type NodeLimits } from './limits.js';
import { limitedModule } from './module-limits.js';
import { loadInDoubt, removeInDoubt } from './in-doubt-store.js';
import { receiveMove } from './moves-in.js';
import { moveForAgent, moveOut, type AgentMoveResult, type MigrationResult } from './moves-out.js';
import type { NodeHooks } from './node-hooks.js';
import { persistAgent, reviveAgent } from './persistence.js';
import { RelayStore } from './relays.js';
import { reviveInDoubt } from './settlement.js';
import { SourceOutcomes } from './source-outcomes.js';

export type { MigrationResult } from './moves-out.js';

/** Options of {@link EdgeNode.open}. */
export interface EdgeNodeOptions {
  readonly name: string;
  readonly stateDir: string;
  /** The simulated vendor root every node trusts (shared directory). */
  readonly vendorDir: string;
  /** Peers by name. */
  readonly peers: ReadonlyMap<string, string>;
  /** Per-message transfer timeout. */
  readonly timeoutMs?: number;
  /** Test hooks (fault injection from outside); none in normal use. */
  readonly hooks?: NodeHooks;
  /** Limits (defaults: `DEFAULT_LIMITS`). */
  readonly limits?: Partial<NodeLimits>;
  /** Which signers' agents are admitted, and whether debug enclaves are (default: none, no). */
  readonly admission?: AdmissionPolicy;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** A running node. */
export class EdgeNode implements RunnerHost {
  /** The agents this node knows: running, gone, arriving, in doubt. */
  readonly registry = new AgentRegistry();
  readonly migrations: MigrationResult[] = [];
  readonly refusals: { at: number; agentId: string; code: string; reason?: string }[] = [];
  /** This node's hand-over decisions as a source (`/v1/settle` answers from them). */
  readonly outcomes: SourceOutcomes;
  /** Results of calls that arrived in flight and completed here. */
  readonly relays = new RelayStore();
  /** Set when the node shuts down: settlements stop asking. */
  closing = false;
  readonly hooks: NodeHooks;
  readonly limits: NodeLimits;
  readonly admission: AdmissionPolicy;
  /** Agent ids bound to their signer and module, and reserved once moved away. */
  readonly ids: IdBindings;
  readonly startedAt = Date.now();
  /** The longest run of each synchronous operation that holds the event loop (wall and CPU ms), for the status. */
  readonly blocking = new Map<string, { count: number; maxMs: number; maxCpuMs: number }>();
  /** The event loop's delays since the node started (its longest stall is in the status). */
  readonly loopDelay: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });

  private constructor(
    readonly options: EdgeNodeOptions,
    readonly platform: Platform,
    readonly vendor: VendorRoot,
    readonly verifier: QuoteVerifier,
    readonly counters: MigrationCounters,
  ) {
    this.hooks = options.hooks ?? {};
    this.limits = nodeLimits(options.limits);
    this.admission = options.admission ?? { allowSigners: new Set(), debugEnclaves: false };
    this.outcomes = new SourceOutcomes(options.stateDir);
    this.ids = new IdBindings(options.stateDir);
    this.loopDelay.enable();
    for (const [id, url] of this.ids.gone()) this.registry.gone.set(id, url);
  }

  /** This node's name. */
  get name(): string {
    return this.options.name;
  }

  /** Agents running here. */
  get agents(): Map<string, HostedAgent> {
    return this.registry.agents;
  }

  /**
   * Opens (or creates) a node's state and brings its persisted agents back.
   * @param options - name, directories, peers
   * @returns the node
   */
  static open(options: EdgeNodeOptions): EdgeNode {
    const vendor = VendorRoot.open(options.vendorDir);
    // Interim, until the node takes a platform directory of its own: provision here, then open without the key.
    provisionPlatform(vendor, join(options.stateDir, 'platform'));
    const platform = Platform.open(join(options.stateDir, 'platform'));
    const node = new EdgeNode(options, platform, vendor, new QuoteVerifier(vendor.certificate), loadCounters(options.stateDir));
    for (const s of loadAgents(options.stateDir)) {
      try {
        reviveAgent(node, s);
      } catch (e) {
        node.refusals.push({ at: Date.now(), agentId: s.id, code: (e as { code?: string }).code ?? 'revive-failed' });
      }
    }
    for (const r of loadInDoubt(options.stateDir)) {
      try {
        reviveInDoubt(node, r);
      } catch (e) {
        node.refusals.push({ at: Date.now(), agentId: r.id, code: (e as { code?: string }).code ?? 'revive-failed' });
        removeInDoubt(options.stateDir, r.id);
      }
    }
    return node;
  }

  /**
   * Records a refused or failed operation on an agent (shown to operators in the node's status).
   * @param agentId - the agent
   * @param e - the error (its `code` and `reason` are kept)
   */
  refuse(agentId: string, e: unknown): void {
    const reason = (e as { reason?: unknown }).reason;
    this.refusals.push({ at: Date.now(), agentId, code: (e as { code?: string }).code ?? 'error', ...(typeof reason === 'string' ? { reason } : {}) });
    if (this.refusals.length > 1000) this.refusals.splice(0, this.refusals.length - 1000);
  }

  /**
   * The AgentHost an agent sees here.
   * @param runner - the agent's runner, once it exists
   * @returns the host
   */
  agentHost(runner: () => HostedAgent | undefined): AgentHost {
    return {
      nodeName: this.name,
      log: (line) => runner()?.log(line),
      authorizeMigration: (req) => (this.options.peers.has(req.destination) ? AgentStatus.OK : AgentStatus.REFUSED),
    };
  }

  /**
   * What a transfer of this agent attests with and accepts of the peer.
   * @param module - the agent's wasm bytes
   * @param manifest - its signed manifest
   * @param attester - what quotes for it here
   * @returns the endpoint
   */
  endpoint(module: Uint8Array, manifest: Uint8Array, attester: { quote(rd: Uint8Array): Uint8Array }): AttestationEndpoint<QuotePolicy> {
    return { attester, verifier: this.verifier, policy: peerPolicy(module, manifest) };
  }

  /**
   * Runs a synchronous operation, keeping its longest wall and CPU time under `name` (the status shows them: what
   * holds the event loop, apart from the machine's own load).
   * @param name - the operation
   * @param fn - the work
   * @returns its result
   */
  timed<T>(name: string, fn: () => T): T {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    try {
      return fn();
    } finally {
      const ms = performance.now() - t0;
      const c = process.cpuUsage(c0);
      const cpu = (c.user + c.system) / 1000;
      const b = this.blocking.get(name) ?? { count: 0, maxMs: 0, maxCpuMs: 0 };
      this.blocking.set(name, { count: b.count + 1, maxMs: Math.max(b.maxMs, ms), maxCpuMs: Math.max(b.maxCpuMs, cpu) });
    }
  }

  /**
   * Whether another agent fits on this node.
   * @throws NodeError 503 `node-full`
   */
  checkCapacity(): void {
    const r = this.registry;
    if (r.agents.size + r.incoming.size + r.inDoubt.size >= this.limits.maxAgents) throw new NodeError(503, 'node-full', `this node hosts its maximum of ${this.limits.maxAgents} agents`);
  }

  /**
   * Deploys an agent: the manifest must match the agent's measurement (`EINIT`), be signed by an allowed signer
   * and not be a debug enclave (unless allowed); the id must be free or bound to the same signer and module.
   * `init` runs in slices within the node's init fuel and request time. A deploy that fails leaves nothing.
   * @param module - wasm bytes
   * @param manifest - signed manifest
   * @param id - agent id (default: derived from the module hash and time)
   * @returns the hosted agent
   * @throws NodeError 409 `agent-exists`, `agent-arriving`, `agent-in-doubt`, `agent-id-taken`, `agent-moved-away`;
   *   403 `signer-not-allowed`, `debug-not-allowed`; 503 `node-full`; 413/422 for a module over the limits;
   *   422 `init-failed`; EnclaveError for a manifest that does not fit
   */
  async deploy(module: Uint8Array, manifest: Uint8Array, id?: string): Promise<HostedAgent> {
    const agentId = id ?? `agent-${hex(hashModule(module)).slice(0, 8)}-${Date.now().toString(36)}`;
    const reg = this.registry;
    if (reg.agents.has(agentId)) throw new NodeError(409, 'agent-exists', `agent ${agentId} already runs here`);
    if (reg.incoming.has(agentId)) throw new NodeError(409, 'agent-arriving', `agent ${agentId} is arriving or being deployed here`);
    if (reg.inDoubt.has(agentId)) throw new NodeError(409, 'agent-in-doubt', `agent ${agentId} is held here until its move is settled`);
    this.checkCapacity();
    const compiled = this.timed('compile', () => limitedModule(module, this.limits));
    const moduleHash = hex(hashModule(module));
    const { enclave, runtime } = this.timed('einit', () => agentEnclave(this.platform, module, manifest));
    let done: () => void = () => undefined;
    try {
      admit(this.admission, enclave.identity);
      const signer = hex(enclave.identity.mrSigner);
      this.ids.check(agentId, signer, moduleHash, false);
      // the id is taken while init runs: requests to it wait, another deploy or an arrival of it is refused
      reg.incoming.set(agentId, new Promise((ok) => { done = ok; }));
      let runner: HostedAgent | undefined;
      const agent = this.timed('instantiate', () => Agent.load(compiled, this.agentHost(() => runner), { agentId }));
      runner = new HostedAgent(agentId, agent, enclave, runtime, module, manifest, this);
      runner.limits = agentLimits(this.limits);
      await this.#init(agent);
      this.ids.bind(agentId, signer, moduleHash);
      reg.keepModule(module);
      reg.agents.set(agentId, runner);
      reg.gone.delete(agentId);
      this.persist(runner);
      return runner;
    } catch (e) {
      (enclave as AgentEnclave).destroy();
      reg.agents.delete(agentId);
      removeAgent(this.options.stateDir, agentId);
      throw e;
    } finally {
      reg.incoming.delete(agentId);
      done();
    }
  }

  /** Runs `init` in fuel slices (the event loop runs between them), within the init fuel and the request time. */
  async #init(agent: Agent): Promise<void> {
    const t0 = performance.now();
    let spent = SLICE_FUEL;
    let out = agent.start({ fuel: SLICE_FUEL });
    while (out.kind === 'paused') {
      if (spent >= this.limits.initFuel || performance.now() - t0 > this.limits.requestMs) {
        agent.abandon('init ran over its fuel or time limit');
        throw new NodeError(422, 'init-failed', 'init ran over its fuel or time limit');
      }
      await new Promise((r) => setImmediate(r));
      spent += SLICE_FUEL;
      out = agent.continue({ fuel: SLICE_FUEL });
    }
    if (out.kind !== 'idle' && out.kind !== 'done') throw new NodeError(422, 'init-failed', `init ended ${out.kind}${out.kind === 'trapped' ? `: ${out.error.message}` : ''}`);
  }

  /**
   * Seals an idle agent's state into the state directory (skipped while it is busy or moving).
   * @param runner - the agent
   * @returns whether it was written
   */
  persist(runner: HostedAgent): boolean {
    return this.timed('persist', () => persistAgent(this, runner));
  }

  /**
   * Persists every idle agent, one at a time with the event loop running between them.
   * @returns how many were written
   */
  async persistAll(): Promise<number> {
    let n = 0;
    for (const r of [...this.agents.values()]) {
      if (this.agents.get(r.id) === r && this.persist(r)) n++;
      await new Promise((ok) => setImmediate(ok));
    }
    return n;
  }

  /** Persists every idle agent at once (on shutdown, when nothing else runs). */
  persistAllNow(): void {
    for (const r of this.agents.values()) this.persist(r);
  }

  /**
   * Stops an agent and forgets it.
   * @param id - the agent
   * @throws NodeError 404 `unknown-agent`, 409 `agent-migrating`
   */
  stop(id: string): void {
    const r = this.agents.get(id);
    if (r === undefined) throw new NodeError(404, 'unknown-agent', `no agent ${id} here`);
    if (r.migrating) throw new NodeError(409, 'agent-migrating', `agent ${id} is migrating`);
    r.stop();
    r.enclave.destroy();
    this.agents.delete(id);
    removeAgent(this.options.stateDir, id);
    this.ids.release(id);
  }

  /**
   * Moves an agent to a peer on the operator's request (pre-copy unless `stopAndCopy`).
   * @param id - the agent
   * @param to - the peer's name
   * @param options - `stopAndCopy`: no pre-copy rounds
   * @returns the migration's measurements
   * @throws NodeError 404 / 409; TransferError when the migration failed (the agent continues here)
   */
  async migrate(id: string, to: string, options: { stopAndCopy?: boolean } = {}): Promise<MigrationResult> {
    const r = this.agents.get(id);
    if (r === undefined) throw new NodeError(404, 'unknown-agent', `no agent ${id} here`);
    if (r.migrating) throw new NodeError(409, 'agent-migrating', `agent ${id} is already migrating`);
    return (await moveOut(this, r, to, 'platform', null, options.stopAndCopy === true)).result;
  }

  /** The agent asked to move (RunnerHost). */
  agentMigrates(runner: HostedAgent, out: MigratingOutcome): Promise<AgentMoveResult> {
    return moveForAgent(this, runner, out);
  }

  /**
   * Receives one migration on a transfer connection.
   * @param raw - the transport of an upgraded connection
   * @param attested - called once the peer's quote verified (the connection's pre-attestation budget ends)
   */
  receive(raw: Transport, attested?: () => void): Promise<void> {
    return receiveMove(this, raw, attested);
  }

  /**
   * The node's status, for operators (the control listener's `GET /v1/node`).
   * @returns plain data
   */
  status(): Record<string, unknown> {
    const mem = process.memoryUsage();
    return {
      name: this.name, platformId: hex(this.platform.platformId), pid: process.pid, uptimeMs: Date.now() - this.startedAt,
      agents: this.agents.size, arriving: this.registry.incoming.size, peers: Object.fromEntries(this.options.peers),
      migrations: this.migrations, refusals: this.refusals.slice(-200),
      inDoubt: [...this.registry.inDoubt.keys()], unsettled: this.outcomes.unsettled().map((r) => ({ agentId: r.agentId, sessionId: r.sessionId })),
      outcomes: this.outcomes.size, relaysExpected: this.relays.size, reservedIds: this.registry.gone.size,
      limits: this.limits, allowSigners: [...this.admission.allowSigners], debugEnclaves: this.admission.debugEnclaves,
      memory: { rss: mem.rss, heapUsed: mem.heapUsed, external: mem.external, arrayBuffers: mem.arrayBuffers },
      eventLoop: { maxDelayMs: this.loopDelay.max / 1e6, p99DelayMs: this.loopDelay.percentile(99) / 1e6, meanDelayMs: this.loopDelay.mean / 1e6 },
      blocking: Object.fromEntries(this.blocking),
    };
  }

  /** RunnerHost: keeps the result of a relayed call. */
  relayed(relayId: string, result: RequestResult): void {
    this.relays.put(relayId, result);
  }

  /**
   * A summary of one agent.
   * @param r - the agent
   * @returns plain data
   */
  describe(r: HostedAgent): Record<string, unknown> {
    return {
      id: r.id, node: this.name, mrSigner: hex(r.enclave.identity.mrSigner), state: r.migrating ? 'migrating' : r.agent.state, busy: r.busy, queued: r.queued,
      served: r.served, counter: r.agent.migrationCounter.toString(), memoryBytes: r.agent.memory().byteLength,
      overLimit: r.overLimit, ...(r.progress === null ? {} : { transfer: r.progress }),
      mrEnclave: hex(r.enclave.identity.mrEnclave), moduleHash: hex(hashModule(r.module)),
    };
  }
}
