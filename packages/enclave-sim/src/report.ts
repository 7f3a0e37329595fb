/**
 * Local attestation structures, as SGX's `EREPORT`: the REPORT body (who the enclave is and 64 bytes of its
 * own data), the REPORT (body, key id, MAC) and the TARGETINFO that names the enclave a report is for. A
 * report is MAC'd with the target's report key, so only the target (on the same platform) can check it.
 * @module
 */
import { assertBytes, bytesEqual } from './bytes.js';
import { hmacSha256, randomBytes } from './crypto.js';
import { EnclaveError } from './errors.js';
import { Attribute, attributesOf, type EnclaveIdentity, MEASUREMENT_SIZE } from './identity.js';
import { KEY_ID_SIZE, reportKey } from './key-derivation.js';
import { decodeStruct, defineLayout, encodeStruct, f } from './layout.js';

/** Size of `reportData`, in bytes. */
export const REPORT_DATA_SIZE = 64;

/** Size of a report MAC (HMAC-SHA-256), in bytes. */
export const REPORT_MAC_SIZE = 32;

/** REPORT body layout (160 bytes); quotes carry it unchanged. */
export const REPORT_BODY_LAYOUT = defineLayout('REPORTBODY', [
  f('version', 'u16', 2, 'format version, 1', 1),
  f('cpuSvn', 'u16', 2, "the platform's TCB level when the report was made"),
  f('reserved0', 'reserved', 4, 'zero (SGX: MISCSELECT)'),
  f('attributes', 'u64', 8, 'bit 0 INIT, bit 1 DEBUG; other bits zero'),
  f('mrEnclave', 'bytes', MEASUREMENT_SIZE, 'measurement of what was loaded'),
  f('mrSigner', 'bytes', MEASUREMENT_SIZE, "SHA-256 of the author's public key"),
  f('isvProdId', 'u16', 2, 'product id'),
  f('isvSvn', 'u16', 2, 'security version'),
  f('reserved1', 'reserved', 12, 'zero'),
  f('reportData', 'bytes', REPORT_DATA_SIZE, "the enclave's own 64 bytes (a nonce, a key's hash)"),
]);

/** Size of a REPORT body, in bytes. */
export const REPORT_BODY_SIZE = REPORT_BODY_LAYOUT.size;

/** REPORT layout (224 bytes). */
export const REPORT_LAYOUT = defineLayout('REPORT', [
  f('body', 'bytes', REPORT_BODY_SIZE, 'the REPORT body'),
  f('keyId', 'bytes', KEY_ID_SIZE, 'random; selects the report key'),
  f('mac', 'bytes', REPORT_MAC_SIZE, "HMAC-SHA-256 of the body under the target's report key"),
]);

/** Size of a REPORT, in bytes. */
export const REPORT_SIZE = REPORT_LAYOUT.size;

/** TARGETINFO layout (64 bytes): the enclave a report is for. */
export const TARGET_INFO_LAYOUT = defineLayout('TARGETINFO', [
  f('version', 'u16', 2, 'format version, 1', 1),
  f('reserved0', 'reserved', 6, 'zero'),
  f('attributes', 'u64', 8, "the target's attributes"),
  f('mrEnclave', 'bytes', MEASUREMENT_SIZE, "the target's measurement"),
  f('reserved1', 'reserved', 16, 'zero'),
]);

/** Size of a TARGETINFO, in bytes. */
export const TARGET_INFO_SIZE = TARGET_INFO_LAYOUT.size;

const KNOWN_ATTRIBUTES = Attribute.Init | Attribute.Debug;

/** A decoded REPORT body. */
export interface ReportBody {
  readonly identity: EnclaveIdentity;
  readonly cpuSvn: number;
  readonly reportData: Uint8Array;
}

/** A decoded REPORT. */
export interface Report {
  readonly body: ReportBody;
  readonly bodyBytes: Uint8Array;
  readonly keyId: Uint8Array;
  readonly mac: Uint8Array;
}

/** A decoded TARGETINFO. */
export interface TargetInfo {
  readonly mrEnclave: Uint8Array;
  readonly attributes: bigint;
}

/**
 * Encodes a REPORT body.
 * @param identity - the reporting enclave
 * @param cpuSvn - the platform's TCB level
 * @param reportData - 64 bytes
 * @returns the 160-byte body
 */
export function encodeReportBody(identity: EnclaveIdentity, cpuSvn: number, reportData: Uint8Array): Uint8Array {
  assertBytes(reportData, 'reportData', REPORT_DATA_SIZE);
  return encodeStruct(REPORT_BODY_LAYOUT, {
    cpuSvn,
    attributes: attributesOf(identity.debug),
    mrEnclave: identity.mrEnclave,
    mrSigner: identity.mrSigner,
    isvProdId: identity.isvProdId,
    isvSvn: identity.isvSvn,
    reportData,
  });
}

/**
 * Decodes a REPORT body.
 * @param bytes - exactly 160 bytes
 * @returns the body
 * @throws EnclaveError `malformed`
 */
export function parseReportBody(bytes: Uint8Array): ReportBody {
  const v = decodeStruct(REPORT_BODY_LAYOUT, bytes);
  const attributes = v.attributes as bigint;
  if ((attributes & ~KNOWN_ATTRIBUTES) !== 0n || (attributes & Attribute.Init) === 0n) {
    throw new EnclaveError('malformed', 'REPORTBODY: unknown attributes or INIT not set');
  }
  return {
    identity: {
      mrEnclave: v.mrEnclave as Uint8Array,
      mrSigner: v.mrSigner as Uint8Array,
      isvProdId: v.isvProdId as number,
      isvSvn: v.isvSvn as number,
      debug: (attributes & Attribute.Debug) !== 0n,
    },
    cpuSvn: v.cpuSvn as number,
    reportData: v.reportData as Uint8Array,
  };
}

/**
 * Decodes a REPORT without checking its MAC (only the target can).
 * @param bytes - exactly 224 bytes
 * @returns the report
 * @throws EnclaveError `malformed`
 */
export function parseReport(bytes: Uint8Array): Report {
  const v = decodeStruct(REPORT_LAYOUT, bytes);
  const bodyBytes = v.body as Uint8Array;
  return { body: parseReportBody(bodyBytes), bodyBytes, keyId: v.keyId as Uint8Array, mac: v.mac as Uint8Array };
}

/**
 * Encodes the TARGETINFO of an enclave.
 * @param identity - the target enclave
 * @returns 64 bytes
 */
export function encodeTargetInfo(identity: EnclaveIdentity): Uint8Array {
  return encodeStruct(TARGET_INFO_LAYOUT, { attributes: attributesOf(identity.debug), mrEnclave: identity.mrEnclave });
}

/**
 * Decodes a TARGETINFO.
 * @param bytes - exactly 64 bytes
 * @returns the target
 * @throws EnclaveError `malformed`
 */
export function parseTargetInfo(bytes: Uint8Array): TargetInfo {
  const v = decodeStruct(TARGET_INFO_LAYOUT, bytes);
  const attributes = v.attributes as bigint;
  if ((attributes & ~KNOWN_ATTRIBUTES) !== 0n) throw new EnclaveError('malformed', 'TARGETINFO: unknown attributes');
  return { mrEnclave: v.mrEnclave as Uint8Array, attributes };
}

/**
 * `EREPORT`: a report of `identity` for the enclave named by `targetInfo`. Internal to the platform.
 * @param rootSecret - the platform's root secret
 * @param cpuSvn - the platform's TCB level
 * @param identity - the reporting enclave
 * @param targetInfo - the target, encoded
 * @param reportData - 64 bytes
 * @returns the 224-byte report
 */
export function createReport(
  rootSecret: Uint8Array,
  cpuSvn: number,
  identity: EnclaveIdentity,
  targetInfo: Uint8Array,
  reportData: Uint8Array,
): Uint8Array {
  assertBytes(targetInfo, 'targetInfo', TARGET_INFO_SIZE);
  const target = parseTargetInfo(targetInfo);
  const body = encodeReportBody(identity, cpuSvn, reportData);
  const keyId = randomBytes(KEY_ID_SIZE);
  const mac = hmacSha256(reportKey(rootSecret, cpuSvn, target.mrEnclave, target.attributes, keyId), body);
  return encodeStruct(REPORT_LAYOUT, { body, keyId, mac });
}

/**
 * Checks a report as its target does (`EGETKEY` of its own report key, then the MAC). Internal to the platform.
 * @param rootSecret - the platform's root secret
 * @param cpuSvn - the platform's TCB level
 * @param self - the checking enclave (the report's target)
 * @param reportBytes - the report
 * @returns the authenticated report
 * @throws EnclaveError `malformed` or `bad-mac` (also when it was made for another target or platform)
 */
export function checkReport(
  rootSecret: Uint8Array,
  cpuSvn: number,
  self: EnclaveIdentity,
  reportBytes: Uint8Array,
): Report {
  assertBytes(reportBytes, 'report');
  if (reportBytes.length !== REPORT_SIZE) throw new EnclaveError('malformed', `REPORT must be ${REPORT_SIZE} bytes`);
  const v = decodeStruct(REPORT_LAYOUT, reportBytes);
  const key = reportKey(rootSecret, cpuSvn, self.mrEnclave, attributesOf(self.debug), v.keyId as Uint8Array);
  if (!bytesEqual(hmacSha256(key, v.body as Uint8Array), v.mac as Uint8Array)) {
    throw new EnclaveError('bad-mac', 'report MAC does not verify for this enclave on this platform');
  }
  return parseReport(reportBytes);
}
