/**
 * The relay store: a result is kept only under an id that was expected, given once, and an unknown or taken id
 * is refused at once; the ids a session derives are secret to its key and differ by purpose.
 * @module
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { relayIdOf, settleProofOf } from '../src/enclave/session-secrets.js';
import { RelayStore } from '../src/node/relays.js';

describe('relays', () => {
  it('gives an expected result once, waits for one not there yet, refuses unknown ids at once', async () => {
    const s = new RelayStore();
    assert.equal(s.take('x'.repeat(64)), null);
    s.put('a', { kind: 'response', body: new Uint8Array([1]), sealed: false });
    assert.equal(s.take('a'), null, 'a result under an id never expected is not kept');
    s.expect('b');
    s.put('b', { kind: 'response', body: new Uint8Array([2]), sealed: false });
    assert.deepEqual(await s.take('b'), { kind: 'response', body: new Uint8Array([2]), sealed: false });
    assert.equal(s.take('b'), null, 'single use');
    s.expect('c');
    const waiting = s.take('c', 5000)!;
    assert.equal(s.take('c'), null, 'one taker');
    s.put('c', { kind: 'response', body: new Uint8Array([3]), sealed: false });
    assert.deepEqual(await waiting, { kind: 'response', body: new Uint8Array([3]), sealed: false });
    assert.equal(s.size, 0);
  });

  it('session secrets depend on the key, the session and the purpose', () => {
    const s = { sessionId: 'ab'.repeat(16), agentId: 'kv', counter: 3n, key: new Uint8Array(randomBytes(32)) };
    assert.match(relayIdOf(s), /^[0-9a-f]{64}$/);
    assert.notEqual(relayIdOf(s), settleProofOf(s));
    assert.notEqual(relayIdOf(s), relayIdOf({ ...s, key: new Uint8Array(randomBytes(32)) }));
    assert.notEqual(relayIdOf(s), relayIdOf({ ...s, sessionId: 'cd'.repeat(16) }));
    assert.equal(relayIdOf(s), relayIdOf({ ...s }));
  });
});
