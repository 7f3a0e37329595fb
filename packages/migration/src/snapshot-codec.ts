/**
 * `encodeSnapshot` and `decodeSnapshot`: a snapshot to canonical bytes and back.
 * @module
 */
import { SNAPSHOT_MAGIC } from './constants.js';
import { containerPieces, writeContainer } from './container-write.js';
import { nonZeroRuns } from './memory-scan.js';
import { checkMemoryContent } from './memory-section.js';
import { buildSnapshot } from './snapshot-build.js';
import { prepareSnapshot } from './snapshot-check.js';
import { parseSnapshot } from './snapshot-parse.js';
import type { DecodeExpectations, EncodeOptions, Snapshot } from './snapshot-types.js';

/**
 * Encodes a snapshot canonically: the same state always gives the same bytes. Memories travel as their
 * non-zero 4 KiB chunks. The snapshot is checked completely first, by the rules the decoder applies.
 * @param snapshot the state; memories are read synchronously, so views of live memory are fine
 * @param options `into`: a reusable output buffer
 * @returns a fresh array, or a view of `options.into` when it is large enough
 * @throws {SnapshotError} if the state is inconsistent (`bad-index`, `bad-type`, `bad-value`, `bad-length`),
 * holds an unsupported host value (`unsupported-extern`) or a lone surrogate (`bad-utf8`), or is too large
 * @example
 * const bytes = encodeSnapshot({ agentId: 'a1', migrationCounter: 1n, kind: 'weak',
 *   moduleHashes: [hashModule(wasm)], store: store.capture(), execution: null, hostSections: [] });
 */
export function encodeSnapshot(snapshot: Snapshot, options: EncodeOptions = {}): Uint8Array {
  const prepared = prepareSnapshot(snapshot);
  const plans = snapshot.store.mems.map((m) => ({ type: m.type, bytes: m.bytes, runs: nonZeroRuns(m.bytes) }));
  return writeContainer(SNAPSHOT_MAGIC, null, prepared, plans, options.into);
}

/**
 * Encodes a snapshot as {@link encodeSnapshot} does, as pieces in order: the small sections and headers, then
 * each run of non-zero chunks as a view of its memory (not copied). Joined they are `encodeSnapshot`'s bytes.
 * The views are valid while the memories are not written.
 * @param snapshot the state
 * @returns the pieces
 * @throws {SnapshotError} as `encodeSnapshot`
 */
export function encodeSnapshotPieces(snapshot: Snapshot): Uint8Array[] {
  const prepared = prepareSnapshot(snapshot);
  const plans = snapshot.store.mems.map((m) => ({ type: m.type, bytes: m.bytes, runs: nonZeroRuns(m.bytes) }));
  return containerPieces(SNAPSHOT_MAGIC, null, prepared, plans);
}

/**
 * Decodes and validates a snapshot. Every length, index, address, type and the module hashes are checked
 * before anything is allocated beyond the input's size; a failure leaves nothing behind.
 * @param bytes the encoding
 * @param expect what the receiver requires (module hashes, agent id, memory bound)
 * @returns a snapshot that owns its bytes (nothing aliases `bytes`)
 * @throws {SnapshotError} on the first fault, in the order of the format document
 * @throws {TypeError} if `bytes` is not a Uint8Array
 * @example
 * const snap = decodeSnapshot(bytes, { moduleHashes: [hashModule(wasm)] });
 */
export function decodeSnapshot(bytes: Uint8Array, expect: DecodeExpectations = {}): Snapshot {
  const parsed = parseSnapshot(bytes, SNAPSHOT_MAGIC, expect);
  for (const m of parsed.mems) checkMemoryContent(m, undefined);
  return buildSnapshot(parsed);
}
