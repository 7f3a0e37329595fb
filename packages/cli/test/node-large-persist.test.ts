/**
 * An agent whose state is larger than one enclave message (64 MiB) is persisted in sealed parts and restored
 * from them after its node restarts: the ballast agent grown to 65 MiB on a real node process, persisted,
 * the node restarted, and the agent answers with the pages it had. No timing is asserted.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
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
/** 65 MiB of memory: its encoded state exceeds the 64 MiB bound of one enclave message. */
const PAGES = 1040;

/** One request to the ballast agent: a command byte and a u32 argument; the answer's two u32 words. */
async function ask(url: string, cmd: string, arg: number): Promise<[number, number]> {
  const req = new Uint8Array(5);
  req[0] = cmd.charCodeAt(0);
  new DataView(req.buffer).setUint32(1, arg, true);
  const r = await callAgent(url, 'big', req, { timeoutMs: 300_000 });
  assert.equal(r.status, 200, Buffer.from(r.body).toString());
  const dv = new DataView(r.body.buffer, r.body.byteOffset, r.body.byteLength);
  return [dv.getUint32(0, true), r.body.byteLength >= 8 ? dv.getUint32(4, true) : 0];
}

describe('persisting an agent above 64 MiB', { timeout: 600_000 }, () => {
  let root: string;
  let cluster: Cluster;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'edgedancer-large-persist-'));
    cluster = await startCluster(['a'], root, {
      timeoutMs: 120_000,
      allowSigners: [Buffer.from(parseManifest(MANIFEST).mrSigner).toString('hex')],
      nodeArgs: { a: ['--max-memory-pages', '2048', '--request-ms', '600000'] },
    });
  });
  after(async () => {
    await cluster.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('is written in sealed parts and restored from them after a restart', async () => {
    await cluster.control('a', '/v1/agents', {
      json: {
        id: 'big',
        module: Buffer.from(BALLAST).toString('base64'),
        manifest: Buffer.from(MANIFEST).toString('base64'),
      },
      timeoutMs: 300_000,
    });
    const url = (): string => cluster.node('a').url;
    assert.equal((await ask(url(), 'f', PAGES))[0], PAGES);
    // filled twice: every page's stamp names the second fill
    assert.equal((await ask(url(), 'f', PAGES))[0], PAGES);
    await ask(url(), 't', 5);
    const pages = [1, 5, 517, PAGES - 1];
    const before = await Promise.all(pages.map((p) => ask(url(), 'p', p)));
    const r = await cluster.control<{ written: number }>('a', '/v1/persist', { json: {}, timeoutMs: 300_000 });
    assert.equal(r.written, 1);
    const agents = join(root, 'a', 'agents');
    const [dir] = readdirSync(agents);
    const size = statSync(join(agents, dir!, 'state.sealed')).size;
    assert.ok(size > 64 << 20, `the sealed state holds the whole memory (${size} bytes)`);
    await cluster.restart('a');
    assert.deepEqual(await Promise.all(pages.map((p) => ask(url(), 'p', p))), before, 'the pages it had');
    assert.equal((await ask(url(), 'x', 0))[0], PAGES, 'its memory size');
  });
});
