/**
 * Incoming moves: one migration received on a transfer connection, the arriving agent's enclave, each round
 * sealed as it is applied, the agent held (restored, not running) until the hand-over is decided, then resumed
 * here or settled later with its source.
 * @module
 */
import type { AgentEnclave } from '@edgedancer/enclave-sim';
import { Agent, receiveAgent, type HeldAgent, type Snapshot, type Transport } from '@edgedancer/migration';
import { agentEnclave, type RuntimeApi } from './agent-enclave-build.js';
import { saveCounters } from './agent-store.js';
import type { EdgeNode } from './edge-node.js';
import { HostedAgent } from './hosted-agent.js';
import { NodeError } from './http-io.js';
import { removeInDoubt, saveInDoubtRound } from './in-doubt-store.js';
import { relayKey } from './relays.js';
import { acknowledgeResumed } from './settle-in-doubt.js';
import { recordInDoubt, settleLater } from './settlement.js';

const utf8 = new TextEncoder();

/**
 * Receives one migration on a transfer connection (never throws: a failed transfer is recorded as a refusal).
 * @param node - the node
 * @param raw - the transport of an upgraded connection
 */
export async function receiveMove(node: EdgeNode, raw: Transport): Promise<void> {
  const hooks = node.hooks;
  const reg = node.registry;
  const { stateDir } = node.options;
  const transport = hooks.destinationTransport?.(raw) ?? raw;
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
      hasModule: (h) => reg.module(h) !== undefined,
      moduleFor: (h, sent) => {
        if (sent !== null) reg.keepModule(sent);
        return reg.module(h)!;
      },
      counters: node.counters,
      timeoutMs: node.options.timeoutMs ?? 10_000,
      accept: (offer, sent) => {
        agentId = offer.agentId;
        from = String(offer.meta.from ?? '');
        if (reg.agents.has(agentId)) throw new NodeError(409, 'agent-exists', 'the agent already runs here');
        if (reg.inDoubt.has(agentId)) throw new NodeError(409, 'agent-in-doubt', 'an earlier copy of the agent waits for settlement here');
        reg.incoming.set(agentId, new Promise((r) => { done = r; }));
        const module = sent ?? reg.module(offer.moduleHash);
        if (module === undefined) throw new NodeError(400, 'no-module', 'module missing');
        manifest = new Uint8Array(Buffer.from(String(offer.meta.manifest ?? ''), 'hex'));
        ({ enclave, runtime } = hooks.arrivalEnclave?.(module, manifest) ?? agentEnclave(node.platform, module, manifest));
        const attester = hooks.arrivalAttester?.(enclave!) ?? enclave!;
        return { endpoint: node.endpoint(module, manifest, attester) };
      },
      restore: (snapshot, module, offer) => {
        hooks.beforeRestore?.(offer.agentId);
        const agent = Agent.restore(snapshot, module, node.agentHost(() => reg.agents.get(offer.agentId)), { counters: node.counters });
        return holdAgent(node, offer.agentId, agent, snapshot, enclave!, runtime!, module, manifest!, from);
      },
      onRound: (round, bytes, baseDigest, offer) => {
        // each round sealed as it is applied: at the hold only the final round was written with the agent stopped
        recorded = true;
        const module = reg.module(offer.moduleHash)!;
        saveInDoubtRound(stateDir, { id: offer.agentId, module, manifest: manifest! }, round, { sealed: runtime!.seal(bytes, utf8.encode(offer.agentId)), baseDigest });
      },
      onHeld: async (settlement) => {
        recordInDoubt(node, settlement, runtime!, from);
        await hooks.afterHeld?.(transport);
      },
    });
    enclave = null;
    if (got.outcome === 'in-doubt') {
      settling = true;
      settleLater(node, agentId, got.settlement, got.held!, from, done);
    } else if (got.confirmed !== true) void acknowledgeResumed(node.options.peers.get(from), got.settlement);
  } catch (e) {
    node.refuse(agentId, e);
    (enclave as AgentEnclave | null)?.destroy();
    // the rounds of a transfer that failed before Ready (an agent held after Ready is settled, not removed)
    if (recorded && !reg.inDoubt.has(agentId)) removeInDoubt(stateDir, agentId);
  } finally {
    if (!settling) {
      if (agentId !== '') reg.incoming.delete(agentId);
      done();
    }
  }
}

/**
 * A restored agent held, not running, until its hand-over is decided.
 * @param node - the node
 * @param id - the agent
 * @param agent - its restored runtime agent
 * @param snapshot - the state it was restored from
 * @param enclave - its enclave
 * @param runtime - sealing inside the enclave
 * @param module - wasm bytes
 * @param manifest - signed manifest
 * @param from - the source node's name
 * @returns resume and discard
 */
export function holdAgent(node: EdgeNode, id: string, agent: Agent, snapshot: Snapshot, enclave: AgentEnclave, runtime: RuntimeApi, module: Uint8Array, manifest: Uint8Array, from: string): HeldAgent {
  const reg = node.registry;
  const runner = new HostedAgent(id, agent, enclave, runtime, module, manifest, node);
  const relayId = relayKey(id, snapshot.migrationCounter);
  return {
    resume: () => {
      reg.agents.set(id, runner);
      reg.gone.delete(id);
      reg.inDoubt.delete(id);
      runner.log(`arrived from ${from} (counter ${snapshot.migrationCounter})`);
      runner.arrived(relayId);
      removeInDoubt(node.options.stateDir, id);
      saveCounters(node.options.stateDir, node.counters);
    },
    discard: () => {
      reg.inDoubt.delete(id);
      removeInDoubt(node.options.stateDir, id);
      enclave.destroy();
    },
  };
}
