/**
 * `@edgedancer/migration`: canonical, versioned snapshots of a WebAssembly agent's state, and deltas
 * against an earlier snapshot. The format is specified in `docs/snapshot-format.md`.
 * @module
 */
export { encodeSnapshot, decodeSnapshot } from './snapshot-codec.js';
export { encodeDelta, applyDelta, readDeltaBaseOf } from './delta-codec.js';
export { hashModule, snapshotDigest } from './digest.js';
export { chunksOfDirtyPages } from './dirty-chunks.js';
export { SnapshotError, type SnapshotErrorCode } from './errors.js';
export {
  CHUNK_SIZE,
  DELTA_MAGIC,
  DIGEST_SIZE,
  FORMAT_VERSION,
  MAX_AGENT_ID_SIZE,
  NULL_REF,
  PAGE_SIZE,
  SNAPSHOT_MAGIC,
} from './constants.js';
export type {
  ApplyDeltaOptions,
  DecodeExpectations,
  DeltaBase,
  DeltaOptions,
  EncodeOptions,
  HostSection,
  Snapshot,
  SnapshotKind,
} from './snapshot-types.js';
