/**
 * What running one script command produced.
 * @module
 */

/** The result of one command. */
export interface CommandOutcome {
  /** Line of the command's opening parenthesis. */
  readonly line: number;
  /** The command as the script names it (`assert_return`, `module`, …). */
  readonly command: string;
  readonly passed: boolean;
  /** Why it failed, or a note about a pass. */
  readonly detail?: string;
  /** The command failed the right way, but the error message does not contain the expected text. */
  readonly messageMismatch?: { readonly expected: string; readonly actual: string };
}

/** The result of one script. */
export interface ScriptOutcome {
  readonly outcomes: readonly CommandOutcome[];
  /** Round trips done by the engine while running the script. */
  readonly suspensions: number;
}
