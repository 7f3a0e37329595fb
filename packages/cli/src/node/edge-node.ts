/**
 * An edge node: a platform identity and the agents it hosts in enclaves. This file holds the node's state and
 * its operations (deploy, stop, migrate, persist, describe); the work is done by the files named for it: the
 * registry of agents (`agent-registry.ts`), incoming and outgoing moves (`moves-in.ts`, `moves-out.ts`),
 * settlement (`settlement.ts`, `source-outcomes.ts`), relays (`relays.ts`) and persistence (`persistence.ts`).
 * The HTTP routes are in `node-http.ts`.
 * @module
 */
import { join } from 'node:path';
import { Platform, provisionPlatform, QuoteVerifier, VendorRoot, type QuotePolicy } from '@edgedancer/enclave-sim';
import {
  Agent, AgentStatus, hashModule, type AgentHost, type AttestationEndpoint, type MigratingOutcome, type MigrationCounters, type Transport,
} from '@edgedancer/migration';
import { agentEnclave, peerPolicy } from './agent-enclave-build.js';
import { AgentRegistry } from './agent-registry.js';
import { loadAgents, loadCounters, removeAgent } from './agent-store.js';
import { HostedAgent, type RequestResult, type RunnerHost } from './hosted-agent.js';
import { NodeError } from './http-io.js';
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

  private constructor(
    readonly options: EdgeNodeOptions,
    readonly platform: Platform,
    readonly vendor: VendorRoot,
    readonly verifier: QuoteVerifier,
    readonly counters: MigrationCounters,
  ) {
    this.hooks = options.hooks ?? {};
    this.outcomes = new SourceOutcomes(options.stateDir);
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
   * Deploys an agent: the manifest must match the agent's measurement (`EINIT`).
   * @param module - wasm bytes
   * @param manifest - signed manifest
   * @param id - agent id (default: derived from the module hash and time)
   * @returns the hosted agent
   * @throws NodeError 409 `agent-exists`; EnclaveError for a manifest that does not fit
   */
  deploy(module: Uint8Array, manifest: Uint8Array, id?: string): HostedAgent {
    const agentId = id ?? `agent-${hex(hashModule(module)).slice(0, 8)}-${Date.now().toString(36)}`;
    if (this.agents.has(agentId)) throw new NodeError(409, 'agent-exists', `agent ${agentId} already runs here`);
    const { enclave, runtime } = agentEnclave(this.platform, module, manifest);
    let runner: HostedAgent | undefined;
    const agent = Agent.load(module, this.agentHost(() => runner), { agentId });
    runner = new HostedAgent(agentId, agent, enclave, runtime, module, manifest, this);
    this.registry.keepModule(module);
    this.agents.set(agentId, runner);
    this.registry.gone.delete(agentId);
    const out = agent.start({ fuel: 100_000_000 });
    if (out.kind !== 'idle' && out.kind !== 'done') throw new NodeError(422, 'init-failed', `init ended ${out.kind}`);
    this.persist(runner);
    return runner;
  }

  /**
   * Seals an idle agent's state into the state directory (skipped while it is busy or moving).
   * @param runner - the agent
   * @returns whether it was written
   */
  persist(runner: HostedAgent): boolean {
    return persistAgent(this, runner);
  }

  /** Persists every idle agent (on shutdown). */
  persistAll(): void {
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
    return moveOut(this, r, to, 'platform', null, options.stopAndCopy === true);
  }

  /** The agent asked to move (RunnerHost). */
  agentMigrates(runner: HostedAgent, out: MigratingOutcome): Promise<AgentMoveResult> {
    return moveForAgent(this, runner, out);
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
  describe(r: HostedAgent): Record<string, unknown> {
    return {
      id: r.id, node: this.name, state: r.migrating ? 'migrating' : r.agent.state, busy: r.busy, queued: r.queued,
      served: r.served, counter: r.agent.migrationCounter.toString(), memoryBytes: r.agent.memory().byteLength,
      ...(r.progress === null ? {} : { transfer: r.progress }),
      mrEnclave: hex(r.enclave.identity.mrEnclave), moduleHash: hex(hashModule(r.module)),
    };
  }
}
