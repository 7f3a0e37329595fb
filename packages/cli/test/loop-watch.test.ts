/**
 * The watch over a node's event loop: synchronous and asynchronous operations are counted (failures too), a loop
 * held busy is kept as a stall naming the operations under way, with the thread's running time in it where the
 * system tells it, and a reset starts afresh. No wall-time bounds: a stall is made by holding the loop far longer
 * than the threshold, and only its presence and what it names are checked.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LoopWatch } from '../src/node/loop-watch.js';

const hold = (ms: number): void => {
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // the loop's thread is busy
  }
};
const tick = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('loop watch', () => {
  it('counts synchronous and asynchronous operations, failed ones too', async () => {
    const w = new LoopWatch();
    try {
      assert.equal(
        w.timed('scan', () => 7),
        7,
      );
      assert.throws(() =>
        w.timed('scan', () => {
          throw new Error('refused');
        }),
      );
      assert.equal(await w.track('persist', async () => 'ok'), 'ok');
      await assert.rejects(
        w.track('persist', async () => {
          throw new Error('failed');
        }),
      );
      w.record('ecall serve', 3);
      assert.equal(w.blocking.get('scan')?.count, 2);
      assert.equal(typeof w.blocking.get('scan')?.maxCpuMs, 'number');
      assert.equal(w.operations.get('persist')?.count, 2);
      assert.deepEqual(w.operations.get('ecall serve'), { count: 1, maxMs: 3, totalMs: 3 });
    } finally {
      w.close();
    }
  });

  it('keeps a stall of a held loop with the operations under way, and forgets it on a reset', async () => {
    const w = new LoopWatch();
    try {
      await tick(30);
      let release: () => void = () => undefined;
      const op = w.track('request', () => new Promise<void>((r) => (release = r)));
      await tick(30);
      hold(200);
      await tick(50);
      release();
      await op;
      const s = w.stalls().find((x) => x.ms >= 100 && x.during.includes('request'));
      assert.ok(s !== undefined, `the held loop is a stall naming the request: ${JSON.stringify(w.stalls())}`);
      assert.deepEqual(s.during, ['request']);
      assert.ok(Number.isNaN(s.cpuMs) || s.cpuMs >= 0);
      assert.ok(s.gcMs >= 0 && Array.isArray(s.gcKinds));
      const run = w.longestRun();
      if (run !== null) assert.ok(run.cpuMs > 0, 'the thread ran');
      assert.ok(w.delays().maxDelayMs >= 100);
      w.reset();
      assert.deepEqual(w.stalls(), []);
      assert.equal(w.longestRun(), null);
      assert.equal(w.operations.size, 0);
    } finally {
      w.close();
    }
  });
});
