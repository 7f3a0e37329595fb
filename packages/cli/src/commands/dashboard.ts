/**
 * `edgedancer dashboard`: asks a node (a request signed with the operator key, as every control request) for a
 * login URL of its dashboard, good once and for 60 seconds, and prints it: open it in a browser on a machine
 * that reaches the control listener; the page trades it for a session cookie (see docs/node-surface.md).
 * @module
 */
import { flag, parseArgs } from '../args.js';
import type { CliCommand } from '../command.js';
import { callNode } from '../node/client.js';
import { clientAction, NODE_CLIENT_OPTIONS, nodeUrl, operatorKey } from './node-client-options.js';

/** The `dashboard` subcommand. */
export const dashboardCommand: CliCommand = {
  name: 'dashboard',
  summary: "print a one-time login link to a node's dashboard (operators only)",
  usage:
    'usage: edgedancer dashboard [--node CONTROL-URL] [--operator-key FILE] [--json]\n\n' +
    "Prints a login URL for the node's dashboard (nodes, agents, migrations, request latency, live). The link works\n" +
    'once, within 60 seconds, on the control listener; the browser then holds a session cookie for that listener.',
  async run(argv, io) {
    const args = parseArgs(argv, NODE_CLIENT_OPTIONS);
    const json = flag(args, 'json');
    return clientAction(io, json, async () => {
      const r = await callNode<{ url: string; expiresAt: number; validForMs: number }>(
        nodeUrl(args),
        '/v1/dashboard/login',
        { method: 'POST', operator: operatorKey(args) },
      );
      if (json) return io.out(JSON.stringify(r));
      io.out(r.url);
      io.err(
        `open it within ${Math.round(r.validForMs / 1000)} s; it works once (run 'edgedancer dashboard' again for another)`,
      );
    });
  },
};
