/**
 * Building an agent's snapshot from its live store and execution, and checking on the receiving side that a
 * snapshot is an agent's and fits the module before anything is built.
 * @module
 */
import type { Execution, Store, StoreState } from '@edgedancer/interpreter';
import { abiHostName } from './agent-abi.js';
import { AgentError } from './agent-errors.js';
import { agentSection, CallKind, readAgentSection } from './agent-section.js';
import { fail } from './errors.js';
import type { HostSection, Snapshot } from './snapshot-types.js';
import { hostFuncAt } from './store-check.js';

/** What an agent's snapshot is made of. */
export interface SnapshotParts {
  readonly agentId: string;
  readonly migrationCounter: bigint;
  readonly moduleHash: Uint8Array;
  readonly store: Store;
  /** The suspended execution for a strong snapshot, `null` for a weak one. */
  readonly execution: Execution | null;
  readonly call: CallKind;
  /** Copy the memories instead of viewing the live ones (for a snapshot kept while the agent runs on). */
  readonly copyMemory: boolean;
  /** Host modules' sections, carried after the runtime's own. */
  readonly hostSections?: readonly HostSection[];
}

/** Captures an agent into a `Snapshot`. Without `copyMemory` it is valid until the agent runs again. */
export function captureAgent(p: SnapshotParts): Snapshot {
  const live = p.store.capture();
  const store: StoreState = p.copyMemory
    ? { ...live, mems: live.mems.map((m) => ({ type: m.type, bytes: m.bytes.slice() })) }
    : live;
  return {
    agentId: p.agentId,
    migrationCounter: p.migrationCounter,
    kind: p.execution === null ? 'weak' : 'strong',
    moduleHashes: [p.moduleHash],
    store,
    execution: p.execution === null ? null : p.execution.capture(),
    hostSections: [agentSection(p.execution === null ? CallKind.None : p.call), ...(p.hostSections ?? [])],
  };
}

/**
 * How a restored agent starts: complete a pending `migrate` (status OK) or `checkpoint` (status RESTORED),
 * continue a call paused by the platform, or re-enter at `on_arrival` (weak).
 */
export type Arrival = 'migrate' | 'checkpoint' | 'continue' | 'weak';

/**
 * Checks that a decoded snapshot is an agent's, bound to `moduleHash`, and says how it starts.
 * @throws {SnapshotError} `module-mismatch`, `agent-mismatch`
 * @throws {AgentError} `bad-snapshot`
 */
export function checkAgentSnapshot(
  snap: Snapshot,
  moduleHash: Uint8Array,
  agentId?: string,
): { call: CallKind; arrival: Arrival } {
  const h = snap.moduleHashes;
  if (h.length !== 1 || h[0]!.length !== moduleHash.length || !h[0]!.every((b, i) => b === moduleHash[i])) {
    fail('module-mismatch', 'the snapshot is bound to another module');
  }
  if (agentId !== undefined && snap.agentId !== agentId) fail('agent-mismatch', 'the snapshot is of another agent');
  if (snap.store.moduleCount !== 1 || snap.store.instances.length !== 1) {
    throw new AgentError('bad-snapshot', 'an agent snapshot holds exactly one instance of one module');
  }
  const call = readAgentSection(snap.hostSections, snap.execution !== null);
  const e = snap.execution;
  if (e === null) return { call, arrival: 'weak' };
  if (e.reason !== 'host') return { call, arrival: 'continue' };
  const name = (e.pendingCall === null ? undefined : hostFuncAt(snap.store, e.pendingCall))?.name ?? '';
  if (name === abiHostName('migrate')) return { call, arrival: 'migrate' };
  if (name === abiHostName('checkpoint')) return { call, arrival: 'checkpoint' };
  throw new AgentError('bad-snapshot', 'the pending call is neither migrate nor checkpoint');
}
