/**
 * The error of the agent runtime. Callers branch on `code`, never on the message. Snapshot decoding keeps its
 * own `SnapshotError` (a wrong module hash is its `module-mismatch`).
 * @module
 */

/**
 * Why an agent could not be loaded, restored or driven.
 * - `bad-import`: the module imports something other than a function of the `edgedancer` ABI, or with another type
 * - `bad-export`: an ABI export (`memory`, `init`, `alloc`, `handle`, `on_arrival`) has the wrong kind or type
 * - `missing-export`: an export the requested operation needs is absent
 * - `abi-violation`: `alloc` did not return in time, or a range `alloc` or `handle` returned is outside memory
 * - `request-refused`: `alloc` returned 0: the agent cannot take a request of that size
 * - `bad-snapshot`: the snapshot is not of an agent (no valid `edgedancer.agent` host section, or a store that
 *   is not exactly one agent instance)
 * - `replayed-snapshot`: a snapshot whose migration counter is not above the last one seen for its agent
 */
export type AgentErrorCode =
  | 'bad-import'
  | 'bad-export'
  | 'missing-export'
  | 'abi-violation'
  | 'request-refused'
  | 'bad-snapshot'
  | 'replayed-snapshot';

/**
 * An agent failed to load, restore or follow the ABI. Never carries memory contents in its message.
 * @example
 * try { Agent.restore(bytes, wasm, host, { counters }); }
 * catch (e) { if (e instanceof AgentError && e.code === 'replayed-snapshot') … }
 */
export class AgentError extends Error {
  override name = 'AgentError';
  /** What went wrong, machine-readable. */
  readonly code: AgentErrorCode;
  /**
   * @param code what went wrong
   * @param detail a short description for humans
   * @param options the error this one wraps, if any
   */
  constructor(code: AgentErrorCode, detail: string, options?: { cause?: unknown }) {
    super(`${code}: ${detail}`, options);
    this.code = code;
  }
}
