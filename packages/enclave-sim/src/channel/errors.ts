/**
 * The one error class of the user channel (HPKE, agent attestations, requests, responses, the replay cache and
 * the client). Callers branch on `code`; messages are for people and never carry key bytes, plaintext or any
 * other secret.
 * @module
 */

/** Why a user-channel operation was refused. */
export type ChannelErrorCode =
  /** A request envelope is malformed, names another suite, or does not decrypt (wrong key, tampered, other agent). */
  | 'bad-request'
  /** A structure names a format version this code does not speak. */
  | 'unsupported-version'
  /** A structure or body exceeds its size limit; nothing was decrypted. */
  | 'too-large'
  /** A request that was already accepted once (same encapsulated key). */
  | 'replayed-request'
  /** A request whose timestamp lies outside the replay window (too old, too far in the future, or below the floor). */
  | 'stale-request'
  /** HPKE: an AEAD tag does not verify. */
  | 'open-failed'
  /** HPKE: a public or private key is unusable (wrong size, low order point, all-zero shared secret). */
  | 'bad-key'
  /** HPKE: the context's sequence number is exhausted (`MessageLimitReachedError`). */
  | 'message-limit'
  /** An agent attestation is malformed. */
  | 'bad-attestation'
  /** An agent attestation does not satisfy the policy: quote, enclave identity, agent id, key or module. */
  | 'attestation-mismatch'
  /** After a redirect, the agent presents another key than the one this client verified before. */
  | 'key-changed'
  /** A response envelope is malformed or does not decrypt. */
  | 'bad-response'
  /** The node answered in the clear where an encrypted response was asked for. */
  | 'plain-response'
  /** Too many redirects (or a redirect that does not name the same agent). */
  | 'bad-redirect'
  /** Serialised channel state (agent key, replay cache) is malformed. */
  | 'bad-state'
  /** The node answered an error (the node's own code is in `reason`). */
  | 'node-error';

/** A user-channel operation was refused. `code` says why; the message is for people only. */
export class ChannelError extends Error {
  override name = 'ChannelError';
  /** Why it was refused. */
  readonly code: ChannelErrorCode;
  /** A finer reason when one exists (the quote verifier's code, or a node's error code). Never secret. */
  readonly reason: string | undefined;
  /**
   * @param code - why the operation was refused
   * @param message - a human-readable explanation; never include secret bytes
   * @param options - an optional finer `reason` and `cause` (only errors that carry no secrets)
   */
  constructor(code: ChannelErrorCode, message: string, options?: { reason?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.reason = options?.reason;
  }
}

/**
 * Whether `e` is a {@link ChannelError}, optionally with the given code.
 * @param e - anything thrown
 * @param code - the code to match, if any
 * @returns true when `e` is a channel error (with that code)
 * @example
 * try { await client.call(body); } catch (e) { if (isChannelError(e, 'key-changed')) alarm(); else throw e; }
 */
export function isChannelError(e: unknown, code?: ChannelErrorCode): e is ChannelError {
  return e instanceof ChannelError && (code === undefined || e.code === code);
}

/** Keeps only the class name of a library error, so that no key or plaintext bytes can ride along as a cause. */
export function errorWithoutDetail(cause: unknown): Error {
  return new Error(cause instanceof Error ? cause.name : 'error');
}
