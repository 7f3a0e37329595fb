/**
 * Attacks on who owns an agent's name (real node processes on loopback): an id that moved away stays reserved
 * (its URL keeps leading to the agent), an id cannot be taken while its agent arrives (and after a restart the
 * real agent is there with its data), an id bound to one signer and module cannot be taken by another, a
 * failed deploy leaves nothing behind, and a node hosts no more agents than its cap.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EnclaveSigner, parseManifest } from '@edgedancer/enclave-sim';
import { ClientError } from '../../src/node/client.js';
import { FAULT_NODE } from '../fault-node.js';
import {
  agentModule,
  ask,
  b64,
  deployUser,
  KV,
  KV_MANIFEST,
  manifestFor,
  type Range,
  SIGNER_HEX,
  startRange,
  userIntact,
} from './attack-kit.js';

/** A second signer both nodes admit. */
const OTHER = EnclaveSigner.generate();
const OTHER_HEX = Buffer.from(parseManifest(manifestFor(KV, { signer: OTHER })).mrSigner).toString('hex');

const isCode =
  (...codes: string[]) =>
  (e: unknown): boolean =>
    e instanceof ClientError && codes.includes(e.code);

describe("attacks: taking another agent's name", { timeout: 90_000 }, () => {
  let range: Range;
  const deploy = (node: string, id: string, module: Uint8Array, manifest: Uint8Array): Promise<unknown> =>
    range.cluster.control(node, '/v1/agents', { json: { id, module: b64(module), manifest: b64(manifest) } });
  before(async () => {
    // b pauses a second in the middle of every incoming transfer (a window while an agent arrives)
    range = await startRange(['a', 'b', 'c'], {
      allowSigners: [SIGNER_HEX, OTHER_HEX],
      launcher: FAULT_NODE,
      faults: { b: 'pause-mid-transfer' },
      nodeArgs: { a: ['--request-ms', '1500'], c: ['--max-agents', '2'] },
    });
  });
  after(async () => range.close());

  it('an id that moved away stays reserved and its URL keeps leading to the agent, also after a restart', async () => {
    const c = range.cluster;
    await deployUser(c, 'a', 'moved');
    await c.control('a', '/v1/agents/moved/migrate', { json: { to: 'c' } });
    await assert.rejects(deploy('a', 'moved', KV, KV_MANIFEST), isCode('agent-moved-away'));
    const echo = agentModule('echo');
    await assert.rejects(deploy('a', 'moved', echo, manifestFor(echo)), isCode('agent-id-taken'));
    await userIntact(c.node('a').url, 'moved');
    await c.restart('a');
    await assert.rejects(deploy('a', 'moved', KV, KV_MANIFEST), isCode('agent-moved-away'));
    await userIntact(c.node('a').url, 'moved');
    assert.equal((await c.control<{ node: string }>('c', '/v1/agents/moved')).node, 'c');
  });

  it('an id cannot be taken while its agent arrives; after a restart the real agent is there', async () => {
    const c = range.cluster;
    await deployUser(c, 'a', 'arriving', 20);
    const move = c.control('a', '/v1/agents/arriving/migrate', { json: { to: 'b' } });
    let done = false;
    void move.finally(() => {
      done = true;
    });
    const echo = agentModule('echo');
    // from the moment b has the offer until the agent runs there
    while (!done && (await c.control<{ arriving: number }>('b', '/v1/node')).arriving === 0)
      await new Promise((r) => setTimeout(r, 10));
    let tries = 0;
    while (!done) {
      await assert.rejects(
        deploy('b', 'arriving', echo, manifestFor(echo)),
        isCode('agent-arriving', 'agent-exists', 'agent-id-taken'),
      );
      tries++;
      await new Promise((r) => setTimeout(r, 20));
    }
    await move;
    assert.ok(tries > 0);
    await assert.rejects(deploy('b', 'arriving', echo, manifestFor(echo)), isCode('agent-exists'));
    await c.control('b', '/v1/persist', { method: 'POST' });
    await c.restart('b', 'pause-mid-transfer');
    await userIntact(c.node('b').url, 'arriving', 20);
    await userIntact(c.node('a').url, 'arriving', 20);
  });

  it("an id bound to one signer cannot be taken by another allowed signer's agent", async () => {
    const c = range.cluster;
    await deployUser(c, 'a', 'bound');
    // another signer the nodes also admit: the id stays bound to the first one's agent, here and after it moved
    await assert.rejects(deploy('a', 'bound', KV, manifestFor(KV, { signer: OTHER })), isCode('agent-exists'));
    await c.control('a', '/v1/agents/bound/migrate', { json: { to: 'c' } });
    await assert.rejects(deploy('a', 'bound', KV, manifestFor(KV, { signer: OTHER })), isCode('agent-id-taken'));
    await userIntact(c.node('a').url, 'bound');
    // stopped by the operator where it runs: the id is free there again, for anyone allowed
    await c.control('c', '/v1/agents/bound', { method: 'DELETE' });
    await deploy('c', 'bound', KV, manifestFor(KV, { signer: OTHER }));
    // and a stranger unknown to the node cannot take it either way
    await assert.rejects(
      deploy('a', 'bound', KV, manifestFor(KV, { signer: EnclaveSigner.generate() })),
      isCode('signer-not-allowed'),
    );
  });

  it('a failed deploy leaves nothing registered, and the id can be used afterwards', async () => {
    const c = range.cluster;
    for (const kind of ['init-trap', 'init-spin'] as const) {
      const m = agentModule(kind);
      await assert.rejects(
        deploy('a', `failed-${kind}`, m, manifestFor(m)),
        (e: unknown) => e instanceof ClientError && e.status === 422 && e.code === 'init-failed',
      );
      await assert.rejects(c.control('a', `/v1/agents/failed-${kind}`), isCode('unknown-agent'));
      const echo = agentModule('echo');
      await deploy('a', `failed-${kind}`, echo, manifestFor(echo));
      assert.equal(await ask(c.node('a').url, `failed-${kind}`, 'hello'), 'hello');
    }
  });

  it('a node hosts at most its cap of agents', async () => {
    const c = range.cluster;
    const echo = agentModule('echo');
    const { agents } = await c.control<{ agents: unknown[] }>('c', '/v1/agents');
    for (let i = agents.length; i < 2; i++) await deploy('c', `cap-${i}`, echo, manifestFor(echo));
    await assert.rejects(
      deploy('c', 'cap-over', echo, manifestFor(echo)),
      (e: unknown) => e instanceof ClientError && e.status === 503 && e.code === 'node-full',
    );
    await assert.rejects(c.control('c', '/v1/agents/cap-over'), isCode('unknown-agent'));
  });
});
