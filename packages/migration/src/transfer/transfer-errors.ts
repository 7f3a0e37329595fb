/**
 * The error class of the transfer protocol. Callers branch on `code` (and, for a refusal that came from a
 * verifier, a restore or the peer, on `reason`), never on the message; messages never carry key or payload bytes.
 * @module
 */

/**
 * Why a transfer failed. Kebab-case, stable; the meaning of each is listed in `docs/transfer-protocol.md`
 * ("Errors").
 */
export type TransferErrorCode =
  | 'attestation-refused'
  | 'bad-mac'
  | 'out-of-order'
  | 'timeout'
  | 'connection-closed'
  | 'protocol-violation'
  | 'frame-too-large'
  | 'module-mismatch'
  | 'replayed-snapshot'
  | 'restore-failed'
  | 'refused'
  | 'peer-refused';

/** A transfer failed; on the source the agent continues, on the destination nothing was kept. */
export class TransferError extends Error {
  override name = 'TransferError';
  /** The stable reason. */
  readonly code: TransferErrorCode;
  /**
   * The underlying code when another component refused: the verifier's (`measurement-mismatch`,
   * `debug-not-allowed`, `svn-too-low`, `report-data-mismatch`, …), the restore's (`replayed-snapshot`, …),
   * or the peer's `code` for `peer-refused`.
   */
  readonly reason: string | undefined;

  /**
   * @param code - the stable reason
   * @param message - for people; never parsed
   * @param options - `reason` as above, `cause` the underlying error
   */
  constructor(code: TransferErrorCode, message: string, options: { reason?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.reason = options.reason;
  }
}

/**
 * Whether a value is a {@link TransferError}, optionally of one code.
 * @param e - anything caught
 * @param code - the code to match
 * @returns true when it is
 */
export function isTransferError(e: unknown, code?: TransferErrorCode): e is TransferError {
  return e instanceof TransferError && (code === undefined || e.code === code);
}

/**
 * The `code` of any error that has one (verifier, snapshot, agent errors), else `undefined`.
 * @param e - anything caught
 * @returns its code
 */
export function codeOf(e: unknown): string | undefined {
  const c = (e as { code?: unknown } | null)?.code;
  return typeof c === 'string' ? c : undefined;
}
