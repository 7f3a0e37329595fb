/**
 * What code inside an enclave compartment receives: the `inside` object the platform's bootstrap hands to
 * the image (the only way from the image to the simulated CPU). Types only; the implementation is
 * `inside-bootstrap.ts`, which runs in the enclave's worker.
 *
 * An image is a self-contained CommonJS script. It is evaluated as the body of
 * `function (exports, require, module, inside)`; `require` gives only the built-in modules in
 * {@link IMAGE_BUILTINS}. It registers its ecalls with `inside.handle(name, fn)` while it is evaluated (or
 * before a promise it puts in `module.exports` settles), and calls the host with `await inside.ocall(name, payload)`.
 * @module
 */

import type { AgentConfig } from './agent-build.js';
import type { EnclaveIdentity, KeyPolicy } from './identity.js';
import type { KeyRequest } from './key-derivation.js';
import type { ReportBody } from './report.js';
import type { SealedHeader } from './sealing.js';

/**
 * Built-in modules an image may `require` (with or without the `node:` prefix): computation only, no I/O.
 * `v8` gives only its serializer (`serialize`, `deserialize` and the serializer classes), not heap snapshots
 * or flags.
 */
export const IMAGE_BUILTINS: readonly string[] = Object.freeze([
  'assert',
  'buffer',
  'crypto',
  'events',
  'string_decoder',
  'util',
  'v8',
  'zlib',
]);

/** Options of {@link Inside.seal}. */
export interface InsideSealOptions {
  /** Bind to this build only (`mrenclave`, the default) or to the signer and product (`mrsigner`). */
  readonly keyPolicy?: KeyPolicy;
  /** Associated data: authenticated, stored in the clear, returned by unseal. */
  readonly aad?: Uint8Array;
  /**
   * A buffer to write the blob into when it has exactly the blob's size (one the host gave back, already
   * faulted in); otherwise a new one is made. Its old contents are overwritten.
   */
  readonly into?: Uint8Array;
}

/** What {@link Inside.unseal} returns. */
export interface InsideUnsealed {
  readonly data: Uint8Array;
  readonly aad: Uint8Array;
  readonly header: SealedHeader;
}

/** An ecall handler: gets the payload, returns (or resolves to) the result. Errors cross as code and message. */
export type EcallHandler = (payload: unknown) => unknown;

/** The enclave's view of the platform. */
export interface Inside {
  /** Who this enclave is (from its manifest, after EINIT checked its measurement). */
  readonly identity: EnclaveIdentity;
  /** This enclave's TARGETINFO: other enclaves make reports it can check with {@link Inside.checkReport}. */
  readonly targetInfo: Uint8Array;
  /** The quoting enclave's TARGETINFO: a report for it can be turned into a quote by the host's `platform.quote`. */
  readonly quotingTargetInfo: Uint8Array;
  /** Public facts of the platform: id, TCB level, the vendor root certificate that certified it. */
  readonly platform: {
    readonly platformId: Uint8Array;
    readonly cpuSvn: number;
    readonly vendorRootCertificate: Uint8Array;
  };
  /** The agent's module bytes (measured). */
  readonly module: Uint8Array;
  /** The measured configuration. */
  readonly config: AgentConfig;
  /** Largest payload one message may carry, in bytes. */
  readonly maxMessageBytes: number;

  /**
   * `EREPORT`: a 224-byte REPORT of this enclave for the enclave named by `targetInfo`, carrying `reportData`.
   * @param targetInfo - 64 bytes
   * @param reportData - 64 bytes of this enclave's choosing
   */
  ereport(targetInfo: Uint8Array, reportData: Uint8Array): Uint8Array;
  /**
   * Checks a REPORT made for this enclave by another enclave on this platform (local attestation).
   * @throws an error with code `bad-mac` or `malformed`
   */
  checkReport(report: Uint8Array): ReportBody;
  /**
   * `EGETKEY`: a 32-byte key for this enclave (seal keys: SVNs up to its own; report key: its own).
   * @throws an error with code `invalid-isvsvn` or `invalid-cpusvn`
   */
  egetkey(request: KeyRequest): Uint8Array;
  /**
   * Seals `data` (or its parts, as if joined) with this enclave's seal key, optionally bound to a counter value
   * it already holds.
   */
  seal(
    data: Uint8Array | readonly Uint8Array[],
    options?: InsideSealOptions & { readonly counter?: { readonly id: Uint8Array; readonly value: number } },
  ): Uint8Array;
  /** Unseals a blob (no counter check: use {@link Inside.unsealCounted} for counter-bound blobs). */
  unseal(blob: Uint8Array, expectedAad?: Uint8Array): InsideUnsealed;
  /** Increments `counterId` and seals `data` bound to its new value: every earlier blob bound to it is stale from now on. */
  sealCounted(data: Uint8Array, counterId: Uint8Array, options?: InsideSealOptions): Promise<Uint8Array>;
  /** Unseals a blob and checks that its counter is still at the bound value (else code `rolled-back`). */
  unsealCounted(blob: Uint8Array, expectedAad?: Uint8Array): Promise<InsideUnsealed>;
  /** Creates a monotonic counter in the platform store, owned by this build (`mrenclave`) or signer and product. */
  createCounter(policy?: KeyPolicy): Promise<Uint8Array>;
  /** A counter's value (code `unknown-counter` when it is not this enclave's). */
  readCounter(id: Uint8Array): Promise<number>;
  /** Increments a counter durably; resolves to the new value. */
  incrementCounter(id: Uint8Array): Promise<number>;
  /** Deletes a counter: blobs bound to it can never be unsealed again. */
  destroyCounter(id: Uint8Array): Promise<void>;
  /** Fresh random bytes. */
  random(size: number): Uint8Array;

  /** Registers the handler of ecall `name` (once per name). */
  handle(name: string, handler: EcallHandler): void;
  /**
   * Hands `bytes` over to the host for good: when they cross in an ecall's answer, their buffer is moved (a
   * transfer, no copy on either side) instead of cloned, and is unusable inside from then on. For large results
   * the enclave keeps no reference to (a sealed record): the host's thread then never copies them. Bytes that view
   * only part of their buffer are copied as before.
   * @returns `bytes`
   */
  handOver(bytes: Uint8Array): Uint8Array;
  /**
   * Calls the host: resolves to what the host's ocall handler returned, rejects with an error whose code is
   * `ocall-failed` (`innerCode`: the host's code) when it threw, or `enclave-unavailable` when none is set.
   */
  ocall(name: string, payload: unknown, transfer?: readonly ArrayBuffer[]): Promise<unknown>;
}
