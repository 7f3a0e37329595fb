/**
 * Tests of `compileModule`'s single reading of function bodies: the decoder only frames them and the body
 * compiler checks their encoding, so the body compiler must reject every body the decoder's scan rejects, and an
 * invalid module must still report what the spec reports first (a malformed body before an invalid one). Mutated
 * modules check the first property against the scanning decoder and against Node's own `validate`, and that
 * validating without emitting code reports the same as compiling.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';

import { decodeModule } from '../src/decode-module.js';
import { CompileError } from '../src/errors.js';
import { compileModule, validateModuleBytes } from '../src/module.js';
import { node, wat } from './js-api-helpers.js';

/** A module whose bodies use every kind of immediate: block types, labels, br_table, memargs, constants, the
 * 0xfc and 0xfd prefixes, lanes, shuffles, select with a type, table and bulk-memory ops. */
const RICH = `(module
  (type $t (func (param i32) (result i32)))
  (memory 1) (table $tab 2 funcref) (global $g (mut i64) (i64.const 0))
  (elem (table $tab) (i32.const 0) func $a $b) (elem $e funcref (ref.func $a))
  (data $d "abc")
  (func $a (type $t) (param $x i32) (result i32) (local $y i64) (local $v v128) (local $f f64)
    (block $out (result i32)
      (loop $top
        (br_if $top (i32.eqz (local.get $x)))
        (br_table $out $out (i32.const 7) (local.get $x)))
      (i32.const -1234567)))
  (func $b (type $t) (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (i32.load offset=1000 align=2 (i32.const 4)))
      (else (i32.load8_u (i32.const 3)))))
  (func (export "c") (param i32) (result i32) (local v128)
    (global.set $g (i64.const 0x123456789abcdef))
    (i64.store offset=8 (i32.const 0) (global.get $g))
    (drop (f32.const 1.5)) (drop (f64.const -2.25))
    (memory.init $d (i32.const 0) (i32.const 0) (i32.const 1)) (data.drop $d)
    (table.init $tab $e (i32.const 0) (i32.const 0) (i32.const 1)) (elem.drop $e)
    (memory.copy (i32.const 0) (i32.const 1) (i32.const 2)) (memory.fill (i32.const 0) (i32.const 0) (i32.const 1))
    (drop (table.size $tab)) (drop (table.get $tab (i32.const 0))) (drop (ref.is_null (ref.null extern)))
    (drop (i32.trunc_sat_f64_s (f64.const 3.5)))
    (local.set 1 (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 (v128.const i32x4 1 2 3 4) (v128.load (i32.const 0))))
    (v128.store8_lane offset=3 1 (i32.const 0) (local.get 1))
    (drop (i32x4.extract_lane 3 (i32x4.add (local.get 1) (local.get 1))))
    (select (result i32) (call_indirect (type $t) (local.get 0) (i32.const 1)) (memory.size) (memory.grow (i32.const 0)))))`;

/** The error of `fn`, or `undefined` when it returns. */
function errorOf(fn: () => unknown): CompileError | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    assert.ok(e instanceof CompileError, `not a CompileError: ${String(e)}`);
    return e;
  }
}

/** A module with one type `() -> ()`, the given function bodies, and optionally a data section. */
function moduleWith(bodies: number[][], data: number[] = []): Uint8Array {
  const section = (id: number, payload: number[]): number[] => [id, payload.length, ...payload];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [1, 0x60, 0, 0]),
    ...section(3, [bodies.length, ...bodies.map(() => 0)]),
    ...section(10, [bodies.length, ...bodies.flatMap((b) => [b.length + 1, 0, ...b])]),
    ...data,
  ]);
}

describe('compileModule', () => {
  it('compiles the rich module, which Node accepts too', async () => {
    const bytes = await wat(RICH);
    assert.equal(node.validate(bytes), true);
    assert.equal(compileModule(bytes).funcs.length, 3);
  });

  it('reports a malformed body before an invalid earlier one, and before a malformed later section', () => {
    const invalid = [0x41, 0x00, 0x0b]; // i32.const 0 left on the stack of a () -> () function
    const malformed = [0x27, 0x0b]; // 0x27 is no opcode of 2.0 or 3.0
    const e = errorOf(() => compileModule(moduleWith([invalid, malformed])));
    assert.match(e!.message, /illegal opcode 27/);
    const badData = [11, 2, 1, 7]; // one data segment, of kind 7
    const d = errorOf(() => compileModule(moduleWith([invalid, malformed], badData)));
    assert.match(d!.message, /illegal opcode 27/);
    const onlyInvalid = errorOf(() => compileModule(moduleWith([invalid], badData)));
    assert.match(onlyInvalid!.message, /malformed data segment kind/);
    const typeError = errorOf(() => compileModule(moduleWith([[0x01, 0x0b], invalid])));
    assert.match(typeError!.message, /type mismatch/);
  });

  it('rejects every mutated body that the scanning decoder rejects, as Node does', async () => {
    const bytes = await wat(RICH);
    const { codes } = decodeModule(bytes);
    const byte = fc.record({
      at: fc.integer({ min: codes[0]!.codeStart, max: codes[codes.length - 1]!.end - 1 }),
      value: fc.integer({ min: 0, max: 255 }),
    });
    const mutation = fc.record({ first: byte, second: fc.option(byte) });
    fc.assert(
      fc.property(mutation, ({ first, second }) => {
        const mutated = bytes.slice();
        mutated[first.at] = first.value;
        if (second !== null) mutated[second.at] = second.value;
        const fast = errorOf(() => compileModule(mutated));
        // Validating without emitting code reports exactly the same.
        const validated = errorOf(() => validateModuleBytes(mutated));
        assert.equal(validated?.message, fast?.message);
        if (fast === undefined) {
          // Accepted without scanning: the scanning decoder accepts it as well.
          assert.equal(
            errorOf(() => decodeModule(mutated)),
            undefined,
          );
        }
        assert.equal(fast === undefined, node.validate(mutated), `at ${first.at}: ${fast?.message ?? 'accepted'}`);
      }),
      { numRuns: 400, seed: 0x5eed },
    );
  });
});
