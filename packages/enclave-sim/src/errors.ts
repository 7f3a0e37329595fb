/**
 * The one error class of the enclave simulation. Callers branch on `code`, never on the message; no message
 * or property ever carries key material, plaintext or other secret bytes.
 * @module
 */

/**
 * Why an enclave operation was refused. SGX's own status names are used where one exists
 * (`invalid-isvsvn` ~ `SGX_ERROR_INVALID_ISVSVN`, `bad-mac` ~ `SGX_ERROR_MAC_MISMATCH`).
 */
export type EnclaveErrorCode =
  /** A structure has the wrong size, magic, version or a non-zero reserved field. */
  | 'malformed'
  /** An authentication tag or report MAC does not match (tampering, wrong key, wrong platform or enclave). */
  | 'bad-mac'
  /** A signature (manifest, certificate, quote) does not verify. */
  | 'bad-signature'
  /** A certificate chain is broken: wrong kind, issuer, or chains to a root other than the trusted one. */
  | 'bad-certificate'
  /** The quote's certificate chain ends at a root the verifier does not trust. */
  | 'untrusted-root'
  /** What was loaded does not measure to what the manifest (or a policy) expects. */
  | 'measurement-mismatch'
  /** The signer (`mrSigner`) is not one the policy accepts. */
  | 'signer-mismatch'
  /** The product id (`isvProdId`) is not the one the policy accepts. */
  | 'product-mismatch'
  /** The enclave's `isvSvn` is below the policy's minimum. */
  | 'svn-too-low'
  /** The platform's `cpuSvn` (TCB level) is below the policy's minimum. */
  | 'tcb-out-of-date'
  /** The enclave is a debug enclave and the policy does not allow debug enclaves. */
  | 'debug-not-allowed'
  /** The quote's `reportData` is not what the verifier expected (nonce, bound key). */
  | 'report-data-mismatch'
  /** A key request asks for an `isvSvn` above the enclave's own (sealed by a newer version). */
  | 'invalid-isvsvn'
  /** A key request asks for a `cpuSvn` above the platform's own (sealed after a TCB update). */
  | 'invalid-cpusvn'
  /** A report was targeted at another enclave or is unusable by the one that checks it. */
  | 'wrong-target'
  /** A monotonic counter does not exist or belongs to another enclave. */
  | 'unknown-counter'
  /** Sealed state is older than the monotonic counter it is bound to. */
  | 'rolled-back'
  /** A monotonic counter cannot go further. */
  | 'counter-exhausted'
  /** A sealed page is an authentic but older version of that page (replay). */
  | 'stale-page'
  /** A sealed page belongs to another page index or another page store (swap). */
  | 'page-mismatch'
  /** A page the enclave evicted is missing from the untrusted backing store. */
  | 'missing-page'
  /** The enclave's memory does not fit the configured EPC budget. */
  | 'epc-exhausted'
  /** The host asked for an entry call the enclave does not declare (or the module does not export). */
  | 'undeclared-ecall'
  /** The module imports something the enclave does not declare as an ocall. */
  | 'undeclared-import'
  /** A declared ocall has no host implementation, or a host gave one that was not declared. */
  | 'ocall-mismatch'
  /** A declared entry call or ocall does not fit the module (kind, type, buffer parameters). */
  | 'bad-declaration'
  /** An ocall buffer lies outside the agent's memory or exceeds its declared limit. */
  | 'bad-buffer'
  /** The enclave was destroyed, or is busy with another call. */
  | 'enclave-unavailable'
  /** The platform directory cannot be read or written (permissions, I/O). Corrupt content is `malformed`. */
  | 'platform-state'
  /** The platform was provisioned by another vendor root, or a TCB update needs the vendor root. */
  | 'provisioning'
  /** The platform directory holds no provisioned platform: run the provisioning step first. */
  | 'not-provisioned'
  /** An enclave compartment stopped (its code threw, exited or was terminated); pending ecalls fail with this. */
  | 'enclave-crashed'
  /** A message across the host/enclave boundary is not plain data, too large or too deep. */
  | 'bad-message'
  /** An ecall's handler inside the enclave refused the call; {@link EnclaveCallError.innerCode} says why. */
  | 'ecall-failed'
  /** The interpreter refused the agent module, or the agent trapped. */
  | 'agent-failed';

/** An enclave operation was refused. `code` says why; the message is for people only. */
export class EnclaveError extends Error {
  override name = 'EnclaveError';
  /** Why it was refused. */
  readonly code: EnclaveErrorCode;
  /**
   * @param code - why the operation was refused
   * @param message - a human-readable explanation; never include secret bytes
   * @param options - an optional `cause` (only errors that carry no secrets)
   */
  constructor(code: EnclaveErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * Whether `e` is an {@link EnclaveError}, optionally with the given code.
 * @param e - anything thrown
 * @param code - the code to match, if any
 * @returns true when `e` is an enclave error (with that code)
 * @example
 * try { verifyQuote(q, policy); } catch (e) { if (isEnclaveError(e, 'svn-too-low')) upgrade(); else throw e; }
 */
export function isEnclaveError(e: unknown, code?: EnclaveErrorCode): e is EnclaveError {
  return e instanceof EnclaveError && (code === undefined || e.code === code);
}

/**
 * An ecall that the enclave's own code refused. `code` is always `ecall-failed`; `innerCode` is the code the
 * enclave gave (any lowercase word such as `rolled-back`, or `error` when it gave none). What the message says
 * is the enclave's choice: the platform forwards it only when the error carried a code, or the enclave is a
 * debug enclave.
 */
export class EnclaveCallError extends EnclaveError {
  override name = 'EnclaveCallError';
  /** The code the enclave's code gave. */
  readonly innerCode: string;
  /**
   * @param innerCode - the enclave's own code
   * @param message - the enclave's message (or a generic one)
   */
  constructor(innerCode: string, message: string) {
    super('ecall-failed', message);
    this.innerCode = innerCode;
  }
}
