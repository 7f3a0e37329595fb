/**
 * The agent runtime's own host section, `edgedancer.agent`: what the platform needs besides the store and the
 * execution to finish an agent's call on another node (whether the running call is a request whose response
 * must be read from memory). Nothing about the node travels in it.
 * @module
 */
import { AgentError } from './agent-errors.js';
import type { HostSection } from './snapshot-types.js';

/** Name of the host section. */
export const AGENT_SECTION_NAME = 'edgedancer.agent';

/** Version of its contents. */
export const AGENT_SECTION_VERSION = 1;

/** What the agent's running call is: nothing (weak snapshots), an export invoked by the platform, or `handle`. */
export const CallKind = { None: 0, Invoke: 1, Handle: 2 } as const;
export type CallKind = (typeof CallKind)[keyof typeof CallKind];

/**
 * The section for a snapshot.
 * @param call the kind of the running call (`None` when nothing runs)
 */
export function agentSection(call: CallKind): HostSection {
  return { name: AGENT_SECTION_NAME, version: AGENT_SECTION_VERSION, bytes: Uint8Array.of(call) };
}

/**
 * Reads the section from a snapshot's host sections.
 * @param strong whether the snapshot carries an execution (then the call kind must not be `None`, and otherwise must be)
 * @throws {AgentError} `bad-snapshot` when it is absent, of another version, or malformed
 */
export function readAgentSection(sections: readonly HostSection[], strong: boolean): CallKind {
  const s = sections.find((h) => h.name === AGENT_SECTION_NAME);
  if (s === undefined) throw new AgentError('bad-snapshot', `no ${AGENT_SECTION_NAME} host section`);
  if (s.version !== AGENT_SECTION_VERSION)
    throw new AgentError('bad-snapshot', `${AGENT_SECTION_NAME} version ${s.version}`);
  const call = s.bytes.length === 1 ? s.bytes[0]! : -1;
  const valid = strong ? call === CallKind.Invoke || call === CallKind.Handle : call === CallKind.None;
  if (!valid)
    throw new AgentError('bad-snapshot', `${AGENT_SECTION_NAME} does not fit a ${strong ? 'strong' : 'weak'} snapshot`);
  return call as CallKind;
}
