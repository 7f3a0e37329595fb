/**
 * The simulated platform: what one SGX machine holds in fuses and firmware, opened from its platform store (a
 * directory of its own, see `platform-store.ts`, made by `provisionPlatform`). A root secret (the source of
 * every seal and report key), a TCB level (`cpuSvn`), an attestation key certified through the platform key
 * by the vendor root, a quoting enclave, monotonic counters, and the launcher of enclave compartments. Opening
 * it needs no vendor key. Nothing secret leaves it through any API: enclaves reach its instructions only from
 * inside, through the ports their bootstrap holds.
 * @module
 */
import { toHex } from './bytes.js';
import { type EnclaveHandle, type LaunchSpec, launchCompartment } from './compartment-host.js';
import { CounterStore } from './counters.js';
import { sha256 } from './crypto.js';
import type { EnclaveIdentity } from './identity.js';
import { deriveKey, type KeyRequest } from './key-derivation.js';
import { ascii } from './layout.js';
import { loadPlatformState, type PlatformInfo, type PlatformState, platformInfo } from './platform-store.js';
import { QE_SVN, signQuote } from './quote.js';
import { checkReport, createReport, encodeTargetInfo } from './report.js';

/** The identity of the simulated quoting enclave (fixed: it is part of the simulated platform software). Internal. */
const QUOTING_ENCLAVE_IDENTITY: EnclaveIdentity = Object.freeze({
  mrEnclave: sha256(ascii('edgedancer-enclave-sim/quoting-enclave/v1')),
  mrSigner: sha256(ascii('edgedancer-enclave-sim/vendor')),
  isvProdId: 1,
  isvSvn: QE_SVN,
  debug: false,
});

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
 * provisionPlatform(vendor, '/var/lib/edgedancer/platform');      // once, where the vendor root lives
 * const platform = Platform.open('/var/lib/edgedancer/platform');  // on the node: no vendor key
 * const enclave = await platform.launch({ image, module, config, manifest });
 */
export class Platform {
  readonly #state: PlatformState;
  readonly #info: PlatformInfo;
  /** The platform directory. */
  readonly platformDir: string;

  private constructor(platformDir: string, state: PlatformState) {
    this.platformDir = platformDir;
    this.#state = state;
    this.#info = platformInfo(state);
    const counters = new CounterStore(platformDir);
    const s = this.#state;
    internals.set(this, {
      deriveKey: (caller, request) => deriveKey(s.rootSecret, s.cpuSvn, caller, request),
      createReport: (caller, targetInfo, reportData) =>
        createReport(s.rootSecret, s.cpuSvn, caller, targetInfo, reportData),
      checkReport: (self, report) => checkReport(s.rootSecret, s.cpuSvn, self, report),
      counters,
    });
  }

  /**
   * Opens the platform provisioned in `platformDir` (by {@link provisionPlatform}). No vendor key is needed.
   * @param platformDir - the platform directory
   * @returns the platform
   * @throws EnclaveError `not-provisioned` (no platform there), `malformed` (a damaged platform store, with what
   *   is wrong) or `platform-state` (unreadable)
   */
  static open(platformDir: string): Platform {
    if (typeof platformDir !== 'string' || platformDir === '') throw new TypeError('platformDir must be a path');
    return new Platform(platformDir, loadPlatformState(platformDir));
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

  /** Public facts of the platform: id, TCB level, vendor root certificate, certificate chain. */
  get info(): PlatformInfo {
    return platformInfo(this.#state);
  }

  /**
   * The quoting enclave: checks that `report` was made on this platform for the quoting enclave, then signs
   * its body with the attestation key.
   * Only code inside an enclave can make such a report (`inside.ereport`), so the host can have quoted only
   * what an enclave chose to report; there is no way to quote report data the host picks.
   * @param report - a REPORT targeted at {@link Platform.quotingTargetInfo}
   * @returns the quote
   * @throws EnclaveError `malformed` or `bad-mac`
   */
  quote(report: Uint8Array): Uint8Array {
    const r = platformInternals(this).checkReport(QUOTING_ENCLAVE_IDENTITY, report);
    const s = this.#state;
    return signQuote(s.attestationKey, s.platformId, r.bodyBytes, [s.attestationKeyCert, s.platformCert, s.rootCert]);
  }

  /**
   * Launches an enclave compartment: measures `image`, `module` and `config` into `mrEnclave`, checks the
   * signed manifest against it (`EINIT`), and starts a worker thread that evaluates exactly the image bytes
   * with the platform's `inside` object.
   * @param spec - image, module, configuration, manifest, optional tap and limits
   * @returns the host's handle, once the image has loaded
   * @throws EnclaveError `measurement-mismatch`, `bad-signature`, `malformed` or `enclave-crashed`
   */
  launch(spec: LaunchSpec): Promise<EnclaveHandle> {
    const i = platformInternals(this);
    return launchCompartment(
      {
        info: this.#info,
        quotingTargetInfo: this.quotingTargetInfo,
        createReport: i.createReport,
        deriveKey: i.deriveKey,
        counters: i.counters,
      },
      spec,
    );
  }

  /** A short description without secrets. */
  toString(): string {
    return `Platform(${toHex(this.#state.platformId)}, cpuSvn ${this.#state.cpuSvn})`;
  }
}
