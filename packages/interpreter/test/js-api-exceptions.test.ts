/**
 * The facade's exception handling as the JS API specifies it: `Tag` (constructor, `type()`), `Exception`
 * (constructor, `getArg`, `is`), `JSTag`; tag imports and exports; a JS exception thrown by an import crosses
 * wasm frames, is caught by `catch_all`, and comes back to JS intact; a wasm exception reaching JS is a
 * `WebAssembly.Exception`, the same object each time, and thrown back into wasm it is caught by its tag.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { WebAssembly as W } from '../src/index.js';
import { assemble } from './support/engines.js';

const TEXT = `(module
  (import "env" "f" (func $f (param i32)))
  (import "env" "tag" (tag $imported (param i32)))
  (tag $t (export "t") (param i32 f64))
  (func (export "call") (param i32) (call $f (local.get 0)))
  (func (export "catch-all") (param i32) (result i32)
    (block $h
      (try_table (catch_all $h) (call $f (local.get 0)))
      (return (i32.const 0)))
    (i32.const 1))
  (func (export "rethrow") (param i32)
    (block $h (result exnref)
      (try_table (catch_all_ref $h) (call $f (local.get 0)))
      (return))
    (throw_ref))
  (func (export "throw") (param i32) (throw $t (local.get 0) (f64.const 2.5)))
  (func (export "catch-imported") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $imported $h) (call $f (local.get 0)))
      (return (i32.const -1)))))`;

async function instantiate(f: (x: number) => void) {
  const tag = new W.Tag({ parameters: ['i32'] });
  const { instance } = await W.instantiate(await assemble(TEXT), { env: { f, tag } });
  return { tag, exports: instance.exports as Record<string, ((x?: number) => unknown) | InstanceType<typeof W.Tag>> };
}

describe('WebAssembly.Tag and WebAssembly.Exception', () => {
  it('a Tag has its type; an Exception its arguments and its tag', () => {
    const tag = new W.Tag({ parameters: ['i32', 'f64', 'externref'] });
    assert.deepEqual(tag.type(), { parameters: ['i32', 'f64', 'externref'] });
    const marker = { m: 1 };
    const e = new W.Exception(tag, [7, 1.5, marker]);
    assert.equal(e.getArg(tag, 0), 7);
    assert.equal(e.getArg(tag, 1), 1.5);
    assert.equal(e.getArg(tag, 2), marker);
    assert.equal(e.is(tag), true);
    const other = new W.Tag({ parameters: ['i32', 'f64', 'externref'] });
    assert.equal(e.is(other), false);
    assert.throws(() => e.getArg(other, 0), TypeError);
    assert.throws(() => e.getArg(tag, 3), RangeError);
    assert.throws(() => new W.Exception(tag, [1]), TypeError);
    assert.throws(() => new W.Exception({} as never, []), TypeError);
    assert.throws(() => new W.Tag({ parameters: ['i33'] } as never), TypeError);
    assert.ok(W.JSTag instanceof W.Tag);
    assert.deepEqual(W.JSTag.type(), { parameters: ['externref'] });
    assert.throws(() => new W.Exception(W.JSTag, [1]), TypeError);
  });

  it('a JS exception crosses wasm: catch_all catches it, and uncaught or rethrown it is the same value', async () => {
    const thrown = new Error('js');
    const { exports } = await instantiate((x) => {
      if (x === 1) throw thrown;
    });
    const call = exports['call'] as (x: number) => unknown;
    assert.throws(
      () => call(1),
      (e) => e === thrown,
    );
    assert.equal((exports['catch-all'] as (x: number) => number)(1), 1);
    assert.equal((exports['catch-all'] as (x: number) => number)(0), 0);
    assert.throws(
      () => (exports['rethrow'] as (x: number) => void)(1),
      (e) => e === thrown,
    );
    // Not only Error objects: any thrown value.
    const { exports: ex2 } = await instantiate(() => {
      throw 42;
    });
    assert.throws(
      () => (ex2['call'] as (x: number) => void)(0),
      (e) => e === 42,
    );
  });

  it('a wasm exception reaching JS is a WebAssembly.Exception of the exported tag, the same object when rethrown', async () => {
    let last: unknown;
    const { exports } = await instantiate(() => {
      throw last;
    });
    const t = exports['t'] as InstanceType<typeof W.Tag>;
    assert.ok(t instanceof W.Tag);
    assert.deepEqual(t.type(), { parameters: ['i32', 'f64'] });
    try {
      (exports['throw'] as (x: number) => void)(5);
      assert.fail('no exception');
    } catch (e) {
      assert.ok(e instanceof W.Exception);
      assert.equal(e.is(t), true);
      assert.equal(e.getArg(t, 0), 5);
      assert.equal(e.getArg(t, 1), 2.5);
      last = e;
    }
    // Thrown by the import into wasm and out again: the very same object.
    assert.throws(
      () => (exports['rethrow'] as (x: number) => void)(0),
      (e) => e === last,
    );
  });

  it('an Exception made in JS with an imported tag is caught by that tag in wasm', async () => {
    let toThrow: unknown;
    const { tag, exports } = await instantiate(() => {
      throw toThrow;
    });
    toThrow = new W.Exception(tag, [99]);
    assert.equal((exports['catch-imported'] as (x: number) => number)(0), 99);
    toThrow = new W.Exception(new W.Tag({ parameters: ['i32'] }), [99]);
    assert.throws(
      () => (exports['catch-imported'] as (x: number) => number)(0),
      (e) => e === toThrow,
    );
  });

  it('a tag import must be a Tag', async () => {
    const bytes = await assemble(TEXT);
    await assert.rejects(W.instantiate(bytes, { env: { f: () => {}, tag: 1 } }), (e: Error) => e.name === 'LinkError');
  });
});
