/**
 * Small helpers for the node's HTTP servers: read a bounded body, answer JSON or bytes, a typed error that
 * maps to a status code, and error answers that never carry host paths or internals.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An error answered with an HTTP status and a `code`. */
export class NodeError extends Error {
  override name = 'NodeError';
  /**
   * @param status - HTTP status
   * @param code - stable kebab-case reason
   * @param message - for people (never a host path)
   * @param extra - more fields for the answer's `error` object
   */
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * Reads a request body.
 * @param req - the request
 * @param limit - largest accepted size in bytes
 * @returns the bytes
 * @throws NodeError 413 `too-large` (from `Content-Length` before reading, or while reading)
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit)
    return Promise.reject(new NodeError(413, 'too-large', `body above ${limit} bytes`));
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        // stop keeping what arrives; the answer closes the connection
        req.off('data', onData);
        req.resume();
        reject(new NodeError(413, 'too-large', `body above ${limit} bytes`));
        return;
      }
      parts.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(new Uint8Array(Buffer.concat(parts))));
    req.once('error', () => reject(new NodeError(400, 'bad-request', 'the request body was cut')));
    req.once('close', () => {
      if (!req.complete) reject(new NodeError(400, 'bad-request', 'the request body was cut'));
    });
  });
}

/**
 * Parses a JSON object body.
 * @param body - the bytes
 * @returns the object
 * @throws NodeError 400 `bad-json`
 */
export function parseJsonObject(body: Uint8Array): Record<string, unknown> {
  const text = Buffer.from(body).toString('utf8');
  try {
    const v = JSON.parse(text === '' ? '{}' : text) as unknown;
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw new NodeError(400, 'bad-json', 'the body must be a JSON object');
}

/**
 * Answers JSON.
 * @param res - the response
 * @param status - HTTP status
 * @param value - anything `JSON.stringify` takes (bigints become strings)
 * @param headers - more header fields
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}

/** Error names whose `code` is a client's mistake about what it sent (answered 422). */
const INPUT_ERRORS = new Set([
  'EnclaveError',
  'CompileError',
  'LinkError',
  'AgentError',
  'SnapshotError',
  'RangeError',
]);
/** Error names of a failed migration with a peer (answered 502). */
const PEER_ERRORS = new Set(['TransferError']);

/**
 * Removes anything that looks like an absolute host path from a message.
 * @param message - the text
 * @returns the text without paths
 */
export function scrubPaths(message: string): string {
  return message.replace(/(^|[\s'"(=:])(?:[A-Za-z]:)?[\\/](?:[^\s'"\\/)]+[\\/])+[^\s'")]*/g, '$1<path>');
}

/**
 * The status, code and message an error is answered with: a {@link NodeError} as it is; an authentication error
 * 401; an input error (enclave, module, agent, snapshot) 422; a failed migration 502; anything else 500 with a
 * generic message (its details go to standard error).
 * @param e - the error
 * @returns status and the `error` object
 */
export function errorAnswer(e: unknown): { status: number; error: Record<string, string> } {
  const name = (e as { name?: unknown })?.name;
  const code = typeof (e as { code?: unknown })?.code === 'string' ? (e as { code: string }).code : undefined;
  const reason = (e as { reason?: unknown })?.reason;
  const msg = scrubPaths(e instanceof Error ? e.message : String(e));
  const withReason: Record<string, string> = typeof reason === 'string' ? { reason } : {};
  if (e instanceof NodeError)
    return { status: e.status, error: { code: e.code, ...withReason, ...e.extra, message: msg } };
  if (name === 'AuthError')
    return { status: 401, error: { code: code ?? 'unauthenticated', ...withReason, message: msg } };
  if (typeof name === 'string' && INPUT_ERRORS.has(name))
    return { status: 422, error: { code: code ?? 'bad-input', ...withReason, message: msg } };
  if (typeof name === 'string' && PEER_ERRORS.has(name))
    return { status: 502, error: { code: code ?? 'transfer-failed', ...withReason, message: msg } };
  process.stderr.write(`edgedancer node: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  return { status: 500, error: { code: 'internal', message: 'internal error' } };
}

/**
 * Answers an error as JSON `{ error: { code, message } }` (see {@link errorAnswer}).
 * @param res - the response
 * @param e - the error
 */
export function sendError(res: ServerResponse, e: unknown): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const { status, error } = errorAnswer(e);
  const headers: Record<string, string> = status === 401 ? { 'www-authenticate': 'Signature' } : {};
  // a client whose body was refused unread gets its connection closed (what it still sends is not waited for)
  if (status === 413 || status === 408) headers.connection = 'close';
  sendJson(res, status, { error }, headers);
}
