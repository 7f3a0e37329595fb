/**
 * Hostile network input against a real node process on loopback, from another loopback address than the user's:
 * refused upgrades followed by TCP resets, bodies far above the limits, unauthenticated transfer connections by
 * the dozen, slow connections, malformed requests and modules. The node survives each, answers client mistakes
 * with 4xx and stable codes (never a host path), stays within a bounded memory, and the user's agent answers
 * with all its data throughout.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ClientError } from '../../src/node/client.js';
import {
  agentModule,
  b64,
  closes,
  deployUser,
  manifestFor,
  type Range,
  raw,
  rssOf,
  startRange,
  tcp,
  userIntact,
} from './attack-kit.js';

const MiB = 1024 * 1024;

describe('attacks: hostile network input', { timeout: 90_000 }, () => {
  let range: Range;
  let pub = '';
  let ctl = '';
  let pid = 0;
  const alive = (): void => assert.equal(range.cluster.node('n').process.exitCode, null, 'the node process is alive');
  before(async () => {
    range = await startRange(['n'], {
      nodeArgs: {
        n: [
          '--max-connections-per-source',
          '20',
          '--headers-timeout',
          '1000',
          '--request-timeout',
          '3000',
          '--max-pending-transfers',
          '4',
          '--transfer-auth-timeout',
          '1500',
          '--max-request-bytes',
          '65536',
        ],
      },
    });
    pub = range.cluster.node('n').url;
    ctl = range.cluster.node('n').controlUrl;
    pid = range.cluster.node('n').process.pid!;
    await deployUser(range.cluster, 'n', 'user');
  });
  after(async () => range.close());

  it('a refused Upgrade followed by a TCP reset does not kill the node (public and control listeners)', async () => {
    for (const url of [pub, ctl]) {
      for (let i = 0; i < 20; i++) {
        const s = await tcp(url);
        s.write(
          `GET /v1/transfer HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: ${i % 2 === 0 ? 'bogus' : 'edgedancer-transfer/1'}\r\n\r\n`,
        );
        await new Promise((r) => setTimeout(r, i % 4 < 2 ? 0 : 5));
        s.resetAndDestroy();
      }
    }
    // an accepted upgrade reset in the middle of a frame
    const s = await tcp(pub);
    s.write(
      'GET /v1/transfer HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: edgedancer-transfer/1\r\n\r\n\x00\x00\x10\x00abc',
    );
    await new Promise((r) => setTimeout(r, 50));
    s.resetAndDestroy();
    await new Promise((r) => setTimeout(r, 200));
    alive();
    await userIntact(pub, 'user');
  });

  it('bodies above the limits are refused without being kept', async () => {
    const before1 = rssOf(pid);
    const declared = await raw(new URL('/a/user', pub).toString(), {
      method: 'POST',
      headers: { 'content-length': String(500 * MiB) },
      body: 'x',
    });
    assert.equal(declared.status, 413);
    assert.equal(JSON.parse(declared.body).error.code, 'too-large');
    // streamed without a length: 32 MiB in chunks
    const s = await tcp(pub);
    s.write('POST /a/user HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n');
    const chunk = Buffer.alloc(MiB, 0x61);
    for (let i = 0; i < 32 && !s.destroyed; i++) {
      s.write(`${chunk.length.toString(16)}\r\n`);
      s.write(chunk);
      s.write('\r\n');
      await new Promise((r) => setTimeout(r, 2));
    }
    assert.ok(await closes(s, 5000), 'the connection is closed');
    s.destroy();
    assert.ok(rssOf(pid) - before1 < 64 * MiB, `RSS grew by ${((rssOf(pid) - before1) / MiB).toFixed(1)} MiB`);
    alive();
    await userIntact(pub, 'user');
  });

  it('unauthenticated transfer connections are capped and each gets a small budget of bytes and time', async () => {
    const before1 = rssOf(pid);
    const socks = await Promise.all(Array.from({ length: 50 }, () => tcp(pub)));
    for (const s of socks) {
      // an upgrade, then a frame header announcing 16 MiB and a megabyte of it
      s.write('GET /v1/transfer HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: edgedancer-transfer/1\r\n\r\n');
      s.write(Buffer.from([0x01, 0x00, 0x00, 0x00]));
      s.write(Buffer.alloc(MiB));
    }
    const closed = await Promise.all(socks.map((s) => closes(s, 4000)));
    assert.equal(closed.filter((c) => c).length, 50, 'every connection closed within the budget time');
    assert.ok(rssOf(pid) - before1 < 128 * MiB, `RSS grew by ${((rssOf(pid) - before1) / MiB).toFixed(1)} MiB`);
    alive();
    await userIntact(pub, 'user');
  });

  it('slow connections are capped per source and closed when their headers do not arrive in time', async () => {
    const socks = await Promise.all(Array.from({ length: 40 }, () => tcp(pub)));
    for (const s of socks) s.write('POST /a/user HTTP/1.1\r\nHost: x\r\n');
    // the user (another source address) is served meanwhile
    await userIntact(pub, 'user');
    const closed = await Promise.all(socks.map((s) => closes(s, 4000)));
    assert.equal(closed.filter((c) => c).length, 40, 'over the cap at once, the rest after the header timeout');
    alive();
    await userIntact(pub, 'user');
  });

  it('malformed requests get 4xx with stable codes and no host paths', async () => {
    const c = range.cluster;
    const bodies: string[] = [];
    const expect = async (p: Promise<unknown>, status: number, code: string): Promise<void> => {
      await assert.rejects(
        p,
        (e: unknown) => {
          if (!(e instanceof ClientError)) return false;
          bodies.push(e.message);
          return e.status === status && e.code === code;
        },
        `${status} ${code}`,
      );
    };
    await expect(
      c.control('n', '/v1/agents', {
        json: { id: 'x', module: b64(new Uint8Array([1, 2, 3])), manifest: b64(new Uint8Array(10)) },
      }),
      422,
      'bad-module',
    );
    const echo = agentModule('echo');
    await expect(
      c.control('n', '/v1/agents', { json: { id: 'x', module: b64(echo), manifest: b64(new Uint8Array(10)) } }),
      422,
      'malformed',
    );
    await expect(
      c.control('n', '/v1/agents', { json: { id: '../../etc', module: b64(echo), manifest: b64(manifestFor(echo)) } }),
      400,
      'bad-agent-id',
    );
    await expect(c.control('n', '/v1/agents', { json: { id: 'x' } }), 400, 'bad-request');
    await expect(c.control('n', '/v1/agents/nobody/migrate', { json: { to: 'x' } }), 404, 'unknown-agent');
    await expect(c.control('n', '/v1/agents/user/migrate', { json: { to: 'nowhere' } }), 404, 'unknown-peer');
    const cases: [string, { method?: string; headers?: Record<string, string>; body?: string }, number][] = [
      ['/a/%zz', { method: 'POST', body: 'x' }, 400],
      ['/a/nobody', { method: 'POST', body: 'x' }, 404],
      ['/a/user', { method: 'GET' }, 405],
      ['/v1/settle', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{nope' }, 400],
      ['/v1/settle', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }, 415],
      ['/v1/relay/user@1', {}, 404],
      [`/v1/relay/${'a'.repeat(64)}`, {}, 404],
      ['/nothing', {}, 404],
    ];
    for (const [path, o, status] of cases) {
      const r = await raw(new URL(path, pub).toString(), o);
      assert.equal(r.status, status, `${path}: ${r.body}`);
      assert.match(JSON.parse(r.body).error.code, /^[a-z-]+$/);
      bodies.push(r.body);
    }
    const bad = await tcp(pub);
    bad.write('NOT HTTP AT ALL\r\n\r\n');
    const answer = await new Promise<string>((r) => {
      let t = '';
      bad.on('data', (d: Buffer) => {
        t += d.toString();
      });
      bad.on('close', () => r(t));
      bad.resume();
    });
    assert.match(answer, /^HTTP\/1\.1 400/);
    for (const b of bodies)
      assert.ok(!b.includes(range.root) && !/\/(tmp|home|root|work)\//.test(b), `no host path in ${b}`);
    alive();
  });

  it('a module declaring 1 GiB of memory is refused at once', async () => {
    const huge = agentModule('huge');
    const t0 = performance.now();
    await assert.rejects(
      range.cluster.control('n', '/v1/agents', {
        json: { id: 'huge', module: b64(huge), manifest: b64(manifestFor(huge)) },
      }),
      (e: unknown) => e instanceof ClientError && e.status === 422 && e.code === 'memory-too-large',
    );
    assert.ok(performance.now() - t0 < 3000, `refused in ${(performance.now() - t0).toFixed(0)} ms`);
    assert.ok(rssOf(pid) < 512 * MiB);
    await userIntact(pub, 'user');
  });
});
