/**
 * Options shared by the commands that talk to a node: `--node URL` (default `$EDGEDANCER_NODE` or
 * `http://127.0.0.1:7070/`) and `--json`; and how errors from a node are shown.
 * @module
 */
import { ClientError } from '../node/client.js';
import type { OptionSpec, ParsedArgs } from '../args.js';
import { stringOption } from '../args.js';
import { ExitCode, type Io } from '../io.js';

/** The common options. */
export const NODE_CLIENT_OPTIONS: readonly OptionSpec[] = [{ name: 'node', value: true }, { name: 'json', value: false }];

/**
 * The node URL.
 * @param args - parsed arguments
 * @returns the URL
 */
export function nodeUrl(args: ParsedArgs): string {
  return stringOption(args, 'node') ?? process.env.EDGEDANCER_NODE ?? 'http://127.0.0.1:7070/';
}

/**
 * Runs a client action, printing a node's error as one line (or JSON) and exiting 1.
 * @param io - output
 * @param json - JSON output
 * @param action - the work
 * @returns the exit status
 */
export async function clientAction(io: Io, json: boolean, action: () => Promise<void>): Promise<ExitCode> {
  try {
    await action();
    return ExitCode.Ok;
  } catch (e) {
    const code = e instanceof ClientError ? e.code : ((e as { code?: string }).code ?? 'error');
    const reason = e instanceof ClientError ? e.reason : (e as { reason?: string }).reason;
    if (json) io.out(JSON.stringify({ error: { code, ...(reason === undefined ? {} : { reason }), message: (e as Error).message } }));
    else io.err(`edgedancer: ${code}${reason === undefined ? '' : ` (${reason})`}: ${(e as Error).message}`);
    return ExitCode.Failure;
  }
}
