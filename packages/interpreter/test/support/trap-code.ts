/**
 * The trap a call raises, for tests of trapping helpers.
 * @module
 */
import assert from 'node:assert/strict';
import { RuntimeError } from '../../src/errors.js';

/**
 * Runs `f` and returns the code of the `RuntimeError` it throws.
 * @param f - the call
 * @returns the trap code, or undefined when `f` returns
 * @throws AssertionError when `f` throws anything but a `RuntimeError`
 */
export function trapCode(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof RuntimeError, `expected a RuntimeError, got ${String(e)}`);
    return e.code;
  }
  return undefined;
}
