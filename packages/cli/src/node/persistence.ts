/**
 * Persistence of a node's agents: an idle agent's state sealed by its enclave into the state directory (on
 * request and on shutdown), and brought back when the node starts again — refused when the sealed state belongs
 * to another agent or is older than the counter recorded for it.
 * @module
 */
import { Agent, decodeSnapshot, encodeSnapshot, hashModule } from '@edgedancer/migration';
import { agentEnclave } from './agent-enclave-build.js';
import { saveAgent, saveCounters, type StoredAgent } from './agent-store.js';
import type { EdgeNode } from './edge-node.js';
import { HostedAgent } from './hosted-agent.js';
import { NodeError } from './http-io.js';

const utf8 = new TextEncoder();

/**
 * Seals an idle agent's state into the state directory (skipped while it is busy or moving).
 * @param node - the node
 * @param runner - the agent
 * @returns whether it was written
 */
export function persistAgent(node: EdgeNode, runner: HostedAgent): boolean {
  const a = runner.agent;
  if (runner.busy || runner.migrating || a.state !== 'idle') return false;
  const snap = a.capture();
  const sealed = runner.runtime.seal(encodeSnapshot(snap), utf8.encode(runner.id));
  saveAgent(node.options.stateDir, { id: runner.id, module: runner.module, manifest: runner.manifest, sealed });
  node.counters.record(runner.id, snap.migrationCounter);
  saveCounters(node.options.stateDir, node.counters);
  return true;
}

/**
 * Brings a sealed agent back after a restart.
 * @param node - the node
 * @param s - what was stored
 * @throws NodeError `bad-sealed-state`, `rolled-back`; EnclaveError when the manifest does not fit
 */
export function reviveAgent(node: EdgeNode, s: StoredAgent): void {
  const { id, module, manifest, sealed } = s;
  const { enclave, runtime } = agentEnclave(node.platform, module, manifest);
  const { data, aad } = runtime.unseal(sealed);
  if (Buffer.from(aad).toString('utf8') !== id) throw new NodeError(500, 'bad-sealed-state', 'sealed state of another agent');
  const snap = decodeSnapshot(data, { moduleHashes: [hashModule(module)], agentId: id });
  const last = node.counters.last(id);
  if (last !== undefined && snap.migrationCounter < last) throw new NodeError(500, 'rolled-back', 'sealed state older than the recorded counter');
  let runner: HostedAgent | undefined;
  const agent = Agent.restore(snap, module, node.agentHost(() => runner));
  runner = new HostedAgent(id, agent, enclave, runtime, module, manifest, node);
  node.registry.keepModule(module);
  node.registry.agents.set(id, runner);
  runner.log(`restored from sealed state (counter ${snap.migrationCounter})`);
  runner.arrived(null);
}
