/**
 * Incoming moves: the host reads the offer (clear) of a transfer connection, fetches the module if it lacks it
 * (`NeedModule`), launches the arriving agent's enclave from this node's image, the module and the offered
 * manifest, and pipes the connection into it. The enclave runs the destination's side of the protocol: it
 * attests, decrypts, applies and seals each round (the host keeps the sealed rounds), holds the agent until
 * the hand-over is decided, then resumes it here (the `resumed` OCALL registers it) or leaves it in doubt to
 * be settled with its source.
 * @module
 */
import { parseManifest } from '@edgedancer/enclave-sim';
import { abortFrame, moduleOfFrame, needModuleFrame, peekOffer, type Transport } from '@edgedancer/migration';
import { admit } from './agent-admission.js';
import { checkAgentImports } from './agent-imports.js';
import type { EdgeNode } from './edge-node.js';
import { ocallHandler } from './enclave-ocalls.js';
import { HostedAgent } from './hosted-agent.js';
import { removeInDoubt } from './in-doubt-store.js';
import { agentLimits, parseAskedLimits } from './limits.js';
import { checkModuleLimits } from './module-limits.js';
import { acknowledgeResumed } from './settle-in-doubt.js';
import { settleLater } from './settlement.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/**
 * Receives one migration on a transfer connection (never throws: a failed transfer is recorded as a refusal).
 * @param node - the node
 * @param raw - the transport of an upgraded connection
 * @param attested - called once the handshake verified the peer's quote
 */
export async function receiveMove(node: EdgeNode, raw: Transport, attested?: () => void): Promise<void> {
  const hooks = node.hooks;
  const reg = node.registry;
  const { stateDir } = node.options;
  const transport = hooks.destinationTransport?.(raw) ?? raw;
  const timeoutMs = node.options.timeoutMs ?? 10_000;
  let agentId = '';
  let done: () => void = () => undefined;
  let runner: HostedAgent | null = null;
  let settling = false;
  const refuse = async (code: string): Promise<never> => {
    await transport.send(abortFrame(code)).catch(() => undefined);
    throw Object.assign(new Error(`refused: ${code}`), { code });
  };
  try {
    const first = await transport.receive(timeoutMs);
    const offer = peekOffer(first);
    const from = String(offer.meta.from ?? '');
    // every check an unauthenticated offer can fail runs before an enclave is launched for it (the connection's
    // pre-attestation budget of bytes and time, and the caps on such connections, bound the rest)
    if (!node.peers.has(from)) await refuse('unknown-peer');
    if (reg.agents.has(offer.agentId)) await refuse('agent-exists');
    if (reg.inDoubt.has(offer.agentId)) await refuse('agent-in-doubt');
    if (reg.incoming.has(offer.agentId)) await refuse('agent-arriving');
    await guard(refuse, () => node.checkCapacity());
    const offered = new Uint8Array(Buffer.from(String(offer.meta.manifest ?? ''), 'hex'));
    const m = await guard(refuse, () => parseManifest(offered));
    await guard(refuse, () => admit(node.admission, { mrSigner: m.mrSigner, debug: m.debug }));
    await guard(refuse, () => node.ids.check(offer.agentId, hex(m.mrSigner), hex(offer.moduleHash), true));
    const asked = await guard(refuse, () => parseAskedLimits(offer.meta.limits, node.limits, false));
    agentId = offer.agentId;
    reg.incoming.set(
      agentId,
      new Promise((r) => {
        done = r;
      }),
    );
    let module = reg.module(offer.moduleHash);
    if (module === undefined) {
      await transport.send(needModuleFrame());
      module = moduleOfFrame(await transport.receive(timeoutMs), offer.moduleHash);
    }
    const checked = module;
    await guard(refuse, () =>
      node.timed('module-scan', () => checkAgentImports(checkModuleLimits(checked, node.limits))),
    );
    reg.keepModule(module);
    const build = hooks.arrivalBuild?.(module, offered) ?? { manifest: offered };
    let enclave;
    try {
      enclave = await node.launch(module, build.manifest, build.image);
    } catch (e) {
      return await refuse((e as { code?: string }).code ?? 'launch-failed');
    }
    runner = new HostedAgent(agentId, enclave, module, build.manifest, node);
    // the agent's own limits travel with it; this node applies the lower of its own and the agent's
    runner.asked = asked;
    runner.limits = agentLimits(node.limits, asked);
    runner.attested = attested ?? null;
    runner.transport = transport;
    enclave.onOcall(ocallHandler(node, runner));
    const number = node.links.allocate();
    const receiving = enclave.receive({
      transfer: number,
      agentId,
      timeoutMs,
      lastCounter: null,
      ...node.placement(runner.limits.maxMemoryPages),
    });
    // the receive ECALL makes its pipe before the first frame is handed in (ECALLs are delivered in order)
    const link = node.links.open(enclave, transport, first, number);
    const res = await receiving.finally(() => link.close());
    runner.transport = null;
    if (res.outcome === 'refused')
      throw Object.assign(new Error(`refused: ${res.code}: ${res.message ?? ''}`), {
        code: res.code,
        reason: res.reason ?? res.message,
      });
    if (res.outcome === 'in-doubt') {
      settling = true;
      settleLater(node, runner, { sessionId: res.sessionId ?? '', proof: res.settleProof ?? '' }, from, done);
    } else if (res.confirmed !== true) void acknowledgeResumed(node.peerUrls.get(from), enclave);
  } catch (e) {
    node.refuse(agentId, e);
    transport.close();
    if (runner !== null && !reg.agents.has(agentId) && !reg.inDoubt.has(agentId)) {
      void runner.enclave.terminate();
      // the rounds of a transfer that failed before Ready (an agent held after Ready is settled, not removed)
      removeInDoubt(stateDir, agentId);
    }
  } finally {
    if (!settling) {
      if (agentId !== '' && reg.incoming.get(agentId) !== undefined) reg.incoming.delete(agentId);
      done();
    }
  }
}

/** Runs a check; its failure refuses the transfer (the peer is told the code). */
async function guard<T>(refuse: (code: string) => Promise<never>, check: () => T): Promise<T> {
  try {
    return check();
  } catch (e) {
    return refuse((e as { code?: string }).code ?? 'refused');
  }
}
