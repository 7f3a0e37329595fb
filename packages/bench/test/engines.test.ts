/**
 * The engine drivers end to end on one small program: V8 in a worker process,
 * and the command-line interpreters where they are installed. No timing
 * assertions: only that they run and give V8's checksum.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allEngines, programById } from '../src/index.js';
import { REFERENCES } from './reference/index.js';

const fib = programById('fib');

describe('engine drivers', () => {
  for (const driver of allEngines().filter((d) => ['turbofan', 'liftoff', 'polywasm', 'wasm-interp'].includes(d.spec.id))) {
    it(`${driver.spec.id}: runs fib and reports its checksum and CPU time`, async (t) => {
      const reason = await driver.probe();
      if (reason !== undefined) {
        t.skip(reason);
        return;
      }
      const session = await driver.start();
      try {
        await session.prepare(fib);
        const sample = await session.run(fib, 3);
        assert.equal(sample.checksum, REFERENCES['fib']!(3));
        assert.ok(Number.isFinite(sample.cpuMs) && sample.cpuMs >= 0);
      } finally {
        await session.close();
      }
    });
  }

  it('turbofan: times module loading', async () => {
    const driver = allEngines().find((d) => d.spec.id === 'turbofan')!;
    const session = await driver.start();
    try {
      const load = await session.load(fib, 2);
      assert.ok(load && load.compileMs >= 0 && load.instantiateMs >= 0 && load.validateMs !== undefined);
    } finally {
      await session.close();
    }
  });
});
