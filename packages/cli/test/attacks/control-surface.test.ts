/**
 * Attacks on who may steer a node (real node processes on loopback, no credentials): the public listener has
 * no control route and says nothing about the node; the control listener refuses unsigned requests (before
 * reading their bodies), keys it was not started with, replayed signatures, browser-driven requests (`text/plain`,
 * a foreign `Origin`, a rebound `Host`), and deploys of manifests by unknown signers or of debug enclaves. After
 * each, the user's agent answers with all its data.
 * @module
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { EnclaveSigner } from '@edgedancer/enclave-sim';
import { ClientError, callNode } from '../../src/node/client.js';
import { signRequest } from '../../src/node/http-signatures.js';
import { keyIdOf } from '../../src/node/operator-key.js';
import {
  agentModule,
  b64,
  deployUser,
  KV,
  manifestFor,
  type Range,
  raw,
  startRange,
  userIntact,
} from './attack-kit.js';

const ROUTES: [string, string, unknown?][] = [
  ['GET', '/v1/node'],
  ['GET', '/v1/agents'],
  ['POST', '/v1/agents', { id: 'evil', module: 'AA==', manifest: 'AA==' }],
  ['GET', '/v1/agents/user'],
  ['DELETE', '/v1/agents/user'],
  ['GET', '/v1/agents/user/logs'],
  ['POST', '/v1/agents/user/migrate', { to: 'nowhere' }],
  ['POST', '/v1/persist'],
  ['PUT', '/v1/peers/evil', { url: 'http://127.0.0.2:1/' }],
];

describe('attacks: steering a node without credentials', { timeout: 60_000 }, () => {
  let range: Range;
  let pub = '';
  let ctl = '';
  before(async () => {
    range = await startRange(['victim']);
    pub = range.cluster.node('victim').url;
    ctl = range.cluster.node('victim').controlUrl;
    await deployUser(range.cluster, 'victim', 'user');
  });
  after(async () => range.close());

  it('the public listener has no control route and tells nothing about the node', async () => {
    for (const [method, path, json] of ROUTES) {
      const r = await raw(new URL(path, pub).toString(), {
        method,
        ...(json === undefined ? {} : { body: JSON.stringify(json), headers: { 'content-type': 'application/json' } }),
      });
      assert.equal(r.status, 404, `${method} ${path}`);
      assert.doesNotMatch(r.body, /pid|platformId|victim|peers/, `${method} ${path} says nothing`);
    }
    await userIntact(pub, 'user');
  });

  it('unsigned control requests are refused, a large body without being read', async () => {
    for (const [method, path, json] of ROUTES) {
      const r = await raw(new URL(path, ctl).toString(), {
        method,
        ...(json === undefined ? {} : { body: JSON.stringify(json), headers: { 'content-type': 'application/json' } }),
      });
      assert.equal(r.status, 401, `${method} ${path}`);
      assert.equal(JSON.parse(r.body).error.reason, 'missing-signature');
    }
    const t0 = performance.now();
    const big = await raw(new URL('/v1/agents', ctl).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(500 * 1024 * 1024) },
      body: '{',
    });
    assert.equal(big.status, 401);
    assert.ok(performance.now() - t0 < 2000, 'answered before any body');
    await userIntact(pub, 'user');
  });

  it('a key the node was not started with, and a replayed signature, are refused', async () => {
    const other = generateKeyPairSync('ed25519');
    await assert.rejects(
      callNode(ctl, '/v1/agents/user', {
        method: 'DELETE',
        operator: { keyid: keyIdOf(other.publicKey), privateKey: other.privateKey },
      }),
      (e: unknown) => e instanceof ClientError && e.status === 401 && e.reason === 'unknown-key',
    );
    // the operator's own signed request, captured and sent again
    const u = new URL('/v1/agents/user', ctl);
    const headers = {
      host: u.host,
      ...signRequest(
        { method: 'GET', authority: u.host, target: u.pathname, headers: {}, body: new Uint8Array(0) },
        range.cluster.operator,
      ),
    };
    assert.equal((await raw(u.toString(), { headers })).status, 200);
    const again = await raw(u.toString(), { headers });
    assert.equal(again.status, 401);
    assert.equal(JSON.parse(again.body).error.reason, 'replayed');
    // the same signature on another route or method does not verify
    const del = await raw(u.toString(), { method: 'DELETE', headers });
    assert.equal(del.status, 401);
    await userIntact(pub, 'user');
  });

  it('browser-driven requests: text/plain, a foreign Origin and a rebound Host are refused even when signed', async () => {
    const op = range.cluster.operator;
    const send = async (
      path: string,
      method: string,
      body: string,
      headers: Record<string, string>,
      authority?: string,
    ): Promise<{ status: number; code: string }> => {
      const u = new URL(path, ctl);
      const h = { host: authority ?? u.host, ...headers };
      const lower = Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
      const sig = signRequest(
        {
          method,
          authority: authority ?? u.host,
          target: u.pathname,
          headers: lower,
          body: new TextEncoder().encode(body),
        },
        op,
      );
      const r = await raw(u.toString(), { method, headers: { ...h, ...sig }, body });
      return { status: r.status, code: JSON.parse(r.body).error?.code ?? '' };
    };
    assert.deepEqual(await send('/v1/agents/user/migrate', 'POST', '{"to":"x"}', { 'content-type': 'text/plain' }), {
      status: 415,
      code: 'unsupported-media-type',
    });
    assert.deepEqual(await send('/v1/agents', 'GET', '', { origin: 'https://evil.example' }), {
      status: 403,
      code: 'browser-refused',
    });
    assert.deepEqual(await send('/v1/agents', 'GET', '', { 'sec-fetch-site': 'cross-site' }), {
      status: 403,
      code: 'browser-refused',
    });
    assert.deepEqual(await send('/v1/agents', 'GET', '', {}, 'evil.example:80'), { status: 421, code: 'wrong-host' });
    await userIntact(pub, 'user');
  });

  it("deploys of an unknown signer's manifest or of a debug enclave are refused and leave nothing", async () => {
    const c = range.cluster;
    const deploy = (id: string, module: Uint8Array, manifest: Uint8Array): Promise<unknown> =>
      c.control('victim', '/v1/agents', { json: { id, module: b64(module), manifest: b64(manifest) } });
    await assert.rejects(
      deploy('intruder', KV, manifestFor(KV, { signer: EnclaveSigner.generate() })),
      (e: unknown) => e instanceof ClientError && e.status === 403 && e.code === 'signer-not-allowed',
    );
    await assert.rejects(
      deploy('intruder', KV, manifestFor(KV, { debug: true })),
      (e: unknown) => e instanceof ClientError && e.status === 403 && e.code === 'debug-not-allowed',
    );
    // a manifest of an allowed signer but for another module does not pass EINIT
    await assert.rejects(
      deploy('intruder', KV, manifestFor(agentModule('echo'))),
      (e: unknown) => e instanceof ClientError && e.status === 422,
    );
    const { agents } = await c.control<{ agents: { id: string }[] }>('victim', '/v1/agents');
    assert.deepEqual(
      agents.map((a) => a.id),
      ['user'],
    );
    await userIntact(pub, 'user');
  });

  it('an operator gives a peer an address, but never another platform than the one it is pinned to', async () => {
    const c = range.cluster;
    const pin = 'ab'.repeat(16);
    const put = (json: unknown): Promise<Record<string, unknown>> =>
      c.control('victim', '/v1/peers/other', { method: 'PUT', json });
    assert.deepEqual(await put({ url: 'http://127.0.0.1:9/', platformId: pin }), {
      peer: 'other',
      url: 'http://127.0.0.1:9/',
      pin,
    });
    assert.equal((await put({ url: 'http://127.0.0.1:10/' })).pin, pin, 'a new address keeps the pin');
    await assert.rejects(
      put({ url: 'http://127.0.0.1:11/', platformId: 'cd'.repeat(16) }),
      (e: unknown) => e instanceof ClientError && e.code === 'peer-pinned',
    );
    for (const bad of [{ url: 'not a url' }, { url: 'file:///etc/passwd' }, { url: 'http://x/', platformId: 'zz' }, {}])
      await assert.rejects(put(bad), (e: unknown) => e instanceof ClientError && e.status === 400, JSON.stringify(bad));
    const peers = (await c.control<{ peers: Record<string, { url: string }> }>('victim', '/v1/node')).peers;
    assert.equal(peers.other?.url, 'http://127.0.0.1:10/');
    await userIntact(range.cluster.node('victim').url, 'user');
  });
});
