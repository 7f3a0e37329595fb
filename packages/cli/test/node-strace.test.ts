/**
 * What the node processes hand the kernel, read with `strace`: two real nodes run under
 * `strace -f -e trace=read,write,sendto,recvfrom,writev,pwrite64,pread64,readv -xx -s 65536`; a secret is sent
 * through the user channel (`AgentClient`, HPKE to the agent's attested key) to an agent that stores it, the
 * agent is persisted, migrated to the second node, persisted there and asked for the secret again. The secret —
 * raw, in hex and in base64 (at each of the three alignments) — is in no syscall's bytes of either node process
 * (every thread: the node's and its enclave workers'). A marker sent the same way over the plain route of an
 * agent whose manifest allows it is found in the trace: the scan sees what crosses in the clear.
 * A piece of the secret split between two syscalls would escape this scan; the requests here are small and the
 * secret short, and the positive control is sent in the same shape.
 * @module
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EnclaveSigner, parseManifest } from '@edgedancer/enclave-sim';
import { hashModule } from '@edgedancer/migration';
import { AgentClient } from '../src/client/index.js';
import { agentMeasurement, signAgentManifest } from '../src/node/agent-enclave-build.js';
import { callAgent } from '../src/node/client.js';
import { type Cluster, startCluster } from '../src/node/local-cluster.js';

const KV = new Uint8Array(readFileSync(fileURLToPath(new URL('../../../../examples/kv-c/kv.wasm', import.meta.url))));
const SIGNER = EnclaveSigner.generate();
const SEALED_ONLY = signAgentManifest(KV, SIGNER, { isvProdId: 1, isvSvn: 2 });
const PLAIN_OK = signAgentManifest(KV, SIGNER, { isvProdId: 1, isvSvn: 2, allowPlain: true });
const SIGNER_HEX = Buffer.from(parseManifest(SEALED_ONLY).mrSigner).toString('hex');
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const str = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

/** A byte string as `strace -xx` prints it. */
const traced = (s: string): string => [...Buffer.from(s)].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');

/** The forms a leak could take: raw, hex (both cases), base64 of the secret at each alignment (whole chunks only). */
function forms(secret: string): [string, string][] {
  const out: [string, string][] = [
    ['raw', secret],
    ['hex', Buffer.from(secret).toString('hex')],
    ['HEX', Buffer.from(secret).toString('hex').toUpperCase()],
  ];
  for (let pad = 0; pad < 3; pad++) {
    const enc = Buffer.concat([Buffer.alloc(pad), Buffer.from(secret)]).toString('base64');
    // drop the characters that depend on the bytes around the secret
    out.push([
      `base64+${pad}`,
      enc.slice(Math.ceil((pad * 4) / 3) + 1, Math.floor(((pad + secret.length) * 4) / 3) - 1),
    ]);
  }
  return out;
}

/** Which forms of `secret` the trace holds. */
const foundIn = (trace: string, secret: string): string[] =>
  forms(secret)
    .filter(([, f]) => trace.includes(traced(f)))
    .map(([n]) => n);

const hasStrace = spawnSync('strace', ['-V']).status === 0;

describe('node processes under strace', { timeout: 300_000 }, () => {
  let root: string;
  let cluster: Cluster;
  const traceOf = (n: string): string => join(root, `${n}.strace`);
  const SECRET = `pin-7391-card-4111111111111111-${randomBytes(8).toString('hex')}`;
  const MARKER = `plain-marker-${randomBytes(8).toString('hex')}`;

  before(async () => {
    // CI installs strace (.ci/run); without it this test cannot run and says so by failing
    assert.ok(hasStrace, 'strace is not installed');
    root = mkdtempSync(join(tmpdir(), 'edgedancer-strace-'));
    const trace = (n: string): string[] => [
      'strace',
      '-f',
      '-qq',
      '-e',
      'trace=read,write,sendto,recvfrom,writev,pwrite64,pread64,readv',
      '-xx',
      '-s',
      '65536',
      '-o',
      traceOf(n),
    ];
    cluster = await startCluster(['a', 'b'], root, {
      timeoutMs: 10_000,
      allowSigners: [SIGNER_HEX],
      wrap: { a: trace('a'), b: trace('b') },
    });
  });
  /**
   * Stops the nodes themselves (strace leaves its tracee running when it is signalled): SIGTERM to each node's
   * pid, then strace exits with it and its trace is complete.
   */
  const stopTraced = async (): Promise<void> => {
    for (const n of cluster.nodes) {
      if (n.process.exitCode !== null || n.process.signalCode !== null) continue;
      const { pid } = await cluster.control<{ pid: number }>(n.name, '/v1/node').catch(() => ({ pid: 0 }));
      const exited = new Promise((r) => n.process.once('exit', r));
      if (pid > 0) {
        try {
          process.kill(pid, 'SIGTERM');
        } catch {
          /* already gone */
        }
      }
      const t = setTimeout(() => {
        try {
          if (pid > 0) process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }, 20_000);
      await exited;
      clearTimeout(t);
    }
  };
  after(async () => {
    if (cluster !== undefined) await stopTraced();
    await cluster?.stop();
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
  });

  it('a secret sent through the user channel, persisted and migrated, is in no syscall of either node', async () => {
    for (const [id, manifest] of [
      ['vault', SEALED_ONLY],
      ['open', PLAIN_OK],
    ] as const) {
      await cluster.control('a', '/v1/agents', {
        json: { id, module: b64(KV), manifest: b64(manifest) },
        timeoutMs: 60_000,
      });
    }
    const user = new AgentClient({
      node: cluster.node('a').url,
      agentId: 'vault',
      policy: {
        trustedRoot: readFileSync(cluster.platforms.rootCertificate),
        mrEnclave: agentMeasurement(KV, false),
        moduleHash: hashModule(KV),
      },
    });
    assert.equal(str((await user.call(utf8(`put card ${SECRET}`))).body), 'ok');
    assert.equal(str((await callAgent(cluster.node('a').url, 'open', utf8(`put note ${MARKER}`))).body), 'ok');
    await cluster.control('a', '/v1/persist', { json: {} });
    await cluster.control('a', '/v1/agents/vault/migrate', { json: { to: 'b' }, timeoutMs: 60_000 });
    const moved = await user.call(utf8('get card'));
    assert.equal(str(moved.body), SECRET);
    assert.ok(moved.redirects >= 1, 'the client followed the agent to b');
    await cluster.control('b', '/v1/persist', { json: {} });
    await stopTraced();

    const a = readFileSync(traceOf('a'), 'utf8');
    const b = readFileSync(traceOf('b'), 'utf8');
    // the traces saw the traffic: the plain marker crossed a's sockets in the clear
    assert.deepEqual(foundIn(a, MARKER).slice(0, 1), ['raw'], 'the scan finds a plain request in the trace');
    assert.ok(b.includes('sendto(') || b.includes('write('), 'b was traced');
    assert.deepEqual(foundIn(a, SECRET), [], 'node a handed the kernel the secret');
    assert.deepEqual(foundIn(b, SECRET), [], 'node b handed the kernel the secret');
  });
});
