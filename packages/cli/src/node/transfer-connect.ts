/**
 * Transfer connections between nodes: an HTTP `Upgrade: edgedancer-transfer/1` on the peer's own port, then
 * length-prefixed frames on the raw socket (`streamTransport`).
 * @module
 */
import { request } from 'node:http';
import { streamTransport, TransferError, type Transport } from '@edgedancer/migration';

/** The protocol name in the `Upgrade` header. */
export const TRANSFER_UPGRADE = 'edgedancer-transfer/1';

/**
 * Opens a transfer connection to a peer.
 * @param peerUrl - the peer node's URL
 * @param timeoutMs - connection timeout
 * @returns the transport
 * @throws TransferError `connection-closed` when the peer cannot be reached or refuses the upgrade
 */
export function connectTransfer(peerUrl: string, timeoutMs = 5000): Promise<Transport> {
  return new Promise((resolve, reject) => {
    const req = request(new URL('/v1/transfer', peerUrl), { method: 'POST', headers: { connection: 'Upgrade', upgrade: TRANSFER_UPGRADE }, timeout: timeoutMs });
    req.on('upgrade', (_res, socket, head) => {
      socket.setNoDelay(true);
      resolve(streamTransport(socket, { head }));
    });
    req.on('response', (res) => {
      res.resume();
      reject(new TransferError('connection-closed', `the peer refused the transfer (HTTP ${res.statusCode})`));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => reject(new TransferError('connection-closed', `cannot reach ${peerUrl}`, { cause: e })));
    req.end();
  });
}
