/**
 * withNullaryEntry: the rewritten module validates, exports only `main`, and
 * main() returns run(n); LEB128 encoders.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checksumToString, PROGRAMS, readProgram, withNullaryEntry } from '../src/index.js';
import { hostWebAssembly } from '../src/host-wasm.js';
import { encodeS32, encodeU32 } from '../src/wasm-binary.js';

describe('LEB128', () => {
  it('encodes unsigned and signed values', () => {
    assert.deepEqual(encodeU32(0), [0]);
    assert.deepEqual(encodeU32(624485), [0xe5, 0x8e, 0x26]);
    assert.deepEqual(encodeU32(0xffffffff), [0xff, 0xff, 0xff, 0xff, 0x0f]);
    assert.deepEqual(encodeS32(-1), [0x7f]);
    assert.deepEqual(encodeS32(63), [0x3f]);
    assert.deepEqual(encodeS32(64), [0xc0, 0x00]);
    assert.deepEqual(encodeS32(-123456), [0xc0, 0xbb, 0x78]);
  });
});

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
