/**
 * What a node's listeners do for every connection, whatever arrives on it: an error handler on each socket
 * (including a socket taken over by an `Upgrade`, so a reset never becomes an uncaught exception), time limits
 * for headers, for the whole request and for idleness, and caps on open connections in all and per source
 * address (beyond them a new connection is closed at once). Malformed requests are answered 400 and closed.
 * @module
 */
import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** Limits of one listener. */
export interface ListenerLimits {
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly maxConnections: number;
  readonly maxConnectionsPerSource: number;
  /** Largest header section in bytes (default 16 KiB). */
  readonly maxHeaderBytes?: number;
}

/** Live counts of a guarded listener. */
export interface ListenerStats {
  open: number;
  refused: number;
  readonly bySource: Map<string, number>;
}

/** Options to give `createServer` so its parser enforces the limits that must be set at creation. */
export function serverOptions(limits: ListenerLimits): {
  maxHeaderSize: number;
  requestTimeout: number;
  headersTimeout: number;
  keepAliveTimeout: number;
  connectionsCheckingInterval: number;
} {
  return {
    maxHeaderSize: limits.maxHeaderBytes ?? 16 * 1024,
    requestTimeout: limits.requestTimeoutMs,
    headersTimeout: Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs),
    keepAliveTimeout: Math.min(5000, limits.idleTimeoutMs),
    connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
  };
}

/**
 * Guards a server's connections.
 * @param server - the server (created with {@link serverOptions})
 * @param limits - the limits
 * @returns live counts
 */
export function guardListener(server: Server, limits: ListenerLimits): ListenerStats {
  const stats: ListenerStats = { open: 0, refused: 0, bySource: new Map() };
  server.maxHeadersCount = 100;
  server.on('connection', (socket: Socket) => {
    socket.on('error', () => undefined);
    const source = socket.remoteAddress ?? '?';
    const mine = stats.bySource.get(source) ?? 0;
    if (stats.open >= limits.maxConnections || mine >= limits.maxConnectionsPerSource) {
      stats.refused++;
      socket.destroy();
      return;
    }
    stats.open++;
    stats.bySource.set(source, mine + 1);
    socket.setTimeout(limits.idleTimeoutMs, () => socket.destroy());
    socket.once('close', () => {
      stats.open--;
      const n = (stats.bySource.get(source) ?? 1) - 1;
      if (n <= 0) stats.bySource.delete(source);
      else stats.bySource.set(source, n);
    });
  });
  // while a request is being answered the connection is not idle (a migration may take minutes); the request's
  // own receive time is bounded by requestTimeout
  server.on('request', (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    const socket = req.socket;
    socket.setTimeout(0);
    res.once('close', () => {
      if (!socket.destroyed) socket.setTimeout(limits.idleTimeoutMs, () => socket.destroy());
    });
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    socket.on('error', () => undefined);
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? '431 Request Header Fields Too Large'
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? '408 Request Timeout'
          : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  return stats;
}
