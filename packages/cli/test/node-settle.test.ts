/**
 * Settling an interrupted hand-over, with real node processes on loopback. The source loses its `Commit` (the
 * connection is cut right after the decision): the destination holds the agent in doubt, asks the source,
 * resumes it on the commit token, and the agent answers with its state from exactly one node. The destination
 * loses its `Ready`: the source aborts and keeps the agent, the destination discards its held copy on the
 * abort token.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EnclaveSigner, parseManifest } from '@edgedancer/enclave-sim';
import { signAgentManifest } from '../src/node/agent-enclave-build.js';
import { ClientError, callAgent } from '../src/node/client.js';
import { type Cluster, startCluster } from '../src/node/local-cluster.js';
import { FAULT_NODE } from './fault-node.js';

const KV = new Uint8Array(readFileSync(fileURLToPath(new URL('../../../../examples/kv-c/kv.wasm', import.meta.url))));
const MANIFEST = signAgentManifest(KV, EnclaveSigner.generate(), { isvProdId: 1, isvSvn: 2, allowPlain: true });
const SIGNER = Buffer.from(parseManifest(MANIFEST).mrSigner).toString('hex');
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');
const text = async (url: string, id: string, req: string): Promise<string> =>
  Buffer.from((await callAgent(url, id, new TextEncoder().encode(req))).body).toString();

interface NodeInfo {
  inDoubt: string[];
  unsettled: { agentId: string }[];
  refusals: { agentId: string; code: string }[];
}

async function until(what: string, check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) assert.fail(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function where(cluster: Cluster, id: string): Promise<string[]> {
  const out: string[] = [];
  for (const n of cluster.nodes) {
    const { agents } = await cluster.control<{ agents: { id: string }[] }>(n.name, '/v1/agents');
    if (agents.some((a) => a.id === id)) out.push(n.name);
  }
  return out;
}

describe('settling an interrupted hand-over (real processes on loopback)', { timeout: 60_000 }, () => {
  let root: string;
  let cluster: Cluster;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'edgedancer-settle-'));
    cluster = await startCluster(['cutter', 'loser', 'src', 'dst'], root, {
      faults: { cutter: 'cut-after-commit', loser: 'lose-ready' },
      timeoutMs: 1500,
      launcher: FAULT_NODE,
      allowSigners: [SIGNER],
    });
  });
  after(async () => {
    await cluster.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('Commit lost after the decision: the destination settles with the commit token and the agent runs there only', async () => {
    const src = cluster.node('cutter').url;
    const dst = cluster.node('dst').url;
    await cluster.control('cutter', '/v1/agents', { json: { id: 'kv-c', module: b64(KV), manifest: b64(MANIFEST) } });
    for (let i = 0; i < 20; i++) assert.equal(await text(src, 'kv-c', `put k${i} v${i}`), 'ok');
    const r = await cluster.control<{ settled: boolean; to: string }>('cutter', '/v1/agents/kv-c/migrate', {
      json: { to: 'dst' },
    });
    assert.equal(r.settled, false, 'the Resumed confirmation never came in this session');
    // a request sent now through the old node is redirected and waits at the destination until settled
    assert.equal(await text(src, 'kv-c', 'get k7'), 'v7');
    assert.equal(await text(src, 'kv-c', 'count'), '20');
    assert.deepEqual(await where(cluster, 'kv-c'), ['dst'], 'running in exactly one place');
    const logs = await cluster.control<{ lines: { line: string }[] }>('dst', '/v1/agents/kv-c/logs');
    assert.ok(
      logs.lines.some((l) => l.line.startsWith('settled with cutter: committed')),
      JSON.stringify(logs.lines),
    );
    await until(
      'the source got the acknowledgement',
      async () => (await cluster.control<NodeInfo>('cutter', '/v1/node')).unsettled.length === 0,
    );
    assert.deepEqual((await cluster.control<NodeInfo>('dst', '/v1/node')).inDoubt, []);
    assert.equal(await text(dst, 'kv-c', 'put after settle'), 'ok');
    assert.equal(await text(src, 'kv-c', 'get after'), 'settle');
    assert.equal(await text(dst, 'kv-c', 'count'), '21');
    // and it moves on normally
    await cluster.control('dst', '/v1/agents/kv-c/migrate', { json: { to: 'src' } });
    assert.deepEqual(await where(cluster, 'kv-c'), ['src']);
    assert.equal(await text(dst, 'kv-c', 'get k19'), 'v19');
  });

  it('Ready lost: the source aborts and keeps the agent, the destination discards its held copy on the abort token', async () => {
    const src = cluster.node('src').url;
    await cluster.control('src', '/v1/agents', { json: { id: 'kv-l', module: b64(KV), manifest: b64(MANIFEST) } });
    for (let i = 0; i < 20; i++) assert.equal(await text(src, 'kv-l', `put k${i} v${i}`), 'ok');
    await assert.rejects(
      cluster.control('src', '/v1/agents/kv-l/migrate', { json: { to: 'loser' } }),
      (e: unknown) => e instanceof ClientError && (e.code === 'connection-closed' || e.code === 'timeout'),
    );
    assert.equal(await text(src, 'kv-l', 'get k7'), 'v7');
    await until('the destination settled', async () => {
      const info = await cluster.control<NodeInfo>('loser', '/v1/node');
      return info.inDoubt.length === 0 && info.refusals.some((x) => x.agentId === 'kv-l' && x.code === 'settled-abort');
    });
    assert.deepEqual(await where(cluster, 'kv-l'), ['src'], 'running in exactly one place');
    assert.equal(await text(src, 'kv-l', 'put x y'), 'ok');
    assert.equal(await text(src, 'kv-l', 'count'), '21');
  });
});
