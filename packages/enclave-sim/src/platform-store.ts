/**
 * The platform store: the directory that stands for what a real CPU keeps in fuses and firmware. It holds
 * `platform.json` (platform id, TCB level, root secret, the certified platform and attestation keys and their
 * certificate chain) and `counters.json` (the monotonic counters), each written atomically with mode 0600 in a
 * directory of mode 0700. It is apart from any host state directory: a host that copies, restores or deletes
 * its own files never touches it. The threat model treats it as hardware; whoever reads it has the platform's
 * secrets, as one who extracts keys from a real CPU would.
 * @module
 */
import type { KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bytesEqual, toHex } from './bytes.js';
import { PLATFORM_ID_SIZE, parseCertificate, verifyChain } from './certificate.js';
import { p256PrivateKeyFromPkcs8, p256PrivateKeyToPkcs8, p256PublicKeyToRaw } from './crypto.js';
import { EnclaveError } from './errors.js';
import { MAX_SVN } from './identity.js';
import { base64Field, readJson, toBase64, writeJsonAtomic } from './state-file.js';

/** The file of the platform's identity and keys, inside the platform directory. */
export const PLATFORM_FILE = 'platform.json';

/** The file of the platform's monotonic counters, inside the platform directory. */
export const COUNTERS_FILE = 'counters.json';

const FORMAT = 'edgedancer-enclave-sim-platform';
const VERSION = 2;

/** Size of the platform's root secret, in bytes. */
export const ROOT_SECRET_SIZE = 32;

/** What the platform keeps (private key material included). Internal to the package. */
export interface PlatformState {
  readonly platformId: Uint8Array;
  readonly cpuSvn: number;
  readonly rootSecret: Uint8Array;
  readonly platformKey: KeyObject;
  readonly platformCert: Uint8Array;
  readonly attestationKey: KeyObject;
  readonly attestationKeyCert: Uint8Array;
  readonly rootCert: Uint8Array;
}

/** What anyone may know of a provisioned platform. */
export interface PlatformInfo {
  /** The platform's 16-byte id. */
  readonly platformId: Uint8Array;
  /** Its TCB level. */
  readonly cpuSvn: number;
  /** The vendor root certificate that certified it. */
  readonly vendorRootCertificate: Uint8Array;
  /** Attestation key, platform and vendor root certificates, as quotes carry them. */
  readonly certificateChain: readonly [Uint8Array, Uint8Array, Uint8Array];
}

/**
 * The public description of a platform state.
 * @param s - the state
 * @returns copies of its public fields
 */
export function platformInfo(s: PlatformState): PlatformInfo {
  return Object.freeze({
    platformId: s.platformId.slice(),
    cpuSvn: s.cpuSvn,
    vendorRootCertificate: s.rootCert.slice(),
    certificateChain: Object.freeze([
      s.attestationKeyCert.slice(),
      s.platformCert.slice(),
      s.rootCert.slice(),
    ] as const),
  });
}

/**
 * Whether `platformDir` holds a platform (well-formed or not).
 * @param platformDir - the directory
 * @returns true when its platform file exists
 */
export function isProvisioned(platformDir: string): boolean {
  return existsSync(join(platformDir, PLATFORM_FILE));
}

/**
 * Writes a platform state (atomically, mode 0600).
 * @param platformDir - the platform directory (created with mode 0700 when missing)
 * @param s - the state
 */
export function savePlatformState(platformDir: string, s: PlatformState): void {
  writeJsonAtomic(join(platformDir, PLATFORM_FILE), {
    format: FORMAT,
    version: VERSION,
    platformId: toBase64(s.platformId),
    cpuSvn: s.cpuSvn,
    rootSecret: toBase64(s.rootSecret),
    platformKey: toBase64(p256PrivateKeyToPkcs8(s.platformKey)),
    platformCert: toBase64(s.platformCert),
    attestationKey: toBase64(p256PrivateKeyToPkcs8(s.attestationKey)),
    attestationKeyCert: toBase64(s.attestationKeyCert),
    rootCert: toBase64(s.rootCert),
  });
}

/**
 * Reads and checks the platform state of a platform directory: sizes, keys, and that the certificates name
 * this platform's id, TCB level and keys.
 * @param platformDir - the platform directory
 * @returns the state
 * @throws EnclaveError `not-provisioned` (no platform there), `malformed` (a damaged or foreign file, with
 *   what is wrong) or `platform-state` (unreadable)
 */
export function loadPlatformState(platformDir: string): PlatformState {
  const path = join(platformDir, PLATFORM_FILE);
  const raw = readJson(path);
  if (raw === undefined) {
    throw new EnclaveError(
      'not-provisioned',
      `${platformDir} holds no provisioned platform: provision it where the vendor root lives`,
    );
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new EnclaveError('malformed', `${path} is not a platform file`);
  const o = raw as Record<string, unknown>;
  if (o.format !== FORMAT) throw new EnclaveError('malformed', `${path} is not a platform file`);
  if (o.version !== VERSION)
    throw new EnclaveError(
      'malformed',
      `${path} is a version ${String(o.version)} platform; this release reads version ${VERSION}: provision a new platform`,
    );
  if (typeof o.cpuSvn !== 'number' || !Number.isInteger(o.cpuSvn) || o.cpuSvn < 0 || o.cpuSvn > MAX_SVN) {
    throw new EnclaveError('malformed', `${path}: cpuSvn is not an integer from 0 to ${MAX_SVN}`);
  }
  const platformId = base64Field(o, 'platformId', path);
  const rootSecret = base64Field(o, 'rootSecret', path);
  if (platformId.length !== PLATFORM_ID_SIZE)
    throw new EnclaveError('malformed', `${path}: platformId is not ${PLATFORM_ID_SIZE} bytes`);
  if (rootSecret.length !== ROOT_SECRET_SIZE)
    throw new EnclaveError('malformed', `${path}: rootSecret is not ${ROOT_SECRET_SIZE} bytes`);
  const state: PlatformState = {
    platformId,
    cpuSvn: o.cpuSvn,
    rootSecret,
    platformKey: keyField(o, 'platformKey', path),
    platformCert: base64Field(o, 'platformCert', path),
    attestationKey: keyField(o, 'attestationKey', path),
    attestationKeyCert: base64Field(o, 'attestationKeyCert', path),
    rootCert: base64Field(o, 'rootCert', path),
  };
  checkCertificates(state, path);
  return state;
}

function keyField(o: Record<string, unknown>, key: string, path: string): KeyObject {
  try {
    return p256PrivateKeyFromPkcs8(base64Field(o, key, path));
  } catch (e) {
    if (e instanceof EnclaveError && e.message.startsWith(path)) throw e;
    throw new EnclaveError('malformed', `${path}: ${key} is not a P-256 private key`);
  }
}

function checkCertificates(s: PlatformState, path: string): void {
  let pck, akc;
  try {
    pck = parseCertificate(s.platformCert);
    akc = parseCertificate(s.attestationKeyCert);
    verifyChain([s.attestationKeyCert, s.platformCert, s.rootCert], parseCertificate(s.rootCert).subjectPublicKey);
  } catch (e) {
    const why = e instanceof EnclaveError ? e.code : 'unreadable';
    throw new EnclaveError('malformed', `${path}: the certificate chain does not verify (${why})`);
  }
  if (
    !bytesEqual(pck.subjectId, s.platformId) ||
    pck.cpuSvn !== s.cpuSvn ||
    !bytesEqual(pck.subjectPublicKey, p256PublicKeyToRaw(s.platformKey))
  ) {
    throw new EnclaveError(
      'malformed',
      `${path}: the platform certificate is not for platform ${toHex(s.platformId)} at cpuSvn ${s.cpuSvn} with its key`,
    );
  }
  if (
    !bytesEqual(akc.subjectPublicKey, p256PublicKeyToRaw(s.attestationKey)) ||
    !bytesEqual(akc.issuerId, s.platformId)
  ) {
    throw new EnclaveError('malformed', `${path}: the attestation key certificate does not match the attestation key`);
  }
}
