/**
 * `edgedancer operator init [--operator-key FILE] [--force]` creates the operator key (Ed25519) that signs
 * requests to nodes' control listeners, and its public half to start nodes with; `edgedancer operator show`
 * prints where it is and its key id.
 * @module
 */
import { flag, parseArgs, stringOption, UsageError } from '../args.js';
import type { CliCommand } from '../command.js';
import { ExitCode } from '../io.js';
import {
  createOperatorKey,
  defaultOperatorKeyPath,
  loadOperatorKey,
  OperatorKeyError,
  publicKeyPathOf,
} from '../node/operator-key.js';

const USAGE = `usage: edgedancer operator init [--operator-key FILE] [--force] [--json]
       edgedancer operator show [--operator-key FILE] [--json]

init  creates an Ed25519 operator key (private, mode 0600) and its public half beside it (FILE.pub.pem);
      default FILE: $EDGEDANCER_OPERATOR_KEY or ~/.edgedancer/operator-key.pem. Start nodes with the public
      half (their default) and the client commands (deploy, ps, migrate, logs, stop, persist, node-status) sign
      with the private one (their default, or --operator-key FILE).
show  prints the key's files and key id.`;

/** The `operator` subcommand. */
export const operatorCommand: CliCommand = {
  name: 'operator',
  summary: 'create or show the operator key that signs requests to nodes',
  usage: USAGE,
  async run(argv, io) {
    const args = parseArgs(argv, [
      { name: 'operator-key', value: true },
      { name: 'force', value: false },
      { name: 'json', value: false },
    ]);
    const [action, ...more] = args.positionals;
    if ((action !== 'init' && action !== 'show') || more.length > 0) throw new UsageError('expected init or show');
    const path = stringOption(args, 'operator-key') ?? defaultOperatorKeyPath();
    try {
      const key = action === 'init' ? createOperatorKey(path, { force: flag(args, 'force') }) : loadOperatorKey(path);
      const info = { key: path, publicKey: publicKeyPathOf(path), keyid: key.keyid };
      if (flag(args, 'json')) io.out(JSON.stringify(info));
      else
        io.out(
          `${action === 'init' ? 'created' : 'operator key'} ${info.key} (public half ${info.publicKey}), keyid ${info.keyid}`,
        );
      return ExitCode.Ok;
    } catch (e) {
      if (!(e instanceof OperatorKeyError)) throw e;
      io.err(`edgedancer operator: ${e.code}: ${e.message}`);
      return ExitCode.Failure;
    }
  },
};
