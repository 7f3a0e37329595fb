/**
 * The signed manifest (SIGSTRUCT-like) and EINIT: signature, measurement match, every bit flip detected.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sha256 } from '../src/crypto.js';
import { initEnclave } from '../src/enclave-context.js';
import { EnclaveSigner, MANIFEST_SIZE, parseManifest } from '../src/manifest.js';
import { assertEnclaveError, flipEveryBit, newPlatform, signer } from './helpers.js';

const mrEnclave = sha256(Buffer.from('manifest test'));

test('a manifest carries what the author signed, and mrSigner is the hash of the author key', () => {
  const m = parseManifest(signer().sign({ mrEnclave, isvProdId: 7, isvSvn: 3, debug: true, date: 20250102 }));
  assert.deepEqual(m.mrEnclave, mrEnclave);
  assert.deepEqual(m.mrSigner, signer().mrSigner);
  assert.deepEqual(m.mrSigner, sha256(signer().publicKey));
  assert.deepEqual([m.isvProdId, m.isvSvn, m.debug, m.date], [7, 3, true, 20250102]);
});

test('flipping any bit of a manifest is detected', () => {
  const bytes = signer().sign({ mrEnclave, isvProdId: 1, isvSvn: 1 });
  const { checked, codes } = flipEveryBit(bytes, (m) => parseManifest(m));
  assert.equal(checked, MANIFEST_SIZE * 8);
  assert.deepEqual([...codes.keys()].sort(), ['bad-signature', 'malformed']);
});

test('EINIT refuses a manifest that expects another measurement, or a forged signature', () => {
  const p = newPlatform();
  const manifest = signer().sign({ mrEnclave, isvProdId: 1, isvSvn: 1 });
  assertEnclaveError(() => initEnclave(p, sha256(Buffer.from('something else')), manifest), 'measurement-mismatch');
  const other = EnclaveSigner.generate();
  const forged = manifest.slice();
  forged.set(other.publicKey, 64);
  assertEnclaveError(() => initEnclave(p, mrEnclave, forged), 'bad-signature');
  const e = initEnclave(p, mrEnclave, manifest);
  assert.deepEqual(e.identity.mrSigner, signer().mrSigner);
});

test('an author key survives export and import', () => {
  const again = EnclaveSigner.fromPkcs8(signer().toPkcs8());
  assert.deepEqual(again.mrSigner, signer().mrSigner);
  assert.doesNotThrow(() => parseManifest(again.sign({ mrEnclave, isvProdId: 1, isvSvn: 1 })));
  assert.throws(() => signer().sign({ mrEnclave: new Uint8Array(31), isvProdId: 1, isvSvn: 1 }), RangeError);
  assert.throws(() => signer().sign({ mrEnclave, isvProdId: 70000, isvSvn: 1 }), RangeError);
});
