/**
 * The handshake, in the clear: the source offers the agent (id, module hash, nonce), the destination answers
 * with its nonce and whether it needs the module, the module follows if so, then each side presents an
 * ephemeral X25519 key and a quote binding that key and the *other* side's nonce, and verifies the peer's
 * quote against its own policy. Both derive the session keys from the exchange and the transcript.
 * @module
 */
import { createHash, randomBytes } from 'node:crypto';
import { decodeMessage, encodeMessage, hex, hexField, MessageType, str } from './messages.js';
import { SecureChannel } from './secure-channel.js';
import {
  bindingReportData,
  deriveSessionKeys,
  generateEphemeralKey,
  NONCE_SIZE,
  PUBLIC_KEY_SIZE,
} from './session-keys.js';
import { codeOf, TransferError } from './transfer-errors.js';
import type { AttestationEndpoint, Transport } from './transfer-shapes.js';

/** Protocol version carried in the offer. */
export const PROTOCOL_VERSION = 4;

/** What the source offers. */
export interface Offer {
  readonly agentId: string;
  /** SHA-256 of the module. */
  readonly moduleHash: Uint8Array;
  /** Application data for the destination (for example the signed manifest, the migration mode). */
  readonly meta: Record<string, unknown>;
}

/** What the destination decides about an offer. */
export interface OfferAnswer<Policy extends object> {
  /** Its attestation (an enclave for this agent's build) and what it accepts of the source. */
  readonly endpoint: AttestationEndpoint<Policy>;
}

/** An established session. */
export interface Session {
  readonly channel: SecureChannel;
  /** Hash of the clear transcript (binds the rounds). */
  readonly transcript: Uint8Array;
  /** Milliseconds from the first message to the keys. */
  readonly attestationMs: number;
  /** The module, on the destination when it was sent. */
  readonly module: Uint8Array | null;
  /** Names the session when the hand-over is settled outside it: hex of the transcript hash's first 16 bytes. */
  readonly sessionId: string;
  /** The key of the hand-over's outcome tokens (see `settlement.ts`). */
  readonly settleKey: Uint8Array;
}

/**
 * The source's half of the handshake.
 * @param transport - the connection
 * @param offer - what is offered
 * @param module - the module bytes, sent only when asked for
 * @param endpoint - the source's attestation and policy
 * @param timeoutMs - per message
 * @returns the session
 * @throws TransferError `attestation-refused` (reason: the verifier's code), `peer-refused`, `protocol-violation`,
 *   `timeout`, `connection-closed`
 */
export async function sourceHandshake<P extends object>(
  transport: Transport,
  offer: Offer,
  module: Uint8Array,
  endpoint: AttestationEndpoint<P>,
  timeoutMs: number,
): Promise<Session> {
  const t0 = performance.now();
  const transcript = createHash('sha256');
  const nonceS = new Uint8Array(randomBytes(NONCE_SIZE));
  const offerBytes = encodeMessage(MessageType.Offer, {
    version: PROTOCOL_VERSION,
    agentId: offer.agentId,
    moduleHash: hex(offer.moduleHash),
    nonce: hex(nonceS),
    meta: offer.meta,
  });
  transcript.update(offerBytes);
  await transport.send(offerBytes);
  let challengeBytes = await transport.receive(timeoutMs);
  let moduleSent = false;
  if (challengeBytes[0] === MessageType.NeedModule) {
    // the destination's host loads the module before its enclave exists (not part of the transcript: the
    // module is bound by its hash in the offer and by the destination's measurement)
    decodeMessage(challengeBytes, MessageType.NeedModule);
    await transport.send(encodeMessage(MessageType.Module, {}, module));
    moduleSent = true;
    challengeBytes = await transport.receive(timeoutMs);
  }
  const challenge = decodeMessage(challengeBytes, MessageType.Challenge);
  transcript.update(challengeBytes);
  const nonceD = hexField(challenge.header, 'nonce', NONCE_SIZE);
  if (challenge.header.needModule === true && !moduleSent)
    await transport.send(encodeMessage(MessageType.Module, {}, module));
  const attestDBytes = await transport.receive(timeoutMs);
  const attestD = decodeMessage(attestDBytes, MessageType.Attest);
  transcript.update(attestDBytes);
  const pubD = hexField(attestD.header, 'publicKey', PUBLIC_KEY_SIZE);
  await verifyPeer(transport, endpoint, attestD.body, pubD, nonceS, 'destination');
  const own = generateEphemeralKey();
  const attestSBytes = encodeMessage(
    MessageType.Attest,
    { publicKey: hex(own.publicKey) },
    await endpoint.attester.quote(bindingReportData(own.publicKey, nonceD)),
  );
  transcript.update(attestSBytes);
  await transport.send(attestSBytes);
  const th = new Uint8Array(transcript.digest());
  const keys = deriveSessionKeys(own, pubD, concat(nonceS, nonceD), th);
  return {
    channel: new SecureChannel(transport, keys.toDestination, keys.toSource, true),
    transcript: th,
    attestationMs: performance.now() - t0,
    module: null,
    sessionId: hex(th.subarray(0, 16)),
    settleKey: keys.settle,
  };
}

/**
 * The destination's half of the handshake.
 * @param transport - the connection
 * @param hasModule - whether this node holds the module of a hash
 * @param answer - decides on the offer once the module is known (throw an error with a `code` to refuse)
 * @param timeoutMs - per message
 * @returns the offer and the session
 * @throws TransferError `module-mismatch`, `attestation-refused`, `peer-refused`, `protocol-violation`, `timeout`,
 *   `connection-closed`
 */
export async function destinationHandshake<P extends object>(
  transport: Transport,
  hasModule: (hash: Uint8Array) => boolean,
  answer: (offer: Offer, module: Uint8Array | null) => Promise<OfferAnswer<P>> | OfferAnswer<P>,
  timeoutMs: number,
): Promise<{ offer: Offer; session: Session }> {
  const offerBytes = await transport.receive(timeoutMs);
  const t0 = performance.now();
  const transcript = createHash('sha256');
  const m = decodeMessage(offerBytes, MessageType.Offer);
  transcript.update(offerBytes);
  if (m.header.version !== PROTOCOL_VERSION)
    await refuse(transport, new TransferError('protocol-violation', 'unsupported protocol version'));
  const offer = offerOf(m.header);
  const nonceS = hexField(m.header, 'nonce', NONCE_SIZE);
  const nonceD = new Uint8Array(randomBytes(NONCE_SIZE));
  const needModule = !hasModule(offer.moduleHash);
  const challengeBytes = encodeMessage(MessageType.Challenge, { nonce: hex(nonceD), needModule });
  transcript.update(challengeBytes);
  await transport.send(challengeBytes);
  let module: Uint8Array | null = null;
  if (needModule) {
    module = decodeMessage(await transport.receive(timeoutMs), MessageType.Module).body.slice();
    const h = new Uint8Array(createHash('sha256').update(module).digest());
    if (hex(h) !== hex(offer.moduleHash))
      await refuse(transport, new TransferError('module-mismatch', 'the module sent does not have the offered hash'));
  }
  let endpoint: AttestationEndpoint<P>;
  try {
    endpoint = (await answer(offer, module)).endpoint;
  } catch (e) {
    const err =
      e instanceof TransferError
        ? e
        : new TransferError('refused', 'the destination refused the offer', {
            reason: codeOf(e) ?? 'refused',
            cause: e,
          });
    await refuse(transport, err);
    throw err;
  }
  const own = generateEphemeralKey();
  const attestDBytes = encodeMessage(
    MessageType.Attest,
    { publicKey: hex(own.publicKey) },
    await endpoint.attester.quote(bindingReportData(own.publicKey, nonceS)),
  );
  transcript.update(attestDBytes);
  await transport.send(attestDBytes);
  const attestSBytes = await transport.receive(timeoutMs);
  const attestS = decodeMessage(attestSBytes, MessageType.Attest);
  transcript.update(attestSBytes);
  const pubS = hexField(attestS.header, 'publicKey', PUBLIC_KEY_SIZE);
  await verifyPeer(transport, endpoint, attestS.body, pubS, nonceD, 'source');
  const th = new Uint8Array(transcript.digest());
  const keys = deriveSessionKeys(own, pubS, concat(nonceS, nonceD), th);
  return {
    offer,
    session: {
      channel: new SecureChannel(transport, keys.toSource, keys.toDestination, false),
      transcript: th,
      attestationMs: performance.now() - t0,
      module,
      sessionId: hex(th.subarray(0, 16)),
      settleKey: keys.settle,
    },
  };
}

function offerOf(h: Record<string, unknown>): Offer {
  const meta = h.meta;
  return {
    agentId: str(h, 'agentId'),
    moduleHash: hexField(h, 'moduleHash', 32),
    meta: meta !== null && typeof meta === 'object' && !Array.isArray(meta) ? (meta as Record<string, unknown>) : {},
  };
}

/**
 * Reads an `Offer` frame without taking part in the handshake: what a destination's host needs to choose the
 * enclave that will answer it (the agent id, the module hash, the metadata such as the signed manifest).
 * @param frame - the first frame of a transfer connection
 * @returns the offer
 * @throws TransferError `protocol-violation` (also for another protocol version), `peer-refused` for an Abort
 */
export function peekOffer(frame: Uint8Array): Offer {
  const m = decodeMessage(frame, MessageType.Offer);
  if (m.header.version !== PROTOCOL_VERSION)
    throw new TransferError('protocol-violation', 'unsupported protocol version');
  return offerOf(m.header);
}

/**
 * The destination host's request for the offered module (`NeedModule`), sent before its enclave exists.
 * @returns the frame
 */
export function needModuleFrame(): Uint8Array {
  return encodeMessage(MessageType.NeedModule, {});
}

/**
 * A clear `Abort` frame: what a destination's host sends when it refuses an offer before any enclave exists
 * (the source reports `peer-refused` with `code` as the reason).
 * @param code - why
 * @returns the frame
 */
export function abortFrame(code: string): Uint8Array {
  return encodeMessage(MessageType.Abort, { code });
}

/**
 * The module carried by a `Module` frame, checked against the offered hash.
 * @param frame - the frame
 * @param moduleHash - the hash from the offer
 * @returns the module bytes (a copy)
 * @throws TransferError `module-mismatch`, `protocol-violation`, `peer-refused`
 */
export function moduleOfFrame(frame: Uint8Array, moduleHash: Uint8Array): Uint8Array {
  const module = decodeMessage(frame, MessageType.Module).body.slice();
  if (hex(new Uint8Array(createHash('sha256').update(module).digest())) !== hex(moduleHash))
    throw new TransferError('module-mismatch', 'the module sent does not have the offered hash');
  return module;
}

async function verifyPeer<P extends object>(
  transport: Transport,
  endpoint: AttestationEndpoint<P>,
  quote: Uint8Array,
  peerPublic: Uint8Array,
  ownNonce: Uint8Array,
  who: string,
): Promise<void> {
  try {
    endpoint.verifier.verify(quote, { ...endpoint.policy, reportData: bindingReportData(peerPublic, ownNonce) });
  } catch (e) {
    const reason = codeOf(e) ?? 'refused';
    await refuse(
      transport,
      new TransferError('attestation-refused', `the ${who}'s quote was refused: ${reason}`, { reason, cause: e }),
    );
  }
}

/** Tells the peer (in the clear, best effort) and throws. */
async function refuse(transport: Transport, e: TransferError): Promise<never> {
  try {
    await transport.send(
      encodeMessage(MessageType.Abort, { code: e.code === 'refused' ? (e.reason ?? 'refused') : e.code }),
    );
  } catch {
    // the connection may already be gone: the local error below is what matters
  }
  throw e;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
