/**
 * Typed errors of the WASI host: `WasiError` carries an errno back to the guest, `WasiExit` ends a run with an
 * exit code (`proc_exit`), and `WasiStateError` rejects host state bytes that cannot be imported.
 * @module
 */
import { Errno, type ErrnoName, errnoName } from './constants.js';

/**
 * A failure that a WASI function reports to the guest as an errno value. Thrown inside the host and turned into
 * the function's result at the import boundary; it never reaches the guest as an exception.
 */
export class WasiError extends Error {
  /** The spec's name of the errno (`noent`, `badf`, …). */
  readonly code: ErrnoName;
  /** The errno value returned to the guest. */
  readonly errno: number;
  /**
   * @param code the errno name
   * @example throw new WasiError('noent')
   */
  constructor(code: ErrnoName) {
    super(`wasi errno ${code}`);
    this.name = 'WasiError';
    this.code = code;
    this.errno = Errno[code];
  }
  /**
   * The error for an errno value.
   * @throws RangeError when the value is not a known errno
   */
  static of(errno: number): WasiError {
    const name = errnoName(errno);
    if (name === undefined) throw new RangeError(`unknown errno ${errno}`);
    return new WasiError(name);
  }
}

/**
 * Thrown by `proc_exit`: the run ends with `exitCode`. It propagates out of `Execution.run` (which aborts the
 * execution) and is caught by `WasiCommand.run` / `runWasiCommand`.
 */
export class WasiExit extends Error {
  readonly code = 'exit' as const;
  /** The exit code the guest passed to `proc_exit` (a u32). */
  readonly exitCode: number;
  /** @param exitCode the guest's exit code */
  constructor(exitCode: number) {
    super(`wasi proc_exit(${exitCode})`);
    this.name = 'WasiExit';
    this.exitCode = exitCode;
  }
}

/** Why host state bytes were rejected. */
export type WasiStateErrorCode =
  | 'bad-magic'
  | 'bad-version'
  | 'truncated'
  | 'trailing-bytes'
  | 'bad-value'
  | 'non-canonical'
  | 'unsupported-backend';

/** Host state bytes that `importState` (or a file system's `fromState`) cannot accept. */
export class WasiStateError extends Error {
  readonly code: WasiStateErrorCode;
  /**
   * @param code why
   * @param detail what was wrong (never secret bytes)
   */
  constructor(code: WasiStateErrorCode, detail: string) {
    super(`wasi state: ${code}: ${detail}`);
    this.name = 'WasiStateError';
    this.code = code;
  }
}
