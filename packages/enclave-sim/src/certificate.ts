/**
 * The simulated attestation certificate chain: a fixed-size certificate format and chain verification.
 * Three kinds, as in SGX DCAP: the vendor root (self-signed, like Intel's SGX Root CA), the platform
 * certificate (like a PCK certificate: it names the platform and its TCB level, `cpuSvn`), and the
 * attestation key certificate (the platform key vouches for the key that signs quotes, as the PCE certifies
 * the quoting enclave's attestation key). Not X.509: one fixed layout, documented in `docs/enclave-model.md`.
 * @module
 */
import type { KeyObject } from 'node:crypto';
import { assertBytes, bytesEqual } from './bytes.js';
import { P256_PUBLIC_KEY_SIZE, P256_SIGNATURE_SIZE, p256Sign, p256Verify, sha256 } from './crypto.js';
import { EnclaveError } from './errors.js';
import { ascii, decodeStruct, defineLayout, encodeStruct, f, offsetOf } from './layout.js';

/** Size of a platform id and of every certificate subject or issuer id, in bytes. */
export const PLATFORM_ID_SIZE = 16;

/** Certificate kinds. */
export const CertKind = Object.freeze({ VendorRoot: 1, Platform: 2, AttestationKey: 3 } as const);
export type CertKind = (typeof CertKind)[keyof typeof CertKind];

/** The certificate layout (192 bytes); the signature covers every byte before it. */
export const CERTIFICATE_LAYOUT = defineLayout('CERTIFICATE', [
  f('magic', 'magic', 4, 'structure tag', ascii('EDCT')),
  f('version', 'u16', 2, 'format version, 1', 1),
  f('kind', 'u16', 2, '1 vendor root, 2 platform (PCK-like), 3 attestation key'),
  f(
    'subjectId',
    'bytes',
    PLATFORM_ID_SIZE,
    'root: key fingerprint; platform: platform id; attestation key: key fingerprint',
  ),
  f('issuerId', 'bytes', PLATFORM_ID_SIZE, "the issuer's subject id (the root's own id for the root)"),
  f('cpuSvn', 'u16', 2, 'TCB level the issuer certified (platform and attestation key; 0 for the root)'),
  f('reserved0', 'reserved', 14, 'zero'),
  f('subjectPublicKey', 'bytes', P256_PUBLIC_KEY_SIZE, 'P-256 public key, uncompressed SEC1'),
  f('reserved1', 'reserved', 7, 'zero'),
  f('signature', 'bytes', P256_SIGNATURE_SIZE, "ECDSA P-256/SHA-256 `r || s` by the issuer's key over bytes 0..127"),
]);

/** Size of a certificate, in bytes. */
export const CERTIFICATE_SIZE = CERTIFICATE_LAYOUT.size;

const SIGNED_SIZE = offsetOf(CERTIFICATE_LAYOUT, 'signature');

/** A decoded certificate. */
export interface Certificate {
  readonly kind: CertKind;
  readonly subjectId: Uint8Array;
  readonly issuerId: Uint8Array;
  readonly cpuSvn: number;
  readonly subjectPublicKey: Uint8Array;
  readonly signature: Uint8Array;
  /** The encoded certificate. */
  readonly bytes: Uint8Array;
}

/**
 * A key's 16-byte fingerprint: the first 16 bytes of SHA-256 of its uncompressed encoding.
 * @param publicKey - 65-byte P-256 public key
 * @returns the fingerprint
 */
export function keyFingerprint(publicKey: Uint8Array): Uint8Array {
  return sha256(publicKey).subarray(0, PLATFORM_ID_SIZE);
}

/**
 * Issues (signs) a certificate.
 * @param fields - what it certifies
 * @param issuerKey - the issuer's private key
 * @returns the encoded certificate
 */
export function issueCertificate(
  fields: {
    readonly kind: CertKind;
    readonly subjectId: Uint8Array;
    readonly issuerId: Uint8Array;
    readonly cpuSvn: number;
    readonly subjectPublicKey: Uint8Array;
  },
  issuerKey: KeyObject,
): Uint8Array {
  const bytes = encodeStruct(CERTIFICATE_LAYOUT, { ...fields, signature: new Uint8Array(P256_SIGNATURE_SIZE) });
  bytes.set(p256Sign(issuerKey, bytes.subarray(0, SIGNED_SIZE)), SIGNED_SIZE);
  return bytes;
}

/**
 * Decodes a certificate without checking its signature.
 * @param bytes - exactly {@link CERTIFICATE_SIZE} bytes
 * @returns the certificate
 * @throws EnclaveError `malformed`
 */
export function parseCertificate(bytes: Uint8Array): Certificate {
  const v = decodeStruct(CERTIFICATE_LAYOUT, bytes);
  const kind = v.kind as number;
  if (kind !== CertKind.VendorRoot && kind !== CertKind.Platform && kind !== CertKind.AttestationKey) {
    throw new EnclaveError('malformed', `unknown certificate kind ${kind}`);
  }
  return {
    kind,
    subjectId: v.subjectId as Uint8Array,
    issuerId: v.issuerId as Uint8Array,
    cpuSvn: v.cpuSvn as number,
    subjectPublicKey: v.subjectPublicKey as Uint8Array,
    signature: v.signature as Uint8Array,
    bytes: bytes.slice(),
  };
}

/**
 * Checks a certificate's signature.
 * @param cert - the certificate
 * @param issuerPublicKey - the issuer's 65-byte public key
 * @returns true when the issuer signed it
 */
export function isSignedBy(cert: Certificate, issuerPublicKey: Uint8Array): boolean {
  return p256Verify(issuerPublicKey, cert.bytes.subarray(0, SIGNED_SIZE), cert.signature);
}

/** What a verified chain establishes. */
export interface VerifiedChain {
  readonly platformId: Uint8Array;
  /** The TCB level the vendor certified for the platform. */
  readonly cpuSvn: number;
  /** The key that signs the platform's quotes. */
  readonly attestationKey: Uint8Array;
  readonly root: Certificate;
}

/**
 * Trust anchor from a root public key (65 bytes) or a root certificate (checked to be self-signed).
 * @param trustedRoot - the root's public key or certificate
 * @returns the root's public key
 * @throws TypeError when it is neither; EnclaveError when the certificate is not a valid self-signed root
 */
export function trustAnchorKey(trustedRoot: Uint8Array): Uint8Array {
  assertBytes(trustedRoot, 'trustedRoot');
  if (trustedRoot.length === P256_PUBLIC_KEY_SIZE) return trustedRoot;
  if (trustedRoot.length !== CERTIFICATE_SIZE) {
    throw new TypeError(
      `trustedRoot must be a ${P256_PUBLIC_KEY_SIZE}-byte public key or a ${CERTIFICATE_SIZE}-byte certificate`,
    );
  }
  const root = parseCertificate(trustedRoot);
  if (root.kind !== CertKind.VendorRoot)
    throw new EnclaveError('bad-certificate', 'trust anchor is not a root certificate');
  if (!isSignedBy(root, root.subjectPublicKey))
    throw new EnclaveError('bad-signature', 'trust anchor is not self-signed');
  return root.subjectPublicKey;
}

/**
 * Verifies an attestation chain: attestation key ← platform ← root, the root being the trusted one.
 * @param chain - the three encoded certificates, leaf first
 * @param trustedRootKey - the trusted root's 65-byte public key
 * @returns what the chain establishes
 * @throws EnclaveError `malformed`, `untrusted-root`, `bad-certificate` or `bad-signature`
 */
export function verifyChain(
  chain: readonly [Uint8Array, Uint8Array, Uint8Array],
  trustedRootKey: Uint8Array,
): VerifiedChain {
  const ak = parseCertificate(chain[0]);
  const pck = parseCertificate(chain[1]);
  const root = parseCertificate(chain[2]);
  if (root.kind !== CertKind.VendorRoot || pck.kind !== CertKind.Platform || ak.kind !== CertKind.AttestationKey) {
    throw new EnclaveError('bad-certificate', 'certificate kinds are not attestation key, platform, root');
  }
  if (!bytesEqual(root.subjectPublicKey, trustedRootKey)) {
    throw new EnclaveError('untrusted-root', 'the chain ends at a root the verifier does not trust');
  }
  if (
    !bytesEqual(root.issuerId, root.subjectId) ||
    !bytesEqual(root.subjectId, keyFingerprint(root.subjectPublicKey))
  ) {
    throw new EnclaveError('bad-certificate', 'root certificate ids do not match its key');
  }
  if (root.cpuSvn !== 0) throw new EnclaveError('bad-certificate', 'root certificate carries a TCB level');
  if (!isSignedBy(root, trustedRootKey)) throw new EnclaveError('bad-signature', 'root certificate signature');
  if (!bytesEqual(pck.issuerId, root.subjectId))
    throw new EnclaveError('bad-certificate', 'platform certificate issuer');
  if (!isSignedBy(pck, root.subjectPublicKey))
    throw new EnclaveError('bad-signature', 'platform certificate signature');
  if (!bytesEqual(ak.issuerId, pck.subjectId))
    throw new EnclaveError('bad-certificate', 'attestation key certificate issuer');
  if (!bytesEqual(ak.subjectId, keyFingerprint(ak.subjectPublicKey)) || ak.cpuSvn !== pck.cpuSvn) {
    throw new EnclaveError('bad-certificate', 'attestation key certificate does not match its key or platform');
  }
  if (!isSignedBy(ak, pck.subjectPublicKey))
    throw new EnclaveError('bad-signature', 'attestation key certificate signature');
  return { platformId: pck.subjectId, cpuSvn: pck.cpuSvn, attestationKey: ak.subjectPublicKey, root };
}
