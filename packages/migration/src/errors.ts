/**
 * The one error class of this package. Callers branch on `code`, never on the message.
 * @module
 */

/**
 * Why a snapshot or delta could not be encoded, decoded or applied. Kebab-case, stable across versions.
 * The meaning of each code is listed in `docs/snapshot-format.md` ("Error codes").
 */
export type SnapshotErrorCode =
  | 'bad-magic'
  | 'unsupported-version'
  | 'truncated'
  | 'trailing-bytes'
  | 'bad-section'
  | 'bad-length'
  | 'bad-type'
  | 'bad-index'
  | 'bad-value'
  | 'bad-utf8'
  | 'non-canonical'
  | 'module-mismatch'
  | 'agent-mismatch'
  | 'limit-exceeded'
  | 'unsupported-extern'
  | 'unsupported-state'
  | 'too-large'
  | 'base-mismatch'
  | 'counter-regression';

/**
 * A snapshot failed to encode, decode or apply. Never carries snapshot bytes or host values in its message.
 * @example
 * try { decodeSnapshot(bytes); } catch (e) { if (e instanceof SnapshotError && e.code === 'module-mismatch') … }
 */
export class SnapshotError extends Error {
  override name = 'SnapshotError';
  /** What went wrong, machine-readable. */
  readonly code: SnapshotErrorCode;
  /** Byte offset in the input where it was found, when decoding (otherwise `-1`). */
  readonly offset: number;
  /**
   * @param code what went wrong
   * @param detail a short description for humans (no secret or host data)
   * @param offset byte offset in the input, or -1
   */
  constructor(code: SnapshotErrorCode, detail: string, offset = -1) {
    super(offset >= 0 ? `${code}: ${detail} (at byte ${offset})` : `${code}: ${detail}`);
    this.code = code;
    this.offset = offset;
  }
}

/**
 * Throws a `SnapshotError`. A function so that checks read as one line.
 * @throws {SnapshotError} always
 */
export function fail(code: SnapshotErrorCode, detail: string, offset = -1): never {
  throw new SnapshotError(code, detail, offset);
}
