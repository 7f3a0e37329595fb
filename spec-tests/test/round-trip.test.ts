import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as interp from '@edgedancer/interpreter';
import { watToBinary } from '../src/convert/wat-to-binary.js';
import { roundTrip, runFunction } from '../src/engine/round-trip.js';

const noHost: interp.HostResolver = (name) => {
  throw new Error(`no host ${name}`);
};

async function setup(): Promise<{ store: interp.Store; fill: number }> {
  const module = new interp.Module(
    await watToBinary(`(module (memory (export "mem") 1)
      (func (export "fill") (param $n i32) (result i32)
        (loop $l
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (i32.store8 (local.get $n) (local.get $n))
          (br_if $l (local.get $n)))
        (i32.load8_u (i32.const 200))))`),
  );
  const store = new interp.Store();
  const inst = store.instantiate(module, []);
  return { store, fill: store.exportOf(inst, 'fill')!.addr };
}

for (const memory of ['transfer', 'move'] as const) {
  test(`runFunction with round trips (${memory}) gives the plain result and carries memory over`, async () => {
    const { store, fill } = await setup();
    const out = runFunction(interp, store, fill, [{ type: 'i32', value: 300 }], {
      roundtrip: 5,
      resolveHost: noHost,
      memory,
    });
    assert.equal(out.result.status, 'done');
    assert.deepEqual(out.result.status === 'done' && out.result.results, [{ type: 'i32', value: 200 }]);
    assert.ok(out.suspensions > 100);
    assert.notEqual(out.store, store);
    const bytes = new Uint8Array(out.store.memoryBuffer(out.store.exportOf(0, 'mem')!.addr));
    assert.equal(bytes[299], 299 & 0xff);
  });
}

test('transfer detaches the old store memory; move hands the same bytes over', async () => {
  for (const memory of ['transfer', 'move'] as const) {
    const { store, fill } = await setup();
    const ex = store.call(fill, [{ type: 'i32', value: 10 }]);
    assert.equal(ex.run({ fuel: 3 }).status, 'suspended');
    const before = store.memoryBuffer(0);
    const next = roundTrip(interp, store, ex, noHost, {}, memory);
    assert.equal(before.byteLength, memory === 'transfer' ? 0 : 65536, memory);
    assert.equal(next.store.memoryBuffer(0) === before, memory === 'move', memory);
    assert.equal(next.execution.run().status, 'done');
  }
});

test('fuel: the total budget ends the run suspended', async () => {
  const { store, fill } = await setup();
  const out = runFunction(interp, store, fill, [{ type: 'i32', value: 1000 }], {
    fuel: 50,
    roundtrip: 7,
    resolveHost: noHost,
  });
  assert.equal(out.result.status, 'suspended');
  assert.equal(out.suspensions, 7); // seven slices of 7, a round trip after each, then a last slice of 1
});
