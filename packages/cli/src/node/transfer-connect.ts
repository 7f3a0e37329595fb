/**
 * Transfer connections between nodes: an HTTP `Upgrade: edgedancer-transfer/1` on the peer's own port, then
 * length-prefixed frames on the raw socket (`streamTransport`).
 * @module
 */
import { request } from 'node:http';
import { streamTransport, TransferError, type Transport } from '@edgedancer/migration';

/** The protocol name in the `Upgrade` header. */
export const TRANSFER_UPGRADE = 'edgedancer-transfer/1';

/** How long a source keeps retrying a peer that answers 503 (busy with other transfers being attested). */
const BUSY_RETRY_MS = 30_000;

/**
 * Opens a transfer connection to a peer, retrying (with a growing, jittered pause) while the peer answers 503.
 * @param peerUrl - the peer node's URL
 * @param timeoutMs - connection timeout
 * @returns the transport
 * @throws TransferError `connection-closed` when the peer cannot be reached or refuses the upgrade
 */
export async function connectTransfer(peerUrl: string, timeoutMs = 5000): Promise<Transport> {
  const until = Date.now() + BUSY_RETRY_MS;
  for (let pause = 50; ; pause = Math.min(pause * 2, 1000)) {
    try {
      return await connectOnce(peerUrl, timeoutMs);
    } catch (e) {
      if ((e as { busy?: boolean }).busy !== true || Date.now() + pause > until) throw e;
      await new Promise((r) => setTimeout(r, pause / 2 + Math.random() * pause));
    }
  }
}

function connectOnce(peerUrl: string, timeoutMs: number): Promise<Transport> {
  return new Promise((resolve, reject) => {
    const req = request(new URL('/v1/transfer', peerUrl), {
      method: 'POST',
      headers: { connection: 'Upgrade', upgrade: TRANSFER_UPGRADE },
      timeout: timeoutMs,
    });
    req.on('upgrade', (_res, socket, head) => {
      socket.on('error', () => undefined);
      socket.setNoDelay(true);
      // the connect timeout ends here: a quiet connection (the peer applying a large round) is not a dead one,
      // and the protocol's per-message timeouts decide
      socket.setTimeout(0);
      resolve(streamTransport(socket, { head }));
    });
    req.on('response', (res) => {
      res.resume();
      const e = new TransferError('connection-closed', `the peer refused the transfer (HTTP ${res.statusCode})`);
      reject(res.statusCode === 503 ? Object.assign(e, { busy: true }) : e);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => reject(new TransferError('connection-closed', `cannot reach ${peerUrl}`, { cause: e })));
    req.end();
  });
}
