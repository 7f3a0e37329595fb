/**
 * Sealing in parts, into a given buffer, and with seal keys kept for a run of blobs: the blobs open exactly as
 * blobs sealed one by one, each has its own nonce, and one key derivation serves many blobs.
 * @module
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KeyName, type KeyRequest } from '../src/key-derivation.js';
import { parseSealedHeader, SEALED_OVERHEAD, SealKeyCache, sealBytes, unsealBytes } from '../src/sealing.js';
import { assertEnclaveError } from './helpers.js';

function keySource(): { getKey: (r: KeyRequest) => Uint8Array; calls: () => number } {
  let n = 0;
  return {
    getKey: (r) => {
      n++;
      assert.equal(r.keyName, KeyName.Seal);
      // a key that depends on the request's key id (as EGETKEY's does)
      const k = new Uint8Array(32);
      for (let i = 0; i < 32; i++) k[i] = (r.keyId[i]! ^ (r.keyPolicy === 'mrenclave' ? 0x5a : 0xa5)) & 0xff;
      return k;
    },
    calls: () => n,
  };
}
const svns = { isvSvn: 1, cpuSvn: 1 };

test('a plaintext sealed in parts opens as the joined bytes', () => {
  const { getKey } = keySource();
  const parts = [new Uint8Array([1, 2, 3]), new Uint8Array(40_000).fill(7), new Uint8Array(0), new Uint8Array([9])];
  const joined = Buffer.concat(parts);
  const aad = new Uint8Array([0xaa, 0xbb]);
  const blob = sealBytes(getKey, svns, parts, { keyPolicy: 'mrenclave', aad });
  assert.equal(blob.length, SEALED_OVERHEAD + aad.length + joined.length);
  const { plaintext, header } = unsealBytes(getKey, blob);
  assert.deepEqual(Buffer.from(plaintext), joined);
  assert.deepEqual(header.aad, aad);
  const flipped = blob.slice();
  flipped[blob.length - 40]! ^= 1;
  assertEnclaveError(() => unsealBytes(getKey, flipped), 'bad-mac');
});

test('a blob is sealed into a buffer of exactly its size, else into a new one', () => {
  const { getKey } = keySource();
  const data = new Uint8Array(1000).fill(3);
  const into = new Uint8Array(SEALED_OVERHEAD + data.length).fill(0xee);
  const blob = sealBytes(getKey, svns, data, { keyPolicy: 'mrenclave', into });
  assert.equal(blob, into);
  assert.deepEqual(unsealBytes(getKey, blob).plaintext, data);
  const wrong = new Uint8Array(into.length + 1);
  assert.notEqual(sealBytes(getKey, svns, data, { keyPolicy: 'mrenclave', into: wrong }), wrong);
});

test('a key cache derives one key per policy for a run of blobs, each with its own nonce', () => {
  const src = keySource();
  const keys = new SealKeyCache(src.getKey, svns);
  const blobs = Array.from({ length: 50 }, (_, i) =>
    sealBytes(src.getKey, svns, new Uint8Array([i]), { keyPolicy: 'mrenclave', keys }),
  );
  const signer = sealBytes(src.getKey, svns, new Uint8Array([1]), { keyPolicy: 'mrsigner', keys });
  assert.equal(src.calls(), 2, 'one derivation per policy');
  const ids = new Set(blobs.map((b) => Buffer.from(b.subarray(24, 56)).toString('hex')));
  assert.equal(ids.size, 1, 'they share the key id');
  assert.equal(parseSealedHeader(signer).keyPolicy, 'mrsigner');
  const ivs = new Set(blobs.map((b) => Buffer.from(b.subarray(56, 68)).toString('hex')));
  assert.equal(ivs.size, blobs.length, 'every blob has its own nonce');
  // each opens with a key derived from its header alone, as any blob does
  const fresh = keySource();
  for (const [i, b] of blobs.entries()) assert.deepEqual(unsealBytes(fresh.getKey, b).plaintext, new Uint8Array([i]));
  assert.deepEqual(unsealBytes(fresh.getKey, signer).plaintext, new Uint8Array([1]));
  // a blob sealed without the cache still derives its own key
  sealBytes(src.getKey, svns, new Uint8Array([1]), { keyPolicy: 'mrenclave' });
  assert.equal(src.calls(), 3);
});

test('a key cache derives a new key after 65,536 blobs under one policy and clears the old one', () => {
  const src = keySource();
  const keys = new SealKeyCache(src.getKey, svns);
  const first = keys.take('mrenclave');
  const firstId = Buffer.from(first.keyId).toString('hex');
  for (let i = 1; i < 1 << 16; i++) assert.equal(keys.take('mrenclave').key, first.key);
  assert.equal(src.calls(), 1, 'one derivation for the first 65,536 uses');
  const next = keys.take('mrenclave');
  assert.equal(src.calls(), 2, 'a new key for the 65,537th');
  assert.notEqual(Buffer.from(next.keyId).toString('hex'), firstId);
  assert.ok(
    first.key.every((b) => b === 0),
    'the retired key is cleared',
  );
});
