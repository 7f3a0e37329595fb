/**
 * Points where a test can make a node misbehave from outside, given to {@link EdgeNode.open} as an option:
 * wrappers of the transports of moves, what an arriving agent's enclave quotes, and callbacks at the steps of a
 * hand-over. A node started normally has none; the product paths call them only when given.
 * @module
 */
import type { AgentEnclave } from '@edgedancer/enclave-sim';
import type { MigratingOutcome, SourceDecision, Transport } from '@edgedancer/migration';
import type { RuntimeApi } from './agent-enclave-build.js';
import type { HostedAgent } from './hosted-agent.js';

/** Hooks of a node (each optional). */
export interface NodeHooks {
  /** Wraps the transport of an outgoing move. */
  readonly sourceTransport?: (t: Transport) => Transport;
  /** Wraps the transport of an incoming move. */
  readonly destinationTransport?: (t: Transport) => Transport;
  /** The source recorded its decision; before it is sent on `transport` (the wrapped one). */
  readonly afterDecision?: (d: SourceDecision, transport: Transport) => void | Promise<void>;
  /** The destination recorded the held agent; before `Ready` is sent on `transport` (the wrapped one). */
  readonly afterHeld?: (transport: Transport) => void | Promise<void>;
  /** The enclave an arriving agent gets (default: the one its manifest describes). */
  readonly arrivalEnclave?: (module: Uint8Array, manifest: Uint8Array) => { enclave: AgentEnclave; runtime: RuntimeApi };
  /** What quotes for an arriving agent (default: its enclave). */
  readonly arrivalAttester?: (enclave: AgentEnclave) => { quote(reportData: Uint8Array): Uint8Array };
  /** Called before an arriving agent is restored; may throw to refuse. */
  readonly beforeRestore?: (agentId: string) => void;
  /** An outgoing move starts (`frozen`: the agent's own request to move, else `null`). */
  readonly moveStarts?: (runner: HostedAgent, frozen: MigratingOutcome | null) => void;
  /** An outgoing move committed: the agent is at `url` (peer `to`). */
  readonly moved?: (runner: HostedAgent, url: string, to: string) => void;
}
