/**
 * Persistence of a node's agents: an idle agent's state sealed by its enclave (bound to the next value of the
 * copy's platform counter) into the state directory, on request, after an arrival and on shutdown; and brought
 * back when the node starts again in a new enclave, which refuses a record that is not the copy's latest
 * (`rolled-back`: an old copy of the state directory), of another agent, or sealed elsewhere.
 * @module
 */
import { removeAgent, type StoredAgent, saveAgent, storedStateParts } from './agent-store.js';
import type { EdgeNode } from './edge-node.js';
import { ocallHandler } from './enclave-ocalls.js';
import { HostedAgent } from './hosted-agent.js';
import { agentLimits } from './limits.js';

/** What each agent had served when it was last sealed here: an agent that served nothing since is not sealed again. */
const sealedAt = new WeakMap<HostedAgent, number>();

/**
 * Seals an idle agent's state into the state directory (skipped while it is busy or moving, and when it served
 * no request since it was last sealed here).
 * @param node - the node
 * @param runner - the agent
 * @returns whether it was written
 */
export async function persistAgent(node: EdgeNode, runner: HostedAgent): Promise<boolean> {
  if (runner.busy || runner.migrating || runner.state !== 'idle' || runner.location !== null || runner.stopped)
    return false;
  const served = runner.served;
  if (sealedAt.get(runner) === served) return false;
  const r = await runner.enclave.persist();
  if (r === null || runner.location !== null || runner.stopped) return false;
  try {
    await node.watch.track('persist-write', () =>
      saveAgent(node.options.stateDir, {
        id: runner.id,
        module: runner.module,
        manifest: runner.manifest,
        parts: r.parts,
      }),
    );
  } catch (e) {
    // it left or was stopped while its files were written (its directory went away under the write): nothing
    // of it stays here
    if (runner.location !== null || runner.stopped) {
      removeAgent(node.options.stateDir, runner.id);
      return false;
    }
    throw e;
  }
  // it left or was stopped while its files were written: they are not its state here any more
  if (runner.location !== null || runner.stopped) {
    removeAgent(node.options.stateDir, runner.id);
    return false;
  }
  sealedAt.set(runner, served);
  return true;
}

/**
 * Brings a sealed agent back after a restart.
 * @param node - the node
 * @param s - what was stored
 * @throws the enclave's refusal (`rolled-back`, `bad-sealed-state`, `bad-mac`, `unknown-counter`) or the launch's
 */
export async function reviveAgent(node: EdgeNode, s: StoredAgent): Promise<void> {
  const { id, module, manifest } = s;
  const enclave = await node.launch(module, manifest);
  const runner = new HostedAgent(id, enclave, module, manifest, node);
  runner.asked = node.ids.get(id)?.limits ?? {};
  runner.limits = agentLimits(node.limits, runner.asked);
  enclave.onOcall(ocallHandler(node, runner));
  try {
    // read from the file and handed in part by part (at most 8 MiB an ECALL, each part's buffer moved), so
    // neither the node nor one message ever holds the whole state
    const at = node.placement(runner.limits.maxMemoryPages);
    const { counter } = await enclave.restore(id, storedStateParts(s), at, true);
    node.registry.keepModule(module);
    node.registry.agents.set(id, runner);
    runner.log(`restored from sealed state (counter ${counter})`);
    runner.arrived(null);
  } catch (e) {
    await enclave.terminate();
    throw e;
  }
}
