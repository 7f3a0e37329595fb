/**
 * Secrets two nodes derive from the settlement key of their attested transfer session (known only to the two
 * ends of that session): the id under which the destination keeps the result of a call that travelled with the
 * agent (a capability: unguessable, given to nobody else), and the proof a destination presents when it asks the
 * source for its decision. Both are HMAC-SHA256 under the session's settlement key with a purpose label.
 * @module
 */
import { createHmac } from 'node:crypto';
import type { Settlement } from '@edgedancer/migration';

const derive = (s: Settlement, purpose: string): string => createHmac('sha256', s.key).update(`edgedancer ${purpose} ${s.sessionId} ${s.agentId}`).digest('hex');

/**
 * The relay id of a session's in-flight call (64 hex digits).
 * @param s - the session's settlement facts and key
 * @returns the id
 */
export function relayIdOf(s: Settlement): string {
  return derive(s, 'relay v1');
}

/**
 * The proof that asks a source for its decision about a session (64 hex digits).
 * @param s - the session's settlement facts and key
 * @returns the proof
 */
export function settleProofOf(s: Settlement): string {
  return derive(s, 'settle-ask v1');
}
