/**
 * A transfer connection as the enclave sees it: frames it sends leave as `transfer-frame` OCALLs (the host
 * writes them to the socket), frames the host reads from the socket come in as `transfer-frame` ECALLs. The
 * host sees exactly what travels on the wire: the clear handshake and the AEAD ciphertext.
 * @module
 */
import { TransferError, type Transport } from '@edgedancer/migration';
import type { Inside } from './inside.js';

/** The most frames queued inside before the host must wait (bounds the enclave's memory). */
const MAX_QUEUED = 64;

/** One transfer's pipe. */
export class FramePipe implements Transport {
  readonly #queue: Uint8Array[] = [];
  #waiter: ((f: Uint8Array | null) => void) | null = null;
  #closed = false;

  /**
   * @param inside - the CPU (for the OCALLs)
   * @param transfer - the host's number for this connection
   */
  constructor(readonly inside: Inside, readonly transfer: number) {}

  /**
   * A frame from the host (`null`: the connection closed).
   * @param frame - the bytes
   * @throws TransferError `protocol-violation` when the host pushes more than the pipe holds
   */
  push(frame: Uint8Array | null): void {
    if (this.#closed) return;
    if (frame === null) {
      this.#closed = true;
      this.#waiter?.(null);
      this.#waiter = null;
      return;
    }
    const w = this.#waiter;
    if (w !== null) {
      this.#waiter = null;
      w(frame);
      return;
    }
    if (this.#queue.length >= MAX_QUEUED) throw new TransferError('protocol-violation', 'too many frames queued');
    this.#queue.push(frame);
  }

  async send(frame: Uint8Array): Promise<void> {
    if (this.#closed) throw new TransferError('connection-closed', 'the connection is closed');
    await this.inside.ocall('transfer-frame', { transfer: this.transfer, frame });
  }

  receive(timeoutMs: number): Promise<Uint8Array> {
    const f = this.#queue.shift();
    if (f !== undefined) return Promise.resolve(f);
    if (this.#closed) return Promise.reject(new TransferError('connection-closed', 'the connection is closed'));
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.#waiter = null;
        reject(new TransferError('timeout', `no message within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#waiter = (x) => {
        clearTimeout(t);
        if (x === null) reject(new TransferError('connection-closed', 'the connection is closed'));
        else resolve(x);
      };
    });
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#waiter?.(null);
    this.#waiter = null;
    void this.inside.ocall('transfer-close', { transfer: this.transfer }).catch(() => undefined);
  }
}
