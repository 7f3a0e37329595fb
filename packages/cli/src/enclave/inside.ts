/**
 * What the trusted runtime image gets from the simulated CPU when it starts inside its compartment (the
 * `inside` object of the platform's bootstrap), declared here as the image needs it and satisfied structurally
 * by the platform's bootstrap (`@edgedancer/enclave-sim`, `inside-api.ts`), of which this is a subset. Nothing in it
 * hands out a key: seal and unseal, reports and counters are operations.
 * @module
 */

/** The enclave's identity as `EINIT` established it (public). */
export interface InsideIdentity {
  readonly mrEnclave: Uint8Array;
  readonly mrSigner: Uint8Array;
  readonly isvProdId: number;
  readonly isvSvn: number;
  readonly debug: boolean;
}

/** The CPU as seen from inside one enclave. */
export interface Inside {
  readonly identity: InsideIdentity;
  /** The agent's module as measured into this enclave (the only code the runtime will run). */
  readonly module: Uint8Array;
  /** The quoting enclave's target info: a REPORT for it can be turned into a QUOTE by the platform. */
  readonly quotingTargetInfo: Uint8Array;
  /** Public facts of the platform: its id and the vendor root certificate it was provisioned under. */
  readonly platform: { readonly platformId: Uint8Array; readonly vendorRootCertificate: Uint8Array };
  /** The measured configuration: its declared ECALLs say what the manifest allows (`request-plain`). */
  readonly config: { readonly ecalls: readonly string[] };
  /** `EREPORT`: a report of this enclave with `reportData`, MAC'd for the enclave of `targetInfo`. */
  ereport(targetInfo: Uint8Array, reportData: Uint8Array): Uint8Array;
  /**
   * Seals with this enclave's seal key (policy `mrenclave`); `aad` travels in the clear, authenticated. The data
   * may be given in parts: sealed as if joined, without a copy of them; `into`: a buffer of exactly the blob's
   * size to write it into (else a new one).
   */
  seal(
    data: Uint8Array | readonly Uint8Array[],
    options?: { readonly aad?: Uint8Array; readonly into?: Uint8Array },
  ): Uint8Array;
  /** Opens a blob sealed by this enclave's build on this platform. Throws (code `bad-mac`, …) otherwise. */
  unseal(blob: Uint8Array): { data: Uint8Array; aad: Uint8Array };
  /** Registers the handler of ECALL `name`. */
  handle(name: string, handler: (payload: unknown) => unknown): void;
  /** Hands bytes over to the host: moved, not copied, when they cross in an ECALL's answer; unusable inside after. */
  handOver(bytes: Uint8Array): Uint8Array;
  /** A new monotonic counter in the platform store, owned by this enclave's measurement; its id. */
  createCounter(): Promise<Uint8Array>;
  /** The value of an owned counter. Throws (code `unknown-counter`) for another. */
  readCounter(id: Uint8Array): Promise<number>;
  /** Increments an owned counter (persisted in the platform store before it resolves); the new value. */
  incrementCounter(id: Uint8Array): Promise<number>;
  /** Destroys an owned counter: no record bound to it opens again. */
  destroyCounter(id: Uint8Array): Promise<void>;
  /** Random bytes. */
  random(size: number): Uint8Array;
  /** Calls the host (an OCALL): the payload leaves the enclave, the answer comes back in; `transfer` moves buffers. */
  ocall(name: string, payload: unknown, transfer?: readonly ArrayBuffer[]): Promise<unknown>;
}

/** The image's side of the boundary: one function per ECALL name. */
export type EcallTable = Readonly<Record<string, (payload: unknown) => unknown>>;
