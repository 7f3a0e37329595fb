/**
 * The destination's half of settling an interrupted hand-over: it asks the source for its decision
 * (`POST /v1/settle` with the session's ask proof, derived inside the enclave) until it gets an answer the held agent's enclave accepts (the enclave checks the token
 * with the session's settlement key, which never leaves it), then the enclave resumes or discards the agent,
 * and a resume is confirmed to the source (`POST /v1/settle/ack` with the `resumed` token the enclave made).
 * An unknown session, an unreachable source or a token that does not verify changes nothing: the agent stays
 * held, never running, and the question is asked again.
 * @module
 */
import { callNode } from './client.js';

/** How a settlement ended. */
export type SettledAs = 'commit' | 'abort';

/** Options of {@link settleInDoubt}. */
export interface SettleOptions {
  /**
   * The source node's URL (its name looked up among the peers, again at every question: an operator may give
   * the peer a new address meanwhile); without it the agent stays held.
   */
  readonly sourceUrl: string | undefined | (() => string | undefined);
  /** First pause between questions, doubled up to `maxDelayMs` (defaults 200 and 2000). */
  readonly delayMs?: number;
  readonly maxDelayMs?: number;
  /** Whether to keep asking (false once the node shuts down). */
  readonly active?: () => boolean;
}

/** The held agent's enclave, as settling needs it. */
export interface HeldEnclave {
  /** Hands the source's answer in; the enclave resumes (`commit`) or discards (`abort`) on a valid token. */
  settle(outcome: string, token: Uint8Array): Promise<{ settled: SettledAs | null }>;
  /** The token that tells the source the agent resumed. */
  resumedToken(): Promise<{ sessionId: string; token: Uint8Array }>;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref());
const bytes = (h: unknown): Uint8Array =>
  new Uint8Array(Buffer.from(typeof h === 'string' && /^[0-9a-f]{64}$/.test(h) ? h : '', 'hex'));

/**
 * Settles a held agent with its source.
 * @param session - the session and agent asked about
 * @param enclave - the held agent's enclave
 * @param options - where the source is, pacing
 * @returns how it ended, or `null` when the node stopped asking first
 */
export async function settleInDoubt(
  session: { sessionId: string; agentId: string; proof: string },
  enclave: HeldEnclave,
  options: SettleOptions,
): Promise<SettledAs | null> {
  let delay = options.delayMs ?? 200;
  while (options.active?.() ?? true) {
    const sourceUrl = typeof options.sourceUrl === 'function' ? options.sourceUrl() : options.sourceUrl;
    if (sourceUrl !== undefined) {
      try {
        const a = await callNode<{ outcome: string; token?: string }>(sourceUrl, '/v1/settle', {
          json: session,
          timeoutMs: 3000,
        });
        if (a.outcome === 'commit' || a.outcome === 'abort') {
          const { settled } = await enclave.settle(a.outcome, bytes(a.token));
          if (settled === 'commit') void acknowledgeResumed(sourceUrl, enclave);
          if (settled !== null) return settled;
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
 * @param enclave - the agent's enclave (it makes the `resumed` token)
 * @returns whether the source took it (never rejects: an enclave that is gone gives no token)
 */
export async function acknowledgeResumed(
  sourceUrl: string | undefined,
  enclave: Pick<HeldEnclave, 'resumedToken'>,
): Promise<boolean> {
  if (sourceUrl === undefined) return false;
  let sessionId: string;
  let token: Uint8Array;
  try {
    ({ sessionId, token } = await enclave.resumedToken());
  } catch {
    // the enclave is gone (stopped, crashed): the source settles the session when it asks
    return false;
  }
  const t = Buffer.from(token).toString('hex');
  for (let i = 0; i < 5; i++) {
    try {
      const r = await callNode<{ ok: boolean }>(sourceUrl, '/v1/settle/ack', {
        json: { sessionId, token: t },
        timeoutMs: 3000,
      });
      return r.ok;
    } catch {
      await sleep(200 * 2 ** i);
    }
  }
  return false;
}
