/**
 * Agents that try to starve their node (a real node process on loopback): a request that never ends is stopped
 * at the node's time limit and the agent serves again, an `init` that never ends fails the deploy, an agent of
 * 32 MiB is persisted again and again, and another user's agent keeps answering promptly meanwhile (its requests
 * run between the hog's fuel slices, and beside the persist's capture, sealing and writing).
 * @module
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ClientError, callAgent } from '../../src/node/client.js';
import { agentModule, ask, b64, deployUser, manifestFor, type Range, startRange, userIntact } from './attack-kit.js';

describe('attacks: agents that would starve the node', { timeout: 60_000 }, () => {
  let range: Range;
  let pub = '';
  before(async () => {
    range = await startRange(['x'], { nodeArgs: { x: ['--request-ms', '3000', '--max-memory-pages', '1024'] } });
    pub = range.cluster.node('x').url;
    await deployUser(range.cluster, 'x', 'user');
    const spin = agentModule('spin');
    await range.cluster.control('x', '/v1/agents', {
      json: { id: 'hog', module: b64(spin), manifest: b64(manifestFor(spin)) },
    });
  });
  after(async () => range.close());

  /** The user's request latencies while `during` runs. */
  async function latencies(during: Promise<unknown>): Promise<number[]> {
    let done = false;
    void during
      .finally(() => {
        done = true;
      })
      .catch(() => undefined);
    const out: number[] = [];
    while (!done) {
      const t0 = performance.now();
      assert.equal(await ask(pub, 'user', 'get k1'), 'v1');
      out.push(performance.now() - t0);
    }
    return out;
  }

  it('a request that never ends is stopped at the time limit; the other agent answers meanwhile', async () => {
    for (let round = 0; round < 2; round++) {
      const t0 = performance.now();
      const hog = callAgent(pub, 'hog', new TextEncoder().encode('spin'));
      const lat = await latencies(hog);
      const r = await hog;
      const took = performance.now() - t0;
      assert.equal(r.status, 504, Buffer.from(r.body).toString());
      assert.equal(JSON.parse(Buffer.from(r.body).toString()).error.code, 'request-limit');
      assert.ok(took < 9000, `stopped after ${took.toFixed(0)} ms`);
      assert.ok(lat.length >= 3, `${lat.length} user requests during the hog`);
      const worst = Math.max(...lat);
      assert.ok(worst < 2000, `the user's worst latency during the hog was ${worst.toFixed(0)} ms`);
    }
    const hogInfo = await range.cluster.control<{ overLimit: number; state: string }>('x', '/v1/agents/hog');
    assert.equal(hogInfo.overLimit, 2);
    assert.equal(hogInfo.state, 'idle');
    await userIntact(pub, 'user');
  });

  it('an init that never ends fails the deploy; the other agent answers meanwhile', async () => {
    const m = agentModule('init-spin');
    const deploy = range.cluster.control('x', '/v1/agents', {
      json: { id: 'slow-init', module: b64(m), manifest: b64(manifestFor(m)) },
    });
    const lat = await latencies(deploy);
    await assert.rejects(
      deploy,
      (e: unknown) => e instanceof ClientError && e.status === 422 && e.code === 'init-failed',
    );
    assert.ok(Math.max(...lat) < 2000, `worst ${Math.max(...lat).toFixed(0)} ms`);
    await userIntact(pub, 'user');
  });

  it('persisting a 32 MiB agent does not hold the node; the other agent answers meanwhile', async () => {
    const ballast = new Uint8Array(
      readFileSync(fileURLToPath(new URL('../../../../../examples/ballast-wat/ballast.wasm', import.meta.url))),
    );
    await range.cluster.control('x', '/v1/agents', {
      json: { id: 'big', module: b64(ballast), manifest: b64(manifestFor(ballast)) },
    });
    const cmd = (c: string, n: number): Uint8Array => {
      const b = new Uint8Array(5);
      b[0] = c.charCodeAt(0);
      new DataView(b.buffer).setUint32(1, n, true);
      return b;
    };
    assert.equal((await callAgent(pub, 'big', cmd('f', 512))).status, 200);
    for (let round = 0; round < 2; round++) {
      // one page rewritten: the persist seals (and writes) the whole agent again
      assert.equal((await callAgent(pub, 'big', cmd('t', round + 1))).status, 200);
      const persist = range.cluster.control<{ written: number }>('x', '/v1/persist', { method: 'POST' });
      const lat = await latencies(persist);
      assert.ok((await persist).written >= 1);
      assert.ok(lat.length >= 3, `${lat.length} user requests during the persist`);
      assert.ok(Math.max(...lat) < 2000, `worst ${Math.max(...lat).toFixed(0)} ms`);
    }
    await userIntact(pub, 'user');
  });
});
