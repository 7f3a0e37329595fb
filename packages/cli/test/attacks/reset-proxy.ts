/**
 * A TCP proxy on loopback in front of a node's public listener, given to its peers as the node's URL: it forwards
 * every connection as it is, except the transfer connections it is told to cut, which it resets (TCP RST on both
 * sides) once a set number of bytes went one way: from the source to the destination (`up`: the offer, the
 * rounds) or back (`down`: the destination's handshake, its acknowledgements). Both nodes then see
 * `ECONNRESET` in the middle of a transfer.
 * @module
 */
import { createConnection, createServer, type Socket } from 'node:net';

/** Where and when the next transfer connection is reset. */
export interface CutPlan {
  readonly direction: 'up' | 'down';
  readonly afterBytes: number;
}

/** A running proxy. */
export interface ResetProxy {
  readonly url: string;
  /** The node's port (set once it listens). */
  target: number;
  /** The cut for the next transfer connections (null: forward them whole). */
  plan: CutPlan | null;
  /** Transfer connections reset so far. */
  readonly resets: number;
  /** The bytes each way of the latest transfer connection (to choose where to cut). */
  readonly last: { up: number; down: number };
  close(): Promise<void>;
}

const UPGRADE = /\r\nupgrade:\s*edgedancer-transfer\//i;

/**
 * Starts a proxy.
 * @returns the proxy (its `target` to be set)
 */
export async function resetProxy(): Promise<ResetProxy> {
  const sockets = new Set<Socket>();
  let resets = 0;
  let last = { up: 0, down: 0 };
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: proxy.target });
    sockets.add(client);
    sockets.add(upstream);
    let plan: CutPlan | null | undefined;
    let sent = 0;
    const seen = { up: 0, down: 0 };
    const cut = (): void => {
      resets++;
      client.resetAndDestroy();
      upstream.resetAndDestroy();
    };
    const pass = (from: 'up' | 'down', to: Socket) => (d: Buffer) => {
      if (plan === undefined) {
        const transfer = UPGRADE.test(d.toString('latin1'));
        plan = transfer ? proxy.plan : null;
        if (transfer) last = seen;
      }
      seen[from] += d.length;
      if (plan === null || plan.direction !== from || to.destroyed) {
        to.write(d);
        return;
      }
      const room = plan.afterBytes - sent;
      sent += d.length;
      if (room >= d.length) {
        to.write(d);
        return;
      }
      // the bytes up to the cut go through, then both connections are reset
      if (room > 0) to.write(d.subarray(0, room));
      setImmediate(cut);
    };
    client.on('data', pass('up', upstream));
    upstream.on('data', pass('down', client));
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    for (const s of [client, upstream]) {
      s.on('close', end);
      s.on('error', end);
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const a = server.address();
  const port = typeof a === 'object' && a !== null ? a.port : 0;
  const proxy: ResetProxy = {
    url: `http://127.0.0.1:${port}/`,
    target: 0,
    plan: null,
    get resets() {
      return resets;
    },
    get last() {
      return { ...last };
    },
    close: () =>
      new Promise((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
  return proxy;
}
