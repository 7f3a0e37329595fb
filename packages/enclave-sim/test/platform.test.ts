/**
 * The platform: provisioning, persisted identity, another directory is another platform, TCB updates, and
 * the certificate chain it presents.
 * @module
 */

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { bytesEqual } from '../src/bytes.js';
import { CertKind, parseCertificate, verifyChain } from '../src/certificate.js';
import { EnclaveError } from '../src/errors.js';
import { Platform } from '../src/platform.js';
import { provisionPlatform } from '../src/provision.js';
import { toBase64 } from '../src/state-file.js';
import { VendorRoot } from '../src/vendor-root.js';
import { assertEnclaveError, enclaveOn, newPlatform, provisioned, tempDir, vendor } from './helpers.js';

test('an unprovisioned directory is refused; a provisioned platform opens without the vendor key, with the same identity and keys', () => {
  const dir = tempDir();
  assertEnclaveError(() => Platform.open(dir), 'not-provisioned');
  assertEnclaveError(() => Platform.open(join(dir, 'missing')), 'not-provisioned');
  const info = provisionPlatform(vendor(), dir, { cpuSvn: 3 });
  const p1 = Platform.open(dir);
  assert.deepEqual(p1.platformId, info.platformId);
  assert.deepEqual(p1.certificateChain, info.certificateChain);
  const sealed = enclaveOn(p1).seal(Buffer.from('kept across restarts'));
  const p2 = Platform.open(dir);
  assert.deepEqual(p2.platformId, p1.platformId);
  assert.equal(p2.cpuSvn, 3);
  assert.deepEqual(p2.certificateChain, p1.certificateChain);
  assert.deepEqual(p2.info.vendorRootCertificate, vendor().certificate);
  assert.equal(Buffer.from(enclaveOn(p2).unseal(sealed).data).toString(), 'kept across restarts');
  for (const f of ['platform.json', 'counters.json'])
    assert.equal(statSync(join(dir, f)).mode & 0o077, 0, `${f} is private to its owner`);
  assert.equal(statSync(dir).mode & 0o077, 0, 'the platform directory is private to its owner');
  const text = readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('');
  assert.ok(!text.includes('vendor-root') && !text.includes('privateKey'), 'the platform store holds no vendor key');
});

test('provisioning twice with the same vendor changes nothing', () => {
  const dir = tempDir();
  const a = provisionPlatform(vendor(), dir);
  const b = provisionPlatform(vendor(), dir);
  assert.deepEqual(b.platformId, a.platformId);
  assert.deepEqual(b.certificateChain, a.certificateChain);
});

test('another directory is another platform: nothing sealed on one opens on the other', () => {
  const a = newPlatform();
  const b = newPlatform();
  assert.ok(!bytesEqual(a.platformId, b.platformId));
  const sealed = enclaveOn(a).seal(Buffer.from('x'));
  assertEnclaveError(() => enclaveOn(b).unseal(sealed), 'bad-mac');
});

test('the certificate chain verifies to the vendor root and names the platform and its TCB level', () => {
  const p = newPlatform(7);
  const chain = verifyChain(p.certificateChain, vendor().publicKey);
  assert.deepEqual(chain.platformId, p.platformId);
  assert.equal(chain.cpuSvn, 7);
  const [ak, pck, root] = p.certificateChain.map(parseCertificate);
  assert.deepEqual(
    [ak!.kind, pck!.kind, root!.kind],
    [CertKind.AttestationKey, CertKind.Platform, CertKind.VendorRoot],
  );
  assertEnclaveError(() => verifyChain(p.certificateChain, VendorRoot.generate().publicKey), 'untrusted-root');
});

test('a platform refuses another vendor, and a TCB update is a re-provisioning that keeps the platform', () => {
  const dir = tempDir();
  const before = provisioned(dir, 2);
  const sealed = enclaveOn(before).seal(Buffer.from('x'));
  assertEnclaveError(() => provisionPlatform(VendorRoot.generate(), dir), 'provisioning');
  const updated = provisioned(dir, 3);
  assert.equal(updated.cpuSvn, 3);
  assert.deepEqual(updated.platformId, before.platformId);
  assert.equal(verifyChain(updated.certificateChain, vendor().publicKey).cpuSvn, 3);
  assert.equal(Platform.open(dir).cpuSvn, 3);
  assert.equal(Buffer.from(enclaveOn(updated).unseal(sealed).data).toString(), 'x');
});

test('a damaged platform store is refused with malformed and says what is wrong', () => {
  const dir = tempDir();
  provisioned(dir);
  const path = join(dir, 'platform.json');
  const state = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const refused = (content: string, why: RegExp): void => {
    writeFileSync(path, content);
    assert.throws(
      () => Platform.open(dir),
      (e: unknown) => e instanceof EnclaveError && e.code === 'malformed' && why.test(e.message),
    );
  };
  refused('{ not json', /not valid JSON/);
  refused('[]', /not a platform file/);
  refused(JSON.stringify({ ...state, version: 1 }), /version 1/);
  refused(JSON.stringify({ ...state, cpuSvn: (state.cpuSvn as number) + 1 }), /platform certificate/);
  refused(JSON.stringify({ ...state, cpuSvn: 'x' }), /cpuSvn/);
  refused(JSON.stringify({ ...state, rootSecret: 'AAAA' }), /rootSecret/);
  refused(JSON.stringify({ ...state, rootSecret: '%%%%' }), /rootSecret/);
  refused(JSON.stringify({ ...state, attestationKey: 'AAAA' }), /attestationKey/);
  refused(JSON.stringify({ ...state, platformCert: state.attestationKeyCert }), /certificate/);
  refused(JSON.stringify({ ...state, rootCert: toBase64(VendorRoot.generate().certificate) }), /certificate chain/);
  writeFileSync(path, JSON.stringify(state));
  assert.doesNotThrow(() => Platform.open(dir));
  rmSync(join(dir, 'counters.json'));
  assertEnclaveError(() => Platform.open(dir), 'malformed');
});

test('the vendor root persists in its own directory', () => {
  const dir = tempDir();
  const a = VendorRoot.open(dir);
  const b = VendorRoot.open(dir);
  assert.deepEqual(b.certificate, a.certificate);
  assert.deepEqual(b.publicKey, a.publicKey);
  const pdir = tempDir();
  provisionPlatform(b, pdir);
  assert.doesNotThrow(() => verifyChain(Platform.open(pdir).certificateChain, a.publicKey));
});

test('toString says nothing secret', () => {
  assert.match(String(newPlatform()), /^Platform\([0-9a-f]{32}, cpuSvn 1\)$/);
});
