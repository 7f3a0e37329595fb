/**
 * The small client library of an edge node: JSON calls to its control API (signed with an operator key, RFC
 * 9421), and requests to agents that follow the redirects a node answers once an agent has moved (307, with the
 * agent's new address).
 * @module
 */
import { request as httpRequest } from 'node:http';
import { type RequestSigningKey, signRequest } from './http-signatures.js';

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
  /**
   * @param status - HTTP status
   * @param code - the node's error code
   * @param message - for people
   * @param reason - a more precise reason, when given
   * @param location - where the agent went (`agent-moved`)
   */
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly reason?: string,
    readonly location?: string,
  ) {
    super(message);
  }
}

/** Options of {@link fetchFollowing}. */
export interface FetchOptions {
  readonly method?: string;
  readonly body?: Uint8Array;
  readonly headers?: Record<string, string>;
  readonly maxRedirects?: number;
  readonly timeoutMs?: number;
  /** Signs each request sent (each hop again) with this operator key. */
  readonly operator?: RequestSigningKey;
}

/**
 * One HTTP request, following 307/308 redirects (method and body kept).
 * @param url - absolute URL
 * @param options - method, body, headers, maximum redirects, timeout, operator key
 * @returns status, body, final URL
 */
export async function fetchFollowing(url: string, options: FetchOptions = {}): Promise<ClientResponse> {
  let at = url;
  for (let hops = 0; ; hops++) {
    const r = await once(at, options);
    if ((r.status === 307 || r.status === 308) && r.location !== undefined && hops < (options.maxRedirects ?? 10)) {
      at = new URL(r.location, at).toString();
      continue;
    }
    return {
      status: r.status,
      body: r.body,
      url: at,
      hops,
      ...(r.contentType === undefined ? {} : { contentType: r.contentType }),
    };
  }
}

function once(
  url: string,
  options: FetchOptions,
): Promise<{ status: number; body: Uint8Array; location: string | undefined; contentType: string | undefined }> {
  const u = new URL(url);
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { ...options.headers, host: u.host };
  if (options.body !== undefined) headers['content-length'] = String(options.body.length);
  if (options.operator !== undefined) {
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    Object.assign(
      headers,
      signRequest(
        {
          method,
          authority: u.host,
          target: u.pathname + u.search,
          headers: lower,
          body: options.body ?? new Uint8Array(0),
        },
        options.operator,
      ),
    );
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, timeout: options.timeoutMs ?? 120_000 }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: new Uint8Array(Buffer.concat(parts)),
          location: res.headers.location,
          contentType: res.headers['content-type'],
        }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url}`)));
    req.on('error', reject);
    req.end(options.body === undefined ? undefined : Buffer.from(options.body));
  });
}

/**
 * Calls a node's JSON API (the control listener's routes need `operator`).
 * @param base - the node's URL
 * @param path - e.g. `/v1/agents`
 * @param options - method, JSON body, timeout, the operator key that signs
 * @returns the parsed answer
 * @throws ClientError when the node answers an error
 */
export async function callNode<T = Record<string, unknown>>(
  base: string,
  path: string,
  options: { method?: string; json?: unknown; timeoutMs?: number; operator?: RequestSigningKey } = {},
): Promise<T> {
  const body = options.json === undefined ? undefined : new Uint8Array(Buffer.from(JSON.stringify(options.json)));
  const r = await fetchFollowing(new URL(path, base).toString(), {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    ...(body === undefined ? {} : { body, headers: { 'content-type': 'application/json' } }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.operator === undefined ? {} : { operator: options.operator }),
  });
  const text = Buffer.from(r.body).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ClientError(r.status, 'bad-answer', `not JSON from ${r.url}: ${text.slice(0, 200)}`);
  }
  if (r.status >= 400) {
    const e =
      (value as { error?: { code?: string; message?: string; reason?: string; location?: string } }).error ?? {};
    throw new ClientError(r.status, e.code ?? 'error', e.message ?? `status ${r.status}`, e.reason, e.location);
  }
  return value as T;
}

/**
 * Sends a request to an agent wherever it runs.
 * @param base - a node's URL
 * @param agentId - the agent
 * @param request - the request bytes
 * @param options - `timeoutMs` (default 120 s)
 * @returns the agent's response and where it came from
 */
export async function callAgent(
  base: string,
  agentId: string,
  request: Uint8Array,
  options: { timeoutMs?: number } = {},
): Promise<ClientResponse> {
  return fetchFollowing(new URL(`/a/${encodeURIComponent(agentId)}`, base).toString(), {
    method: 'POST',
    body: request,
    ...options,
  });
}
