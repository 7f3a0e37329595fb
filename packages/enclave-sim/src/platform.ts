/**
 * The simulated platform: what one SGX machine holds in fuses and firmware. A root secret (the source of
 * every seal and report key), a TCB level (`cpuSvn`), a platform key certified by the vendor root (as a PCK
 * certificate), an attestation key certified by the platform key, a quoting enclave, and monotonic counters.
 * Its identity persists in a state directory: a restarted node reopening the same directory is the same
 * platform; a fresh directory is a new platform (whose keys open nothing sealed on the old one).
 * @module
 */
import type { KeyObject } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { assertUint, bytesEqual, toHex } from './bytes.js';
import { CertKind, PLATFORM_ID_SIZE, issueCertificate, keyFingerprint, parseCertificate } from './certificate.js';
import {
  generateP256,
  p256PrivateKeyFromPkcs8,
  p256PrivateKeyToPkcs8,
  p256PublicKeyToRaw,
  randomBytes,
  sha256,
} from './crypto.js';
import { CounterStore } from './counters.js';
import { EnclaveError } from './errors.js';
import { MAX_SVN, type EnclaveIdentity } from './identity.js';
import { deriveKey, type KeyRequest } from './key-derivation.js';
import { ascii } from './layout.js';
import { QE_SVN, signQuote } from './quote.js';
import { checkReport, createReport, encodeTargetInfo } from './report.js';
import { base64Field, readJson, toBase64, writeJsonAtomic } from './state-file.js';
import type { VendorRoot } from './vendor-root.js';

const FILE_NAME = 'platform.json';
const FORMAT = 'edgedancer-enclave-sim-platform';
const ROOT_SECRET_SIZE = 32;

/** The identity of the simulated quoting enclave (fixed: it is part of the simulated platform software). Internal. */
const QUOTING_ENCLAVE_IDENTITY: EnclaveIdentity = Object.freeze({
  mrEnclave: sha256(ascii('edgedancer-enclave-sim/quoting-enclave/v1')),
  mrSigner: sha256(ascii('edgedancer-enclave-sim/vendor')),
  isvProdId: 1,
  isvSvn: QE_SVN,
  debug: false,
});

/** Options of {@link Platform.open}. */
export interface PlatformOptions {
  /** The vendor root; required to provision a fresh state directory or to change the TCB level. */
  readonly vendor?: VendorRoot;
  /** The TCB level. At provisioning: default 1. On an existing platform: a different value is a TCB update, re-certified by `vendor`. */
  readonly cpuSvn?: number;
}

/** What the platform keeps in its state directory (private key material included). */
interface PlatformState {
  platformId: Uint8Array;
  cpuSvn: number;
  rootSecret: Uint8Array;
  platformKey: KeyObject;
  platformCert: Uint8Array;
  attestationKey: KeyObject;
  attestationKeyCert: Uint8Array;
  rootCert: Uint8Array;
}

/** What enclaves of this package reach through the platform; never exported from the package. */
export interface PlatformInternals {
  /** `EGETKEY` for `caller`. */
  deriveKey(caller: EnclaveIdentity, request: KeyRequest): Uint8Array;
  /** `EREPORT` by `caller` for `targetInfo`. */
  createReport(caller: EnclaveIdentity, targetInfo: Uint8Array, reportData: Uint8Array): Uint8Array;
  /** Checks a report addressed to `self`. */
  checkReport(self: EnclaveIdentity, report: Uint8Array): ReturnType<typeof checkReport>;
  readonly counters: CounterStore;
}

const internals = new WeakMap<Platform, PlatformInternals>();

/**
 * The internals of a platform, for this package's enclaves only (not exported from the package root).
 * @param platform - the platform
 * @returns its internals
 */
export function platformInternals(platform: Platform): PlatformInternals {
  const i = internals.get(platform);
  if (i === undefined) throw new TypeError('not a Platform');
  return i;
}

/**
 * One simulated machine.
 * @example
 * const vendor = VendorRoot.generate();
 * const platform = Platform.open('/var/lib/edgedancer/platform', { vendor });
 */
export class Platform {
  readonly #state: PlatformState;
  /** The state directory. */
  readonly stateDir: string;

  private constructor(stateDir: string, state: PlatformState) {
    this.stateDir = stateDir;
    this.#state = state;
    const counters = new CounterStore(stateDir);
    const s = this.#state;
    internals.set(this, {
      deriveKey: (caller, request) => deriveKey(s.rootSecret, s.cpuSvn, caller, request),
      createReport: (caller, targetInfo, reportData) => createReport(s.rootSecret, s.cpuSvn, caller, targetInfo, reportData),
      checkReport: (self, report) => checkReport(s.rootSecret, s.cpuSvn, self, report),
      counters,
    });
  }

  /**
   * Opens the platform kept in `stateDir`, provisioning a new one there (with `options.vendor`) when the
   * directory holds none.
   * @param stateDir - the state directory (created when missing)
   * @param options - vendor root and TCB level
   * @returns the platform
   * @throws EnclaveError `provisioning` (a fresh directory or a TCB change without the vendor, or another
   *   vendor than the one that provisioned it) or `platform-state` (a corrupt directory)
   */
  static open(stateDir: string, options: PlatformOptions = {}): Platform {
    if (typeof stateDir !== 'string' || stateDir === '') throw new TypeError('stateDir must be a path');
    if (options.cpuSvn !== undefined) assertUint(options.cpuSvn, 'cpuSvn', MAX_SVN);
    const path = join(stateDir, FILE_NAME);
    const raw = readJson(path);
    let state: PlatformState;
    if (raw === undefined) {
      if (options.vendor === undefined) throw new EnclaveError('provisioning', 'a new platform needs the vendor root to certify it');
      mkdirSync(stateDir, { recursive: true, mode: 0o700 });
      state = provision(options.vendor, options.cpuSvn ?? 1);
      save(path, state);
    } else {
      state = load(path, raw);
      if (options.vendor !== undefined && !bytesEqual(options.vendor.certificate, state.rootCert)) {
        throw new EnclaveError('provisioning', 'this platform was provisioned by another vendor root');
      }
      if (options.cpuSvn !== undefined && options.cpuSvn !== state.cpuSvn) {
        if (options.vendor === undefined) throw new EnclaveError('provisioning', 'a TCB update needs the vendor root to re-certify the platform');
        state = recertify(options.vendor, state, options.cpuSvn);
        save(path, state);
      }
    }
    return new Platform(stateDir, state);
  }

  /** The platform's 16-byte id (the platform certificate's subject). */
  get platformId(): Uint8Array {
    return this.#state.platformId.slice();
  }

  /** The TCB level: keys for higher values cannot be derived here. */
  get cpuSvn(): number {
    return this.#state.cpuSvn;
  }

  /** The vendor root certificate that provisioned this platform. */
  get vendorRootCertificate(): Uint8Array {
    return this.#state.rootCert.slice();
  }

  /** Attestation key, platform and root certificates, as quotes carry them. */
  get certificateChain(): readonly [Uint8Array, Uint8Array, Uint8Array] {
    const s = this.#state;
    return [s.attestationKeyCert.slice(), s.platformCert.slice(), s.rootCert.slice()];
  }

  /** The TARGETINFO of the quoting enclave: reports for it can be turned into quotes by {@link Platform.quote}. */
  get quotingTargetInfo(): Uint8Array {
    return encodeTargetInfo(QUOTING_ENCLAVE_IDENTITY);
  }

  /**
   * The quoting enclave: checks that `report` was made on this platform for the quoting enclave, then signs
   * its body with the attestation key.
   * @param report - a REPORT targeted at {@link Platform.quotingTargetInfo}
   * @returns the quote
   * @throws EnclaveError `malformed` or `bad-mac`
   */
  quote(report: Uint8Array): Uint8Array {
    const r = platformInternals(this).checkReport(QUOTING_ENCLAVE_IDENTITY, report);
    const s = this.#state;
    return signQuote(s.attestationKey, s.platformId, r.bodyBytes, [s.attestationKeyCert, s.platformCert, s.rootCert]);
  }

  /** A short description without secrets. */
  toString(): string {
    return `Platform(${toHex(this.#state.platformId)}, cpuSvn ${this.#state.cpuSvn})`;
  }
}

function provision(vendor: VendorRoot, cpuSvn: number): PlatformState {
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
    rootCert: vendor.certificate.slice(),
  };
}

function recertify(vendor: VendorRoot, old: PlatformState, cpuSvn: number): PlatformState {
  const platformCert = vendor.certifyPlatform(old.platformId, p256PublicKeyToRaw(old.platformKey), cpuSvn);
  const ak = certifyAttestationKey(old.platformId, old.platformKey, cpuSvn);
  return { ...old, cpuSvn, platformCert, attestationKey: ak.key, attestationKeyCert: ak.cert };
}

function certifyAttestationKey(platformId: Uint8Array, platformKey: KeyObject, cpuSvn: number): { key: KeyObject; cert: Uint8Array } {
  const ak = generateP256();
  const cert = issueCertificate(
    { kind: CertKind.AttestationKey, subjectId: keyFingerprint(ak.publicKey), issuerId: platformId, cpuSvn, subjectPublicKey: ak.publicKey },
    platformKey,
  );
  return { key: ak.privateKey, cert };
}

function save(path: string, s: PlatformState): void {
  writeJsonAtomic(path, {
    format: FORMAT,
    version: 1,
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

function load(path: string, raw: unknown): PlatformState {
  if (typeof raw !== 'object' || raw === null) throw new EnclaveError('platform-state', `${path} is not a platform`);
  const o = raw as Record<string, unknown>;
  if (o.format !== FORMAT || o.version !== 1) throw new EnclaveError('platform-state', `${path} is not a version 1 platform`);
  if (typeof o.cpuSvn !== 'number' || !Number.isInteger(o.cpuSvn) || o.cpuSvn < 0 || o.cpuSvn > MAX_SVN) {
    throw new EnclaveError('platform-state', `${path}: bad cpuSvn`);
  }
  const state: PlatformState = {
    platformId: base64Field(o, 'platformId', path),
    cpuSvn: o.cpuSvn,
    rootSecret: base64Field(o, 'rootSecret', path),
    platformKey: p256PrivateKeyFromPkcs8(base64Field(o, 'platformKey', path)),
    platformCert: base64Field(o, 'platformCert', path),
    attestationKey: p256PrivateKeyFromPkcs8(base64Field(o, 'attestationKey', path)),
    attestationKeyCert: base64Field(o, 'attestationKeyCert', path),
    rootCert: base64Field(o, 'rootCert', path),
  };
  if (state.platformId.length !== PLATFORM_ID_SIZE || state.rootSecret.length !== ROOT_SECRET_SIZE) {
    throw new EnclaveError('platform-state', `${path}: bad sizes`);
  }
  try {
    const pck = parseCertificate(state.platformCert);
    const akc = parseCertificate(state.attestationKeyCert);
    if (!bytesEqual(pck.subjectId, state.platformId) || pck.cpuSvn !== state.cpuSvn || !bytesEqual(pck.subjectPublicKey, p256PublicKeyToRaw(state.platformKey))) {
      throw new EnclaveError('platform-state', `${path}: platform certificate does not match`);
    }
    if (!bytesEqual(akc.subjectPublicKey, p256PublicKeyToRaw(state.attestationKey))) {
      throw new EnclaveError('platform-state', `${path}: attestation key certificate does not match`);
    }
    parseCertificate(state.rootCert);
  } catch (e) {
    if (e instanceof EnclaveError && e.code === 'platform-state') throw e;
    throw new EnclaveError('platform-state', `${path}: unreadable certificates`, { cause: e });
  }
  return state;
}
