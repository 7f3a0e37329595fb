/**
 * An edge node: a platform identity and the agents it hosts in enclaves. This file holds the node's state and
 * its operations (deploy, stop, migrate, persist, describe); the work is done by the files named for it: the
 * registry of agents (`agent-registry.ts`), incoming and outgoing moves (`moves-in.ts`, `moves-out.ts`),
 * settlement (`settlement.ts`, `source-outcomes.ts`), relays (`relays.ts`) and persistence (`persistence.ts`).
 * The HTTP routes are in `node-http.ts`.
 * @module
 */
import { Platform, parseManifest } from '@edgedancer/enclave-sim';
import { hashModule, type Transport } from '@edgedancer/migration';
import type { StepResult } from '../enclave/boundary-types.js';
import { type AdmissionPolicy, admit, IdBindings } from './agent-admission.js';
import { launchAgentEnclave } from './agent-enclave-build.js';
import { checkAgentImports } from './agent-imports.js';
import { AgentRegistry } from './agent-registry.js';
import { loadAgents, removeAgent } from './agent-store.js';
import { RequestLog } from './dashboard/request-log.js';
import type { EnclaveAgent } from './enclave-agent.js';
import { ocallHandler } from './enclave-ocalls.js';
import { HostedAgent, type RequestResult, type RunnerHost, SLICE_FUEL } from './hosted-agent.js';
import { NodeError } from './http-io.js';
import { loadInDoubt, removeInDoubt } from './in-doubt-store.js';
import { type AgentLimits, type AskedLimits, agentLimits, type NodeLimits, nodeLimits } from './limits.js';
import { LoopWatch } from './loop-watch.js';
import { checkModuleLimits } from './module-limits.js';
import { receiveMove } from './moves-in.js';
import { type AgentMoveResult, type MigrationResult, moveForAgent, moveOut } from './moves-out.js';
import type { NodeHooks } from './node-hooks.js';
import { PeerPins, type PeerSpec } from './peer-pins.js';
import { persistAgent, reviveAgent } from './persistence.js';
import { RelayStore } from './relays.js';
import { reviveInDoubt } from './settlement.js';
import { SourceOutcomes } from './source-outcomes.js';
import { TransferLinks } from './transfer-links.js';

export type { MigrationResult } from './moves-out.js';

/** Options of {@link EdgeNode.open}. */
export interface EdgeNodeOptions {
  readonly name: string;
  readonly stateDir: string;
  /** The node's platform (provisioned by `edgedancer platform provision`): apart from the state directory. */
  readonly platformDir: string;
  /** The vendor root certificate the operator expects the platform to be certified by (public). */
  readonly vendorCertificate?: Uint8Array;
  /** Peers by name: URL and, optionally, the platform id they are pinned to. */
  readonly peers: ReadonlyMap<string, PeerSpec>;
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

/**
 * How long an arrived agent's first persist waits for the agent's first request here before it starts anyway:
 * sealing the whole state takes the enclave's thread, and the first request after a move is the one users wait on.
 */
export const ARRIVAL_PERSIST_GRACE_MS = 250;
/** The code of an error from an enclave: the handler's own code when an ECALL was refused. */
export const codeOf = (e: unknown): string =>
  (e as { innerCode?: string }).innerCode ?? (e as { code?: string }).code ?? 'error';

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
  /**
   * What holds the event loop: its delays and longest stalls, synchronous operations on it, asynchronous
   * operations end to end, garbage collection (the status shows them).
   */
  readonly watch = new LoopWatch();
  /** Transfer connections piped to enclaves. */
  readonly links = new TransferLinks();
  /** Peers' platform pins. */
  readonly pins: PeerPins;
  readonly #peerUrls: Map<string, string>;
  /** Peers by name: URL and pin (those of the command line, and those an operator set since). */
  readonly #peers: Map<string, PeerSpec>;
  readonly #enclaves = new Set<EnclaveAgent>();
  /** The latest requests to agents and their latency (the dashboard's chart). */
  readonly requestLog = new RequestLog();
  /** Agents that arrived here and resumed (the latest 500; the dashboard's timeline). */
  readonly arrivals: { readonly agentId: string; readonly at: number; readonly counter: string }[] = [];

  private constructor(
    readonly options: EdgeNodeOptions,
    readonly platform: Platform,
  ) {
    this.hooks = options.hooks ?? {};
    this.limits = nodeLimits(options.limits);
    this.admission = options.admission ?? { allowSigners: new Set(), debugEnclaves: false };
    this.outcomes = new SourceOutcomes(options.stateDir);
    this.ids = new IdBindings(options.stateDir);
    for (const [id, url] of this.ids.gone()) this.registry.gone.set(id, url);
    this.#peers = new Map(options.peers);
    this.pins = new PeerPins(options.stateDir, this.#peers);
    this.#peerUrls = new Map([...options.peers].map(([n, p]) => [n, p.url]));
  }

  /** Peers by name: their URLs. */
  get peerUrls(): ReadonlyMap<string, string> {
    return this.#peerUrls;
  }

  /** Peers by name: URL and configured pin. */
  get peers(): ReadonlyMap<string, PeerSpec> {
    return this.#peers;
  }

  /**
   * Adds a peer or gives a known one a new address (an operator's `PUT /v1/peers/:name`). A peer's configured pin
   * never changes: the address only says where to connect, the pin which platform must answer there. Agents that
   * moved to the peer are found at its new address (their redirects follow it); the agents here are told of a new
   * peer (they may ask to move to it).
   * @param name - the peer's name
   * @param spec - its URL and, for a new peer or one without a configured pin, optionally the pin
   * @throws NodeError 409 `peer-pinned` when `spec` names another pin than the peer's configured one
   */
  setPeer(name: string, spec: PeerSpec): void {
    const old = this.#peers.get(name);
    if (old?.pin !== undefined && spec.pin !== undefined && spec.pin !== old.pin)
      throw new NodeError(409, 'peer-pinned', `peer ${name} is pinned to another platform`);
    const pin = old?.pin ?? spec.pin;
    this.#peers.set(name, pin === undefined ? { url: spec.url } : { url: spec.url, pin });
    this.#peerUrls.set(name, spec.url);
    if (old === undefined) {
      const peers = [...this.#peers.keys()];
      for (const r of this.agents.values()) void r.enclave.setPeers(peers).catch(() => undefined);
      return;
    }
    if (old.url === spec.url) return;
    for (const [id, url] of this.registry.gone)
      if (url === old.url) {
        this.registry.gone.set(id, spec.url);
        this.ids.moved(id, spec.url);
      }
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
   * Opens a node on its provisioned platform (no vendor key needed) and brings its persisted agents back, each
   * in a new enclave. An agent whose records are refused (an older copy of the state directory: `rolled-back`;
   * sealed on another platform: `bad-mac`) stays refused, with a line on standard error; the others run.
   * @param options - name, directories, peers
   * @returns the node
   * @throws EnclaveError `not-provisioned` for a platform directory that was not provisioned;
   *   NodeError `vendor-mismatch` when the platform was certified by another vendor root than expected
   */
  static async open(options: EdgeNodeOptions): Promise<EdgeNode> {
    const platform = Platform.open(options.platformDir);
    if (
      options.vendorCertificate !== undefined &&
      !Buffer.from(platform.info.vendorRootCertificate).equals(Buffer.from(options.vendorCertificate))
    ) {
      throw new NodeError(
        500,
        'vendor-mismatch',
        'the platform was certified by another vendor root than the one given',
      );
    }
    const node = new EdgeNode(options, platform);
    const refused = (id: string, e: unknown): void => {
      const code = codeOf(e);
      node.refusals.push({ at: Date.now(), agentId: id, code, reason: (e as Error).message });
      process.stderr.write(
        `edgedancer node ${options.name}: agent ${id} refused at start-up: ${code}: ${(e as Error).message}\n`,
      );
    };
    for (const s of loadAgents(options.stateDir)) {
      try {
        await reviveAgent(node, s);
      } catch (e) {
        refused(s.id, e);
      }
    }
    for (const r of loadInDoubt(options.stateDir)) {
      try {
        await reviveInDoubt(node, r);
      } catch (e) {
        refused(r.id, e);
        removeInDoubt(options.stateDir, r.id);
      }
    }
    return node;
  }

  /**
   * Where an agent runs here: this node's name, the peers it may ask to move to, its memory page cap.
   * @param maxMemoryPages - the agent's own cap (its limits, within the node's; default the node's)
   * @returns the placement
   */
  placement(maxMemoryPages = this.limits.maxMemoryPages): {
    nodeName: string;
    peers: string[];
    maxMemoryPages: number;
  } {
    return {
      nodeName: this.name,
      peers: [...this.#peers.keys()],
      maxMemoryPages: Math.min(maxMemoryPages, this.limits.maxMemoryPages),
    };
  }

  /**
   * Records a refused or failed operation on an agent (shown to operators in the node's status).
   * @param agentId - the agent
   * @param e - the error (its `code` and `reason` are kept)
   */
  refuse(agentId: string, e: unknown): void {
    const reason = (e as { reason?: unknown } | null | undefined)?.reason;
    const code = (e as { code?: unknown } | null | undefined)?.code;
    this.refusals.push({
      at: Date.now(),
      agentId,
      code: typeof code === 'string' ? code : 'error',
      ...(typeof reason === 'string' ? { reason } : {}),
    });
    if (this.refusals.length > 1000) this.refusals.splice(0, this.refusals.length - 1000);
  }

  /**
   * Runs a synchronous operation, keeping its longest wall and CPU time under `name` (the status shows them: what
   * holds the event loop, apart from the machine's own load).
   * @param name - the operation
   * @param fn - the work
   * @returns its result
   */
  timed<T>(name: string, fn: () => T): T {
    return this.watch.timed(name, fn);
  }

  /**
   * Whether another agent fits on this node.
   * @throws NodeError 503 `node-full`
   */
  checkCapacity(): void {
    const r = this.registry;
    if (r.agents.size + r.incoming.size + r.inDoubt.size >= this.limits.maxAgents)
      throw new NodeError(503, 'node-full', `this node hosts its maximum of ${this.limits.maxAgents} agents`);
  }

  /**
   * Checks an agent before its enclave is launched: the module within the node's limits (size, memory pages),
   * the manifest signed by an allowed signer and not a debug enclave (unless allowed), the id free or bound to
   * the same signer and module.
   * @param agentId - the agent
   * @param module - its wasm bytes
   * @param manifest - its signed manifest
   * @param arriving - an arrival (an id reserved for this very agent is its own)
   * @returns the signer and module hash (hex) to bind the id to
   */
  admitAgent(
    agentId: string,
    module: Uint8Array,
    manifest: Uint8Array,
    arriving: boolean,
  ): { signer: string; moduleHash: string } {
    this.timed('module-scan', () => checkAgentImports(checkModuleLimits(module, this.limits)));
    const m = parseManifest(manifest);
    admit(this.admission, { mrSigner: m.mrSigner, debug: m.debug });
    const signer = hex(m.mrSigner);
    const moduleHash = hex(hashModule(module));
    this.ids.check(agentId, signer, moduleHash, arriving);
    return { signer, moduleHash };
  }

  /**
   * Deploys an agent: the manifest must match the agent's measurement (`EINIT`), be signed by an allowed signer
   * and not be a debug enclave (unless allowed); the id must be free or bound to the same signer and module.
   * `init` runs inside the enclave. A deploy that fails leaves nothing.
   * @param module - wasm bytes
   * @param manifest - signed manifest
   * @param id - agent id (default: derived from the module hash and time)
   * @returns the hosted agent
   * @throws NodeError 409 `agent-exists`, `agent-arriving`, `agent-in-doubt`, `agent-id-taken`, `agent-moved-away`;
   *   403 `signer-not-allowed`, `debug-not-allowed`; 503 `node-full`; 413/422 for a module over the limits;
   *   422 `init-failed`; EnclaveError for a manifest that does not fit
   */
  deploy(module: Uint8Array, manifest: Uint8Array, id?: string, asked: AskedLimits = {}): Promise<HostedAgent> {
    return this.watch.track('deploy', () => this.#deploy(module, manifest, id, asked));
  }

  async #deploy(module: Uint8Array, manifest: Uint8Array, id?: string, asked: AskedLimits = {}): Promise<HostedAgent> {
    const agentId = id ?? `agent-${hex(hashModule(module)).slice(0, 8)}-${Date.now().toString(36)}`;
    const reg = this.registry;
    if (reg.agents.has(agentId)) throw new NodeError(409, 'agent-exists', `agent ${agentId} already runs here`);
    if (reg.incoming.has(agentId))
      throw new NodeError(409, 'agent-arriving', `agent ${agentId} is arriving or being deployed here`);
    if (reg.inDoubt.has(agentId))
      throw new NodeError(409, 'agent-in-doubt', `agent ${agentId} is held here until its move is settled`);
    this.checkCapacity();
    const { signer, moduleHash } = this.admitAgent(agentId, module, manifest, false);
    let ready: () => void = () => undefined;
    // the id is taken while init runs: requests to it wait, another deploy or an arrival of it is refused
    reg.incoming.set(
      agentId,
      new Promise((r) => {
        ready = r;
      }),
    );
    let enclave: EnclaveAgent | undefined;
    try {
      enclave = await this.launch(module, manifest);
      const runner = new HostedAgent(agentId, enclave, module, manifest, this);
      runner.asked = asked;
      runner.limits = agentLimits(this.limits, asked);
      enclave.onOcall(ocallHandler(this, runner));
      const out = await this.#init(enclave, agentId, runner.limits);
      if (out.kind !== 'idle' && out.kind !== 'done')
        throw new NodeError(
          422,
          'init-failed',
          `init ended ${out.kind}${out.kind === 'trapped' ? `: ${out.message}` : ''}`,
        );
      this.ids.bind(agentId, signer, moduleHash, asked);
      reg.keepModule(module);
      reg.agents.set(agentId, runner);
      reg.gone.delete(agentId);
      await this.persist(runner);
      return runner;
    } catch (e) {
      if (enclave !== undefined) {
        await enclave.retire().catch(() => undefined);
        await enclave.terminate();
      }
      reg.agents.delete(agentId);
      removeAgent(this.options.stateDir, agentId);
      throw e;
    } finally {
      reg.incoming.delete(agentId);
      ready();
    }
  }

  /** Runs `init` inside the enclave, in slices, within the node's init fuel and request time. */
  async #init(enclave: EnclaveAgent, agentId: string, limits: AgentLimits): Promise<StepResult> {
    const t0 = performance.now();
    let spent = SLICE_FUEL;
    let out = await enclave.deploy(agentId, this.placement(limits.maxMemoryPages), SLICE_FUEL).catch((e: unknown) => {
      throw new NodeError(
        422,
        codeOf(e) === 'error' ? 'init-failed' : codeOf(e),
        `the agent could not start: ${(e as Error).message}`,
      );
    });
    while (out.kind === 'paused') {
      if (spent >= this.limits.initFuel || performance.now() - t0 > limits.requestMs)
        throw new NodeError(422, 'init-failed', 'init ran over its fuel or time limit');
      spent += SLICE_FUEL;
      out = await enclave.continue(SLICE_FUEL);
    }
    return out;
  }

  /**
   * Seals an idle agent's state into the state directory (skipped while it is busy or moving).
   * @param runner - the agent
   * @returns whether it was written
   */
  persist(runner: HostedAgent): Promise<boolean> {
    return this.watch
      .track('persist', () => persistAgent(this, runner))
      .then((ok) => {
        // the agent's own record is written: the rounds it arrived with are no longer needed
        if (ok) this.dropHeldRounds(runner);
        return ok;
      })
      .catch(() => false);
  }

  /**
   * Removes the sealed rounds an agent arrived with, once they are no longer its durable state here (it was
   * persisted, it left, or it was stopped).
   * @param runner - the agent
   */
  dropHeldRounds(runner: HostedAgent): void {
    if (!runner.heldOnDisk) return;
    runner.heldOnDisk = false;
    removeInDoubt(this.options.stateDir, runner.id);
  }

  /**
   * Persists an agent once it is idle (after an arrival: its records there are then its own, not the rounds').
   * @param runner - the agent
   * @param afterServe - an arrival: start once the agent served its first request here (at most
   *   {@link ARRIVAL_PERSIST_GRACE_MS} later), so that sealing its whole state does not delay that request
   */
  persistSoon(runner: HostedAgent, afterServe = false): void {
    let tries = 0;
    const again = (): void => {
      void this.persist(runner).then((ok) => {
        if (!ok && tries++ < 200 && this.agents.get(runner.id) === runner && !this.closing)
          setTimeout(again, 25).unref();
      });
    };
    if (!afterServe) {
      setTimeout(again, 0).unref();
      return;
    }
    const served = runner.served;
    const since = performance.now();
    const wait = (): void => {
      if (runner.served > served || performance.now() - since >= ARRIVAL_PERSIST_GRACE_MS) again();
      else setTimeout(wait, 5).unref();
    };
    setTimeout(wait, 5).unref();
  }

  /**
   * Launches an agent's enclave on this node's platform (every enclave of the node is launched here).
   * @param module - the agent's wasm bytes
   * @param manifest - its signed manifest
   * @param image - another image than this build's (a test's misbehaving host)
   * @returns the enclave
   */
  async launch(module: Uint8Array, manifest: Uint8Array, image?: Uint8Array): Promise<EnclaveAgent> {
    const e = await this.watch.track('launch', () =>
      launchAgentEnclave(this.platform, module, manifest, this.hooks.tap, image),
    );
    e.timing = (name, ms) => this.watch.record(`ecall ${name}`, ms);
    this.#enclaves.add(e);
    e.onTerminate(() => this.#enclaves.delete(e));
    return e;
  }

  /** Ends every enclave (on shutdown, after {@link EdgeNode.persistAll}). */
  async terminateAll(): Promise<void> {
    this.watch.close();
    await Promise.all([...this.#enclaves].map((e) => e.terminate()));
  }

  /**
   * Persists every idle agent (on shutdown, or asked by an operator).
   * @returns how many were written
   */
  async persistAll(): Promise<number> {
    const written = await Promise.all([...this.agents.values()].map((r) => this.persist(r)));
    return written.filter((w) => w).length;
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
    // its counter goes with it (the platform store keeps no counter of an agent that is gone)
    void r.enclave
      .retire()
      .catch(() => undefined)
      .finally(() => r.enclave.terminate());
    this.agents.delete(id);
    removeAgent(this.options.stateDir, id);
    this.dropHeldRounds(r);
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
    return (await moveOut(this, r, to, 'platform', options.stopAndCopy === true)).result;
  }

  /** The agent asked to move (RunnerHost). */
  agentMigrates(runner: HostedAgent, destination: string): Promise<AgentMoveResult> {
    return moveForAgent(this, runner, destination);
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
      name: this.name,
      platformId: hex(this.platform.platformId),
      pid: process.pid,
      uptimeMs: Date.now() - this.startedAt,
      agents: this.agents.size,
      arriving: this.registry.incoming.size,
      peers: this.pins.list(),
      migrations: this.migrations,
      refusals: this.refusals.slice(-200),
      inDoubt: [...this.registry.inDoubt.keys()],
      unsettled: this.outcomes.unsettled().map((r) => ({ agentId: r.agentId, sessionId: r.sessionId })),
      outcomes: this.outcomes.size,
      relaysExpected: this.relays.size,
      reservedIds: this.registry.gone.size,
      limits: this.limits,
      allowSigners: [...this.admission.allowSigners],
      debugEnclaves: this.admission.debugEnclaves,
      memory: { rss: mem.rss, heapUsed: mem.heapUsed, external: mem.external, arrayBuffers: mem.arrayBuffers },
      eventLoop: this.watch.delays(),
      blocking: Object.fromEntries(this.watch.blocking),
      operations: Object.fromEntries(this.watch.operations),
      gc: Object.fromEntries(this.watch.gc),
      stalls: this.watch.stalls(),
      longestRun: this.watch.longestRun(),
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
  async describe(r: HostedAgent): Promise<Record<string, unknown>> {
    const st = r.migrating ? null : await r.enclave.status().catch(() => null);
    return {
      id: r.id,
      node: this.name,
      mrSigner: hex(r.enclave.handle.identity.mrSigner),
      state: r.migrating ? 'migrating' : (st?.state ?? r.state),
      busy: r.busy,
      queued: r.queued,
      served: r.served,
      ...(st === null ? {} : { counter: st.counter, memoryBytes: st.memoryBytes }),
      overLimit: r.overLimit,
      ...(r.progress === null ? {} : { transfer: r.progress }),
      mrEnclave: hex(r.enclave.mrEnclave),
      moduleHash: hex(hashModule(r.module)),
      plain: r.plain,
      limits: {
        requestFuel: r.limits.requestFuel,
        requestMs: r.limits.requestMs,
        maxMemoryPages: r.limits.maxMemoryPages,
        maxRequestBytes: r.limits.maxRequestBytes,
      },
    };
  }
}
