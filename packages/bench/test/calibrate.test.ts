/**
 * Calibration arithmetic, and the calibrate/warmUp loops on a simulated engine.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calibrate, chooseN, initialN, MIN_CALIBRATION_MS, nextCalibrationN, warmUp } from '../src/calibrate.js';

describe('calibration arithmetic', () => {
  it('starts at a thousandth of nRef, at least 1', () => {
    assert.equal(initialN(1200), 1);
    assert.equal(initialN(8_000_000), 8000);
    assert.equal(initialN(5), 1);
  });
  it('grows n until a run is long enough or n reaches nRef', () => {
    assert.equal(nextCalibrationN(1, 0.5, 1000), 40);
    assert.equal(nextCalibrationN(1, 0, 1000), 1000);
    assert.equal(nextCalibrationN(10, MIN_CALIBRATION_MS, 1000), undefined);
    assert.equal(nextCalibrationN(1000, 1, 1000), undefined);
    assert.equal(nextCalibrationN(600, 9, 1000), 1000);
  });
  it('chooses n for the target time, capped to [1, nRef]', () => {
    assert.equal(chooseN(10, 5, 1000, 100), 200);
    assert.equal(chooseN(10, 5, 100, 100), 100);
    assert.equal(chooseN(10, 5000, 1000, 100), 1);
    assert.equal(chooseN(10, 0, 1000, 100), 1000);
  });
});

describe('calibrate and warmUp', () => {
  it('find the n of a linear engine', async () => {
    const msPerUnit = 0.01;
    const run = async (n: number) => ({ cpuMs: n * msPerUnit, checksum: '0' });
    const n = await calibrate(run, 1_000_000, 100);
    assert.equal(n, 10_000);
  });
  it('warmUp re-chooses n from the warm speed of a JIT-like engine', async () => {
    let calls = 0;
    const run = async (n: number) => {
      calls++;
      return { cpuMs: n * (calls < 2 ? 1 : 0.1), checksum: '0' };
    };
    const n = await warmUp(run, 10, 100_000, 100);
    assert.equal(n, 1000);
    assert.ok(calls <= 6);
  });
});
