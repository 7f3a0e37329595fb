/**
 * The shapes the transfer protocol needs from the layers around it, declared here and satisfied structurally:
 * an attestation backend (`@edgedancer/enclave-sim`'s `AgentEnclave` is an {@link Attester}, its
 * `QuoteVerifier` a {@link Verifier}) and a message transport (`streamTransport` over a socket, or
 * `transportPair` in process). This package never imports the backend; the wiring lives in the CLI.
 * @module
 */

/** Produces a quote over 64 bytes of report data (a hash of a key and a nonce). */
export interface Attester {
  /**
   * @param reportData - exactly 64 bytes
   * @returns the quote, opaque to this package (an enclave that asks its platform's quoting service answers later)
   */
  quote(reportData: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

/**
 * Verifies a quote against a policy that includes the exact report data expected. Throws an error with a string
 * `code` when it refuses (the protocol reports it as `reason`).
 */
export interface Verifier<Policy extends object = object> {
  /**
   * @param quote - the peer's quote
   * @param policy - the caller's policy plus `reportData`
   * @returns anything (ignored); refusing means throwing
   */
  verify(quote: Uint8Array, policy: Policy & { readonly reportData: Uint8Array }): unknown;
}

/** What one side of a transfer proves and accepts. */
export interface AttestationEndpoint<Policy extends object = object> {
  /** Quotes about this side's enclave. */
  readonly attester: Attester;
  /** Checks the peer's quotes. */
  readonly verifier: Verifier<Policy>;
  /** What this side accepts of the peer (measurement or signer, SVN, debug); `reportData` is added. */
  readonly policy: Policy;
}

/** An ordered, reliable channel of whole messages (frames), for example one TCP connection. */
export interface Transport {
  /**
   * Sends one frame; resolves when it has been handed to the network (back-pressure honoured; a transport may
   * pipeline a bounded number of frames and may take the frame's buffer: the caller does not use it again).
   * @throws TransferError `connection-closed`
   */
  send(frame: Uint8Array): Promise<void>;
  /**
   * The next frame.
   * @param timeoutMs - how long to wait
   * @throws TransferError `timeout`, `connection-closed`, `frame-too-large`
   */
  receive(timeoutMs: number): Promise<Uint8Array>;
  /**
   * The receiver is done with a frame `receive` gave it: the transport may reuse its buffer for a later frame
   * (a stream of large frames then takes no fresh memory per frame). Optional; the caller never touches the
   * frame again.
   */
  recycle?(frame: Uint8Array): void;
  /**
   * A buffer of exactly `size` bytes to build the next frame to send in (one given back after an earlier frame
   * was written), or undefined (then the sender makes a new one). Optional.
   */
  frameBuffer?(size: number): Uint8Array | undefined;
  /**
   * Whether a frame `send` took is written out already, so that its buffer may be reused (for example given
   * back to the enclave that built it). Optional; false when unknown.
   */
  written?(frame: Uint8Array): boolean;
  /** Closes the channel; pending and later receives fail with `connection-closed`. */
  close(): void;
}
