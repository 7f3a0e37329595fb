/**
 * The interpreter core generated from one table (`core-table/*.mjs`, `scripts/gen-core.mjs`): the checked-in
 * outputs are the generator's, every fused op has its operand positions and a case, and the disassembler reads
 * back what the fuser wrote, op by op to the end of the code.
 * @module
 */

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FIELD, OP_TABLE } from '../src/core-layouts.js';
import { FOp } from '../src/fused-ops.js';
import { disassemble, i32, Module, Store } from '../src/index.js';
import { buildModule, I, T } from '../src/wasm-builder/index.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

test('the generated loop cases, fused-ops.ts and core-layouts.ts are what the table generates', () => {
  // Exits 1 (and execFileSync throws) when a generated file differs from the generator's output.
  execFileSync(process.execPath, [`${ROOT}scripts/gen-core.mjs`, '--check'], { stdio: 'pipe' });
});

test('every fused op is in the op table with its layout; fixed layouts have their operand positions', () => {
  const byCode = new Map(OP_TABLE.map(([code, name, layout]) => [code, { name, layout }]));
  for (const [name, code] of Object.entries(FOp)) {
    const e = byCode.get(code);
    assert.equal(e?.name, name, `FOp.${name}`);
    if (e!.layout.includes('*')) continue;
    const field = (FIELD as Record<string, { size: number }>)[name];
    assert.ok(field !== undefined, `FIELD.${name}`);
    assert.equal(field.size, e!.layout === '' ? 1 : e!.layout.split(' ').length + 1, `FIELD.${name}.size`);
  }
});

test('disassemble shows the plain copy with offsets and the fused copy op by op, group starts marked', () => {
  // sum(n): s = 0; do { s += n * 3; n -= 1 } while (n != 0); s  — register forms, constants, a compare-branch.
  const body = [
    ...I.loop,
    ...I.localGet(1),
    ...I.localGet(0),
    ...I.i32Const(3),
    ...I.i32Mul,
    ...I.i32Add,
    ...I.localSet(1),
    ...I.localGet(0),
    ...I.i32Const(1),
    ...I.i32Sub,
    ...I.localTee(0),
    ...I.brIf(0),
    ...I.end,
    ...I.localGet(1),
  ];
  const bytes = buildModule({ funcs: [{ params: [T.i32], results: [T.i32], locals: [T.i32], export: 'sum', body }] });
  const module = new Module(bytes);
  const store = new Store();
  const inst = store.instantiate(module, []);
  const addr = store.exportOf(inst, 'sum')!.addr;
  assert.deepEqual(store.invoke(addr, [i32(4)]), [i32(30)]);
  const c = store.funcs[addr]!.code!;
  const text = disassemble(c);
  const lines = text.split('\n');
  assert.match(lines[0]!, /^function 0: plain code \(\d+ instructions\)$/);
  assert.ok(
    lines.some((l) => /LocalGet slot=0 {2}; @\d+$/.test(l)),
    text,
  );
  const fusedAt = lines.findIndex((l) => l.startsWith('fused code'));
  assert.ok(fusedAt > 0, text);
  const fused = lines.slice(fusedAt + 1);
  assert.ok(
    fused.every((l) => /^[> ]\s*\d+ {2}[A-Z]\w* .*; fuel \d+$|^[> ]\s*\d+ {2}[A-Z]\w* {2}; fuel \d+$/.test(l)),
    text,
  );
  assert.ok(
    fused.some((l) => / I32MulC d=\d+ a=\d+ c=3 s=\d+/.test(l)),
    text,
  );
  assert.ok(
    fused.some((l) => /BrIf\w* /.test(l)),
    text,
  );
  // Each group start is one line marked '>', and the fuel of the fused ops adds up to the plain instructions'.
  assert.equal(fused.filter((l) => l.startsWith('>')).length, c.groups!.starts.length);
  const pcs = fused.map((l) => Number(/^[> ]\s*(\d+)/.exec(l)![1]));
  for (const start of c.groups!.starts) assert.ok(pcs.includes(start), `group start ${start} is an op start`);
});
