/**
 * Golden vectors: the encoder reproduces the checked-in bytes exactly and the decoder gives the fixtures
 * back. Any change to the format without a new `FORMAT_VERSION` (and a new vector folder) fails here.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  applyDelta,
  decodeSnapshot,
  encodeDelta,
  encodeSnapshot,
  FORMAT_VERSION,
  SnapshotError,
} from '../src/index.js';
import { canonical } from './state-generator.js';
import { readVector, toHex, vectorNames, vectorVersions } from './vector-files.js';
import { DELTA_VECTORS, SNAPSHOT_VECTORS } from './vector-fixtures.js';

test('the current format version has vectors for every fixture', () => {
  assert.ok(vectorVersions().includes(FORMAT_VERSION), `no vectors for format version ${FORMAT_VERSION}`);
  assert.deepStrictEqual(
    vectorNames(FORMAT_VERSION),
    [...Object.keys(SNAPSHOT_VECTORS), ...Object.keys(DELTA_VECTORS)].sort(),
  );
});

for (const [name, snap] of Object.entries(SNAPSHOT_VECTORS)) {
  test(`vector ${name}: encoder reproduces it, decoder reads it`, () => {
    const golden = readVector(FORMAT_VERSION, name);
    assert.equal(toHex(encodeSnapshot(snap)), toHex(golden));
    assert.deepStrictEqual(decodeSnapshot(golden), canonical(snap));
  });
}

for (const [name, [base, cur]] of Object.entries(DELTA_VECTORS)) {
  test(`vector ${name}: encoder reproduces it, applying it gives the state`, () => {
    const golden = readVector(FORMAT_VERSION, name);
    assert.equal(toHex(encodeDelta(base, cur)), toHex(golden));
    assert.deepStrictEqual(applyDelta(base, golden), canonical(cur));
  });
}

test('vectors of other format versions are rejected as unsupported', () => {
  for (const v of vectorVersions().filter((x) => x !== FORMAT_VERSION)) {
    for (const name of vectorNames(v)) {
      const bytes = readVector(v, name);
      assert.throws(
        () => decodeSnapshot(bytes),
        (e: unknown) => e instanceof SnapshotError && (e.code === 'unsupported-version' || e.code === 'bad-magic'),
      );
    }
  }
});
