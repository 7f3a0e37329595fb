/**
 * An edge node: a platform identity and the agents it hosts in enclaves. This file holds the node's state and
 * its operations (deploy, stop, migrate, persist, describe); the work is done by the files named for it: the
 * registry of agents (`agent-registry.ts`), incoming and outgoing moves (`moves-in.ts`, `moves-out.ts`),
 * settlement (`settlement.ts`, `source-outcomes.ts`), relays (`relays.ts`) and persistence (`persistence.ts`).
 * The HTTP routes are in `node-http.ts`.
 * @module
 */
import { Platform } from '@edgedancer/enclave-sim';
import { hashModule, type Transport } from '@edgedancer/migration';
import { launchAgentEnclave } from './agent-enclave-build.js';
import { AgentRegistry } from './agent-registry.js';
import { loadAgents, removeAgent } from './agent-store.js';
import type { EnclaveAgent } from './enclave-agent.js';
import { ocallHandler } from './enclave-ocalls.js';
import { HostedAgent, type RequestResult, type RunnerHost } from './hosted-agent.js';
import { NodeError } from './http-io.js';
import { loadInDoubt, removeInDoubt } from './in-doubt-store.js';
import { receiveMove } from './moves-in.js';
import { moveForAgent, moveOut, type AgentMoveResult, type MigrationResult } from './moves-out.js';
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
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
/** The code of an error from an enclave: the handler's own code when an ECALL was refused. */
export const codeOf = (e: unknown): string => (e as { innerCode?: string }).innerCode ?? (e as { code?: string }).code ?? 'error';

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
  /** Transfer connections piped to enclaves. */
  readonly links = new TransferLinks();
  /** Peers' platform pins. */
  readonly pins: PeerPins;
  /** Peers by name: their URLs. */
  readonly peerUrls: ReadonlyMap<string, string>;
  readonly #enclaves = new Set<EnclaveAgent>();

  private constructor(
    readonly options: EdgeNodeOptions,
    readonly platform: Platform,
  ) {
    this.hooks = options.hooks ?? {};
    this.outcomes = new SourceOutcomes(options.stateDir);
    this.pins = new PeerPins(options.stateDir, options.peers);
    this.peerUrls = new Map([...options.peers].map(([n, p]) => [n, p.url]));
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
    if (options.vendorCertificate !== undefined && !Buffer.from(platform.info.vendorRootCertificate).equals(Buffer.from(options.vendorCertificate))) {
      throw new NodeError(500, 'vendor-mismatch', 'the platform was certified by another vendor root than the one given');
    }
    const node = new EdgeNode(options, platform);
    const refused = (id: string, e: unknown): void => {
      const code = codeOf(e);
      node.refusals.push({ at: Date.now(), agentId: id, code, reason: (e as Error).message });
      process.stderr.write(`edgedancer node ${options.name}: agent ${id} refused at start-up: ${code}: ${(e as Error).message}\n`);
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

  /** Where agents run here: this node's name and the peers they may ask to move to. */
  placement(): { nodeName: string; peers: string[] } {
    return { nodeName: this.name, peers: [...this.options.peers.keys()] };
  }

  /**
   * Records a refused or failed operation on an agent (shown to operators in the node's status).
   * @param agentId - the agent
   * @param e - the error (its `code` and `reason` are kept)
   */
  refuse(agentId: string, e: unknown): void {
    const reason = (e as { reason?: unknown }).reason;
    this.refusals.push({ at: Date.now(), agentId, code: (e as { code?: string }).code ?? 'error', ...(typeof reason === 'string' ? { reason } : {}) });
  }

  /**
   * Deploys an agent: the manifest must match the agent's measurement (`EINIT`).
   * @param module - wasm bytes
   * @param manifest - signed manifest
   * @param id - agent id (default: derived from the module hash and time)
   * @returns the hosted agent
   * @throws NodeError 409 `agent-exists`, 422 `init-failed`; EnclaveError for a manifest that does not fit
   */
  async deploy(module: Uint8Array, manifest: Uint8Array, id?: string): Promise<HostedAgent> {
    const agentId = id ?? `agent-${hex(hashModule(module)).slice(0, 8)}-${Date.now().toString(36)}`;
    if (this.agents.has(agentId) || this.registry.incoming.has(agentId)) throw new NodeError(409, 'agent-exists', `agent ${agentId} already runs here`);
    let ready: () => void = () => undefined;
    this.registry.incoming.set(agentId, new Promise((r) => { ready = r; }));
    try {
      const enclave = await this.launch(module, manifest);
      const runner = new HostedAgent(agentId, enclave, module, manifest, this);
      enclave.onOcall(ocallHandler(this, runner));
      const out = await enclave.deploy(agentId, this.placement()).catch(async (e: unknown) => {
        await enclave.terminate();
        throw new NodeError(422, codeOf(e), `the agent could not start: ${(e as Error).message}`);
      });
      if (out.kind !== 'idle' && out.kind !== 'done') {
        await enclave.terminate();
        throw new NodeError(422, 'init-failed', `init ended ${out.kind}`);
      }
      this.registry.keepModule(module);
      this.agents.set(agentId, runner);
      this.registry.gone.delete(agentId);
      await this.persist(runner);
      return runner;
    } finally {
      this.registry.incoming.delete(agentId);
      ready();
    }
  }

  /**
   * Seals an idle agent's state into the state directory (skipped while it is busy or moving).
   * @param runner - the agent
   * @returns whether it was written
   */
  persist(runner: HostedAgent): Promise<boolean> {
    return persistAgent(this, runner).catch(() => false);
  }

  /**
   * Persists an agent once it is idle (after an arrival: its records there are then its own, not the rounds').
   * @param runner - the agent
   */
  persistSoon(runner: HostedAgent): void {
    let tries = 0;
    const again = (): void => {
      void this.persist(runner).then((ok) => {
        if (!ok && tries++ < 200 && this.agents.get(runner.id) === runner && !this.closing) setTimeout(again, 25).unref();
      });
    };
    setTimeout(again, 0).unref();
  }

  /**
   * Launches an agent's enclave on this node's platform (every enclave of the node is launched here).
   * @param module - the agent's wasm bytes
   * @param manifest - its signed manifest
   * @param image - another image than this build's (a test's misbehaving host)
   * @returns the enclave
   */
  async launch(module: Uint8Array, manifest: Uint8Array, image?: Uint8Array): Promise<EnclaveAgent> {
    const e = await launchAgentEnclave(this.platform, module, manifest, this.hooks.tap, image);
    this.#enclaves.add(e);
    e.onTerminate(() => this.#enclaves.delete(e));
    return e;
  }

  /** Ends every enclave (on shutdown, after {@link EdgeNode.persistAll}). */
  async terminateAll(): Promise<void> {
    await Promise.all([...this.#enclaves].map((e) => e.terminate()));
  }

  /** Persists every idle agent (on shutdown). */
  async persistAll(): Promise<void> {
    await Promise.all([...this.agents.values()].map((r) => this.persist(r)));
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
    void r.enclave.terminate();
    this.agents.delete(id);
    removeAgent(this.options.stateDir, id);
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
    return moveOut(this, r, to, 'platform', options.stopAndCopy === true);
  }

  /** The agent asked to move (RunnerHost). */
  agentMigrates(runner: HostedAgent, destination: string): Promise<AgentMoveResult> {
    return moveForAgent(this, runner, destination);
  }

  /**
   * Receives one migration on a transfer connection.
   * @param raw - the transport of an upgraded connection
   */
  receive(raw: Transport): Promise<void> {
    return receiveMove(this, raw);
  }

  /** RunnerHost: keeps the result of a relayed call. */
  relayed(relayId: string, result: RequestResult): void {
    this.relays.put(relayId, result);
  }

  /**
   * Waits for the result of a call that arrived in flight.
   * @param relayId - the source's id for it
   * @param timeoutMs - how long to wait
   * @returns the result
   */
  relayResult(relayId: string, timeoutMs = 60_000): Promise<RequestResult> {
    return this.relays.take(relayId, timeoutMs);
  }

  /**
   * A summary of one agent.
   * @param r - the agent
   * @returns plain data
   */
  async describe(r: HostedAgent): Promise<Record<string, unknown>> {
    const st = r.migrating ? null : await r.enclave.status().catch(() => null);
    return {
      id: r.id, node: this.name, state: r.migrating ? 'migrating' : (st?.state ?? r.state), busy: r.busy, queued: r.queued,
      served: r.served, ...(st === null ? {} : { counter: st.counter, memoryBytes: st.memoryBytes }),
      ...(r.progress === null ? {} : { transfer: r.progress }),
      mrEnclave: hex(r.enclave.mrEnclave), moduleHash: hex(hashModule(r.module)), plain: r.plain,
    };
  }
}
