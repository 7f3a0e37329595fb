/**
 * The primitives HPKE (RFC 9180) is built from, as `node:crypto` provides them: X25519 (RFC 7748) with raw
 * 32-byte keys, HKDF-SHA256's two halves (`Extract`, `Expand`, RFC 5869) and the three AEADs of RFC 9180
 * §7.3 (AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305). Everything is synchronous. Nothing is implemented by
 * hand but the HKDF loop (one HMAC per 32 bytes) and the fixed DER prefixes that wrap raw X25519 keys.
 * @module
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createPrivateKey,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { ChannelError, errorWithoutDetail } from './errors.js';

/** Size of an X25519 public key, private key and shared secret, in bytes. */
export const X25519_KEY_SIZE = 32;
/** Output size of SHA-256 and HMAC-SHA256 (`Nh`), in bytes. */
export const HASH_SIZE = 32;

/** PKCS#8 prefix of a raw X25519 private key (RFC 8410): the 32 key bytes follow. */
const PKCS8_X25519_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');

/**
 * Imports a raw X25519 private key.
 * @param sk - 32 bytes
 * @returns the key object
 * @throws ChannelError `bad-key` when it is not 32 bytes
 */
export function x25519PrivateKey(sk: Uint8Array): KeyObject {
  if (!(sk instanceof Uint8Array) || sk.length !== X25519_KEY_SIZE)
    throw new ChannelError('bad-key', 'an X25519 private key is 32 bytes');
  const der = Buffer.concat([PKCS8_X25519_PREFIX, sk]);
  try {
    return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  } finally {
    der.fill(0);
  }
}

/**
 * Imports a raw X25519 public key (as a JWK: an order of magnitude cheaper in Node than DER).
 * @param pk - 32 bytes
 * @returns the key object
 * @throws ChannelError `bad-key` when it is not 32 bytes
 */
export function x25519PublicKey(pk: Uint8Array): KeyObject {
  if (!(pk instanceof Uint8Array) || pk.length !== X25519_KEY_SIZE)
    throw new ChannelError('bad-key', 'an X25519 public key is 32 bytes');
  try {
    const x = Buffer.from(pk.buffer, pk.byteOffset, pk.length).toString('base64url');
    return createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x }, format: 'jwk' });
  } catch (cause) {
    throw new ChannelError('bad-key', 'not an X25519 public key', { cause: errorWithoutDetail(cause) });
  }
}

/**
 * The raw public key of a key.
 * @param key - an X25519 private or public key object
 * @returns 32 bytes
 */
export function x25519PublicOf(key: KeyObject): Uint8Array {
  const jwk = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'jwk' });
  if (jwk.crv !== 'X25519' || typeof jwk.x !== 'string') throw new ChannelError('bad-key', 'not an X25519 key');
  return new Uint8Array(Buffer.from(jwk.x, 'base64url'));
}

/**
 * A fresh ephemeral X25519 key pair, its private key never leaving its key object.
 * @returns the private key object and the raw public key
 */
export function x25519Ephemeral(): { privateKey: KeyObject; pk: Uint8Array } {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  return { privateKey, pk: x25519PublicOf(publicKey) };
}

/**
 * A fresh X25519 key pair as raw bytes.
 * @returns `sk` (32 bytes, secret) and `pk` (32 bytes)
 */
export function x25519Generate(): { sk: Uint8Array; pk: Uint8Array } {
  const { privateKey, publicKey } = generateKeyPairSync('x25519');
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
  const sk = new Uint8Array(pkcs8.subarray(pkcs8.length - X25519_KEY_SIZE));
  pkcs8.fill(0);
  return { sk, pk: x25519PublicOf(publicKey) };
}

/**
 * X25519 Diffie-Hellman. Refuses the all-zero output (a small-order public key), as RFC 9180 §7.1.4 requires.
 * @param privateKey - our private key
 * @param publicKey - their raw public key
 * @returns the 32-byte shared secret
 * @throws ChannelError `bad-key`
 */
export function x25519(privateKey: KeyObject, publicKey: Uint8Array): Uint8Array {
  let out: Uint8Array;
  try {
    out = new Uint8Array(diffieHellman({ privateKey, publicKey: x25519PublicKey(publicKey) }));
  } catch (cause) {
    if (cause instanceof ChannelError) throw cause;
    throw new ChannelError('bad-key', 'X25519 refused the public key', { cause: errorWithoutDetail(cause) });
  }
  let acc = 0;
  for (const b of out) acc |= b;
  if (acc === 0) throw new ChannelError('bad-key', 'X25519 shared secret is all zero (small-order public key)');
  return out;
}

/**
 * HKDF-Extract with HMAC-SHA256 (RFC 5869 §2.2). An empty salt means `Nh` zero bytes, as HMAC pads it.
 * @param salt - the salt
 * @param ikm - input keying material
 * @returns the 32-byte pseudorandom key
 */
export function hkdfExtract(salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return new Uint8Array(createHmac('sha256', salt).update(ikm).digest());
}

/**
 * HKDF-Expand with HMAC-SHA256 (RFC 5869 §2.3).
 * @param prk - a pseudorandom key of at least 32 bytes
 * @param info - context information
 * @param length - output length, at most 255 × 32 bytes
 * @returns `length` bytes
 * @throws RangeError when `length` is out of range
 */
export function hkdfExpand(prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 0 || length > 255 * HASH_SIZE) {
    throw new RangeError(`HKDF-Expand length must be in [0, ${255 * HASH_SIZE}]`);
  }
  const out = new Uint8Array(length);
  let t: Uint8Array = new Uint8Array(0);
  for (let i = 1, at = 0; at < length; i++) {
    t = new Uint8Array(createHmac('sha256', prk).update(t).update(info).update(Uint8Array.of(i)).digest());
    out.set(t.subarray(0, Math.min(HASH_SIZE, length - at)), at);
    at += HASH_SIZE;
  }
  return out;
}

/** An AEAD of RFC 9180 §7.3, by its registered id. */
export interface Aead {
  /** The IANA HPKE AEAD id. */
  readonly id: number;
  /** Its `node:crypto` cipher name. */
  readonly cipher: 'aes-128-gcm' | 'aes-256-gcm' | 'chacha20-poly1305';
  /** Key size `Nk`, nonce size `Nn` and tag size `Nt`, in bytes. */
  readonly Nk: number;
  readonly Nn: number;
  readonly Nt: number;
}

/** The AEADs RFC 9180 registers, by id (1 AES-128-GCM, 2 AES-256-GCM, 3 ChaCha20-Poly1305). */
export const AEADS: ReadonlyMap<number, Aead> = new Map([
  [1, { id: 1, cipher: 'aes-128-gcm', Nk: 16, Nn: 12, Nt: 16 }],
  [2, { id: 2, cipher: 'aes-256-gcm', Nk: 32, Nn: 12, Nt: 16 }],
  [3, { id: 3, cipher: 'chacha20-poly1305', Nk: 32, Nn: 12, Nt: 16 }],
] as const);

/**
 * AEAD encryption.
 * @param aead - the algorithm
 * @param key - `Nk` bytes
 * @param nonce - `Nn` bytes
 * @param aad - associated data
 * @param pt - plaintext
 * @returns ciphertext followed by the `Nt`-byte tag
 */
export function aeadSeal(aead: Aead, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, pt: Uint8Array): Uint8Array {
  const c = createCipheriv(aead.cipher as 'aes-256-gcm', key, nonce, { authTagLength: aead.Nt });
  c.setAAD(aad);
  const head = c.update(pt);
  const tail = c.final();
  const out = new Uint8Array(head.length + tail.length + aead.Nt);
  out.set(head, 0);
  out.set(tail, head.length);
  out.set(c.getAuthTag(), head.length + tail.length);
  return out;
}

/**
 * AEAD decryption and authentication.
 * @param aead - the algorithm
 * @param key - `Nk` bytes
 * @param nonce - `Nn` bytes
 * @param aad - associated data
 * @param ct - ciphertext followed by the tag
 * @returns the plaintext
 * @throws ChannelError `open-failed` when the tag does not verify (nothing is returned)
 */
export function aeadOpen(aead: Aead, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, ct: Uint8Array): Uint8Array {
  if (ct.length < aead.Nt) throw new ChannelError('open-failed', 'ciphertext shorter than its tag');
  const d = createDecipheriv(aead.cipher as 'aes-256-gcm', key, nonce, { authTagLength: aead.Nt });
  d.setAAD(aad);
  d.setAuthTag(ct.subarray(ct.length - aead.Nt));
  const head = d.update(ct.subarray(0, ct.length - aead.Nt));
  let tail: Buffer;
  try {
    tail = d.final();
  } catch (cause) {
    head.fill(0);
    throw new ChannelError('open-failed', 'authentication tag mismatch', { cause: errorWithoutDetail(cause) });
  }
  const out = new Uint8Array(head.length + tail.length);
  out.set(head, 0);
  out.set(tail, head.length);
  head.fill(0);
  return out;
}
