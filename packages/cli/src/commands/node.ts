/**
 * `edgedancer node`: runs an edge node (a public and a control listener, both on loopback by default) until
 * SIGINT/SIGTERM, when it seals its idle agents into the state directory.
 * @module
 */

import type { Server } from 'node:http';
import { join, resolve } from 'node:path';
import { flag, parseArgs, positiveIntOption, stringOption, UsageError } from '../args.js';
import type { CliCommand } from '../command.js';
import { ExitCode, type Io } from '../io.js';
import { controlServer } from '../node/control-http.js';
import { EdgeNode } from '../node/edge-node.js';
import type { NodeLimits } from '../node/limits.js';
import type { NodeHooks } from '../node/node-hooks.js';
import { nodeServer } from '../node/node-http.js';
import {
  defaultOperatorKeyPath,
  loadOperatorPublicKeys,
  OperatorKeyError,
  publicKeyPathOf,
} from '../node/operator-key.js';
import { type PeerSpec, parsePeer } from '../node/peer-pins.js';
import { readRootCertificate } from './platform.js';

const USAGE = `usage: edgedancer node --name NAME --port PORT --platform-dir DIR [--vendor-cert FILE] [--state-dir DIR]
                       [--host ADDR]
                       [--control-port PORT] [--control-host ADDR] [--operator-key-file FILE …]
                       [--allow-signer MRSIGNER …] [--debug-enclaves] [--peer NAME=URL[#PLATFORM-ID] …] [--timeout MS]
                       [--max-agents N] [--max-memory-pages N] [--request-fuel N] [--request-ms MS]
                       [--max-request-bytes N] [--max-module-bytes N] [--max-connections N]
                       [--max-connections-per-source N] [--headers-timeout MS] [--request-timeout MS]
                       [--idle-timeout MS] [--max-pending-transfers N] [--transfer-auth-timeout MS] [--json]

Runs an edge node: agents in simulated enclaves, served over HTTP, migrated to and from peers. The node holds
no vendor key: its platform is provisioned beforehand (edgedancer platform provision, where the vendor root
lives).
The public listener (--host, --port) serves requests to agents (/a/ID) and peers' transfers; the control
listener (--control-host, --control-port) serves operators only, every request signed with an operator key.
  --platform-dir       the node's provisioned platform (its "hardware": keys, counters), apart from the state dir
  --vendor-cert        the vendor root certificate the platform must be certified by (public; optional check)
  --state-dir          sealed agents, decisions, pins, ids (default ./.edgedancer/NAME): host files, untrusted
  --host               public address (default 127.0.0.1)
  --control-port       control port (default PORT+1000; 0 = any free port)
  --control-host       control address (default 127.0.0.1: keep it off the network)
  --operator-key-file  an operator's public key (or private key file), repeatable (default: the public half of
                       the default operator key, $EDGEDANCER_OPERATOR_KEY or ~/.edgedancer/operator-key.pem)
  --allow-signer       mrSigner (hex) whose agents this node admits, repeatable (\`edgedancer sign\` prints it)
  --debug-enclaves     admit debug enclaves (development only)
  --peer               a peer node, repeatable: edge-2=http://127.0.0.1:7072, pinned to a platform id with
                       #HEX; without one, the first platform a transfer to it verifies is pinned
  --timeout            per-message transfer timeout in ms (default 10000)
  --max-agents, --max-memory-pages, --request-fuel, --request-ms, --max-request-bytes, --max-module-bytes
                       limits (defaults 100 agents, 4096 pages, 2e9 instructions and 30000 ms a request,
                       1 MiB a request, 8 MiB a module)
  --max-connections, --max-connections-per-source, --headers-timeout, --request-timeout, --idle-timeout
                       the public listener's connection limits (defaults 1024, 128, 10000 ms, 30000 ms,
                       30000 ms)
  --max-pending-transfers, --transfer-auth-timeout
                       transfer connections not yet attested (default 16 at once, 4 per source, 10000 ms)`;

/** The `node` subcommand. */
export const nodeCommand: CliCommand = {
  name: 'node',
  summary: 'run an edge node that hosts, serves and migrates agents',
  usage: USAGE,
  run: (argv, io) => runNode(argv, io),
};

const listen = (server: Server, port: number, host: string): Promise<number> =>
  new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      const a = server.address();
      ok(typeof a === 'object' && a !== null ? a.port : port);
    });
  });

const urlOf = (host: string, port: number): string => `http://${host.includes(':') ? `[${host}]` : host}:${port}/`;

/**
 * Runs a node from its command line until SIGINT/SIGTERM.
 * @param argv - the arguments after `node`
 * @param io - output
 * @param extra - `hooks` given to the node (tests inject faults with them), `opened` told the node once open
 * @returns the exit status
 */
export async function runNode(
  argv: readonly string[],
  io: Io,
  extra: { hooks?: NodeHooks; opened?: (node: EdgeNode) => void } = {},
): Promise<ExitCode> {
  const args = parseArgs(argv, [
    { name: 'name', value: true },
    { name: 'port', value: true },
    { name: 'state-dir', value: true },
    { name: 'platform-dir', value: true },
    { name: 'vendor-cert', value: true },
    { name: 'vendor-dir', value: true },
    { name: 'host', value: true },
    { name: 'peer', value: true, repeat: true },
    { name: 'timeout', value: true },
    { name: 'json', value: false },
    { name: 'control-port', value: true },
    { name: 'control-host', value: true },
    { name: 'operator-key-file', value: true, repeat: true },
    { name: 'allow-signer', value: true, repeat: true },
    { name: 'debug-enclaves', value: false },
    { name: 'max-agents', value: true },
    { name: 'max-memory-pages', value: true },
    { name: 'request-fuel', value: true },
    { name: 'request-ms', value: true },
    { name: 'max-request-bytes', value: true },
    { name: 'max-module-bytes', value: true },
    { name: 'max-connections', value: true },
    { name: 'max-connections-per-source', value: true },
    { name: 'headers-timeout', value: true },
    { name: 'request-timeout', value: true },
    { name: 'idle-timeout', value: true },
    { name: 'max-pending-transfers', value: true },
    { name: 'transfer-auth-timeout', value: true },
  ]);
  const name = stringOption(args, 'name');
  const port = Number(stringOption(args, 'port') ?? NaN);
  if (name === undefined || !/^[A-Za-z0-9._-]{1,64}$/.test(name))
    throw new UsageError('--name NAME is required (letters, digits, . _ -)');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port PORT is required');
  const controlPort = Number(stringOption(args, 'control-port') ?? (port === 0 ? 0 : port + 1000));
  if (!Number.isInteger(controlPort) || controlPort < 0 || controlPort > 65535)
    throw new UsageError('--control-port must be a port');
  if (stringOption(args, 'vendor-dir') !== undefined)
    throw new UsageError(
      'a node takes no --vendor-dir (it holds no vendor key): provision its platform with edgedancer platform provision and pass --platform-dir',
    );
  const platformDir = stringOption(args, 'platform-dir');
  if (platformDir === undefined)
    throw new UsageError('--platform-dir DIR is required (provision it with edgedancer platform provision)');
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
  const signers = new Set<string>();
  for (const s of args.options.get('allow-signer') ?? []) {
    if (!/^[0-9a-fA-F]{64}$/.test(s))
      throw new UsageError(`--allow-signer needs an mrSigner of 64 hex digits, got ${s}`);
    signers.add(s.toLowerCase());
  }
  const keyFiles = args.options.get('operator-key-file') ?? [publicKeyPathOf(defaultOperatorKeyPath())];
  let keys;
  try {
    keys = loadOperatorPublicKeys(keyFiles);
  } catch (e) {
    if (e instanceof OperatorKeyError) throw new UsageError(`${e.message} (or pass --operator-key-file)`);
    throw e;
  }
  const limit = (o: string): number | undefined => positiveIntOption(args, o);
  const limits: Partial<NodeLimits> = {};
  const set = (k: keyof NodeLimits, o: string): void => {
    const v = limit(o);
    if (v !== undefined) (limits as Record<string, number>)[k] = v;
  };
  set('maxAgents', 'max-agents');
  set('maxMemoryPages', 'max-memory-pages');
  set('requestFuel', 'request-fuel');
  set('requestMs', 'request-ms');
  set('maxRequestBytes', 'max-request-bytes');
  set('maxModuleBytes', 'max-module-bytes');
  set('maxConnections', 'max-connections');
  set('maxConnectionsPerSource', 'max-connections-per-source');
  set('headersTimeoutMs', 'headers-timeout');
  set('requestTimeoutMs', 'request-timeout');
  set('idleTimeoutMs', 'idle-timeout');
  set('maxPendingTransfers', 'max-pending-transfers');
  set('transferPreAuthMs', 'transfer-auth-timeout');
  const timeoutMs = positiveIntOption(args, 'timeout') ?? 10_000;
  const cert = stringOption(args, 'vendor-cert');
  const node = await EdgeNode.open({
    name,
    stateDir,
    platformDir: resolve(platformDir),
    peers,
    timeoutMs,
    limits,
    ...(cert === undefined ? {} : { vendorCertificate: readRootCertificate(cert) }),
    admission: { allowSigners: signers, debugEnclaves: flag(args, 'debug-enclaves') },
    ...(extra.hooks === undefined ? {} : { hooks: extra.hooks }),
  });
  extra.opened?.(node);
  const host = stringOption(args, 'host') ?? '127.0.0.1';
  const controlHost = stringOption(args, 'control-host') ?? '127.0.0.1';
  const pub = nodeServer(node);
  const control = controlServer(node, { keys, host: controlHost, port: controlPort });
  const actual = await listen(pub.server, port, host);
  const actualControl = await listen(control.server, controlPort, controlHost);
  const url = urlOf(host, actual);
  control.bound(actualControl, url);
  const controlUrl = urlOf(controlHost, actualControl);
  if (flag(args, 'json'))
    io.out(
      JSON.stringify({
        name,
        url,
        controlUrl,
        pid: process.pid,
        agents: node.agents.size,
        operatorKeys: [...keys.keys()],
      }),
    );
  else {
    io.out(
      `edgedancer node ${name} listening on ${url} (control ${controlUrl}, state ${stateDir}, ${node.agents.size} agent(s) restored)`,
    );
    if (signers.size === 0)
      io.err('edgedancer node: no --allow-signer given: every deploy and arriving agent is refused');
  }
  await new Promise<void>((done) => {
    const stop = (): void => {
      node.closing = true;
      for (const s of [pub.server, control.server]) {
        s.close();
        s.closeAllConnections();
      }
      void node
        .persistAll()
        .then(() => node.terminateAll())
        .catch((e: unknown) => io.err(`edgedancer node: shutdown: ${(e as Error)?.message ?? String(e)}`))
        .finally(done);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return ExitCode.Ok;
}
