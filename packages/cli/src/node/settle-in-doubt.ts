/**
 * The destination's half of settling an interrupted hand-over: it asks the source for its decision
 * (`POST /v1/settle` with the session's ask proof) until it gets an answer it can verify with the session's settlement key, then resumes
 * the held agent on a commit token or discards it on an abort token, and confirms a resume to the source
 * (`POST /v1/settle/ack` with the `resumed` token). An unknown session, an unreachable source or a token that
 * does not verify changes nothing: the agent stays held, never running, and the question is asked again.
 * @module
 */
import { isSettlementToken, settlementToken, type HeldAgent, type Settlement } from '@edgedancer/migration';
import { callNode } from './client.js';
import { settleProofOf } from './session-secrets.js';

/** How a settlement ended. */
export type SettledAs = 'commit' | 'abort';

/** Options of {@link settleInDoubt}. */
export interface SettleOptions {
  /** The source node's URL (its name looked up among the peers); without it the agent stays held. */
  readonly sourceUrl: string | undefined;
  /** First pause between questions, doubled up to `maxDelayMs` (defaults 200 and 2000). */
  readonly delayMs?: number;
  readonly maxDelayMs?: number;
  /** Whether to keep asking (false once the node shuts down). */
  readonly active?: () => boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref());
const bytes = (h: unknown): Uint8Array => new Uint8Array(Buffer.from(typeof h === 'string' && /^[0-9a-f]{64}$/.test(h) ? h : '', 'hex'));

/**
 * Settles a held agent with its source.
 * @param settlement - the session's facts and key
 * @param held - the restored agent, not running
 * @param options - where the source is, pacing
 * @returns how it ended, or `null` when the node stopped asking first
 */
export async function settleInDoubt(settlement: Settlement, held: HeldAgent, options: SettleOptions): Promise<SettledAs | null> {
  let delay = options.delayMs ?? 200;
  while (options.active?.() ?? true) {
    if (options.sourceUrl !== undefined) {
      try {
        const a = await callNode<{ outcome: string; token?: string }>(options.sourceUrl, '/v1/settle', { json: { sessionId: settlement.sessionId, agentId: settlement.agentId, proof: settleProofOf(settlement) }, timeoutMs: 3000 });
        if (a.outcome === 'commit' && isSettlementToken(settlement, 'commit', bytes(a.token))) {
          await held.resume();
          void acknowledgeResumed(options.sourceUrl, settlement);
          return 'commit';
        }
        if (a.outcome === 'abort' && isSettlementToken(settlement, 'abort', bytes(a.token))) {
          held.discard();
          return 'abort';
        }
      } catch {
        // the source is unreachable or answered an error: ask again
      }
    }
    await sleep(delay);
    delay = Math.min(delay * 2, options.maxDelayMs ?? 2000);
  }
  return null;
}

/**
 * Tells the source that the agent resumed here (a few tries; without it the source only keeps a record).
 * @param sourceUrl - the source node's URL
 * @param settlement - the session's facts and key
 * @returns whether the source took it
 */
export async function acknowledgeResumed(sourceUrl: string | undefined, settlement: Settlement): Promise<boolean> {
  if (sourceUrl === undefined) return false;
  const token = Buffer.from(settlementToken(settlement, 'resumed')).toString('hex');
  for (let i = 0; i < 5; i++) {
    try {
      const r = await callNode<{ ok: boolean }>(sourceUrl, '/v1/settle/ack', { json: { sessionId: settlement.sessionId, token }, timeoutMs: 3000 });
      return r.ok;
    } catch {
      await sleep(200 * 2 ** i);
    }
  }
  return false;
}
