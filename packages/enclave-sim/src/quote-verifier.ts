/**
 * Quote verification: the remote party's side of attestation. Checks the certificate chain up to a trusted
 * vendor root, the attestation key's signature, and then the policy: allowed `mrEnclave`, or `mrSigner` with
 * `isvProdId`; minimum `isvSvn` and `cpuSvn`; no debug enclave unless allowed; and the expected `reportData`.
 * @module
 */
import { assertBytes, assertUint, bytesEqual } from './bytes.js';
import { trustAnchorKey, verifyChain } from './certificate.js';
import { p256Verify } from './crypto.js';
import { EnclaveError } from './errors.js';
import { type EnclaveIdentity, MAX_SVN, MEASUREMENT_SIZE } from './identity.js';
import { parseQuote } from './quote.js';
import { REPORT_DATA_SIZE } from './report.js';

/**
 * What a verifier accepts. At least one of `mrEnclave` and `mrSigner` is required: a policy that accepts any
 * enclave is refused as misuse.
 */
export interface QuotePolicy {
  /** The vendor root to trust: its 65-byte public key or its certificate. Optional with a {@link QuoteVerifier}. */
  readonly trustedRoot?: Uint8Array;
  /** Accepted measurements (any one of them). */
  readonly mrEnclave?: Uint8Array | readonly Uint8Array[];
  /** Accepted signer; requires `isvProdId`. */
  readonly mrSigner?: Uint8Array;
  /** Accepted product id, with `mrSigner`. */
  readonly isvProdId?: number;
  /** Lowest accepted enclave SVN (default 0). */
  readonly minIsvSvn?: number;
  /** Lowest accepted platform TCB level (default 0). */
  readonly minCpuSvn?: number;
  /** Whether debug enclaves are accepted (default false). */
  readonly allowDebug?: boolean;
  /** The exact 64 bytes of report data expected (for example from {@link reportDataFor}). */
  readonly reportData?: Uint8Array;
}

/** What a verified quote establishes. */
export interface VerifiedQuote {
  /** The attested enclave. */
  readonly identity: EnclaveIdentity;
  /** The enclave's 64 bytes of report data. */
  readonly reportData: Uint8Array;
  /** The platform that ran it. */
  readonly platformId: Uint8Array;
  /** The platform's TCB level. */
  readonly cpuSvn: number;
}

/**
 * Verifies a quote against a policy.
 * @param quote - the 848-byte quote
 * @param policy - what to accept; `trustedRoot` is required here
 * @returns what the quote establishes
 * @throws TypeError for an unusable policy; EnclaveError with code `malformed`, `untrusted-root`,
 *   `bad-certificate`, `bad-signature`, `measurement-mismatch`, `signer-mismatch`, `product-mismatch`,
 *   `svn-too-low`, `tcb-out-of-date`, `debug-not-allowed` or `report-data-mismatch`
 * @example
 * const { identity } = verifyQuote(quote, { trustedRoot: vendor.certificate, mrSigner, isvProdId: 1, minIsvSvn: 2 });
 */
export function verifyQuote(quote: Uint8Array, policy: QuotePolicy): VerifiedQuote {
  if (policy?.trustedRoot === undefined) throw new TypeError('policy.trustedRoot is required');
  return verifyWithRoot(quote, policy, trustAnchorKey(policy.trustedRoot));
}

/**
 * A verifier bound to one trusted vendor root. Its `verify(quote, policy)` is the shape a transport or a
 * migration protocol expects of a quote verifier.
 * @example
 * const verifier = new QuoteVerifier(vendor.certificate);
 * const { reportData } = verifier.verify(quote, { mrEnclave, reportData: expected });
 */
export class QuoteVerifier {
  readonly #rootKey: Uint8Array;

  /**
   * @param trustedRoot - the vendor root's 65-byte public key or its certificate
   * @throws TypeError or EnclaveError when it is not a usable trust anchor
   */
  constructor(trustedRoot: Uint8Array) {
    this.#rootKey = trustAnchorKey(trustedRoot).slice();
  }

  /**
   * Verifies a quote against a policy (a `trustedRoot` in the policy, if any, must be this verifier's).
   * @param quote - the quote
   * @param policy - what to accept
   * @returns what the quote establishes
   * @throws as {@link verifyQuote}
   */
  verify(quote: Uint8Array, policy: QuotePolicy): VerifiedQuote {
    if (policy?.trustedRoot !== undefined && !bytesEqual(trustAnchorKey(policy.trustedRoot), this.#rootKey)) {
      throw new TypeError("policy.trustedRoot differs from this verifier's root");
    }
    return verifyWithRoot(quote, policy, this.#rootKey);
  }
}

function verifyWithRoot(quote: Uint8Array, policy: QuotePolicy, rootKey: Uint8Array): VerifiedQuote {
  const accepted = checkPolicy(policy);
  assertBytes(quote, 'quote');
  const q = parseQuote(quote);
  const chain = verifyChain(q.chain, rootKey);
  if (!bytesEqual(chain.platformId, q.platformId)) {
    throw new EnclaveError('bad-certificate', 'quote header names another platform than its certificate');
  }
  if (q.body.cpuSvn !== chain.cpuSvn) {
    throw new EnclaveError('bad-certificate', 'report cpuSvn differs from the certified TCB level');
  }
  if (!p256Verify(chain.attestationKey, q.signed, q.signature)) {
    throw new EnclaveError('bad-signature', 'quote signature does not verify with the attestation key');
  }
  const id = q.body.identity;
  if (accepted.mrEnclaves.length > 0 && !accepted.mrEnclaves.some((m) => bytesEqual(m, id.mrEnclave))) {
    throw new EnclaveError('measurement-mismatch', 'mrEnclave is not one the policy accepts');
  }
  if (policy.mrSigner !== undefined) {
    if (!bytesEqual(policy.mrSigner, id.mrSigner))
      throw new EnclaveError('signer-mismatch', 'mrSigner is not the accepted signer');
    if (policy.isvProdId !== id.isvProdId)
      throw new EnclaveError('product-mismatch', `isvProdId ${id.isvProdId} is not accepted`);
  }
  if (id.isvSvn < (policy.minIsvSvn ?? 0)) {
    throw new EnclaveError('svn-too-low', `isvSvn ${id.isvSvn} is below the minimum ${policy.minIsvSvn}`);
  }
  if (q.body.cpuSvn < (policy.minCpuSvn ?? 0)) {
    throw new EnclaveError('tcb-out-of-date', `cpuSvn ${q.body.cpuSvn} is below the minimum ${policy.minCpuSvn}`);
  }
  if (id.debug && policy.allowDebug !== true)
    throw new EnclaveError('debug-not-allowed', 'debug enclaves are not accepted');
  if (policy.reportData !== undefined && !bytesEqual(policy.reportData, q.body.reportData)) {
    throw new EnclaveError('report-data-mismatch', 'reportData differs from what the verifier expected');
  }
  return { identity: id, reportData: q.body.reportData, platformId: q.platformId, cpuSvn: q.body.cpuSvn };
}

function checkPolicy(policy: QuotePolicy): { mrEnclaves: readonly Uint8Array[] } {
  if (typeof policy !== 'object' || policy === null) throw new TypeError('policy must be an object');
  const mrEnclaves =
    policy.mrEnclave === undefined
      ? []
      : policy.mrEnclave instanceof Uint8Array
        ? [policy.mrEnclave]
        : [...policy.mrEnclave];
  for (const m of mrEnclaves) assertBytes(m, 'policy.mrEnclave', MEASUREMENT_SIZE);
  if (policy.mrEnclave !== undefined && mrEnclaves.length === 0)
    throw new TypeError('policy.mrEnclave is an empty list');
  if (policy.mrSigner !== undefined) {
    assertBytes(policy.mrSigner, 'policy.mrSigner', MEASUREMENT_SIZE);
    assertUint(policy.isvProdId, 'policy.isvProdId', MAX_SVN);
  }
  if (mrEnclaves.length === 0 && policy.mrSigner === undefined) {
    throw new TypeError('policy must name mrEnclave or mrSigner (a policy that accepts any enclave is refused)');
  }
  if (policy.minIsvSvn !== undefined) assertUint(policy.minIsvSvn, 'policy.minIsvSvn', MAX_SVN);
  if (policy.minCpuSvn !== undefined) assertUint(policy.minCpuSvn, 'policy.minCpuSvn', MAX_SVN);
  if (policy.allowDebug !== undefined && typeof policy.allowDebug !== 'boolean')
    throw new TypeError('policy.allowDebug must be a boolean');
  if (policy.reportData !== undefined) assertBytes(policy.reportData, 'policy.reportData', REPORT_DATA_SIZE);
  return { mrEnclaves };
}
