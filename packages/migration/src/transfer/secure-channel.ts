/**
 * The encrypted channel after the handshake: every message sealed with AES-256-GCM under its direction's key,
 * with an explicit 64-bit sequence number that is also the nonce and part of the associated data. A receiver
 * accepts only the next number: a dropped, reordered or replayed frame fails (`out-of-order`), a changed one
 * fails authentication (`bad-mac`).
 * @module
 */
import { type Cipher, createCipheriv, createDecipheriv, type Decipher } from 'node:crypto';
import { TransferError } from './transfer-errors.js';
import type { Transport } from './transfer-shapes.js';

const TAG_SIZE = 16;
const EMPTY = new Uint8Array(0);
const SEQ_SIZE = 8;
/** Bytes a sealed frame adds to its message: sequence number and tag. */
export const FRAME_OVERHEAD = SEQ_SIZE + TAG_SIZE;
/**
 * Bytes fed to the cipher per update. Each update returns a new buffer of its size; at 16 KiB the allocator
 * recycles those buffers, while a 1 MiB output takes fresh pages every time, and faulting them in cost several
 * times the AES itself (`bench/migrate-bench.md`). Every step's output is copied once, into the frame.
 */
const UPDATE_STEP = 16 * 1024;

/** Time spent sealing and opening, for the measurements. */
export interface ChannelStats {
  sealMs: number;
  openMs: number;
  bytesSent: number;
  bytesReceived: number;
}

/** One side's view of an established session. */
export class SecureChannel {
  readonly #transport: Transport;
  readonly #sendKey: Uint8Array;
  readonly #receiveKey: Uint8Array;
  readonly #sendLabel: number;
  #sendSeq = 0n;
  #receiveSeq = 0n;
  #scratch = new Uint8Array(0);
  /** Running totals. */
  readonly stats: ChannelStats = { sealMs: 0, openMs: 0, bytesSent: 0, bytesReceived: 0 };

  /**
   * @param transport - the frames
   * @param sendKey - 32 bytes for this direction
   * @param receiveKey - 32 bytes for the other
   * @param isSource - which side this is (a direction label in the associated data)
   */
  constructor(transport: Transport, sendKey: Uint8Array, receiveKey: Uint8Array, isSource: boolean) {
    this.#transport = transport;
    this.#sendKey = sendKey;
    this.#receiveKey = receiveKey;
    this.#sendLabel = isSource ? 1 : 2;
  }

  /**
   * Seals and sends one message.
   * @param message - plaintext
   * @throws TransferError `connection-closed`
   */
  async send(message: Uint8Array): Promise<void> {
    await this.sendParts(message, EMPTY);
  }

  /**
   * Seals and sends one message given as two pieces (a head and a body), as if they were joined: the body is
   * encrypted straight into the frame. The frame is handed to the transport, which may take its buffer.
   * @param head - the first bytes of the plaintext
   * @param body - the rest
   * @throws TransferError `connection-closed`
   */
  async sendParts(head: Uint8Array, body: Uint8Array): Promise<void> {
    const t = performance.now();
    const seq = this.#sendSeq++;
    const length = head.length + body.length;
    const size = SEQ_SIZE + length + TAG_SIZE;
    const frame = this.#transport.frameBuffer?.(size) ?? new Uint8Array(size);
    const dv = new DataView(frame.buffer);
    dv.setBigUint64(0, seq);
    const c = createCipheriv('aes-256-gcm', this.#sendKey, nonceOf(seq), { authTagLength: TAG_SIZE });
    c.setAAD(aadOf(this.#sendLabel, seq));
    let at = updateInto(c, head, frame, SEQ_SIZE);
    at = updateInto(c, body, frame, at);
    const f = c.final();
    frame.set(f, at);
    frame.set(c.getAuthTag(), SEQ_SIZE + length);
    this.stats.sealMs += performance.now() - t;
    this.stats.bytesSent += frame.length + 4;
    await this.#transport.send(frame);
  }

  /**
   * Receives and opens the next message.
   * @param timeoutMs - how long to wait
   * @returns plaintext
   * @throws TransferError `out-of-order`, `bad-mac`, `timeout`, `connection-closed`
   */
  async receive(timeoutMs: number): Promise<Uint8Array> {
    const frame = await this.#transport.receive(timeoutMs);
    const out = this.#open(frame, null);
    this.#transport.recycle?.(frame);
    return out;
  }

  /**
   * Receives and opens the next message into a buffer this channel reuses (it grows to the largest message
   * seen): the bytes are valid only until the next call of this method, so a stream of large messages takes no
   * fresh memory per message. For messages the caller consumes at once (the chunks of a round).
   * @param timeoutMs - how long to wait
   * @returns plaintext, a view of the reused buffer
   * @throws TransferError `out-of-order`, `bad-mac`, `timeout`, `connection-closed`
   */
  async receiveTransient(timeoutMs: number): Promise<Uint8Array> {
    const frame = await this.#transport.receive(timeoutMs);
    const n = Math.max(0, frame.length - FRAME_OVERHEAD);
    if (this.#scratch.length < n) this.#scratch = new Uint8Array(n);
    const out = this.#open(frame, this.#scratch.subarray(0, n));
    this.#transport.recycle?.(frame);
    return out;
  }

  #open(frame: Uint8Array, into: Uint8Array | null): Uint8Array {
    const t = performance.now();
    this.stats.bytesReceived += frame.length + 4;
    if (frame.length < FRAME_OVERHEAD) throw new TransferError('bad-mac', 'sealed frame too short');
    const seq = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getBigUint64(0);
    if (seq !== this.#receiveSeq)
      throw new TransferError('out-of-order', `expected message ${this.#receiveSeq}, got ${seq}`);
    const d = createDecipheriv('aes-256-gcm', this.#receiveKey, nonceOf(seq), { authTagLength: TAG_SIZE });
    d.setAAD(aadOf(this.#sendLabel === 1 ? 2 : 1, seq));
    d.setAuthTag(frame.subarray(frame.length - TAG_SIZE));
    const out = into ?? new Uint8Array(frame.length - FRAME_OVERHEAD);
    try {
      updateInto(d, frame.subarray(SEQ_SIZE, frame.length - TAG_SIZE), out, 0);
      d.final();
    } catch (e) {
      out.fill(0);
      throw new TransferError('bad-mac', 'a message failed authentication', { cause: e });
    }
    this.#receiveSeq++;
    this.stats.openMs += performance.now() - t;
    return out;
  }
}

/**
 * Runs `src` through the cipher in {@link UPDATE_STEP} pieces, writing the output into `dst` from `at`.
 * @returns the offset after the output
 */
function updateInto(c: Cipher | Decipher, src: Uint8Array, dst: Uint8Array, at: number): number {
  let o = at;
  for (let i = 0; i < src.length; i += UPDATE_STEP) {
    const n = c.update(src.subarray(i, Math.min(src.length, i + UPDATE_STEP)));
    dst.set(n, o);
    o += n.length;
  }
  return o;
}

function nonceOf(seq: bigint): Uint8Array {
  const n = new Uint8Array(12);
  new DataView(n.buffer).setBigUint64(4, seq);
  return n;
}

function aadOf(label: number, seq: bigint): Uint8Array {
  const a = new Uint8Array(9);
  a[0] = label;
  new DataView(a.buffer).setBigUint64(1, seq);
  return a;
}
