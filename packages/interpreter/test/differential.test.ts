/**
 * Differential test of the interpreter against Node's own `WebAssembly`: generated programs (control flow with
 * multi-value blocks and branches, calls and indirect calls, recursion, globals, memory of every width, bulk
 * memory, numeric operators that trap, conversions) run on both engines with the same arguments, several calls
 * in one instance. After every call the two must agree bit for bit on the results (any NaN equals any NaN:
 * the spec lets engines choose NaN bits of arithmetic results), on the trap (by kind: V8 words and merges some
 * traps differently), on the memory bytes, on every exported global and on the host import's calls.
 *
 * Reproduce a failure with `generateProgram(seed, { size })` from `test/support/program-generator.ts`; set
 * `EDGEDANCER_FUZZ_SEED` / `EDGEDANCER_FUZZ_RUNS` to explore other programs.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from '@bytecodealliance/jco-transpile/wasm-tools';
import fc from 'fast-check';
import { CompileError, Module } from '../src/index.js';

import {
  assemble,
  assertSameMemory,
  instantiateOurs,
  nodeWasm,
  type Observation,
  runNode,
  runOurs,
  trapsAgree,
} from './support/engines.js';
import { generateProgram, type Program, programArbitrary, Rng } from './support/program-generator.js';

const FC_SEED = Number(process.env['EDGEDANCER_FUZZ_SEED'] ?? 20240601);
const RUNS = Number(process.env['EDGEDANCER_FUZZ_RUNS'] ?? 300);

/** Counts of what the compared calls did, to check that the generator keeps its reach. */
interface Stats {
  programs: number;
  calls: number;
  done: number;
  traps: Map<string, number>;
  hostCalls: number;
  grown: number;
}

/** Asserts that our observation of one call equals Node's. */
function assertAgree(ours: Observation, node: Observation, where: string): void {
  if ('trap' in ours.outcome || 'trap' in node.outcome) {
    assert.ok(
      'trap' in ours.outcome && 'trap' in node.outcome,
      `${where}: one engine trapped: ours ${JSON.stringify(ours.outcome)}, node ${JSON.stringify(node.outcome)}`,
    );
    assert.ok(
      trapsAgree(ours.outcome.trap, node.outcome.trap),
      `${where}: different traps: ours ${ours.outcome.trap}, node "${node.outcome.trap}"`,
    );
  } else {
    assert.deepStrictEqual(ours.outcome.done, node.outcome.done, `${where}: results`);
  }
  assertSameMemory(ours.memory, node.memory, `${where}: memory`);
  assert.deepStrictEqual(ours.globals, node.globals, `${where}: globals`);
  assert.deepStrictEqual(ours.hostCalls, node.hostCalls, `${where}: host import calls`);
}

/** Runs one program on both engines and compares every call. */
async function compare(p: Program, stats?: Stats): Promise<void> {
  const where = `program seed=${p.seed} size=${p.size}`;
  const bytes = await assemble(p.wat);
  assert.ok(nodeWasm.validate(bytes), `${where}: the generator made an invalid module (Node rejects it)`);
  let module: Module;
  try {
    module = new Module(bytes);
  } catch (e) {
    assert.fail(
      `${where}: Node accepts the module but the interpreter rejects it: ${String(e)}` +
        `${e instanceof CompileError ? '' : ' (not a CompileError)'}`,
    );
  }
  const ours = runOurs(p, module);
  const node = runNode(p, bytes);
  ours.forEach((o, i) => assertAgree(o, node[i]!, `${where} call ${i}`));
  if (stats !== undefined) {
    stats.programs++;
    for (const o of ours) {
      stats.calls++;
      if ('done' in o.outcome) stats.done++;
      else stats.traps.set(o.outcome.trap, (stats.traps.get(o.outcome.trap) ?? 0) + 1);
      if (o.memory.length > 65536) stats.grown++;
    }
    stats.hostCalls += ours.at(-1)!.hostCalls.length;
  }
}

/**
 * One random edit of a program's instructions: delete, duplicate or swap lines, change a value type or an
 * index. The result may be invalid or not even assemble.
 */
function mutate(wat: string, r: Rng): string {
  const lines = wat.split('\n');
  const body = lines.flatMap((l, i) => (/^ {4,}[a-z]/.test(l) && !l.includes('(local') ? [i] : []));
  const i = r.pick(body);
  const j = r.pick(body);
  switch (r.int(5)) {
    case 0:
      lines.splice(i, 1);
      break;
    case 1:
      lines.splice(i, 0, lines[j]!);
      break;
    case 2:
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      break;
    case 3:
      lines[i] = lines[i]!.replace(/\b(i32|i64|f32|f64)\b/, r.pick(['i32', 'i64', 'f32', 'f64']));
      break;
    default:
      lines[i] = lines[i]!.replace(/\b\d+\b/, String(r.int(8)));
  }
  return lines.join('\n');
}

/** Whether every call of `main` ends on this interpreter within a fuel bound, without exhausting the stack. */
function endsQuickly(p: Program, module: Module): boolean {
  const { store, main } = instantiateOurs(p, module);
  return p.args.every((args) => {
    const r = store.call(main, args).run({ fuel: 1_000_000 });
    return r.status === 'done' || (r.status === 'trapped' && r.error.code !== 'call-stack-exhausted');
  });
}

describe('differential: generated programs on the interpreter and on Node', () => {
  it(`agrees on ${RUNS} generated programs (fast-check seed ${FC_SEED})`, async () => {
    const stats: Stats = { programs: 0, calls: 0, done: 0, traps: new Map(), hostCalls: 0, grown: 0 };
    await fc.assert(
      fc.asyncProperty(programArbitrary({ minSize: 1, maxSize: 8 }), (p) => compare(p, stats)),
      { seed: FC_SEED, numRuns: RUNS, endOnFailure: true },
    );
    // The generator's reach: most calls finish, some trap in several ways, some use the import and grow memory.
    assert.ok(stats.done > stats.calls * 0.6, `only ${stats.done} of ${stats.calls} calls finished`);
    assert.ok(stats.traps.size >= 5, `only these traps occurred: ${[...stats.traps.keys()].join(', ')}`);
    assert.ok(stats.hostCalls > 0, 'the host import was never called');
    assert.ok(stats.grown > 0, 'memory never grew');
  });

  it('agrees on the larger programs of a fixed seed range', async () => {
    for (let seed = 0; seed < 40; seed++) await compare(generateProgram(seed, { size: 10 }));
  });

  it('agrees on programs that all use the host import', async () => {
    for (let seed = 100; seed < 130; seed++) await compare(generateProgram(seed, { size: 6, withImport: true }));
  });

  it('agrees on which mutated programs are valid, and on running the valid ones that end', async () => {
    let valid = 0;
    let invalid = 0;
    for (let seed = 2000; seed < 2120; seed++) {
      const p = generateProgram(seed, { size: 1 + (seed % 5) });
      const r = new Rng(seed);
      for (let m = 0; m < 4; m++) {
        const wat = mutate(p.wat, r);
        let bytes: Uint8Array;
        try {
          bytes = await parse(wat);
        } catch {
          continue; // the edit broke the text itself
        }
        const where = `program seed=${seed} size=${p.size} mutation ${m}`;
        const nodeValid = nodeWasm.validate(bytes);
        let error: unknown = null;
        try {
          new Module(bytes);
        } catch (e) {
          error = e;
        }
        assert.equal(error === null, nodeValid, `${where}: Node says valid=${nodeValid}, ours ${String(error)}`);
        if (error !== null) {
          assert.ok(error instanceof CompileError, `${where}: rejection is a CompileError: ${String(error)}`);
          invalid++;
          continue;
        }
        valid++;
        const q = { ...p, wat };
        const module = new Module(bytes);
        if (!endsQuickly(q, module)) continue; // an edit may remove a loop or call bound
        const ours = runOurs(q, module);
        const node = runNode(q, bytes);
        ours.forEach((o, i) => assertAgree(o, node[i]!, `${where} call ${i}`));
      }
    }
    assert.ok(valid > 50 && invalid > 50, `valid ${valid}, invalid ${invalid}`);
  });

  it('generates the same program from the same seed', () => {
    const a = generateProgram(7, { size: 6 });
    const b = generateProgram(7, { size: 6 });
    assert.deepStrictEqual(a, b);
    assert.notEqual(generateProgram(8, { size: 6 }).wat, a.wat);
  });
});
