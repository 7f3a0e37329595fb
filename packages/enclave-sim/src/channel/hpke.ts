/**
 * HPKE (RFC 9180), base mode, with DHKEM(X25519, HKDF-SHA256) and HKDF-SHA256, over any of the three AEADs of
 * §7.3. Synchronous (everything runs on `node:crypto`), so an enclave can open a request inside one ecall.
 * Follows the RFC's pseudocode step by step: labeled extract/expand (§4), `DeriveKeyPair`, `Encap`/`Decap`
 * (§4.1, §7.1.3), the key schedule (§5.1), the sequence-number nonce rule (§5.2) and the secret exporter (§5.3).
 * Only base mode: PSK and authenticated modes are not needed by the user channel.
 * @module
 */
import type { KeyObject } from 'node:crypto';
import { concatBytes as concat } from '../bytes.js';
import { ChannelError } from './errors.js';
import {
  AEADS,
  type Aead,
  aeadOpen,
  aeadSeal,
  HASH_SIZE,
  hkdfExpand,
  hkdfExtract,
  X25519_KEY_SIZE,
  x25519,
  x25519Ephemeral,
  x25519PrivateKey,
  x25519PublicOf,
} from './hpke-primitives.js';

/** KEM id of DHKEM(X25519, HKDF-SHA256). */
export const KEM_X25519_HKDF_SHA256 = 0x0020;
/** KDF id of HKDF-SHA256. */
export const KDF_HKDF_SHA256 = 0x0001;
/** AEAD ids. */
export const AEAD_AES_128_GCM = 0x0001;
export const AEAD_AES_256_GCM = 0x0002;
export const AEAD_CHACHA20_POLY1305 = 0x0003;
/** Size of the KEM's encapsulated key `enc` (`Nenc`), in bytes. */
export const ENC_SIZE = X25519_KEY_SIZE;

/** An HPKE cipher suite. This module implements KEM 0x0020 and KDF 0x0001 with AEAD 1, 2 or 3. */
export interface HpkeSuite {
  readonly kemId: number;
  readonly kdfId: number;
  readonly aeadId: number;
}

/** The user channel's suite: DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM. */
export const CHANNEL_SUITE: HpkeSuite = Object.freeze({
  kemId: KEM_X25519_HKDF_SHA256,
  kdfId: KDF_HKDF_SHA256,
  aeadId: AEAD_AES_256_GCM,
});

const MODE_BASE = 0x00;
const HPKE_V1 = ascii('HPKE-v1');
const EMPTY = new Uint8Array(0);

/** An X25519 key pair for HPKE: the private key as a key object (imported once) and the raw public key. */
export interface HpkeKeyPair {
  readonly privateKey: KeyObject;
  readonly publicKey: Uint8Array;
}

/**
 * `DeriveKeyPair(ikm)` of DHKEM(X25519, HKDF-SHA256) (RFC 9180 §7.1.3): a key pair determined by `ikm`.
 * @param ikm - input keying material, at least 32 bytes of entropy
 * @returns the raw private key `sk` (secret) and public key `pk`
 * @throws RangeError when `ikm` is shorter than 32 bytes
 */
export function deriveKeyPair(ikm: Uint8Array): { sk: Uint8Array; pk: Uint8Array } {
  if (!(ikm instanceof Uint8Array) || ikm.length < X25519_KEY_SIZE)
    throw new RangeError('ikm must be at least 32 bytes');
  const dkpPrk = labeledExtract(KEM_SUITE_ID, EMPTY, 'dkp_prk', ikm);
  const sk = labeledExpand(KEM_SUITE_ID, dkpPrk, 'sk', EMPTY, X25519_KEY_SIZE);
  dkpPrk.fill(0);
  return { sk, pk: x25519PublicOf(x25519PrivateKey(sk)) };
}

/**
 * A key pair from raw private key bytes.
 * @param sk - the 32-byte X25519 private key
 * @returns the imported key pair
 * @throws ChannelError `bad-key`
 */
export function keyPairFromPrivate(sk: Uint8Array): HpkeKeyPair {
  const privateKey = x25519PrivateKey(sk);
  return { privateKey, publicKey: x25519PublicOf(privateKey) };
}

/**
 * `Encap(pkR)` (RFC 9180 §4.1) with a fresh ephemeral key, or one derived from `ikmE` (test vectors only).
 * @param pkR - the recipient's raw public key
 * @param ikmE - when given, the ephemeral key is `DeriveKeyPair(ikmE)`
 * @returns the KEM shared secret (secret) and the encapsulated key `enc`
 * @throws ChannelError `bad-key`
 */
export function encap(pkR: Uint8Array, ikmE?: Uint8Array): { sharedSecret: Uint8Array; enc: Uint8Array } {
  let skE: KeyObject;
  let enc: Uint8Array;
  if (ikmE === undefined) {
    ({ privateKey: skE, pk: enc } = x25519Ephemeral());
  } else {
    const eph = deriveKeyPair(ikmE);
    skE = x25519PrivateKey(eph.sk);
    eph.sk.fill(0);
    enc = eph.pk;
  }
  const dh = x25519(skE, pkR);
  const sharedSecret = extractAndExpand(dh, concat(enc, pkR));
  dh.fill(0);
  return { sharedSecret, enc };
}

/**
 * `Decap(enc, skR)` (RFC 9180 §4.1).
 * @param enc - the encapsulated key (32 bytes)
 * @param recipient - the recipient's key pair
 * @returns the KEM shared secret (secret)
 * @throws ChannelError `bad-key`
 */
export function decap(enc: Uint8Array, recipient: HpkeKeyPair): Uint8Array {
  const dh = x25519(recipient.privateKey, enc);
  const sharedSecret = extractAndExpand(dh, concat(enc, recipient.publicKey));
  dh.fill(0);
  return sharedSecret;
}

/**
 * `SetupBaseS(pkR, info)` (RFC 9180 §5.1.1): the sender's context and the encapsulated key to send.
 * @param suite - the cipher suite
 * @param pkR - the recipient's raw public key
 * @param info - application-supplied information bound into every key
 * @param options - `ikmE`: derive the ephemeral key from it (test vectors and fixed examples only)
 * @returns `enc` and the sender context
 * @throws ChannelError `bad-key`; TypeError for an unsupported suite
 */
export function setupBaseS(
  suite: HpkeSuite,
  pkR: Uint8Array,
  info: Uint8Array,
  options: { ikmE?: Uint8Array } = {},
): { enc: Uint8Array; context: HpkeContext } {
  const aead = aeadOf(suite);
  const { sharedSecret, enc } = encap(pkR, options.ikmE);
  return { enc, context: keySchedule(suite, aead, sharedSecret, info) };
}

/**
 * `SetupBaseR(enc, skR, info)` (RFC 9180 §5.1.1): the recipient's context.
 * @param suite - the cipher suite
 * @param enc - the encapsulated key
 * @param recipient - the recipient's key pair
 * @param info - the same information the sender bound
 * @returns the recipient context
 * @throws ChannelError `bad-key`; TypeError for an unsupported suite
 */
export function setupBaseR(suite: HpkeSuite, enc: Uint8Array, recipient: HpkeKeyPair, info: Uint8Array): HpkeContext {
  const aead = aeadOf(suite);
  return keySchedule(suite, aead, decap(enc, recipient), info);
}

/**
 * An HPKE encryption context (RFC 9180 §5.2, §5.3): a key, a base nonce, a sequence number and the exporter
 * secret. A sender context seals and a recipient context opens, each message under
 * `base_nonce XOR I2OSP(seq, Nn)`; both export.
 */
export class HpkeContext {
  readonly #aead: Aead;
  readonly #suiteId: Uint8Array;
  readonly #key: Uint8Array;
  readonly #baseNonce: Uint8Array;
  readonly #exporterSecret: Uint8Array;
  #seq = 0;

  /** @internal Made by {@link setupBaseS} and {@link setupBaseR}. */
  constructor(aead: Aead, suiteId: Uint8Array, key: Uint8Array, baseNonce: Uint8Array, exporterSecret: Uint8Array) {
    this.#aead = aead;
    this.#suiteId = suiteId;
    this.#key = key;
    this.#baseNonce = baseNonce;
    this.#exporterSecret = exporterSecret;
  }

  /** The sequence number of the next message. */
  get sequence(): number {
    return this.#seq;
  }

  /**
   * `ContextS.Seal(aad, pt)`: encrypts under the next nonce, then increments the sequence number.
   * @param aad - associated data
   * @param pt - plaintext
   * @returns ciphertext and tag
   * @throws ChannelError `message-limit`
   */
  seal(aad: Uint8Array, pt: Uint8Array): Uint8Array {
    const ct = aeadSeal(this.#aead, this.#key, this.#nonce(), aad, pt);
    this.#seq++;
    return ct;
  }

  /**
   * `ContextR.Open(aad, ct)`: decrypts under the next nonce; the sequence number moves only on success.
   * @param aad - associated data
   * @param ct - ciphertext and tag
   * @returns the plaintext
   * @throws ChannelError `open-failed` or `message-limit`
   */
  open(aad: Uint8Array, ct: Uint8Array): Uint8Array {
    const pt = aeadOpen(this.#aead, this.#key, this.#nonce(), aad, ct);
    this.#seq++;
    return pt;
  }

  /**
   * `Context.Export(exporter_context, L)` (RFC 9180 §5.3): a secret derived from the context.
   * @param exporterContext - what the secret is for
   * @param length - its size in bytes, at most 255 × 32
   * @returns `length` secret bytes
   * @throws RangeError when `length` is out of range
   */
  export(exporterContext: Uint8Array, length: number): Uint8Array {
    return labeledExpand(this.#suiteId, this.#exporterSecret, 'sec', exporterContext, length);
  }

  /** Overwrites the context's key material; it cannot be used afterwards. */
  destroy(): void {
    this.#key.fill(0);
    this.#baseNonce.fill(0);
    this.#exporterSecret.fill(0);
    this.#seq = Number.MAX_SAFE_INTEGER;
  }

  /** `ComputeNonce(seq)`: the base nonce XOR the big-endian sequence number. */
  #nonce(): Uint8Array {
    // The RFC's limit is 2^(8·Nn) − 1 messages; a JavaScript number counts exactly up to 2^53 − 1, which is lower.
    if (this.#seq >= Number.MAX_SAFE_INTEGER)
      throw new ChannelError('message-limit', 'the context has sealed or opened its last message');
    const nonce = this.#baseNonce.slice();
    let s = this.#seq;
    for (let i = nonce.length - 1; s > 0 && i >= 0; i--) {
      nonce[i]! ^= s % 256;
      s = Math.floor(s / 256);
    }
    return nonce;
  }

  /** A context prints no key material. */
  toJSON(): { kind: string; sequence: number } {
    return { kind: 'HpkeContext', sequence: this.#seq };
  }
}

const KEM_SUITE_ID = concat(ascii('KEM'), i2osp(KEM_X25519_HKDF_SHA256, 2));

function aeadOf(suite: HpkeSuite): Aead {
  if (suite?.kemId !== KEM_X25519_HKDF_SHA256 || suite.kdfId !== KDF_HKDF_SHA256) {
    throw new TypeError('only DHKEM(X25519, HKDF-SHA256) with HKDF-SHA256 is implemented');
  }
  const aead = AEADS.get(suite.aeadId);
  if (aead === undefined) throw new TypeError(`AEAD ${suite.aeadId} is not implemented (1, 2 and 3 are)`);
  return aead;
}

/** `KeySchedule<ROLE>(mode_base, shared_secret, info, "", "")` (RFC 9180 §5.1). Consumes `sharedSecret`. */
function keySchedule(suite: HpkeSuite, aead: Aead, sharedSecret: Uint8Array, info: Uint8Array): HpkeContext {
  if (!(info instanceof Uint8Array)) throw new TypeError('info must be a Uint8Array');
  const suiteId = concat(ascii('HPKE'), i2osp(suite.kemId, 2), i2osp(suite.kdfId, 2), i2osp(suite.aeadId, 2));
  const pskIdHash = labeledExtract(suiteId, EMPTY, 'psk_id_hash', EMPTY);
  const infoHash = labeledExtract(suiteId, EMPTY, 'info_hash', info);
  const context = concat(Uint8Array.of(MODE_BASE), pskIdHash, infoHash);
  const secret = labeledExtract(suiteId, sharedSecret, 'secret', EMPTY);
  sharedSecret.fill(0);
  const key = labeledExpand(suiteId, secret, 'key', context, aead.Nk);
  const baseNonce = labeledExpand(suiteId, secret, 'base_nonce', context, aead.Nn);
  const exporterSecret = labeledExpand(suiteId, secret, 'exp', context, HASH_SIZE);
  secret.fill(0);
  return new HpkeContext(aead, suiteId, key, baseNonce, exporterSecret);
}

/** `ExtractAndExpand(dh, kem_context)` of DHKEM (RFC 9180 §4.1). */
function extractAndExpand(dh: Uint8Array, kemContext: Uint8Array): Uint8Array {
  const eaePrk = labeledExtract(KEM_SUITE_ID, EMPTY, 'eae_prk', dh);
  const out = labeledExpand(KEM_SUITE_ID, eaePrk, 'shared_secret', kemContext, HASH_SIZE);
  eaePrk.fill(0);
  return out;
}

/** `LabeledExtract(salt, label, ikm)` = `Extract(salt, "HPKE-v1" || suite_id || label || ikm)`. */
function labeledExtract(suiteId: Uint8Array, salt: Uint8Array, label: string, ikm: Uint8Array): Uint8Array {
  return hkdfExtract(salt, concat(HPKE_V1, suiteId, ascii(label), ikm));
}

/** `LabeledExpand(prk, label, info, L)` = `Expand(prk, I2OSP(L, 2) || "HPKE-v1" || suite_id || label || info, L)`. */
function labeledExpand(
  suiteId: Uint8Array,
  prk: Uint8Array,
  label: string,
  info: Uint8Array,
  length: number,
): Uint8Array {
  if (!(info instanceof Uint8Array)) throw new TypeError('exporter context must be a Uint8Array');
  if (!Number.isInteger(length) || length < 0 || length > 255 * HASH_SIZE)
    throw new RangeError(`L must be in [0, ${255 * HASH_SIZE}]`);
  return hkdfExpand(prk, concat(i2osp(length, 2), HPKE_V1, suiteId, ascii(label), info), length);
}

function i2osp(n: number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = size - 1; i >= 0; i--, n = Math.floor(n / 256)) out[i] = n % 256;
  return out;
}

function ascii(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'latin1'));
}
