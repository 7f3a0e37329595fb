/**
 * Key derivation, as SGX's `EGETKEY` does it: a KEYREQUEST names the key (report or seal), the key policy,
 * the SVNs and a key id, and the platform derives the key from its root secret and the requesting enclave's
 * identity. A request may name an SVN up to the enclave's own (and a `cpuSvn` up to the platform's), never
 * above: so data sealed by an older version opens in a newer one, never the reverse.
 * @module
 */
import { hkdfSha256 } from './crypto.js';
import { EnclaveError } from './errors.js';
import { attributesOf, type EnclaveIdentity, KEY_POLICY_CODE, type KeyPolicy, MEASUREMENT_SIZE } from './identity.js';
import { ascii, defineLayout, encodeStruct, f } from './layout.js';

/** Size of a key id, in bytes. */
export const KEY_ID_SIZE = 32;

/** Size of every derived key, in bytes (AES-256 / HMAC-SHA-256). */
export const DERIVED_KEY_SIZE = 32;

/** Key names, as SGX's `KEYNAME`. */
export const KeyName = { Report: 1, Seal: 2 } as const;
export type KeyName = (typeof KeyName)[keyof typeof KeyName];

/** A key request (SGX `KEYREQUEST`). */
export interface KeyRequest {
  readonly keyName: KeyName;
  /** Seal keys only. */
  readonly keyPolicy: KeyPolicy;
  readonly isvSvn: number;
  readonly cpuSvn: number;
  readonly keyId: Uint8Array;
}

/** What the platform feeds to HKDF as `info` (128 bytes): the request joined with the caller's identity. */
export const KEY_DERIVATION_LAYOUT = defineLayout('KEYDERIVATION', [
  f('keyName', 'u16', 2, 'from the request'),
  f('keyPolicy', 'u16', 2, 'from the request (0 for report keys)'),
  f('isvSvn', 'u16', 2, 'from the request (0 for report keys)'),
  f('cpuSvn', 'u16', 2, 'from the request; report keys: the current one'),
  f('isvProdId', 'u16', 2, "the caller's product id (0 for report keys)"),
  f('reserved0', 'reserved', 6, 'zero'),
  f('attributes', 'u64', 8, "the caller's attributes (DEBUG included: debug enclaves never get production keys)"),
  f('mrEnclave', 'bytes', MEASUREMENT_SIZE, 'MRENCLAVE policy and report keys: the measurement; else zero'),
  f('mrSigner', 'bytes', MEASUREMENT_SIZE, 'MRSIGNER policy: the signer; else zero'),
  f('keyId', 'bytes', KEY_ID_SIZE, 'from the request'),
  f('reserved1', 'reserved', 8, 'zero'),
]);

const SALT = ascii('edgedancer-enclave-sim/egetkey/v1');
const ZERO_MEASUREMENT = new Uint8Array(MEASUREMENT_SIZE);

/**
 * Derives the key that `request` asks for on behalf of `caller` (the platform's `EGETKEY`).
 * @param rootSecret - the platform's root secret
 * @param platformCpuSvn - the platform's current TCB level
 * @param caller - the requesting enclave
 * @param request - the key request
 * @returns the 32-byte key
 * @throws EnclaveError `invalid-isvsvn` or `invalid-cpusvn` when the request asks for a newer SVN than the caller has
 */
export function deriveKey(
  rootSecret: Uint8Array,
  platformCpuSvn: number,
  caller: EnclaveIdentity,
  request: KeyRequest,
): Uint8Array {
  if (request.keyName === KeyName.Report) {
    return reportKey(rootSecret, platformCpuSvn, caller.mrEnclave, attributesOf(caller.debug), request.keyId);
  }
  if (request.isvSvn > caller.isvSvn) {
    throw new EnclaveError(
      'invalid-isvsvn',
      `key request for isvSvn ${request.isvSvn} above the enclave's ${caller.isvSvn}`,
    );
  }
  if (request.cpuSvn > platformCpuSvn) {
    throw new EnclaveError(
      'invalid-cpusvn',
      `key request for cpuSvn ${request.cpuSvn} above the platform's ${platformCpuSvn}`,
    );
  }
  const info = encodeStruct(KEY_DERIVATION_LAYOUT, {
    keyName: KeyName.Seal,
    keyPolicy: KEY_POLICY_CODE[request.keyPolicy],
    isvSvn: request.isvSvn,
    cpuSvn: request.cpuSvn,
    isvProdId: caller.isvProdId,
    attributes: attributesOf(caller.debug),
    mrEnclave: request.keyPolicy === 'mrenclave' ? caller.mrEnclave : ZERO_MEASUREMENT,
    mrSigner: request.keyPolicy === 'mrsigner' ? caller.mrSigner : ZERO_MEASUREMENT,
    keyId: request.keyId,
  });
  return hkdfSha256(rootSecret, SALT, info, DERIVED_KEY_SIZE);
}

/**
 * The report key of a target enclave (what `EREPORT` uses to MAC a report for that target, and what the
 * target gets back from `EGETKEY`).
 * @param rootSecret - the platform's root secret
 * @param cpuSvn - the platform's current TCB level
 * @param targetMrEnclave - the target's measurement
 * @param targetAttributes - the target's attributes
 * @param keyId - the report's key id
 * @returns the 32-byte key
 */
export function reportKey(
  rootSecret: Uint8Array,
  cpuSvn: number,
  targetMrEnclave: Uint8Array,
  targetAttributes: bigint,
  keyId: Uint8Array,
): Uint8Array {
  const info = encodeStruct(KEY_DERIVATION_LAYOUT, {
    keyName: KeyName.Report,
    cpuSvn,
    attributes: targetAttributes,
    mrEnclave: targetMrEnclave,
    mrSigner: ZERO_MEASUREMENT,
    keyId,
  });
  return hkdfSha256(rootSecret, SALT, info, DERIVED_KEY_SIZE);
}
