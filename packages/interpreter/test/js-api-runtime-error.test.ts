/**
 * `new WebAssembly.RuntimeError(message)` as the JS API (and Emscripten's `abort`) calls it: the message is
 * kept; a trap code still gives the trap's message.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RuntimeError, TrapCode, WebAssembly as W } from '../src/index.js';

test('RuntimeError takes a JS API message or a trap code', () => {
  const e = new (W.RuntimeError as unknown as new (m: string, o?: object) => RuntimeError)('Aborted(oops)', {
    cause: 1,
  });
  assert.equal(e.message, 'Aborted(oops)');
  assert.equal(e.code, 'host-error');
  assert.equal(e.cause, 1);
  assert.ok(e instanceof W.RuntimeError);
  const t = new RuntimeError(TrapCode.UnalignedAtomic);
  assert.equal(t.message, 'unaligned atomic');
  assert.equal(t.code, 'unaligned-atomic');
});
