/**
 * Results of calls that travelled in flight with an agent and completed on this node, kept for the source node
 * that answers its user with them (`GET /v1/relay/:key`), and waited for when asked before they completed.
 * @module
 */
import type { RequestResult } from './hosted-agent.js';

/** How long a result is kept. */
const KEEP_MS = 120_000;

/**
 * The key under which a call that travelled in flight is relayed: both sides know the final counter.
 * @param agentId - the agent
 * @param counter - its migration counter after the move
 * @returns the key
 */
export const relayKey = (agentId: string, counter: bigint): string => `${encodeURIComponent(agentId)}@${counter}`;

/** The relayed results of one node. */
export class RelayStore {
  readonly #relays = new Map<string, { result: RequestResult | null; waiters: ((r: RequestResult) => void)[] }>();

  /**
   * Keeps the result of a relayed call.
   * @param relayId - its key
   * @param result - how it ended here
   */
  put(relayId: string, result: RequestResult): void {
    const r = this.#relays.get(relayId) ?? { result: null, waiters: [] };
    r.result = result;
    this.#relays.set(relayId, r);
    for (const w of r.waiters.splice(0)) w(result);
    setTimeout(() => this.#relays.delete(relayId), KEEP_MS).unref();
  }

  /**
   * Waits for the result of a call that arrived in flight.
   * @param relayId - the source's id for it
   * @param timeoutMs - how long to wait
   * @returns the result
   */
  take(relayId: string, timeoutMs = 60_000): Promise<RequestResult> {
    const r = this.#relays.get(relayId) ?? { result: null, waiters: [] };
    this.#relays.set(relayId, r);
    if (r.result !== null) return Promise.resolve(r.result);
    return new Promise((resolve) => {
      const t = setTimeout(() => resolve({ kind: 'error', code: 'relay-timeout', message: 'no result in time' }), timeoutMs);
      r.waiters.push((x) => { clearTimeout(t); resolve(x); });
    });
  }
}
