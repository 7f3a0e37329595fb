/**
 * A small HTTP server that plays an edge node and the agent's enclave for client tests and benchmarks: it serves
 * `GET /a/:id/attestation`, opens `POST /a/:id` requests with the enclave-side functions, answers through a
 * handler, and redirects (307) for agents that moved. Every byte it reads or writes is recorded, as a spying host
 * would, so tests can check that no plaintext crossed it. Misbehaviours are switches, set by tests.
 * @module
 */

import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AgentChannel,
  ATTESTATION_CONTENT_TYPE,
  CHANNEL_CONTENT_TYPE,
  ChannelError,
  encodeAgentAttestation,
  parseAgentAttestation,
} from '@edgedancer/enclave-sim/channel';
import { type QuotingEnclave, quotingEnclave } from './quoting-enclave.js';

/** An agent hosted by a {@link ChannelNode}: what its enclave holds. */
export interface HostedAgent {
  /** Key, replay cache, id and module hash. */
  readonly channel: AgentChannel;
  readonly module: Uint8Array;
  /** The agent's logic (inside the enclave). */
  readonly handle: (body: Uint8Array) => Uint8Array;
}

/** How a {@link ChannelNode} misbehaves (all off by default). */
export interface Misbehaviour {
  /** Answer requests in the clear (the host bypasses the enclave's encryption). */
  plainResponses?: boolean;
  /** Serve attestations that name this key instead of the agent's (a host substituting its own key). */
  substituteKey?: Uint8Array;
  /** Serve attestations quoted by this enclave instead of the agent's. */
  quoteBy?: QuotingEnclave;
}

/** A node on a fresh simulated platform. */
export class ChannelNode {
  readonly enclave: QuotingEnclave;
  readonly agents = new Map<string, HostedAgent>();
  readonly gone = new Map<string, string>();
  /** Every request and response body that crossed this host. */
  readonly seen: Uint8Array[] = [];
  readonly misbehave: Misbehaviour = {};
  readonly #server: Server;
  #url = '';

  constructor(enclave: QuotingEnclave = quotingEnclave()) {
    this.enclave = enclave;
    this.#server = createServer((req, res) => {
      this.#route(req, res).catch((e: unknown) => {
        const code = e instanceof ChannelError ? e.code : 'internal';
        const status =
          code === 'replayed-request' ? 409 : code === 'too-large' ? 413 : e instanceof ChannelError ? 400 : 500;
        sendJson(res, status, { error: { code, message: e instanceof Error ? e.message : String(e) } });
      });
    });
    // not below 2 s: Node 20 clients subtract 1 s from the server's Keep-Alive hint, and reuse no connection at 1 s
    this.#server.keepAliveTimeout = 5000;
  }

  /** The node's base URL (after {@link ChannelNode.listen}). */
  get url(): string {
    return this.#url;
  }

  /** Starts listening on a loopback port. */
  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    this.#url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  /** Stops the server. */
  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /**
   * Deploys an agent here with a fresh key (generated "inside").
   * @param id - the agent id
   * @param handle - its logic
   * @returns the hosted agent
   */
  deploy(id: string, handle: HostedAgent['handle']): HostedAgent {
    const module = new TextEncoder().encode(`module of ${id}`);
    const a = { channel: AgentChannel.create(id, sha256Of(module)), module, handle };
    this.agents.set(id, a);
    return a;
  }

  /**
   * Moves an agent to another node as a migration would: its channel (key and replay cache) travels serialised
   * (inside the encrypted snapshot, in the real node), and this node redirects from then on.
   * @param id - the agent
   * @param to - the destination
   * @param o - `newKey`: the destination gets another key (a substituted agent)
   */
  migrate(id: string, to: ChannelNode, o: { newKey?: boolean } = {}): void {
    const a = this.agents.get(id);
    if (a === undefined) throw new Error(`no agent ${id}`);
    const channel =
      o.newKey === true ? AgentChannel.create(id, sha256Of(a.module)) : AgentChannel.fromBytes(a.channel.toBytes());
    to.agents.set(id, { channel, module: a.module, handle: a.handle });
    this.agents.delete(id);
    this.gone.set(id, to.url);
  }

  /** The attestation this node serves for an agent (the enclave quotes its channel's report data). */
  attestation(a: HostedAgent): Uint8Array {
    const quoted = this.misbehave.quoteBy ?? this.enclave;
    const served = a.channel.attestation(quoted.quote(a.channel.reportData()));
    if (this.misbehave.substituteKey === undefined) return served;
    return encodeAgentAttestation({ ...parseAgentAttestation(served), agentPublicKey: this.misbehave.substituteKey });
  }

  async #route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://node');
    const m = /^\/a\/([^/]+)(\/attestation)?$/.exec(url.pathname);
    if (m === null) return sendJson(res, 404, { error: { code: 'not-found', message: 'no such route' } });
    const id = decodeURIComponent(m[1]!);
    const body = await readBody(req);
    const a = this.agents.get(id);
    if (a === undefined) {
      const to = this.gone.get(id);
      if (to === undefined)
        return sendJson(res, 404, { error: { code: 'unknown-agent', message: `no agent ${id} here` } });
      res.writeHead(307, { location: new URL(url.pathname, to).toString(), 'content-length': 0 });
      res.end();
      return;
    }
    if (m[2] !== undefined && req.method === 'GET')
      return send(res, 200, ATTESTATION_CONTENT_TYPE, this.attestation(a));
    if (m[2] === undefined && req.method === 'POST') {
      this.seen.push(body);
      if (this.misbehave.plainResponses === true) return send(res, 200, 'application/octet-stream', a.handle(body));
      // inside the enclave:
      const opened = a.channel.open(body, Date.now());
      const sealed = opened.responder.seal(a.handle(opened.body));
      this.seen.push(sealed);
      return send(res, 200, CHANNEL_CONTENT_TYPE, sealed);
    }
    return sendJson(res, 405, { error: { code: 'bad-method', message: 'method not allowed' } });
  }
}

/** SHA-256 of bytes, as the module hash. */
export function sha256Of(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest());
}

function readBody(req: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(new Uint8Array(Buffer.concat(parts))));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, type: string, body: Uint8Array): void {
  res.writeHead(status, { 'content-type': type, 'content-length': body.length });
  res.end(Buffer.from(body));
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json', new Uint8Array(Buffer.from(JSON.stringify(value))));
}
