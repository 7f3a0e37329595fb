/**
 * A {@link LiveSource} over an `Agent`: pre-copy captures between slices, the stop by `move` (or the outcome of
 * the agent's own `migrate`), `depart` on commit, `stay` on failure. The driver keeps scheduling the agent's
 * slices and requests between rounds and stops doing so when `freeze` is called.
 * @module
 */
import type { Agent } from '../agent.js';
import type { MigrationCounters } from '../agent-counters.js';
import type { AgentOutcome, MigratingOutcome } from '../agent-outcome.js';
import type { CapturedState, LiveSource } from './send-agent.js';
import type { TransferError } from './transfer-errors.js';

/** Options of {@link agentSource}. */
export interface AgentSourceOptions {
  /** The destination's name, for `move`. */
  readonly destination: string;
  /** The agent already stopped itself (`migrate` / `migrate_weak`): no pre-copy, this is the final state. */
  readonly frozen?: MigratingOutcome;
  /** Pre-copy while the agent runs (default true; ignored with `frozen`). */
  readonly precopy?: boolean;
  /** Waits until the driver has stopped running the agent (no slice in flight, requests held). */
  readonly stop?: () => Promise<void> | void;
  /** This node's counters: the counter of the snapshot sent away is recorded on commit. */
  readonly counters?: MigrationCounters;
  /** Called after `depart`. */
  readonly onCommit?: () => void;
  /** Called after `stay`, with its outcome (the driver continues the agent from it). */
  readonly onAbort?: (outcome: AgentOutcome, error: TransferError) => void;
}

/**
 * Wraps an agent for `sendAgent`.
 * @param agent - the agent (idle, paused, or migrating when `frozen` is given)
 * @param options - destination, stop hook, counters, callbacks
 * @returns the live source
 */
export function agentSource(agent: Agent, options: AgentSourceOptions): LiveSource {
  let frozen: MigratingOutcome | null = options.frozen ?? null;
  const source: LiveSource = {
    async freeze(): Promise<CapturedState> {
      if (frozen === null) {
        await options.stop?.();
        frozen = agent.move(options.destination);
      }
      return { snapshot: frozen.snapshot, dirtyChunks: frozen.dirtyChunks };
    },
    commit() {
      const counter = frozen!.snapshot.migrationCounter;
      agent.depart();
      options.counters?.record(frozen!.snapshot.agentId, counter);
      options.onCommit?.();
    },
    abort(error) {
      if (agent.state !== 'migrating') return;
      const out = agent.stay();
      options.onAbort?.(out, error);
    },
  };
  if (frozen === null && options.precopy !== false) {
    return {
      ...source,
      precopy(): CapturedState {
        const dirtyChunks = agent.dirtyChunks();
        // views the live memories: sendAgent encodes the round and copies what it keeps before the agent runs on
        return { snapshot: agent.capture(), dirtyChunks };
      },
    };
  }
  return source;
}
