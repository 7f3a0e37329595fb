/**
 * Checks of a request before its route runs, against a web page steering a node through a browser (DNS
 * rebinding, cross-site requests) and against bodies of the wrong kind: the `Host` header must name the
 * listener, a request with an `Origin` (or `Sec-Fetch-Site` other than `none`) is refused on routes that are not
 * for browsers, and a JSON route takes only `application/json`.
 * @module
 */
import type { IncomingMessage } from 'node:http';
import { NodeError } from './http-io.js';

/**
 * The `Host` values a listener answers to: its address and port, and `localhost` when it is bound to loopback.
 * @param host - the bound address
 * @param port - the bound port
 * @param extra - more names (e.g. a public name of the node)
 * @returns lower-case `host:port` values
 */
export function allowedHosts(host: string, port: number, extra: readonly string[] = []): Set<string> {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const out = new Set([`${h}:${port}`.toLowerCase()]);
  if (host === '127.0.0.1' || host === '::1' || host === 'localhost')
    for (const l of ['localhost', '127.0.0.1', '[::1]']) out.add(`${l}:${port}`);
  for (const e of extra) out.add(e.toLowerCase());
  return out;
}

/**
 * Refuses a request whose `Host` is not one of the listener's (421, `wrong-host`).
 * @param req - the request
 * @param allowed - from {@link allowedHosts}, or `null` to accept any (a listener on a wildcard address)
 * @throws NodeError
 */
export function checkHost(req: IncomingMessage, allowed: ReadonlySet<string> | null): void {
  if (allowed === null) return;
  const h = (req.headers.host ?? '').toLowerCase();
  if (!allowed.has(h)) throw new NodeError(421, 'wrong-host', 'the Host header does not name this listener');
}

/**
 * Refuses a request made by a browser on behalf of a web page (403, `browser-refused`).
 * @param req - the request
 * @throws NodeError
 */
export function refuseBrowser(req: IncomingMessage): void {
  const site = req.headers['sec-fetch-site'];
  if (req.headers.origin !== undefined || (site !== undefined && site !== 'none')) {
    throw new NodeError(403, 'browser-refused', 'requests from web pages are not accepted here');
  }
}

/**
 * Refuses a body that is not declared `application/json` (415, `unsupported-media-type`); a request without a
 * body passes.
 * @param req - the request
 * @throws NodeError
 */
export function requireJson(req: IncomingMessage): void {
  const length = req.headers['content-length'];
  const hasBody = (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody) return;
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json')
    throw new NodeError(415, 'unsupported-media-type', 'the body must be application/json');
}
