/**
 * TCP resets at every phase a node's sockets go through, against real node processes on loopback: in the middle of
 * a request body (public, peer and control routes), before and while the node answers (a quick answer, a slow
 * one, an attestation), and in the middle of a migration in both directions of the connection and between both
 * pairs of nodes (the source's outgoing client socket and the destination's upgraded socket are reset at once).
 * Each node stays up, nothing reaches its standard error as an uncaught error or unhandled rejection, and the
 * user's agent answers with all its data wherever the migrations left it.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  agentModule,
  ask,
  b64,
  deployUser,
  manifestFor,
  type Range,
  startRange,
  tcp,
  userIntact,
} from './attack-kit.js';
import { type ResetProxy, resetProxy } from './reset-proxy.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const NODES = ['a', 'b'] as const;

describe('attacks: connection resets at every phase', { timeout: 240_000 }, () => {
  let range: Range;
  const proxies: Record<string, ResetProxy> = {};
  const alive = (): void => {
    for (const n of NODES) {
      const node = range.cluster.node(n);
      assert.equal(node.process.exitCode, null, `node ${n} is alive: ${node.stderr}`);
      assert.doesNotMatch(node.stderr, /Unhandled|uncaught|ECONNRESET|EPIPE/i, `node ${n}'s standard error`);
    }
  };
  /** The node the user's agent runs on now (waiting while it is in doubt or arriving). */
  const whereIs = async (): Promise<'a' | 'b'> => {
    for (let i = 0; i < 200; i++) {
      const here: ('a' | 'b')[] = [];
      for (const n of NODES) {
        const { agents } = await range.cluster.control<{ agents: { id: string }[] }>(n, '/v1/agents');
        if (agents.some((x) => x.id === 'user')) here.push(n);
      }
      if (here.length === 1) return here[0]!;
      await sleep(100);
    }
    throw new Error('the user agent is on neither node (or on both)');
  };
  /** Moves the user's agent to the other node, uncut (asked again if the loaded machine let a message time out). */
  const moveWhole = async (): Promise<'a' | 'b'> => {
    for (let tries = 0; ; tries++) {
      const from = await whereIs();
      const to = from === 'a' ? 'b' : 'a';
      try {
        await range.cluster.control(from, '/v1/agents/user/migrate', { json: { to } });
        return to;
      } catch (e) {
        if (tries >= 5) throw e;
      }
    }
  };

  before(async () => {
    for (const n of NODES) proxies[n] = await resetProxy();
    range = await startRange([...NODES], {
      peerUrls: Object.fromEntries(NODES.map((n) => [n, proxies[n]!.url])),
      nodeArgs: { a: ['--request-ms', '600'], b: ['--request-ms', '600'] },
      // a loaded machine may take seconds to launch an arriving agent's enclave; the cut connections fail at once
      timeoutMs: 10_000,
    });
    for (const n of NODES) proxies[n]!.target = range.cluster.node(n).port;
    await deployUser(range.cluster, 'a', 'user');
    await range.cluster.control('a', '/v1/agents', {
      json: { id: 'spin', module: b64(agentModule('spin')), manifest: b64(manifestFor(agentModule('spin'))) },
    });
  });
  after(async () => {
    await range?.close();
    for (const p of Object.values(proxies)) await p.close();
  });

  it('a reset in the middle of a request body (agent, peer and control routes)', async () => {
    const a = range.cluster.node('a');
    const cuts = [
      [a.url, 'POST /a/user', 'application/octet-stream'],
      [a.url, 'POST /v1/settle', 'application/json'],
      [a.url, 'POST /v1/settle/ack', 'application/json'],
      [a.controlUrl, 'POST /v1/agents', 'application/json'],
    ] as const;
    for (const [url, line, type] of cuts)
      for (let i = 0; i < 10; i++) {
        const s = await tcp(url);
        s.write(
          `${line} HTTP/1.1\r\nHost: ${new URL(url).host}\r\nContent-Type: ${type}\r\nContent-Length: 5000\r\n\r\n{"sessionId":"`,
        );
        await sleep(i % 3);
        s.resetAndDestroy();
      }
    await sleep(200);
    alive();
    await userIntact(a.url, 'user');
  });

  it('a reset before and while the node answers (quick, slow and attestation answers)', async () => {
    const a = range.cluster.node('a');
    const host = new URL(a.url).host;
    const requests = [
      `POST /a/user HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 9\r\n\r\nget k1   `,
      `GET /a/user/attestation HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
      // a request that runs until its time limit: the answer (504) is written long after the reset
      `POST /a/spin HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 1\r\n\r\nx`,
      // pipelined: the second answer is written into a connection already reset
      `POST /a/user HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 5\r\n\r\ncountPOST /a/user HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 5\r\n\r\ncount`,
    ];
    for (const req of requests)
      for (let i = 0; i < 8; i++) {
        const s = await tcp(a.url);
        s.write(req);
        await sleep([0, 1, 5, 20][i % 4]!);
        s.resetAndDestroy();
      }
    // the spinning requests end at their limit: wait for them, then the agent serves again
    await sleep(1500);
    alive();
    await userIntact(a.url, 'user');
  });

  it('a reset in the middle of a migration, either way on the connection, between both pairs of nodes', async () => {
    // a whole move each way first: how many bytes a transfer sends each way, to cut early and late in it
    const sizes = { up: Number.POSITIVE_INFINITY, down: Number.POSITIVE_INFINITY };
    for (let k = 0; k < 2; k++) {
      const to = await moveWhole();
      sizes.up = Math.min(sizes.up, proxies[to]!.last.up);
      sizes.down = Math.min(sizes.down, proxies[to]!.last.down);
    }
    assert.ok(sizes.up > 1000 && sizes.down > 500, JSON.stringify(sizes));
    const plans = [
      { direction: 'up', afterBytes: Math.floor(sizes.up * 0.05) },
      { direction: 'up', afterBytes: Math.floor(sizes.up * 0.6) },
      { direction: 'down', afterBytes: Math.floor(sizes.down * 0.1) },
      { direction: 'down', afterBytes: Math.floor(sizes.down * 0.7) },
    ] as const;
    const seen: string[] = [];
    for (const plan of plans)
      for (let pair = 0; pair < 2; pair++) {
        const from = await whereIs();
        const to = from === 'a' ? 'b' : 'a';
        const proxy = proxies[to]!;
        const before = proxy.resets;
        proxy.plan = plan;
        let r = '';
        // a move refused before it connects (the agent still settling its last hand-over) is asked again
        for (let tries = 0; tries < 50 && proxy.resets === before && r !== 'moved'; tries++) {
          if (tries > 0) await sleep(200);
          r = await range.cluster
            .control(from, '/v1/agents/user/migrate', { json: { to } })
            .then(() => 'moved')
            .catch((e: unknown) => (e as { code?: string }).code ?? 'failed');
        }
        proxy.plan = null;
        assert.ok(
          proxy.resets > before,
          `${from}→${to} ${plan.direction} ${plan.afterBytes}: a connection was reset (${r})`,
        );
        seen.push(`${from}→${to} ${plan.direction} ${plan.afterBytes}: ${r}`);
        alive();
        const now = await whereIs();
        await userIntact(range.cluster.node(now).url, 'user');
      }
    assert.equal(seen.length, 8, seen.join('\n'));
    // a clean move each way afterwards: nothing of the cut transfers is left in the way
    for (let k = 0; k < 2; k++) {
      const to = await moveWhole();
      assert.equal(await whereIs(), to);
    }
    alive();
    await userIntact(range.cluster.node(await whereIs()).url, 'user');
    assert.equal(await ask(range.cluster.node('a').url, 'user', 'get k4'), 'v4', 'the old URL leads to the agent');
  });
});
