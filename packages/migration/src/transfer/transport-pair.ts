/**
 * Two connected in-process {@link Transport}s, for tests and for a node migrating to itself. A hook can see,
 * change, drop or cut frames on their way, which is how the attack tests tamper with ciphertext.
 * @module
 */
import { TransferError } from './transfer-errors.js';
import type { Transport } from './transfer-shapes.js';

/** What a tap decides for one frame: deliver these bytes, drop the frame (`null`), or cut the connection (`'cut'`). */
export type TapDecision = Uint8Array | null | 'cut';

/**
 * Creates two connected transports.
 * @param tap - called for each frame, with its direction (`'a→b'` or `'b→a'`) and its index in that direction
 * @returns `[a, b]`
 * @example
 * const [a, b] = transportPair((dir, i, f) => dir === 'a→b' && i === 5 ? flipLastByte(f) : f);
 */
export function transportPair(
  tap?: (direction: 'a→b' | 'b→a', index: number, frame: Uint8Array) => TapDecision,
): [Transport, Transport] {
  interface End {
    frames: Uint8Array[];
    waiters: { resolve(f: Uint8Array): void; reject(e: Error): void }[];
    closed: boolean;
    sent: number;
  }
  const ends: [End, End] = [
    { frames: [], waiters: [], closed: false, sent: 0 },
    { frames: [], waiters: [], closed: false, sent: 0 },
  ];
  const closeAll = (): void => {
    for (const e of ends) {
      e.closed = true;
      for (const w of e.waiters.splice(0)) w.reject(new TransferError('connection-closed', 'the connection closed'));
    }
  };
  const make = (self: 0 | 1): Transport => {
    const me = ends[self];
    const peer = ends[self === 0 ? 1 : 0];
    return {
      async send(frame) {
        if (me.closed) throw new TransferError('connection-closed', 'the connection closed');
        const index = me.sent++;
        const d: TapDecision = tap === undefined ? frame : tap(self === 0 ? 'a→b' : 'b→a', index, frame.slice());
        if (d === 'cut') {
          closeAll();
          throw new TransferError('connection-closed', 'the connection was cut');
        }
        if (d === null) return;
        await Promise.resolve();
        const w = peer.waiters.shift();
        if (w !== undefined) w.resolve(d.slice());
        else peer.frames.push(d.slice());
      },
      receive(timeoutMs) {
        const f = me.frames.shift();
        if (f !== undefined) return Promise.resolve(f);
        if (me.closed) return Promise.reject(new TransferError('connection-closed', 'the connection closed'));
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => {
            const i = me.waiters.indexOf(w);
            if (i >= 0) me.waiters.splice(i, 1);
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
          me.waiters.push(w);
        });
      },
      close: closeAll,
    };
  };
  return [make(0), make(1)];
}
