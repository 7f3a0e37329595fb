/**
 * Settling a hand-over that the connection did not finish. Each session derives a settlement key next to its
 * channel keys; the source's decision (commit or abort) and the destination's acknowledgement that the agent
 * resumed are HMAC-SHA-256 tokens under that key, bound to the session id, the agent id and the final
 * snapshot's migration counter. The source produces exactly one decision per session (commit once it holds
 * `Ready`, abort otherwise); a destination holding a restored agent runs it only with the commit token and
 * discards it only with the abort token (`docs/transfer-protocol.md`, "Hand-over and settlement").
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a token states: the source's decision, or the destination's confirmation that the agent runs there. */
export type SettlementWord = 'commit' | 'abort' | 'resumed';

/** The facts a session's tokens are bound to, and the key (secret: both sides keep it until settled). */
export interface Settlement {
  /** Hex of the first 16 bytes of the transcript hash. */
  readonly sessionId: string;
  readonly agentId: string;
  /** Migration counter of the final snapshot. */
  readonly counter: bigint;
  /** 32-byte settlement key of the session. */
  readonly key: Uint8Array;
}

const LABEL = 'edgedancer settlement v1';

/**
 * The token stating `word` for a session.
 * @param s - the session's settlement facts and key
 * @param word - commit, abort or resumed
 * @returns 32 bytes
 */
export function settlementToken(s: Settlement, word: SettlementWord): Uint8Array {
  const input = JSON.stringify([LABEL, word, s.sessionId, s.agentId, s.counter.toString()]);
  return new Uint8Array(createHmac('sha256', s.key).update(input).digest());
}

/**
 * Whether `token` states `word` for the session (constant-time comparison).
 * @param s - the session's settlement facts and key
 * @param word - what the token must state
 * @param token - the bytes received
 * @returns true when it does
 */
export function isSettlementToken(s: Settlement, word: SettlementWord, token: Uint8Array): boolean {
  const want = settlementToken(s, word);
  return token.length === want.length && timingSafeEqual(token, want);
}
