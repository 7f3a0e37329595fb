/**
 * The destination's side of settlement on a node: the question to the source asked until answered (the held
 * agent's enclave checks each answer), and, after a restart, an agent that was held in doubt held again in a
 * new enclave from its sealed rounds and settlement (refused when they are not the latest records of that copy)
 * and settled. (The source's side is `source-outcomes.ts`; the asking itself is `settle-in-doubt.ts`.)
 * @module
 */
import type { EdgeNode } from './edge-node.js';
import { ocallHandler } from './enclave-ocalls.js';
import { HostedAgent } from './hosted-agent.js';
import type { InDoubtRecord } from './in-doubt-store.js';
import { settleInDoubt } from './settle-in-doubt.js';

/**
 * After a restart: an agent that was held in doubt is held again (its rounds applied again, inside) and settled.
 * @param node - the node
 * @param r - its record
 * @throws the enclave's refusal (`rolled-back`, `bad-sealed-state`, `bad-mac`, …) or the launch's
 */
export async function reviveInDoubt(node: EdgeNode, r: InDoubtRecord): Promise<void> {
  const { id, module, manifest } = r;
  const enclave = await node.launch(module, manifest);
  const runner = new HostedAgent(id, enclave, module, manifest, node);
  enclave.onOcall(ocallHandler(node, runner));
  try {
    const s = await enclave.reviveHeld(
      id,
      r.rounds.map((x) => x.sealed),
      r.sealedSettlement,
      node.placement(),
    );
    node.registry.keepModule(module);
    let done: () => void = () => undefined;
    node.registry.incoming.set(
      id,
      new Promise((ok) => {
        done = ok;
      }),
    );
    node.relays.expect(s.relayId);
    settleLater(node, runner, { sessionId: s.sessionId, proof: s.settleProof }, s.from, done);
  } catch (e) {
    await enclave.terminate();
    throw e;
  }
}

/**
 * Asks the source for its decision until settled; requests to the agent wait meanwhile.
 * @param node - the node
 * @param runner - the held agent (not registered as running until its enclave reports it resumed)
 * @param session - the session and the proof that asks its source (derived inside the enclave)
 * @param from - the source node's name
 * @param done - called once settled (or the node stopped asking)
 */
export function settleLater(
  node: EdgeNode,
  runner: HostedAgent,
  session: { sessionId: string; proof: string },
  from: string,
  done: () => void,
): void {
  const id = runner.id;
  const { sessionId } = session;
  node.registry.inDoubt.set(id, sessionId);
  void settleInDoubt({ sessionId, agentId: id, proof: session.proof }, runner.enclave, {
    sourceUrl: () => node.peerUrls.get(from),
    active: () => !node.closing,
  })
    .then((how) => {
      if (how === 'abort') node.refusals.push({ at: Date.now(), agentId: id, code: 'settled-abort' });
      if (how === 'commit') runner.log(`settled with ${from}: committed (session ${sessionId})`);
    })
    // settleInDoubt asks until it is answered or the node closes; nothing of it may become an unhandled rejection
    .catch((e: unknown) => node.refuse(id, e))
    .finally(() => {
      node.registry.incoming.delete(id);
      done();
    });
}
