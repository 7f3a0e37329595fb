/**
 * The measurement log: deterministic, sensitive to order, fields and data, and readable step by step.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toHex } from '../src/bytes.js';
import { sha256 } from '../src/crypto.js';
import { MeasurementLog } from '../src/measurement.js';

function measure(steps: [string, number[], string?][]): string {
  const log = new MeasurementLog();
  for (const [tag, fields, data] of steps) log.extend(tag, fields, data === undefined ? undefined : Buffer.from(data));
  return toHex(log.finish());
}

test('mrEnclave is SHA-256 over 64-byte records and the data they load', () => {
  const header = new Uint8Array(64);
  header.set(Buffer.from('ECREATE'), 0);
  header[8] = 1;
  const header2 = new Uint8Array(64);
  header2.set(Buffer.from('DATA'), 0);
  header2[8] = 3;
  assert.equal(
    measure([
      ['ECREATE', [1]],
      ['DATA', [3], 'abc'],
    ]),
    toHex(sha256(header, header2, Buffer.from('abc'))),
  );
});

test('order, fields, tags and data all change the measurement', () => {
  const base = measure([
    ['A', [1]],
    ['B', [2], 'x'],
  ]);
  assert.equal(
    measure([
      ['A', [1]],
      ['B', [2], 'x'],
    ]),
    base,
  );
  for (const variant of [
    measure([
      ['B', [2], 'x'],
      ['A', [1]],
    ]),
    measure([
      ['A', [1]],
      ['B', [3], 'x'],
    ]),
    measure([
      ['A', [1]],
      ['C', [2], 'x'],
    ]),
    measure([
      ['A', [1]],
      ['B', [2], 'y'],
    ]),
    measure([
      ['A', [1, 0, 0, 0, 0, 0, 1]],
      ['B', [2], 'x'],
    ]),
  ]) {
    assert.notEqual(variant, base);
  }
});

test('the log keeps each step for inspection and refuses bad input', () => {
  const log = new MeasurementLog();
  log.extend('MODULE', [3n], Buffer.from('abc'));
  assert.deepEqual(log.records[0], {
    tag: 'MODULE',
    fields: [3n, 0n, 0n, 0n, 0n, 0n, 0n],
    dataDigest: toHex(sha256(Buffer.from('abc'))),
    dataLength: 3,
  });
  assert.throws(() => log.extend('TOO-LONG-TAG', []), RangeError);
  assert.throws(() => log.extend('X', [1, 2, 3, 4, 5, 6, 7, 8]), RangeError);
  assert.throws(() => log.extend('X', [-1]), RangeError);
  const first = log.finish();
  assert.deepEqual(log.finish(), first);
  assert.throws(() => log.extend('X', []));
});
