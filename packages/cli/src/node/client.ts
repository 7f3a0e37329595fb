/**
 * The small client library of an edge node: JSON calls to its API, and requests to agents that follow the
 * redirects a node answers once an agent has moved (307, with the agent's new address).
 * @module
 */
import { request as httpRequest } from 'node:http';

/** A response. */
export interface ClientResponse {
  readonly status: number;
  readonly body: Uint8Array;
  /** The URL that answered (after redirects). */
  readonly url: string;
  /** Redirects followed. */
  readonly hops: number;
  /** The answer's media type. */
  readonly contentType?: string;
}

/** The node answered an error (`{ error: { code, message } }`). */
export class ClientError extends Error {
  override name = 'ClientError';
  constructor(readonly status: number, readonly code: string, message: string, readonly reason?: string) {
    super(message);
  }
}

/**
 * One HTTP request, following 307/308 redirects (method and body kept).
 * @param url - absolute URL
 * @param options - method, body, headers, maximum redirects, timeout
 * @returns status, body, final URL
 */
export async function fetchFollowing(
  url: string,
  options: { method?: string; body?: Uint8Array; headers?: Record<string, string>; maxRedirects?: number; timeoutMs?: number } = {},
): Promise<ClientResponse> {
  let at = url;
  for (let hops = 0; ; hops++) {
    const r = await once(at, options);
    if ((r.status === 307 || r.status === 308) && r.location !== undefined && hops < (options.maxRedirects ?? 10)) {
      at = new URL(r.location, at).toString();
      continue;
    }
    return { status: r.status, body: r.body, url: at, hops, ...(r.contentType === undefined ? {} : { contentType: r.contentType }) };
  }
}

function once(url: string, options: { method?: string; body?: Uint8Array; headers?: Record<string, string>; timeoutMs?: number }): Promise<{ status: number; body: Uint8Array; location: string | undefined; contentType: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'GET', headers: { ...options.headers, ...(options.body === undefined ? {} : { 'content-length': options.body.length }) }, timeout: options.timeoutMs ?? 120_000 }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: new Uint8Array(Buffer.concat(parts)), location: res.headers.location, contentType: res.headers['content-type'] }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url}`)));
    req.on('error', reject);
    req.end(options.body === undefined ? undefined : Buffer.from(options.body));
  });
}

/**
 * Calls the node's JSON API.
 * @param base - the node's URL
 * @param path - e.g. `/v1/agents`
 * @param options - method and JSON body
 * @returns the parsed answer
 * @throws ClientError when the node answers an error
 */
export async function callNode<T = Record<string, unknown>>(base: string, path: string, options: { method?: string; json?: unknown; timeoutMs?: number } = {}): Promise<T> {
  const body = options.json === undefined ? undefined : new Uint8Array(Buffer.from(JSON.stringify(options.json)));
  const r = await fetchFollowing(new URL(path, base).toString(), {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  const text = Buffer.from(r.body).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ClientError(r.status, 'bad-answer', `not JSON from ${r.url}: ${text.slice(0, 200)}`);
  }
  if (r.status >= 400) {
    const e = (value as { error?: { code?: string; message?: string; reason?: string } }).error ?? {};
    throw new ClientError(r.status, e.code ?? 'error', e.message ?? `status ${r.status}`, e.reason);
  }
  return value as T;
}

/**
 * Sends a request to an agent wherever it runs.
 * @param base - a node's URL
 * @param agentId - the agent
 * @param request - the request bytes
 * @returns the agent's response and where it came from
 */
export async function callAgent(base: string, agentId: string, request: Uint8Array): Promise<ClientResponse> {
  return fetchFollowing(new URL(`/a/${encodeURIComponent(agentId)}`, base).toString(), { method: 'POST', body: request });
}
