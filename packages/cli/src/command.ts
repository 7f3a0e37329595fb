/**
 * The shape of one `edgedancer` subcommand: a file under `commands/` exports one of these.
 * @module
 */
import type { ExitCode, Io } from './io.js';

/** A subcommand. */
export interface CliCommand {
  /** The word after `edgedancer`. */
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The full usage text shown by `--help`. */
  readonly usage: string;
  /**
   * Runs the command.
   * @param argv - the arguments after the command name
   * @param io - where to write
   * @returns the exit status
   * @throws UsageError on a bad command line
   */
  run(argv: readonly string[], io: Io): Promise<ExitCode>;
}
