/**
 * A {@link Transport} over any byte stream (a TCP socket, an upgraded HTTP connection): each frame is a 4-byte
 * big-endian length and the bytes. Back-pressure is honoured on send; frames above a bound are refused.
 * @module
 */
import type { Duplex } from 'node:stream';
import { TransferError } from './transfer-errors.js';
import type { Transport } from './transfer-shapes.js';

/** Largest frame accepted by default: 17 MiB (a 16 MiB chunk and its framing). */
export const MAX_FRAME_SIZE = 17 * 1024 * 1024;

/** Frame buffers kept for reuse (given back by {@link Transport.recycle}). */
const MAX_SPARE = 16;

/** Options of {@link streamTransport}. */
export interface StreamTransportOptions {
  /** Bytes already read from the stream (the `head` of an HTTP upgrade). */
  readonly head?: Uint8Array;
  /** Largest frame accepted (default {@link MAX_FRAME_SIZE}). */
  readonly maxFrameSize?: number;
}

/**
 * Wraps a stream as a transport of frames.
 * @param stream - a connected duplex stream; the transport owns it from now on
 * @param options - head bytes, frame bound
 * @returns the transport
 * @example
 * const t = streamTransport(net.connect(port, '127.0.0.1'));
 * await t.send(frame); const reply = await t.receive(5000);
 */
export function streamTransport(stream: Duplex, options: StreamTransportOptions = {}): Transport {
  const max = options.maxFrameSize ?? MAX_FRAME_SIZE;
  const frames: Uint8Array[] = [];
  const waiters: { resolve(f: Uint8Array): void; reject(e: Error): void }[] = [];
  // the bytes received towards the current frame (its length prefix first), kept as the stream gave them: a
  // frame is copied once, into its own buffer, when its last byte arrived (so a peer's announced length costs
  // nothing until its bytes are here)
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  // buffers of frames the receiver is done with: a new frame of the same size is read into one of them
  const spare: Uint8Array[] = [];
  // frames the stream wrote out within their write call (nothing of them is left queued)
  const flushed = new WeakSet<Uint8Array>();
  const frameBuffer = (n: number): Uint8Array => {
    const i = spare.findIndex((b) => b.length === n);
    return i < 0 ? new Uint8Array(n) : spare.splice(i, 1)[0]!;
  };
  let failure: TransferError | null = null;

  const fail = (e: TransferError): void => {
    if (failure !== null) return;
    failure = e;
    for (const w of waiters.splice(0)) w.reject(e);
    stream.destroy();
  };
  let need = -1;
  /** Copies the first `n` pending bytes into `out` and drops them from the pending list (they are there). */
  const takeInto = (out: Uint8Array, n: number): void => {
    let at = 0;
    while (at < n) {
      const b = pending[0]!;
      const k = Math.min(b.length, n - at);
      out.set(k === b.length ? b : b.subarray(0, k), at);
      at += k;
      if (k === b.length) pending.shift();
      else pending[0] = b.subarray(k);
    }
    pendingBytes -= n;
  };
  const prefix = new Uint8Array(4);
  const onData = (chunk: Buffer): void => {
    if (chunk.length === 0) return;
    pending.push(chunk);
    pendingBytes += chunk.length;
    for (;;) {
      if (need < 0) {
        if (pendingBytes < 4) return;
        takeInto(prefix, 4);
        need = ((prefix[0]! << 24) | (prefix[1]! << 16) | (prefix[2]! << 8) | prefix[3]!) >>> 0;
        if (need > max) {
          fail(new TransferError('frame-too-large', `a frame of ${need} bytes exceeds ${max}`));
          pending = [];
          return;
        }
      }
      if (pendingBytes < need) return;
      const frame = frameBuffer(need);
      takeInto(frame, need);
      need = -1;
      const w = waiters.shift();
      if (w !== undefined) w.resolve(frame);
      else frames.push(frame);
    }
  };
  stream.on('data', onData);
  stream.on('error', () => fail(new TransferError('connection-closed', 'the connection failed')));
  stream.on('close', () => fail(new TransferError('connection-closed', 'the connection closed')));
  // the peer sent its last byte: no frame comes any more (the protocol never half-closes), whether or not this
  // socket may still write (a half-open socket emits no 'close' until it does, and a side waiting for an answer
  // would wait for its timeout instead of learning the connection is gone); frames already read are still given
  stream.on('end', () => fail(new TransferError('connection-closed', 'the peer closed the connection')));
  if (options.head !== undefined && options.head.length > 0) onData(Buffer.from(options.head));

  return {
    async send(frame) {
      if (failure !== null) throw failure;
      const len = Buffer.alloc(4);
      len.writeUInt32BE(frame.length);
      stream.write(len);
      const ok = stream.write(frame);
      if (ok && stream.writableLength === 0) flushed.add(frame);
      if (!ok) {
        await new Promise<void>((resolve, reject) => {
          const onDrain = (): void => {
            stream.off('close', onClose);
            resolve();
          };
          const onClose = (): void => {
            stream.off('drain', onDrain);
            reject(failure ?? new TransferError('connection-closed', 'the connection closed'));
          };
          stream.once('drain', onDrain);
          stream.once('close', onClose);
        });
      }
    },
    receive(timeoutMs) {
      const f = frames.shift();
      if (f !== undefined) return Promise.resolve(f);
      if (failure !== null) return Promise.reject(failure);
      return new Promise<Uint8Array>((resolve, reject) => {
        const timer = setTimeout(() => {
          const i = waiters.indexOf(w);
          if (i >= 0) waiters.splice(i, 1);
          reject(new TransferError('timeout', `no message within ${timeoutMs} ms`));
        }, timeoutMs);
        const w = {
          resolve: (x: Uint8Array) => {
            clearTimeout(timer);
            resolve(x);
          },
          reject: (e: Error) => {
            clearTimeout(timer);
            reject(e);
          },
        };
        waiters.push(w);
      });
    },
    written(frame) {
      return flushed.has(frame);
    },
    recycle(frame) {
      if (
        spare.length < MAX_SPARE &&
        frame.length > 0 &&
        frame.byteOffset === 0 &&
        frame.byteLength === frame.buffer.byteLength &&
        frame.buffer instanceof ArrayBuffer
      )
        spare.push(frame);
    },
    close() {
      fail(new TransferError('connection-closed', 'closed locally'));
    },
  };
}
