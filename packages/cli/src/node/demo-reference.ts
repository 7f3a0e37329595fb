/**
 * The unmigrated run the demo compares against: the same agent in this process, the same requests in the same
 * order, every migration it asks for answered `stay(OK)` (it continues here as if it had arrived).
 * @module
 */
import { Agent, type AgentOutcome, AgentStatus } from '@edgedancer/migration';

/**
 * Runs requests through an agent that never moves.
 * @param module - wasm bytes
 * @param requests - the requests in order
 * @returns each response as text
 */
export function referenceResponses(module: Uint8Array, requests: readonly string[]): string[] {
  const agent = Agent.load(
    module,
    { nodeName: 'reference', authorizeMigration: () => AgentStatus.OK },
    { agentId: 'reference' },
  );
  agent.start();
  const out: string[] = [];
  for (const r of requests) {
    let o: AgentOutcome = agent.serve(new TextEncoder().encode(r));
    let response: Uint8Array | null = null;
    for (;;) {
      if (o.kind === 'migrating') {
        if (o.completed !== null) response = o.completed.response;
        o = agent.stay(AgentStatus.OK);
      } else if (o.kind === 'paused') o = agent.continue();
      else break;
    }
    if (o.kind === 'done' && response === null) response = o.response;
    out.push(new TextDecoder().decode(response ?? new Uint8Array(0)));
  }
  return out;
}
