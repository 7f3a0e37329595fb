/**
 * A small synthetic report for the renderer tests.
 * @module
 */
import { type BenchReport, type Program, REPORT_SCHEMA, summarizeRuns } from '../src/index.js';

const fib: Program = {
  id: 'fib',
  source: 'fib.c',
  description: 'recursive calls',
  result: 'i32',
  nRef: 100,
  kind: 'run',
};
const sieve: Program = { id: 'sieve', source: 'sieve.c', description: 'sieve', result: 'i32', nRef: 10, kind: 'run' };

/**
 * A report with two timed programs on three engines (one checksum mismatch),
 * one unavailable engine, one load row and no snapshots.
 * @returns the report
 */
export function sampleReport(): BenchReport {
  const { runs, geomean } = summarizeRuns(
    [
      { engine: 'turbofan', program: fib, status: 'ok', n: 100, samples: [10, 11, 9], checksum: '1' },
      { engine: 'liftoff', program: fib, status: 'ok', n: 100, samples: [20, 20, 20], checksum: '1' },
      { engine: 'polywasm', program: fib, status: 'ok', n: 10, samples: [4, 4, 4], checksum: '1' },
      { engine: 'turbofan', program: sieve, status: 'ok', n: 10, samples: [5, 5, 5], checksum: '2' },
      { engine: 'liftoff', program: sieve, status: 'ok', n: 5, samples: [10, 10, 10], checksum: '2' },
      {
        engine: 'polywasm',
        program: sieve,
        status: 'mismatch',
        n: 1,
        samples: [],
        note: 'checksum 3 at n=1, V8 gives 2',
      },
    ],
    ['turbofan', 'liftoff', 'polywasm'],
    'turbofan',
  );
  return {
    schema: REPORT_SCHEMA,
    createdAt: '2026-01-02T03:04:05.000Z',
    mode: 'quick',
    settings: { reps: 3, targetMs: 60, loadReps: 3, loadWarmup: 2, coldReps: 3 },
    environment: {
      node: 'v20.0.0',
      v8: '11.3',
      platform: 'linux',
      arch: 'x64',
      cpu: 'Test CPU <fast> & "cool"',
      cores: 2,
    },
    baseline: 'turbofan',
    engines: [
      { id: 'turbofan', label: 'V8 TurboFan', kind: 'worker', description: 'node --no-liftoff', available: true },
      { id: 'liftoff', label: 'V8 Liftoff', kind: 'worker', description: 'node --liftoff-only', available: true },
      { id: 'polywasm', label: 'polywasm', kind: 'worker', description: 'translator', available: true },
      {
        id: 'wasm-interp',
        label: 'wasm-interp',
        kind: 'cli',
        description: 'native',
        available: false,
        note: 'wasm-interp not found (ENOENT)',
      },
    ],
    programs: [
      { ...fib, bytes: 300 },
      { ...sieve, bytes: 400 },
      {
        id: 'large',
        source: 'gen-large.mjs',
        description: 'big',
        result: 'i32',
        nRef: 1,
        kind: 'load',
        bytes: 1_200_000,
      },
    ],
    runs,
    geomean,
    load: [
      {
        engine: 'turbofan',
        program: 'large',
        bytes: 1_200_000,
        checksum: 'ok',
        validateMs: 3,
        validateMBps: 400,
        compileMs: 300,
        compileMBps: 4,
        instantiateMs: 0.2,
        wallMs: { validate: 3, compile: 160, instantiate: 0.2 },
        coldValidateMs: 6,
        coldValidateMBps: 200,
        coldCompileMs: 400,
        coldCompileMBps: 3,
        coldWallMs: { validate: 6, compile: 210 },
      },
      {
        engine: 'polywasm',
        program: 'large',
        bytes: 1_200_000,
        checksum: 'ok',
        compileMs: 20,
        compileMBps: 60,
        instantiateMs: 1,
        wallMs: { compile: 20, instantiate: 1 },
      },
    ],
    snapshots: { status: 'unavailable', reason: 'not requested' },
  };
}
