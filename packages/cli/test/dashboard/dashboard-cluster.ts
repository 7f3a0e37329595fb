/**
 * Test helper: two real node processes with something to show on a dashboard: two agents (`examples/kv-c`,
 * plain requests allowed) deployed on edge-1, requests to both, one moved to edge-2, and a request after the
 * move (redirected). Also a login URL minted through the signed control API.
 * @module
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnclaveSigner, parseManifest } from '@edgedancer/enclave-sim';
import { signAgentManifest } from '../../src/node/agent-enclave-build.js';
import { callAgent } from '../../src/node/client.js';
import { type Cluster, startCluster } from '../../src/node/local-cluster.js';

const KV_WASM = fileURLToPath(new URL('../../../../../examples/kv-c/kv.wasm', import.meta.url));

/** A running two-node cluster with agents, requests and a migration. */
export interface DashboardCluster {
  readonly cluster: Cluster;
  /** Requests answered on edge-1's public listener (what its chart must show). */
  readonly requestsOnEdge1: number;
  /** The operator key file every node accepts. */
  readonly operatorKeyPath: string;
  /** Mints a login URL on a node's control listener. */
  login(node: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts the cluster and makes its history.
 * @returns the cluster
 */
export async function dashboardCluster(): Promise<DashboardCluster> {
  const root = mkdtempSync(join(tmpdir(), 'edgedancer-dashboard-'));
  const module = new Uint8Array(readFileSync(KV_WASM));
  const manifest = signAgentManifest(module, EnclaveSigner.generate(), { isvProdId: 1, isvSvn: 1, allowPlain: true });
  const signer = Buffer.from(parseManifest(manifest).mrSigner).toString('hex');
  const cluster = await startCluster(['edge-1', 'edge-2'], root, { allowSigners: [signer] });
  const close = async (): Promise<void> => {
    await cluster.stop();
    rmSync(root, { recursive: true, force: true });
  };
  try {
    for (const id of ['kv-moving', 'kv-staying']) {
      await cluster.control('edge-1', '/v1/agents', {
        json: {
          id,
          module: Buffer.from(module).toString('base64'),
          manifest: Buffer.from(manifest).toString('base64'),
        },
        timeoutMs: 120_000,
      });
    }
    const edge1 = cluster.node('edge-1').url;
    let n = 0;
    for (let i = 0; i < 3; i++) {
      for (const id of ['kv-moving', 'kv-staying']) {
        const r = await callAgent(edge1, id, new TextEncoder().encode(`put k${i} v${i}`));
        if (r.status !== 200) throw new Error(`request to ${id}: ${r.status}`);
        n++;
      }
    }
    await cluster.control('edge-1', '/v1/agents/kv-moving/migrate', { json: { to: 'edge-2' }, timeoutMs: 120_000 });
    // answered 307 by edge-1 (logged there), then 200 by edge-2
    const after = await callAgent(edge1, 'kv-moving', new TextEncoder().encode('get k1'));
    if (after.status !== 200 || Buffer.from(after.body).toString() !== 'v1')
      throw new Error(`after the move: ${after.status}`);
    n++;
    return {
      cluster,
      requestsOnEdge1: n,
      close,
      operatorKeyPath: join(root, 'operator-key.pem'),
      login: async (node) =>
        (await cluster.control<{ url: string }>(node, '/v1/dashboard/login', { method: 'POST' })).url,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
