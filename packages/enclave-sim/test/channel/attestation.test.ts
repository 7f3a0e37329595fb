/**
 * Agent keys and agent attestations: the key's serialised form, the attestation's binding of key, agent id and
 * module hash into the quote, every policy check, and tampering with every bit.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AgentKey, generateAgentKey } from '../../src/channel/agent-key.js';
import {
  type AgentPolicy,
  agentAttestationReportData,
  encodeAgentAttestation,
  parseAgentAttestation,
  verifyAgentAttestation,
} from '../../src/channel/attestation.js';
import { ChannelError } from '../../src/channel/errors.js';
import { sha256 } from '../../src/crypto.js';
import { VendorRoot } from '../../src/vendor-root.js';
import { enclaveOn, newPlatform } from '../helpers.js';
import { attestedAgent } from './attested-agent.js';

function codeOf(f: () => unknown): string {
  try {
    f();
    return 'accepted';
  } catch (e) {
    if (!(e instanceof ChannelError)) throw e;
    return e.reason === undefined ? e.code : `${e.code}/${e.reason}`;
  }
}

test('an agent key round-trips through its serialised form and prints no secret', () => {
  const key = generateAgentKey();
  const bytes = key.toBytes();
  assert.equal(bytes.length, 72);
  const again = AgentKey.fromBytes(bytes);
  assert.deepEqual(again.publicKey, key.publicKey);
  assert.deepEqual(again.toBytes(), bytes);
  const secret = Buffer.from(bytes.subarray(8, 40)).toString('hex');
  assert.ok(!JSON.stringify(key).includes(secret) && !String(key).includes(secret));
  const wrongPublic = bytes.slice();
  wrongPublic[71]! ^= 1;
  assert.equal(
    codeOf(() => AgentKey.fromBytes(wrongPublic)),
    'bad-state',
  );
  const v2 = bytes.slice();
  v2[5] = 2;
  assert.equal(
    codeOf(() => AgentKey.fromBytes(v2)),
    'unsupported-version',
  );
  assert.equal(
    codeOf(() => AgentKey.fromBytes(bytes.subarray(0, 71))),
    'bad-state',
  );
  assert.deepEqual(
    AgentKey.derive(new Uint8Array(32).fill(3)).publicKey,
    AgentKey.derive(new Uint8Array(32).fill(3)).publicKey,
  );
});

test('the report data binds the agent id, the key and the module hash', () => {
  const key = generateAgentKey();
  const base = { agentId: 'shop', agentPublicKey: key.publicKey, moduleHash: sha256(Uint8Array.of(1)) };
  const rd = agentAttestationReportData(base);
  assert.equal(rd.length, 64);
  assert.deepEqual(rd.subarray(32), new Uint8Array(32));
  const variants = [
    { ...base, agentId: 'shop2' },
    { ...base, agentPublicKey: generateAgentKey().publicKey },
    { ...base, moduleHash: sha256(Uint8Array.of(2)) },
  ];
  for (const v of variants) assert.notDeepEqual(agentAttestationReportData(v), rd);
  assert.throws(() => agentAttestationReportData({ ...base, agentId: '' }), RangeError);
  assert.throws(() => agentAttestationReportData({ ...base, agentId: 'x'.repeat(257) }), RangeError);
});

test('a genuine attestation verifies against mrEnclave or mrSigner policies and states what it binds', () => {
  const a = attestedAgent({ enclave: { name: 'runtime v1', isvProdId: 7, isvSvn: 3 } });
  const id = a.enclave.identity;
  const byMeasurement = verifyAgentAttestation(a.attestation, {
    trustedRoot: a.trustedRoot,
    mrEnclave: id.mrEnclave,
    agentId: 'shop',
  });
  assert.equal(byMeasurement.agentId, 'shop');
  assert.deepEqual(byMeasurement.agentPublicKey, a.key.publicKey);
  assert.deepEqual(byMeasurement.moduleHash, a.moduleHash);
  assert.deepEqual(byMeasurement.platformId, a.enclave.platform.platformId);
  const bySigner = verifyAgentAttestation(a.attestation, {
    trustedRoot: a.trustedRoot,
    mrSigner: id.mrSigner,
    isvProdId: 7,
    minIsvSvn: 3,
    moduleHash: a.moduleHash,
    agentPublicKey: a.key.publicKey,
  });
  assert.equal(bySigner.identity.isvSvn, 3);
  const parsed = parseAgentAttestation(a.attestation);
  assert.deepEqual(encodeAgentAttestation(parsed), a.attestation);
});

test('every policy check refuses with attestation-mismatch and says which', () => {
  const a = attestedAgent({ enclave: { name: 'runtime v1', isvProdId: 7, isvSvn: 3 } });
  const id = a.enclave.identity;
  const ok: AgentPolicy = { trustedRoot: a.trustedRoot, mrSigner: id.mrSigner, isvProdId: 7 };
  const refused = (p: Partial<AgentPolicy>) => codeOf(() => verifyAgentAttestation(a.attestation, { ...ok, ...p }));
  assert.equal(refused({}), 'accepted');
  assert.equal(
    refused({ mrSigner: undefined, mrEnclave: sha256(Uint8Array.of(9)) }),
    'attestation-mismatch/measurement-mismatch',
  );
  assert.equal(refused({ mrSigner: sha256(Uint8Array.of(9)) }), 'attestation-mismatch/signer-mismatch');
  assert.equal(refused({ isvProdId: 8 }), 'attestation-mismatch/product-mismatch');
  assert.equal(refused({ minIsvSvn: 4 }), 'attestation-mismatch/svn-too-low');
  assert.equal(refused({ minCpuSvn: 2 }), 'attestation-mismatch/tcb-out-of-date');
  assert.equal(refused({ agentId: 'other' }), 'attestation-mismatch/agent-id');
  assert.equal(refused({ agentPublicKey: generateAgentKey().publicKey }), 'attestation-mismatch/agent-key');
  assert.equal(refused({ moduleHash: sha256(Uint8Array.of(9)) }), 'attestation-mismatch/module-hash');
  assert.match(
    refused({ trustedRoot: VendorRoot.generate().certificate }),
    /^attestation-mismatch\/(untrusted-root|bad-certificate)$/,
  );
  assert.throws(() => verifyAgentAttestation(a.attestation, { ...ok, mrSigner: undefined }), TypeError);
});

test('a debug enclave is refused unless the policy allows it', () => {
  const a = attestedAgent({ enclave: { name: 'debug runtime', debug: true } });
  const p = { trustedRoot: a.trustedRoot, mrEnclave: a.enclave.identity.mrEnclave };
  assert.equal(
    codeOf(() => verifyAgentAttestation(a.attestation, p)),
    'attestation-mismatch/debug-not-allowed',
  );
  assert.equal(
    codeOf(() => verifyAgentAttestation(a.attestation, { ...p, allowDebug: true })),
    'accepted',
  );
});

test('a quote over other report data, or a host-chosen key, does not verify', () => {
  const a = attestedAgent();
  const p = { trustedRoot: a.trustedRoot, mrEnclave: a.enclave.identity.mrEnclave };
  // the host swaps in its own key, keeping the enclave's quote
  const parsed = parseAgentAttestation(a.attestation);
  const swapped = encodeAgentAttestation({ ...parsed, agentPublicKey: generateAgentKey().publicKey });
  assert.equal(
    codeOf(() => verifyAgentAttestation(swapped, p)),
    'attestation-mismatch/report-data-mismatch',
  );
  // a quote from another enclave that does bind the key
  const impostor = attestedAgent({ key: a.key, enclave: { name: 'impostor' } });
  assert.equal(
    codeOf(() => verifyAgentAttestation(impostor.attestation, p)),
    'attestation-mismatch/measurement-mismatch',
  );
});

test('flipping any bit of an attestation is refused', () => {
  const a = attestedAgent();
  const p = { trustedRoot: a.trustedRoot, mrEnclave: a.enclave.identity.mrEnclave };
  const seen = new Set<string>();
  // every bit of the fields (the 86 bytes before the quote, agent id "shop"), one bit in 29 of the quote (the
  // quote verifier itself is tested bit by bit in quote.test.ts)
  for (let bit = 0; bit < a.attestation.length * 8; bit += bit < 8 * 86 ? 1 : 29) {
    const m = a.attestation.slice();
    m[bit >> 3]! ^= 1 << (bit & 7);
    const code = codeOf(() => verifyAgentAttestation(m, p));
    assert.notEqual(code, 'accepted', `bit ${bit}`);
    seen.add(code.split('/')[0]!);
  }
  assert.deepEqual([...seen].sort(), ['attestation-mismatch', 'bad-attestation', 'unsupported-version']);
  assert.equal(
    codeOf(() => parseAgentAttestation(a.attestation.subarray(0, 100))),
    'bad-attestation',
  );
  assert.equal(
    codeOf(() => parseAgentAttestation(new Uint8Array([...a.attestation, 0]))),
    'bad-attestation',
  );
});

test('the attestation of an agent re-attested on another platform carries the same key', () => {
  const first = attestedAgent();
  const second = attestedAgent({ key: first.key, onEnclave: enclaveOn(newPlatform()) });
  const p = {
    trustedRoot: first.trustedRoot,
    mrEnclave: first.enclave.identity.mrEnclave,
    agentPublicKey: first.key.publicKey,
  };
  const a = verifyAgentAttestation(first.attestation, p);
  const b = verifyAgentAttestation(second.attestation, p);
  assert.notDeepEqual(a.platformId, b.platformId);
  assert.deepEqual(a.agentPublicKey, b.agentPublicKey);
});
