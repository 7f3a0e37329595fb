/**
 * `@edgedancer/migration`: canonical, versioned snapshots of a WebAssembly agent's state, deltas
 * against an earlier snapshot (`docs/snapshot-format.md`), and the in-process agent runtime with the `edgedancer`
 * ABI: loading, serving, weak and strong migration, restore (`docs/agents.md`).
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
export { Agent, type AgentOptions, type AgentRestoreOptions } from './agent.js';
export {
  ABI_EXPORTS, ABI_IMPORTS, ABI_MODULE, AgentStatus, MAX_DESTINATION_SIZE, unpackResponse,
  type AbiExportName, type AbiImportName, type AgentStatusCode,
} from './agent-abi.js';
export { AgentError, type AgentErrorCode } from './agent-errors.js';
export type { AgentHost, MigrationRequest } from './agent-host.js';
export type { AgentHostModule } from './agent-host-module.js';
export type { AgentOutcome, AgentState, CallResult, MigratingOutcome, StepOptions } from './agent-outcome.js';
export { MigrationCounters } from './agent-counters.js';
export { AGENT_SECTION_NAME, AGENT_SECTION_VERSION } from './agent-section.js';
export * from './transfer/index.js';
