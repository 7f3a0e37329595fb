/**
 * The protocol's messages: a type byte, a JSON header and a binary body, `type u8 | headerLength u32 (BE) |
 * header (UTF-8 JSON) | body`. The layout and every type are specified in `docs/transfer-protocol.md`.
 * @module
 */
import { TransferError } from './transfer-errors.js';

/** Message types (one byte). Handshake messages travel in the clear; the rest only inside the channel. */
export const MessageType = {
  /** source → destination, clear: agent id, module hash, metadata, source nonce */
  Offer: 1,
  /** destination → source, clear: destination nonce, whether the module is needed */
  Challenge: 2,
  /** source → destination, clear: the module bytes (checked against the offered hash) */
  Module: 3,
  /** either way, clear: ephemeral X25519 public key and a quote binding it and the peer's nonce */
  Attest: 4,
  /** source → destination: transfer begins (mode, first counter) */
  Begin: 5,
  /** source → destination: a piece of the current round's bytes */
  Chunk: 6,
  /** source → destination: the round is complete (full or delta, final or not, binding digest) */
  RoundEnd: 7,
  /** destination → source: restored, recorded, not running: ready to resume */
  Ready: 8,
  /** source → destination: the commit token; the source decided commit and never runs the agent again */
  Commit: 9,
  /** destination → source: resumed (with the resumed token) */
  Resumed: 10,
  /** either way: giving up, with a code */
  Abort: 11,
  /** destination → source: a pre-copy round is decoded and applied (the source waits for it before the next round) */
  RoundAck: 12,
  /**
   * destination host → source, clear: the destination lacks the offered module; the source answers `Module`
   * before the `Challenge` (the destination's enclave is measured over the module, so it is loaded first)
   */
  NeedModule: 13,
} as const;

/** One of {@link MessageType}. */
export type MessageTypeCode = (typeof MessageType)[keyof typeof MessageType];

/** A decoded message. */
export interface Message {
  readonly type: MessageTypeCode;
  readonly header: Record<string, unknown>;
  readonly body: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const MAX_HEADER = 64 * 1024;

/**
 * Encodes a message.
 * @param type - the type
 * @param header - a JSON-serializable object
 * @param body - binary payload (may be empty)
 * @returns the bytes
 */
export function encodeMessage(
  type: MessageTypeCode,
  header: Record<string, unknown> = {},
  body: Uint8Array = new Uint8Array(0),
): Uint8Array {
  const h = encoder.encode(JSON.stringify(header));
  const out = new Uint8Array(5 + h.length + body.length);
  out[0] = type;
  new DataView(out.buffer).setUint32(1, h.length);
  out.set(h, 5);
  out.set(body, 5 + h.length);
  return out;
}

/**
 * The head of a message whose body is sent separately (sealed in the same frame, without joining the two first).
 * @param type - the type
 * @param header - a JSON-serializable object
 * @returns type, header length and header
 */
export function encodeHead(type: MessageTypeCode, header: Record<string, unknown>): Uint8Array {
  const h = encoder.encode(JSON.stringify(header));
  const out = new Uint8Array(5 + h.length);
  out[0] = type;
  new DataView(out.buffer).setUint32(1, h.length);
  out.set(h, 5);
  return out;
}

/**
 * Decodes a message, checking that it is of an expected type.
 * @param bytes - the message
 * @param expected - the types accepted here (an `Abort` is always accepted and turned into `peer-refused`)
 * @returns the message
 * @throws TransferError `protocol-violation` for malformed bytes or an unexpected type; `peer-refused` for an Abort
 */
export function decodeMessage(bytes: Uint8Array, ...expected: MessageTypeCode[]): Message {
  if (bytes.length < 5) throw new TransferError('protocol-violation', 'message shorter than its header');
  const type = bytes[0] as MessageTypeCode;
  const len = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(1);
  if (len > MAX_HEADER || 5 + len > bytes.length) throw new TransferError('protocol-violation', 'bad header length');
  let header: unknown;
  try {
    header = JSON.parse(decoder.decode(bytes.subarray(5, 5 + len)));
  } catch (e) {
    throw new TransferError('protocol-violation', 'header is not JSON', { cause: e });
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header))
    throw new TransferError('protocol-violation', 'header is not an object');
  const h = header as Record<string, unknown>;
  if (type === MessageType.Abort) {
    const code = typeof h.code === 'string' ? h.code : 'unknown';
    throw new TransferError('peer-refused', `the peer gave up: ${code}`, { reason: code });
  }
  if (!expected.includes(type)) throw new TransferError('protocol-violation', `unexpected message type ${type}`);
  return { type, header: h, body: bytes.subarray(5 + len) };
}

/**
 * Reads a string field of a header.
 * @param h - the header
 * @param name - the field
 * @returns the value
 * @throws TransferError `protocol-violation` when absent or not a string
 */
export function str(h: Record<string, unknown>, name: string): string {
  const v = h[name];
  if (typeof v !== 'string') throw new TransferError('protocol-violation', `header field ${name} must be a string`);
  return v;
}

/**
 * Reads a non-negative integer field of a header.
 * @param h - the header
 * @param name - the field
 * @returns the value
 * @throws TransferError `protocol-violation` when absent or not a safe non-negative integer
 */
export function uint(h: Record<string, unknown>, name: string): number {
  const v = h[name];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    throw new TransferError('protocol-violation', `header field ${name} must be a non-negative integer`);
  return v;
}

/**
 * Hex encoding of bytes (header fields carry hashes and nonces as hex).
 * @param b - bytes
 * @returns lowercase hex
 */
export function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}

/**
 * Reads a hex field of a header of an exact size.
 * @param h - the header
 * @param name - the field
 * @param size - bytes expected
 * @returns the bytes
 * @throws TransferError `protocol-violation`
 */
export function hexField(h: Record<string, unknown>, name: string, size: number): Uint8Array {
  const s = str(h, name);
  if (s.length !== size * 2 || !/^[0-9a-f]*$/.test(s))
    throw new TransferError('protocol-violation', `header field ${name} must be ${size} bytes of hex`);
  return new Uint8Array(Buffer.from(s, 'hex'));
}
