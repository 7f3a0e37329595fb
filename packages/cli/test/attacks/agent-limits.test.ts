/**
 * Per-deploy limits on real node processes: a deploy may ask lower limits than the node's (fuel and wall time per
 * request, memory pages, request body size) and never higher; the agent's limits are recorded with its id,
 * survive a restart and travel with it, and each node applies the lower of its own and the agent's.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ClientError, callAgent } from '../../src/node/client.js';
import { agentModule, ask, b64, KV, KV_MANIFEST, manifestFor, type Range, startRange } from './attack-kit.js';

interface Described {
  node: string;
  limits: { requestFuel: number; requestMs: number; maxMemoryPages: number; maxRequestBytes: number };
}

const isCode =
  (status: number, code: string) =>
  (e: unknown): boolean =>
    e instanceof ClientError && e.status === status && e.code === code;
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('per-deploy limits', { timeout: 180_000 }, () => {
  let range: Range;
  const deploy = (
    node: string,
    id: string,
    limits: unknown,
    module: Uint8Array = KV,
    manifest: Uint8Array = KV_MANIFEST,
  ): Promise<unknown> =>
    range.cluster.control(node, '/v1/agents', { json: { id, module: b64(module), manifest: b64(manifest), limits } });
  const described = (node: string, id: string): Promise<Described> =>
    range.cluster.control<Described>(node, `/v1/agents/${id}`);
  before(async () => {
    // a generous per-message transfer timeout: the moves here must not fail on a loaded machine
    range = await startRange(['a', 'b'], { timeoutMs: 15_000, nodeArgs: { b: ['--max-request-bytes', '40'] } });
  });
  after(async () => range.close());

  it('a deploy may ask lower limits, never higher, and only known ones', async () => {
    await assert.rejects(deploy('a', 'greedy', { requestFuel: 3_000_000_000 }), isCode(422, 'limit-above-node'));
    await assert.rejects(deploy('a', 'greedy', { maxRequestBytes: 2 * 1024 * 1024 }), isCode(422, 'limit-above-node'));
    await assert.rejects(deploy('a', 'greedy', { cpu: 1 }), isCode(400, 'bad-limits'));
    await assert.rejects(deploy('a', 'greedy', { requestMs: -5 }), isCode(400, 'bad-limits'));
    await assert.rejects(deploy('a', 'greedy', [1]), isCode(400, 'bad-limits'));
    // kv declares 16 pages: an agent held to 8 cannot start, and nothing is left registered
    await assert.rejects(deploy('a', 'greedy', { maxMemoryPages: 8 }), isCode(422, 'memory-too-large'));
    await assert.rejects(range.cluster.control('a', '/v1/agents/greedy'), isCode(404, 'unknown-agent'));
  });

  it("a request over the agent's own fuel is stopped, though the node would allow more", async () => {
    const spin = agentModule('spin');
    await deploy('a', 'hog', { requestFuel: 1_000_000 }, spin, manifestFor(spin));
    assert.equal((await described('a', 'hog')).limits.requestFuel, 1_000_000);
    const r = await callAgent(range.cluster.node('a').url, 'hog', utf8('spin'));
    assert.equal(r.status, 504, Buffer.from(r.body).toString());
    assert.equal(JSON.parse(Buffer.from(r.body).toString()).error.code, 'request-limit');
    const logs = await range.cluster.control<{ lines: { line: string }[] | string[] }>('a', '/v1/agents/hog/logs');
    assert.match(JSON.stringify(logs), /over 1000000 instructions/);
  });

  it("the agent's limits travel with it and survive restarts; each node applies the lower of its own and the agent's", async () => {
    const c = range.cluster;
    await deploy('a', 'walker', { maxRequestBytes: 60, maxMemoryPages: 64, requestMs: 20_000 });
    assert.deepEqual((await described('a', 'walker')).limits, {
      requestFuel: 2_000_000_000,
      requestMs: 20_000,
      maxMemoryPages: 64,
      maxRequestBytes: 60,
    });
    const long = `put k ${'x'.repeat(50)}`; // 56 bytes: under the agent's 60, over b's 40
    const tooLong = `put k ${'x'.repeat(60)}`; // 66 bytes
    assert.equal(await ask(c.node('a').url, 'walker', long), 'ok');
    assert.equal((await callAgent(c.node('a').url, 'walker', utf8(tooLong))).status, 413);
    await c.control('a', '/v1/agents/walker/migrate', { json: { to: 'b' } });
    const atB = { requestFuel: 2_000_000_000, requestMs: 20_000, maxMemoryPages: 64, maxRequestBytes: 40 };
    assert.deepEqual((await described('b', 'walker')).limits, atB);
    assert.equal((await callAgent(c.node('b').url, 'walker', utf8(long))).status, 413);
    assert.equal(await ask(c.node('b').url, 'walker', 'get k'), 'x'.repeat(50));
    await c.restart('b');
    assert.deepEqual((await described('b', 'walker')).limits, atB, 'after a restart');
    // back at a, the agent's own 60 bytes apply again (b's lower default did not stick to it)
    await c.control('b', '/v1/agents/walker/migrate', { json: { to: 'a' } });
    assert.equal((await described('a', 'walker')).limits.maxRequestBytes, 60);
    assert.equal(await ask(c.node('a').url, 'walker', long), 'ok');
  });
});
