/**
 * The dispatch loop stays within what V8 optimises: `runLoop`'s bytecode leaves at least 10 % of TurboFan's limit
 * free (61,440 bytes, `--max-optimized-bytecode-size`; past it every program runs an order of magnitude slower),
 * so that the generated loop has room to grow without falling off the optimiser, and after a few calls
 * of a recursive program — with exception handling in the mix, whose ops run outside the loop — V8 reports the
 * loop optimised by TurboFan. Both are read in a child process started with V8's own flags.
 * @module
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';

const INDEX = new URL('../src/index.js', import.meta.url).href;
const LOOP = new URL('../src/dispatch-loop.js', import.meta.url).href;
const BUILDER = new URL('../src/wasm-builder/index.js', import.meta.url).href;

/** TurboFan refuses functions with more bytecode than this (V8's `--max-optimized-bytecode-size`). */
const TURBOFAN_LIMIT = 61_440;
/** What the loop may take: 90 % of the limit (55,296 bytes). */
const BUDGET = TURBOFAN_LIMIT * 0.9;

/** Runs fib and a throwing loop until V8 has optimised the dispatch loop; prints what the flags ask for. */
const SCRIPT = `
import { Store, Module, i32 } from ${JSON.stringify(INDEX)};
import { runLoop } from ${JSON.stringify(LOOP)};
import { buildModule, I, T } from ${JSON.stringify(BUILDER)};
const fib = [...I.localGet(0), ...I.i32Const(2), ...I.i32LtU, 0x04, 0x7f, ...I.localGet(0), 0x05,
  ...I.localGet(0), ...I.i32Const(1), ...I.i32Sub, ...I.call(0), ...I.localGet(0), ...I.i32Const(2), ...I.i32Sub,
  ...I.call(0), ...I.i32Add, 0x0b];
// catches(n): n times, a call that throws tag 0 caught by a try_table around it.
const catches = [...I.loop, ...I.block, ...I.tryTable(0x40, [[0, 0, 0]]), ...I.call(2), ...I.end, ...I.end,
  ...I.localGet(0), ...I.i32Const(1), ...I.i32Sub, ...I.localTee(0), ...I.brIf(0), ...I.end, ...I.localGet(0)];
const bytes = buildModule({ tags: [{ params: [] }], funcs: [
  { params: [T.i32], results: [T.i32], export: 'fib', body: fib },
  { params: [T.i32], results: [T.i32], export: 'catches', body: catches },
  { params: [], results: [], body: I.throw(0) },
] });
const store = new Store();
const inst = store.instantiate(new Module(bytes), []);
const f = store.exportOf(inst, 'fib').addr;
const c = store.exportOf(inst, 'catches').addr;
const work = () => {
  if (store.invoke(f, [i32(18)])[0].value !== 2584) throw new Error('fib');
  if (store.invoke(c, [i32(50)])[0].value !== 0) throw new Error('catches');
};
for (let k = 0; k < 40; k++) work();
if (process.argv.includes('status')) {
  // TurboFan compiles on a background thread; on a loaded machine the job may still be running (status bit
  // 1024) after the warm-up. Keep the loop busy, so V8 can install the finished code, for at most 60 s.
  const status = () => eval('%GetOptimizationStatus(runLoop)');
  const until = Date.now() + 60_000;
  while ((status() & 16) === 0 && Date.now() < until) {
    work();
    await new Promise((r) => setTimeout(r, 10));
  }
  console.log('status ' + status());
}
`;

function child(flags: string[], mode: string): string {
  return execFileSync(process.execPath, [...flags, '--input-type=module', '-e', SCRIPT, '--', mode], {
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
}

describe('the dispatch loop and V8', () => {
  it(`keeps runLoop's bytecode under ${BUDGET} bytes, 10 % below TurboFan's ${TURBOFAN_LIMIT}`, () => {
    const out = child(['--print-bytecode', '--print-bytecode-filter=runLoop'], 'bytecode');
    const lengths = [...out.matchAll(/Bytecode length: (\d+)/g)].map((m) => Number(m[1]));
    assert.ok(lengths.length > 0, 'V8 printed no bytecode for runLoop');
    const size = Math.max(...lengths);
    assert.ok(size < BUDGET, `runLoop has ${size} bytes of bytecode (at most ${BUDGET} leaves 10 % of the limit free)`);
  });

  it('has V8 run runLoop optimised by TurboFan', () => {
    const m = /status (\d+)/.exec(child(['--allow-natives-syntax'], 'status'));
    assert.ok(m !== null);
    const status = Number(m[1]);
    // V8's OptimizationStatus bits: 1 is a function, 16 optimised, 64 by TurboFan.
    assert.equal(status & 1, 1);
    assert.equal(status & 16, 16, `status ${status.toString(2)}: not optimised`);
    assert.equal(status & 64, 64, `status ${status.toString(2)}: not TurboFan`);
  });
});
