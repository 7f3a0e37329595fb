/**
 * The operators' dashboard on the control listener (`/dashboard/…`). The listener's `Host` check has run before;
 * here: a request must come from the page itself or from the operator's own navigation (`Sec-Fetch-Site` absent,
 * `none` or `same-origin`; an `Origin`, when sent, must be this listener's own), never from another site; the
 * login URL's token is traded once for a session cookie (`dashboard-sessions.ts`); every other route needs that
 * session. Routes: `GET /dashboard/login?token=T` (303 to the page, setting the cookie), `GET /dashboard/` (the
 * page), `GET /dashboard/app.js`, `GET /dashboard/app.css`, `GET /dashboard/api/state` (JSON), `POST
 * /dashboard/logout`. Every answer carries a Content-Security-Policy that allows only this origin's script,
 * style and fetches, no framing, no caching and no referrer; there is no CORS.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EdgeNode } from '../edge-node.js';
import { NodeError } from '../http-io.js';
import { DASHBOARD_CSS, DASHBOARD_HTML, DASHBOARD_JS, SIGNED_OUT_HTML } from './dashboard-page.js';
import { type DashboardSessions, SESSION_MAX_MS } from './dashboard-sessions.js';

/** The policy every dashboard answer carries. */
export const DASHBOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
  "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': DASHBOARD_CSP,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

/**
 * The session cookie's name on a listener: with its port, since browsers keep cookies per host, not per port
 * (two nodes on one machine must not overwrite each other's).
 * @param port - the control listener's port
 * @returns the name
 */
export function sessionCookieName(port: number): string {
  return `edgedancer-dashboard-${port}`;
}

/**
 * Whether a path is the dashboard's.
 * @param path - the request's path
 * @returns true for `/dashboard` and below
 */
export function isDashboardPath(path: string): boolean {
  return path === '/dashboard' || path.startsWith('/dashboard/');
}

function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    ...headers,
    'content-type': type,
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/**
 * Refuses a request another site's page made (403 `cross-site`): `Sec-Fetch-Site` must be absent, `none` (the
 * operator's own navigation) or `same-origin`, and an `Origin` must be this listener's.
 * @param req - the request (its `Host` already checked)
 * @throws NodeError
 */
export function checkSameOrigin(req: IncomingMessage): void {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'none' && site !== 'same-origin')
    throw new NodeError(403, 'cross-site', 'the dashboard answers only its own pages');
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${req.headers.host ?? ''}`)
    throw new NodeError(403, 'cross-site', 'the dashboard answers only its own pages');
}

/**
 * The dashboard's state: this node, its peers, its agents and those that moved away, its migrations (sent from
 * here), the agents that arrived here, and the latest requests' latency.
 * @param node - the node
 * @param url - this node's public URL (as its peers know it), if known
 * @returns plain data
 */
export async function dashboardState(node: EdgeNode, url: string): Promise<Record<string, unknown>> {
  const peers = Object.entries(node.pins.list()).map(([name, p]) => ({ name, url: p.url, pin: p.pin }));
  return {
    now: Date.now(),
    node: {
      name: node.name,
      url,
      platformId: Buffer.from(node.platform.platformId).toString('hex'),
      startedAt: node.startedAt,
    },
    peers,
    agents: await Promise.all([...node.agents.values()].map((r) => node.describe(r))),
    gone: [...node.registry.gone].map(([id, location]) => ({ id, location })),
    migrations: node.migrations.slice(-500).map((m) => ({
      agentId: m.agentId,
      from: m.from,
      to: m.to,
      initiator: m.initiator,
      mode: m.mode,
      kind: m.kind,
      rounds: m.rounds,
      bytesSent: m.bytesSent,
      totalMs: m.totalMs,
      downtimeMs: m.downtimeMs,
      counter: m.counter,
      at: m.at,
    })),
    arrivals: node.arrivals.slice(-500),
    latency: { total: node.requestLog.total, requests: node.requestLog.since(Date.now() - 15 * 60_000) },
  };
}

/** What the dashboard needs of its listener. */
export interface DashboardContext {
  readonly node: EdgeNode;
  readonly sessions: DashboardSessions;
  /** The control listener's port (the cookie's name). */
  readonly port: number;
  /** This node's public URL, for the nodes table. */
  readonly publicUrl: string;
}

/**
 * Answers a dashboard request.
 * @param ctx - node, sessions, port
 * @param req - the request (`Host` checked)
 * @param res - the response
 * @throws NodeError for refusals (answered as JSON by the listener)
 */
export async function handleDashboard(ctx: DashboardContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  checkSameOrigin(req);
  const url = new URL(req.url ?? '/', 'http://control');
  const method = req.method ?? 'GET';
  const name = sessionCookieName(ctx.port);
  const path = url.pathname;
  req.resume();
  if (path === '/dashboard/login') {
    if (method !== 'GET') throw new NodeError(405, 'method-not-allowed', 'GET');
    const session = ctx.sessions.redeem(url.searchParams.get('token') ?? '');
    if (session === null) return send(res, 401, 'text/html; charset=utf-8', SIGNED_OUT_HTML);
    res.writeHead(303, {
      ...SECURITY_HEADERS,
      location: '/dashboard/',
      'content-length': 0,
      'set-cookie': `${name}=${session}; Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age=${SESSION_MAX_MS / 1000}`,
    });
    res.end();
    return;
  }
  if (path === '/dashboard/app.css' && method === 'GET')
    return send(res, 200, 'text/css; charset=utf-8', DASHBOARD_CSS);
  const signedIn = ctx.sessions.check(cookie(req, name)) !== null;
  if (path === '/dashboard/logout') {
    if (method !== 'POST') throw new NodeError(405, 'method-not-allowed', 'POST');
    ctx.sessions.end(cookie(req, name));
    return send(res, 200, 'text/html; charset=utf-8', SIGNED_OUT_HTML, {
      'set-cookie': `${name}=; Path=/dashboard; HttpOnly; SameSite=Strict; Max-Age=0`,
    });
  }
  if (method !== 'GET') throw new NodeError(405, 'method-not-allowed', 'GET');
  if (path === '/dashboard' || path === '/dashboard/') {
    return signedIn
      ? send(res, 200, 'text/html; charset=utf-8', DASHBOARD_HTML)
      : send(res, 401, 'text/html; charset=utf-8', SIGNED_OUT_HTML);
  }
  if (!signedIn)
    throw new NodeError(401, 'unauthenticated', 'no dashboard session: sign in with `edgedancer dashboard`');
  if (path === '/dashboard/app.js') return send(res, 200, 'text/javascript; charset=utf-8', DASHBOARD_JS);
  if (path === '/dashboard/api/state')
    return send(res, 200, 'application/json', JSON.stringify(await dashboardState(ctx.node, ctx.publicUrl)));
  throw new NodeError(404, 'not-found', 'no such route');
}
