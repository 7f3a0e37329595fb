/**
 * What an agent sees of the node it runs on: the node's name, a log, and the platform's decisions about
 * migrations and checkpoints. This is host state: it is bound when an agent is loaded or restored and never
 * travels in a snapshot, so the same agent reports the destination's name after a move.
 * @module
 */
import type { Snapshot, SnapshotKind } from './snapshot-types.js';

/** An agent's request to move, as the platform's handler sees it. */
export interface MigrationRequest {
  readonly agentId: string;
  /** The destination as the agent named it (1–255 bytes of UTF-8). */
  readonly destination: string;
  /** `strong` from `migrate`, `weak` from `migrate_weak`. */
  readonly mode: SnapshotKind;
}

/** The node an agent runs on, as the ABI functions consult it. */
export interface AgentHost {
  /** This node's name, as `node_name` reports it (read at every call). */
  readonly nodeName: string;
  /** Receives each `log` line (invalid UTF-8 replaced by U+FFFD). Without it lines are dropped. */
  log?(line: string, agentId: string): void;
  /**
   * Decides on a `migrate` / `migrate_weak` call before any snapshot is taken: `0` lets the agent go (the
   * driver then gets a `migrating` outcome), a negative `AgentStatus` is returned to the agent at once.
   * Without it both calls return `UNSUPPORTED`.
   */
  authorizeMigration?(request: MigrationRequest): number;
  /**
   * Receives the strong snapshot of a `checkpoint` call and returns the status the agent gets (`0` or a negative
   * `AgentStatus`). The snapshot's memories are views of the live memory: encode or copy them before returning.
   * Without it `checkpoint` returns `UNSUPPORTED`.
   */
  checkpoint?(snapshot: Snapshot): number;
}
