/**
 * Requests and responses end to end between the client's and the agent's pure functions: round trips, the
 * agent id binding, replays and stale requests, size limits, tampering with every bit of a request and of a
 * response, and that no error carries the body or a key.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AgentKey } from '../../src/channel/agent-key.js';
import { openRequest, ResponseSealer } from '../../src/channel/agent-side.js';
import { requestSize, sealRequest } from '../../src/channel/client-side.js';
import { ChannelError } from '../../src/channel/errors.js';
import { ReplayCache } from '../../src/channel/replay-cache.js';
import { assertNoSecretIn } from '../helpers.js';

const T0 = 1_800_000_000_000;
const text = (s: string) => new TextEncoder().encode(s);

function codeOf(f: () => unknown): string {
  try {
    f();
    return 'accepted';
  } catch (e) {
    if (!(e instanceof ChannelError)) throw e;
    return e.code;
  }
}

function agent(agentId = 'shop') {
  const key = AgentKey.generate();
  return { agentId, key, target: { agentId, agentPublicKey: key.publicKey }, replayCache: new ReplayCache() };
}

test('a request opens inside, and only the requesting client opens the response', () => {
  const a = agent();
  const req = sealRequest(a.target, text('card 4111 1111 1111 1111'), { now: T0 });
  assert.equal(req.bytes.length, requestSize(24));
  const opened = openRequest(a.key, a.agentId, req.bytes, { now: T0 + 10, replayCache: a.replayCache });
  assert.equal(new TextDecoder().decode(opened.body), 'card 4111 1111 1111 1111');
  assert.equal(opened.timestamp, T0);
  assert.deepEqual(opened.clientNonce, req.clientNonce);
  const res = opened.responder.seal(text('stored'));
  assert.throws(() => opened.responder.seal(text('again')), /sealed already/);
  assert.deepEqual(req.openResponse(res), { status: 'ok', body: text('stored') });
  // another client's request cannot open this response
  const other = sealRequest(a.target, text('x'), { now: T0 });
  assert.equal(
    codeOf(() => other.openResponse(res)),
    'bad-response',
  );
  // agent errors travel encrypted too
  const req2 = sealRequest(a.target, new Uint8Array(0), { now: T0 });
  const o2 = openRequest(a.key, a.agentId, req2.bytes, { now: T0, replayCache: a.replayCache });
  assert.deepEqual(o2.body, new Uint8Array(0));
  assert.deepEqual(req2.openResponse(o2.responder.seal(text('trap'), 'agent-error')), {
    status: 'agent-error',
    body: text('trap'),
  });
});

test('the plaintext appears nowhere in the request or response bytes', () => {
  const a = agent();
  const secret = text('password=hunter2-hunter2');
  const req = sealRequest(a.target, secret, { now: T0 });
  const opened = openRequest(a.key, a.agentId, req.bytes, { now: T0, replayCache: a.replayCache });
  const res = opened.responder.seal(secret);
  for (const bytes of [req.bytes, res]) assert.ok(!Buffer.from(bytes).includes(Buffer.from(secret.subarray(0, 8))));
});

test('a request for one agent does not open at another, even with the same key', () => {
  const a = agent('shop');
  const req = sealRequest(a.target, text('hi'), { now: T0 });
  assert.equal(
    codeOf(() => openRequest(a.key, 'bank', req.bytes, { now: T0, replayCache: a.replayCache })),
    'bad-request',
  );
  assert.equal(
    codeOf(() => openRequest(AgentKey.generate(), 'shop', req.bytes, { now: T0, replayCache: a.replayCache })),
    'bad-request',
  );
  assert.equal(a.replayCache.size, 0, 'nothing unauthenticated is recorded');
  assert.equal(
    codeOf(() => openRequest(a.key, 'shop', req.bytes, { now: T0, replayCache: a.replayCache })),
    'accepted',
  );
});

test('replays and stale requests are refused', () => {
  const a = agent();
  const req = sealRequest(a.target, text('pay 10'), { now: T0 });
  const open = (bytes: Uint8Array, now: number) =>
    codeOf(() => openRequest(a.key, a.agentId, bytes, { now, replayCache: a.replayCache }));
  assert.equal(open(req.bytes, T0), 'accepted');
  assert.equal(open(req.bytes, T0 + 1), 'replayed-request');
  assert.equal(open(sealRequest(a.target, text('old'), { now: T0 - 6 * 60_000 }).bytes, T0), 'stale-request');
  assert.equal(open(sealRequest(a.target, text('future'), { now: T0 + 2 * 60_000 }).bytes, T0), 'stale-request');
  // the window passes (a later request expires the entry: the floor rises to its timestamp)
  const later = T0 + 10 * 60_000;
  assert.equal(open(sealRequest(a.target, text('later'), { now: later }).bytes, later), 'accepted');
  assert.equal(open(req.bytes, later), 'stale-request');
  // the host turns the enclave's clock back: the old request is still refused
  assert.equal(open(req.bytes, T0), 'stale-request');
});

test('size limits are checked before decryption', () => {
  const a = agent();
  const req = sealRequest(a.target, new Uint8Array(2000), { now: T0 });
  assert.equal(
    codeOf(() => openRequest(a.key, a.agentId, req.bytes, { now: T0, replayCache: a.replayCache, maxBodySize: 1999 })),
    'too-large',
  );
  assert.equal(
    codeOf(() => openRequest(a.key, a.agentId, req.bytes, { now: T0, replayCache: a.replayCache, maxBodySize: 2000 })),
    'accepted',
  );
  const small = sealRequest(a.target, text('x'), { now: T0, maxResponseSize: 4 });
  const o = openRequest(a.key, a.agentId, small.bytes, { now: T0, replayCache: a.replayCache });
  assert.equal(
    codeOf(() => small.openResponse(o.responder.seal(new Uint8Array(5)))),
    'too-large',
  );
});

test('flipping any bit of a request or a response is refused, and no error carries the body', () => {
  const a = agent();
  const body = text('the secret body of a request');
  const req = sealRequest(a.target, body, { now: T0 });
  const codes = new Set<string>();
  for (let bit = 0; bit < req.bytes.length * 8; bit++) {
    const m = req.bytes.slice();
    m[bit >> 3]! ^= 1 << (bit & 7);
    try {
      openRequest(a.key, a.agentId, m, { now: T0, replayCache: a.replayCache });
      assert.fail(`bit ${bit} went unnoticed`);
    } catch (e) {
      assert.ok(e instanceof ChannelError, String(e));
      codes.add(e.code);
      assertNoSecretIn(e, body);
      assertNoSecretIn(e, a.key.toBytes().subarray(8, 40));
    }
  }
  assert.deepEqual([...codes].sort(), ['bad-request', 'too-large', 'unsupported-version']);
  const opened = openRequest(a.key, a.agentId, req.bytes, { now: T0, replayCache: a.replayCache });
  const res = opened.responder.seal(body);
  const resCodes = new Set<string>();
  for (let bit = 0; bit < res.length * 8; bit++) {
    const m = res.slice();
    m[bit >> 3]! ^= 1 << (bit & 7);
    try {
      req.openResponse(m);
      assert.fail(`bit ${bit} went unnoticed`);
    } catch (e) {
      assert.ok(e instanceof ChannelError, String(e));
      resCodes.add(e.code);
      assertNoSecretIn(e, body);
    }
  }
  assert.deepEqual([...resCodes].sort(), ['bad-response', 'too-large', 'unsupported-version']);
  for (const cut of [0, 10, 47, 48, req.bytes.length - 1]) {
    assert.equal(
      codeOf(() =>
        openRequest(a.key, a.agentId, req.bytes.subarray(0, cut), { now: T0, replayCache: new ReplayCache() }),
      ),
      'bad-request',
    );
  }
});

test('a pending response sealer travels in a snapshot and seals the same response', () => {
  const a = agent();
  const req = sealRequest(a.target, text('long call'), { now: T0 });
  const opened = openRequest(a.key, a.agentId, req.bytes, { now: T0, replayCache: a.replayCache });
  const moved = ResponseSealer.fromBytes(opened.responder.toBytes());
  assert.equal(JSON.stringify(moved), '{"kind":"ResponseSealer","used":false}');
  assert.deepEqual(req.openResponse(moved.seal(text('done elsewhere'))).body, text('done elsewhere'));
  assert.equal(
    codeOf(() => ResponseSealer.fromBytes(new Uint8Array(10))),
    'bad-state',
  );
});

test("fixed inputs give fixed bytes (the protocol document's example depends on it)", () => {
  const key = AgentKey.derive(new Uint8Array(32).fill(0x11));
  const target = { agentId: 'shop', agentPublicKey: key.publicKey };
  const o = { now: T0, clientNonce: new Uint8Array(16).fill(0x22), ikmE: new Uint8Array(32).fill(0x33) };
  assert.deepEqual(sealRequest(target, text('hi'), o).bytes, sealRequest(target, text('hi'), o).bytes);
});
