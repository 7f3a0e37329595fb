/**
 * The client's side of the user channel: seal a request to a verified agent, and open the response to it. Pure
 * functions over bytes (the HTTP client is in `@edgedancer/cli`).
 * @module
 */

import { bytesEqual } from '../bytes.js';
import { randomBytes } from '../crypto.js';
import { ChannelError } from './errors.js';
import { CHANNEL_SUITE, setupBaseS } from './hpke.js';
import { AEADS, aeadOpen, X25519_KEY_SIZE } from './hpke-primitives.js';
import {
  CLIENT_NONCE_SIZE,
  channelInfo,
  DEFAULT_MAX_BODY_SIZE,
  encodeRequest,
  encodeRequestBody,
  parseResponse,
  REQUEST_BODY_HEADER_SIZE,
  REQUEST_HEADER_SIZE,
  type ResponseStatus,
  responseSecret,
  TAG_SIZE,
} from './messages.js';

/** The agent a request is for: its id and its verified key. */
export interface ChannelTarget {
  readonly agentId: string;
  readonly agentPublicKey: Uint8Array;
}

/** Options of {@link sealRequest}. */
export interface SealRequestOptions {
  /** The client's clock, in milliseconds since the epoch (default `Date.now()`). */
  readonly now?: number;
  /** The client nonce (default 16 random bytes). */
  readonly clientNonce?: Uint8Array;
  /** Derive the ephemeral key from these bytes instead of drawing it: only for fixed examples and tests. */
  readonly ikmE?: Uint8Array;
  /** The largest response body accepted (default 16 MiB). */
  readonly maxResponseSize?: number;
}

/** An opened response. */
export interface OpenedResponse {
  readonly status: ResponseStatus;
  readonly body: Uint8Array;
}

const AES_256_GCM = AEADS.get(2)!;

/**
 * A sealed request, and what its response is opened with.
 */
export class SealedRequest {
  /** The `REQUEST` bytes to send. */
  readonly bytes: Uint8Array;
  /** The client nonce in it (echoed in the response). */
  readonly clientNonce: Uint8Array;
  readonly #secret: Uint8Array;
  readonly #maxResponseSize: number;

  /** @internal Made by {@link sealRequest}. */
  constructor(bytes: Uint8Array, clientNonce: Uint8Array, secret: Uint8Array, maxResponseSize: number) {
    this.bytes = bytes;
    this.clientNonce = clientNonce;
    this.#secret = secret;
    this.#maxResponseSize = maxResponseSize;
  }

  /**
   * Opens the agent's response to this request.
   * @param response - the `RESPONSE` bytes
   * @returns status and body
   * @throws ChannelError `bad-response` (malformed, not for this request, tampered), `unsupported-version` or `too-large`
   */
  openResponse(response: Uint8Array): OpenedResponse {
    const r = parseResponse(
      response,
      this.#secret,
      (k, n, aad, ct) => aeadOpen(AES_256_GCM, k, n, aad, ct),
      this.#maxResponseSize,
    );
    if (!bytesEqual(r.clientNonce, this.clientNonce))
      throw new ChannelError('bad-response', 'the response answers another request');
    return { status: r.status, body: r.body.slice() };
  }

  /** Prints no key material. */
  toJSON(): { kind: string; size: number } {
    return { kind: 'SealedRequest', size: this.bytes.length };
  }
}

/**
 * Seals a request to an agent whose attestation was verified.
 * @param target - the agent id and its verified public key
 * @param body - the request body
 * @param options - clock, nonce, limits
 * @returns the request bytes and its response opener
 * @throws TypeError or RangeError for malformed arguments; ChannelError `bad-key`
 * @example
 * const req = sealRequest(verifiedAgent, new TextEncoder().encode('{"op":"balance"}'));
 * const res = req.openResponse(await post(req.bytes));
 */
export function sealRequest(target: ChannelTarget, body: Uint8Array, options: SealRequestOptions = {}): SealedRequest {
  if (!(target?.agentPublicKey instanceof Uint8Array) || target.agentPublicKey.length !== X25519_KEY_SIZE) {
    throw new RangeError(`agentPublicKey must be ${X25519_KEY_SIZE} bytes`);
  }
  if (!(body instanceof Uint8Array)) throw new TypeError('body must be a Uint8Array');
  const now = options.now ?? Date.now();
  if (!Number.isSafeInteger(now) || now < 0) throw new RangeError('now must be a non-negative integer');
  const clientNonce = options.clientNonce ?? randomBytes(CLIENT_NONCE_SIZE);
  if (!(clientNonce instanceof Uint8Array) || clientNonce.length !== CLIENT_NONCE_SIZE) {
    throw new RangeError(`clientNonce must be ${CLIENT_NONCE_SIZE} bytes`);
  }
  const info = channelInfo(target.agentId);
  const { enc, context } = setupBaseS(
    CHANNEL_SUITE,
    target.agentPublicKey,
    info,
    options.ikmE === undefined ? {} : { ikmE: options.ikmE },
  );
  const pt = encodeRequestBody({ timestamp: now, clientNonce, body });
  try {
    const bytes = encodeRequest(CHANNEL_SUITE, enc, pt.length + TAG_SIZE, (header) => context.seal(header, pt));
    return new SealedRequest(
      bytes,
      clientNonce.slice(),
      responseSecret(context),
      options.maxResponseSize ?? DEFAULT_MAX_BODY_SIZE,
    );
  } finally {
    pt.fill(0);
    context.destroy();
  }
}

/**
 * The size of a request on the wire.
 * @param bodyLength - the body's length
 * @returns the `REQUEST` size: the body plus 100 bytes
 */
export function requestSize(bodyLength: number): number {
  return REQUEST_HEADER_SIZE + REQUEST_BODY_HEADER_SIZE + bodyLength + TAG_SIZE;
}
