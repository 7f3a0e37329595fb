/**
 * A convention for the 64 bytes of `reportData` when a quote must bind a key and a freshness nonce (as the
 * transfer protocol does): the first 32 bytes are SHA-256 of the public key, the last 32 the verifier's
 * nonce. Verifiers rebuild the same 64 bytes and compare.
 * @module
 */
import { assertBytes } from './bytes.js';
import { sha256 } from './crypto.js';
import { REPORT_DATA_SIZE } from './report.js';

/** Size of a nonce bound in report data, in bytes. */
export const NONCE_SIZE = 32;

/**
 * Builds report data that binds a public key and a nonce.
 * @param binding - `publicKey`: any encoding both sides agree on (hashed); `nonce`: 32 bytes. Either may be
 *   omitted, leaving zeros in its half.
 * @returns 64 bytes: `SHA-256(publicKey) || nonce`
 * @throws TypeError or RangeError when the nonce is not 32 bytes
 * @example
 * const rd = reportDataFor({ publicKey: myX25519Public, nonce: peerNonce });
 * const quote = enclave.quote(rd);
 * verifier.verify(quote, { mrEnclave, reportData: rd });
 */
export function reportDataFor(binding: { readonly publicKey?: Uint8Array; readonly nonce?: Uint8Array }): Uint8Array {
  const out = new Uint8Array(REPORT_DATA_SIZE);
  if (binding.publicKey !== undefined) out.set(sha256(assertBytes(binding.publicKey, 'publicKey')), 0);
  if (binding.nonce !== undefined) out.set(assertBytes(binding.nonce, 'nonce', NONCE_SIZE), 32);
  return out;
}
