/**
 * `AgentClient`: talks to one agent end to end, wherever it runs. It fetches the agent's attestation from the
 * node (`GET /a/:id/attestation`), verifies it against the caller's policy, seals every request to the attested
 * key with HPKE (`POST /a/:id`, `content-type: application/edgedancer-channel`) and opens the response, which
 * only it can. The node in between sees ciphertext only.
 *
 * Redirect rule: when a node answers 307/308 for the agent (it moved), the client goes to the new node, fetches
 * and verifies that node's attestation afresh (another platform is expected), and requires the same agent key
 * it verified first; another key is refused (`key-changed`). A plain (non-channel) 200 answer is refused
 * (`plain-response`). See `docs/client-protocol.md`.
 * @module
 */
import {
  type AgentPolicy,
  ATTESTATION_CONTENT_TYPE,
  CHANNEL_CONTENT_TYPE,
  ChannelError,
  DEFAULT_MAX_BODY_SIZE,
  type ResponseStatus,
  sealRequest,
  type VerifiedAgent,
  verifyAgentAttestation,
} from '@edgedancer/enclave-sim/channel';
import { type Exchange, exchange, mediaType } from './http-exchange.js';

/** What the client trusts: {@link AgentPolicy} without the agent id (the client sets it). */
export type ClientPolicy = Omit<AgentPolicy, 'agentId'>;

/** Options of an {@link AgentClient}. */
export interface AgentClientOptions {
  /** A node's base URL (`http://host:port`): where the client starts looking for the agent. */
  readonly node: string;
  /** The agent's id. */
  readonly agentId: string;
  /** Vendor root, enclave identity, module hash, minimum SVN…; `agentPublicKey` pins a key known beforehand. */
  readonly policy: ClientPolicy;
  /** Most redirects followed for one call (default 5). */
  readonly maxRedirects?: number;
  /** Timeout of each HTTP exchange (default 30 s). */
  readonly timeoutMs?: number;
  /** Largest response body accepted (default 16 MiB). */
  readonly maxResponseSize?: number;
  /** The client's clock (default `Date.now`). */
  readonly now?: () => number;
}

/** An agent's answer. */
export interface AgentReply {
  /** `ok`, or `agent-error` when the agent failed (the body then says why). */
  readonly status: ResponseStatus;
  readonly body: Uint8Array;
  /** The node that answered. */
  readonly node: string;
  /** The verified agent at that node (its platform id changes when the agent moves). */
  readonly agent: VerifiedAgent;
  /** Redirects followed during this call. */
  readonly redirects: number;
}

const MAX_ATTESTATION_BYTES = 64 * 1024;
const MAX_ERROR_BYTES = 64 * 1024;

/** A client of one agent. Calls may run concurrently; each request is sealed afresh. */
export class AgentClient {
  readonly agentId: string;
  readonly #policy: ClientPolicy;
  readonly #maxRedirects: number;
  readonly #timeoutMs: number;
  readonly #maxResponseSize: number;
  readonly #now: () => number;
  #node: URL;
  #agent: VerifiedAgent | undefined;
  #pinnedKey: Uint8Array | undefined;

  /**
   * @param options - node, agent id, policy, limits
   * @throws TypeError for unusable options
   */
  constructor(options: AgentClientOptions) {
    if (typeof options?.agentId !== 'string' || options.agentId === '') throw new TypeError('agentId is required');
    if (typeof options.policy !== 'object' || options.policy === null) throw new TypeError('policy is required');
    this.agentId = options.agentId;
    this.#policy = { ...options.policy };
    this.#node = baseUrl(options.node);
    this.#maxRedirects = options.maxRedirects ?? 5;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#maxResponseSize = options.maxResponseSize ?? DEFAULT_MAX_BODY_SIZE;
    this.#now = options.now ?? Date.now;
    this.#pinnedKey = options.policy.agentPublicKey?.slice();
  }

  /** The node the client currently talks to (its base URL). */
  get node(): string {
    return this.#node.origin;
  }

  /** The agent as last verified, if it was. */
  get agent(): VerifiedAgent | undefined {
    return this.#agent;
  }

  /** The agent key the client pinned (the first one it verified, or the policy's). */
  get agentPublicKey(): Uint8Array | undefined {
    return this.#pinnedKey?.slice();
  }

  /**
   * Fetches and verifies the agent's attestation at the current node (following redirects to the agent's node).
   * @returns the verified agent
   * @throws ChannelError `attestation-mismatch`, `bad-attestation`, `key-changed`, `bad-redirect`, `node-error`, …
   */
  async attest(): Promise<VerifiedAgent> {
    return this.#attest({ hops: 0 });
  }

  /**
   * Sends one request to the agent and returns its answer.
   * @param body - the request body (plaintext: leaves this process only sealed to the agent)
   * @returns the agent's answer and where it came from
   * @throws ChannelError `plain-response`, `bad-response`, `key-changed`, `attestation-mismatch`, `bad-redirect`,
   *   `node-error` (with the node's code in `reason`, e.g. `replayed-request`), `too-large`
   */
  async call(body: Uint8Array): Promise<AgentReply> {
    if (!(body instanceof Uint8Array)) throw new TypeError('body must be a Uint8Array');
    const count = { hops: 0 };
    for (;;) {
      const agent = this.#agent ?? (await this.#attest(count));
      const sealed = sealRequest(agent, body, { now: this.#now(), maxResponseSize: this.#maxResponseSize });
      const at = this.#node;
      const res = await exchange(new URL(this.#agentPath(), at), {
        method: 'POST',
        headers: { 'content-type': CHANNEL_CONTENT_TYPE, accept: CHANNEL_CONTENT_TYPE },
        body: sealed.bytes,
        maxBytes: this.#maxResponseSize + 1024,
        timeoutMs: this.#timeoutMs,
      });
      if (isRedirect(res.status)) {
        this.#follow(res, at, this.#agentPath(), count);
        continue;
      }
      if (res.status !== 200) throw nodeError(res, at);
      if (mediaType(res.headers) !== CHANNEL_CONTENT_TYPE) {
        const type = mediaType(res.headers) || 'no content type';
        throw new ChannelError(
          'plain-response',
          `${at.host} answered in the clear (${type}) where an encrypted response was asked for`,
        );
      }
      const opened = sealed.openResponse(res.body);
      return { status: opened.status, body: opened.body, node: at.origin, agent, redirects: count.hops };
    }
  }

  async #attest(count: { hops: number }): Promise<VerifiedAgent> {
    for (;;) {
      const at = this.#node;
      const path = `${this.#agentPath()}/attestation`;
      const res = await exchange(new URL(path, at), {
        method: 'GET',
        headers: { accept: ATTESTATION_CONTENT_TYPE },
        maxBytes: MAX_ATTESTATION_BYTES,
        timeoutMs: this.#timeoutMs,
      });
      if (isRedirect(res.status)) {
        this.#follow(res, at, path, count);
        continue;
      }
      if (res.status !== 200) throw nodeError(res, at);
      if (mediaType(res.headers) !== ATTESTATION_CONTENT_TYPE) {
        throw new ChannelError(
          'bad-attestation',
          `${at.host} served no agent attestation (${mediaType(res.headers) || 'no content type'})`,
        );
      }
      // the pinned key (the policy's, or the first one verified) is compared below, to refuse it as key-changed
      const { agentPublicKey: _pinnedByPolicy, ...policy } = this.#policy;
      const agent = verifyAgentAttestation(res.body, { ...policy, agentId: this.agentId });
      if (this.#pinnedKey !== undefined && !sameBytes(this.#pinnedKey, agent.agentPublicKey)) {
        throw new ChannelError(
          'key-changed',
          `the agent at ${at.host} presents another key than the one verified before`,
        );
      }
      this.#pinnedKey ??= agent.agentPublicKey.slice();
      this.#agent = agent;
      return agent;
    }
  }

  /** Moves to the node a redirect names, after checking it names the same agent resource. */
  #follow(res: Exchange, from: URL, path: string, count: { hops: number }): void {
    if (++count.hops > this.#maxRedirects)
      throw new ChannelError('bad-redirect', `more than ${this.#maxRedirects} redirects`);
    const location = res.headers.location;
    if (typeof location !== 'string')
      throw new ChannelError('bad-redirect', `${from.host} redirected without a location`);
    let to: URL;
    try {
      to = new URL(location, from);
    } catch {
      throw new ChannelError('bad-redirect', `${from.host} redirected to an unusable location`);
    }
    if ((to.protocol !== 'http:' && to.protocol !== 'https:') || to.pathname !== path) {
      throw new ChannelError('bad-redirect', `${from.host} redirected to ${to.pathname}, not to this agent`);
    }
    this.#node = baseUrl(to.origin);
    this.#agent = undefined; // the new node's attestation is fetched and verified before anything is sent there
  }

  #agentPath(): string {
    return `/a/${encodeURIComponent(this.agentId)}`;
  }
}

function baseUrl(node: string): URL {
  let u: URL;
  try {
    u = new URL(node);
  } catch {
    throw new TypeError(`not a URL: ${node}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new TypeError(`not an http(s) URL: ${node}`);
  return new URL(u.origin);
}

function isRedirect(status: number): boolean {
  return status === 307 || status === 308;
}

function nodeError(res: Exchange, at: URL): ChannelError {
  let code = 'error';
  let message = `status ${res.status}`;
  if (res.body.length <= MAX_ERROR_BYTES && mediaType(res.headers) === 'application/json') {
    try {
      const e = (
        JSON.parse(Buffer.from(res.body).toString('utf8')) as { error?: { code?: unknown; message?: unknown } }
      ).error;
      if (typeof e?.code === 'string') code = e.code;
      if (typeof e?.message === 'string') message = e.message;
    } catch {
      // not JSON: the status says enough
    }
  }
  return new ChannelError('node-error', `${at.host} answered ${res.status} (${code}): ${message}`, { reason: code });
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
