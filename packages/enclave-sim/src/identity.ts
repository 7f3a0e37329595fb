/**
 * What identifies an enclave, in SGX's terms: the measurement of what was loaded (`mrEnclave`), the hash of
 * its signer's key (`mrSigner`), the product and security version its author assigned (`isvProdId`,
 * `isvSvn`), and its attributes (here only the debug flag matters).
 * @module
 */
import { assertBytes, assertUint, bytesEqual } from './bytes.js';

/** Size of `mrEnclave` and `mrSigner` (SHA-256), in bytes. */
export const MEASUREMENT_SIZE = 32;

/** Attribute bits, as in SGX's `ATTRIBUTES.FLAGS`: `INIT` is set once the enclave is initialised, `DEBUG` for debug enclaves. */
export const Attribute = Object.freeze({ Init: 1n, Debug: 2n } as const);

/** Largest `isvProdId`, `isvSvn` and `cpuSvn` (16-bit fields). */
export const MAX_SVN = 0xffff;

/** The identity of an enclave, as a report or quote states it. */
export interface EnclaveIdentity {
  /** Measurement of what was loaded (32 bytes). */
  readonly mrEnclave: Uint8Array;
  /** SHA-256 of the author's public key (32 bytes). */
  readonly mrSigner: Uint8Array;
  /** Product id assigned by the author. */
  readonly isvProdId: number;
  /** Security version assigned by the author. */
  readonly isvSvn: number;
  /** Whether the enclave is a debug enclave (its memory is meant to be inspectable: never trust its secrets). */
  readonly debug: boolean;
}

/**
 * The key policy of a sealing key or a monotonic counter: bind to the exact measurement (`mrenclave`: only
 * the same build opens it) or to the signer and product (`mrsigner`: any later version by the same author
 * opens it).
 */
export type KeyPolicy = 'mrenclave' | 'mrsigner';

/** Binary codes of key policies, as in SGX's `KEYPOLICY` bits. */
export const KEY_POLICY_CODE: Readonly<Record<KeyPolicy, number>> = Object.freeze({ mrenclave: 1, mrsigner: 2 });

/**
 * The key policy named by a binary code.
 * @param code - 1 (`mrenclave`) or 2 (`mrsigner`)
 * @returns the policy, or undefined for any other code
 */
export function keyPolicyFromCode(code: number): KeyPolicy | undefined {
  return code === 1 ? 'mrenclave' : code === 2 ? 'mrsigner' : undefined;
}

/**
 * The attributes field of an identity.
 * @param debug - the debug flag
 * @returns `INIT`, plus `DEBUG` when set
 */
export function attributesOf(debug: boolean): bigint {
  return Attribute.Init | (debug ? Attribute.Debug : 0n);
}

/**
 * Checks an identity's fields at a public boundary.
 * @param id - the identity
 * @returns it, typed
 * @throws TypeError or RangeError on a malformed field
 */
export function assertIdentity(id: EnclaveIdentity): EnclaveIdentity {
  if (typeof id !== 'object' || id === null) throw new TypeError('identity must be an object');
  assertBytes(id.mrEnclave, 'mrEnclave', MEASUREMENT_SIZE);
  assertBytes(id.mrSigner, 'mrSigner', MEASUREMENT_SIZE);
  assertUint(id.isvProdId, 'isvProdId', MAX_SVN);
  assertUint(id.isvSvn, 'isvSvn', MAX_SVN);
  if (typeof id.debug !== 'boolean') throw new TypeError('debug must be a boolean');
  return id;
}

/**
 * Whether two identities are the same enclave build (measurement, signer, product, SVN, debug).
 * @param a - first identity
 * @param b - second identity
 * @returns true when every field is equal
 */
export function sameIdentity(a: EnclaveIdentity, b: EnclaveIdentity): boolean {
  return (
    bytesEqual(a.mrEnclave, b.mrEnclave) &&
    bytesEqual(a.mrSigner, b.mrSigner) &&
    a.isvProdId === b.isvProdId &&
    a.isvSvn === b.isvSvn &&
    a.debug === b.debug
  );
}
