/**
 * Secrets two agent enclaves derive, inside, from the settlement key of their attested transfer session (the key
 * never leaves either enclave; the derived values are handed to the two hosts of that session only): the id under which the destination keeps the result of a call that travelled with the
 * agent (a capability: unguessable, given to nobody else), and the proof a destination presents when it asks the
 * source for its decision. Both are HMAC-SHA256 under the session's settlement key with a purpose label.
 * @module
 */
import { createHash, createHmac } from 'node:crypto';
import type { Settlement } from '@edgedancer/migration';

const derive = (s: Settlement, purpose: string): string =>
  createHmac('sha256', s.key).update(`edgedancer ${purpose} ${s.sessionId} ${s.agentId}`).digest('hex');

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

/**
 * What the source keeps to check a proof: SHA-256 of the proof (hex), so its files do not hold the proof itself.
 * @param s - the session's settlement facts and key
 * @returns the hash
 */
export function settleAskHashOf(s: Settlement): string {
  return createHash('sha256')
    .update(Buffer.from(settleProofOf(s), 'hex'))
    .digest('hex');
}
