/**
 * The label that binds each delta to the round before it. Inside an authenticated, sequenced channel the
 * rounds are already bound to the session and to their order; the label only has to be the same on both
 * sides and differ per session and round, so it is `SHA-256("edgedancer round" || transcript || u32 round)`
 * rather than a hash of a whole snapshot (which would cost a pass over hundreds of MiB).
 * @module
 */
import { createHash } from 'node:crypto';

/**
 * The digest standing for round `round` of a session, used as `baseDigest` of the next round's delta.
 * @param transcript - the session's transcript hash
 * @param round - the round's index
 * @returns 32 bytes
 */
export function roundDigest(transcript: Uint8Array, round: number): Uint8Array {
  const r = Buffer.alloc(4);
  r.writeUInt32BE(round);
  return new Uint8Array(createHash('sha256').update('edgedancer round').update(transcript).update(r).digest());
}
