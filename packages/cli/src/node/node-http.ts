/**
 * The node's HTTP API (JSON unless noted):
 * `GET /v1/node`; `GET|POST /v1/agents` (deploy: `{ id?, module, manifest }` in base64); `GET|DELETE /v1/agents/:id`;
 * `GET /v1/agents/:id/logs?since=N`; `POST /v1/agents/:id/migrate` (`{ to, stopAndCopy? }`); `POST /v1/persist`;
 * `GET /v1/relay/:key` (the result of a call that completed here after arriving in flight); `POST /v1/settle`
 * (`{ sessionId, agentId }`: this node's decision as a source, `{ outcome, token? }`) and `POST /v1/settle/ack`
 * (`{ sessionId, token }`: the destination confirms a committed hand-over); `POST /a/:id` (raw
 * bytes: a request to the agent; 307 to its new node once it has left); and `Upgrade: edgedancer-transfer/1`
 * on `/v1/transfer` for incoming migrations.
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { streamTransport } from '@edgedancer/migration';
import type { EdgeNode } from './edge-node.js';
import { ATTESTATION_CONTENT_TYPE, CHANNEL_CONTENT_TYPE } from '@edgedancer/enclave-sim/channel';
import type { HostedAgent, RequestResult } from './hosted-agent.js';
import { NodeError, readBody, readJson, sendError, sendJson } from './http-io.js';
import { fetchFollowing } from './client.js';
import { TRANSFER_UPGRADE } from './transfer-connect.js';

/**
 * Creates the node's server (not listening yet).
 * @param node - the node
 * @returns the server
 */
export function nodeServer(node: EdgeNode): Server {
  const server = createServer((req, res) => {
    route(node, req, res).catch((e: unknown) => sendError(res, e));
  });
  server.on('upgrade', (req, socket, head) => {
    if (req.url !== '/v1/transfer' || req.headers.upgrade !== TRANSFER_UPGRADE) {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: ${TRANSFER_UPGRADE}\r\nConnection: Upgrade\r\n\r\n`);
    (socket as import('node:net').Socket).setNoDelay(true);
    void node.receive(streamTransport(socket, { head }));
  });
  server.keepAliveTimeout = 1000;
  return server;
}

async function route(node: EdgeNode, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://node');
  const parts = url.pathname.split('/').filter((p) => p !== '').map(decodeURIComponent);
  const method = req.method ?? 'GET';
  if (parts[0] === 'a' && parts.length === 2 && method === 'POST') {
    const sealed = mediaType(req.headers['content-type']) === CHANNEL_CONTENT_TYPE;
    return agentRequest(node, parts[1]!, await readBody(req), sealed, res);
  }
  if (parts[0] === 'a' && parts.length === 3 && parts[2] === 'attestation' && method === 'GET') return agentAttestation(node, parts[1]!, res);
  if (parts[0] !== 'v1') throw new NodeError(404, 'not-found', 'no such route');
  const [, what, id, sub] = parts;
  if (what === 'node' && method === 'GET') {
    return sendJson(res, 200, {
      name: node.name, platformId: Buffer.from(node.platform.platformId).toString('hex'), pid: process.pid,
      agents: node.agents.size, peers: node.pins.list(), migrations: node.migrations, refusals: node.refusals,
      inDoubt: [...node.registry.inDoubt.keys()], unsettled: node.outcomes.unsettled().map((r) => ({ agentId: r.agentId, sessionId: r.sessionId })),
    });
  }
  if (what === 'settle' && method === 'POST') {
    const b = await readJson(req);
    if (typeof b.sessionId !== 'string') throw new NodeError(400, 'bad-request', 'settle needs "sessionId"');
    if (id === 'ack') {
      const token = new Uint8Array(Buffer.from(typeof b.token === 'string' ? b.token : '', 'hex'));
      return sendJson(res, 200, { ok: node.outcomes.acknowledge(b.sessionId, token) });
    }
    if (id !== undefined || typeof b.agentId !== 'string') throw new NodeError(400, 'bad-request', 'settle needs "agentId"');
    return sendJson(res, 200, node.outcomes.answer(b.sessionId, b.agentId));
  }
  if (what === 'persist' && method === 'POST') {
    await node.persistAll();
    return sendJson(res, 200, { ok: true });
  }
  if (what === 'relay' && id !== undefined && method === 'GET') return sendResult(res, await node.relayResult(id), `/v1/relay/${encodeURIComponent(id)}`, node);
  if (what !== 'agents') throw new NodeError(404, 'not-found', 'no such route');
  if (id === undefined) {
    if (method === 'GET') return sendJson(res, 200, { agents: await Promise.all([...node.agents.values()].map((r) => node.describe(r))) });
    if (method === 'POST') {
      const b = await readJson(req);
      const module = new Uint8Array(Buffer.from(String(b.module ?? ''), 'base64'));
      const manifest = new Uint8Array(Buffer.from(String(b.manifest ?? ''), 'base64'));
      const r = await node.deploy(module, manifest, typeof b.id === 'string' ? b.id : undefined);
      return sendJson(res, 201, await node.describe(r));
    }
  }
  if (id !== undefined) {
    const r = node.agents.get(id);
    if (sub === undefined && method === 'GET') {
      if (r === undefined) return notHere(node, id, res, url.pathname);
      return sendJson(res, 200, await node.describe(r));
    }
    if (sub === undefined && method === 'DELETE') {
      node.stop(id);
      return sendJson(res, 200, { stopped: id });
    }
    if (sub === 'logs' && method === 'GET') {
      if (r === undefined) return notHere(node, id, res, url.pathname + url.search);
      const since = Number(url.searchParams.get('since') ?? 0);
      return sendJson(res, 200, { node: node.name, lines: r.logs.filter((l) => l.at > since) });
    }
    if (sub === 'migrate' && method === 'POST') {
      const b = await readJson(req);
      if (typeof b.to !== 'string') throw new NodeError(400, 'bad-request', 'migrate needs "to"');
      return sendJson(res, 200, await node.migrate(id, b.to, { stopAndCopy: b.stopAndCopy === true }));
    }
  }
  throw new NodeError(404, 'not-found', 'no such route');
}

function notHere(node: EdgeNode, id: string, res: ServerResponse, path: string): void {
  const to = node.registry.gone.get(id);
  if (to === undefined) throw new NodeError(404, 'unknown-agent', `no agent ${id} here`);
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
 * opened only inside its enclave) or plain, which is refused unless the agent's manifest allows it.
 */
async function agentRequest(node: EdgeNode, id: string, body: Uint8Array, sealed: boolean, res: ServerResponse): Promise<void> {
  const r = await agentHere(node, id);
  if (r === undefined) return notHere(node, id, res, `/a/${encodeURIComponent(id)}`);
  if (!sealed && !r.plain) throw new NodeError(403, 'plain-not-allowed', `agent ${id} takes sealed requests only (its manifest allows no plain requests)`);
  return sendResult(res, await r.serve(body, sealed), `/a/${encodeURIComponent(id)}`, node);
}

/** `GET /a/:id/attestation`: the agent attestation its enclave made (a quote over its key, id and module hash). */
async function agentAttestation(node: EdgeNode, id: string, res: ServerResponse): Promise<void> {
  const r = await agentHere(node, id);
  if (r === undefined) return notHere(node, id, res, `/a/${encodeURIComponent(id)}/attestation`);
  const a = await r.enclave.attest();
  res.writeHead(200, { 'content-type': ATTESTATION_CONTENT_TYPE, 'content-length': a.length, 'x-edgedancer-node': node.name, 'cache-control': 'no-store' });
  res.end(Buffer.from(a));
}

/** Codes with which an agent's enclave refuses a request (the request's fault, not the node's). */
const REFUSED_REQUESTS: ReadonlySet<string> = new Set(['bad-request', 'replayed-request', 'stale-request', 'too-large', 'unsupported-version', 'plain-not-allowed', 'busy']);

function mediaType(v: string | undefined): string {
  return (v ?? '').split(';')[0]!.trim().toLowerCase();
}

async function sendResult(res: ServerResponse, result: RequestResult, path: string, node: EdgeNode): Promise<void> {
  if (result.kind === 'response') {
    // a plain answer is marked as such: the node (and anything on the way) read it
    const type = result.sealed ? { 'content-type': CHANNEL_CONTENT_TYPE } : { 'content-type': 'application/octet-stream', 'x-edgedancer-plain': '1' };
    res.writeHead(200, { ...type, 'content-length': result.body.length, 'x-edgedancer-node': node.name });
    res.end(Buffer.from(result.body));
    return;
  }
  if (result.kind === 'moved') {
    if (result.relayId !== undefined) {
      // the call travelled with the agent and completed there: fetch its result and answer it here
      const r = await fetchFollowing(new URL(`/v1/relay/${encodeURIComponent(result.relayId)}`, result.location).toString());
      res.writeHead(r.status, { 'content-type': r.contentType ?? 'application/octet-stream', 'content-length': r.body.length, 'x-edgedancer-relayed': '1' });
      res.end(Buffer.from(r.body));
      return;
    }
    res.writeHead(307, { location: new URL(path, result.location).toString(), 'content-length': 0 });
    res.end();
    return;
  }
  const status = result.code === 'agent-stopped' ? 410 : REFUSED_REQUESTS.has(result.code) ? (result.code === 'plain-not-allowed' ? 403 : 400) : 500;
  sendJson(res, status, { error: { code: result.code, message: result.message } });
}
