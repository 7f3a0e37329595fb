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
import { parsePeer, type PeerSpec } from '../node/peer-pins.js';
import { readRootCertificate } from './platform.js';

const USAGE = `usage: edgedancer node --name NAME --port PORT --platform-dir DIR [--vendor-cert FILE] [--state-dir DIR]
                       [--host ADDR] [--peer NAME=URL[#PLATFORM-ID] …] [--timeout MS] [--json]

Runs an edge node: agents in simulated enclaves, served over HTTP, migrated to and from peers. The node holds
no vendor key: its platform is provisioned beforehand (edgedancer platform provision, where the vendor root
lives).
  --platform-dir  the node's provisioned platform (its "hardware": keys, counters), apart from the state dir
  --vendor-cert   the vendor root certificate the platform must be certified by (public; optional check)
  --state-dir     sealed agents, decisions, pins (default ./.edgedancer/NAME): host files, untrusted
  --host          address to listen on (default 127.0.0.1)
  --peer          a peer node, repeatable: edge-2=http://127.0.0.1:7072, pinned to a platform id with
                  #HEX; without one, the first platform a transfer to it verifies is pinned
  --timeout       per-message transfer timeout in ms (default 10000)`;

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
    { name: 'platform-dir', value: true }, { name: 'vendor-cert', value: true }, { name: 'vendor-dir', value: true },
    { name: 'host', value: true }, { name: 'peer', value: true, repeat: true },
    { name: 'timeout', value: true }, { name: 'json', value: false },
  ]);
  const name = stringOption(args, 'name');
  const port = Number(stringOption(args, 'port') ?? NaN);
  if (name === undefined || !/^[A-Za-z0-9._-]{1,64}$/.test(name)) throw new UsageError('--name NAME is required (letters, digits, . _ -)');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port PORT is required');
  if (stringOption(args, 'vendor-dir') !== undefined) throw new UsageError('a node takes no --vendor-dir (it holds no vendor key): provision its platform with edgedancer platform provision and pass --platform-dir');
  const platformDir = stringOption(args, 'platform-dir');
  if (platformDir === undefined) throw new UsageError('--platform-dir DIR is required (provision it with edgedancer platform provision)');
  const stateDir = resolve(stringOption(args, 'state-dir') ?? join('.edgedancer', name));
  const peers = new Map<string, PeerSpec>();
  for (const p of args.options.get('peer') ?? []) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new UsageError(`--peer needs NAME=URL[#PLATFORM-ID], got ${p}`);
    try {
      peers.set(p.slice(0, eq), parsePeer(p.slice(eq + 1)));
    } catch (e) {
      throw new UsageError(`--peer ${p}: ${(e as Error).message}`);
    }
  }
  const cert = stringOption(args, 'vendor-cert');
  const timeoutMs = positiveIntOption(args, 'timeout') ?? 10_000;
  const node = await EdgeNode.open({
    name, stateDir, platformDir: resolve(platformDir), peers, timeoutMs,
    ...(cert === undefined ? {} : { vendorCertificate: readRootCertificate(cert) }),
    ...(extra.hooks === undefined ? {} : { hooks: extra.hooks }),
  });
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
      server.close();
      server.closeAllConnections();
      void node.persistAll().then(() => node.terminateAll()).finally(done);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return ExitCode.Ok;
}
