/**
 * withNullaryEntry: the rewritten module validates, exports only `main`, and
 * main() returns run(n).
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hostWebAssembly } from '../src/host-wasm.js';
import { checksumToString, PROGRAMS, readProgram, withNullaryEntry } from '../src/index.js';

describe('withNullaryEntry', () => {
  for (const p of PROGRAMS) {
    it(`${p.id}: main() returns run(n) and is the only export`, () => {
      const bytes = readProgram(p);
      const n = p.id === 'large' ? 1 : 3;
      const rewritten = Uint8Array.from(withNullaryEntry(bytes, n));
      assert.ok(hostWebAssembly.validate(rewritten));
      const original = new hostWebAssembly.Instance(new hostWebAssembly.Module(bytes), {}).exports;
      const exports = new hostWebAssembly.Instance(new hostWebAssembly.Module(rewritten), {}).exports;
      assert.deepEqual(Object.keys(exports), ['main']);
      const main = exports['main'] as () => unknown;
      const run = original['run'] as (n: number) => unknown;
      assert.equal(checksumToString(main(), p.result), checksumToString(run(n), p.result));
    });
  }
  it('rejects non-modules and modules without a suitable run', () => {
    assert.throws(() => withNullaryEntry(new Uint8Array([1, 2, 3]), 1), TypeError);
    assert.throws(() => withNullaryEntry(readProgram(PROGRAMS[0]!), 1, 'nope'), TypeError);
  });
});
