/**
 * What crosses the boundary between the host and the trusted runtime: the ECALL and OCALL names and the shapes
 * of their payloads, shared by the image (`agent-runtime.ts`) and the host (`node/enclave-agent.ts`). Every
 * payload is bytes, numbers, strings or booleans; no ECALL returns an agent's plaintext state, a session key
 * or a sealing key (`docs/enclave-model.md` lists each one with what crosses it).
 * @module
 */

/** How one step of running the agent ended, as the host sees it. */
export type StepResult =
  /** `sealed`: the response is a user-channel `RESPONSE` for the client (the request was sealed). */
  | { readonly kind: 'done'; readonly response: Uint8Array; readonly sealed: boolean }
  | { readonly kind: 'idle' }
  | { readonly kind: 'paused' }
  /** A trap; for a sealed request, `response` is the sealed `agent-error` answer for the client. */
  | { readonly kind: 'trapped'; readonly message: string; readonly response?: Uint8Array }
  /** The agent asked to move itself; the host drives the transfer (`send` ECALL with `frozen`). */
  | {
      readonly kind: 'migrating';
      readonly destination: string;
      readonly completed: Uint8Array | null;
      readonly sealed: boolean;
    };

/** What the host learns of a finished outgoing transfer (numbers, no key). */
export interface SendResult {
  readonly ok: boolean;
  /** On failure: the code and reason; the agent continues here from `step`. */
  readonly code?: string;
  readonly reason?: string;
  readonly step?: StepResult;
  /** On success: the protocol's report (times, bytes, counter as a decimal string, session id). */
  readonly report?: Record<string, unknown>;
}

/** What the host learns of a finished incoming transfer. */
export interface ReceiveResult {
  readonly outcome: 'resumed' | 'in-doubt' | 'refused';
  readonly agentId: string;
  readonly counter?: string;
  /** The session (to settle an agent held in doubt with its source). */
  readonly sessionId?: string;
  /** For an agent held in doubt: the proof with which this node asks the source for its decision. */
  readonly settleProof?: string;
  readonly confirmed?: boolean;
  readonly code?: string;
  readonly reason?: string;
  /** The refusal's message (never secret bytes). */
  readonly message?: string;
}

/** ECALL names. */
export const Ecall = {
  deploy: 'deploy',
  restore: 'restore',
  restorePart: 'restore-part',
  reviveHeld: 'revive-held',
  arrive: 'arrive',
  serve: 'serve',
  continue: 'continue',
  persist: 'persist',
  persistPart: 'persist-part',
  status: 'status',
  setPeers: 'set-peers',
  send: 'send',
  receive: 'receive',
  transferFrame: 'transfer-frame',
  settle: 'settle',
  resumedToken: 'resumed-token',
  attest: 'attest',
  stay: 'stay',
  abandon: 'abandon',
  retire: 'retire',
} as const;

/** OCALL names. */
export const Ocall = {
  log: 'log',
  quote: 'quote',
  transferFrame: 'transfer-frame',
  transferClose: 'transfer-close',
  freeze: 'freeze',
  progress: 'progress',
  peerPlatform: 'peer-platform',
  peerAttested: 'peer-attested',
  decision: 'decision',
  heldRound: 'held-round',
  held: 'held',
  resumed: 'resumed',
  discarded: 'discarded',
} as const;
