/**
 * median, geomean and relativeSpread: values, edge cases and input checks.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { geomean, median, relativeSpread } from '../src/index.js';

describe('median', () => {
  it('takes the middle of an odd count and the mean of the middle two of an even count', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([7]), 7);
  });
  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    median(values);
    assert.deepEqual(values, [3, 1, 2]);
  });
  it('rejects empty and non-finite input', () => {
    assert.throws(() => median([]), RangeError);
    assert.throws(() => median([1, Number.NaN]), RangeError);
    assert.throws(() => median([Infinity]), RangeError);
  });
});

describe('geomean', () => {
  it('is the n-th root of the product', () => {
    assert.equal(geomean([1, 4]), 2);
    assert.ok(Math.abs(geomean([2, 8, 4]) - 4) < 1e-12);
    assert.equal(geomean([5]), 5);
  });
  it('does not overflow on many large values', () => {
    const values = Array.from({ length: 400 }, () => 1e300);
    assert.ok(Math.abs(geomean(values) / 1e300 - 1) < 1e-9);
  });
  it('rejects empty input and values ≤ 0', () => {
    assert.throws(() => geomean([]), RangeError);
    assert.throws(() => geomean([1, 0]), RangeError);
    assert.throws(() => geomean([-1]), RangeError);
  });
});

describe('relativeSpread', () => {
  it('is (max - min) / median', () => {
    assert.ok(Math.abs(relativeSpread([9, 10, 11]) - 0.2) < 1e-12);
    assert.equal(relativeSpread([5]), 0);
  });
});
