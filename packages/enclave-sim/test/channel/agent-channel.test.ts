/**
 * `AgentChannel`: the agent's whole channel state in one object — attested with a real quote, opening requests,
 * and carried through its serialised form (key and replay cache both survive).
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AgentChannel } from '../../src/channel/agent-channel.js';
import { agentAttestationReportData, verifyAgentAttestation } from '../../src/channel/attestation.js';
import { sealRequest } from '../../src/channel/client-side.js';
import { ChannelError } from '../../src/channel/errors.js';
import { sha256 } from '../../src/crypto.js';
import { enclaveOn, newPlatform, vendor } from '../helpers.js';

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

test('an agent channel is attested, opens requests, and travels whole through its serialised form', () => {
  const moduleHash = sha256(text('module'));
  const ch = AgentChannel.create('wallet', moduleHash);
  assert.deepEqual(
    ch.reportData(),
    agentAttestationReportData({ agentId: 'wallet', agentPublicKey: ch.publicKey, moduleHash }),
  );
  const enclave = enclaveOn(newPlatform());
  const agent = verifyAgentAttestation(ch.attestation(enclave.quote(ch.reportData())), {
    trustedRoot: vendor().certificate,
    mrEnclave: enclave.identity.mrEnclave,
    moduleHash,
    agentId: 'wallet',
  });
  const first = sealRequest(agent, text('deposit 5'), { now: T0 });
  const opened = ch.open(first.bytes, T0);
  assert.deepEqual(opened.body, text('deposit 5'));
  assert.deepEqual(first.openResponse(opened.responder.seal(text('ok'))).body, text('ok'));

  // the agent moves: its channel travels inside the snapshot and is restored on another platform
  const bytes = ch.toBytes();
  const moved = AgentChannel.fromBytes(bytes);
  assert.deepEqual(moved.publicKey, ch.publicKey);
  assert.deepEqual(moved.moduleHash, moduleHash);
  assert.equal(moved.agentId, 'wallet');
  assert.equal(moved.heldRequests, 1);
  assert.deepEqual(moved.toBytes(), bytes);
  assert.equal(
    codeOf(() => moved.open(first.bytes, T0 + 1)),
    'replayed-request',
    'the replay cache came along',
  );
  const second = sealRequest(agent, text('withdraw 2'), { now: T0 + 2 });
  assert.deepEqual(moved.open(second.bytes, T0 + 2).body, text('withdraw 2'));

  // the serialised AGENTKEY starts after magic, version, id length, "wallet", module hash and its own length
  assert.equal(Buffer.from(bytes.subarray(50, 54)).toString('latin1'), 'EDAK');
  const privateKey = Buffer.from(bytes.subarray(58, 90)).toString('hex');
  assert.ok(JSON.stringify(moved).startsWith('{"kind":"AgentChannel","agentId":"wallet"'));
  assert.ok(!JSON.stringify(moved).includes(privateKey) && !JSON.stringify(ch).includes(privateKey));
});

test('a malformed agent channel is refused', () => {
  const bytes = AgentChannel.create('a', sha256(text('m'))).toBytes();
  const bad = (f: (b: Uint8Array) => Uint8Array) => codeOf(() => AgentChannel.fromBytes(f(bytes.slice())));
  assert.equal(
    bad((b) => b.subarray(0, b.length - 1)),
    'bad-state',
  );
  assert.equal(
    bad((b) => new Uint8Array([...b, 0])),
    'bad-state',
  );
  assert.equal(
    bad((b) => ((b[0] = 0x58), b)),
    'bad-state',
  );
  assert.equal(
    bad((b) => ((b[5] = 7), b)),
    'unsupported-version',
  );
  assert.equal(
    bad((b) => ((b[7] = 0), b)),
    'bad-state',
    'an empty agent id',
  );
  assert.equal(
    bad((b) => ((b[8] = 0xff), b)),
    'bad-state',
    'an agent id that is not UTF-8',
  );
  assert.throws(() => AgentChannel.create('', sha256(text('m'))), RangeError);
  assert.throws(() => AgentChannel.create('a', new Uint8Array(31)), RangeError);
});
