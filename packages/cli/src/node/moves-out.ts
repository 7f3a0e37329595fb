/**
 * Outgoing moves: the agent's enclave sends it to a peer (on the operator's request or its own) over a
 * connection this host opens and pipes; the source's decision is recorded before it is sent (by the
 * `decision` OCALL, see `enclave-ocalls.ts`), and the agent is forgotten here once the move committed (its id
 * then answers with a redirect to the peer). The enclave is told the platform the peer is pinned to.
 * @module
 */
import { TransferError, type TransferReport } from '@edgedancer/migration';
import type { StepResult } from '../enclave/boundary-types.js';
import { removeAgentLater } from './agent-store.js';
import type { EdgeNode } from './edge-node.js';
import type { HostedAgent } from './hosted-agent.js';
import { NodeError } from './http-io.js';
import { connectTransfer } from './transfer-connect.js';

/** A migration's result as the node reports it. */
export interface MigrationResult extends Omit<TransferReport, 'counter'> {
  readonly counter: string;
  readonly from: string;
  readonly to: string;
  readonly initiator: 'agent' | 'platform';
  readonly at: number;
}

/** How a move the agent asked for ended: moved, or the step it continues from here. */
export type AgentMoveResult =
  | { committed: true; location: string; relayId: string }
  | { committed: false; outcome: StepResult };

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/**
 * The agent asked to move: its enclave sends it (stop-and-copy, from its frozen state).
 * @param node - the node
 * @param runner - the agent
 * @param destination - the peer it named
 * @returns committed with the new location, or the step it continues from here
 */
export async function moveForAgent(node: EdgeNode, runner: HostedAgent, destination: string): Promise<AgentMoveResult> {
  try {
    const { result, relayId } = await moveOut(node, runner, destination, 'agent', true);
    return { committed: true, location: node.peerUrls.get(result.to)!, relayId };
  } catch (e) {
    runner.log(`migration to ${destination} failed: ${(e as { code?: string }).code ?? (e as Error).message}`);
    return { committed: false, outcome: (e as { step?: StepResult }).step ?? { kind: 'idle' } };
  }
}

/**
 * Sends an agent to a peer.
 * @param node - the node
 * @param runner - the agent
 * @param to - the peer's name
 * @param initiator - who asked
 * @param stopAndCopy - no pre-copy rounds
 * @returns the migration's measurements, and the secret id (derived inside the enclave from the session's
 *   settlement key) under which the destination keeps the result of the call that travelled with the agent
 *   (never shown to anyone: only this node fetches it)
 * @throws NodeError 404 `unknown-peer`; TransferError when the move failed (the agent continues here; the error's
 *   `step` is the step it continues from)
 */
export async function moveOut(
  node: EdgeNode,
  runner: HostedAgent,
  to: string,
  initiator: 'agent' | 'platform',
  stopAndCopy: boolean,
): Promise<{ result: MigrationResult; relayId: string }> {
  const url = node.peerUrls.get(to);
  if (url === undefined) {
    if (initiator === 'agent')
      throw Object.assign(new TransferError('peer-refused', `unknown peer ${to}`, { reason: 'unknown-peer' }), {
        step: await runner.enclave.stay(),
      });
    throw new NodeError(404, 'unknown-peer', `no peer named ${to}`);
  }
  const hooks = node.hooks;
  const { stateDir } = node.options;
  runner.migrating = true;
  let step: StepResult | null = null;
  try {
    let link;
    try {
      const raw = await connectTransfer(url);
      link = node.links.open(runner.enclave, hooks.sourceTransport?.(raw) ?? raw);
    } catch (e) {
      if (initiator === 'agent') step = await runner.enclave.stay().catch(() => null);
      throw e;
    }
    runner.transport = link.transport;
    let res;
    try {
      res = await runner.enclave.send({
        transfer: link.number,
        destination: to,
        pin: node.pins.pin(to),
        precopy: !stopAndCopy,
        timeoutMs: node.options.timeoutMs ?? 10_000,
        meta: { manifest: hex(runner.manifest), from: node.name, limits: runner.asked },
      });
    } finally {
      link.close();
      runner.transport = null;
    }
    if (!res.ok) {
      step = res.step ?? null;
      throw Object.assign(
        new TransferError(
          (res.code ?? 'protocol-violation') as never,
          `the move to ${to} failed: ${res.code}${res.reason === undefined ? '' : ` (${res.reason})`}`,
          res.reason === undefined ? {} : { reason: res.reason },
        ),
        { step },
      );
    }
    // the relay id is a secret of the session: kept out of the report operators see
    const { relayId: secretRelayId, ...report } = res.report as unknown as MigrationResult & { relayId?: unknown };
    const result: MigrationResult = { ...report, from: node.name, to, initiator, at: Date.now() };
    const relayId = String(secretRelayId ?? '');
    if (!/^[0-9a-f]{64}$/.test(relayId))
      throw new TransferError('protocol-violation', 'a move committed without a decision');
    // settled in-band (Resumed): the decision's record is no longer needed
    if (report.settled) node.outcomes.remove(report.sessionId);
    node.migrations.push(result);
    node.registry.agents.delete(runner.id);
    node.registry.gone.set(runner.id, url);
    node.ids.moved(runner.id, url);
    void runner.enclave.terminate();
    // it left before its first persist here: the rounds it arrived with are not its state any more
    node.dropHeldRounds(runner);
    runner.log(
      `moved to ${to} (${report.mode}, ${report.kind}, ${report.totalMs.toFixed(1)} ms, downtime ${report.downtimeMs.toFixed(1)} ms${report.settled ? '' : ', committed, awaiting settlement'})`,
    );
    if (initiator === 'platform') runner.departed(url, relayId);
    hooks.moved?.(runner, url, to);
    // after the held requests went on to the destination: unlinking the state must not hold them up
    await removeAgentLater(stateDir, runner.id);
    return { result, relayId };
  } catch (e) {
    node.refuse(runner.id, e);
    if (initiator === 'platform') runner.thaw(step);
    throw e;
  } finally {
    runner.progress = null;
  }
}
