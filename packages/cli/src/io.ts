/**
 * Where commands write: standard output for results, standard error for everything else. Tests pass their
 * own to capture the lines.
 * @module
 */

/** Line-oriented output of a command. */
export interface Io {
  /** Writes one line to standard output. */
  out(line: string): void;
  /** Writes one line to standard error. */
  err(line: string): void;
}

/** The process's own standard output and error. */
export const processIo: Io = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n'),
};

/** Exit statuses of the `edgedancer` command. */
export const ExitCode = {
  Ok: 0,
  /** A failure: test failures, a trap, a module that does not load. */
  Failure: 1,
  /** `run --fuel N` ran out of fuel. */
  OutOfFuel: 2,
  /** Bad command line (as sysexits' EX_USAGE). */
  Usage: 64,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
