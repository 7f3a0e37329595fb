/**
 * SHA-256 digests that bind snapshots to modules and deltas to their base.
 * @module
 */
import { createHash } from 'node:crypto';

/**
 * The hash a snapshot binds a module by: SHA-256 of the module's bytes.
 * @example
 * const hash = hashModule(wasmBytes); // 32 bytes
 */
export function hashModule(moduleBytes: Uint8Array): Uint8Array {
  return sha256(moduleBytes);
}

/**
 * The digest a delta binds its base by: SHA-256 of the base snapshot's encoding.
 * @example
 * const digest = snapshotDigest(encodeSnapshot(base));
 */
export function snapshotDigest(snapshotBytes: Uint8Array): Uint8Array {
  return sha256(snapshotBytes);
}

function sha256(bytes: Uint8Array): Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes must be a Uint8Array');
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}
