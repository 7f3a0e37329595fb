/**
 * The loop's escape (`IOp.Ext`, `exec-ext.ts`): an op with a registered sub-opcode runs outside the loop, in
 * both copies of a function's code, and the loop continues with the registers the handler left.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ensureCompiled, i32, Module, registerExt, Store } from '../src/index.js';
import { COST_ONE, IOp } from '../src/internal-ops.js';
import { buildModule, I, T } from '../src/wasm-builder/index.js';

const SUB = 0x7e57;

// The handler: pushes the i32 42 and moves past its sub-opcode.
registerExt(SUB, (ex) => {
  const w = ex.sp << 1;
  ex.s32[w] = 42;
  ex.s32[w + 1] = 0;
  ex.sp++;
  ex.pc++;
  return -1;
});

test('an escaped op runs outside the loop and the loop goes on', () => {
  // f(x) = local.get 0 + 1; the local.get ([op, slot]) is replaced by [Ext, SUB] after translation.
  const bytes = buildModule({
    funcs: [
      { params: [T.i32], results: [T.i32], export: 'f', body: [...I.localGet(0), ...I.i32Const(1), ...I.i32Add] },
    ],
  });
  const module = new Module(bytes);
  const c = ensureCompiled(module.compiled.funcs[0]!);
  assert.equal(c.code[0]! & 0x3ff, IOp.LocalGet);
  c.code[0] = IOp.Ext | COST_ONE;
  c.code[1] = SUB;
  const store = new Store();
  const f = store.exportOf(store.instantiate(module, []), 'f')!.addr;
  // Unlimited: the fused copy (which keeps the escaped op as it is); one step at a time: the plain copy.
  assert.deepEqual(store.invoke(f, [i32(5)]), [i32(43)]);
  const ex = store.call(f, [i32(5)]);
  let r = ex.run({ fuel: 1 });
  while (r.status === 'suspended') r = ex.run({ fuel: 1 });
  assert.deepEqual(r.status === 'done' && r.results, [i32(43)]);
});

test('a sub-opcode is registered once', () => {
  assert.throws(() => registerExt(SUB, () => -1), /taken/);
  assert.throws(() => registerExt(0, () => -1), /interpreter's own/);
});
