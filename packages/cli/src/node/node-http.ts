/**
 * The node's public listener, what users and peer nodes reach: `POST /a/:id` (a request to the agent: sealed to
 * its key with `content-type: application/edgedancer-channel`, or plain where its manifest allows; `GET
 * /a/:id/attestation` gives the agent attestation;
 * 307 to its new node once it has left); and the node-to-node routes, each authenticated by the peers' attested
 * transfer session rather than by address: `Upgrade: edgedancer-transfer/1` on `/v1/transfer` (incoming
 * migrations; until the session is attested: a budget of bytes, then back-pressure, and of time), `POST /v1/settle`
 * (`{ sessionId, agentId, proof }`: this node's decision as a source, given only for the session's ask proof)
 * and `POST /v1/settle/ack` (`{ sessionId, token }`: the destination's resumed token), `GET /v1/relay/:id` (the
 * result of a call that completed here after arriving in flight; the id is a secret of the session, single use).
 * Nothing else: status and control are on the control listener (`control-http.ts`).
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ATTESTATION_CONTENT_TYPE, CHANNEL_CONTENT_TYPE } from '@edgedancer/enclave-sim/channel';
import { streamTransport } from '@edgedancer/migration';
import { fetchFollowing } from './client.js';
import type { EdgeNode } from './edge-node.js';
import type { HostedAgent, RequestResult } from './hosted-agent.js';
import { NodeError, parseJsonObject, readBody, sendError, sendJson } from './http-io.js';
import { guardListener, type ListenerStats, serverOptions } from './listener-guard.js';
import { refuseBrowser, requireJson } from './request-guard.js';
import { TRANSFER_UPGRADE } from './transfer-connect.js';
import { PendingTransfers } from './transfer-guard.js';

/** A public listener. */
export interface PublicServer {
  readonly server: Server;
  readonly stats: ListenerStats;
  readonly transfers: PendingTransfers;
}

const PEER_BODY_BYTES = 4096;

/**
 * Creates the node's public server (not listening yet).
 * @param node - the node
 * @returns the server and its counts
 */
export function nodeServer(node: EdgeNode): PublicServer {
  const l = node.limits;
  const server = createServer(serverOptions(l), (req, res) => {
    route(node, req, res).catch((e: unknown) => sendError(res, e));
  });
  const transfers = new PendingTransfers({
    maxPending: l.maxPendingTransfers,
    maxPendingPerSource: l.maxPendingTransfersPerSource,
    preAuthBytes: l.transferPreAuthBytes,
    preAuthMs: l.transferPreAuthMs,
  });
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', () => undefined);
    if (req.url !== '/v1/transfer' || req.headers.upgrade !== TRANSFER_UPGRADE) {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const budget = transfers.admit(socket, head.length);
    if (budget === null) return;
    if (head.length > l.transferPreAuthBytes) {
      socket.destroy();
      return;
    }
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: ${TRANSFER_UPGRADE}\r\nConnection: Upgrade\r\n\r\n`);
    socket.setNoDelay(true);
    // once the peer is attested, the listener's idle bound no longer applies (a large round may keep one side
    // quiet longer while the other encodes or applies it): the protocol's per-message timeouts do
    const attested = (): void => {
      socket.setTimeout(0);
      budget.authenticated();
    };
    // a failed transfer is recorded as a refusal (receive never rejects); whatever else, the socket is ended
    node
      .receive(streamTransport(socket, { head }), attested)
      .catch((e: unknown) => node.refuse('', e))
      .finally(() => socket.destroy());
  });
  const stats = guardListener(server, l);
  return { server, stats, transfers };
}

async function route(node: EdgeNode, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://node');
  let parts: string[];
  try {
    parts = url.pathname
      .split('/')
      .filter((p) => p !== '')
      .map(decodeURIComponent);
  } catch {
    throw new NodeError(400, 'bad-request', 'malformed path');
  }
  const method = req.method ?? 'GET';
  if (parts[0] === 'a' && parts.length === 2) {
    if (method !== 'POST') throw new NodeError(405, 'method-not-allowed', 'requests to an agent are POST');
    const t0 = performance.now();
    // each request's latency and status, for the operators' dashboard (a bounded log)
    res.once('finish', () =>
      node.requestLog.add({ at: Date.now(), ms: performance.now() - t0, agent: parts[1]!, status: res.statusCode }),
    );
    return agentRequest(node, parts[1]!, req, res);
  }
  if (parts[0] === 'a' && parts.length === 3 && parts[2] === 'attestation') {
    if (method !== 'GET') throw new NodeError(405, 'method-not-allowed', 'the attestation is GET');
    return agentAttestation(node, parts[1]!, res);
  }
  const [v1, what, id, ...rest] = parts;
  if (v1 !== 'v1' || rest.length > 0) throw new NodeError(404, 'not-found', 'no such route');
  if (what === 'settle' && method === 'POST' && (id === undefined || id === 'ack')) {
    refuseBrowser(req);
    requireJson(req);
    const b = parseJsonObject(await readBody(req, PEER_BODY_BYTES));
    if (typeof b.sessionId !== 'string') throw new NodeError(400, 'bad-request', 'settle needs "sessionId"');
    if (id === 'ack') {
      const token = new Uint8Array(
        Buffer.from(typeof b.token === 'string' && /^[0-9a-f]{0,128}$/.test(b.token) ? b.token : '', 'hex'),
      );
      return sendJson(res, 200, { ok: node.outcomes.acknowledge(b.sessionId, token) });
    }
    if (typeof b.agentId !== 'string') throw new NodeError(400, 'bad-request', 'settle needs "agentId"');
    return sendJson(res, 200, node.outcomes.answer(b.sessionId, b.agentId, typeof b.proof === 'string' ? b.proof : ''));
  }
  if (what === 'relay' && id !== undefined && method === 'GET') {
    refuseBrowser(req);
    const pending = /^[0-9a-f]{64}$/.test(id) ? node.relays.take(id) : null;
    if (pending === null) throw new NodeError(404, 'unknown-relay', 'no such relayed result');
    return sendResult(res, await pending, node);
  }
  throw new NodeError(404, 'not-found', 'no such route');
}

function notHere(node: EdgeNode, id: string, res: ServerResponse, path: string): void {
  const to = node.registry.gone.get(id);
  if (to === undefined) throw new NodeError(404, 'unknown-agent', 'no such agent here');
  res.writeHead(307, { location: new URL(path, to).toString(), 'content-length': 0 });
  res.end();
}

/** The agent here, waiting for one that is arriving (or held in doubt) first. */
async function agentHere(node: EdgeNode, id: string): Promise<HostedAgent | undefined> {
  const arriving = node.registry.incoming.get(id);
  if (node.agents.get(id) === undefined && arriving !== undefined) await arriving;
  return node.agents.get(id);
}

/**
 * `POST /a/:id`: a user request, sealed to the agent's key (`content-type: application/edgedancer-channel`,
 * opened only inside its enclave) or plain, which is refused unless the agent's manifest allows it. The body is
 * bounded by the agent's limit (the node's default while it arrives).
 */
async function agentRequest(node: EdgeNode, id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const sealed = mediaType(req.headers['content-type']) === CHANNEL_CONTENT_TYPE;
  let r = node.agents.get(id);
  if (r === undefined && node.registry.incoming.get(id) === undefined) {
    req.resume();
    return notHere(node, id, res, `/a/${encodeURIComponent(id)}`);
  }
  const body = await readBody(req, r?.limits.maxRequestBytes ?? node.limits.maxRequestBytes);
  r = await agentHere(node, id);
  if (r === undefined) return notHere(node, id, res, `/a/${encodeURIComponent(id)}`);
  if (body.length > r.limits.maxRequestBytes)
    throw new NodeError(413, 'too-large', `body above ${r.limits.maxRequestBytes} bytes`);
  if (!sealed && !r.plain)
    throw new NodeError(
      403,
      'plain-not-allowed',
      `agent ${id} takes sealed requests only (its manifest allows no plain requests)`,
    );
  const result = await node.watch.track('request', () => r.serve(body, sealed));
  return sendResult(res, result, node, `/a/${encodeURIComponent(id)}`);
}

/** `GET /a/:id/attestation`: the agent attestation its enclave made (a quote over its key, id and module hash). */
async function agentAttestation(node: EdgeNode, id: string, res: ServerResponse): Promise<void> {
  const r = await agentHere(node, id);
  if (r === undefined) return notHere(node, id, res, `/a/${encodeURIComponent(id)}/attestation`);
  const a = await r.enclave.attest();
  res.writeHead(200, {
    'content-type': ATTESTATION_CONTENT_TYPE,
    'content-length': a.length,
    'x-edgedancer-node': node.name,
    'cache-control': 'no-store',
  });
  res.end(Buffer.from(a));
}

/** Codes with which an agent's enclave refuses a request (the request's fault, not the node's). */
const REFUSED_REQUESTS: ReadonlySet<string> = new Set([
  'bad-request',
  'replayed-request',
  'stale-request',
  'too-large',
  'unsupported-version',
  'plain-not-allowed',
  'busy',
]);

function mediaType(v: string | undefined): string {
  return (v ?? '').split(';')[0]!.trim().toLowerCase();
}

async function sendResult(res: ServerResponse, result: RequestResult, node: EdgeNode, path?: string): Promise<void> {
  if (result.kind === 'response') {
    // a plain answer is marked as such: the node (and anything on the way) read it
    const type = result.sealed
      ? { 'content-type': CHANNEL_CONTENT_TYPE }
      : { 'content-type': 'application/octet-stream', 'x-edgedancer-plain': '1' };
    res.writeHead(200, { ...type, 'content-length': result.body.length, 'x-edgedancer-node': node.name });
    res.end(Buffer.from(result.body));
    return;
  }
  if (result.kind === 'moved') {
    if (result.relayId !== undefined) {
      // the call travelled with the agent and completed there: fetch its result and answer it here
      const r = await fetchFollowing(new URL(`/v1/relay/${result.relayId}`, result.location).toString(), {
        maxRedirects: 0,
        timeoutMs: 70_000,
      });
      res.writeHead(r.status, {
        'content-type': r.contentType ?? 'application/octet-stream',
        'content-length': r.body.length,
        'x-edgedancer-relayed': '1',
      });
      res.end(Buffer.from(r.body));
      return;
    }
    if (path === undefined)
      throw new NodeError(502, 'relay-moved', 'the agent moved again before its result was taken');
    res.writeHead(307, { location: new URL(path, result.location).toString(), 'content-length': 0 });
    res.end();
    return;
  }
  // the agent's own failures are a bad gateway's; limits are a timeout or an overload; refused requests the client's
  const status =
    result.code === 'agent-stopped'
      ? 410
      : result.code === 'queue-full'
        ? 503
        : result.code === 'request-limit' || result.code === 'relay-timeout'
          ? 504
          : REFUSED_REQUESTS.has(result.code)
            ? result.code === 'plain-not-allowed'
              ? 403
              : 400
            : 502;
  sendJson(res, status, { error: { code: result.code, message: result.message } });
}
