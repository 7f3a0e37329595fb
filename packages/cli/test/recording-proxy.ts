/**
 * A TCP proxy on loopback that forwards every connection to a target port and records every byte in both
 * directions (for tests that look for secrets on the wire), or forwards to another node than the one a peer
 * was named for (a forwarded transfer).
 * @module
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

/** A running proxy. */
export interface RecordingProxy {
  readonly port: number;
  readonly url: string;
  /** Where it forwards (settable once the target listens). */
  target: number;
  /** Everything that went through, both directions, in arrival order. */
  bytes(): Buffer;
  close(): Promise<void>;
}

/**
 * Starts a proxy.
 * @param target - the port to forward to (0: set later)
 * @returns the proxy
 */
export async function recordingProxy(target = 0): Promise<RecordingProxy> {
  const chunks: Buffer[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: proxy.target });
    sockets.add(client);
    sockets.add(upstream);
    client.on('data', (d: Buffer) => {
      chunks.push(Buffer.from(d));
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => {
      chunks.push(Buffer.from(d));
      client.write(d);
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const a = server.address();
  const port = typeof a === 'object' && a !== null ? a.port : 0;
  const proxy: RecordingProxy = {
    port,
    url: `http://127.0.0.1:${port}/`,
    target,
    bytes: () => Buffer.concat(chunks),
    close: () =>
      new Promise((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
  return proxy;
}
