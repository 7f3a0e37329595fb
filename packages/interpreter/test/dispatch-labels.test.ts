/**
 * The dispatch loop's `case` labels are numeric literals (V8 builds a jump table only from literals), each
 * named in a comment. This test keeps every literal equal to the opcode its comment names.
 * @module
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Op } from '../src/opcodes.js';
import { IOp } from '../src/internal-ops.js';

const source = readFileSync(fileURLToPath(new URL('../../src/dispatch-loop.ts', import.meta.url)), 'utf8');

test('every case literal of the dispatch loop equals the opcode named beside it', () => {
  const labels = [...source.matchAll(/case (0x[0-9a-f]+): \/\* (IOp|Op)\.(\w+)(?: \+ (\d+))? \*\//g)];
  assert.ok(labels.length > 190, `found only ${labels.length} labelled cases`);
  for (const [, literal, table, name, add] of labels) {
    const base = (table === 'IOp' ? (IOp as Record<string, number>) : (Op as Record<string, number>))[name!];
    assert.notEqual(base, undefined, `${table}.${name} does not exist`);
    assert.equal(Number(literal), base! + Number(add ?? 0), `${table}.${name}`);
  }
});

test('the dispatch loop has no case label that is not a literal', () => {
  const loop = source.slice(source.indexOf('switch (op) {'));
  assert.doesNotMatch(loop, /case (IOp|Op)\./);
});

test('no two cases of the dispatch loop share a literal', () => {
  const literals = [...source.matchAll(/case (0x[0-9a-f]+):/g)].map((m) => Number(m[1]));
  assert.equal(new Set(literals).size, literals.length);
});
