/**
 * Migration counters seen per agent: the check that makes a replayed or forked snapshot unusable. A node keeps
 * one `MigrationCounters` (persisted with `entries()`) and accepts a snapshot only if its counter is above every
 * counter it has seen for that agent, including those of snapshots it sent away.
 * @module
 */
import { AgentError } from './agent-errors.js';

/** The highest migration counter seen per agent id. */
export class MigrationCounters {
  readonly #last = new Map<string, bigint>();

  /**
   * @param entries counters to start from, as `entries()` gave them
   * @throws {TypeError} if an entry is not a string and a bigint
   */
  constructor(entries: Iterable<readonly [string, bigint]> = []) {
    for (const [id, counter] of entries) {
      if (typeof id !== 'string' || typeof counter !== 'bigint')
        throw new TypeError('entries must be [string, bigint]');
      this.record(id, counter);
    }
  }

  /** The highest counter seen for `agentId`, or `undefined`. */
  last(agentId: string): bigint | undefined {
    return this.#last.get(agentId);
  }

  /**
   * Throws unless `counter` is above every counter seen for `agentId`.
   * @throws {AgentError} `replayed-snapshot`
   */
  check(agentId: string, counter: bigint): void {
    const last = this.#last.get(agentId);
    if (last !== undefined && counter <= last) {
      throw new AgentError('replayed-snapshot', `migration counter ${counter} of agent is not above ${last}`);
    }
  }

  /**
   * Checks `counter` and records it: a second call with the same counter fails.
   * @throws {AgentError} `replayed-snapshot`
   * @example
   * counters.accept(snap.agentId, snap.migrationCounter); // before resuming the agent
   */
  accept(agentId: string, counter: bigint): void {
    this.check(agentId, counter);
    this.#last.set(agentId, counter);
  }

  /**
   * Records `counter` as seen if it is higher than what is known (for example a snapshot this node sent away),
   * without failing on a lower one.
   */
  record(agentId: string, counter: bigint): void {
    const last = this.#last.get(agentId);
    if (last === undefined || counter > last) this.#last.set(agentId, counter);
  }

  /** Every agent id with its highest counter, for persistence. */
  entries(): [string, bigint][] {
    return [...this.#last];
  }
}
