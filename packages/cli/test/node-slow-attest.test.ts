/**
 * A move much larger than the destination's pre-attestation byte budget while the destination is slow to verify
 * the source's quote (`slow-attest`: its host holds the source's `Attest` 1.5 s before piping it in), on two real
 * node processes: the source pipelines `Begin` and its first round right after its own `Attest`, so its bytes
 * pass the budget (128 KiB here, from `--max-module-bytes 65536`) before the `peer-attested` OCALL. The listener
 * stops reading at the budget until then, so the move succeeds both ways, by pre-copy and by stop-and-copy (it
 * failed with `connection-closed` when the listener closed at the budget). No timing is asserted.
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
import { callAgent } from '../src/node/client.js';
import { type Cluster, startCluster } from '../src/node/local-cluster.js';
import { FAULT_NODE } from './fault-node.js';

const BALLAST = new Uint8Array(
  readFileSync(fileURLToPath(new URL('../../../../examples/ballast-wat/ballast.wasm', import.meta.url))),
);
const MANIFEST = signAgentManifest(BALLAST, EnclaveSigner.generate(), { isvProdId: 7, isvSvn: 1, allowPlain: true });
/** 2 MiB of memory: 16 times the budget. */
const PAGES = 32;

describe('a move past the pre-attestation budget while attestation is slow', { timeout: 300_000 }, () => {
  let root: string;
  let cluster: Cluster;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'edgedancer-slow-attest-'));
    const args = ['--max-module-bytes', '65536', '--max-memory-pages', '64', '--request-ms', '120000'];
    cluster = await startCluster(['a', 'b'], root, {
      timeoutMs: 60_000,
      launcher: FAULT_NODE,
      faults: { a: 'slow-attest', b: 'slow-attest' },
      allowSigners: [Buffer.from(parseManifest(MANIFEST).mrSigner).toString('hex')],
      nodeArgs: { a: args, b: args },
    });
  });
  after(async () => {
    await cluster.stop();
    rmSync(root, { recursive: true, force: true });
  });

  async function ask(node: string, cmd: string, arg: number): Promise<number> {
    const req = new Uint8Array(5);
    req[0] = cmd.charCodeAt(0);
    new DataView(req.buffer).setUint32(1, arg, true);
    const r = await callAgent(cluster.node(node).url, 'big', req, { timeoutMs: 120_000 });
    assert.equal(r.status, 200, Buffer.from(r.body).toString());
    return new DataView(r.body.buffer, r.body.byteOffset, r.body.byteLength).getUint32(0, true);
  }

  async function move(from: string, to: string, stopAndCopy: boolean): Promise<void> {
    const r = await cluster.control<{ settled: boolean; bytesSent: number }>(from, '/v1/agents/big/migrate', {
      json: { to, stopAndCopy },
      timeoutMs: 120_000,
    });
    assert.equal(r.settled, true);
    assert.ok(r.bytesSent > 8 * 128 * 1024, `${r.bytesSent} bytes sent: well past the budget`);
  }

  it('moves 2 MiB with a 128 KiB budget, by pre-copy and by stop-and-copy', async () => {
    await cluster.control('a', '/v1/agents', {
      json: {
        id: 'big',
        module: Buffer.from(BALLAST).toString('base64'),
        manifest: Buffer.from(MANIFEST).toString('base64'),
      },
      timeoutMs: 120_000,
    });
    assert.equal(await ask('a', 'f', PAGES), PAGES);
    const probes = [1, 17, PAGES - 1];
    const pages = await Promise.all(probes.map((p) => ask('a', 'p', p)));
    await move('a', 'b', false);
    assert.deepEqual(await Promise.all(probes.map((p) => ask('b', 'p', p))), pages, 'the pages it had (pre-copy)');
    await move('b', 'a', true);
    assert.deepEqual(await Promise.all(probes.map((p) => ask('a', 'p', p))), pages, 'the pages it had (stop-and-copy)');
    for (const n of ['a', 'b']) assert.equal(cluster.node(n).process.exitCode, null, `node ${n} still runs`);
  });
});
