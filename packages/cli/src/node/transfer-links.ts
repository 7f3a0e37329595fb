/**
 * The host's half of the transfer endpoint: each transfer connection gets a number, and its frames are piped
 * unchanged between the socket and the agent's enclave (`transfer-frame` ECALLs in, OCALLs out). The host holds
 * no key of the session: what it pipes is the clear handshake and AEAD ciphertext.
 * @module
 */
import type { Transport } from '@edgedancer/migration';
import type { EnclaveAgent } from './enclave-agent.js';

/** How long the pump waits for the next frame (the enclave's own per-message timeouts decide failures). */
const PUMP_WAIT_MS = 24 * 3600_000;
/**
 * Frames handed to the enclave and not yet taken: the pump reads the next frame while up to this many are in
 * flight (the enclave's pipe holds 64), so the socket keeps flowing; beyond it, the socket's own back-pressure
 * holds the sender.
 */
const PUMP_WINDOW = 16;

/** Hands the frame buffers the enclave gave back (`recycled` in its answer) to the transport to read into. */
function giveBack(transport: Transport, answer: unknown): void {
  const r = (answer as { recycled?: unknown } | null)?.recycled;
  if (!Array.isArray(r) || transport.recycle === undefined) return;
  for (const b of r) if (b instanceof Uint8Array) transport.recycle(b);
}

/** One piped connection. */
export interface TransferLink {
  readonly number: number;
  readonly transport: Transport;
  /** Closes the connection (the pump then tells the enclave). */
  close(): void;
}

/** The transfer connections of one node. */
export class TransferLinks {
  readonly #links = new Map<number, TransferLink>();
  #next = 1;

  /**
   * Opens a link and starts pumping frames from the socket into the enclave.
   * @param enclave - the agent's enclave
   * @param transport - the connection
   * @param first - a frame already read (an offer the host peeked at), pushed in first
   * @param number - a number from {@link TransferLinks.allocate} (default: a new one)
   * @returns the link
   */
  open(
    enclave: EnclaveAgent,
    transport: Transport,
    first?: Uint8Array,
    number: number = this.allocate(),
  ): TransferLink {
    let closed = false;
    const link: TransferLink = {
      number,
      transport,
      close: () => {
        if (closed) return;
        closed = true;
        this.#links.delete(number);
        transport.close();
      },
    };
    this.#links.set(number, link);
    void (async () => {
      try {
        if (first !== undefined) await enclave.frame(number, first);
        const inFlight: Promise<unknown>[] = [];
        let failed: unknown = null;
        for (;;) {
          const f = await transport.receive(PUMP_WAIT_MS);
          if (failed !== null) throw failed;
          inFlight.push(
            enclave.frame(number, f, true).then(
              (answer) => giveBack(transport, answer),
              (e: unknown) => {
                failed ??= e;
              },
            ),
          );
          while (inFlight.length >= PUMP_WINDOW) await inFlight.shift();
        }
      } catch {
        // the connection closed (or the enclave is gone): tell the enclave, forget the link
        await enclave.frame(number, null).catch(() => undefined);
        link.close();
      }
    })();
    return link;
  }

  /**
   * A number for a link opened later (the enclave must know it before the first frame is pushed).
   * @returns the number
   */
  allocate(): number {
    return this.#next++;
  }

  /**
   * Sends a frame the enclave gave out (`transfer-frame` OCALL).
   * @param number - the link
   * @param frame - the bytes
   * @returns whether the frame is written out already (its buffer may go back to the enclave)
   */
  async send(number: number, frame: Uint8Array): Promise<boolean> {
    const l = this.#links.get(number);
    if (l === undefined)
      throw Object.assign(new Error('the transfer connection is closed'), { code: 'connection-closed' });
    await l.transport.send(frame);
    return l.transport.written?.(frame) === true;
  }

  /**
   * The enclave closed its end (`transfer-close` OCALL).
   * @param number - the link
   */
  close(number: number): void {
    this.#links.get(number)?.close();
  }

  /**
   * A link by number.
   * @param number - the link
   * @returns it, or undefined once closed
   */
  get(number: number): TransferLink | undefined {
    return this.#links.get(number);
  }
}
