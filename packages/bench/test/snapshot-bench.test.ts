/**
 * The snapshot benchmark: the probe suspends at the requested depth on
 * Edgedancer, its snapshot restores to a resumable execution, and
 * measureSnapshots reports every point (no timing assertions).
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Execution } from '@edgedancer/interpreter';
import {
  edgedancerSnapshotTarget,
  MEMORY_PAGES,
  measureSnapshots,
  STACK_DEPTHS,
  snapshotProbeWat,
} from '../src/index.js';
import { loadWabt } from '../src/wat.js';

describe('snapshot benchmark', () => {
  it('restores the probe to an execution that is still spinning', async () => {
    const toWasm = await loadWabt();
    const run = edgedancerSnapshotTarget().suspendAt(toWasm(snapshotProbeWat(2)), 7);
    const bytes = run.snapshot();
    const restored = run.restore(bytes);
    assert.ok(restored instanceof Execution);
    assert.equal(restored.run({ fuel: 50 }).status, 'suspended');
  });

  it('gives bigger snapshots for deeper stacks', async () => {
    const toWasm = await loadWabt();
    const wasm = toWasm(snapshotProbeWat(1));
    const target = edgedancerSnapshotTarget();
    assert.ok(target.suspendAt(wasm, 200).snapshot().length > target.suspendAt(wasm, 2).snapshot().length);
  });

  it('measureSnapshots reports every memory size and depth, or the error', async () => {
    let calls = 0;
    const report = await measureSnapshots({
      bytesMeasure: 'fake',
      suspendAt: (_wasm, depth) => ({ snapshot: () => new Uint8Array(depth + ++calls), restore: () => null }),
    });
    assert.equal(report.status, 'measured');
    if (report.status !== 'measured') return;
    assert.deepEqual(
      report.byMemory.map((p) => p.memoryPages),
      [...MEMORY_PAGES],
    );
    assert.deepEqual(
      report.byDepth.map((p) => p.stackDepth),
      [...STACK_DEPTHS],
    );
    const failing = await measureSnapshots({
      bytesMeasure: 'x',
      suspendAt: () => {
        throw new Error('boom');
      },
    });
    assert.deepEqual(failing, { status: 'error', reason: 'boom' });
  });
});
