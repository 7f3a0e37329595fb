/**
 * An edge node: a platform identity, agents in enclaves, migrations out (`sendAgent`) and in (`receiveAgent`),
 * relays of calls that completed elsewhere, and persistence of sealed agents. The HTTP routes are in
 * `node-http.ts`; this file holds the behaviour.
 * @module
 */
import { join } from 'node:path';
import {
  EnclaveSigner, measureAgent, parseManifest, Platform, provisionPlatform, QuoteVerifier, VendorRoot, type AgentEnclave, type QuotePolicy,
} from '@edgedancer/enclave-sim';
import {
  Agent, AgentStatus, agentSource, applyDelta, decodeSnapshot, encodeSnapshot, hashModule, receiveAgent, sendAgent,
  TransferError, type AgentHost, type AgentOutcome, type AttestationEndpoint, type HeldAgent, type MigrationCounters,
  type MigratingOutcome, type Settlement, type Snapshot, type TransferReport, type Transport,
} from '@edgedancer/migration';
import { agentBuild, agentEnclave, peerPolicy, signAgentManifest, type RuntimeApi } from './agent-enclave-build.js';
import { loadAgents, loadCounters, removeAgent, saveAgent, saveCounters } from './agent-store.js';
import { faultPause, faultsFromEnv, type Fault } from './faults.js';
import { HostedAgent, type RequestResult, type RunnerHost } from './hosted-agent.js';
import { NodeError } from './http-io.js';
import { connectTransfer } from './transfer-connect.js';
import { loadInDoubt, removeInDoubt, saveInDoubtRound, saveInDoubtSettlement, type InDoubtRecord } from './in-doubt-store.js';
import { SourceOutcomes } from './source-outcomes.js';
import { acknowledgeResumed, settleInDoubt } from './settle-in-doubt.js';

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
}

/** `sendAgent`'s progress callback kept on the runner: per round, and all rounds' bytes so far. */
function progressOf(runner: HostedAgent): (round: number, sent: number, total: number) => void {
  let before = 0;
  let current = -1;
  let currentTotal = 0;
  return (round, sent, total) => {
    if (round !== current) {
      if (current >= 0) before += currentTotal;
      current = round;
    }
    currentTotal = total;
    runner.progress = { round, sent, total, bytes: before + sent };
  };
}

/** A transport with a fault switch (`cut-after-commit`, `lose-ready`). */
interface FaultyTransport extends Transport {
  cutNext?(): void;
}

/** `t` with a switch: after `cutNext()`, the next frame sent is lost and the connection closed. */
function cuttable(t: Transport): FaultyTransport {
  let cut = false;
  return {
    send: (x) => { if (!cut) return t.send(x); t.close(); return Promise.resolve(); },
    receive: (ms) => t.receive(ms),
    close: () => t.close(),
    cutNext: () => { cut = true; },
  };
}

/** A migration's result as the node reports it. */
export interface MigrationResult extends TransferReport {
  readonly from: string;
  readonly to: string;
  readonly initiator: 'agent' | 'platform';
  readonly at: number;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
/** The key under which a call that travelled in flight is relayed: both sides know the final counter. */
const relayKey = (agentId: string, counter: bigint): string => `${encodeURIComponent(agentId)}@${counter}`;
const utf8 = new TextEncoder();

/** A running node. */
export class EdgeNode implements RunnerHost {
  readonly agents = new Map<string, HostedAgent>();
  /** Agents that left: id → the node URL they went to. */
  readonly gone = new Map<string, string>();
  /** Agents being received: id → resolves when they arrived or the transfer failed. */
  readonly incoming = new Map<string, Promise<void>>();
  readonly migrations: MigrationResult[] = [];
  readonly refusals: { at: number; agentId: string; code: string; reason?: string }[] = [];
  /** Agents held here in doubt (restored, not running, waiting for their source's decision): id → session id. */
  readonly inDoubt = new Map<string, string>();
  /** This node's hand-over decisions as a source (`/v1/settle` answers from them). */
  readonly outcomes: SourceOutcomes;
  /** Set when the node shuts down: settlements stop asking. */
  closing = false;
  readonly #modules = new Map<string, Uint8Array>();
  readonly #relays = new Map<string, { result: RequestResult | null; waiters: ((r: RequestResult) => void)[] }>();
  readonly faults: ReadonlySet<Fault>;

  private constructor(
    readonly options: EdgeNodeOptions,
    readonly platform: Platform,
    readonly vendor: VendorRoot,
    readonly verifier: QuoteVerifier,
    readonly counters: MigrationCounters,
  ) {
    this.faults = faultsFromEnv();
    this.outcomes = new SourceOutcomes(options.stateDir);
  }

  /** This node's name. */
  get name(): string {
    return this.options.name;
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
        node.#revive(s.id, s.module, s.manifest, s.sealed);
      } catch (e) {
        node.refusals.push({ at: Date.now(), agentId: s.id, code: (e as { code?: string }).code ?? 'revive-failed' });
      }
    }
    for (const r of loadInDoubt(options.stateDir)) {
      try {
        node.#reviveInDoubt(r);
      } catch (e) {
        node.refusals.push({ at: Date.now(), agentId: r.id, code: (e as { code?: string }).code ?? 'revive-failed' });
        removeInDoubt(options.stateDir, r.id);
      }
    }
    return node;
  }

  /** The AgentHost an agent sees here. */
  #agentHost(runner: () => HostedAgent | undefined): AgentHost {
    return {
      nodeName: this.name,
      log: (line) => runner()?.log(line),
      authorizeMigration: (req) => (this.options.peers.has(req.destination) ? AgentStatus.OK : AgentStatus.REFUSED),
    };
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
    const agent = Agent.load(module, this.#agentHost(() => runner), { agentId });
    runner = new HostedAgent(agentId, agent, enclave, runtime, module, manifest, this);
    this.#modules.set(hex(hashModule(module)), module);
    this.agents.set(agentId, runner);
    this.gone.delete(agentId);
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
    const a = runner.agent;
    if (runner.busy || runner.migrating || a.state !== 'idle') return false;
    const snap = a.capture();
    const sealed = runner.runtime.seal(encodeSnapshot(snap), utf8.encode(runner.id));
    saveAgent(this.options.stateDir, { id: runner.id, module: runner.module, manifest: runner.manifest, sealed });
    this.counters.record(runner.id, snap.migrationCounter);
    saveCounters(this.options.stateDir, this.counters);
    return true;
  }

  /** Persists every idle agent (on shutdown). */
  persistAll(): void {
    for (const r of this.agents.values()) this.persist(r);
  }

  #revive(id: string, module: Uint8Array, manifest: Uint8Array, sealed: Uint8Array): void {
    const { enclave, runtime } = agentEnclave(this.platform, module, manifest);
    const { data, aad } = runtime.unseal(sealed);
    if (Buffer.from(aad).toString('utf8') !== id) throw new NodeError(500, 'bad-sealed-state', 'sealed state of another agent');
    const snap = decodeSnapshot(data, { moduleHashes: [hashModule(module)], agentId: id });
    const last = this.counters.last(id);
    if (last !== undefined && snap.migrationCounter < last) throw new NodeError(500, 'rolled-back', 'sealed state older than the recorded counter');
    let runner: HostedAgent | undefined;
    const agent = Agent.restore(snap, module, this.#agentHost(() => runner));
    runner = new HostedAgent(id, agent, enclave, runtime, module, manifest, this);
    this.#modules.set(hex(hashModule(module)), module);
    this.agents.set(id, runner);
    runner.log(`restored from sealed state (counter ${snap.migrationCounter})`);
    runner.arrived(null);
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
    return this.#migrateOut(r, to, 'platform', null, options.stopAndCopy === true);
  }

  /** The agent asked to move (RunnerHost). */
  async agentMigrates(runner: HostedAgent, out: MigratingOutcome): Promise<{ committed: true; location: string; relayId: string } | { committed: false; outcome: AgentOutcome }> {
    let aborted: AgentOutcome | null = null;
    try {
      const res = await this.#migrateOut(runner, out.destination, 'agent', out, true, (o) => { aborted = o; });
      return { committed: true, location: this.options.peers.get(res.to)!, relayId: relayKey(runner.id, res.counter) };
    } catch (e) {
      runner.log(`migration to ${out.destination} failed: ${(e as { code?: string }).code ?? (e as Error).message}`);
      if (aborted === null && runner.agent.state === 'migrating') aborted = runner.agent.stay(AgentStatus.FAILED);
      return { committed: false, outcome: aborted ?? { kind: 'idle' } };
    }
  }

  async #migrateOut(runner: HostedAgent, to: string, initiator: 'agent' | 'platform', frozen: MigratingOutcome | null, stopAndCopy: boolean, onAbort?: (o: AgentOutcome) => void): Promise<MigrationResult> {
    const url = this.options.peers.get(to);
    if (url === undefined) {
      if (frozen !== null) throw new TransferError('peer-refused', `unknown peer ${to}`, { reason: 'unknown-peer' });
      throw new NodeError(404, 'unknown-peer', `no peer named ${to}`);
    }
    runner.migrating = true;
    let aborted: AgentOutcome | null = null;
    const replayCopy = this.faults.has('replay-snapshot') ? encodeSnapshot(runner.agent.state === 'idle' ? runner.agent.capture({ copyMemory: true }) : frozen!.snapshot) : null;
    try {
      const transport = this.#sourceFaults(await connectTransfer(url));
      const source = agentSource(runner.agent, {
        destination: to,
        ...(frozen === null ? {} : { frozen }),
        precopy: !stopAndCopy,
        stop: () => runner.freeze(),
        counters: this.counters,
        onAbort: (o) => { aborted = o; onAbort?.(o); },
      });
      const report = await sendAgent(transport, {
        agentId: runner.id,
        module: runner.module,
        meta: { manifest: hex(runner.manifest), from: this.name },
        endpoint: this.#endpoint(runner.module, runner.manifest, runner.enclave),
        source,
        timeoutMs: this.options.timeoutMs ?? 10_000,
        onProgress: progressOf(runner),
        onDecision: async (d) => {
          if (d.outcome === 'commit') {
            // before the decision is recorded (the last step that may fail): no revival of this agent here
            this.counters.record(runner.id, d.settlement.counter);
            saveCounters(this.options.stateDir, this.counters);
            removeAgent(this.options.stateDir, runner.id);
          }
          this.outcomes.record(d);
          if (d.outcome === 'commit' && this.faults.has('cut-after-commit')) (transport as FaultyTransport).cutNext?.();
          if (d.outcome === 'commit' && this.faults.has('pause-before-commit')) await faultPause('before-commit');
        },
      });
      const result: MigrationResult = { ...report, from: this.name, to, initiator, at: Date.now() };
      this.migrations.push(result);
      this.agents.delete(runner.id);
      this.gone.set(runner.id, url);
      runner.enclave.destroy();
      removeAgent(this.options.stateDir, runner.id);
      saveCounters(this.options.stateDir, this.counters);
      runner.log(`moved to ${to} (${report.mode}, ${report.kind}, ${report.totalMs.toFixed(1)} ms, downtime ${report.downtimeMs.toFixed(1)} ms${report.settled ? '' : ', committed, awaiting settlement'})`);
      if (initiator === 'platform') runner.departed(url, relayKey(runner.id, report.counter));
      if (replayCopy !== null) setTimeout(() => void this.#replay(runner, replayCopy, url, to), 1500);
      return result;
    } catch (e) {
      this.refusals.push({ at: Date.now(), agentId: runner.id, code: (e as { code?: string }).code ?? 'error', ...((e as { reason?: string }).reason === undefined ? {} : { reason: (e as { reason: string }).reason }) });
      if (initiator === 'platform') runner.thaw(aborted);
      throw e;
    } finally {
      runner.progress = null;
    }
  }

  /** Fault `replay-snapshot`: sends an old copy of the agent to the same peer again. */
  async #replay(runner: HostedAgent, bytes: Uint8Array, url: string, to: string): Promise<void> {
    const old = Agent.restore(bytes, runner.module, { nodeName: this.name });
    old.arrive();
    try {
      await sendAgent(await connectTransfer(url), {
        agentId: runner.id, module: runner.module, meta: { manifest: hex(runner.manifest), from: this.name },
        endpoint: this.#endpoint(runner.module, runner.manifest, agentEnclave(this.platform, runner.module, runner.manifest).enclave),
        source: agentSource(old, { destination: to, precopy: false }),
        timeoutMs: this.options.timeoutMs ?? 10_000,
      });
      this.refusals.push({ at: Date.now(), agentId: runner.id, code: 'replay-accepted' });
    } catch (e) {
      this.refusals.push({ at: Date.now(), agentId: runner.id, code: (e as { code?: string }).code ?? 'error', reason: (e as { reason?: string }).reason ?? (e as Error).message });
    }
  }

  #endpoint(module: Uint8Array, manifest: Uint8Array, attester: { quote(rd: Uint8Array): Uint8Array }): AttestationEndpoint<QuotePolicy> {
    return { attester, verifier: this.verifier, policy: peerPolicy(module, manifest) };
  }

  /** Source-side faults on a transport. */
  #sourceFaults(t: Transport): Transport {
    // the frame after the commit decision (Commit itself) is lost and the connection cut
    if (this.faults.has('cut-after-commit')) return cuttable(t);
    if (!this.faults.has('tamper-ciphertext')) return t;
    let n = 0;
    return { send: (f) => { if (n++ === 6) { f = f.slice(); f[f.length - 1]! ^= 1; } return t.send(f); }, receive: (ms) => t.receive(ms), close: () => t.close() };
  }

  /** Destination-side faults on a transport. */
  #destinationFaults(t: Transport): Transport {
    // switched on once the held agent is recorded: the next frame (Ready) is lost and the connection cut
    if (this.faults.has('lose-ready')) return cuttable(t);
    const mid = ['die-mid-transfer', 'drop-mid-transfer', 'stall', 'pause-mid-transfer'].find((f) => this.faults.has(f as Fault));
    if (mid === undefined) return t;
    let n = 0;
    return {
      send: (f) => t.send(f),
      receive: async (ms) => {
        const f = await t.receive(ms);
        if (++n === 6) {
          if (mid === 'die-mid-transfer') process.exit(70);
          if (mid === 'drop-mid-transfer') t.close();
          if (mid === 'stall') await new Promise(() => undefined);
          if (mid === 'pause-mid-transfer') await faultPause('mid-transfer');
        }
        return f;
      },
      close: () => t.close(),
    };
  }

  /**
   * Receives one migration on a transfer connection.
   * @param raw - the transport of an upgraded connection
   */
  async receive(raw: Transport): Promise<void> {
    const transport = this.#destinationFaults(raw);
    let agentId = '';
    let done: () => void = () => undefined;
    let enclave: AgentEnclave | null = null;
    let runtime: RuntimeApi | null = null;
    let manifest: Uint8Array | null = null;
    let from = '';
    let settling = false;
    let recorded = false;
    try {
      const got = await receiveAgent(transport, {
        hasModule: (h) => this.#modules.has(hex(h)),
        moduleFor: (h, sent) => {
          if (sent !== null) this.#modules.set(hex(h), sent);
          return this.#modules.get(hex(h))!;
        },
        counters: this.counters,
        timeoutMs: this.options.timeoutMs ?? 10_000,
        accept: (offer, sent) => {
          agentId = offer.agentId;
          from = String(offer.meta.from ?? '');
          if (this.agents.has(agentId)) throw new NodeError(409, 'agent-exists', 'the agent already runs here');
          if (this.inDoubt.has(agentId)) throw new NodeError(409, 'agent-in-doubt', 'an earlier copy of the agent waits for settlement here');
          this.incoming.set(agentId, new Promise((r) => { done = r; }));
          const module = sent ?? this.#modules.get(hex(offer.moduleHash));
          if (module === undefined) throw new NodeError(400, 'no-module', 'module missing');
          manifest = new Uint8Array(Buffer.from(String(offer.meta.manifest ?? ''), 'hex'));
          ({ enclave, runtime } = this.#faultyEnclave(module, manifest));
          const attester = this.faults.has('quote-unbound-key') ? { quote: (rd: Uint8Array) => { const x = rd.slice(); x[0]! ^= 1; return enclave!.quote(x); } } : enclave;
          return { endpoint: this.#endpoint(module, manifest, attester) };
        },
        restore: (snapshot, module, offer) => {
          if (this.faults.has('fail-restore')) throw new NodeError(500, 'restore-refused', 'fault: fail-restore');
          const agent = Agent.restore(snapshot, module, this.#agentHost(() => this.agents.get(offer.agentId)), { counters: this.counters });
          return this.#hold(offer.agentId, agent, snapshot, enclave!, runtime!, module, manifest!, from);
        },
        onRound: (round, bytes, baseDigest, offer) => {
          // each round sealed as it is applied: at the hold only the final round was written with the agent stopped
          recorded = true;
          const module = this.#modules.get(hex(offer.moduleHash))!;
          saveInDoubtRound(this.options.stateDir, { id: offer.agentId, module, manifest: manifest! }, round, { sealed: runtime!.seal(bytes, utf8.encode(offer.agentId)), baseDigest });
        },
        onHeld: async (settlement) => {
          this.#recordInDoubt(settlement, runtime!, from);
          if (this.faults.has('pause-before-ready')) await faultPause('before-ready');
          if (this.faults.has('lose-ready')) (transport as FaultyTransport).cutNext?.();
        },
      });
      enclave = null;
      if (got.outcome === 'in-doubt') {
        settling = true;
        this.#settleLater(agentId, got.settlement, got.held!, from, done);
      } else if (got.confirmed !== true) void acknowledgeResumed(this.options.peers.get(from), got.settlement);
    } catch (e) {
      this.refusals.push({ at: Date.now(), agentId, code: (e as { code?: string }).code ?? 'error', ...((e as { reason?: string }).reason === undefined ? {} : { reason: (e as { reason: string }).reason }) });
      (enclave as AgentEnclave | null)?.destroy();
      // the rounds of a transfer that failed before Ready (an agent held after Ready is settled, not removed)
      if (recorded && !this.inDoubt.has(agentId)) removeInDoubt(this.options.stateDir, agentId);
    } finally {
      if (!settling) {
        if (agentId !== '') this.incoming.delete(agentId);
        done();
      }
    }
  }

  /** A restored agent held, not running, until its hand-over is decided. */
  #hold(id: string, agent: Agent, snapshot: Snapshot, enclave: AgentEnclave, runtime: RuntimeApi, module: Uint8Array, manifest: Uint8Array, from: string): HeldAgent {
    const runner = new HostedAgent(id, agent, enclave, runtime, module, manifest, this);
    const relayId = relayKey(id, snapshot.migrationCounter);
    return {
      resume: () => {
        this.agents.set(id, runner);
        this.gone.delete(id);
        this.inDoubt.delete(id);
        runner.log(`arrived from ${from} (counter ${snapshot.migrationCounter})`);
        runner.arrived(relayId);
        removeInDoubt(this.options.stateDir, id);
        saveCounters(this.options.stateDir, this.counters);
      },
      discard: () => {
        this.inDoubt.delete(id);
        removeInDoubt(this.options.stateDir, id);
        enclave.destroy();
      },
    };
  }

  /** Completes the held agent's record in `indoubt/` (its rounds are there) with the sealed settlement, before `Ready`. */
  #recordInDoubt(s: Settlement, runtime: RuntimeApi, from: string): void {
    const settlement = JSON.stringify({ sessionId: s.sessionId, counter: s.counter.toString(), key: hex(s.key), from });
    saveInDoubtSettlement(this.options.stateDir, s.agentId, runtime.seal(utf8.encode(settlement), utf8.encode(s.agentId)));
  }

  /** After a restart: an agent that was held in doubt is held again (its rounds applied again) and settled. */
  #reviveInDoubt(r: InDoubtRecord): void {
    const { id, module, manifest } = r;
    const { enclave, runtime } = agentEnclave(this.platform, module, manifest);
    const open = (sealed: Uint8Array): Uint8Array => {
      const u = runtime.unseal(sealed);
      if (Buffer.from(u.aad).toString('utf8') !== id) throw new NodeError(500, 'bad-sealed-state', 'sealed state of another agent');
      return u.data;
    };
    const j = JSON.parse(Buffer.from(open(r.sealedSettlement)).toString('utf8')) as { sessionId: string; counter: string; key: string; from: string };
    if (r.rounds.length === 0) throw new NodeError(500, 'bad-sealed-state', 'no rounds recorded');
    const expect = { moduleHashes: [hashModule(module)], agentId: id };
    let snap = decodeSnapshot(open(r.rounds[0]!.sealed), expect);
    for (const round of r.rounds.slice(1)) snap = applyDelta(snap, open(round.sealed), { ...expect, baseDigest: round.baseDigest!, consumeBase: true });
    const last = this.counters.last(id);
    if (snap.migrationCounter.toString() !== j.counter || (last !== undefined && snap.migrationCounter <= last)) throw new NodeError(500, 'rolled-back', 'a held state at or below the recorded counter');
    this.#modules.set(hex(hashModule(module)), module);
    const agent = Agent.restore(snap, module, this.#agentHost(() => this.agents.get(id)), { counters: this.counters });
    const held = this.#hold(id, agent, snap, enclave, runtime, module, manifest, j.from);
    let done: () => void = () => undefined;
    this.incoming.set(id, new Promise((r) => { done = r; }));
    this.#settleLater(id, { sessionId: j.sessionId, agentId: id, counter: snap.migrationCounter, key: new Uint8Array(Buffer.from(j.key, 'hex')) }, held, j.from, done);
  }

  /** Asks the source for its decision until settled; requests to the agent wait meanwhile. */
  #settleLater(id: string, s: Settlement, held: HeldAgent, from: string, done: () => void): void {
    this.inDoubt.set(id, s.sessionId);
    const runner = (): HostedAgent | undefined => this.agents.get(id);
    void settleInDoubt(s, held, { sourceUrl: this.options.peers.get(from), active: () => !this.closing }).then((how) => {
      if (how === 'abort') this.refusals.push({ at: Date.now(), agentId: id, code: 'settled-abort' });
      if (how === 'commit') runner()?.log(`settled with ${from}: committed (session ${s.sessionId})`);
    }).finally(() => {
      this.incoming.delete(id);
      done();
    });
  }

  /** The enclave for an arriving agent, or a misbehaving one under a quote fault. */
  #faultyEnclave(module: Uint8Array, manifest: Uint8Array): { enclave: AgentEnclave; runtime: RuntimeApi } {
    if (this.faults.has('quote-other-measurement')) {
      const own = EnclaveSigner.generate();
      const m = parseManifest(manifest);
      // another runtime version: another measurement, signed by a key of this node's own
      const other = own.sign({ mrEnclave: measureAgent(agentBuild(module, '1-evil')).mrEnclave, isvProdId: m.isvProdId, isvSvn: m.isvSvn });
      return agentEnclave(this.platform, module, other, '1-evil');
    }
    if (this.faults.has('quote-debug') || this.faults.has('quote-lower-svn')) {
      const own = EnclaveSigner.generate();
      const m = parseManifest(manifest);
      const debug = this.faults.has('quote-debug');
      const svn = debug ? m.isvSvn : Math.max(0, m.isvSvn - 1);
      return agentEnclave(this.platform, module, signAgentManifest(module, own, { isvProdId: m.isvProdId, isvSvn: svn, debug }));
    }
    return agentEnclave(this.platform, module, manifest);
  }

  /** RunnerHost: keeps the result of a relayed call. */
  relayed(relayId: string, result: RequestResult): void {
    const r = this.#relays.get(relayId) ?? { result: null, waiters: [] };
    r.result = result;
    this.#relays.set(relayId, r);
    for (const w of r.waiters.splice(0)) w(result);
    setTimeout(() => this.#relays.delete(relayId), 120_000).unref();
  }

  /**
   * Waits for the result of a call that arrived in flight.
   * @param relayId - the source's id for it
   * @param timeoutMs - how long to wait
   * @returns the result
   */
  relayResult(relayId: string, timeoutMs = 60_000): Promise<RequestResult> {
    const r = this.#relays.get(relayId) ?? { result: null, waiters: [] };
    this.#relays.set(relayId, r);
    if (r.result !== null) return Promise.resolve(r.result);
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve({ kind: 'error', code: 'relay-timeout', message: 'no result in time' }), timeoutMs);
      r.waiters.push((x) => { clearTimeout(t); resolve(x); });
    });
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

