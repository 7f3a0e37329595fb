/**
 * Points where a test can make a node misbehave from outside, given to {@link EdgeNode.open} as an option:
 * wrappers of the transports of moves, the build an arriving agent's enclave is launched from, what the host
 * hands back for a QUOTE, callbacks at the steps of a hand-over, and a tap on every enclave's boundary. A node
 * started normally has none; the product paths call them only when given. Each is something a host can do:
 * none reaches inside an enclave.
 * @module
 */
import type { BoundaryTap } from '@edgedancer/enclave-sim';
import type { Transport } from '@edgedancer/migration';
import type { HostedAgent } from './hosted-agent.js';

/** The source's decision as its host records it (the token proves the decision; it is no key). */
export interface DecisionRecord {
  readonly outcome: 'commit' | 'abort';
  readonly sessionId: string;
  readonly agentId: string;
  readonly counter: string;
  readonly token: Uint8Array;
  /** Hex SHA-256 of the `resumed` token that settles a commit. */
  readonly ackHash?: string;
  /** Hex SHA-256 of the proof the destination presents when it asks for this decision. */
  readonly askHash?: string;
}

/** Hooks of a node (each optional). */
export interface NodeHooks {
  /** Wraps the transport of an outgoing move. */
  readonly sourceTransport?: (t: Transport) => Transport;
  /** Wraps the transport of an incoming move. */
  readonly destinationTransport?: (t: Transport) => Transport;
  /** The source recorded its decision; before it is sent on `transport` (the wrapped one). */
  readonly afterDecision?: (d: DecisionRecord, transport: Transport) => void | Promise<void>;
  /** The destination recorded the held agent; before `Ready` is sent on `transport` (the wrapped one). */
  readonly afterHeld?: (transport: Transport) => void | Promise<void>;
  /** The enclave reports the held agent; throwing refuses it (the enclave answers `restore-failed`). */
  readonly beforeHold?: (agentId: string) => void;
  /** The build an arriving agent's enclave is launched from (default: this node's image and the offered manifest). */
  readonly arrivalBuild?: (module: Uint8Array, manifest: Uint8Array) => { image?: Uint8Array; manifest: Uint8Array };
  /** What the host hands an enclave for its QUOTE request (default: the platform's quote). */
  readonly quote?: (quote: Uint8Array) => Uint8Array;
  /** Sees every message crossing every enclave's boundary on this node. */
  readonly tap?: BoundaryTap;
  /** An outgoing move committed: the agent is at `url` (peer `to`). */
  readonly moved?: (runner: HostedAgent, url: string, to: string) => void;
}
