/**
 * The facade's `WebAssembly` namespace object has the JS API's property attributes (checked against Node's own
 * namespace where both have the member), so packages that derive an object from it work unchanged.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { WebAssembly as W } from '../src/index.js';

const host = (globalThis as unknown as { WebAssembly: object }).WebAssembly;

describe('WebAssembly namespace object', () => {
  it('has the same property attributes as the host namespace', () => {
    let compared = 0;
    for (const key of Reflect.ownKeys(host)) {
      const theirs = Object.getOwnPropertyDescriptor(host, key)!;
      const ours = Object.getOwnPropertyDescriptor(W, key);
      assert.ok(ours !== undefined, `missing ${String(key)}`);
      assert.deepEqual(
        { writable: ours.writable, enumerable: ours.enumerable, configurable: ours.configurable },
        { writable: theirs.writable, enumerable: theirs.enumerable, configurable: theirs.configurable },
        String(key),
      );
      compared++;
    }
    assert.ok(compared >= 15);
    assert.equal(Object.prototype.toString.call(W), '[object WebAssembly]');
    assert.deepEqual(Object.keys(W).sort(), [
      'compile',
      'compileStreaming',
      'instantiate',
      'instantiateStreaming',
      'promising',
      'validate',
    ]);
  });

  it('lets code derive its own object and override members (esbuild-wasm does)', async () => {
    const calls: string[] = [];
    const derived = Object.assign(Object.create(W) as typeof W, {
      instantiate: (...args: Parameters<typeof W.instantiate>) => {
        calls.push('instantiate');
        return W.instantiate(...args);
      },
    });
    const empty = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]);
    const { instance } = await derived.instantiate(empty);
    assert.ok(instance instanceof derived.Instance);
    assert.deepEqual(calls, ['instantiate']);
    assert.equal(W.instantiate.name, 'instantiate'); // the shared namespace is untouched
  });
});
