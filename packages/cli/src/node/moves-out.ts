/**
 * Outgoing moves: an agent sent to a peer (on the operator's request or its own), the source's decision
 * recorded before it is sent, and the agent forgotten here once the move committed (its id then answers with a
 * redirect to the peer).
 * @module
 */
import { agentSource, AgentStatus, sendAgent, TransferError, type AgentOutcome, type MigratingOutcome, type TransferReport } from '@edgedancer/migration';
import { removeAgent, saveCounters } from './agent-store.js';
import type { EdgeNode } from './edge-node.js';
import type { HostedAgent } from './hosted-agent.js';
import { NodeError } from './http-io.js';
import { relayKey } from './relays.js';
import { connectTransfer } from './transfer-connect.js';

/** A migration's result as the node reports it. */
export interface MigrationResult extends TransferReport {
  readonly from: string;
  readonly to: string;
  readonly initiator: 'agent' | 'platform';
  readonly at: number;
}

/** How a move the agent asked for ended: moved, or the outcome it continues from here. */
export type AgentMoveResult = { committed: true; location: string; relayId: string } | { committed: false; outcome: AgentOutcome };

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

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

/**
 * The agent asked to move: sends it (stop-and-copy, from its frozen state).
 * @param node - the node
 * @param runner - the agent
 * @param out - its `migrating` outcome
 * @returns committed with the new location, or the outcome it continues from here
 */
export async function moveForAgent(node: EdgeNode, runner: HostedAgent, out: MigratingOutcome): Promise<AgentMoveResult> {
  let aborted: AgentOutcome | null = null;
  try {
    const res = await moveOut(node, runner, out.destination, 'agent', out, true, (o) => { aborted = o; });
    return { committed: true, location: node.options.peers.get(res.to)!, relayId: relayKey(runner.id, res.counter) };
  } catch (e) {
    runner.log(`migration to ${out.destination} failed: ${(e as { code?: string }).code ?? (e as Error).message}`);
    if (aborted === null && runner.agent.state === 'migrating') aborted = runner.agent.stay(AgentStatus.FAILED);
    return { committed: false, outcome: aborted ?? { kind: 'idle' } };
  }
}

/**
 * Sends an agent to a peer.
 * @param node - the node
 * @param runner - the agent
 * @param to - the peer's name
 * @param initiator - who asked
 * @param frozen - the agent's own `migrating` outcome, or `null` for a move the operator asked for
 * @param stopAndCopy - no pre-copy rounds
 * @param onAbort - the outcome the agent continues from when the move is aborted
 * @returns the migration's measurements
 * @throws NodeError 404 `unknown-peer`; TransferError when the move failed (the agent continues here)
 */
export async function moveOut(node: EdgeNode, runner: HostedAgent, to: string, initiator: 'agent' | 'platform', frozen: MigratingOutcome | null, stopAndCopy: boolean, onAbort?: (o: AgentOutcome) => void): Promise<MigrationResult> {
  const url = node.options.peers.get(to);
  if (url === undefined) {
    if (frozen !== null) throw new TransferError('peer-refused', `unknown peer ${to}`, { reason: 'unknown-peer' });
    throw new NodeError(404, 'unknown-peer', `no peer named ${to}`);
  }
  const hooks = node.hooks;
  const { stateDir } = node.options;
  runner.migrating = true;
  let aborted: AgentOutcome | null = null;
  hooks.moveStarts?.(runner, frozen);
  try {
    const raw = await connectTransfer(url);
    const transport = hooks.sourceTransport?.(raw) ?? raw;
    const source = agentSource(runner.agent, {
      destination: to,
      ...(frozen === null ? {} : { frozen }),
      precopy: !stopAndCopy,
      stop: () => runner.freeze(),
      counters: node.counters,
      onAbort: (o) => { aborted = o; onAbort?.(o); },
    });
    const report = await sendAgent(transport, {
      agentId: runner.id,
      module: runner.module,
      meta: { manifest: hex(runner.manifest), from: node.name },
      endpoint: node.endpoint(runner.module, runner.manifest, runner.enclave),
      source,
      timeoutMs: node.options.timeoutMs ?? 10_000,
      onProgress: progressOf(runner),
      onDecision: async (d) => {
        if (d.outcome === 'commit') {
          // before the decision is recorded (the last step that may fail): no revival of this agent here
          node.counters.record(runner.id, d.settlement.counter);
          saveCounters(stateDir, node.counters);
          removeAgent(stateDir, runner.id);
        }
        node.outcomes.record(d);
        await hooks.afterDecision?.(d, transport);
      },
    });
    const result: MigrationResult = { ...report, from: node.name, to, initiator, at: Date.now() };
    node.migrations.push(result);
    node.registry.agents.delete(runner.id);
    node.registry.gone.set(runner.id, url);
    runner.enclave.destroy();
    removeAgent(stateDir, runner.id);
    saveCounters(stateDir, node.counters);
    runner.log(`moved to ${to} (${report.mode}, ${report.kind}, ${report.totalMs.toFixed(1)} ms, downtime ${report.downtimeMs.toFixed(1)} ms${report.settled ? '' : ', committed, awaiting settlement'})`);
    if (initiator === 'platform') runner.departed(url, relayKey(runner.id, report.counter));
    hooks.moved?.(runner, url, to);
    return result;
  } catch (e) {
    node.refuse(runner.id, e);
    if (initiator === 'platform') runner.thaw(aborted);
    throw e;
  } finally {
    runner.progress = null;
  }
}
