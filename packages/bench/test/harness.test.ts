/**
 * Tests of the harness's pure parts: the module-loading figures (steady and cold, with throughputs) and the
 * settings of both modes. No timing assertions.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FULL_SETTINGS, loadFigures, QUICK_SETTINGS } from '../src/harness.js';

const steady = {
  validateMs: 10,
  compileMs: 20,
  instantiateMs: 1,
  wallMs: { validate: 10, compile: 20, instantiate: 1 },
};

describe('loadFigures', () => {
  it('gives steady throughputs in 10^6 bytes per CPU second', () => {
    const f = loadFigures(1_000_000, steady);
    assert.equal(f.validateMBps, 100);
    assert.equal(f.compileMBps, 50);
    assert.equal(f.validateMs, 10);
    assert.equal(f.instantiateMs, 1);
    assert.equal(f.coldCompileMs, undefined);
  });

  it('adds the cold figures, labelled apart from the steady ones', () => {
    const f = loadFigures(2_000_000, steady, {
      validateMs: 400,
      compileMs: 250,
      wallMs: { validate: 300, compile: 200 },
    });
    assert.equal(f.coldValidateMs, 400);
    assert.equal(f.coldValidateMBps, 5);
    assert.equal(f.coldCompileMs, 250);
    assert.equal(f.coldCompileMBps, 8);
    assert.deepEqual(f.coldWallMs, { validate: 300, compile: 200 });
    assert.equal(f.compileMBps, 100);
  });

  it('leaves out what an engine does not have, and throughputs of zero times', () => {
    const f = loadFigures(
      1000,
      { compileMs: 0, instantiateMs: 0, wallMs: { compile: 0, instantiate: 0 } },
      {
        compileMs: 2,
        wallMs: { compile: 2 },
      },
    );
    assert.equal('validateMs' in f, false);
    assert.equal('validateMBps' in f, false);
    assert.equal('compileMBps' in f, false);
    assert.equal('coldValidateMs' in f, false);
    assert.equal(f.coldCompileMBps, 0.5);
  });
});

describe('settings', () => {
  it('warm up before the steady figure and take cold figures in both modes', () => {
    for (const s of [QUICK_SETTINGS, FULL_SETTINGS]) {
      assert.ok(s.loadWarmup > 0 && s.loadReps > 0 && s.coldReps > 0);
    }
    assert.ok(FULL_SETTINGS.loadReps >= QUICK_SETTINGS.loadReps);
  });

  it('warm a JIT-run engine up alike in both modes, quick only taking fewer and shorter samples', () => {
    assert.equal(QUICK_SETTINGS.warmMs, FULL_SETTINGS.warmMs);
    assert.ok(QUICK_SETTINGS.warmMs >= FULL_SETTINGS.targetMs);
    assert.ok(QUICK_SETTINGS.reps <= FULL_SETTINGS.reps && QUICK_SETTINGS.targetMs <= FULL_SETTINGS.targetMs);
  });
});
