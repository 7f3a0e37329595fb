/**
 * The inside of an enclave: what code running in it (the agent's runtime and its measured extensions) can
 * do that the host cannot. Reports and quotes about itself, seal and unseal with its own keys, monotonic
 * counters it owns, and sealed page stores. A context exists only for an enclave that was measured and whose
 * signed manifest matched (`EINIT`); hosts never get one through the public API.
 * @module
 */
import { assertBytes, bytesEqual } from './bytes.js';
import { counterOwner } from './counters.js';
import { randomBytes } from './crypto.js';
import { EnclaveError } from './errors.js';
import { assertIdentity, type EnclaveIdentity, type KeyPolicy } from './identity.js';
import { parseManifest } from './manifest.js';
import { SealedPageStore, type SealedPageStoreOptions } from './page-store.js';
import { type Platform, type PlatformInternals, platformInternals } from './platform.js';
import { encodeTargetInfo, REPORT_DATA_SIZE, type ReportBody } from './report.js';
import { type SealedHeader, sealBytes, unsealBytes } from './sealing.js';

const INIT_TOKEN: unique symbol = Symbol('EINIT');

/** Options of {@link EnclaveContext.seal}. */
export interface SealOptions {
  /** Bind to this build only (`mrenclave`, the default) or to the signer and product (`mrsigner`). */
  readonly keyPolicy?: KeyPolicy;
  /** Associated data: authenticated, stored in the clear, returned by unseal. */
  readonly aad?: Uint8Array;
  /**
   * A monotonic counter of this enclave: sealing increments it and binds the blob to the new value, so every
   * earlier blob bound to it is refused from then on (`rolled-back`).
   */
  readonly counter?: Uint8Array;
}

/** What unseal returns. */
export interface Unsealed {
  readonly data: Uint8Array;
  readonly aad: Uint8Array;
  readonly header: SealedHeader;
}

/**
 * A running enclave, seen from inside.
 */
export class EnclaveContext {
  readonly #platform: Platform;
  readonly #internals: PlatformInternals;
  readonly #owners: readonly Uint8Array[];
  readonly #identity: EnclaveIdentity;

  /** @internal Use {@link initEnclave}. */
  constructor(token: typeof INIT_TOKEN, platform: Platform, identity: EnclaveIdentity) {
    if (token !== INIT_TOKEN) throw new TypeError('enclaves are created by a platform');
    this.#platform = platform;
    this.#internals = platformInternals(platform);
    this.#identity = copyIdentity(identity);
    this.#owners = [counterOwner(identity, 'mrenclave'), counterOwner(identity, 'mrsigner')];
  }

  /** Who this enclave is (a copy: changing it changes nothing inside). */
  get identity(): EnclaveIdentity {
    return copyIdentity(this.#identity);
  }

  /** The platform the enclave runs on. */
  get platform(): Platform {
    return this.#platform;
  }

  /** This enclave's TARGETINFO, for others to make reports it can check. */
  get targetInfo(): Uint8Array {
    return encodeTargetInfo(this.#identity);
  }

  /**
   * `EREPORT`: a report about this enclave for the enclave named by `targetInfo` (on this platform).
   * @param targetInfo - the target's TARGETINFO
   * @param reportData - 64 bytes of this enclave's choosing
   * @returns the REPORT
   */
  report(targetInfo: Uint8Array, reportData: Uint8Array): Uint8Array {
    assertBytes(reportData, 'reportData', REPORT_DATA_SIZE);
    return this.#internals.createReport(this.#identity, targetInfo, reportData);
  }

  /**
   * Checks a report made for this enclave by another enclave on the same platform (local attestation).
   * @param report - the REPORT
   * @returns the authenticated body: the other enclave's identity and report data
   * @throws EnclaveError `malformed` or `bad-mac` (made for another target, on another platform, or tampered)
   */
  checkReport(report: Uint8Array): ReportBody {
    return this.#internals.checkReport(this.#identity, report).body;
  }

  /**
   * A quote about this enclave: a report for the platform's quoting enclave, turned into a signed quote.
   * @param reportData - 64 bytes (for example {@link reportDataFor})
   * @returns the QUOTE
   */
  quote(reportData: Uint8Array): Uint8Array {
    return this.#platform.quote(this.report(this.#platform.quotingTargetInfo, reportData));
  }

  /**
   * Seals data with this enclave's seal key.
   * @param data - the plaintext
   * @param options - key policy, associated data, counter
   * @returns the sealed blob
   * @throws EnclaveError `unknown-counter` or `counter-exhausted`
   */
  seal(data: Uint8Array, options: SealOptions = {}): Uint8Array {
    assertBytes(data, 'data');
    if (options.aad !== undefined) assertBytes(options.aad, 'aad');
    const keyPolicy = options.keyPolicy ?? 'mrenclave';
    if (keyPolicy !== 'mrenclave' && keyPolicy !== 'mrsigner')
      throw new TypeError("keyPolicy must be 'mrenclave' or 'mrsigner'");
    const counter =
      options.counter === undefined
        ? undefined
        : { id: assertBytes(options.counter, 'counter'), value: this.incrementCounter(options.counter) };
    const sealOptions = {
      keyPolicy,
      ...(options.aad === undefined ? {} : { aad: options.aad }),
      ...(counter === undefined ? {} : { counter }),
    };
    return sealBytes(
      (r) => this.#internals.deriveKey(this.#identity, r),
      { isvSvn: this.#identity.isvSvn, cpuSvn: this.#platform.cpuSvn },
      data,
      sealOptions,
    );
  }

  /**
   * Unseals a blob sealed by this enclave (policy `mrenclave`) or by its signer's enclaves of the same product
   * at the same or a lower SVN (policy `mrsigner`), on this platform.
   * @param blob - the sealed blob
   * @param expectedAad - when given, the blob's associated data must equal it
   * @returns plaintext, associated data and header
   * @throws EnclaveError `malformed`, `bad-mac`, `invalid-isvsvn`, `invalid-cpusvn`, `rolled-back` or `unknown-counter`
   */
  unseal(blob: Uint8Array, expectedAad?: Uint8Array): Unsealed {
    const { plaintext, header } = unsealBytes((r) => this.#internals.deriveKey(this.#identity, r), blob);
    if (expectedAad !== undefined && !bytesEqual(assertBytes(expectedAad, 'expectedAad'), header.aad)) {
      plaintext.fill(0);
      throw new EnclaveError('bad-mac', 'associated data differs from the expected one');
    }
    if (header.counter !== undefined) {
      let current: number;
      try {
        current = this.readCounter(header.counter.id);
      } catch (e) {
        plaintext.fill(0);
        throw e;
      }
      if (current !== header.counter.value) {
        plaintext.fill(0);
        throw new EnclaveError(
          'rolled-back',
          `sealed at counter value ${header.counter.value}, the counter is at ${current}`,
        );
      }
    }
    return { data: plaintext, aad: header.aad, header };
  }

  /**
   * Creates a monotonic counter owned by this enclave (`mrenclave`) or by its signer and product (`mrsigner`).
   * @param policy - the owner
   * @returns the counter's 16-byte id (at value 0)
   */
  createCounter(policy: KeyPolicy = 'mrenclave'): Uint8Array {
    if (policy !== 'mrenclave' && policy !== 'mrsigner')
      throw new TypeError("policy must be 'mrenclave' or 'mrsigner'");
    return this.#internals.counters.create(counterOwner(this.#identity, policy));
  }

  /**
   * @param id - a counter this enclave owns
   * @returns its value
   * @throws EnclaveError `unknown-counter`
   */
  readCounter(id: Uint8Array): number {
    return this.#internals.counters.read(this.#owners, assertBytes(id, 'counter id'));
  }

  /**
   * @param id - a counter this enclave owns
   * @returns its new value (persisted before it returns)
   * @throws EnclaveError `unknown-counter` or `counter-exhausted`
   */
  incrementCounter(id: Uint8Array): number {
    return this.#internals.counters.increment(this.#owners, assertBytes(id, 'counter id'));
  }

  /**
   * Deletes a counter; state bound to it can never be unsealed again.
   * @param id - a counter this enclave owns
   * @throws EnclaveError `unknown-counter`
   */
  destroyCounter(id: Uint8Array): void {
    this.#internals.counters.destroy(this.#owners, assertBytes(id, 'counter id'));
  }

  /**
   * A new sealed page store for this enclave's memory.
   * @param options - EPC budget, page size, backing store
   * @returns the store
   */
  createPageStore(options: SealedPageStoreOptions): SealedPageStore {
    return new SealedPageStore(options);
  }

  /**
   * Random bytes.
   * @param size - how many
   * @returns fresh random bytes
   */
  random(size: number): Uint8Array {
    return randomBytes(size);
  }
}

/**
 * `EINIT`: checks the manifest's signature and that it expects `mrEnclave`, and returns the enclave's inside.
 * Internal to the package: only a loader that measured what it loaded may call it.
 * @param platform - the platform
 * @param mrEnclave - the measurement of what was loaded
 * @param manifest - the signed manifest
 * @returns the enclave context
 * @throws EnclaveError `malformed`, `bad-signature` or `measurement-mismatch`
 */
export function initEnclave(platform: Platform, mrEnclave: Uint8Array, manifest: Uint8Array): EnclaveContext {
  const m = parseManifest(manifest);
  if (!bytesEqual(m.mrEnclave, mrEnclave)) {
    throw new EnclaveError('measurement-mismatch', 'the loaded enclave does not measure to what its manifest expects');
  }
  const identity = assertIdentity({
    mrEnclave: m.mrEnclave,
    mrSigner: m.mrSigner,
    isvProdId: m.isvProdId,
    isvSvn: m.isvSvn,
    debug: m.debug,
  });
  return new EnclaveContext(INIT_TOKEN, platform, identity);
}

function copyIdentity(id: EnclaveIdentity): EnclaveIdentity {
  return Object.freeze({ ...id, mrEnclave: id.mrEnclave.slice(), mrSigner: id.mrSigner.slice() });
}
