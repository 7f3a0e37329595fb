/**
 * WASI agents on real edge nodes: the example agents (`examples/agents/`, C with wasi-libc and Rust with std)
 * are built from source with Debian's toolchains (a missing toolchain fails the test with the package to
 * install), deployed on one node process, served, moved to another by the platform and by the agent itself, and
 * restarted from their sealed records: their files (contents, the descriptor a `FILE*`/`File` keeps open and its
 * offset), the counter, the Rust `HashMap` and the monotonic clock are intact on the other side, their stdout
 * lines are in the agent's log, and no file content is in the clear in a node's state directory. Admission
 * accepts `wasi_snapshot_preview1` and still refuses any other import.
 * @module
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EnclaveSigner, parseManifest } from '@edgedancer/enclave-sim';
import { signAgentManifest } from '../src/node/agent-enclave-build.js';
import { ClientError, callAgent } from '../src/node/client.js';
import { type Cluster, startCluster } from '../src/node/local-cluster.js';

const BUILD = fileURLToPath(new URL('../../../../examples/agents/build.mjs', import.meta.url));
const SIGNER = EnclaveSigner.generate();
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');

/** Every file under a directory, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('WASI agents on edge nodes (C and Rust, built from source; real processes on loopback)', {
  timeout: 240_000,
}, () => {
  let root: string;
  let cluster: Cluster;
  let notes: Uint8Array;
  let wordcount: Uint8Array;
  const manifest = (m: Uint8Array): Uint8Array =>
    signAgentManifest(m, SIGNER, { isvProdId: 7, isvSvn: 1, allowPlain: true });
  const ask = async (node: string, id: string, req: string): Promise<string> =>
    Buffer.from((await callAgent(cluster.node(node).url, id, new TextEncoder().encode(req))).body).toString();
  const deploy = (node: string, id: string, m: Uint8Array): Promise<unknown> =>
    cluster.control(node, '/v1/agents', { json: { id, module: b64(m), manifest: b64(manifest(m)) } });
  const migrate = (node: string, id: string, to: string): Promise<unknown> =>
    cluster.control(node, `/v1/agents/${id}/migrate`, { json: { to } });
  const logLines = async (node: string, id: string): Promise<string[]> =>
    (await cluster.control<{ lines: { line: string }[] }>(node, `/v1/agents/${id}/logs`)).lines.map((l) => l.line);

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'edgedancer-wasi-agents-'));
    const out = join(root, 'agents');
    try {
      execFileSync(process.execPath, [BUILD, out], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000 });
    } catch (e) {
      const err = e as { stderr?: Buffer; message: string };
      throw new Error(
        `building the example agents failed (the tests need Debian's clang, lld, wasi-libc, libclang-rt-dev-wasm32, rustc and libstd-rust-dev-wasm32, as .ci/run installs them):\n${err.stderr?.toString() ?? err.message}`,
      );
    }
    notes = new Uint8Array(readFileSync(join(out, 'notes.wasm')));
    wordcount = new Uint8Array(readFileSync(join(out, 'wordcount.wasm')));
    const signer = Buffer.from(parseManifest(manifest(notes)).mrSigner).toString('hex');
    cluster = await startCluster(['east', 'west'], join(root, 'nodes'), { allowSigners: [signer] });
  });
  after(async () => {
    await cluster?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('C (wasi-libc): files, descriptors, the counter and the clock survive moves both ways and a restart', async () => {
    await deploy('east', 'notes', notes);
    assert.equal(await ask('east', 'notes', 'add first zebra-marker-5521'), 'note 1');
    assert.equal(await ask('east', 'notes', 'add second'), 'note 2');
    const before = BigInt(await ask('east', 'notes', 'clock'));

    await migrate('east', 'notes', 'west');
    assert.equal(await ask('west', 'notes', 'where'), 'west');
    assert.equal(await ask('west', 'notes', 'count'), '2');
    assert.equal(await ask('west', 'notes', 'list'), 'first zebra-marker-5521\nsecond\n');
    assert.ok(
      BigInt(await ask('west', 'notes', 'clock')) >= before,
      'the monotonic clock never goes back across a move',
    );
    // the FILE* opened in init still appends at the end of the file it holds
    assert.equal(await ask('west', 'notes', 'add third'), 'note 3');

    // the agent moves itself in the middle of a request (strong migration) and finishes it on east
    assert.equal(await ask('west', 'notes', 'go east'), 'arrived at east');
    assert.equal(await ask('east', 'notes', 'where'), 'east');
    assert.equal(await ask('east', 'notes', 'list'), 'first zebra-marker-5521\nsecond\nthird\nmoved to east\n');
    assert.equal(await ask('east', 'notes', 'count'), '3');

    const logs = await logLines('east', 'notes');
    assert.ok(logs.includes('notes: arrived at east'), JSON.stringify(logs));

    // sealed at rest: a restart restores the agent (its files too) from its sealed record, and no file content
    // is in the clear on disk
    await cluster.restart('east');
    assert.equal(await ask('east', 'notes', 'list'), 'first zebra-marker-5521\nsecond\nthird\nmoved to east\n');
    assert.equal(await ask('east', 'notes', 'add fourth'), 'note 4');
    for (const f of filesUnder(join(root, 'nodes'))) {
      assert.ok(!readFileSync(f).includes('zebra-marker-5521'), `${f} holds an agent's file content in the clear`);
    }
  });

  it('Rust (std): the HashMap and the file it appends to survive moves both ways', async () => {
    await deploy('west', 'words', wordcount);
    assert.equal(await ask('west', 'words', 'add the cat saw the dog'), '5 words, 4 distinct');
    assert.equal(await ask('west', 'words', 'add The end'), '2 words, 5 distinct');
    assert.equal(
      await ask('west', 'words', 'args'),
      'wordcount --lower (words)',
      'argv and env as the module declares them',
    );
    const logs = await logLines('west', 'words');
    assert.ok(logs.includes('wordcount: 2 words added'), JSON.stringify(logs));
    await migrate('west', 'words', 'east');
    assert.equal(await ask('east', 'words', 'where'), 'east');
    assert.equal(await ask('east', 'words', 'top 2'), 'the 3\ncat 1\n');
    assert.equal(await ask('east', 'words', 'add cat nap'), '2 words, 6 distinct');
    await migrate('east', 'words', 'west');
    assert.equal(await ask('west', 'words', 'count cat'), '2');
    assert.equal(await ask('west', 'words', 'text'), 'the cat saw the dog\nThe end\ncat nap\n');
    assert.equal(await ask('west', 'words', 'args'), 'wordcount --lower (words)');
  });

  it('admission takes wasi_snapshot_preview1 and still refuses other imports and wrong types', async () => {
    // (module (import "env" "f" (func)) (memory (export "memory") 1))
    const other = Uint8Array.from([
      0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 2, 9, 1, 3, 101, 110, 118, 1, 102, 0, 0, 5, 3, 1, 0, 1, 7, 10, 1,
      6, 109, 101, 109, 111, 114, 121, 2, 0,
    ]);
    // (module (import "wasi_snapshot_preview1" "fd_write" (func)) (memory (export "memory") 1)): fd_write has another type
    const name = [...new TextEncoder().encode('wasi_snapshot_preview1')];
    const wrong = Uint8Array.from([
      0,
      97,
      115,
      109,
      1,
      0,
      0,
      0,
      1,
      4,
      1,
      96,
      0,
      0,
      2,
      35,
      1,
      22,
      ...name,
      8,
      ...new TextEncoder().encode('fd_write'),
      0,
      0,
      5,
      3,
      1,
      0,
      1,
      7,
      10,
      1,
      6,
      109,
      101,
      109,
      111,
      114,
      121,
      2,
      0,
    ]);
    for (const [id, m] of [
      ['other', other],
      ['wrong', wrong],
    ] as const) {
      await assert.rejects(deploy('west', id, m), (e: unknown) => {
        assert.ok(e instanceof ClientError && e.code === 'bad-import', `${id}: ${String(e)}`);
        return true;
      });
    }
  });
});
