/**
 * Attacks on the node-to-node routes (real node processes on loopback): relayed results are not reachable
 * under predictable or guessed ids; the settle route tells nothing without the session's proof and refuses
 * browsers and `text/plain`; a settled hand-over leaves no record in `outcomes.json`; a call that travels with
 * its agent is still answered once, through the relay, to its user.
 * @module
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { callAgent } from '../../src/node/client.js';
import { ask, deployUser, type Range, raw, startRange, userIntact } from './attack-kit.js';

describe('attacks: relays and settlement', { timeout: 60_000 }, () => {
  let range: Range;
  before(async () => {
    range = await startRange(['p', 'q']);
    await deployUser(range.cluster, 'p', 'user');
  });
  after(async () => range.close());

  it('relayed results cannot be fetched by predictable or guessed ids', async () => {
    const q = range.cluster.node('q').url;
    for (const id of ['user@1', 'user@2', `${encodeURIComponent('user')}@10`, '0'.repeat(64), 'f'.repeat(64)]) {
      const t0 = performance.now();
      const r = await raw(new URL(`/v1/relay/${id}`, q).toString());
      assert.equal(r.status, 404, id);
      assert.equal(JSON.parse(r.body).error.code, 'unknown-relay');
      assert.ok(performance.now() - t0 < 1000, 'answered at once, nothing waits for a guessed id');
    }
  });

  it('a call that travels with its agent is answered once, through the secret relay', async () => {
    const c = range.cluster;
    // the agent moves itself to q in the middle of a computation; the caller at p gets the result from q
    const r = await callAgent(c.node('p').url, 'user', new TextEncoder().encode('digest 2000 q'));
    assert.equal(r.status, 200, Buffer.from(r.body).toString());
    assert.equal(r.hops, 0, 'answered by p, relayed from q');
    await userIntact(c.node('q').url, 'user');
    const status = JSON.stringify(await c.control('p', '/v1/node')) + JSON.stringify(await c.control('q', '/v1/node'));
    assert.doesNotMatch(status, /relayId/, 'no relay id in any status');
  });

  it('settle tells nothing without the session proof; settled hand-overs leave no record', async () => {
    const c = range.cluster;
    await c.control('q', '/v1/agents/user/migrate', { json: { to: 'p' } });
    assert.equal(await ask(c.node('p').url, 'user', 'get k2'), 'v2');
    const outcomes = JSON.parse(readFileSync(join(range.root, 'q', 'outcomes.json'), 'utf8')) as unknown[];
    assert.deepEqual(outcomes, [], 'the settled session left no record');
    const p = c.node('q').url;
    const ask1 = await raw(new URL('/v1/settle', p).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId: '0'.repeat(32), agentId: 'user' }),
    });
    assert.deepEqual(JSON.parse(ask1.body), { outcome: 'unknown' });
    const plain = await raw(new URL('/v1/settle', p).toString(), {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    assert.equal(plain.status, 415);
    const browser = await raw(new URL('/v1/settle/ack', p).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: '{}',
    });
    assert.equal(browser.status, 403);
    await userIntact(c.node('p').url, 'user');
  });
});
