/**
 * Remote attestation structure, as an SGX DCAP ECDSA quote: a header, the enclave's REPORT body, the
 * platform attestation key's signature over both, and the certificate chain (attestation key ← platform ←
 * vendor root). Fixed size: 848 bytes.
 * @module
 */
import type { KeyObject } from 'node:crypto';
import { CERTIFICATE_SIZE, PLATFORM_ID_SIZE } from './certificate.js';
import { P256_SIGNATURE_SIZE, p256Sign } from './crypto.js';
import { EnclaveError } from './errors.js';
import { ascii, decodeStruct, defineLayout, encodeStruct, f } from './layout.js';
import { parseReportBody, REPORT_BODY_SIZE, type ReportBody } from './report.js';

/** Attestation key type in the quote header: 2 = ECDSA P-256, as in DCAP quotes. */
export const ATTESTATION_KEY_TYPE_ECDSA_P256 = 2;

/** QUOTE header layout (48 bytes). */
export const QUOTE_HEADER_LAYOUT = defineLayout('QUOTEHEADER', [
  f('magic', 'magic', 4, 'structure tag', ascii('EDQT')),
  f('version', 'u16', 2, 'format version, 1', 1),
  f('attestationKeyType', 'u16', 2, '2: ECDSA P-256 / SHA-256', ATTESTATION_KEY_TYPE_ECDSA_P256),
  f('qeSvn', 'u16', 2, "the quoting enclave's SVN"),
  f('reserved0', 'reserved', 6, 'zero'),
  f('platformId', 'bytes', PLATFORM_ID_SIZE, 'the platform (equals the platform certificate subject)'),
  f('reserved1', 'reserved', 16, 'zero'),
]);

/** QUOTE layout (848 bytes). The signature covers the header and the report body. */
export const QUOTE_LAYOUT = defineLayout('QUOTE', [
  f('header', 'bytes', QUOTE_HEADER_LAYOUT.size, 'the QUOTE header'),
  f('reportBody', 'bytes', REPORT_BODY_SIZE, "the enclave's REPORT body, as the quoting enclave received it"),
  f('signature', 'bytes', P256_SIGNATURE_SIZE, 'ECDSA P-256 `r || s` by the attestation key over header and body'),
  f('attestationKeyCert', 'bytes', CERTIFICATE_SIZE, 'certificate of the attestation key, issued by the platform key'),
  f('platformCert', 'bytes', CERTIFICATE_SIZE, 'platform (PCK-like) certificate, issued by the vendor root'),
  f('rootCert', 'bytes', CERTIFICATE_SIZE, 'the vendor root certificate (self-signed)'),
]);

/** Size of a QUOTE, in bytes. */
export const QUOTE_SIZE = QUOTE_LAYOUT.size;

/** The SVN of the simulated quoting enclave. */
export const QE_SVN = 1;

/** A decoded, not yet verified QUOTE. */
export interface Quote {
  readonly platformId: Uint8Array;
  readonly qeSvn: number;
  readonly body: ReportBody;
  /** Header and body: the bytes the signature covers. */
  readonly signed: Uint8Array;
  readonly signature: Uint8Array;
  /** Attestation key, platform and root certificates. */
  readonly chain: readonly [Uint8Array, Uint8Array, Uint8Array];
}

/**
 * Signs a quote (the quoting enclave's job, after it checked the report). Internal to the platform.
 * @param attestationKey - the platform's attestation key
 * @param platformId - the platform id
 * @param reportBody - the checked REPORT body
 * @param chain - attestation key, platform and root certificates
 * @returns the 848-byte quote
 */
export function signQuote(
  attestationKey: KeyObject,
  platformId: Uint8Array,
  reportBody: Uint8Array,
  chain: readonly [Uint8Array, Uint8Array, Uint8Array],
): Uint8Array {
  const header = encodeStruct(QUOTE_HEADER_LAYOUT, { qeSvn: QE_SVN, platformId });
  const signed = new Uint8Array(header.length + reportBody.length);
  signed.set(header, 0);
  signed.set(reportBody, header.length);
  return encodeStruct(QUOTE_LAYOUT, {
    header,
    reportBody,
    signature: p256Sign(attestationKey, signed),
    attestationKeyCert: chain[0],
    platformCert: chain[1],
    rootCert: chain[2],
  });
}

/**
 * Decodes a quote without verifying anything but its shape. Use {@link verifyQuote} to trust it.
 * @param bytes - exactly {@link QUOTE_SIZE} bytes
 * @returns the decoded quote
 * @throws EnclaveError `malformed`
 */
export function parseQuote(bytes: Uint8Array): Quote {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('quote must be a Uint8Array');
  if (bytes.length !== QUOTE_SIZE)
    throw new EnclaveError('malformed', `QUOTE must be ${QUOTE_SIZE} bytes, got ${bytes.length}`);
  const v = decodeStruct(QUOTE_LAYOUT, bytes);
  const h = decodeStruct(QUOTE_HEADER_LAYOUT, v.header as Uint8Array);
  return {
    platformId: h.platformId as Uint8Array,
    qeSvn: h.qeSvn as number,
    body: parseReportBody(v.reportBody as Uint8Array),
    signed: bytes.slice(0, QUOTE_HEADER_LAYOUT.size + REPORT_BODY_SIZE),
    signature: v.signature as Uint8Array,
    chain: [v.attestationKeyCert as Uint8Array, v.platformCert as Uint8Array, v.rootCert as Uint8Array],
  };
}
