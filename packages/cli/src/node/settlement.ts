/**
 * The destination's side of settlement on a node: the held agent's record completed with its sealed
 * settlement before `Ready`, the question to the source asked until answered, and, after a restart, an agent
 * that was held in doubt held again from its sealed rounds and settled. (The source's side is
 * `source-outcomes.ts`; the asking itself is `settle-in-doubt.ts`.)
 * @module
 */
import { Agent, applyDelta, decodeSnapshot, hashModule, type HeldAgent, type Settlement } from '@edgedancer/migration';
import { agentEnclave, type RuntimeApi } from './agent-enclave-build.js';
import type { EdgeNode } from './edge-node.js';
import type { HostedAgent } from './hosted-agent.js';
import { NodeError } from './http-io.js';
import { saveInDoubtSettlement, type InDoubtRecord } from './in-doubt-store.js';
import { holdAgent } from './moves-in.js';
import { settleInDoubt } from './settle-in-doubt.js';

const utf8 = new TextEncoder();
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/**
 * Completes the held agent's record in `indoubt/` (its rounds are there) with the sealed settlement, before `Ready`.
 * @param node - the node
 * @param s - the session's settlement facts and key
 * @param runtime - sealing inside the agent's enclave
 * @param from - the source node's name
 */
export function recordInDoubt(node: EdgeNode, s: Settlement, runtime: RuntimeApi, from: string): void {
  const settlement = JSON.stringify({ sessionId: s.sessionId, counter: s.counter.toString(), key: hex(s.key), from });
  saveInDoubtSettlement(node.options.stateDir, s.agentId, runtime.seal(utf8.encode(settlement), utf8.encode(s.agentId)));
}

/**
 * After a restart: an agent that was held in doubt is held again (its rounds applied again) and settled.
 * @param node - the node
 * @param r - its record
 * @throws NodeError `bad-sealed-state`, `rolled-back`
 */
export function reviveInDoubt(node: EdgeNode, r: InDoubtRecord): void {
  const { id, module, manifest } = r;
  const { enclave, runtime } = agentEnclave(node.platform, module, manifest);
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
  const last = node.counters.last(id);
  if (snap.migrationCounter.toString() !== j.counter || (last !== undefined && snap.migrationCounter <= last)) throw new NodeError(500, 'rolled-back', 'a held state at or below the recorded counter');
  node.registry.keepModule(module);
  const agent = Agent.restore(snap, module, node.agentHost(() => node.registry.agents.get(id)), { counters: node.counters });
  const held = holdAgent(node, id, agent, snap, enclave, runtime, module, manifest, j.from);
  let done: () => void = () => undefined;
  node.registry.incoming.set(id, new Promise((ok) => { done = ok; }));
  settleLater(node, id, { sessionId: j.sessionId, agentId: id, counter: snap.migrationCounter, key: new Uint8Array(Buffer.from(j.key, 'hex')) }, held, j.from, done);
}

/**
 * Asks the source for its decision until settled; requests to the agent wait meanwhile.
 * @param node - the node
 * @param id - the agent
 * @param s - the session's settlement facts and key
 * @param held - the held agent
 * @param from - the source node's name
 * @param done - called once settled (or the node stopped asking)
 */
export function settleLater(node: EdgeNode, id: string, s: Settlement, held: HeldAgent, from: string, done: () => void): void {
  node.registry.inDoubt.set(id, s.sessionId);
  const runner = (): HostedAgent | undefined => node.registry.agents.get(id);
  void settleInDoubt(s, held, { sourceUrl: node.options.peers.get(from), active: () => !node.closing }).then((how) => {
    if (how === 'abort') node.refusals.push({ at: Date.now(), agentId: id, code: 'settled-abort' });
    if (how === 'commit') runner()?.log(`settled with ${from}: committed (session ${s.sessionId})`);
  }).finally(() => {
    node.registry.incoming.delete(id);
    done();
  });
}
