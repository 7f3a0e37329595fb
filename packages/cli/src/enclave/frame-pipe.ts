/**
 * A transfer connection as the enclave sees it: frames it sends leave as `transfer-frame` OCALLs (the host
 * writes them to the socket), frames the host reads from the socket come in as `transfer-frame` ECALLs. The
 * host sees exactly what travels on the wire: the clear handshake and the AEAD ciphertext.
 * @module
 */
import { TransferError, type Transport } from '@edgedancer/migration';
import type { Inside } from './inside.js';
import { movable } from './round-records.js';

/** The most frames queued inside: a host that pushes more, ignoring the back-pressure below, is refused. */
const MAX_QUEUED = 64;
/** Queued frames beyond which a push is answered only once the protocol took frames off the queue. */
const ROOM = 16;
/**
 * Frames handed to the host and not yet written to its socket: sending pipelines up to this many (the host
 * writes them in order), and waits for the oldest beyond it, so the socket's back-pressure reaches the enclave
 * and at most this many frames (a few MiB) are in flight.
 */
export const SEND_WINDOW = 8;
/** Received frames kept to give back to the host (it reads later frames into them). */
const MAX_RETURNED = 16;

/** One transfer's pipe. */
export class FramePipe implements Transport {
  readonly #queue: Uint8Array[] = [];
  readonly #inFlight: Promise<unknown>[] = [];
  readonly #roomWaiters: (() => void)[] = [];
  readonly #returned: Uint8Array[] = [];
  /** Buffers of sent frames the host gave back once written: later frames are sealed into them. */
  readonly #spare: Uint8Array[] = [];
  #sendError: unknown = null;
  #waiter: ((f: Uint8Array | null) => void) | null = null;
  #closed = false;

  /**
   * @param inside - the CPU (for the OCALLs)
   * @param transfer - the host's number for this connection
   */
  constructor(
    readonly inside: Inside,
    readonly transfer: number,
  ) {}

  /**
   * A frame from the host (`null`: the connection closed).
   * @param frame - the bytes
   * @returns resolved once the queue has room (the host waits for it before pushing many more)
   * @throws TransferError `protocol-violation` when the host pushes more than the pipe holds
   */
  push(frame: Uint8Array | null): Promise<void> | void {
    if (this.#closed) return;
    if (frame === null) {
      this.#closed = true;
      this.#waiter?.(null);
      this.#waiter = null;
      this.#wakeRoom(true);
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
    if (this.#queue.length <= ROOM) return;
    return new Promise((resolve) => this.#roomWaiters.push(resolve));
  }

  #wakeRoom(all: boolean): void {
    while (this.#roomWaiters.length > 0 && (all || this.#queue.length <= ROOM)) this.#roomWaiters.shift()!();
  }

  /**
   * Hands a frame to the host without waiting for it to be written, up to {@link SEND_WINDOW} frames in flight.
   * The frame's buffer is moved to the host (not copied) when the frame spans all of it: the caller gives it up.
   * @throws TransferError `connection-closed` (also when an earlier frame could not be written)
   */
  async send(frame: Uint8Array): Promise<void> {
    if (this.#closed || this.#sendError !== null)
      throw new TransferError('connection-closed', 'the connection is closed');
    const sent = this.inside.ocall('transfer-frame', { transfer: this.transfer, frame }, movable(frame)).then(
      (answer) => {
        const b = (answer as { recycled?: unknown } | null)?.recycled;
        if (b instanceof Uint8Array && this.#spare.length <= SEND_WINDOW) this.#spare.push(b);
      },
      (e: unknown) => {
        this.#sendError ??= e;
      },
    );
    this.#inFlight.push(sent);
    while (this.#inFlight.length >= SEND_WINDOW) await this.#inFlight.shift();
    if (this.#sendError !== null) throw new TransferError('connection-closed', 'the connection failed');
  }

  /**
   * Waits until every frame handed out was written by the host.
   * @throws TransferError `connection-closed` when one could not be
   */
  async flush(): Promise<void> {
    while (this.#inFlight.length > 0) await this.#inFlight.shift();
    if (this.#sendError !== null) throw new TransferError('connection-closed', 'the connection failed');
  }

  receive(timeoutMs: number): Promise<Uint8Array> {
    const f = this.#queue.shift();
    if (f !== undefined) {
      this.#wakeRoom(false);
      return Promise.resolve(f);
    }
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

  /** A buffer of exactly `size` bytes the host gave back, to seal the next frame into (else undefined). */
  frameBuffer(size: number): Uint8Array | undefined {
    const i = this.#spare.findIndex((b) => b.length === size);
    return i < 0 ? undefined : this.#spare.splice(i, 1)[0];
  }

  /** A received frame the protocol is done with: kept to hand back to the host (see {@link FramePipe.takeReturned}). */
  recycle(frame: Uint8Array): void {
    if (this.#returned.length < MAX_RETURNED && movable(frame) !== undefined) this.#returned.push(frame);
  }

  /**
   * The frames to give back to the host (their buffers move with the answer of a `transfer-frame` ECALL), so
   * the host reads later frames into memory already faulted in instead of fresh buffers.
   * @returns them, emptied from the pipe
   */
  takeReturned(): Uint8Array[] {
    return this.#returned.splice(0);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#wakeRoom(true);
    this.#waiter?.(null);
    this.#waiter = null;
    void this.inside.ocall('transfer-close', { transfer: this.transfer }).catch(() => undefined);
  }
}
