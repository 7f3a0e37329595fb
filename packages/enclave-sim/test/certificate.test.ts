/**
 * Certificate chain verification under tampering: every bit of each certificate of a platform's chain.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CERTIFICATE_SIZE, trustAnchorKey, verifyChain } from '../src/certificate.js';
import { VendorRoot } from '../src/vendor-root.js';
import { assertEnclaveError, flipEveryBit, newPlatform, vendor } from './helpers.js';

test('flipping any bit of any certificate in the chain breaks verification', () => {
  const chain = newPlatform().certificateChain;
  for (let i = 0; i < 3; i++) {
    const { checked } = flipEveryBit(chain[i]!, (m) => {
      const c = [...chain] as [Uint8Array, Uint8Array, Uint8Array];
      c[i] = m;
      verifyChain(c, vendor().publicKey);
    });
    assert.equal(checked, CERTIFICATE_SIZE * 8);
  }
});

test('certificates in the wrong order, or from another platform, are refused', () => {
  const [ak, pck, root] = newPlatform().certificateChain;
  const [ak2] = newPlatform().certificateChain;
  assertEnclaveError(() => verifyChain([pck, ak, root], vendor().publicKey), 'bad-certificate');
  assertEnclaveError(() => verifyChain([ak2, pck, root], vendor().publicKey), 'bad-certificate');
});

test('a trust anchor is a root public key or a self-signed root certificate', () => {
  const v = vendor();
  assert.deepEqual(trustAnchorKey(v.certificate), v.publicKey);
  assert.deepEqual(trustAnchorKey(v.publicKey), v.publicKey);
  assert.throws(() => trustAnchorKey(new Uint8Array(10)), TypeError);
  const [ak] = newPlatform().certificateChain;
  assertEnclaveError(() => trustAnchorKey(ak), 'bad-certificate');
  const forged = v.certificate.slice();
  forged[CERTIFICATE_SIZE - 1]! ^= 1;
  assertEnclaveError(() => trustAnchorKey(forged), 'bad-signature');
  assert.notDeepEqual(VendorRoot.generate().publicKey, v.publicKey);
});
