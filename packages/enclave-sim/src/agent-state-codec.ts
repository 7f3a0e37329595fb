/**
 * The plaintext form of a persisted agent, used only inside the enclave between capture and sealing (and
 * between unsealing and restore): the interpreter's captured store, the suspended execution if any, and the
 * agent's instance address. Encoded with `node:v8`'s structured serialization; the sealed blob around it is
 * what authenticates it, so decoding only ever sees bytes this enclave identity produced.
 * @module
 */
import { deserialize, serialize } from 'node:v8';
import type { ExecutionState, StoreState } from '@edgedancer/interpreter';
import { EnclaveError } from './errors.js';
import { ascii } from './layout.js';

/** Associated data of every persisted-agent blob: says what the blob is. */
export const AGENT_STATE_AAD = ascii('edgedancer-enclave-sim/agent-state/v1');

/** A captured agent. */
export interface AgentState {
  readonly store: StoreState;
  readonly execution: ExecutionState | null;
  readonly instanceAddr: number;
}

/**
 * Encodes a captured agent.
 * @param state - the capture
 * @returns bytes
 */
export function encodeAgentState(state: AgentState): Uint8Array {
  const buf = serialize({ format: 1, ...state });
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
}

/**
 * Decodes a captured agent.
 * @param bytes - what {@link encodeAgentState} produced
 * @returns the capture; its typed arrays may be views of `bytes`, so `bytes` must not be reused
 * @throws EnclaveError `malformed`
 */
export function decodeAgentState(bytes: Uint8Array): AgentState {
  let v: unknown;
  try {
    v = deserialize(bytes);
  } catch {
    throw new EnclaveError('malformed', 'agent state does not decode');
  }
  const o = v as { format?: unknown; store?: unknown; execution?: unknown; instanceAddr?: unknown };
  if (typeof v !== 'object' || v === null || o.format !== 1 || typeof o.store !== 'object' || o.store === null || typeof o.instanceAddr !== 'number') {
    throw new EnclaveError('malformed', 'agent state has the wrong shape');
  }
  return { store: o.store as StoreState, execution: (o.execution ?? null) as ExecutionState | null, instanceAddr: o.instanceAddr };
}
