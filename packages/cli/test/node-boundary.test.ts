/**
 * The trust boundary, end to end, on real node processes on loopback. Two "spy hosts" (nodes that log every
 * message crossing their enclaves' boundary and every transfer frame they pipe), behind TCP proxies that
 * record every byte between clients and nodes and between the nodes: a secret planted through a user request
 * (sealed to the agent's key) is served, migrated by pre-copy and by stop-and-copy, persisted, and both nodes
 * are restarted; the secret is then in no file under the cluster's directory, no recorded socket byte and no
 * logged boundary message, in the clear, in hex or in base64 — while a plain request's marker, sent the same
 * way, is found everywhere (the scans can see). Then the attacks: a non-enclave process posing as a peer, a
 * copy of a state directory opened on another platform, a restored old state directory, a forwarded transfer.
 * @module
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { EnclaveSigner, parseManifest, QUOTE_SIZE } from '@edgedancer/enclave-sim';
import { hashModule, MessageType, streamTransport } from '@edgedancer/migration';
import { AgentClient } from '../src/client/index.js';
import { agentMeasurement, signAgentManifest } from '../src/node/agent-enclave-build.js';
import { ClientError, callAgent } from '../src/node/client.js';
import { type Cluster, provisionCluster, startCluster } from '../src/node/local-cluster.js';
import { type RecordingProxy, recordingProxy } from './recording-proxy.js';
import { SPY_NODE } from './spy-node.js';

const KV = new Uint8Array(readFileSync(fileURLToPath(new URL('../../../../examples/kv-c/kv.wasm', import.meta.url))));
const SIGNER = EnclaveSigner.generate();
const SEALED_ONLY = signAgentManifest(KV, SIGNER, { isvProdId: 1, isvSvn: 2 });
const PLAIN_OK = signAgentManifest(KV, SIGNER, { isvProdId: 1, isvSvn: 2, allowPlain: true });
const SIGNER_HEX = Buffer.from(parseManifest(SEALED_ONLY).mrSigner).toString('hex');
const b64 = (b: Uint8Array): string => Buffer.from(b).toString('base64');
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const str = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

async function deploy(cluster: Cluster, name: string, id: string, manifest: Uint8Array): Promise<void> {
  await cluster.control(name, '/v1/agents', { json: { id, module: b64(KV), manifest: b64(manifest) } });
}

/** Every file under `dir`, concatenated. */
function filesUnder(dir: string): Buffer {
  const out: Buffer[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(readFileSync(p));
    }
  };
  walk(dir);
  return Buffer.concat(out);
}

/** Where `secret` appears in `hay` (raw, hex, base64), or an empty list. */
function found(hay: Buffer, secret: string): string[] {
  const forms: [string, Buffer][] = [
    ['raw', Buffer.from(secret)],
    ['hex', Buffer.from(Buffer.from(secret).toString('hex'))],
    ['base64', Buffer.from(Buffer.from(secret).toString('base64'))],
  ];
  return forms.filter(([, f]) => hay.includes(f)).map(([n]) => n);
}

describe('the trust boundary (spy hosts, recording proxies, real processes)', { timeout: 300_000 }, () => {
  let root: string;
  let cluster: Cluster;
  const proxies: Record<string, RecordingProxy> = {};
  const client: Record<string, RecordingProxy> = {};
  let forwarder: RecordingProxy;
  let impostor: Impostor;
  const spyLog = (n: string): string => join(root, `${n}.spy`);
  const SECRET = `card-4111111111111111-pw-${randomBytes(6).toString('hex')}`;
  const MARKER = `plain-marker-${randomBytes(6).toString('hex')}`;
  const retarget = (): void => {
    for (const n of ['a', 'b', 'c']) {
      proxies[n]!.target = cluster.node(n).port;
      client[n]!.target = cluster.node(n).port;
    }
    forwarder.target = cluster.node('c').port;
  };

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'edgedancer-boundary-'));
    const names = ['a', 'b', 'c'];
    for (const n of names) {
      proxies[n] = await recordingProxy();
      client[n] = await recordingProxy();
    }
    forwarder = await recordingProxy();
    impostor = await posingPeer();
    // b's platform id is what a pins for the peer it calls "fwd": a forwarder that reaches c instead
    const ids = provisionCluster(names, root).ids;
    cluster = await startCluster(names, root, {
      launcher: SPY_NODE,
      timeoutMs: 5000,
      allowSigners: [SIGNER_HEX],
      peerUrls: Object.fromEntries(names.map((n) => [n, proxies[n]!.url])),
      env: Object.fromEntries(names.map((n) => [n, { EDGEDANCER_SPY_LOG: spyLog(n) }])),
      nodeArgs: { a: ['--peer', `imp=${impostor.url}`, '--peer', `fwd=${forwarder.url}#${ids.b}`] },
    });
    retarget();
  });
  after(async () => {
    await cluster.stop();
    for (const p of [...Object.values(proxies), ...Object.values(client), forwarder]) await p.close();
    await impostor.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('a secret sent through the user channel is in no host file, socket byte or boundary message', async () => {
    await deploy(cluster, 'a', 'vault', SEALED_ONLY);
    await deploy(cluster, 'a', 'open', PLAIN_OK);
    const user = new AgentClient({
      node: client.a!.url,
      agentId: 'vault',
      policy: {
        trustedRoot: readFileSync(cluster.platforms.rootCertificate),
        mrEnclave: agentMeasurement(KV, false),
        moduleHash: hashModule(KV),
      },
    });
    assert.equal(str((await user.call(utf8(`put card ${SECRET}`))).body), 'ok');
    assert.equal(str((await callAgent(client.a!.url, 'open', utf8(`put note ${MARKER}`))).body), 'ok');
    // a plain request to an agent whose manifest does not allow it is refused
    const refused = await callAgent(client.a!.url, 'vault', utf8('get card'));
    assert.equal(refused.status, 403, str(refused.body));
    assert.equal(str((await user.call(utf8('get card'))).body), SECRET);

    await cluster.control('a', '/v1/agents/vault/migrate', { json: { to: 'b' } });
    await cluster.control('a', '/v1/agents/open/migrate', { json: { to: 'b' } });
    const moved = await user.call(utf8('get card'));
    assert.equal(str(moved.body), SECRET);
    assert.ok(moved.redirects >= 1, 'the client followed the agent');
    await cluster.control('b', '/v1/agents/vault/migrate', { json: { to: 'a', stopAndCopy: true } });
    assert.equal(str((await user.call(utf8('get card'))).body), SECRET);
    for (const n of ['a', 'b']) await cluster.control(n, '/v1/persist', { json: {} });
    await cluster.restart('a');
    await cluster.restart('b');
    retarget();
    assert.equal(str((await user.call(utf8('get card'))).body), SECRET, 'served after both nodes restarted');
    assert.equal(str((await callAgent(client.b!.url, 'open', utf8('get note'))).body), MARKER);

    const places: Record<string, Buffer> = {
      'host files (state, platform, vendor)': filesUnder(root),
      'client sockets': Buffer.concat(['a', 'b'].map((n) => client[n]!.bytes())),
      'node-to-node sockets': Buffer.concat(['a', 'b'].map((n) => proxies[n]!.bytes())),
      'boundary messages and piped frames (spy hosts)': Buffer.concat(['a', 'b'].map((n) => readFileSync(spyLog(n)))),
    };
    for (const [where, hay] of Object.entries(places))
      assert.deepEqual(found(hay, SECRET), [], `the secret is in ${where}`);
    // the scans see what is there: the plain agent's marker crossed the client sockets and the boundary in the clear
    assert.ok(found(places['client sockets']!, MARKER).includes('raw'), 'plain marker on the client sockets');
    assert.ok(
      found(places['boundary messages and piped frames (spy hosts)']!, MARKER).includes('raw'),
      'plain marker at the boundary',
    );
  });

  it('a non-enclave process posing as a peer cannot take an agent, even holding a genuine quote', async () => {
    await deploy(cluster, 'a', 'kv-imp', PLAIN_OK);
    assert.equal(str((await callAgent(client.a!.url, 'kv-imp', utf8('put k v'))).body), 'ok');
    // a real certified quote (from an agent attestation): it binds another key than the impostor's
    const att = new Uint8Array(await (await fetch(new URL('/a/vault/attestation', client.a!.url))).arrayBuffer());
    impostor.quote = att.subarray(att.length - QUOTE_SIZE);
    const e = await migrateError(cluster, 'a', 'kv-imp', 'imp');
    assert.equal(e.code, 'attestation-refused', e.message);
    assert.equal(
      str((await callAgent(client.a!.url, 'kv-imp', utf8('get k'))).body),
      'v',
      'the agent stays at the source',
    );
    assert.equal(impostor.stateBytes(), 0, 'no state frame reached the impostor');
  });

  it('a transfer forwarded to another platform than the pinned one is refused before any state leaves', async () => {
    const before = forwarder.bytes().length;
    const e = await migrateError(cluster, 'a', 'kv-imp', 'fwd');
    assert.equal(e.code, 'attestation-refused', e.message);
    assert.equal(e.reason, 'platform-mismatch');
    assert.ok(forwarder.bytes().length > before, 'the transfer did reach the forwarder');
    assert.equal(
      str((await callAgent(client.a!.url, 'kv-imp', utf8('get k'))).body),
      'v',
      'the agent continues at the source',
    );
    await assert.rejects(
      cluster.control('c', '/v1/agents/kv-imp'),
      (x: unknown) => x instanceof ClientError && x.code === 'unknown-agent',
    );
    const src = await cluster.control<{ refusals: { agentId: string; code: string; reason?: string }[] }>(
      'a',
      '/v1/node',
    );
    assert.ok(
      src.refusals.some((r) => r.agentId === 'kv-imp' && r.reason === 'platform-mismatch'),
      'the source reports the failure',
    );
  });

  it('a restored old state directory is refused agent by agent, with a clear error; the others run', async () => {
    const stateA = join(root, 'a');
    await deploy(cluster, 'a', 'roll', PLAIN_OK);
    assert.equal(str((await callAgent(client.a!.url, 'roll', utf8('put x old'))).body), 'ok');
    await cluster.control('a', '/v1/persist', { json: {} });
    const old = join(root, 'a-old-copy');
    cpSync(stateA, old, { recursive: true });
    assert.equal(str((await callAgent(client.a!.url, 'roll', utf8('put x new'))).body), 'ok');
    await cluster.control('a', '/v1/agents/vault/migrate', { json: { to: 'b' } });
    await deploy(cluster, 'a', 'later', PLAIN_OK);
    assert.equal(str((await callAgent(client.a!.url, 'later', utf8('put y 1'))).body), 'ok');
    // the host puts the old copy back over its state directory (and deletes its record of hand-over decisions)
    await cluster.restart('a', undefined, () => {
      cpSync(old, stateA, { recursive: true, force: true });
      rmSync(join(stateA, 'outcomes.json'), { force: true });
      rmSync(join(stateA, 'outcomes.log'), { force: true });
    });
    retarget();
    const node = await cluster.control<{ refusals: { agentId: string; code: string; reason?: string }[] }>(
      'a',
      '/v1/node',
    );
    // roll's counter moved on; vault's copy here ended when it left, and its counter with it
    for (const [id, code] of [
      ['roll', 'rolled-back'],
      ['vault', 'unknown-counter'],
    ] as const) {
      const r = node.refusals.find((x) => x.agentId === id);
      assert.equal(r?.code, code, `${id}: ${JSON.stringify(node.refusals)}`);
    }
    assert.match(cluster.node('a').stderr, /agent roll refused at start-up: rolled-back/);
    await assert.rejects(
      cluster.control('a', '/v1/agents/roll'),
      (x: unknown) => x instanceof ClientError && x.code === 'unknown-agent',
    );
    assert.equal(
      str((await callAgent(client.a!.url, 'later', utf8('get y'))).body),
      '1',
      'an agent the copy did not touch runs',
    );
    // the agent that left runs only at b
    const vaultAt = await cluster.control<{ node: string }>('b', '/v1/agents/vault');
    assert.equal(vaultAt.node, 'b');
  });

  it('a copy of a state directory opens nowhere else: on another platform every record is refused', async () => {
    const other = mkdtempSync(join(tmpdir(), 'edgedancer-copy-'));
    try {
      const thief = await startCluster(['x'], other, { timeoutMs: 2000, pins: false, allowSigners: [SIGNER_HEX] });
      try {
        await thief.restart('x', undefined, () =>
          cpSync(join(root, 'b'), join(other, 'x'), { recursive: true, force: true }),
        );
        const node = await thief.control<{ agents: number; refusals: { agentId: string; code: string }[] }>(
          'x',
          '/v1/node',
        );
        assert.equal(node.agents, 0);
        assert.ok(node.refusals.length >= 2, JSON.stringify(node.refusals));
        for (const r of node.refusals) assert.equal(r.code, 'bad-mac', JSON.stringify(r));
        assert.deepEqual(found(filesUnder(join(other, 'x')), SECRET), []);
      } finally {
        await thief.stop();
      }
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

/** Migrates and expects a refusal. */
async function migrateError(cluster: Cluster, name: string, id: string, to: string): Promise<ClientError> {
  try {
    await cluster.control(name, `/v1/agents/${id}/migrate`, { json: { to } });
  } catch (e) {
    assert.ok(e instanceof ClientError);
    return e;
  }
  assert.fail('migration should have failed');
}

/** A process posing as a peer. */
interface Impostor {
  readonly url: string;
  /** The quote it presents (set before it is called). */
  quote: Uint8Array;
  /** Bytes of frames after the handshake that reached it. */
  stateBytes(): number;
  close(): Promise<void>;
}

/** A process posing as a peer: it speaks the transfer protocol with its own X25519 key and a quote it holds. */
async function posingPeer(): Promise<Impostor> {
  let state = 0;
  const frame = (type: number, header: Record<string, unknown>, body: Uint8Array = new Uint8Array(0)): Uint8Array => {
    const h = Buffer.from(JSON.stringify(header));
    const out = Buffer.alloc(5 + h.length + body.length);
    out[0] = type;
    out.writeUInt32BE(h.length, 1);
    h.copy(out, 5);
    Buffer.from(body).copy(out, 5 + h.length);
    return out;
  };
  const server: Server = createServer((socket) => {
    let head = Buffer.alloc(0);
    const onData = (d: Buffer): void => {
      head = Buffer.concat([head, d]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: edgedancer-transfer/1\r\nConnection: Upgrade\r\n\r\n');
      const t = streamTransport(socket, { head: head.subarray(end + 4) });
      void (async () => {
        try {
          await t.receive(5000);
          await t.send(frame(MessageType.Challenge, { nonce: randomBytes(32).toString('hex'), needModule: false }));
          await t.send(frame(MessageType.Attest, { publicKey: randomBytes(32).toString('hex') }, imp.quote));
          for (;;) {
            const f = await t.receive(5000);
            if (f[0] !== MessageType.Attest && f[0] !== MessageType.Abort) state += f.length;
          }
        } catch {
          t.close();
        }
      })();
    };
    socket.on('data', onData);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const a = server.address();
  const port = typeof a === 'object' && a !== null ? a.port : 0;
  const imp: Impostor = {
    url: `http://127.0.0.1:${port}/`,
    quote: new Uint8Array(0),
    stateBytes: () => state,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
  return imp;
}
