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
  for (const driver of allEngines().filter((d) =>
    ['turbofan', 'liftoff', 'polywasm', 'wasm-interp'].includes(d.spec.id),
  )) {
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
      const load = await session.load(fib, 2, 1);
      assert.ok(load && load.compileMs >= 0 && load.instantiateMs >= 0 && load.validateMs !== undefined);
    } finally {
      await session.close();
    }
  });

  it('turbofan: times cold module loading in fresh processes', async () => {
    const driver = allEngines().find((d) => d.spec.id === 'turbofan')!;
    const session = await driver.start();
    try {
      assert.ok(session.loadCold);
      const cold = await session.loadCold(fib, 1);
      assert.ok(Number.isFinite(cold.compileMs) && cold.compileMs >= 0);
      assert.ok(cold.validateMs !== undefined && cold.validateMs >= 0 && cold.wallMs.validate !== undefined);
      // The session itself still answers after its fresh siblings have come and gone.
      await session.prepare(fib);
      assert.equal((await session.run(fib, 3)).checksum, REFERENCES['fib']!(3));
    } finally {
      await session.close();
    }
  });
});
