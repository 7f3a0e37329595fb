/**
 * The node's control listener, for operators only (loopback by default, a port of its own). Every request is
 * signed with an operator key the node was started with (RFC 9421, `http-signatures.ts`), checked before its body
 * is read; its `Host` must name the listener, browsers are refused, and JSON routes take only
 * `application/json`. Routes (JSON):
 * `GET /v1/node[?reset-event-loop=1]` (status, peers, migrations, refusals, limits, counts, event-loop delays); `GET /v1/agents`; `POST /v1/agents`
 * (deploy: `{ id?, module, manifest }`, base64); `GET|DELETE /v1/agents/:id`; `GET /v1/agents/:id/logs?since=N`;
 * `POST /v1/agents/:id/migrate` (`{ to, stopAndCopy? }`); `PUT /v1/peers/:name` (`{ url, platformId? }`: a peer
 * added, or a known one's new address; a configured pin never changes); `POST /v1/persist`. An agent that moved away answers
 * 404 `agent-moved` with the peer's `location`. `POST /v1/dashboard/login` mints a single-use login URL for the
 * operators' dashboard, which is served under `/dashboard/` to a browser session (`dashboard/dashboard-http.ts`).
 * @module
 */

import type { KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { type DashboardContext, handleDashboard, isDashboardPath } from './dashboard/dashboard-http.js';
import { DashboardSessions, LOGIN_TOKEN_MS } from './dashboard/dashboard-sessions.js';
import type { EdgeNode } from './edge-node.js';
import { NodeError, parseJsonObject, readBody, sendError, sendJson } from './http-io.js';
import { checkBodyDigest, type SignedRequestParts, verifyRequest } from './http-signatures.js';
import { parseAskedLimits } from './limits.js';
import { guardListener, type ListenerStats, serverOptions } from './listener-guard.js';
import { NonceCache } from './nonce-cache.js';
import { type PeerSpec, parsePeer } from './peer-pins.js';
import { allowedHosts, checkHost, refuseBrowser, requireJson } from './request-guard.js';

/** Options of the control listener. */
export interface ControlOptions {
  /** Operator public keys by `keyid`. */
  readonly keys: ReadonlyMap<string, KeyObject>;
  /** The address and port it is bound to (for the `Host` check); a wildcard address accepts any `Host`. */
  readonly host: string;
  readonly port: number;
}

/** A control listener. */
export interface ControlServer {
  readonly server: Server;
  readonly stats: ListenerStats;
  /** Sets the port actually bound (after `listen` on port 0), and the public listener's URL (for the dashboard). */
  bound(port: number, publicUrl?: string): void;
}

const ID = /^[A-Za-z0-9._~-]{1,128}$/;

/**
 * Creates the control listener (not listening yet).
 * @param node - the node
 * @param options - keys and address
 * @returns the server
 */
export function controlServer(node: EdgeNode, options: ControlOptions): ControlServer {
  // operators may run many requests at once; strangers' connections are closed by the header and idle timeouts
  const limits = { ...node.limits, maxConnections: 256, maxConnectionsPerSource: 256 };
  const nonces = new NonceCache();
  let hosts = wildcard(options.host) ? null : allowedHosts(options.host, options.port);
  let dashboard: DashboardContext = { node, sessions: new DashboardSessions(), port: options.port, publicUrl: '' };
  const server = createServer(serverOptions(limits), (req, res) => {
    handle(node, options, hosts, nonces, dashboard, req, res).catch((e: unknown) => sendError(res, e));
  });
  server.on('upgrade', (_req, socket) => {
    socket.on('error', () => undefined);
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  const stats = guardListener(server, limits);
  return {
    server,
    stats,
    bound: (port, publicUrl) => {
      hosts = wildcard(options.host) ? null : allowedHosts(options.host, port);
      dashboard = { ...dashboard, port, publicUrl: publicUrl ?? dashboard.publicUrl };
    },
  };
}

const wildcard = (host: string): boolean => host === '0.0.0.0' || host === '::' || host === '';

async function handle(
  node: EdgeNode,
  options: ControlOptions,
  hosts: ReadonlySet<string> | null,
  nonces: NonceCache,
  dashboard: DashboardContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  checkHost(req, hosts);
  // the dashboard is for a browser: its own checks (same origin only) and its session cookie instead of signatures
  if (isDashboardPath(new URL(req.url ?? '/', 'http://control').pathname)) return handleDashboard(dashboard, req, res);
  refuseBrowser(req);
  const parts: SignedRequestParts = {
    method: req.method ?? 'GET',
    authority: req.headers.host ?? '',
    target: req.url ?? '/',
    headers: req.headers,
  };
  const keyid = verifyRequest(parts, { keys: options.keys, nonces });
  requireJson(req);
  const url = new URL(req.url ?? '/', 'http://control');
  const isDeploy = req.method === 'POST' && url.pathname === '/v1/agents';
  const body = await readBody(
    req,
    isDeploy ? Math.ceil((node.limits.maxModuleBytes * 4) / 3) + 256 * 1024 : node.limits.maxControlBodyBytes,
  );
  checkBodyDigest(parts, body);
  if (req.method === 'POST' && url.pathname === '/v1/dashboard/login') {
    // a login URL on the authority the operator signed for (the Host checked above): good once, for 60 s
    const { token, expiresAt } = dashboard.sessions.mintToken(keyid);
    return sendJson(res, 200, {
      url: `http://${req.headers.host ?? ''}/dashboard/login?token=${token}`,
      expiresAt,
      validForMs: LOGIN_TOKEN_MS,
    });
  }
  await route(node, req.method ?? 'GET', url, body, res);
}

async function route(node: EdgeNode, method: string, url: URL, body: Uint8Array, res: ServerResponse): Promise<void> {
  let parts: string[];
  try {
    parts = url.pathname
      .split('/')
      .filter((p) => p !== '')
      .map(decodeURIComponent);
  } catch {
    throw new NodeError(400, 'bad-request', 'malformed path');
  }
  if (parts[0] !== 'v1') throw new NodeError(404, 'not-found', 'no such route');
  const [, what, id, sub, ...rest] = parts;
  if (rest.length > 0) throw new NodeError(404, 'not-found', 'no such route');
  if (what === 'node' && id === undefined && method === 'GET') {
    const status = node.status();
    // `?reset-event-loop=1`: start measuring the event loop's delays afresh (after a warm-up)
    if (url.searchParams.get('reset-event-loop') === '1') {
      node.watch.reset();
    }
    return sendJson(res, 200, status);
  }
  if (what === 'peers' && id !== undefined && sub === undefined && method === 'PUT') {
    // a peer's address, added or changed (`{ url, platformId? }`); its configured pin never changes
    if (!ID.test(id)) throw new NodeError(400, 'bad-peer-name', 'a peer name is 1 to 128 letters, digits and . _ ~ -');
    const b = parseJsonObject(body);
    if (typeof b.url !== 'string' || (b.platformId !== undefined && typeof b.platformId !== 'string'))
      throw new NodeError(400, 'bad-request', 'a peer needs "url" (and optionally "platformId", hex)');
    let spec: PeerSpec;
    try {
      spec = parsePeer(b.platformId === undefined ? b.url : `${b.url}#${b.platformId}`);
    } catch (e) {
      throw new NodeError(400, 'bad-peer', (e as Error).message);
    }
    if (!/^https?:$/.test(new URL(spec.url).protocol)) throw new NodeError(400, 'bad-peer', 'a peer URL is http');
    node.setPeer(id, spec);
    return sendJson(res, 200, { peer: id, ...node.pins.list()[id] });
  }
  if (what === 'persist' && id === undefined && method === 'POST') {
    const written = await node.persistAll();
    return sendJson(res, 200, { ok: true, written });
  }
  if (what !== 'agents') throw new NodeError(404, 'not-found', 'no such route');
  if (id === undefined) {
    if (method === 'GET')
      return sendJson(res, 200, { agents: await Promise.all([...node.agents.values()].map((r) => node.describe(r))) });
    if (method === 'POST') {
      const b = parseJsonObject(body);
      if (typeof b.module !== 'string' || typeof b.manifest !== 'string')
        throw new NodeError(400, 'bad-request', 'deploy needs "module" and "manifest" (base64)');
      if (b.id !== undefined && (typeof b.id !== 'string' || !ID.test(b.id)))
        throw new NodeError(400, 'bad-agent-id', 'an agent id is 1 to 128 letters, digits and . _ ~ -');
      const module = new Uint8Array(Buffer.from(b.module, 'base64'));
      const manifest = new Uint8Array(Buffer.from(b.manifest, 'base64'));
      const asked = parseAskedLimits(b.limits, node.limits, true);
      const r = await node.deploy(module, manifest, typeof b.id === 'string' ? b.id : undefined, asked);
      return sendJson(res, 201, await node.describe(r));
    }
    throw new NodeError(405, 'method-not-allowed', 'GET or POST');
  }
  const r = node.agents.get(id);
  const here = (): NonNullable<typeof r> => {
    if (r !== undefined) return r;
    const to = node.registry.gone.get(id);
    if (to !== undefined) throw new NodeError(404, 'agent-moved', `agent ${id} moved to ${to}`, { location: to });
    throw new NodeError(404, 'unknown-agent', `no agent ${id} here`);
  };
  if (sub === undefined && method === 'GET') return sendJson(res, 200, await node.describe(here()));
  if (sub === undefined && method === 'DELETE') {
    here();
    await node.stop(id);
    return sendJson(res, 200, { stopped: id });
  }
  if (sub === 'logs' && method === 'GET') {
    const since = Number(url.searchParams.get('since') ?? 0);
    return sendJson(res, 200, {
      node: node.name,
      lines: here().logs.filter((l) => l.at > (Number.isFinite(since) ? since : 0)),
    });
  }
  if (sub === 'migrate' && method === 'POST') {
    const b = parseJsonObject(body);
    if (typeof b.to !== 'string') throw new NodeError(400, 'bad-request', 'migrate needs "to"');
    here();
    return sendJson(res, 200, await node.migrate(id, b.to, { stopAndCopy: b.stopAndCopy === true }));
  }
  throw new NodeError(404, 'not-found', 'no such route');
}
