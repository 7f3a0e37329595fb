/**
 * Every parser of bytes that cross a trust boundary refuses malformed input with a `ChannelError` and nothing
 * else (no RangeError from a DataView, no TypeError, no crash): arbitrary bytes, and genuine structures cut,
 * extended or overwritten at random.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { AgentChannel } from '../../src/channel/agent-channel.js';
import { AgentKey } from '../../src/channel/agent-key.js';
import { openRequest, ResponseSealer } from '../../src/channel/agent-side.js';
import { parseAgentAttestation } from '../../src/channel/attestation.js';
import { sealRequest } from '../../src/channel/client-side.js';
import { ChannelError } from '../../src/channel/errors.js';
import { ReplayCache } from '../../src/channel/replay-cache.js';
import { sha256 } from '../../src/crypto.js';
import { attestedAgent } from './attested-agent.js';

const T0 = 1_800_000_000_000;
const key = AgentKey.generate();
const target = { agentId: 'shop', agentPublicKey: key.publicKey };
const request = sealRequest(target, new TextEncoder().encode('a body'), { now: T0 });
const opened = openRequest(key, 'shop', request.bytes, { now: T0, replayCache: new ReplayCache() });
const response = opened.responder.seal(new TextEncoder().encode('an answer'));
const cache = new ReplayCache();
cache.admit(new Uint8Array(32).fill(1), T0, T0);
const channel = AgentChannel.create('shop', sha256(Uint8Array.of(1)));
const pending = openRequest(key, 'shop', sealRequest(target, new Uint8Array(0), { now: T0 }).bytes, {
  now: T0,
  replayCache: new ReplayCache(),
}).responder.toBytes();

const parsers: Record<string, { genuine: Uint8Array; parse: (b: Uint8Array) => unknown }> = {
  REQUEST: {
    genuine: request.bytes,
    parse: (b) => openRequest(key, 'shop', b, { now: T0, replayCache: new ReplayCache() }),
  },
  RESPONSE: { genuine: response, parse: (b) => request.openResponse(b) },
  AGENTATTESTATION: { genuine: attestedAgent().attestation, parse: (b) => parseAgentAttestation(b) },
  AGENTKEY: { genuine: key.toBytes(), parse: (b) => AgentKey.fromBytes(b) },
  REPLAYCACHE: { genuine: cache.toBytes(), parse: (b) => ReplayCache.fromBytes(b) },
  AGENTCHANNEL: { genuine: channel.toBytes(), parse: (b) => AgentChannel.fromBytes(b) },
  PENDINGRESPONSE: { genuine: pending, parse: (b) => ResponseSealer.fromBytes(b) },
};

function onlyChannelErrors(parse: (b: Uint8Array) => unknown, bytes: Uint8Array): void {
  try {
    parse(bytes);
  } catch (e) {
    assert.ok(e instanceof ChannelError, `not a ChannelError: ${String(e)}`);
  }
}

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('extend' as const), extra: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
);

for (const [name, p] of Object.entries(parsers)) {
  test(`${name}: arbitrary and mutated bytes are refused with a ChannelError only`, () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => onlyChannelErrors(p.parse, b)),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) => {
        let b = p.genuine.slice();
        for (const m of ms) {
          if (m.kind === 'cut') b = b.subarray(0, m.at % (b.length + 1));
          else if (m.kind === 'extend') b = new Uint8Array([...b, ...m.extra]);
          else if (b.length > 0) b[m.at % b.length] = m.value;
        }
        onlyChannelErrors(p.parse, b);
      }),
      { numRuns: 300 },
    );
  });
}
