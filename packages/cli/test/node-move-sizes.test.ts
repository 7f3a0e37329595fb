/**
 * A larger move after smaller ones on the same pair of node processes, as the migration bench does: the ballast
 * agent moved back and forth at 64 KiB; another agent moved in and deleted while its first persist after the
 * arrival may be writing (such a removal under a write once left a rejection unhandled and ended the node's
 * process, so every later move to it failed with `connection-closed`); then the first agent grown to 8 MiB and
 * moved again both ways. No timing is asserted.
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

const BALLAST = new Uint8Array(
  readFileSync(fileURLToPath(new URL('../../../../examples/ballast-wat/ballast.wasm', import.meta.url))),
);
const MANIFEST = signAgentManifest(BALLAST, EnclaveSigner.generate(), { isvProdId: 7, isvSvn: 1, allowPlain: true });
/** 8 MiB of memory. */
const PAGES = 128;

describe('moves of growing size between the same two nodes', { timeout: 600_000 }, () => {
  let root: string;
  let cluster: Cluster;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'edgedancer-move-sizes-'));
    const args = ['--max-memory-pages', '256', '--request-ms', '300000'];
    cluster = await startCluster(['a', 'b'], root, {
      timeoutMs: 120_000,
      allowSigners: [Buffer.from(parseManifest(MANIFEST).mrSigner).toString('hex')],
      nodeArgs: { a: args, b: args },
    });
  });
  after(async () => {
    await cluster.stop();
    rmSync(root, { recursive: true, force: true });
  });

  /** One request to the ballast agent on a node: a command byte and a u32 argument; the answer's first word. */
  async function ask(node: string, cmd: string, arg: number, id = 'grow'): Promise<number> {
    const req = new Uint8Array(5);
    req[0] = cmd.charCodeAt(0);
    new DataView(req.buffer).setUint32(1, arg, true);
    const r = await callAgent(cluster.node(node).url, id, req, { timeoutMs: 300_000 });
    assert.equal(r.status, 200, Buffer.from(r.body).toString());
    return new DataView(r.body.buffer, r.body.byteOffset, r.body.byteLength).getUint32(0, true);
  }

  async function move(from: string, to: string, stopAndCopy: boolean, id = 'grow'): Promise<void> {
    const r = await cluster.control<{ settled: boolean }>(from, `/v1/agents/${id}/migrate`, {
      json: { to, stopAndCopy },
      timeoutMs: 300_000,
    });
    assert.equal(r.settled, true);
  }

  async function deploy(id: string): Promise<void> {
    await cluster.control('a', '/v1/agents', {
      json: { id, module: Buffer.from(BALLAST).toString('base64'), manifest: Buffer.from(MANIFEST).toString('base64') },
      timeoutMs: 300_000,
    });
  }

  it('moves 8 MiB after several 64 KiB moves, by pre-copy and by stop-and-copy', async () => {
    await deploy('grow');
    assert.equal(await ask('a', 'f', 1), 1);
    const small = await ask('a', 'p', 0);
    await move('a', 'b', false);
    await move('b', 'a', true);
    await move('a', 'b', false);
    assert.equal(await ask('b', 'p', 0), small, 'the page it had');
    // another agent arrives at b and is deleted there as soon as it served (its first persist then runs)
    await deploy('gone');
    assert.equal(await ask('a', 'f', PAGES, 'gone'), PAGES);
    await move('a', 'b', false, 'gone');
    assert.equal(await ask('b', 'x', 0, 'gone'), PAGES);
    await cluster.control('b', '/v1/agents/gone', { method: 'DELETE' });
    assert.equal(await ask('b', 'f', PAGES), PAGES);
    const probes = [1, 77, PAGES - 1];
    const before = await Promise.all(probes.map((p) => ask('b', 'p', p)));
    await move('b', 'a', false);
    assert.deepEqual(await Promise.all(probes.map((p) => ask('a', 'p', p))), before, 'the pages it had (pre-copy)');
    await move('a', 'b', true);
    assert.deepEqual(
      await Promise.all(probes.map((p) => ask('b', 'p', p))),
      before,
      'the pages it had (stop-and-copy)',
    );
    for (const n of ['a', 'b']) assert.equal(cluster.node(n).process.exitCode, null, `node ${n} still runs`);
  });
});
