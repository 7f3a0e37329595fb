/**
 * `edgedancer node`: runs an edge node (HTTP on loopback by default) until SIGINT/SIGTERM, when it seals its
 * idle agents into the state directory.
 * @module
 */
import { join, resolve } from 'node:path';
import { flag, parseArgs, positiveIntOption, stringOption, UsageError } from '../args.js';
import type { CliCommand } from '../command.js';
import { ExitCode, type Io } from '../io.js';
import { EdgeNode } from '../node/edge-node.js';
import type { NodeHooks } from '../node/node-hooks.js';
import { nodeServer } from '../node/node-http.js';

const USAGE = `usage: edgedancer node --name NAME --port PORT [--state-dir DIR] [--vendor-dir DIR] [--host ADDR]
                       [--peer NAME=URL …] [--timeout MS] [--json]

Runs an edge node: agents in simulated enclaves, served over HTTP, migrated to and from peers.
  --state-dir   platform identity, sealed agents, counters (default ./.edgedancer/NAME)
  --vendor-dir  the simulated vendor root all nodes trust (default STATE-DIR/../vendor)
  --host        address to listen on (default 127.0.0.1)
  --peer        a peer node, repeatable: edge-2=http://127.0.0.1:7072
  --timeout     per-message transfer timeout in ms (default 10000)`;

/** The `node` subcommand. */
export const nodeCommand: CliCommand = {
  name: 'node',
  summary: 'run an edge node that hosts, serves and migrates agents',
  usage: USAGE,
  run: (argv, io) => runNode(argv, io),
};

/**
 * Runs a node from its command line until SIGINT/SIGTERM.
 * @param argv - the arguments after `node`
 * @param io - output
 * @param extra - `hooks` given to the node (tests inject faults with them), `opened` told the node once open
 * @returns the exit status
 */
export async function runNode(argv: readonly string[], io: Io, extra: { hooks?: NodeHooks; opened?: (node: EdgeNode) => void } = {}): Promise<ExitCode> {
  const args = parseArgs(argv, [
    { name: 'name', value: true }, { name: 'port', value: true }, { name: 'state-dir', value: true },
    { name: 'vendor-dir', value: true }, { name: 'host', value: true }, { name: 'peer', value: true, repeat: true },
    { name: 'timeout', value: true }, { name: 'json', value: false },
  ]);
  const name = stringOption(args, 'name');
  const port = Number(stringOption(args, 'port') ?? NaN);
  if (name === undefined || !/^[A-Za-z0-9._-]{1,64}$/.test(name)) throw new UsageError('--name NAME is required (letters, digits, . _ -)');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port PORT is required');
  const stateDir = resolve(stringOption(args, 'state-dir') ?? join('.edgedancer', name));
  const peers = new Map<string, string>();
  for (const p of args.options.get('peer') ?? []) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new UsageError(`--peer needs NAME=URL, got ${p}`);
    peers.set(p.slice(0, eq), new URL(p.slice(eq + 1)).toString());
  }
  const timeoutMs = positiveIntOption(args, 'timeout') ?? 10_000;
  const node = EdgeNode.open({ name, stateDir, vendorDir: resolve(stringOption(args, 'vendor-dir') ?? join(stateDir, '..', 'vendor')), peers, timeoutMs, ...(extra.hooks === undefined ? {} : { hooks: extra.hooks }) });
  extra.opened?.(node);
  const server = nodeServer(node);
  const host = stringOption(args, 'host') ?? '127.0.0.1';
  await new Promise<void>((ok) => server.listen(port, host, ok));
  const addr = server.address();
  const actual = typeof addr === 'object' && addr !== null ? addr.port : port;
  const url = `http://${host}:${actual}/`;
  if (flag(args, 'json')) io.out(JSON.stringify({ name, url, pid: process.pid, agents: node.agents.size }));
  else io.out(`edgedancer node ${name} listening on ${url} (state ${stateDir}, ${node.agents.size} agent(s) restored)`);
  await new Promise<void>((done) => {
    const stop = (): void => {
      node.closing = true;
      node.persistAll();
      server.close();
      server.closeAllConnections();
      done();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return ExitCode.Ok;
}
