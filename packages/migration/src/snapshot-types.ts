/**
 * The plain-data shapes this package encodes: a snapshot (agent identity, counter, module hashes, the
 * interpreter's captured store and execution, host sections) and the options of the codec.
 * @module
 */
import type { ExecutionState, StoreState } from '@edgedancer/interpreter';

/** Weak: store and host state only (the agent re-enters at an export). Strong: also the suspended execution. */
export type SnapshotKind = 'weak' | 'strong';

/** A named, versioned blob of host state (for example `wasi` or `platform`), opaque to this codec. */
export interface HostSection {
  /** ASCII, 1–64 bytes, `[a-z][a-z0-9._-]*`. Unique in a snapshot. */
  readonly name: string;
  /** The owner's version of `bytes` (u32). */
  readonly version: number;
  readonly bytes: Uint8Array;
}

/** Everything that travels when an agent moves, except its modules (they are bound by hash). */
export interface Snapshot {
  /** Identifies the agent across nodes: 1–256 bytes of UTF-8. */
  readonly agentId: string;
  /** Monotonic per agent (u64); a receiver rejects a counter it has already seen. */
  readonly migrationCounter: bigint;
  readonly kind: SnapshotKind;
  /** SHA-256 of each module's bytes, in the store's module order (`store.moduleCount` entries). */
  readonly moduleHashes: readonly Uint8Array[];
  readonly store: StoreState;
  /** The suspended execution: present exactly when `kind` is `'strong'`. */
  readonly execution: ExecutionState | null;
  /** Host state sections; any order on input, sorted by name on output. */
  readonly hostSections: readonly HostSection[];
}

/** What a receiver requires of a snapshot; checked before anything else is parsed past the module hashes. */
export interface DecodeExpectations {
  /** The modules the receiver will restore with, in order; any difference fails with `module-mismatch`. */
  readonly moduleHashes?: readonly Uint8Array[];
  /** Fails with `agent-mismatch` when the snapshot is of another agent. */
  readonly agentId?: string;
  /** Upper bound on the sum of all memory sizes in bytes (`limit-exceeded`); default 2^32. */
  readonly maxMemoryBytes?: number;
}

/** Options of `encodeSnapshot` and `encodeDelta`. */
export interface EncodeOptions {
  /**
   * A buffer to encode into, reused across encodings to spare the allocation (for large memories the cost
   * of touching fresh pages dominates). Used when large enough: the result is then a view of its start;
   * otherwise a fresh array is returned. Must not overlap any memory being encoded.
   */
  readonly into?: Uint8Array;
}

/** Options of `encodeDelta`. */
export interface DeltaOptions extends EncodeOptions {
  /** SHA-256 of the base's encoding, if the caller holds it; otherwise the base is encoded to compute it. */
  readonly baseDigest?: Uint8Array;
  /**
   * Per memory address, the chunks (of `CHUNK_SIZE` bytes) written since the base was captured: only these
   * are compared. `undefined` for a memory (or no list at all) compares every chunk. A list that misses a
   * written chunk gives a wrong delta; one with extra chunks costs only their comparison.
   */
  readonly dirtyChunks?: readonly (ArrayLike<number> | undefined)[];
}

/** Options of `applyDelta`. */
export interface ApplyDeltaOptions extends DecodeExpectations {
  /** SHA-256 of the base's encoding, if the caller holds it; otherwise the base is encoded to compute it. */
  readonly baseDigest?: Uint8Array;
  /**
   * Write the changed chunks into the base's memory buffers (those whose size did not change) and hand
   * them to the result, instead of copying them: applying costs O(delta) instead of O(memory). Only after
   * the delta is fully validated; on a failure the base is untouched. The base must not be used afterwards.
   */
  readonly consumeBase?: boolean;
}

/** What a delta is bound to. */
export interface DeltaBase {
  /** SHA-256 of the base snapshot's encoding. */
  readonly digest: Uint8Array;
  /** The base's migration counter. */
  readonly migrationCounter: bigint;
}
