/**
 * How one step of driving an agent ended, and the shape of an agent's state machine.
 * @module
 */
import type { RuntimeError, WasmValue } from '@edgedancer/interpreter';
import type { Snapshot, SnapshotKind } from './snapshot-types.js';

/**
 * Where an agent stands.
 * - `idle`: nothing runs; it can be invoked, serve a request, be captured or moved
 * - `paused`: a call ran out of its slice of fuel or was interrupted; `continue` it, or capture or move it
 * - `migrating`: a snapshot was taken to move it; the driver ends this with `depart()` or `stay()`
 * - `arrived`: restored from a snapshot; `arrive()` starts it
 * - `departed`: it continues elsewhere; this object is spent
 */
export type AgentState = 'idle' | 'running' | 'paused' | 'migrating' | 'arrived' | 'departed';

/** A finished call: its results, and for `serve` the response bytes (a copy). */
export interface CallResult {
  readonly results: WasmValue[];
  /** The response of `handle`, copied out of the agent's memory; `null` for other calls. */
  readonly response: Uint8Array | null;
}

/** The agent is leaving: the driver transfers the snapshot, then calls `depart()` or `stay(status)`. */
export interface MigratingOutcome {
  readonly kind: 'migrating';
  readonly mode: SnapshotKind;
  /** Who asked: the agent (`migrate`, `migrate_weak`) or the platform (`move`). */
  readonly initiator: 'agent' | 'platform';
  readonly destination: string;
  /** Valid until the agent runs again: its memories are views of the live memory. */
  readonly snapshot: Snapshot;
  /**
   * Per memory address, the 4 KiB chunks written since the agent's previous snapshot (the one it last produced
   * or was restored from): the `dirtyChunks` of `encodeDelta` against that snapshot.
   */
  readonly dirtyChunks: number[][];
  /** A weak migration leaves after its call returned: that call's result, delivered at the source. */
  readonly completed: CallResult | null;
}

/** How a step of driving an agent ended. */
export type AgentOutcome =
  | ({ readonly kind: 'done' } & CallResult)
  | { readonly kind: 'idle' }
  | { readonly kind: 'paused'; readonly reason: 'fuel' | 'interrupt' }
  | MigratingOutcome
  | { readonly kind: 'trapped'; readonly error: RuntimeError };

/** Options of every call that runs the agent. */
export interface StepOptions {
  /** Instructions to run before pausing (a slice); omitted = no limit. A checkpoint starts a new slice. */
  readonly fuel?: number;
}
