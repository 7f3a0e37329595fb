/**
 * The agent's side of the user channel, run inside the agent's enclave: open a request sealed to the agent's key
 * (checking its envelope, its suite, its ciphertext, its freshness and that it is no replay), hand the body to the
 * agent, and seal the agent's response for the requesting client only. Pure functions over bytes: the caller
 * supplies the clock and the replay cache, both of which travel with the agent.
 * @module
 */

import type { AgentKey } from './agent-key.js';
import { sameSuite } from './attestation.js';
import { asciiBytes, ByteReader, ByteWriter } from './binary.js';
import { ChannelError, isChannelError } from './errors.js';
import { CHANNEL_SUITE, type HpkeContext, setupBaseR } from './hpke.js';
import { AEADS, aeadSeal } from './hpke-primitives.js';
import {
  CLIENT_NONCE_SIZE,
  channelInfo,
  DEFAULT_MAX_BODY_SIZE,
  encodeResponse,
  parseRequest,
  parseRequestBody,
  RESPONSE_SECRET_SIZE,
  type ResponseStatus,
  responseSecret,
} from './messages.js';
import type { ReplayCache } from './replay-cache.js';

/** Options of {@link openRequest}. */
export interface OpenRequestOptions {
  /** The enclave's clock, in milliseconds since the epoch. */
  readonly now: number;
  /** The agent's replay cache: the request is recorded there once it is authenticated and fresh. */
  readonly replayCache: ReplayCache;
  /** The largest request body accepted (default 16 MiB). */
  readonly maxBodySize?: number;
}

/** An opened request: its body for the agent, and the one-time sealer of its response. */
export interface OpenedRequest {
  /** The request body (plaintext: stays inside the enclave). */
  readonly body: Uint8Array;
  /** The client's timestamp. */
  readonly timestamp: number;
  /** The client's nonce. */
  readonly clientNonce: Uint8Array;
  /** Seals the response to this request (once). */
  readonly responder: ResponseSealer;
}

const AES_256_GCM = AEADS.get(2)!;

/**
 * Opens a user request sealed to this agent.
 * @param key - the agent's key
 * @param agentId - the agent's id (bound in the HPKE `info`: a request for another agent does not open)
 * @param request - the `REQUEST` bytes as received
 * @param options - clock, replay cache, size limit
 * @returns the body and the response sealer
 * @throws ChannelError `bad-request` (malformed, another suite, does not decrypt), `unsupported-version`,
 *   `too-large`, `replayed-request` or `stale-request`
 * @example
 * const { body, responder } = openRequest(agentKey, 'shop', bytes, { now: Date.now(), replayCache });
 * return responder.seal(await agent.handle(body));
 */
export function openRequest(
  key: AgentKey,
  agentId: string,
  request: Uint8Array,
  options: OpenRequestOptions,
): OpenedRequest {
  const env = parseRequest(request, options.maxBodySize ?? DEFAULT_MAX_BODY_SIZE);
  if (!sameSuite(env.suite, CHANNEL_SUITE))
    throw new ChannelError('bad-request', 'request: the suite is not the user channel suite');
  if (options.replayCache.has(env.enc)) throw new ChannelError('replayed-request', 'this request was already accepted');
  let context: HpkeContext;
  let pt: Uint8Array;
  try {
    context = setupBaseR(CHANNEL_SUITE, env.enc, key.keyPair, channelInfo(agentId));
    pt = context.open(env.header, env.ciphertext);
  } catch (e) {
    if (isChannelError(e, 'bad-key') || isChannelError(e, 'open-failed')) {
      throw new ChannelError('bad-request', 'the request does not decrypt for this agent', { reason: e.code });
    }
    throw e;
  }
  try {
    const inner = parseRequestBody(pt);
    options.replayCache.admit(env.enc, inner.timestamp, options.now);
    const responder = new ResponseSealer(SEALER_TOKEN, responseSecret(context), inner.clientNonce.slice());
    return { body: inner.body.slice(), timestamp: inner.timestamp, clientNonce: inner.clientNonce.slice(), responder };
  } finally {
    pt.fill(0);
    context.destroy();
  }
}

const SEALER_TOKEN: unique symbol = Symbol('ResponseSealer');
const SEALER_MAGIC = asciiBytes('EDPR');
const SEALER_VERSION = 1;
/** Size of a serialised pending response sealer, in bytes. */
export const RESPONSE_SEALER_SIZE = 4 + 2 + 2 + RESPONSE_SECRET_SIZE + CLIENT_NONCE_SIZE;

/**
 * Seals the response to one request, once. It holds the response key exported from the request's HPKE context;
 * a request still in progress when the agent moves can take it along in the sealed snapshot (`toBytes`).
 * `PENDINGRESPONSE` = magic `EDPR` | version u16 = 1 | reserved u16 = 0 | secret (44) | clientNonce (16).
 */
export class ResponseSealer {
  readonly #secret: Uint8Array;
  readonly #clientNonce: Uint8Array;
  #used = false;

  /** @internal Made by {@link openRequest} and {@link ResponseSealer.fromBytes}. */
  constructor(token: typeof SEALER_TOKEN, secret: Uint8Array, clientNonce: Uint8Array) {
    if (token !== SEALER_TOKEN) throw new TypeError('response sealers are made by openRequest');
    this.#secret = secret;
    this.#clientNonce = clientNonce;
  }

  /** Whether the response was sealed already. */
  get used(): boolean {
    return this.#used;
  }

  /**
   * Seals the response (the only one: the key and nonce are used once).
   * @param body - the agent's answer, or its error text with status `agent-error`
   * @param status - `ok` (default) or `agent-error`
   * @returns the `RESPONSE` bytes
   * @throws Error when called twice
   */
  seal(body: Uint8Array, status: ResponseStatus = 'ok'): Uint8Array {
    if (!(body instanceof Uint8Array)) throw new TypeError('body must be a Uint8Array');
    if (status !== 'ok' && status !== 'agent-error') throw new TypeError("status must be 'ok' or 'agent-error'");
    if (this.#used) throw new Error('this response was sealed already');
    this.#used = true;
    const seal = (k: Uint8Array, n: Uint8Array, aad: Uint8Array, pt: Uint8Array) =>
      aeadSeal(AES_256_GCM, k, n, aad, pt);
    const out = encodeResponse(this.#secret, seal, { status, clientNonce: this.#clientNonce, body });
    this.#secret.fill(0);
    return out;
  }

  /**
   * The sealer's state, secret included: only for the agent's sealed snapshot.
   * @returns a `PENDINGRESPONSE`
   * @throws Error when the response was sealed already
   */
  toBytes(): Uint8Array {
    if (this.#used) throw new Error('this response was sealed already');
    return new ByteWriter(RESPONSE_SEALER_SIZE)
      .raw(SEALER_MAGIC)
      .u16(SEALER_VERSION)
      .u16(0)
      .raw(this.#secret)
      .raw(this.#clientNonce)
      .done();
  }

  /**
   * Restores a pending sealer from the agent's snapshot.
   * @param bytes - a `PENDINGRESPONSE`
   * @returns the sealer
   * @throws ChannelError `bad-state` or `unsupported-version`
   */
  static fromBytes(bytes: Uint8Array): ResponseSealer {
    const r = new ByteReader(bytes, 'bad-state', 'pending response');
    r.expect(SEALER_MAGIC, 'magic');
    const version = r.u16('version');
    if (version !== SEALER_VERSION)
      throw new ChannelError('unsupported-version', `pending response version ${version} is not ${SEALER_VERSION}`);
    if (r.u16('reserved') !== 0) r.fail('reserved field is not zero');
    const secret = r.bytes(RESPONSE_SECRET_SIZE, 'secret').slice();
    const clientNonce = r.bytes(CLIENT_NONCE_SIZE, 'clientNonce').slice();
    r.end();
    return new ResponseSealer(SEALER_TOKEN, secret, clientNonce);
  }

  /** Prints no key material. */
  toJSON(): { kind: string; used: boolean } {
    return { kind: 'ResponseSealer', used: this.#used };
  }
}
