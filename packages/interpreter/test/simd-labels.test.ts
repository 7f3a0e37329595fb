/**
 * The SIMD executor's `case` labels are numeric literals (V8 builds a jump table only from literals), each
 * named in a comment. This test keeps every literal equal to the sub-opcode its comment names, and every
 * 2.0 SIMD instruction handled exactly once.
 * @module
 */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SIMD_SHAPE, SimdOp, SimdShape } from '../src/simd-opcodes.js';
import { RelaxedOp } from '../src/simd-relaxed.js';

const source = readFileSync(fileURLToPath(new URL('../../src/simd-exec.ts', import.meta.url)), 'utf8');
const labels = [...source.matchAll(/case (0x[0-9a-f]+): \/\* SimdOp\.(\w+) \*\//g)];

test('every case literal of the SIMD executor equals the sub-opcode named beside it', () => {
  for (const [, literal, name] of labels) {
    const sub = (SimdOp as Record<string, number>)[name!];
    assert.notEqual(sub, undefined, `SimdOp.${name} does not exist`);
    assert.equal(Number(literal), sub, `SimdOp.${name}`);
  }
});

test('the SIMD executor handles each of the 236 instructions once, and only with literal labels', () => {
  const literals = labels.map((m) => Number(m[1]));
  assert.equal(new Set(literals).size, literals.length, 'a sub-opcode has two cases');
  assert.deepEqual(
    literals.sort((a, b) => a - b),
    Object.values(SimdOp).sort((a, b) => a - b),
  );
  assert.equal(literals.length, 236);
  const relaxed = [...source.matchAll(/case (0x[0-9a-f]+): \/\* RelaxedOp\.(\w+) \*\//g)];
  for (const [, literal, name] of relaxed) {
    assert.equal(Number(literal), (RelaxedOp as Record<string, number>)[name!], `RelaxedOp.${name}`);
    assert.ok(!literals.includes(Number(literal)), `RelaxedOp.${name} reuses a 2.0 sub-opcode`);
  }
  assert.equal(relaxed.length, Object.keys(RelaxedOp).length);
  assert.equal(
    [...source.matchAll(/^\s*case /gm)].length,
    labels.length + relaxed.length,
    'a case label is not a named literal',
  );
});

test('the shape table gives every named sub-opcode a shape and no other sub-opcode one', () => {
  const named = new Set<number>(Object.values(SimdOp));
  for (let sub = 0; sub < 256; sub++) {
    assert.equal(SIMD_SHAPE[sub] !== SimdShape.None, named.has(sub), `sub-opcode 0x${sub.toString(16)}`);
  }
});
