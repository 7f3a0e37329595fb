/**
 * Lazy compilation: a module validates every body when it is made and translates each into internal code on
 * its first call; a function never called stays untranslated, and capture, restore and resumption work for
 * functions translated or not (a restored frame's function is translated when the frame is restored).
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CompileError, Execution, ensureCompiled, i32, Module, Store } from '../src/index.js';
import { buildModule, I, T } from '../src/wasm-builder/index.js';

// loop(n): counts n down, then calls tail(n); tail(x) = x + 7; unused() is never called.
const bytes = buildModule({
  funcs: [
    {
      params: [T.i32],
      results: [T.i32],
      export: 'loop',
      body: [
        ...I.loop,
        ...I.localGet(0),
        ...I.i32Const(1),
        ...I.i32Sub,
        ...I.localTee(0),
        ...I.brIf(0),
        ...I.end,
        ...I.localGet(0),
        ...I.call(1),
      ],
    },
    { params: [T.i32], results: [T.i32], export: 'tail', body: [...I.localGet(0), ...I.i32Const(7), ...I.i32Add] },
    { params: [], results: [T.i32], export: 'unused', body: I.i32Const(1) },
  ],
});

test('bodies are validated eagerly and translated on their first call only', () => {
  const module = new Module(bytes);
  const funcs = module.compiled.funcs;
  assert.ok(
    funcs.every((f) => f.lazy !== null && f.code.length === 0),
    'nothing translated by new Module',
  );
  assert.ok(
    funcs.every((f) => f.maxSlots > 0),
    'frame sizes are known from validation',
  );
  const store = new Store();
  const inst = store.instantiate(module, []);
  assert.deepEqual(store.invoke(store.exportOf(inst, 'loop')!.addr, [i32(5)]), [i32(7)]);
  assert.equal(funcs[0]!.lazy, null);
  assert.equal(funcs[1]!.lazy, null);
  assert.notEqual(funcs[2]!.lazy, null, 'a function never called is never translated');
  // The accessor another tier uses: translates on demand, idempotent.
  const c = ensureCompiled(funcs[2]!);
  assert.equal(c.lazy, null);
  assert.ok(c.code.length > 0 && c.pcs.length > 0);
  assert.equal(ensureCompiled(c), c);
});

test('an invalid body is refused by new Module, though never called', () => {
  const bad = buildModule({
    funcs: [
      { params: [], results: [], export: 'ok', body: [] },
      { params: [], results: [T.i32], body: I.i64Const(1) },
    ],
  });
  assert.throws(() => new Module(bad), CompileError);
});

test('capture and restore reach functions never translated, in the module the snapshot resumes with', () => {
  const store = new Store();
  const inst = store.instantiate(new Module(bytes), []);
  const ex = store.call(store.exportOf(inst, 'loop')!.addr, [i32(50)]);
  assert.equal(ex.run({ fuel: 20 }).status, 'suspended');
  const saved = structuredClone({ store: store.capture(), exec: ex.capture() });
  // A fresh Module: every function lazy, including the one the frame stands in.
  const fresh = new Module(bytes);
  const store2 = Store.restore(saved.store, [fresh], () => {
    throw new Error('no imports');
  });
  const ex2 = Execution.restore(store2, saved.exec);
  assert.equal(fresh.compiled.funcs[0]!.lazy, null, "the frame's function is translated by the restore");
  assert.notEqual(fresh.compiled.funcs[1]!.lazy, null, 'the callee is not, yet');
  const r = ex2.run();
  assert.deepEqual(r.status === 'done' && r.results, [i32(7)]);
  assert.equal(fresh.compiled.funcs[1]!.lazy, null);
  assert.notEqual(fresh.compiled.funcs[2]!.lazy, null);
});
