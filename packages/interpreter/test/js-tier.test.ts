/**
 * The JavaScript tier against the interpreter: an interrupt in a hot translated loop captures, restores into a
 * fresh store and finishes as an uninterrupted run does; a fuel stop consumes the same fuel and stops at the
 * same place with the same state; deep recursion and the call-depth limit behave alike; where code generation
 * is refused the tier switches itself off; and generated source holds nothing of the module as text.
 * @module
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import {
  compileModule,
  Execution,
  type ExecutionState,
  i32,
  Module,
  type RunResult,
  Store,
  type WasmValue,
} from '../src/index.js';
import { HELPER_NAMES } from '../src/js-tier/names.js';
import { translate } from '../src/js-tier/translate.js';
import { assemble } from './support/engines.js';

/** A hot loop over i64 mixing, f64 sums, memory stores and calls; word 0 of memory is set at iteration `stop`. */
const HOT = `(module
  (memory (export "mem") 1)
  (global $g (mut i64) (i64.const 5))
  (func $mix (param $x i64) (result i64)
    (i64.xor (i64.mul (local.get $x) (i64.const 0x9E3779B97F4A7C15)) (i64.shr_u (local.get $x) (i64.const 29))))
  (func $half (param f32) (result f32 i32) (f32.mul (local.get 0) (f32.const 0.5)) (i32.const 3))
  (func (export "hot") (param $n i32) (param $stop i32) (result i64)
    (local $i i32) (local $acc i64) (local $f f64) (local $h f32)
    (local.set $h (f32.const 1000))
    (loop $l
      (local.set $acc (call $mix (i64.add (local.get $acc) (i64.extend_i32_u (local.get $i)))))
      (local.set $f (f64.add (local.get $f) (f64.convert_i32_s (local.get $i))))
      (i32.store offset=8 (i32.and (i32.mul (local.get $i) (i32.const 4)) (i32.const 0xffc)) (local.get $i))
      (if (i32.eq (local.get $i) (local.get $stop)) (then (i32.store (i32.const 0) (i32.const 1))))
      (call $half (local.get $h)) drop drop
      (local.set $h (f32.add (local.get $h) (f32.const 1.25)))
      (global.set $g (i64.add (global.get $g) (local.get $acc)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
    (i64.add (i64.add (local.get $acc) (i64.trunc_f64_s (local.get $f))) (global.get $g)))
  (func $down (export "down") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n)) (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $down (i32.sub (local.get $n) (i32.const 1))))))))`;

interface Setup {
  readonly store: Store;
  readonly hot: number;
  readonly down: number;
  readonly memAddr: number;
  readonly mem: () => Uint8Array;
}

let hotModule: Module | undefined;

async function setup(tier: 'interp' | 'js', maxCallDepth?: number): Promise<Setup> {
  hotModule ??= new Module(await assemble(HOT));
  const store = new Store({ tier, ...(maxCallDepth === undefined ? {} : { maxCallDepth }) });
  const inst = store.instantiate(hotModule, []);
  const memAddr = store.exportOf(inst, 'mem')!.addr;
  return {
    store,
    hot: store.exportOf(inst, 'hot')!.addr,
    down: store.exportOf(inst, 'down')!.addr,
    memAddr,
    mem: () => new Uint8Array(store.mems[memAddr]!.buffer).slice(),
  };
}

function restoreFresh(store: Store, ex: Execution, tier: 'interp' | 'js'): { store: Store; ex: Execution } {
  const state = structuredClone({ store: store.capture(), exec: ex.capture() });
  const fresh = Store.restore(
    state.store,
    store.modules,
    () => {
      throw new Error('no host functions');
    },
    { tier },
  );
  return { store: fresh, ex: Execution.restore(fresh, state.exec) };
}

/** The state as the interpreter keeps it: the low word of every slot, frames and pc exactly. */
function comparable(s: ExecutionState): { frames: number[]; stack: number[] } {
  return { frames: [...s.frames], stack: [...s.stack] };
}

describe('JavaScript tier', () => {
  const args = (stop: number): WasmValue[] => [i32(20_000), i32(stop)];

  it('an interrupt mid hot loop captures, restores in a fresh store and ends as the uninterrupted run', async () => {
    const ref = await setup('interp');
    const want = ref.store.call(ref.hot, args(-1)).run();
    assert.equal(want.status, 'done');

    const js = await setup('js');
    const interp = await setup('interp');
    // The interrupt flag is word 0 of the module's memory: the loop itself requests the interrupt.
    const flagOf = (x: Setup): Int32Array => new Int32Array(x.store.mems[x.memAddr]!.buffer, 0, 1);
    const exJs = js.store.call(js.hot, args(12_345), { interruptFlag: flagOf(js) });
    const exIn = interp.store.call(interp.hot, args(12_345), { interruptFlag: flagOf(interp) });
    const rJs = exJs.run();
    const rIn = exIn.run();
    assert.deepEqual(rJs, { status: 'suspended', reason: 'interrupt', pc: (rIn as { pc: unknown }).pc });
    assert.ok(js.store.jsTier!.stats.translated >= 3, 'the functions ran translated');
    assert.ok(js.store.jsTier!.stats.interrupts >= 1, 'translated code took the interrupt');
    // The same portable state as the interpreter's at the same interrupt.
    assert.deepEqual(comparable(exJs.capture()), comparable(exIn.capture()));
    assert.deepEqual(js.mem(), interp.mem());

    const moved = restoreFresh(js.store, exJs, 'js');
    const end = moved.ex.run();
    assert.deepEqual(end, want);
    assert.deepEqual(new Uint8Array(moved.store.mems[js.memAddr]!.buffer).subarray(4), ref.mem().subarray(4));
  });

  it('stops on fuel where the interpreter stops, having used the same fuel, in the same state', async () => {
    const budgets = [0, 1, 2, 3, 5, 8, 13, 40, 99, 100, 101, 257, 1000, 4321, 77_777, 123_457];
    for (const fuel of budgets) {
      const a = await setup('interp');
      const b = await setup('js');
      const exA = a.store.call(a.hot, [i32(3000), i32(-1)]);
      const exB = b.store.call(b.hot, [i32(3000), i32(-1)]);
      const rA = exA.run({ fuel });
      const rB = exB.run({ fuel });
      assert.deepEqual(rB, rA, `fuel ${fuel}: the stop`);
      assert.equal(exB.fuelUsed, exA.fuelUsed, `fuel ${fuel}: fuel used`);
      if (rA.status !== 'suspended') continue;
      assert.deepEqual(comparable(exB.capture()), comparable(exA.capture()), `fuel ${fuel}: state`);
      assert.deepEqual(b.mem(), a.mem(), `fuel ${fuel}: memory`);
      // Slices of the same size to the end: the same results and the same count.
      let endA: RunResult = rA;
      let endB: RunResult = rB;
      let n = 0;
      while (endA.status === 'suspended') {
        endA = exA.run({ fuel: 9_999 });
        endB = exB.run({ fuel: 9_999 });
        assert.deepEqual(endB, endA, `fuel ${fuel}: slice ${++n}`);
        assert.equal(exB.fuelUsed, exA.fuelUsed);
      }
    }
  });

  it('recurses deeper than its JavaScript nesting and traps at the same call depth as the interpreter', async () => {
    const deep = await setup('js');
    assert.deepEqual(deep.store.call(deep.down, [i32(15_000)]).run(), { status: 'done', results: [i32(15_000)] });
    for (const tier of ['interp', 'js'] as const) {
      const s = await setup(tier, 300);
      const r = s.store.call(s.down, [i32(400)]).run();
      assert.equal(r.status, 'trapped');
      assert.match((r as { error: Error }).error.message, /call stack exhausted/);
      assert.deepEqual(s.store.call(s.down, [i32(290)]).run(), { status: 'done', results: [i32(290)] });
    }
  });

  it('switches itself off where code generation from strings is refused, and the interpreter runs everything', async () => {
    const child = fileURLToPath(new URL('./support/codegen-off-child.js', import.meta.url));
    const bytes = Buffer.from(await assemble(HOT)).toString('hex');
    const out = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', child, bytes], {
      encoding: 'utf8',
    });
    assert.equal(out.status, 0, out.stderr);
    const report = JSON.parse(out.stdout) as { enabled: boolean; translated: number; result: string };
    const ref = await setup('interp');
    const want = ref.store.call(ref.hot, [i32(500), i32(-1)]).run() as { results: { value: bigint }[] };
    assert.deepEqual(report, { enabled: false, translated: 0, result: String(want.results[0]!.value) });
  });

  it('builds generated source from numbers and fixed names only: nothing of the module reaches it as text', async () => {
    const evil = '"); globalThis.pwned = 1; ("';
    const text = `(module
      (memory (export ${JSON.stringify(evil)}) 1)
      (global $g${'x'.repeat(3)} (mut f64) (f64.const nan:0x4))
      (func $\`evil\` (export ${JSON.stringify('*/ pwned() /*')}) (param i64 f32) (result f64)
        (local.get 1) (drop)
        (global.set 0 (f64.add (global.get 0) (f64.const -0)))
        (f64.load offset=12 (i32.wrap_i64 (local.get 0))))
      (@custom ${JSON.stringify(evil)} ${JSON.stringify(evil)}))`;
    const cm = compileModule(await assemble(text));
    const tr = translate(cm, cm.funcs[0]!);
    assert.ok(tr !== null);
    const src = tr.source;
    assert.ok(!src.includes('pwned') && !src.includes('evil'));
    const strings: string[] = src.match(/"[^"]*"/g) ?? [];
    assert.deepEqual(
      [...new Set(strings)].sort(),
      ['"unreachable"', '"use strict"'].filter((s) => strings.includes(s)),
    );
    const fixed = new Set([
      ...HELPER_NAMES,
      'use',
      'strict',
      'const',
      'let',
      'return',
      'function',
      'if',
      'else',
      'for',
      'break',
      'continue',
      'switch',
      'case',
      'default',
      'null',
      'undefined',
      'true',
      'Infinity',
      'Math',
      'imul',
      'clz32',
      'sqrt',
      'R',
      'H',
      'A',
      'FA',
      'GA',
      'TA',
      'TI',
      'M',
      'D',
      'T',
      'RD',
      'WI',
      'WF',
      'WD',
      'FN',
      'MS',
      'NEST',
      'MAXD',
      'G',
      'DV',
      'U8',
      'ML',
      'DT',
      'S',
      'F',
      'f',
      'e',
      'o',
      'x',
      'oe',
      'false',
      'fp',
      'fn',
      'cf',
      't',
      'u',
      'v',
      'w',
      'p',
      'q',
      'r',
      'dp',
      'fuel',
      'wb',
      'wbc',
      'WB',
      'ws',
      'wk',
      'wv',
      'intr',
      'ex',
      's32',
      'f64',
      'ho',
      'base',
      'cap',
      'room',
      'deep',
      'oob',
      'trap',
      'indirect',
      'up',
      'rd',
      'wi',
      'wf',
      'wd',
      'fns',
      'ms',
      'nest',
      'maxDepth',
      'store',
      'globalWords',
      'grow',
      'dv',
      'u8',
      'length',
      'dirty',
      'getInt32',
      'getFloat64',
      'getInt16',
      'getUint16',
      'setInt32',
      'setFloat64',
      'setInt16',
      'unreachable',
      'copy',
      'fill',
      'u',
    ]);
    const names = src.replace(/"[^"]*"/g, '').match(/[A-Za-z_$][\w$]*/g) ?? [];
    const odd = names.filter((n) => !fixed.has(n) && !/^[A-Za-z]{1,2}\d+$/.test(n) && !/^0x[0-9a-f]+$/.test(n));
    assert.deepEqual([...new Set(odd)], []);
  });
});
