/**
 * The signed enclave manifest, shaped like SGX's SIGSTRUCT: the author states the measurement the enclave
 * must have (`enclaveHash`), its product id, security version and whether it is a debug build, and signs
 * that with their key. `mrSigner` is SHA-256 of the author's public key. A manifest whose signature does not
 * verify, or whose `enclaveHash` differs from what was measured at load, refuses to load.
 * @module
 */
import type { KeyObject } from 'node:crypto';
import { assertBytes, assertUint } from './bytes.js';
import {
  generateP256,
  P256_PUBLIC_KEY_SIZE,
  P256_SIGNATURE_SIZE,
  p256PrivateKeyFromPkcs8,
  p256PrivateKeyToPkcs8,
  p256PublicKeyToRaw,
  p256Sign,
  p256Verify,
  sha256,
} from './crypto.js';
import { EnclaveError } from './errors.js';
import { Attribute, attributesOf, MAX_SVN, MEASUREMENT_SIZE } from './identity.js';
import { ascii, decodeStruct, defineLayout, encodeStruct, f, offsetOf } from './layout.js';

/** The manifest layout (256 bytes). */
export const MANIFEST_LAYOUT = defineLayout('SIGSTRUCT', [
  f('magic', 'magic', 8, 'structure tag', ascii('EDSIGST\0')),
  f('version', 'u16', 2, 'format version, 1', 1),
  f('reserved0', 'reserved', 2, 'zero'),
  f('date', 'u32', 4, 'signing date as yyyymmdd (informative, as SIGSTRUCT.DATE)'),
  f('attributes', 'u64', 8, 'bit 0 INIT, bit 1 DEBUG; the enclave gets exactly these'),
  f('enclaveHash', 'bytes', MEASUREMENT_SIZE, 'the mrEnclave the loaded enclave must measure to'),
  f('isvProdId', 'u16', 2, 'product id'),
  f('isvSvn', 'u16', 2, 'security version'),
  f('reserved1', 'reserved', 4, 'zero'),
  f('signerPublicKey', 'bytes', P256_PUBLIC_KEY_SIZE, "the author's P-256 public key (mrSigner = its SHA-256)"),
  f('reserved2', 'reserved', 63, 'zero'),
  f('signature', 'bytes', P256_SIGNATURE_SIZE, "ECDSA P-256 `r || s` by the author's key over bytes 0..191"),
]);

/** Size of a manifest, in bytes. */
export const MANIFEST_SIZE = MANIFEST_LAYOUT.size;

const SIGNED_SIZE = offsetOf(MANIFEST_LAYOUT, 'signature');

/** What an author signs. */
export interface ManifestFields {
  /** The measurement the enclave must have (from {@link measureAgent}). */
  readonly mrEnclave: Uint8Array;
  readonly isvProdId: number;
  readonly isvSvn: number;
  /** Debug enclave (default false). Verifiers refuse debug enclaves unless their policy allows them. */
  readonly debug?: boolean;
  /** yyyymmdd; defaults to today (UTC). */
  readonly date?: number;
}

/** A decoded manifest whose signature verified. */
export interface Manifest {
  readonly mrEnclave: Uint8Array;
  readonly mrSigner: Uint8Array;
  readonly isvProdId: number;
  readonly isvSvn: number;
  readonly debug: boolean;
  readonly date: number;
  readonly signerPublicKey: Uint8Array;
}

/**
 * An enclave author's signing key (the key behind `mrSigner`).
 * @example
 * const author = EnclaveSigner.generate();
 * const manifest = author.sign({ mrEnclave: measureAgent(build).mrEnclave, isvProdId: 1, isvSvn: 1 });
 */
export class EnclaveSigner {
  readonly #key: KeyObject;
  readonly #publicKey: Uint8Array;

  private constructor(key: KeyObject) {
    this.#key = key;
    this.#publicKey = p256PublicKeyToRaw(key);
  }

  /** The author's P-256 public key (65 bytes). */
  get publicKey(): Uint8Array {
    return this.#publicKey.slice();
  }

  /** SHA-256 of the public key: the `mrSigner` of every enclave this key signs. */
  get mrSigner(): Uint8Array {
    return sha256(this.#publicKey);
  }

  /**
   * A new author key.
   * @returns the signer
   */
  static generate(): EnclaveSigner {
    return new EnclaveSigner(generateP256().privateKey);
  }

  /**
   * Loads an author key saved with {@link EnclaveSigner.toPkcs8}.
   * @param der - PKCS#8 DER bytes of a P-256 key
   * @returns the signer
   * @throws EnclaveError `malformed`
   */
  static fromPkcs8(der: Uint8Array): EnclaveSigner {
    return new EnclaveSigner(p256PrivateKeyFromPkcs8(assertBytes(der, 'der')));
  }

  /**
   * The private key as PKCS#8 DER, for the author to keep.
   * @returns DER bytes
   */
  toPkcs8(): Uint8Array {
    return p256PrivateKeyToPkcs8(this.#key);
  }

  /**
   * Signs a manifest.
   * @param fields - what to sign
   * @returns the 256-byte manifest
   * @throws TypeError or RangeError on a bad field
   */
  sign(fields: ManifestFields): Uint8Array {
    assertBytes(fields.mrEnclave, 'mrEnclave', MEASUREMENT_SIZE);
    assertUint(fields.isvProdId, 'isvProdId', MAX_SVN);
    assertUint(fields.isvSvn, 'isvSvn', MAX_SVN);
    const date = fields.date ?? todayYyyymmdd();
    assertUint(date, 'date', 0xffffffff);
    const bytes = encodeStruct(MANIFEST_LAYOUT, {
      date,
      attributes: attributesOf(fields.debug === true),
      enclaveHash: fields.mrEnclave,
      isvProdId: fields.isvProdId,
      isvSvn: fields.isvSvn,
      signerPublicKey: this.#publicKey,
      signature: new Uint8Array(P256_SIGNATURE_SIZE),
    });
    bytes.set(p256Sign(this.#key, bytes.subarray(0, SIGNED_SIZE)), SIGNED_SIZE);
    return bytes;
  }
}

/**
 * Decodes a manifest and verifies its signature.
 * @param bytes - exactly {@link MANIFEST_SIZE} bytes
 * @returns the manifest
 * @throws EnclaveError `malformed` or `bad-signature`
 */
export function parseManifest(bytes: Uint8Array): Manifest {
  assertBytes(bytes, 'manifest');
  const v = decodeStruct(MANIFEST_LAYOUT, bytes);
  const attributes = v.attributes as bigint;
  if ((attributes & ~(Attribute.Init | Attribute.Debug)) !== 0n || (attributes & Attribute.Init) === 0n) {
    throw new EnclaveError('malformed', 'SIGSTRUCT: unknown attributes or INIT not set');
  }
  const signerPublicKey = v.signerPublicKey as Uint8Array;
  if (!p256Verify(signerPublicKey, bytes.subarray(0, SIGNED_SIZE), v.signature as Uint8Array)) {
    throw new EnclaveError('bad-signature', 'manifest signature does not verify');
  }
  return {
    mrEnclave: v.enclaveHash as Uint8Array,
    mrSigner: sha256(signerPublicKey),
    isvProdId: v.isvProdId as number,
    isvSvn: v.isvSvn as number,
    debug: (attributes & Attribute.Debug) !== 0n,
    date: v.date as number,
    signerPublicKey,
  };
}

function todayYyyymmdd(): number {
  const d = new Date();
  return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}
