/**
 * Options shared by the commands that talk to a node: `--node URL` (the control listener: default
 * `$EDGEDANCER_NODE` or `http://127.0.0.1:8070/`; for `call`, the public listener: `$EDGEDANCER_AGENTS` or
 * `http://127.0.0.1:7070/`), `--operator-key FILE` (default `$EDGEDANCER_OPERATOR_KEY` or
 * `~/.edgedancer/operator-key.pem`) and `--json`; and how errors from a node are shown.
 * @module
 */

import type { OptionSpec, ParsedArgs } from '../args.js';
import { stringOption } from '../args.js';
import { ExitCode, errorLine, type Io } from '../io.js';
import { ClientError } from '../node/client.js';
import { defaultOperatorKeyPath, loadOperatorKey, type OperatorKey } from '../node/operator-key.js';

/** The common options. */
export const NODE_CLIENT_OPTIONS: readonly OptionSpec[] = [
  { name: 'node', value: true },
  { name: 'operator-key', value: true },
  { name: 'json', value: false },
];

/**
 * The node's control URL.
 * @param args - parsed arguments
 * @returns the URL
 */
export function nodeUrl(args: ParsedArgs): string {
  return stringOption(args, 'node') ?? process.env.EDGEDANCER_NODE ?? 'http://127.0.0.1:8070/';
}

/**
 * A node's public URL (where agents answer).
 * @param args - parsed arguments
 * @returns the URL
 */
export function agentsUrl(args: ParsedArgs): string {
  return stringOption(args, 'node') ?? process.env.EDGEDANCER_AGENTS ?? 'http://127.0.0.1:7070/';
}

/**
 * The operator key that signs control requests (`--operator-key` or the default file).
 * @param args - parsed arguments
 * @returns the key
 * @throws OperatorKeyError `no-operator-key` (shown with how to create one)
 */
export function operatorKey(args: ParsedArgs): OperatorKey {
  return loadOperatorKey(stringOption(args, 'operator-key') ?? defaultOperatorKeyPath());
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
    if (json)
      io.out(
        JSON.stringify({ error: { code, ...(reason === undefined ? {} : { reason }), message: (e as Error).message } }),
      );
    else io.err(`edgedancer: ${errorLine(e)}${reason === undefined ? '' : ` [${reason}]`}`);
    return ExitCode.Failure;
  }
}
