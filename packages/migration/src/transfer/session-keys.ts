/**
 * Ephemeral X25519 key pairs, the report data that binds a public key and the peer's nonce, and the session
 * keys: HKDF-SHA-256 over the shared secret, salted with both nonces, with the transcript's hash as info. One
 * key per direction.
 * @module
 */
import { createHash, createPublicKey, diffieHellman, generateKeyPairSync, hkdfSync, type KeyObject } from 'node:crypto';
import { TransferError } from './transfer-errors.js';

/** Size of an X25519 public key and of a nonce, in bytes. */
export const PUBLIC_KEY_SIZE = 32;
/** Size of each side's nonce. */
export const NONCE_SIZE = 32;
/** Size of report data. */
export const REPORT_DATA_SIZE = 64;
/** HKDF info prefix; the transcript hash follows. */
const INFO = new TextEncoder().encode('edgedancer transfer v1 keys');
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

/** An ephemeral key pair; the private key never leaves this object. */
export interface EphemeralKey {
  /** The raw 32-byte public key. */
  readonly publicKey: Uint8Array;
  /** The private key (a `KeyObject`, not exportable bytes). */
  readonly privateKey: KeyObject;
}

/** The two directional keys of a session. */
export interface SessionKeys {
  /** Encrypts source → destination. */
  readonly toDestination: Uint8Array;
  /** Encrypts destination → source. */
  readonly toSource: Uint8Array;
  /** Authenticates the hand-over's outcome tokens (`settlement.ts`), kept by both sides until it is settled. */
  readonly settle: Uint8Array;
}

/**
 * A fresh X25519 key pair.
 * @returns the pair
 */
export function generateEphemeralKey(): EphemeralKey {
  const { publicKey, privateKey } = generateKeyPairSync('x25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { publicKey: new Uint8Array(der.subarray(der.length - PUBLIC_KEY_SIZE)), privateKey };
}

/**
 * The report data a quote must carry: `SHA-256(publicKey) || nonce` (the convention of the enclave model).
 * @param publicKey - the quoting side's ephemeral public key
 * @param nonce - the verifying side's nonce
 * @returns 64 bytes
 */
export function bindingReportData(publicKey: Uint8Array, nonce: Uint8Array): Uint8Array {
  const out = new Uint8Array(REPORT_DATA_SIZE);
  out.set(createHash('sha256').update(publicKey).digest(), 0);
  out.set(nonce, 32);
  return out;
}

/**
 * Derives the session keys.
 * @param own - this side's key pair
 * @param peerPublic - the peer's raw public key
 * @param salt - the source's nonce followed by the destination's
 * @param transcript - hash of everything exchanged in the clear so far
 * @returns the two channel keys and the settlement key
 * @throws TransferError `protocol-violation` for a public key that is not 32 bytes or yields an all-zero secret
 */
export function deriveSessionKeys(
  own: EphemeralKey,
  peerPublic: Uint8Array,
  salt: Uint8Array,
  transcript: Uint8Array,
): SessionKeys {
  if (peerPublic.length !== PUBLIC_KEY_SIZE)
    throw new TransferError('protocol-violation', 'peer public key must be 32 bytes');
  let secret: Buffer;
  try {
    const peer = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, peerPublic]), format: 'der', type: 'spki' });
    secret = diffieHellman({ privateKey: own.privateKey, publicKey: peer });
  } catch (e) {
    throw new TransferError('protocol-violation', 'unusable peer public key', { cause: e });
  }
  if (secret.every((b) => b === 0)) throw new TransferError('protocol-violation', 'low-order peer public key');
  const info = new Uint8Array(INFO.length + transcript.length);
  info.set(INFO);
  info.set(transcript, INFO.length);
  // HKDF output does not depend on its length, so bytes 0–63 are the same as with 64 (protocol v1 keys)
  const okm = new Uint8Array(hkdfSync('sha256', secret, salt, info, 96));
  secret.fill(0);
  return { toDestination: okm.slice(0, 32), toSource: okm.slice(32, 64), settle: okm.slice(64, 96) };
}
