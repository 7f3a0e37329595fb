/**
 * The host's side of one agent's enclave: typed ECALLs over the platform's enclave handle, and the OCALLs the
 * enclave makes routed to the node. Everything here is what an untrusted host may see: step results, sealed
 * records, transfer frames (clear handshake, AEAD ciphertext), decision tokens, quotes.
 * @module
 */
import { Ecall, type ReceiveResult, type SendResult, type StepResult } from '../enclave/boundary-types.js';

/** The platform's handle on a running enclave, as this module uses it (`EnclaveHandle` of enclave-sim). */
export interface EnclaveHandleLike {
  readonly identity: { readonly mrEnclave: Uint8Array; readonly mrSigner: Uint8Array; readonly isvSvn: number };
  ecall(name: string, payload?: unknown, transfer?: readonly ArrayBuffer[]): Promise<unknown>;
  onOcall(handler: (name: string, payload: unknown) => unknown): void;
  /** Marks bytes of an OCALL's answer to move into the enclave (not copied); unusable here afterwards. */
  handOver(bytes: Uint8Array): Uint8Array;
  terminate(): Promise<void>;
}

/** Where the node wants an agent: its name and the peers the agent may ask to move to. */
export interface Placement {
  readonly nodeName: string;
  readonly peers: readonly string[];
  /** The node's memory page cap (applied inside). */
  readonly maxMemoryPages?: number;
}

/** One agent's enclave, from the host. */
export class EnclaveAgent {
  #terminated = false;
  readonly #onTerminate: (() => void)[] = [];
  /** Told each ECALL's name and wall time (ms) when it returns or fails (the node's status shows them). */
  timing: ((ecall: string, ms: number) => void) | null = null;

  /**
   * @param handle - the platform's handle
   * @param plain - whether the agent's manifest allows plain requests (its measured configuration says so)
   */
  constructor(
    readonly handle: EnclaveHandleLike,
    readonly plain: boolean,
  ) {}

  /** `mrEnclave` of the enclave. */
  get mrEnclave(): Uint8Array {
    return this.handle.identity.mrEnclave;
  }

  /** Calls ECALL `name`, timing it when {@link timing} is set. */
  #call(name: string, payload: unknown, transfer?: readonly ArrayBuffer[]): Promise<unknown> {
    const timing = this.timing;
    if (timing === null) return this.handle.ecall(name, payload, transfer);
    const t0 = performance.now();
    const done = (): void => timing(name, performance.now() - t0);
    const p = this.handle.ecall(name, payload, transfer);
    p.then(done, done);
    return p;
  }

  /** Sets the OCALL handler. */
  onOcall(handler: (name: string, payload: unknown) => unknown): void {
    this.handle.onOcall(handler);
  }

  /** A new agent (its `init` runs). */
  deploy(agentId: string, at: Placement, fuel = 100_000_000): Promise<StepResult> {
    return this.#call(Ecall.deploy, { agentId, ...at, fuel }) as Promise<StepResult>;
  }

  /**
   * The agent from its sealed state (refused if it is not this copy's latest record): its parts handed in one
   * ECALL each, as they come, then the restore.
   * @param parts - the sealed parts in order (read from the state file one at a time)
   * @param move - move each part's buffer into the enclave instead of copying it (a part that spans all of its
   *   buffer; the caller gives the parts up)
   * @throws the enclave's refusal; `bad-sealed-state` when the file does not split into parts
   */
  async restore(
    agentId: string,
    parts: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
    at: Placement,
    move = false,
  ): Promise<{ counter: string }> {
    for await (const part of parts)
      await this.#call(
        Ecall.restorePart,
        { agentId, sealed: part },
        move && wholeBuffer(part) ? [part.buffer] : undefined,
      );
    return (await this.#call(Ecall.restore, { agentId, ...at })) as { counter: string };
  }

  /** An agent held in doubt before a restart, from its sealed rounds and settlement. */
  reviveHeld(
    agentId: string,
    rounds: Uint8Array[],
    settlement: Uint8Array,
    at: Placement,
  ): Promise<{ sessionId: string; counter: string; from: string; relayId: string; settleProof: string }> {
    return this.#call(Ecall.reviveHeld, { agentId, rounds, settlement, ...at }) as Promise<{
      sessionId: string;
      counter: string;
      from: string;
      relayId: string;
      settleProof: string;
    }>;
  }

  /** Starts a restored agent. */
  arrive(fuel: number): Promise<StepResult> {
    return this.#call(Ecall.arrive, { fuel }) as Promise<StepResult>;
  }

  /** A request (one slice): `sealed` for a user-channel `REQUEST`, else plain (if the manifest allows it). */
  serve(request: Uint8Array, sealed: boolean, fuel: number): Promise<StepResult> {
    return this.#call(Ecall.serve, { request, sealed, fuel }) as Promise<StepResult>;
  }

  /** The next slice. */
  continue(fuel: number): Promise<StepResult> {
    return this.#call(Ecall.continue, { fuel }) as Promise<StepResult>;
  }

  /**
   * The idle agent's state, sealed and counter-bound (null when not idle): its parts taken one ECALL each (the
   * agent serves requests in between), as the enclave handed them out (never joined: the state file is written
   * from them as they are).
   */
  async persist(): Promise<{ parts: Uint8Array[]; counter: string } | null> {
    const first = (await this.#call(Ecall.persist, {})) as {
      sealed: Uint8Array;
      parts: number;
      value: number;
      counter: string;
    } | null;
    if (first === null) return null;
    const parts = [first.sealed];
    for (let index = 1; index < first.parts; index++)
      parts.push(
        ((await this.#call(Ecall.persistPart, { value: first.value, index })) as { sealed: Uint8Array }).sealed,
      );
    return { parts, counter: first.counter };
  }

  /** The peers the agent may ask to move to (after an operator added one). */
  async setPeers(peers: readonly string[]): Promise<void> {
    await this.#call(Ecall.setPeers, { peers: [...peers] });
  }

  /** What the host may know of the agent. */
  status(): Promise<{ state: string; counter: string; memoryBytes: number }> {
    return this.#call(Ecall.status, {}) as Promise<{ state: string; counter: string; memoryBytes: number }>;
  }

  /** Moves the agent over the host's connection `transfer`. */
  send(options: {
    transfer: number;
    destination: string;
    pin: string | null;
    precopy: boolean;
    timeoutMs: number;
    meta: Record<string, unknown>;
  }): Promise<SendResult> {
    return this.#call(Ecall.send, options) as Promise<SendResult>;
  }

  /** Takes an agent arriving on the host's connection `transfer`. */
  receive(
    options: { transfer: number; agentId: string; timeoutMs: number; lastCounter: string | null } & Placement,
  ): Promise<ReceiveResult> {
    return this.#call(Ecall.receive, options) as Promise<ReceiveResult>;
  }

  /**
   * A frame read from connection `transfer` (`null`: it closed).
   * @param move - move the frame's buffer into the enclave instead of copying it (when the frame spans all of it)
   */
  frame(transfer: number, frame: Uint8Array | null, move = false): Promise<unknown> {
    const whole = move && frame !== null && wholeBuffer(frame);
    return this.#call(Ecall.transferFrame, { transfer, frame }, whole ? [frame.buffer] : undefined);
  }

  /** The source's answer about a held agent. */
  settle(outcome: string, token: Uint8Array): Promise<{ settled: 'commit' | 'abort' | null }> {
    return this.#call(Ecall.settle, { outcome, token }) as Promise<{ settled: 'commit' | 'abort' | null }>;
  }

  /** The token that tells the source the agent resumed here. */
  resumedToken(): Promise<{ sessionId: string; token: Uint8Array }> {
    return this.#call(Ecall.resumedToken, {}) as Promise<{ sessionId: string; token: Uint8Array }>;
  }

  /** The agent's own move could not start: it stays (its `migrate` answers `FAILED`). */
  stay(): Promise<StepResult> {
    return this.#call(Ecall.stay, {}) as Promise<StepResult>;
  }

  /**
   * Ends the paused call as a trap would (its fuel or time limit ran out here); the agent serves the next one.
   * @param reason - the trap's message
   * @returns the step
   */
  abandon(reason: string): Promise<StepResult> {
    return this.#call(Ecall.abandon, { reason }) as Promise<StepResult>;
  }

  /**
   * This copy of the agent ends here (stopped by the operator, or a failed deploy): its enclave destroys its
   * platform counter. Call {@link terminate} next.
   */
  async retire(): Promise<void> {
    if (!this.#terminated) await this.#call(Ecall.retire, {});
  }

  /** The agent attestation (a quote over its channel key, id and module hash). */
  async attest(): Promise<Uint8Array> {
    return ((await this.#call(Ecall.attest, {})) as { attestation: Uint8Array }).attestation;
  }

  /** Calls `f` when the enclave is terminated. */
  onTerminate(f: () => void): void {
    this.#onTerminate.push(f);
  }

  /** Ends the enclave (idempotent). */
  async terminate(): Promise<void> {
    if (this.#terminated) return;
    this.#terminated = true;
    for (const f of this.#onTerminate.splice(0)) f();
    await this.handle.terminate().catch(() => undefined);
  }
}

/** Whether `b` spans all of a (non-shared, non-empty) buffer of its own, which can then be moved to the enclave. */
function wholeBuffer(b: Uint8Array): b is Uint8Array<ArrayBuffer> {
  return (
    b.byteOffset === 0 && b.byteLength > 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer
  );
}
