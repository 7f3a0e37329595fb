/**
 * The node:crypto wrappers against published test vectors (FIPS 180-2, RFC 4231, RFC 5869, the GCM
 * specification's test cases 13 and 14), and the behaviour of the P-256 helpers on bad input.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fromHex, toHex } from '../src/bytes.js';
import {
  aesGcmOpen,
  aesGcmSeal,
  createSha256,
  generateP256,
  hkdfSha256,
  hmacSha256,
  p256PrivateKeyFromPkcs8,
  p256PrivateKeyToPkcs8,
  p256PublicKeyFromRaw,
  p256PublicKeyToRaw,
  p256Sign,
  p256Verify,
  sha256,
} from '../src/crypto.js';
import { assertEnclaveError, assertNoSecretIn } from './helpers.js';

test('SHA-256 of "abc" (FIPS 180-2 appendix B.1), one-shot and streamed', () => {
  const expected = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
  assert.equal(toHex(sha256(Buffer.from('abc'))), expected);
  assert.equal(toHex(sha256(Buffer.from('a'), Buffer.from('bc'))), expected);
  const s = createSha256();
  s.update(Buffer.from('ab'));
  s.update(Buffer.from('c'));
  assert.equal(toHex(s.digest()), expected);
});

test('HMAC-SHA-256 (RFC 4231 test case 2)', () => {
  const tag = hmacSha256(Buffer.from('Jefe'), Buffer.from('what do ya want for nothing?'));
  assert.equal(toHex(tag), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
});

test('HKDF-SHA-256 (RFC 5869 test case 1)', () => {
  const okm = hkdfSha256(
    new Uint8Array(22).fill(0x0b),
    fromHex('000102030405060708090a0b0c'),
    fromHex('f0f1f2f3f4f5f6f7f8f9'),
    42,
  );
  assert.equal(toHex(okm), '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865');
});

test('AES-256-GCM (GCM specification test cases 13 and 14)', () => {
  const key = new Uint8Array(32);
  const iv = new Uint8Array(12);
  assert.equal(toHex(aesGcmSeal(key, iv, new Uint8Array(0), new Uint8Array(0))), '530f8afbc74536b9a963b4f1c4cb738b');
  const sealed = aesGcmSeal(key, iv, new Uint8Array(16), new Uint8Array(0));
  assert.equal(toHex(sealed), 'cea7403d4d606b6e074ec5d3baf39d18' + 'd0d1c8a799996bf0265b98b5d48ab919');
  assert.deepEqual(aesGcmOpen(key, iv, sealed, new Uint8Array(0)), new Uint8Array(16));
});

test('AES-GCM open refuses a changed ciphertext, tag, nonce, key or associated data with bad-mac, and no secret in the error', () => {
  const key = sha256(Buffer.from('k'));
  const iv = new Uint8Array(12).fill(7);
  const aad = Buffer.from('header');
  const secret = Buffer.from('a secret plaintext');
  const sealed = aesGcmSeal(key, iv, secret, aad);
  const bad = sealed.slice();
  bad[0]! ^= 1;
  assertEnclaveError(() => aesGcmOpen(key, iv, bad, aad), 'bad-mac');
  const badTag = sealed.slice();
  badTag[badTag.length - 1]! ^= 0x80;
  assertEnclaveError(() => aesGcmOpen(key, iv, badTag, aad), 'bad-mac');
  assertEnclaveError(() => aesGcmOpen(key, new Uint8Array(12), sealed, aad), 'bad-mac');
  assertEnclaveError(() => aesGcmOpen(sha256(Buffer.from('other')), iv, sealed, aad), 'bad-mac');
  assertEnclaveError(() => aesGcmOpen(key, iv, sealed, Buffer.from('Header')), 'bad-mac');
  assertEnclaveError(() => aesGcmOpen(key, iv, sealed.subarray(0, 8), aad), 'malformed');
  try {
    aesGcmOpen(key, iv, bad, aad);
  } catch (e) {
    assertNoSecretIn(e, key);
    assertNoSecretIn(e, secret);
  }
});

test('P-256: raw public keys round-trip, signatures are 64 bytes and verify only for the signed message and key', () => {
  const a = generateP256();
  const b = generateP256();
  assert.equal(a.publicKey.length, 65);
  assert.equal(a.publicKey[0], 4);
  assert.deepEqual(p256PublicKeyToRaw(p256PublicKeyFromRaw(a.publicKey)), a.publicKey);
  const msg = Buffer.from('message');
  const sig = p256Sign(a.privateKey, msg);
  assert.equal(sig.length, 64);
  assert.ok(p256Verify(a.publicKey, msg, sig));
  assert.ok(!p256Verify(b.publicKey, msg, sig));
  assert.ok(!p256Verify(a.publicKey, Buffer.from('messagf'), sig));
  assert.ok(!p256Verify(a.publicKey, msg, sig.subarray(0, 63)));
  const reloaded = p256PrivateKeyFromPkcs8(p256PrivateKeyToPkcs8(a.privateKey));
  assert.ok(p256Verify(a.publicKey, msg, p256Sign(reloaded, msg)));
});

test('P-256: a point off the curve is malformed and never verifies', () => {
  const { publicKey } = generateP256();
  const off = publicKey.slice();
  off[64]! ^= 1;
  assertEnclaveError(() => p256PublicKeyFromRaw(off), 'malformed');
  assertEnclaveError(() => p256PublicKeyFromRaw(publicKey.subarray(1)), 'malformed');
  assert.equal(p256Verify(off, Buffer.from('m'), new Uint8Array(64)), false);
  assertEnclaveError(() => p256PrivateKeyFromPkcs8(Buffer.from('not a key')), 'malformed');
});
