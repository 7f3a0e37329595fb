/**
 * The `case` labels of the dispatch loop (and of the plain numeric ops it calls out to) are numeric literals
 * (V8 builds a jump table only from literals), each named in a comment. This test keeps every literal equal to
 * the opcode its comment names, and every fused opcode the fuser can emit backed by a case.
 * @module
 */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  FOp,
  MEM_BASE,
  MEM_SHORT,
  MEM_TWIN,
  MEMAB_BASE,
  MEMAC_BASE,
  MEMK_BASE,
  RC_BASE,
  RC64_BASE,
  REG_ARITY,
  REG_BASE,
} from '../src/fused-ops.js';
import { IOp } from '../src/internal-ops.js';
import { Imm, Op } from '../src/opcodes.js';

const read = (file: string): string =>
  readFileSync(fileURLToPath(new URL(`../../src/${file}`, import.meta.url)), 'utf8');
/** The loop and the plain numeric ops it calls out to: one opcode space, so their labels never overlap. */
const source = read('dispatch-loop.ts') + read('numeric-plain.ts');

test('every case literal of the dispatch loop equals the opcode named beside it', () => {
  const labels = [...source.matchAll(/case (0x[0-9a-f]+): \/\* (IOp|Op|FOp)\.(\w+)(?: \+ (\d+))? \*\//g)];
  assert.ok(labels.length > 340, `found only ${labels.length} labelled cases`);
  const tables = { IOp, Op, FOp } as unknown as Record<string, Record<string, number>>;
  for (const [, literal, table, name, add] of labels) {
    const base = tables[table!]![name!];
    assert.notEqual(base, undefined, `${table}.${name} does not exist`);
    assert.equal(Number(literal), base! + Number(add ?? 0), `${table}.${name}`);
  }
});

test('the dispatch loop has no case label that is not a literal', () => {
  for (const file of ['dispatch-loop.ts', 'numeric-plain.ts']) {
    const text = read(file);
    assert.doesNotMatch(text.slice(text.indexOf('switch (op) {')), /case (IOp|Op|FOp)\./, file);
  }
});

test('no two cases of the dispatch loop share a literal', () => {
  const literals = [...source.matchAll(/case (0x[0-9a-f]+):/g)].map((m) => Number(m[1]));
  assert.equal(new Set(literals).size, literals.length);
});

test('every fused opcode has a case, and every opcode the fuser computes is one of them', () => {
  const literals = new Set([...source.matchAll(/case (0x[0-9a-f]+):/g)].map((m) => Number(m[1])));
  for (const [name, code] of Object.entries(FOp)) assert.ok(literals.has(code), `FOp.${name} has no case`);
  const fused = new Set(Object.values(FOp) as number[]);
  const computed: number[] = [];
  for (let x = 0x45; x <= 0xc4; x++) if (REG_ARITY[x]! > 0) computed.push(REG_BASE + x - 0x45);
  for (let x = 0x46; x <= 0x78; x++) if (x <= 0x4f || x >= 0x6a) computed.push(RC_BASE + x - 0x46);
  for (let x = 0x28; x <= 0x3e; x++) {
    const twin = MEM_TWIN[x]!;
    assert.ok(twin >= 0x28 && twin <= 0x3e, `load or store 0x${x.toString(16)} has a twin`);
    computed.push(MEM_BASE + twin - 0x28, MEMAC_BASE + twin - 0x28);
    if (MEM_SHORT[twin] !== 0) computed.push(MEMK_BASE + twin - 0x28, MEMAB_BASE + twin - 0x28);
  }
  for (const x of [0x7c, 0x7d, 0x7e, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89]) computed.push(RC64_BASE + x - 0x7c);
  for (const code of computed) assert.ok(fused.has(code), `0x${code.toString(16)} is not in FOp`);
  for (const code of fused) assert.ok(code >= 0x100 && code <= 0x3ff, `0x${code.toString(16)} fits the opcode field`);
});

test('the body compiler and the decoder label their switches with literals that equal the named opcodes', () => {
  const compiler = read('compile-function.ts');
  const labels = [...compiler.matchAll(/case (0x[0-9a-f]+): \/\* Op\.(\w+) \*\//g)];
  assert.ok(labels.length > 60, `found only ${labels.length} labelled cases in compile-function.ts`);
  for (const [, literal, name] of labels) {
    const code = (Op as Record<string, number>)[name!];
    assert.notEqual(code, undefined, `Op.${name} does not exist`);
    // 0xfc-prefixed instructions switch at 0x100 + sub-opcode.
    assert.equal(Number(literal), code! < 0x100 ? code : 0x100 + (code! & 0xff), `Op.${name}`);
  }
  assert.doesNotMatch(compiler, /case Op\./);
  const decoder = read('decode-module.ts');
  const immLabels = [...decoder.matchAll(/case (\d+): \/\* Imm\.(\w+) \*\//g)];
  assert.ok(immLabels.length > 20, `found only ${immLabels.length} labelled cases in decode-module.ts`);
  for (const [, literal, name] of immLabels)
    assert.equal(Number(literal), (Imm as Record<string, number>)[name!], `Imm.${name}`);
  assert.doesNotMatch(decoder, /case Imm\./);
});
