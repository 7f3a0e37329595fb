/**
 * Small helpers for the node's HTTP server: read a bounded body, answer JSON or bytes, and a typed error that
 * maps to a status code.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An error answered with an HTTP status and a `code`. */
export class NodeError extends Error {
  override name = 'NodeError';
  /**
   * @param status - HTTP status
   * @param code - stable kebab-case reason
   * @param message - for people
   */
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/**
 * Reads a request body.
 * @param req - the request
 * @param limit - largest accepted size in bytes
 * @returns the bytes
 * @throws NodeError 413 `too-large`
 */
export async function readBody(req: IncomingMessage, limit = 512 * 1024 * 1024): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new NodeError(413, 'too-large', `body above ${limit} bytes`);
    parts.push(chunk as Buffer);
  }
  return new Uint8Array(Buffer.concat(parts));
}

/**
 * Reads a JSON object body.
 * @param req - the request
 * @returns the object
 * @throws NodeError 400 `bad-json`
 */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = Buffer.from(await readBody(req)).toString('utf8');
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
 */
export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * Answers an error as JSON `{ error: { code, message } }`.
 * @param res - the response
 * @param e - the error (a {@link NodeError}, or anything: 500)
 */
export function sendError(res: ServerResponse, e: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const ne = e instanceof NodeError ? e : null;
  const code = ne?.code ?? (typeof (e as { code?: unknown })?.code === 'string' ? (e as { code: string }).code : 'internal');
  const reason = (e as { reason?: unknown })?.reason;
  sendJson(res, ne?.status ?? 500, { error: { code, ...(typeof reason === 'string' ? { reason } : {}), message: e instanceof Error ? e.message : String(e) } });
}
