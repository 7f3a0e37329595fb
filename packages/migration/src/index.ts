/**
 * `@edgedancer/migration`: canonical, versioned snapshots of a WebAssembly agent's state, deltas
 * against an earlier snapshot (`docs/snapshot-format.md`), and the in-process agent runtime with the `edgedancer`
 * ABI: loading, serving, weak and strong migration, restore (`docs/agents.md`).
 * @module
 */

export { Agent, type AgentOptions, type AgentRestoreOptions } from './agent.js';
export {
  ABI_EXPORTS,
  ABI_IMPORTS,
  ABI_MODULE,
  type AbiExportName,
  type AbiImportName,
  AgentStatus,
  type AgentStatusCode,
  MAX_DESTINATION_SIZE,
  unpackResponse,
} from './agent-abi.js';
export { MigrationCounters } from './agent-counters.js';
export { AgentError, type AgentErrorCode } from './agent-errors.js';
export type { AgentHost, MigrationRequest } from './agent-host.js';
export type { AgentHostModule } from './agent-host-module.js';
export type { AgentOutcome, AgentState, CallResult, MigratingOutcome, StepOptions } from './agent-outcome.js';
export { AGENT_SECTION_NAME, AGENT_SECTION_VERSION } from './agent-section.js';
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
export { applyDelta, encodeDelta, readDeltaBaseOf } from './delta-codec.js';
export { hashModule, snapshotDigest } from './digest.js';
export { chunksOfDirtyPages } from './dirty-chunks.js';
export { SnapshotError, type SnapshotErrorCode } from './errors.js';
export { SnapshotAssembler } from './snapshot-assembler.js';
export { decodeSnapshot, encodeSnapshot, encodeSnapshotPieces } from './snapshot-codec.js';
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
export * from './transfer/index.js';
