/**
 * What a transfer measured, on either side.
 * @module
 */

/** How the state travelled. */
export type TransferMode = 'pre-copy' | 'stop-and-copy';

/** The source's account of one migration. All times in milliseconds. */
export interface TransferReport {
  readonly agentId: string;
  readonly mode: TransferMode;
  /** `weak` or `strong`: what the final snapshot carried. */
  readonly kind: 'weak' | 'strong';
  /** Rounds sent: the first full snapshot, the deltas while running, the last one after the stop. */
  readonly rounds: number;
  /** Whether the module travelled (the destination lacked it). */
  readonly moduleSent: boolean;
  /** Bytes written to and read from the connection, framing included (the handshake's are estimated from its messages). */
  readonly bytesSent: number;
  readonly bytesReceived: number;
  /** Snapshot bytes per round (before encryption). */
  readonly roundBytes: readonly number[];
  /** First message to the destination's confirmation. */
  readonly totalMs: number;
  /** Agent stopped at the source until the destination resumed it (the source's view: freeze → `Resumed`). */
  readonly downtimeMs: number;
  /** Where the downtime went, phase by phase (they add up to `downtimeMs`). */
  readonly downtimePhases?: DowntimePhases;
  /** Handshake: offer, module, quotes, verification, keys. */
  readonly attestationMs: number;
  /** Capturing and encoding snapshots and deltas at the source. */
  readonly captureMs: number;
  /** AEAD sealing at the source. */
  readonly sealMs: number;
  /** Time on the wire: total minus the others measured here. */
  readonly transferMs: number;
  /** Decoding, checking and restoring at the destination (its own report). */
  readonly restoreMs: number;
  /** The migration counter of the final snapshot. */
  readonly counter: bigint;
  /**
   * Whether the destination confirmed (`Resumed`) in this session. `false`: committed, but the connection broke
   * after the decision; the destination resumes once it settles with the commit token (times then stop at the break).
   */
  readonly settled: boolean;
  /** The session's id (settlement requests name it). */
  readonly sessionId: string;
}

/**
 * The source's downtime split at its steps (ms): `stop` (the agent stopped and its final state captured),
 * `encode` (the final delta or snapshot encoded), `send` (its chunks sealed and handed to the connection),
 * `ready` (until the destination's `Ready`: it applied the round, restored the agent and recorded it held),
 * `decide` (the commit decision recorded), `resume` (`Commit` sent until `Resumed` arrived).
 */
export interface DowntimePhases {
  stop: number;
  encode: number;
  send: number;
  ready: number;
  decide: number;
  resume: number;
  /**
   * The destination's part of `ready`, as it reports it: the final round applied (and recorded), the agent
   * restored, the held state recorded (numbers it chose to send; informative only).
   */
  destination?: { apply: number; restore: number; held: number };
}
