/**
 * The simulated vendor root: the certificate authority that certifies platforms, as Intel's SGX Root CA
 * (through its provisioning service) certifies every SGX platform's PCK key. Verifiers trust its public key
 * or certificate; a platform is provisioned once by it.
 * @module
 */
import type { KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { assertBytes, assertUint } from './bytes.js';
import { CertKind, issueCertificate, keyFingerprint, PLATFORM_ID_SIZE } from './certificate.js';
import {
  generateP256,
  P256_PUBLIC_KEY_SIZE,
  p256PrivateKeyFromPkcs8,
  p256PrivateKeyToPkcs8,
  p256PublicKeyToRaw,
} from './crypto.js';
import { EnclaveError } from './errors.js';
import { MAX_SVN } from './identity.js';
import { base64Field, readJson, toBase64, writeJsonAtomic } from './state-file.js';

const FILE_NAME = 'vendor-root.json';
const FORMAT = 'edgedancer-enclave-sim-vendor-root';

/**
 * A simulated vendor root CA. Its private key stays inside this object (and in its state file when saved).
 * @example
 * const vendor = VendorRoot.generate();
 * provisionPlatform(vendor, platformDir);
 * verifyQuote(quote, { trustedRoot: vendor.certificate, mrEnclave });
 */
export class VendorRoot {
  readonly #key: KeyObject;
  readonly #publicKey: Uint8Array;
  readonly #certificate: Uint8Array;
  readonly #rootId: Uint8Array;

  private constructor(key: KeyObject, certificate?: Uint8Array) {
    this.#key = key;
    this.#publicKey = p256PublicKeyToRaw(key);
    this.#rootId = keyFingerprint(this.#publicKey);
    this.#certificate =
      certificate ??
      issueCertificate(
        {
          kind: CertKind.VendorRoot,
          subjectId: this.#rootId,
          issuerId: this.#rootId,
          cpuSvn: 0,
          subjectPublicKey: this.#publicKey,
        },
        key,
      );
  }

  /** The root's P-256 public key (65 bytes, uncompressed). */
  get publicKey(): Uint8Array {
    return this.#publicKey.slice();
  }

  /** The self-signed root certificate. */
  get certificate(): Uint8Array {
    return this.#certificate.slice();
  }

  /** The root's 16-byte id (fingerprint of its key). */
  get rootId(): Uint8Array {
    return this.#rootId.slice();
  }

  /**
   * Creates a new vendor root with a fresh key.
   * @returns the root
   */
  static generate(): VendorRoot {
    return new VendorRoot(generateP256().privateKey);
  }

  /**
   * Opens the vendor root kept in `dir`, creating it there when absent.
   * @param dir - a directory of its own (not a platform's state directory)
   * @returns the root
   * @throws EnclaveError `malformed` when the file is corrupt
   */
  static open(dir: string): VendorRoot {
    const path = join(dir, FILE_NAME);
    const raw = readJson(path);
    if (raw === undefined) {
      const root = VendorRoot.generate();
      root.save(dir);
      return root;
    }
    if (typeof raw !== 'object' || raw === null || (raw as Record<string, unknown>).format !== FORMAT) {
      throw new EnclaveError('malformed', `${path} is not a vendor root`);
    }
    const obj = raw as Record<string, unknown>;
    return new VendorRoot(
      p256PrivateKeyFromPkcs8(base64Field(obj, 'privateKey', path)),
      base64Field(obj, 'certificate', path),
    );
  }

  /**
   * Saves the root (private key included) to `dir`, readable by its owner only.
   * @param dir - the directory
   */
  save(dir: string): void {
    writeJsonAtomic(join(dir, FILE_NAME), {
      format: FORMAT,
      version: 1,
      privateKey: toBase64(p256PrivateKeyToPkcs8(this.#key)),
      certificate: toBase64(this.#certificate),
    });
  }

  /**
   * Certifies a platform's key at a TCB level, as a provisioning service issues a PCK certificate.
   * @param platformId - the platform's 16-byte id
   * @param platformPublicKey - the platform key (65 bytes)
   * @param cpuSvn - the platform's TCB level
   * @returns the platform certificate
   */
  certifyPlatform(platformId: Uint8Array, platformPublicKey: Uint8Array, cpuSvn: number): Uint8Array {
    assertBytes(platformId, 'platformId', PLATFORM_ID_SIZE);
    assertBytes(platformPublicKey, 'platformPublicKey', P256_PUBLIC_KEY_SIZE);
    assertUint(cpuSvn, 'cpuSvn', MAX_SVN);
    return issueCertificate(
      {
        kind: CertKind.Platform,
        subjectId: platformId,
        issuerId: this.#rootId,
        cpuSvn,
        subjectPublicKey: platformPublicKey,
      },
      this.#key,
    );
  }
}
