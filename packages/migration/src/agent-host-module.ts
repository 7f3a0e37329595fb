/**
 * Host modules an agent may import besides the `edgedancer` ABI (WASI's `wasi_snapshot_preview1`, for example).
 * The runtime knows nothing of what they do: it binds their functions by import name, records them in the store
 * by a `module.field` name (so a restore finds them again), carries their state as one host section in every
 * snapshot, and gives that section back to the module on the destination before the store is rebuilt. This keeps
 * `@edgedancer/migration` free of the packages that implement them; the wiring lives above (the enclave runtime).
 * @module
 */
import type { FuncType, HostFunction } from '@edgedancer/interpreter';
import type { HostSection } from './snapshot-types.js';

/** One host module with state that travels with the agent. */
export interface AgentHostModule {
  /** The import module name it supplies (`wasi_snapshot_preview1`); never `edgedancer`. */
  readonly importModule: string;
  /** The name of the host section its state travels in (`wasi`). */
  readonly sectionName: string;
  /**
   * The host function for an import `importModule.field` of `type`, or `undefined` when the module does not
   * offer it with that type (the agent is then refused with `bad-import`).
   */
  resolve(field: string, type: FuncType): HostFunction | undefined;
  /** Its whole state as the snapshot's host section (called for every snapshot the agent produces). */
  exportSection(): HostSection;
  /**
   * Adopts the state a snapshot carried, before the agent's store is rebuilt on this node. Nothing may change
   * when it throws (the restore is then refused with `bad-snapshot`).
   */
  importSection(section: HostSection): void;
  /**
   * When one of its functions ends the running call by throwing (WASI's `proc_exit`), the message of the trap the
   * call ends with; `undefined` for any other exception (which then propagates as a host failure).
   */
  endsCall?(error: unknown): string | undefined;
}
