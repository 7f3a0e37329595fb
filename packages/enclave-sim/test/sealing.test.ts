/**
 * Sealing: key policies, SVN rules, wrong platform/enclave/signer, associated data, every bit flip of a
 * sealed blob, and rollback refusal through monotonic counters.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EnclaveError } from '../src/errors.js';
import { EnclaveSigner } from '../src/manifest.js';
import { Platform } from '../src/platform.js';
import { parseSealedHeader, SEALED_OVERHEAD } from '../src/sealing.js';
import {
  assertEnclaveError,
  assertNoSecretIn,
  enclaveOn,
  flipEveryBit,
  newPlatform,
  provisioned,
  tempDir,
} from './helpers.js';

const secret = Buffer.from('the agent keeps this to itself');

test('seal and unseal round-trip with associated data in the clear', () => {
  const e = enclaveOn(newPlatform());
  const aad = Buffer.from('agent-42/state');
  const blob = e.seal(secret, { aad });
  assert.equal(blob.length, SEALED_OVERHEAD + aad.length + secret.length);
  assert.ok(!Buffer.from(blob).includes(secret), 'ciphertext does not contain the plaintext');
  const out = e.unseal(blob, aad);
  assert.deepEqual(Buffer.from(out.data), secret);
  assert.deepEqual(Buffer.from(out.aad), aad);
  assert.equal(parseSealedHeader(blob).keyPolicy, 'mrenclave');
  assertEnclaveError(() => e.unseal(blob, Buffer.from('agent-43/state')), 'bad-mac');
  assert.deepEqual(e.unseal(e.seal(new Uint8Array(0))).data, new Uint8Array(0));
});

test('policy mrenclave: another measurement, even by the same signer, cannot unseal', () => {
  const p = newPlatform();
  const blob = enclaveOn(p, { name: 'v1' }).seal(secret);
  assertEnclaveError(() => enclaveOn(p, { name: 'v2' }).unseal(blob), 'bad-mac');
  assert.deepEqual(Buffer.from(enclaveOn(p, { name: 'v1' }).unseal(blob).data), secret);
});

test('policy mrsigner: a newer version of the same product opens it, an older one never does', () => {
  const p = newPlatform();
  const v2 = enclaveOn(p, { name: 'v2', isvSvn: 2 });
  const blob = v2.seal(secret, { keyPolicy: 'mrsigner' });
  assert.deepEqual(Buffer.from(enclaveOn(p, { name: 'v3', isvSvn: 3 }).unseal(blob).data), secret);
  assert.deepEqual(Buffer.from(enclaveOn(p, { name: 'v2 rebuilt', isvSvn: 2 }).unseal(blob).data), secret);
  assertEnclaveError(() => enclaveOn(p, { name: 'v1', isvSvn: 1 }).unseal(blob), 'invalid-isvsvn');
  assertEnclaveError(() => enclaveOn(p, { name: 'v3', isvSvn: 3, isvProdId: 2 }).unseal(blob), 'bad-mac');
  assertEnclaveError(
    () => enclaveOn(p, { name: 'v3', isvSvn: 3, author: EnclaveSigner.generate() }).unseal(blob),
    'bad-mac',
  );
  assertEnclaveError(() => enclaveOn(p, { name: 'v3', isvSvn: 3, debug: true }).unseal(blob), 'bad-mac');
});

test('a blob sealed at a lower cpuSvn opens after a TCB update; one sealed after it does not open on the old level', () => {
  const dir = tempDir();
  const old = provisioned(dir, 1);
  const before = enclaveOn(old).seal(secret);
  const updated = provisioned(dir, 2);
  assert.deepEqual(Buffer.from(enclaveOn(updated).unseal(before).data), secret);
  const after = enclaveOn(updated).seal(secret);
  assert.equal(parseSealedHeader(after).cpuSvn, 2);
  const downgraded = provisioned(dir, 1);
  assertEnclaveError(() => enclaveOn(downgraded).unseal(after), 'invalid-cpusvn');
});

test('another platform cannot unseal, and errors carry no secret', () => {
  const blob = enclaveOn(newPlatform()).seal(secret);
  try {
    enclaveOn(newPlatform()).unseal(blob);
    assert.fail('unsealed on another platform');
  } catch (e) {
    assert.ok(e instanceof EnclaveError && e.code === 'bad-mac');
    assertNoSecretIn(e, secret);
  }
});

test('flipping any bit of a sealed blob is detected', () => {
  const e = enclaveOn(newPlatform());
  const blob = e.seal(secret, { aad: Buffer.from('aad!'), counter: e.createCounter() });
  const { checked, codes } = flipEveryBit(
    blob,
    (m) => e.unseal(m),
    1,
    (err) => assertNoSecretIn(err, secret),
  );
  assert.equal(checked, blob.length * 8);
  assert.ok(codes.has('bad-mac') && codes.has('malformed'));
});

test('a blob bound to a counter: only the latest opens; older copies are rolled back', () => {
  const dir = tempDir();
  const e = enclaveOn(provisioned(dir));
  const counter = e.createCounter();
  const s1 = e.seal(Buffer.from('state 1'), { counter });
  const s2 = e.seal(Buffer.from('state 2'), { counter });
  assert.equal(e.readCounter(counter), 2);
  assert.equal(Buffer.from(e.unseal(s2).data).toString(), 'state 2');
  assertEnclaveError(() => e.unseal(s1), 'rolled-back');
  const restarted = enclaveOn(Platform.open(dir));
  assertEnclaveError(() => restarted.unseal(s1), 'rolled-back');
  assert.equal(Buffer.from(restarted.unseal(s2).data).toString(), 'state 2');
  restarted.destroyCounter(counter);
  assertEnclaveError(() => restarted.unseal(s2), 'unknown-counter');
});

test('bad arguments are misuse, not enclave errors', () => {
  const e = enclaveOn(newPlatform());
  assert.throws(() => e.seal('text' as unknown as Uint8Array), TypeError);
  assert.throws(() => e.seal(secret, { keyPolicy: 'mrsomething' as never }), TypeError);
  assert.throws(() => e.unseal(null as unknown as Uint8Array), TypeError);
});
