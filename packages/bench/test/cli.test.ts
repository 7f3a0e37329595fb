/**
 * Command-line parsing of the benchmark.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_OUT_DIR, parseBenchArgs } from '../src/index.js';

describe('parseBenchArgs', () => {
  it('defaults to a full run into results/latest', () => {
    const args = parseBenchArgs([]);
    assert.deepEqual(args.options, {});
    assert.equal(args.outDir, DEFAULT_OUT_DIR);
    assert.equal(args.name, 'latest');
  });
  it('reads every flag, with values separate or after =', () => {
    const args = parseBenchArgs([
      '--quick',
      '--engines',
      'turbofan,polywasm',
      '--programs=fib',
      '--reps',
      '4',
      '--target-ms=80',
      '--load-reps',
      '2',
      '--load-warmup',
      '0',
      '--cold-reps=1',
      '--no-snapshots',
      '--out',
      '/tmp/x',
      '--quiet',
    ]);
    assert.deepEqual(args.options, {
      quick: true,
      engines: ['turbofan', 'polywasm'],
      programs: ['fib'],
      reps: 4,
      targetMs: 80,
      loadReps: 2,
      loadWarmup: 0,
      coldReps: 1,
      snapshots: false,
    });
    assert.equal(args.outDir, '/tmp/x');
    assert.equal(args.name, 'quick');
    assert.equal(args.quiet, true);
    assert.equal(parseBenchArgs(['--readme']).readme, true);
  });
  it('rejects unknown flags and bad numbers', () => {
    assert.throws(() => parseBenchArgs(['--fast']), RangeError);
    assert.throws(() => parseBenchArgs(['--reps', '0']), RangeError);
    assert.throws(() => parseBenchArgs(['--reps', 'x']), RangeError);
    assert.throws(() => parseBenchArgs(['--engines']), RangeError);
    assert.throws(() => parseBenchArgs(['--cold-reps', '-1']), RangeError);
    assert.throws(() => parseBenchArgs(['--load-warmup']), RangeError);
    assert.throws(() => parseBenchArgs(['--load-warmup', '1.5']), RangeError);
  });
});
