/**
 * HPKE against RFC 9180's published vectors (Appendix A.1.1 with AES-128-GCM, A.2.1 with ChaCha20-Poly1305):
 * DeriveKeyPair, Encap/Decap, the key schedule, every listed sequence number (the nonce rule) and the exporter,
 * on both the sender and the recipient side; then the channel suite (AES-256-GCM) against a vector made by an
 * independent implementation, and the failure cases.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromHex, toHex } from '../../src/bytes.js';
import { ChannelError } from '../../src/channel/errors.js';
import {
  CHANNEL_SUITE,
  decap,
  deriveKeyPair,
  encap,
  type HpkeSuite,
  keyPairFromPrivate,
  setupBaseR,
  setupBaseS,
} from '../../src/channel/hpke.js';
import { CROSS_CHECK_VECTORS } from './hpke-cross-vectors.js';
import { type HpkeVector, RFC9180_VECTORS } from './rfc9180-vectors.js';

function check(v: HpkeVector): void {
  const suite: HpkeSuite = { kemId: v.kemId, kdfId: v.kdfId, aeadId: v.aeadId };
  const info = fromHex(v.info);
  const e = deriveKeyPair(fromHex(v.ikmE));
  assert.equal(toHex(e.sk), v.skEm, 'DeriveKeyPair(ikmE).sk');
  assert.equal(toHex(e.pk), v.pkEm, 'DeriveKeyPair(ikmE).pk');
  const r = deriveKeyPair(fromHex(v.ikmR));
  assert.equal(toHex(r.sk), v.skRm, 'DeriveKeyPair(ikmR).sk');
  assert.equal(toHex(r.pk), v.pkRm, 'DeriveKeyPair(ikmR).pk');
  const recipient = keyPairFromPrivate(fromHex(v.skRm));
  assert.equal(toHex(recipient.publicKey), v.pkRm);

  const kem = encap(fromHex(v.pkRm), fromHex(v.ikmE));
  assert.equal(toHex(kem.enc), v.enc, 'Encap enc');
  assert.equal(toHex(decap(fromHex(v.enc), recipient)), toHex(kem.sharedSecret), 'Decap and Encap agree');
  if (v.sharedSecret !== undefined) assert.equal(toHex(kem.sharedSecret), v.sharedSecret, 'Encap shared_secret');

  const { enc, context: sender } = setupBaseS(suite, fromHex(v.pkRm), info, { ikmE: fromHex(v.ikmE) });
  assert.equal(toHex(enc), v.enc);
  const receiver = setupBaseR(suite, fromHex(v.enc), recipient, info);
  const last = v.encryptions[v.encryptions.length - 1]!.seq;
  const pt = fromHex(v.encryptions[0]!.pt);
  for (let seq = 0; seq <= last; seq++) {
    const listed = v.encryptions.find((x) => x.seq === seq);
    assert.equal(sender.sequence, seq);
    if (listed === undefined) {
      // advance both sides through the sequence numbers the RFC does not list
      const aad = new TextEncoder().encode(`Count-${seq}`);
      assert.deepEqual(receiver.open(aad, sender.seal(aad, pt)), pt);
      continue;
    }
    if (listed.nonce !== undefined)
      assert.equal(toHex(xorSeq(fromHex(v.encryptions[0]!.nonce!), seq)), listed.nonce, 'nonce rule');
    const ct = sender.seal(fromHex(listed.aad), fromHex(listed.pt));
    assert.equal(toHex(ct), listed.ct, `${v.source} seq ${seq}`);
    assert.equal(toHex(receiver.open(fromHex(listed.aad), ct)), listed.pt);
  }
  for (const x of v.exports) {
    assert.equal(toHex(sender.export(fromHex(x.context), x.length)), x.value, `${v.source} export ${x.context}`);
    assert.equal(toHex(receiver.export(fromHex(x.context), x.length)), x.value);
  }
}

/** The RFC's `ComputeNonce`, written out independently: base_nonce XOR I2OSP(seq, 12). */
function xorSeq(base: Uint8Array, seq: number): Uint8Array {
  const out = base.slice();
  const view = new DataView(out.buffer);
  view.setUint32(8, view.getUint32(8) ^ seq);
  return out;
}

for (const v of RFC9180_VECTORS) test(`HPKE matches ${v.source}`, () => check(v));
for (const v of CROSS_CHECK_VECTORS) test(`HPKE matches ${v.source}`, () => check(v));

test('a context opens nothing it did not expect, and a failed open does not advance the sequence', () => {
  const r = keyPairFromPrivate(deriveKeyPair(new Uint8Array(32).fill(7)).sk);
  const info = new TextEncoder().encode('info');
  const { enc, context: s } = setupBaseS(CHANNEL_SUITE, r.publicKey, info);
  const rc = setupBaseR(CHANNEL_SUITE, enc, r, info);
  const aad = Uint8Array.of(1, 2, 3);
  const ct0 = s.seal(aad, Uint8Array.of(9));
  const ct1 = s.seal(aad, Uint8Array.of(10));
  const codeOf = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      assert.ok(e instanceof ChannelError);
      return e.code;
    }
    return 'accepted';
  };
  assert.equal(
    codeOf(() => rc.open(aad, ct1)),
    'open-failed',
    'out of order',
  );
  assert.equal(
    codeOf(() => rc.open(Uint8Array.of(1, 2), ct0)),
    'open-failed',
    'other aad',
  );
  const flipped = ct0.slice();
  flipped[0]! ^= 1;
  assert.equal(
    codeOf(() => rc.open(aad, flipped)),
    'open-failed',
    'tampered',
  );
  assert.equal(rc.sequence, 0);
  assert.deepEqual(rc.open(aad, ct0), Uint8Array.of(9));
  assert.deepEqual(rc.open(aad, ct1), Uint8Array.of(10));
  // another info gives another key schedule
  const other = setupBaseR(CHANNEL_SUITE, enc, r, new TextEncoder().encode('other'));
  assert.equal(
    codeOf(() => other.open(aad, ct0)),
    'open-failed',
  );
  assert.notEqual(toHex(other.export(new Uint8Array(0), 32)), toHex(rc.export(new Uint8Array(0), 32)));
});

test('small-order and malformed keys are refused (RFC 9180 §7.1.4)', () => {
  const r = keyPairFromPrivate(deriveKeyPair(new Uint8Array(32).fill(1)).sk);
  const codes: string[] = [];
  for (const pk of [new Uint8Array(32), Uint8Array.of(1, ...new Uint8Array(31)), new Uint8Array(31)]) {
    try {
      setupBaseS(CHANNEL_SUITE, pk, new Uint8Array(0));
      codes.push('accepted');
    } catch (e) {
      codes.push(e instanceof ChannelError ? e.code : String(e));
    }
    try {
      setupBaseR(CHANNEL_SUITE, pk, r, new Uint8Array(0));
      codes.push('accepted');
    } catch (e) {
      codes.push(e instanceof ChannelError ? e.code : String(e));
    }
  }
  assert.deepEqual(codes, ['bad-key', 'bad-key', 'bad-key', 'bad-key', 'bad-key', 'bad-key']);
});

test('unsupported suites and export lengths are refused as misuse', () => {
  const r = deriveKeyPair(new Uint8Array(32).fill(2));
  assert.throws(() => setupBaseS({ kemId: 0x10, kdfId: 1, aeadId: 2 }, r.pk, new Uint8Array(0)), TypeError);
  assert.throws(() => setupBaseS({ kemId: 0x20, kdfId: 1, aeadId: 0xffff }, r.pk, new Uint8Array(0)), TypeError);
  const { context } = setupBaseS(CHANNEL_SUITE, r.pk, new Uint8Array(0));
  assert.equal(context.export(new Uint8Array(0), 255 * 32).length, 255 * 32);
  assert.throws(() => context.export(new Uint8Array(0), 255 * 32 + 1), RangeError);
  assert.equal(JSON.stringify(context), '{"kind":"HpkeContext","sequence":0}');
});
