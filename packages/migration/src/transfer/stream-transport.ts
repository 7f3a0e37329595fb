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
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let failure: TransferError | null = null;

  const fail = (e: TransferError): void => {
    if (failure !== null) return;
    failure = e;
    for (const w of waiters.splice(0)) w.reject(e);
    stream.destroy();
  };
  let need = -1;
  /** Takes `n` bytes off the pending list (the caller checked they are there). */
  const take = (n: number): Buffer => {
    const buf = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
    const rest = buf.subarray(n);
    pending = rest.length > 0 ? [rest] : [];
    pendingBytes = rest.length;
    return buf.subarray(0, n);
  };
  const onData = (chunk: Buffer): void => {
    pending.push(chunk);
    pendingBytes += chunk.length;
    for (;;) {
      if (need < 0) {
        if (pendingBytes < 4) return;
        need = take(4).readUInt32BE(0);
        if (need > max) {
          fail(new TransferError('frame-too-large', `a frame of ${need} bytes exceeds ${max}`));
          return;
        }
      }
      if (pendingBytes < need) return;
      const frame = new Uint8Array(take(need));
      need = -1;
      const w = waiters.shift();
      if (w !== undefined) w.resolve(frame);
      else frames.push(frame);
    }
  };
  stream.on('data', onData);
  stream.on('error', () => fail(new TransferError('connection-closed', 'the connection failed')));
  stream.on('close', () => fail(new TransferError('connection-closed', 'the connection closed')));
  if (options.head !== undefined && options.head.length > 0) onData(Buffer.from(options.head));

  return {
    async send(frame) {
      if (failure !== null) throw failure;
      const len = Buffer.alloc(4);
      len.writeUInt32BE(frame.length);
      stream.write(len);
      const ok = stream.write(frame);
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
    close() {
      fail(new TransferError('connection-closed', 'closed locally'));
    },
  };
}
