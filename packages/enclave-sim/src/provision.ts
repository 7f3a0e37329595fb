/**
 * Provisioning: the one step that uses the vendor root's private key. Run where the vendor root lives (a
 * provisioning service, the demo driver, `edgedancer platform provision`), it creates a platform in a platform
 * directory (root secret, platform id, platform key certified by the vendor root, attestation key certified by
 * the platform key, empty counters), or re-certifies an existing one at a new TCB level. A node then opens its
 * platform with {@link Platform.open} and never needs the vendor key.
 * @module
 */
import type { KeyObject } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { assertUint, bytesEqual } from './bytes.js';
import { CertKind, issueCertificate, keyFingerprint, PLATFORM_ID_SIZE } from './certificate.js';
import { CounterStore } from './counters.js';
import { generateP256, p256PublicKeyToRaw, randomBytes } from './crypto.js';
import { EnclaveError } from './errors.js';
import { MAX_SVN } from './identity.js';
import {
  isProvisioned,
  loadPlatformState,
  type PlatformInfo,
  type PlatformState,
  platformInfo,
  ROOT_SECRET_SIZE,
  savePlatformState,
} from './platform-store.js';
import type { VendorRoot } from './vendor-root.js';

/** Options of {@link provisionPlatform}. */
export interface ProvisionOptions {
  /** The TCB level to certify (default: 1 for a new platform, the current one for an existing platform). */
  readonly cpuSvn?: number;
}

/**
 * Provisions a platform in `platformDir`, or re-certifies the one there.
 *
 * - An empty or missing directory: a new platform is made and certified at `cpuSvn` (default 1).
 * - A platform provisioned by the same vendor root: unchanged when `cpuSvn` is absent or equal; otherwise a TCB
 *   update (a new platform certificate and attestation key at the new level; the root secret and counters stay).
 * - A platform of another vendor root: refused.
 * @param vendor - the vendor root (its private key is used here, and only here)
 * @param platformDir - the platform's own directory (not a host state directory)
 * @param options - TCB level
 * @returns the platform's public description
 * @throws EnclaveError `provisioning` (another vendor's platform) or `malformed` (a damaged platform there)
 * @example
 * provisionPlatform(VendorRoot.open(vendorDir), '/var/lib/edgedancer/platform', { cpuSvn: 2 });
 * const platform = Platform.open('/var/lib/edgedancer/platform');
 */
export function provisionPlatform(
  vendor: VendorRoot,
  platformDir: string,
  options: ProvisionOptions = {},
): PlatformInfo {
  if (typeof platformDir !== 'string' || platformDir === '') throw new TypeError('platformDir must be a path');
  if (options.cpuSvn !== undefined) assertUint(options.cpuSvn, 'cpuSvn', MAX_SVN);
  if (!isProvisioned(platformDir)) {
    mkdirSync(platformDir, { recursive: true, mode: 0o700 });
    const state = newPlatform(vendor, options.cpuSvn ?? 1);
    new CounterStore(platformDir, true);
    savePlatformState(platformDir, state);
    return platformInfo(state);
  }
  const old = loadPlatformState(platformDir);
  if (!bytesEqual(vendor.certificate, old.rootCert)) {
    throw new EnclaveError('provisioning', `${platformDir} holds a platform provisioned by another vendor root`);
  }
  if (options.cpuSvn === undefined || options.cpuSvn === old.cpuSvn) return platformInfo(old);
  const platformCert = vendor.certifyPlatform(old.platformId, p256PublicKeyToRaw(old.platformKey), options.cpuSvn);
  const ak = certifyAttestationKey(old.platformId, old.platformKey, options.cpuSvn);
  const updated: PlatformState = {
    ...old,
    cpuSvn: options.cpuSvn,
    platformCert,
    attestationKey: ak.key,
    attestationKeyCert: ak.cert,
  };
  savePlatformState(platformDir, updated);
  return platformInfo(updated);
}

function newPlatform(vendor: VendorRoot, cpuSvn: number): PlatformState {
  const platformId = randomBytes(PLATFORM_ID_SIZE);
  const platformKey = generateP256();
  const platformCert = vendor.certifyPlatform(platformId, platformKey.publicKey, cpuSvn);
  const ak = certifyAttestationKey(platformId, platformKey.privateKey, cpuSvn);
  return {
    platformId,
    cpuSvn,
    rootSecret: randomBytes(ROOT_SECRET_SIZE),
    platformKey: platformKey.privateKey,
    platformCert,
    attestationKey: ak.key,
    attestationKeyCert: ak.cert,
    rootCert: vendor.certificate,
  };
}

function certifyAttestationKey(
  platformId: Uint8Array,
  platformKey: KeyObject,
  cpuSvn: number,
): { key: KeyObject; cert: Uint8Array } {
  const ak = generateP256();
  const cert = issueCertificate(
    {
      kind: CertKind.AttestationKey,
      subjectId: keyFingerprint(ak.publicKey),
      issuerId: platformId,
      cpuSvn,
      subjectPublicKey: ak.publicKey,
    },
    platformKey,
  );
  return { key: ak.privateKey, cert };
}
