/**
 * The only place that touches `node:crypto`: SHA-256, HMAC-SHA-256, HKDF-SHA-256, AES-256-GCM and ECDSA over
 * P-256 with fixed-size (`r || s`) signatures and uncompressed (SEC1, 65-byte) public keys. Nothing here is
 * implemented by hand; these are thin wrappers that fix algorithms and sizes.
 * @module
 */
import {
  type Cipher,
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  type Decipher,
  generateKeyPairSync,
  hkdfSync,
  type KeyObject,
  randomBytes as nodeRandomBytes,
  sign as nodeSign,
  verify as nodeVerify,
} from 'node:crypto';
import { EnclaveError } from './errors.js';

/** Size of a SHA-256 digest, in bytes. */
export const SHA256_SIZE = 32;
/** Size of an uncompressed P-256 public key (`0x04 || x || y`), in bytes. */
export const P256_PUBLIC_KEY_SIZE = 65;
/** Size of a P-256 ECDSA signature as `r || s`, in bytes. */
export const P256_SIGNATURE_SIZE = 64;
/** AES-256 key size, in bytes. */
export const AES_KEY_SIZE = 32;
/** AES-GCM nonce size, in bytes. */
export const GCM_IV_SIZE = 12;
/** AES-GCM tag size, in bytes. */
export const GCM_TAG_SIZE = 16;

/**
 * Cryptographically strong random bytes.
 * @param size - how many
 * @returns fresh random bytes
 */
export function randomBytes(size: number): Uint8Array {
  return new Uint8Array(nodeRandomBytes(size));
}

/**
 * SHA-256 of the concatenation of `parts`.
 * @param parts - the input, in pieces
 * @returns the 32-byte digest
 */
export function sha256(...parts: readonly Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

/**
 * HMAC-SHA-256 of the concatenation of `parts` under `key`.
 * @param key - the MAC key
 * @param parts - the message, in pieces
 * @returns the 32-byte tag
 */
export function hmacSha256(key: Uint8Array, ...parts: readonly Uint8Array[]): Uint8Array {
  const h = createHmac('sha256', key);
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

/**
 * HKDF-SHA-256 (RFC 5869).
 * @param ikm - input keying material
 * @param salt - salt
 * @param info - context and application specific information
 * @param size - output length in bytes
 * @returns the derived key
 */
export function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, size: number): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', ikm, salt, info, size));
}

/**
 * Bytes fed to AES-GCM per update. Each update returns a new buffer of its size: at 16 KiB the allocator
 * recycles those, while megabyte outputs take fresh pages every time, and faulting them in costs several times the
 * AES itself. Every step's output is copied once, into the result.
 */
const UPDATE_STEP = 16 * 1024;

function updateInto(c: Cipher | Decipher, src: Uint8Array, dst: Uint8Array, at: number): number {
  let o = at;
  for (let i = 0; i < src.length; i += UPDATE_STEP) {
    const n = c.update(src.subarray(i, Math.min(src.length, i + UPDATE_STEP)));
    dst.set(n, o);
    o += n.length;
  }
  return o;
}

/**
 * AES-256-GCM encryption.
 * @param key - 32-byte key
 * @param iv - 12-byte nonce, never reused under one key
 * @param plaintext - the data
 * @param aad - associated data, authenticated but not encrypted
 * @returns ciphertext followed by the 16-byte tag
 */
export function aesGcmSeal(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
  const out = new Uint8Array(plaintext.length + GCM_TAG_SIZE);
  aesGcmSealInto(key, iv, [plaintext], aad, out, 0);
  return out;
}

/**
 * AES-256-GCM encryption of a plaintext given in parts (as if joined), written into `out` from `at`: the
 * ciphertext, then the 16-byte tag. No copy of the plaintext is made.
 * @param key - 32-byte key
 * @param iv - 12-byte nonce, never reused under one key
 * @param parts - the plaintext
 * @param aad - associated data
 * @param out - where the ciphertext and tag go (room for the parts' total length and the tag from `at`)
 * @param at - the offset in `out`
 * @returns the offset after the tag
 */
export function aesGcmSealInto(
  key: Uint8Array,
  iv: Uint8Array,
  parts: readonly Uint8Array[],
  aad: Uint8Array,
  out: Uint8Array,
  at: number,
): number {
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(aad);
  let o = at;
  for (const p of parts) o = updateInto(c, p, out, o);
  const tail = c.final();
  out.set(tail, o);
  o += tail.length;
  out.set(c.getAuthTag(), o);
  return o + GCM_TAG_SIZE;
}

/**
 * AES-256-GCM decryption and authentication.
 * @param key - 32-byte key
 * @param iv - 12-byte nonce
 * @param sealed - ciphertext followed by the 16-byte tag
 * @param aad - associated data
 * @returns the plaintext
 * @throws EnclaveError `bad-mac` when the tag does not verify (the message says nothing more)
 */
export function aesGcmOpen(key: Uint8Array, iv: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array {
  if (sealed.length < GCM_TAG_SIZE) throw new EnclaveError('malformed', 'sealed data shorter than its tag');
  const body = sealed.subarray(0, sealed.length - GCM_TAG_SIZE);
  const d = createDecipheriv('aes-256-gcm', key, iv);
  d.setAAD(aad);
  d.setAuthTag(sealed.subarray(sealed.length - GCM_TAG_SIZE));
  const out = new Uint8Array(body.length);
  const at = updateInto(d, body, out, 0);
  try {
    // GCM returns every byte from update: final only checks the tag
    if (d.final().length !== 0 || at !== out.length) throw new Error('unexpected output from final');
  } catch (cause) {
    out.fill(0);
    throw new EnclaveError('bad-mac', 'authentication tag mismatch', { cause: errorWithoutDetail(cause) });
  }
  return out;
}

/** A P-256 key pair as `KeyObject`s, with the public key's raw encoding. */
export interface P256KeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: Uint8Array;
}

/**
 * Generates a P-256 key pair.
 * @returns the private key object and the 65-byte uncompressed public key
 */
export function generateP256(): P256KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { privateKey, publicKey: p256PublicKeyToRaw(publicKey) };
}

/**
 * The uncompressed SEC1 encoding of a P-256 public key.
 * @param key - a public (or private) P-256 key object
 * @returns 65 bytes: `0x04 || x || y`
 */
export function p256PublicKeyToRaw(key: KeyObject): Uint8Array {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  const jwk = pub.export({ format: 'jwk' });
  if (jwk.crv !== 'P-256' || typeof jwk.x !== 'string' || typeof jwk.y !== 'string') {
    throw new TypeError('expected a P-256 key');
  }
  const out = new Uint8Array(P256_PUBLIC_KEY_SIZE);
  out[0] = 0x04;
  out.set(Buffer.from(jwk.x, 'base64url'), 1);
  out.set(Buffer.from(jwk.y, 'base64url'), 33);
  return out;
}

/**
 * Imports an uncompressed P-256 public key.
 * @param raw - 65 bytes: `0x04 || x || y`
 * @returns the key object
 * @throws EnclaveError `malformed` when the bytes are not a point on the curve
 */
export function p256PublicKeyFromRaw(raw: Uint8Array): KeyObject {
  if (raw.length !== P256_PUBLIC_KEY_SIZE || raw[0] !== 0x04) {
    throw new EnclaveError('malformed', 'not an uncompressed P-256 public key');
  }
  const id = Buffer.from(raw.buffer, raw.byteOffset, raw.length).toString('base64');
  const cached = publicKeyCache.get(id);
  if (cached !== undefined) return cached;
  const x = Buffer.from(raw.subarray(1, 33)).toString('base64url');
  const y = Buffer.from(raw.subarray(33, 65)).toString('base64url');
  let key: KeyObject;
  try {
    key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x, y }, format: 'jwk' });
  } catch (cause) {
    throw new EnclaveError('malformed', 'public key is not a point on P-256', { cause: errorWithoutDetail(cause) });
  }
  if (publicKeyCache.size >= PUBLIC_KEY_CACHE_SIZE) publicKeyCache.delete(publicKeyCache.keys().next().value as string);
  publicKeyCache.set(id, key);
  return key;
}

/** Imported public keys by encoding: importing costs about as much as a verification, and keys recur (roots, platforms). */
const publicKeyCache = new Map<string, KeyObject>();
const PUBLIC_KEY_CACHE_SIZE = 256;

/**
 * Exports a P-256 private key as PKCS#8 DER (for the simulated platform store and the vendor root's file only).
 * @param key - the private key
 * @returns the DER bytes
 */
export function p256PrivateKeyToPkcs8(key: KeyObject): Uint8Array {
  return new Uint8Array(key.export({ format: 'der', type: 'pkcs8' }));
}

/**
 * Imports a PKCS#8 DER P-256 private key.
 * @param der - the DER bytes
 * @returns the key object
 * @throws EnclaveError `malformed` when the bytes are not a P-256 private key
 */
export function p256PrivateKeyFromPkcs8(der: Uint8Array): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
  } catch (cause) {
    throw new EnclaveError('malformed', 'not a PKCS#8 private key', { cause: errorWithoutDetail(cause) });
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new EnclaveError('malformed', 'not a P-256 private key');
  }
  return key;
}

/**
 * ECDSA P-256 / SHA-256 signature.
 * @param privateKey - the signing key
 * @param message - the signed bytes
 * @returns 64 bytes: `r || s`
 */
export function p256Sign(privateKey: KeyObject, message: Uint8Array): Uint8Array {
  return new Uint8Array(nodeSign('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
}

/**
 * Verifies an ECDSA P-256 / SHA-256 signature.
 * @param publicKey - 65-byte uncompressed public key, or a key object
 * @param message - the signed bytes
 * @param signature - 64 bytes: `r || s`
 * @returns true when the signature is valid; false for any invalid key, signature or message
 */
export function p256Verify(publicKey: Uint8Array | KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== P256_SIGNATURE_SIZE) return false;
  let key: KeyObject;
  if (publicKey instanceof Uint8Array) {
    try {
      key = p256PublicKeyFromRaw(publicKey);
    } catch (e) {
      if (e instanceof EnclaveError) return false;
      throw e;
    }
  } else {
    key = publicKey;
  }
  return nodeVerify('sha256', message, { key, dsaEncoding: 'ieee-p1363' }, signature);
}

/** Keeps only the class name of a library error, so that no key or plaintext bytes can ride along as a cause. */
function errorWithoutDetail(cause: unknown): Error {
  return new Error(cause instanceof Error ? cause.name : 'error');
}

/** An incremental SHA-256. */
export interface Sha256Stream {
  /** Adds bytes. */
  update(bytes: Uint8Array): void;
  /** The digest of everything added (the stream cannot be used afterwards). */
  digest(): Uint8Array;
}

/**
 * Starts an incremental SHA-256.
 * @returns the stream
 */
export function createSha256(): Sha256Stream {
  const h = createHash('sha256');
  return {
    update(bytes: Uint8Array): void {
      h.update(bytes);
    },
    digest(): Uint8Array {
      return new Uint8Array(h.digest());
    },
  };
}
