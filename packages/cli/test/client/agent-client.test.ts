/**
 * `AgentClient` against in-test nodes that run the enclave side of the channel on real simulated platforms and
 * quotes: a call end to end, a host that sees only ciphertext, migration (redirect, re-attestation on another
 * platform, same key), a substituted key after a move, attestation policies, plain and tampered answers,
 * replays by the host, and redirect abuse.
 * @module
 */

import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { type AddressInfo, connect, createServer as createTcpServer } from 'node:net';
import { after, test } from 'node:test';
import { AgentKey, ChannelError } from '@edgedancer/enclave-sim/channel';
import { AgentClient, type ClientPolicy } from '../../src/client/index.js';
import { ChannelNode, sha256Of } from './channel-node.js';
import { quotingEnclave, testVendor } from './quoting-enclave.js';

const nodes: ChannelNode[] = [];
after(async () => {
  for (const n of nodes) await n.close();
});

async function node(): Promise<ChannelNode> {
  const n = await new ChannelNode().listen();
  nodes.push(n);
  return n;
}

const text = (s: string) => new TextEncoder().encode(s);
const str = (b: Uint8Array) => new TextDecoder().decode(b);

function policyFor(n: ChannelNode, id: string): ClientPolicy {
  return {
    trustedRoot: testVendor().certificate,
    mrEnclave: n.enclave.identity.mrEnclave,
    moduleHash: sha256Of(n.agents.get(id)!.module),
  };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'accepted';
  } catch (e) {
    if (!(e instanceof ChannelError)) throw e;
    return e.reason === undefined ? e.code : `${e.code}/${e.reason}`;
  }
}

/** An agent that keeps what it is told and answers with a count. */
function vault(): (body: Uint8Array) => Uint8Array {
  const kept: string[] = [];
  return (body) => {
    kept.push(str(body));
    return text(`kept ${kept.length}: ${kept.at(-1)!.length} chars`);
  };
}

test('a call goes end to end and the host sees only ciphertext', async () => {
  const a = await node();
  a.deploy('vault', vault());
  const client = new AgentClient({ node: a.url, agentId: 'vault', policy: policyFor(a, 'vault') });
  const secret = 'card=4111111111111111;pin=2468';
  const reply = await client.call(text(secret));
  assert.equal(reply.status, 'ok');
  assert.equal(str(reply.body), `kept 1: ${secret.length} chars`);
  assert.equal(reply.node, a.url);
  assert.deepEqual(reply.agent.platformId, a.enclave.platformId);
  assert.equal(str((await client.call(text('again'))).body), 'kept 2: 5 chars');
  assert.equal(a.seen.length, 4);
  for (const bytes of a.seen) {
    assert.ok(!Buffer.from(bytes).includes(Buffer.from('4111111111111111')), 'the host saw the card number');
    assert.ok(!Buffer.from(bytes).includes(Buffer.from('kept')), 'the host saw the answer');
  }
});

test('a spy on the wire between client and node sees neither the request nor the answer', async () => {
  const a = await node();
  a.deploy('wire', (b) => new TextEncoder().encode(`balance of ${new TextDecoder().decode(b)}: 1234567.89`));
  const wire: Buffer[] = [];
  const sockets: { destroy(): void }[] = [];
  const spy = createTcpServer((down) => {
    const up = connect(Number(new URL(a.url).port), '127.0.0.1');
    sockets.push(up, down);
    down.on('data', (c: Buffer) => (wire.push(c), up.write(c)));
    up.on('data', (c: Buffer) => (wire.push(c), down.write(c)));
    down.on('close', () => up.destroy());
    up.on('close', () => down.destroy());
    down.on('error', () => up.destroy());
    up.on('error', () => down.destroy());
  });
  await new Promise<void>((resolve) => spy.listen(0, '127.0.0.1', resolve));
  try {
    const via = `http://127.0.0.1:${(spy.address() as AddressInfo).port}`;
    const client = new AgentClient({ node: via, agentId: 'wire', policy: policyFor(a, 'wire') });
    const reply = await client.call(text('IBAN DE44500105175407324931'));
    assert.equal(str(reply.body), 'balance of IBAN DE44500105175407324931: 1234567.89');
    const all = Buffer.concat(wire);
    assert.ok(all.includes(Buffer.from('POST /a/wire')), 'the spy did see the traffic');
    for (const secret of ['DE44500105175407324931', '1234567.89'])
      assert.ok(!all.includes(Buffer.from(secret)), `${secret} crossed the wire`);
  } finally {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => spy.close(() => resolve()));
  }
});

test('after a migration the client follows the redirect, re-verifies the new platform, keeps the key', async () => {
  const a = await node();
  const b = await node();
  a.deploy('mover', vault());
  const client = new AgentClient({ node: a.url, agentId: 'mover', policy: policyFor(a, 'mover') });
  const first = await client.call(text('before'));
  const key = client.agentPublicKey!;
  a.migrate('mover', b);
  const second = await client.call(text('after the move'));
  assert.equal(str(second.body), 'kept 2: 14 chars', 'the same agent state answers');
  assert.equal(second.node, b.url);
  assert.equal(second.redirects, 1);
  assert.notDeepEqual(second.agent.platformId, first.agent.platformId);
  assert.deepEqual(second.agent.agentPublicKey, key);
  assert.equal(client.node, b.url);
  // a new client that starts at the old node gets there too
  const late = new AgentClient({ node: a.url, agentId: 'mover', policy: policyFor(b, 'mover') });
  assert.equal(str((await late.call(text('x'))).body), 'kept 3: 1 chars');
});

test('a destination that presents another agent key is refused', async () => {
  const a = await node();
  const b = await node();
  a.deploy('swap', vault());
  const client = new AgentClient({ node: a.url, agentId: 'swap', policy: policyFor(a, 'swap') });
  await client.call(text('hello'));
  a.migrate('swap', b, { newKey: true });
  assert.equal(await codeOf(client.call(text('secret after move'))), 'key-changed');
  assert.equal(b.seen.length, 0, 'nothing was sent to it');
  // a key pinned in the policy from the start is enforced as well
  const pinned = new AgentClient({
    node: b.url,
    agentId: 'swap',
    policy: { ...policyFor(b, 'swap'), agentPublicKey: AgentKey.generate().publicKey },
  });
  assert.equal(await codeOf(pinned.call(text('x'))), 'key-changed');
});

test('attestations that do not satisfy the policy are refused before anything is sent', async () => {
  const a = await node();
  a.deploy('p', vault());
  const base = policyFor(a, 'p');
  const refused = (policy: ClientPolicy) =>
    codeOf(new AgentClient({ node: a.url, agentId: 'p', policy }).call(text('secret')));
  assert.equal(
    await refused({ ...base, moduleHash: sha256Of(text('another module')) }),
    'attestation-mismatch/module-hash',
  );
  assert.equal(
    await refused({ ...base, mrEnclave: sha256Of(text('another runtime')) }),
    'attestation-mismatch/measurement-mismatch',
  );
  assert.equal(await refused({ ...base, minIsvSvn: 2 }), 'attestation-mismatch/svn-too-low');
  const signer = a.enclave.identity.mrSigner;
  assert.equal(await refused({ trustedRoot: base.trustedRoot, mrSigner: signer, isvProdId: 1 }), 'accepted');
  assert.equal(
    await refused({ trustedRoot: base.trustedRoot, mrSigner: signer, isvProdId: 2 }),
    'attestation-mismatch/product-mismatch',
  );
  // the host substitutes its own key into the attestation
  a.misbehave.substituteKey = AgentKey.generate().publicKey;
  assert.equal(await refused(base), 'attestation-mismatch/report-data-mismatch');
  delete a.misbehave.substituteKey;
  // a debug enclave quotes for it
  a.misbehave.quoteBy = quotingEnclave({ debug: true });
  assert.equal(
    await refused({ trustedRoot: base.trustedRoot, mrSigner: signer, isvProdId: 1 }),
    'attestation-mismatch/debug-not-allowed',
  );
  delete a.misbehave.quoteBy;
  assert.equal(a.seen.length, 2, 'only the one accepted call crossed the host (its request and its response)');
});

test('plain answers are refused where an encrypted one was asked for', async () => {
  const a = await node();
  a.deploy('plain', vault());
  const client = new AgentClient({ node: a.url, agentId: 'plain', policy: policyFor(a, 'plain') });
  a.misbehave.plainResponses = true;
  assert.equal(await codeOf(client.call(text('x'))), 'plain-response');
});

test('a request replayed by the host is refused by the agent', async () => {
  const a = await node();
  a.deploy('r', vault());
  const client = new AgentClient({ node: a.url, agentId: 'r', policy: policyFor(a, 'r') });
  await client.call(text('pay 10'));
  const captured = a.seen[0]!;
  const res = await fetch(`${a.url}/a/r`, {
    method: 'POST',
    body: captured,
    headers: { 'content-type': 'application/edgedancer-channel' },
  });
  assert.equal(res.status, 409);
  assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'replayed-request');
  // and after a migration too: the replay cache travelled with the agent
  const b = await node();
  a.migrate('r', b);
  const again = await fetch(`${b.url}/a/r`, { method: 'POST', body: captured });
  assert.equal(((await again.json()) as { error: { code: string } }).error.code, 'replayed-request');
  assert.equal(str((await client.call(text('pay 20'))).body), 'kept 2: 6 chars');
});

test('forged and looping redirects are refused; node errors carry their code', async () => {
  const looping = createServer((req, res) => {
    const to = req.url === '/a/x' ? '/a/x' : '/elsewhere';
    res.writeHead(307, { location: to, 'content-length': 0 });
    res.end();
  });
  await new Promise<void>((resolve) => looping.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(looping.address() as AddressInfo).port}`;
  try {
    const policy = { trustedRoot: testVendor().certificate, mrEnclave: new Uint8Array(32) };
    assert.equal(await codeOf(new AgentClient({ node: url, agentId: 'x', policy }).call(text('x'))), 'bad-redirect');
    assert.equal(
      await codeOf(new AgentClient({ node: url, agentId: 'x', policy, maxRedirects: 3 }).attest()),
      'bad-redirect',
    );
  } finally {
    looping.closeAllConnections();
    await new Promise<void>((resolve) => looping.close(() => resolve()));
  }
  const a = await node();
  const policy = { trustedRoot: testVendor().certificate, mrEnclave: a.enclave.identity.mrEnclave };
  assert.equal(
    await codeOf(new AgentClient({ node: a.url, agentId: 'nobody', policy }).call(text('x'))),
    'node-error/unknown-agent',
  );
  assert.throws(() => new AgentClient({ node: 'ftp://x', agentId: 'x', policy }), TypeError);
});
