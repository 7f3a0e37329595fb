/**
 * The platform: provisioning, persisted identity, another directory is another platform, TCB updates, and
 * the certificate chain it presents.
 * @module
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesEqual } from '../src/bytes.js';
import { CertKind, parseCertificate, verifyChain } from '../src/certificate.js';
import { Platform } from '../src/platform.js';
import { VendorRoot } from '../src/vendor-root.js';
import { assertEnclaveError, enclaveOn, newPlatform, tempDir, vendor } from './helpers.js';

test('a fresh directory needs the vendor; a provisioned platform reopens with the same identity and keys', () => {
  const dir = tempDir();
  assertEnclaveError(() => Platform.open(dir), 'provisioning');
  const p1 = Platform.open(dir, { vendor: vendor(), cpuSvn: 3 });
  const sealed = enclaveOn(p1).seal(Buffer.from('kept across restarts'));
  const p2 = Platform.open(dir);
  assert.deepEqual(p2.platformId, p1.platformId);
  assert.equal(p2.cpuSvn, 3);
  assert.deepEqual(p2.certificateChain, p1.certificateChain);
  assert.equal(Buffer.from(enclaveOn(p2).unseal(sealed).data).toString(), 'kept across restarts');
  assert.equal(statSync(join(dir, 'platform.json')).mode & 0o077, 0, 'state file is private to its owner');
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
  assert.deepEqual([ak!.kind, pck!.kind, root!.kind], [CertKind.AttestationKey, CertKind.Platform, CertKind.VendorRoot]);
  assertEnclaveError(() => verifyChain(p.certificateChain, VendorRoot.generate().publicKey), 'untrusted-root');
});

test('a platform refuses another vendor, and a TCB update needs the vendor and re-certifies', () => {
  const dir = tempDir();
  Platform.open(dir, { vendor: vendor(), cpuSvn: 2 });
  assertEnclaveError(() => Platform.open(dir, { vendor: VendorRoot.generate() }), 'provisioning');
  assertEnclaveError(() => Platform.open(dir, { cpuSvn: 3 }), 'provisioning');
  const updated = Platform.open(dir, { vendor: vendor(), cpuSvn: 3 });
  assert.equal(updated.cpuSvn, 3);
  assert.equal(verifyChain(updated.certificateChain, vendor().publicKey).cpuSvn, 3);
  assert.equal(Platform.open(dir).cpuSvn, 3);
});

test('a corrupt state directory is refused with platform-state', () => {
  const dir = tempDir();
  Platform.open(dir, { vendor: vendor() });
  const path = join(dir, 'platform.json');
  const state = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  writeFileSync(path, '{ not json');
  assertEnclaveError(() => Platform.open(dir), 'platform-state');
  writeFileSync(path, JSON.stringify({ ...state, version: 2 }));
  assertEnclaveError(() => Platform.open(dir), 'platform-state');
  writeFileSync(path, JSON.stringify({ ...state, cpuSvn: (state.cpuSvn as number) + 1 }));
  assertEnclaveError(() => Platform.open(dir), 'platform-state');
  writeFileSync(path, JSON.stringify({ ...state, rootSecret: 'AAAA' }));
  assertEnclaveError(() => Platform.open(dir), 'platform-state');
});

test('the vendor root persists in its own directory', () => {
  const dir = tempDir();
  const a = VendorRoot.open(dir);
  const b = VendorRoot.open(dir);
  assert.deepEqual(b.certificate, a.certificate);
  assert.deepEqual(b.publicKey, a.publicKey);
  const p = Platform.open(tempDir(), { vendor: b });
  assert.doesNotThrow(() => verifyChain(p.certificateChain, a.publicKey));
});

test('toString says nothing secret', () => {
  assert.match(String(newPlatform()), /^Platform\([0-9a-f]{32}, cpuSvn 1\)$/);
});
