/**
 * The user channel's message formats (version 1), shared by both sides. All integers are big-endian.
 *
 * A request (`POST /a/:id`, `content-type: application/edgedancer-channel`) is one HPKE base-mode message to the
 * agent's key, with `info = "edgedancer/user-channel/v1" || 0x00 || agentId` and the envelope header as
 * associated data:
 * `REQUEST` = magic `EDRQ` | version u16 = 1 | kemId u16 | kdfId u16 | aeadId u16 | enc (32) | ctLength u32 | ct,
 * where ct seals `REQUESTBODY` = version u8 = 1 | flags u8 = 0 | reserved u16 = 0 | timestamp u64 (ms since the
 * Unix epoch) | clientNonce (16) | bodyLength u32 | body.
 *
 * The response is AES-256-GCM under a key and nonce exported from the request's HPKE context
 * (`Export("edgedancer/user-channel/v1 response", 44)` = key (32) || nonce (12)), with its header as associated
 * data: `RESPONSE` = magic `EDRS` | version u16 = 1 | reserved u16 = 0 | ctLength u32 | ct, where ct seals
 * `RESPONSEBODY` = version u8 = 1 | status u8 (0 ok, 1 agent error) | reserved u16 = 0 | clientNonce (16) |
 * bodyLength u32 | body. Only the client that sealed the request (and the agent) can derive that key.
 * @module
 */

import { concatBytes } from '../bytes.js';
import { checkAgentId } from './attestation.js';
import { asciiBytes, ByteReader, ByteWriter } from './binary.js';
import { ChannelError } from './errors.js';
import { ENC_SIZE, type HpkeContext } from './hpke.js';

/** Media type of user-channel requests and responses. */
export const CHANNEL_CONTENT_TYPE = 'application/edgedancer-channel';
/** Format version of requests and responses. */
export const CHANNEL_VERSION = 1;
/** Size of a request envelope's header (its associated data), in bytes. */
export const REQUEST_HEADER_SIZE = 4 + 2 + 6 + ENC_SIZE + 4;
/** Size of a request body's header, in bytes. */
export const REQUEST_BODY_HEADER_SIZE = 1 + 1 + 2 + 8 + 16 + 4;
/** Size of a response envelope's header (its associated data), in bytes. */
export const RESPONSE_HEADER_SIZE = 4 + 2 + 2 + 4;
/** Size of a response body's header, in bytes. */
export const RESPONSE_BODY_HEADER_SIZE = 1 + 1 + 2 + 16 + 4;
/** Size of the client nonce, in bytes. */
export const CLIENT_NONCE_SIZE = 16;
/** The AEAD tag size, in bytes. */
export const TAG_SIZE = 16;
/** Default limit on a request or response body, in bytes (16 MiB). */
export const DEFAULT_MAX_BODY_SIZE = 16 * 1024 * 1024;
/** The HPKE exporter context of the response key and nonce. */
export const RESPONSE_EXPORTER_CONTEXT = 'edgedancer/user-channel/v1 response';
/** Key (32) and nonce (12) exported for the response, in bytes. */
export const RESPONSE_SECRET_SIZE = 32 + 12;

/** How the agent answered. */
export type ResponseStatus = 'ok' | 'agent-error';
const STATUS_CODES: Record<ResponseStatus, number> = { ok: 0, 'agent-error': 1 };

const REQUEST_MAGIC = asciiBytes('EDRQ');
const RESPONSE_MAGIC = asciiBytes('EDRS');
const INFO_PREFIX = asciiBytes('edgedancer/user-channel/v1\0');

/**
 * The HPKE `info` of requests to an agent: binds the agent id into every key.
 * @param agentId - the agent
 * @returns `"edgedancer/user-channel/v1" || 0x00 || agentId`
 */
export function channelInfo(agentId: string): Uint8Array {
  return concatBytes(INFO_PREFIX, checkAgentId(agentId));
}

/** A decoded request envelope (not decrypted). */
export interface RequestEnvelope {
  readonly suite: { readonly kemId: number; readonly kdfId: number; readonly aeadId: number };
  readonly enc: Uint8Array;
  /** The header: the associated data of the ciphertext. */
  readonly header: Uint8Array;
  readonly ciphertext: Uint8Array;
}

/**
 * Encodes a request envelope.
 * @param suite - the HPKE suite
 * @param enc - the encapsulated key
 * @param ciphertextLength - the length `ciphertextOf` will return (written into the header)
 * @param ciphertextOf - seals the body given the header (the associated data)
 * @returns the request bytes
 */
export function encodeRequest(
  suite: RequestEnvelope['suite'],
  enc: Uint8Array,
  ciphertextLength: number,
  ciphertextOf: (header: Uint8Array) => Uint8Array,
): Uint8Array {
  const header = new ByteWriter(REQUEST_HEADER_SIZE)
    .raw(REQUEST_MAGIC)
    .u16(CHANNEL_VERSION)
    .u16(suite.kemId)
    .u16(suite.kdfId)
    .u16(suite.aeadId)
    .raw(enc)
    .u32(ciphertextLength)
    .done();
  const ct = ciphertextOf(header);
  if (ct.length !== ciphertextLength) throw new Error('request ciphertext has an unexpected length');
  return concatBytes(header, ct);
}

/**
 * Decodes a request envelope, checking sizes before anything is decrypted.
 * @param bytes - the received request
 * @param maxBodySize - the largest body accepted
 * @returns the envelope
 * @throws ChannelError `bad-request`, `unsupported-version` or `too-large`
 */
export function parseRequest(bytes: Uint8Array, maxBodySize: number): RequestEnvelope {
  const r = new ByteReader(bytes, 'bad-request', 'request');
  r.expect(REQUEST_MAGIC, 'magic');
  const version = r.u16('version');
  if (version !== CHANNEL_VERSION)
    throw new ChannelError('unsupported-version', `request version ${version} is not ${CHANNEL_VERSION}`);
  const suite = { kemId: r.u16('kemId'), kdfId: r.u16('kdfId'), aeadId: r.u16('aeadId') };
  const enc = r.bytes(ENC_SIZE, 'enc');
  const ctLength = r.u32('ctLength');
  if (ctLength > maxBodySize + REQUEST_BODY_HEADER_SIZE + TAG_SIZE) {
    throw new ChannelError('too-large', `request ciphertext of ${ctLength} bytes exceeds the limit`);
  }
  if (ctLength < REQUEST_BODY_HEADER_SIZE + TAG_SIZE) r.fail(`ctLength ${ctLength} is too small`);
  if (ctLength !== r.remaining) r.fail(`ctLength ${ctLength} but ${r.remaining} bytes follow`);
  const header = bytes.subarray(0, r.offset);
  const ciphertext = r.bytes(ctLength, 'ct');
  r.end();
  return { suite, enc: enc.slice(), header, ciphertext };
}

/** A request body's fields. */
export interface RequestBody {
  readonly timestamp: number;
  readonly clientNonce: Uint8Array;
  readonly body: Uint8Array;
}

/**
 * Encodes a `REQUESTBODY` (the plaintext of a request).
 * @param b - timestamp, client nonce, body
 * @returns the plaintext
 */
export function encodeRequestBody(b: RequestBody): Uint8Array {
  return new ByteWriter(REQUEST_BODY_HEADER_SIZE + b.body.length)
    .u8(CHANNEL_VERSION)
    .u8(0)
    .u16(0)
    .u64(b.timestamp)
    .raw(b.clientNonce)
    .u32(b.body.length)
    .raw(b.body)
    .done();
}

/**
 * Decodes a `REQUESTBODY`.
 * @param pt - the decrypted plaintext
 * @returns its fields (views into `pt`)
 * @throws ChannelError `bad-request` or `unsupported-version`
 */
export function parseRequestBody(pt: Uint8Array): RequestBody {
  const r = new ByteReader(pt, 'bad-request', 'request body');
  const version = r.u8('version');
  if (version !== CHANNEL_VERSION)
    throw new ChannelError('unsupported-version', `request body version ${version} is not ${CHANNEL_VERSION}`);
  if (r.u8('flags') !== 0) r.fail('unknown flags');
  if (r.u16('reserved') !== 0) r.fail('reserved field is not zero');
  const timestamp = r.u64('timestamp');
  const clientNonce = r.bytes(CLIENT_NONCE_SIZE, 'clientNonce');
  const length = r.u32('bodyLength');
  if (length !== r.remaining) r.fail(`bodyLength ${length} but ${r.remaining} bytes follow`);
  const body = r.bytes(length, 'body');
  r.end();
  return { timestamp, clientNonce, body };
}

/** A response body's fields. */
export interface ResponseBody {
  readonly status: ResponseStatus;
  readonly clientNonce: Uint8Array;
  readonly body: Uint8Array;
}

/**
 * Seals a response under the exported key and nonce.
 * @param secret - 44 bytes from the request's HPKE exporter
 * @param seal - AES-256-GCM sealing `(key, nonce, aad, pt) → ct`
 * @param b - status, client nonce, body
 * @returns the `RESPONSE` bytes
 */
export function encodeResponse(
  secret: Uint8Array,
  seal: (key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, pt: Uint8Array) => Uint8Array,
  b: ResponseBody,
): Uint8Array {
  const pt = new ByteWriter(RESPONSE_BODY_HEADER_SIZE + b.body.length)
    .u8(CHANNEL_VERSION)
    .u8(STATUS_CODES[b.status])
    .u16(0)
    .raw(b.clientNonce)
    .u32(b.body.length)
    .raw(b.body)
    .done();
  const header = new ByteWriter(RESPONSE_HEADER_SIZE)
    .raw(RESPONSE_MAGIC)
    .u16(CHANNEL_VERSION)
    .u16(0)
    .u32(pt.length + TAG_SIZE)
    .done();
  const ct = seal(secret.subarray(0, 32), secret.subarray(32, 44), header, pt);
  pt.fill(0);
  return concatBytes(header, ct);
}

/**
 * Opens a response.
 * @param bytes - the `RESPONSE` bytes
 * @param secret - 44 bytes from the request's HPKE exporter
 * @param open - AES-256-GCM opening `(key, nonce, aad, ct) → pt` (throws on a bad tag)
 * @param maxBodySize - the largest body accepted
 * @returns its fields
 * @throws ChannelError `bad-response`, `unsupported-version` or `too-large`
 */
export function parseResponse(
  bytes: Uint8Array,
  secret: Uint8Array,
  open: (key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, ct: Uint8Array) => Uint8Array,
  maxBodySize: number,
): ResponseBody {
  const r = new ByteReader(bytes, 'bad-response', 'response');
  r.expect(RESPONSE_MAGIC, 'magic');
  const version = r.u16('version');
  if (version !== CHANNEL_VERSION)
    throw new ChannelError('unsupported-version', `response version ${version} is not ${CHANNEL_VERSION}`);
  if (r.u16('reserved') !== 0) r.fail('reserved field is not zero');
  const ctLength = r.u32('ctLength');
  if (ctLength > maxBodySize + RESPONSE_BODY_HEADER_SIZE + TAG_SIZE) {
    throw new ChannelError('too-large', `response of ${ctLength} bytes exceeds the limit`);
  }
  if (ctLength < RESPONSE_BODY_HEADER_SIZE + TAG_SIZE) r.fail(`ctLength ${ctLength} is too small`);
  if (ctLength !== r.remaining) r.fail(`ctLength ${ctLength} but ${r.remaining} bytes follow`);
  const header = bytes.subarray(0, r.offset);
  let pt: Uint8Array;
  try {
    pt = open(secret.subarray(0, 32), secret.subarray(32, 44), header, r.bytes(ctLength, 'ct'));
  } catch (e) {
    if (e instanceof ChannelError) {
      throw new ChannelError('bad-response', 'the response does not decrypt (not for this request, or tampered)', {
        reason: e.code,
      });
    }
    throw e;
  }
  const b = new ByteReader(pt, 'bad-response', 'response body');
  const bodyVersion = b.u8('version');
  if (bodyVersion !== CHANNEL_VERSION) {
    throw new ChannelError('unsupported-version', `response body version ${bodyVersion} is not ${CHANNEL_VERSION}`);
  }
  const code = b.u8('status');
  const status = (Object.keys(STATUS_CODES) as ResponseStatus[]).find((s) => STATUS_CODES[s] === code);
  if (status === undefined) return b.fail(`unknown status ${code}`);
  if (b.u16('reserved') !== 0) b.fail('reserved field is not zero');
  const clientNonce = b.bytes(CLIENT_NONCE_SIZE, 'clientNonce');
  const length = b.u32('bodyLength');
  if (length !== b.remaining) b.fail(`bodyLength ${length} but ${b.remaining} bytes follow`);
  const body = b.bytes(length, 'body');
  b.end();
  return { status, clientNonce, body };
}

/**
 * The response key and nonce of a request's HPKE context.
 * @param context - the request's context (sender or recipient)
 * @returns 44 secret bytes: key (32) || nonce (12)
 */
export function responseSecret(context: HpkeContext): Uint8Array {
  return context.export(asciiBytes(RESPONSE_EXPORTER_CONTEXT), RESPONSE_SECRET_SIZE);
}
