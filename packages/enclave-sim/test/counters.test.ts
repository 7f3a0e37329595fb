/**
 * Monotonic counters: persisted, monotonic, and private to their owner.
 * @module
 */

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { Platform } from '../src/platform.js';
import { assertEnclaveError, enclaveOn, provisioned, tempDir } from './helpers.js';

test('counters persist across a platform restart and only go up', () => {
  const dir = tempDir();
  const e = enclaveOn(provisioned(dir));
  const id = e.createCounter();
  assert.equal(e.readCounter(id), 0);
  assert.equal(e.incrementCounter(id), 1);
  assert.equal(e.incrementCounter(id), 2);
  const again = enclaveOn(Platform.open(dir));
  assert.equal(again.readCounter(id), 2);
  assert.equal(again.incrementCounter(id), 3);
});

test('a counter is reachable only by its owner: the same build (mrenclave) or the same signer and product (mrsigner)', () => {
  const p = provisioned(tempDir());
  const v1 = enclaveOn(p, { name: 'v1' });
  const v2 = enclaveOn(p, { name: 'v2', isvSvn: 2 });
  const own = v1.createCounter('mrenclave');
  const shared = v1.createCounter('mrsigner');
  assertEnclaveError(() => v2.readCounter(own), 'unknown-counter');
  assertEnclaveError(() => v2.incrementCounter(own), 'unknown-counter');
  assert.equal(v2.incrementCounter(shared), 1);
  assertEnclaveError(() => enclaveOn(p, { name: 'v2', isvProdId: 9 }).readCounter(shared), 'unknown-counter');
  assertEnclaveError(() => v1.readCounter(new Uint8Array(16)), 'unknown-counter');
  assertEnclaveError(() => enclaveOn(provisioned(tempDir()), { name: 'v1' }).readCounter(own), 'unknown-counter');
});

test('a corrupt counter file is refused', () => {
  const dir = tempDir();
  const e = enclaveOn(provisioned(dir));
  const id = e.createCounter();
  const path = join(dir, 'counters.json');
  const text = readFileSync(path, 'utf8');
  writeFileSync(path, text.replace('"value": 0', '"value": -1'));
  assertEnclaveError(() => Platform.open(dir), 'malformed');
  writeFileSync(path, text);
  assert.equal(enclaveOn(Platform.open(dir)).readCounter(id), 0);
});
