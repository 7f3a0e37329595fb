/**
 * Faults and attacks against real node processes on loopback: a destination that dies, drops the connection,
 * fails to restore or stalls; quotes of another measurement, of a debug enclave, of a lower SVN, or not binding
 * the key; tampered ciphertext and a replayed snapshot. Every time the agent stays at the source, answers
 * correctly and runs nowhere else. Then 24 agents and 8 concurrent migrations, and a restart keeping agents.
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

let cluster: Cluster;

async function deploy(node: string, id: string): Promise<void> {
  await cluster.control(node, '/v1/agents', { json: { id, module: b64(KV), manifest: b64(MANIFEST) } });
}

async function migrateError(node: string, id: string, to: string): Promise<ClientError> {
  try {
    await cluster.control(node, `/v1/agents/${id}/migrate`, { json: { to } });
  } catch (e) {
    assert.ok(e instanceof ClientError);
    return e;
  }
  assert.fail('migration should have failed');
}

const FAULTS: Record<string, [string, string, string | undefined]> = {
  die: ['die-mid-transfer', 'connection-closed', undefined],
  drop: ['drop-mid-transfer', 'connection-closed', undefined],
  failrestore: ['fail-restore', 'peer-refused', 'restore-failed'],
  stall: ['stall', 'timeout', undefined],
  debug: ['quote-debug', 'attestation-refused', 'debug-not-allowed'],
  lowsvn: ['quote-lower-svn', 'attestation-refused', 'svn-too-low'],
  othermeas: ['quote-other-measurement', 'attestation-refused', 'measurement-mismatch'],
  // the host cannot get a quote over report data of its choosing: altering the enclave's quote breaks its signature
  unbound: ['quote-unbound-key', 'attestation-refused', 'bad-signature'],
};

describe('node faults and attacks (real processes on loopback)', { timeout: 360_000 }, () => {
  let root: string;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'edgedancer-faults-'));
    const faults: Record<string, string> = {};
    for (const [n, [f]] of Object.entries(FAULTS)) faults[n] = f;
    faults.tamper = 'tamper-ciphertext';
    faults.replay = 'replay-snapshot';
    // a destination launches the arriving agent's enclave (a worker) before it answers: 5 s per message
    cluster = await startCluster(['src', ...Object.keys(FAULTS), 'tamper', 'replay', 'good'], root, {
      faults,
      timeoutMs: 5000,
      launcher: FAULT_NODE,
      allowSigners: [SIGNER],
      nodeArgs: { good: ['--max-agents', '200'], src: ['--max-agents', '200'] },
    });
  });
  after(async () => {
    await cluster.stop();
    rmSync(root, { recursive: true, force: true });
  });

  for (const [dest, [fault, code, reason]] of Object.entries(FAULTS)) {
    it(`${fault}: refused or failed with ${code}${reason === undefined ? '' : `/${reason}`}, agent stays at the source`, async () => {
      const src = cluster.node('src').url;
      const id = `kv-${dest}`;
      await deploy('src', id);
      for (let i = 0; i < 20; i++) assert.equal(await text(src, id, `put k${i} v${i}`), 'ok');
      const e = await migrateError('src', id, dest);
      // a stalled transfer times out on both sides: the source's own timeout, or the destination's Abort saying so
      if (code === 'timeout' && e.code === 'peer-refused') assert.equal(e.reason, 'timeout', e.message);
      else assert.equal(e.code, code, e.message);
      if (reason !== undefined) assert.equal(e.reason, reason);
      assert.equal(await text(src, id, 'get k7'), 'v7');
      assert.equal(await text(src, id, 'count'), '20');
      if (fault !== 'die-mid-transfer') {
        await assert.rejects(
          cluster.control(dest, `/v1/agents/${id}`),
          (x: unknown) => x instanceof ClientError && x.code === 'unknown-agent',
        );
      }
      // and it can still move to a good node afterwards, once
      await cluster.control('src', `/v1/agents/${id}/migrate`, { json: { to: 'good' } });
      assert.equal(await text(src, id, 'get k3'), 'v3');
      assert.equal((await cluster.control<{ node: string }>('good', `/v1/agents/${id}`)).node, 'good');
    });
  }

  it('tampered ciphertext: the destination refuses with bad-mac, the agent stays', async () => {
    const src = cluster.node('tamper').url;
    await deploy('tamper', 'kv-t');
    assert.equal(await text(src, 'kv-t', 'put a 1'), 'ok');
    const e = await migrateError('tamper', 'kv-t', 'good');
    assert.ok(e.code === 'peer-refused' || e.code === 'connection-closed', e.code);
    // the destination records its refusal when its enclave's receive returns, which may be after the source heard
    let seen = { refusals: [] as { agentId: string; code: string }[] };
    for (let i = 0; i < 200; i++) {
      seen = await cluster.control<{ refusals: { agentId: string; code: string }[] }>('good', '/v1/node');
      if (seen.refusals.some((r) => r.agentId === 'kv-t')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.ok(
      seen.refusals.some((r) => r.agentId === 'kv-t' && r.code === 'bad-mac'),
      JSON.stringify(seen.refusals),
    );
    assert.equal(await text(src, 'kv-t', 'get a'), '1');
  });

  it('replayed transfer: the frames a source host recorded are refused by the destination (fresh keys and nonces)', async () => {
    const src = cluster.node('replay').url;
    await deploy('replay', 'kv-r');
    assert.equal(await text(src, 'kv-r', 'put a 1'), 'ok');
    await cluster.control('replay', '/v1/agents/kv-r/migrate', { json: { to: 'good' } });
    // the agent moves on from good, then the source's host replays the frames of the first move to good (5 s after it)
    await cluster.control('good', '/v1/agents/kv-r/migrate', { json: { to: 'src' } });
    await new Promise((r) => setTimeout(r, 9000));
    const seen = await cluster.control<{ refusals: { agentId: string; code: string }[] }>('good', '/v1/node');
    const mine = await cluster.control<{ refusals: unknown[] }>('replay', '/v1/node');
    assert.ok(
      seen.refusals.some((r) => r.agentId === 'kv-r' && r.code === 'attestation-refused'),
      JSON.stringify([seen.refusals, mine.refusals]),
    );
    await assert.rejects(
      cluster.control('good', '/v1/agents/kv-r'),
      (x: unknown) => x instanceof ClientError && x.code === 'agent-moved' && x.location === cluster.node('src').url,
      'good only redirects',
    );
    assert.equal(await text(src, 'kv-r', 'get a'), '1');
  });

  // each agent is an enclave compartment of its own (a worker thread), and each arrival launches one before the
  // destination answers: 24 agents deployed 8 at a time, 8 moved at once
  it('24 agents on one node, 8 concurrent migrations: all arrive, none lost or duplicated', async () => {
    const src = cluster.node('good').url;
    const ids = Array.from({ length: 24 }, (_, i) => `many-${i}`);
    for (let i = 0; i < ids.length; i += 8) await Promise.all(ids.slice(i, i + 8).map((id) => deploy('good', id)));
    await Promise.all(ids.map(async (id) => assert.equal(await text(src, id, `put me ${id}`), 'ok')));
    const moving = ids.slice(0, 8);
    await Promise.all(moving.map((id) => cluster.control('good', `/v1/agents/${id}/migrate`, { json: { to: 'src' } })));
    const here = (await cluster.control<{ agents: { id: string }[] }>('good', '/v1/agents')).agents.map((a) => a.id);
    const there = (await cluster.control<{ agents: { id: string }[] }>('src', '/v1/agents')).agents.map((a) => a.id);
    for (const id of ids) {
      assert.equal(Number(here.includes(id)) + Number(there.includes(id)), 1, `${id} runs in exactly one place`);
      assert.equal(await text(src, id, 'get me'), id);
    }
  });

  it('a restarted node keeps its platform identity and its sealed agents', async () => {
    // a restarted node binds new ports: its URL is asked again
    const url = (): string => cluster.node('src').url;
    const before1 = await cluster.control<{ platformId: string }>('src', '/v1/node');
    await deploy('src', 'kv-persist');
    assert.equal(await text(url(), 'kv-persist', 'put keep me'), 'ok');
    await cluster.restart('src');
    const after1 = await cluster.control<{ platformId: string }>('src', '/v1/node');
    assert.equal(after1.platformId, before1.platformId);
    assert.equal(await text(url(), 'kv-persist', 'get keep'), 'me');
  });
});
