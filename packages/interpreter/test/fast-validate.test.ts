/**
 * The fast body validator against the general one (`FunctionCompiler` in validate-only mode): it may only accept
 * what the general one accepts, with the same frame sizes; every invalid body it meets goes to the general one,
 * so a module's error is the general validator's. Checked on hand-written invalid bodies of each instruction
 * class, on every body of the benchmark programs, and on thousands of mutations of those bodies.
 * @module
 */

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FunctionCompiler, type ValidationContext } from '../src/compile-function.js';
import { decodeModule } from '../src/decode-module.js';
import { CompileError } from '../src/errors.js';
import { FastValidator } from '../src/fast-validate.js';
import { runPrimeBody } from '../src/fast-validate-prime.js';
import { type CompiledModule, compileModule } from '../src/module.js';
import { buildModule, T } from '../src/wasm-builder/index.js';

/** The validation context `compileModule` gives the body validators, over `bytes`. */
function contextOf(cm: CompiledModule, bytes: Uint8Array): ValidationContext {
  const m = cm.decoded;
  return {
    bytes,
    types: m.types,
    funcTypes: cm.funcTypes,
    tables: cm.tables,
    mems: cm.mems,
    globals: cm.globals,
    elemTypes: m.elems.map((e) => e.type),
    dataCount: m.dataCount,
    // Every function may be referenced: the modules here are valid, so this only widens what both accept.
    refs: new Set(cm.funcTypes.keys()),
    tagTypes: cm.tagTypes,
    typeIds: cm.typeIds,
    subTypes: m.subTypes,
  };
}

interface Outcome {
  readonly ok: boolean;
  readonly message: string;
  readonly slots: string;
}

/** One general validator per context (it is made for many bodies). */
const compilers = new WeakMap<ValidationContext, FunctionCompiler>();

/** Validates one body with the general validator. */
function general(
  ctx: ValidationContext,
  funcIdx: number,
  locals: readonly number[],
  start: number,
  codeStart: number,
  end: number,
): Outcome {
  let compiler = compilers.get(ctx);
  if (compiler === undefined) {
    compiler = new FunctionCompiler(ctx, false);
    compilers.set(ctx, compiler);
  }
  try {
    const c = compiler.compile(funcIdx, locals, start, codeStart, end);
    return { ok: true, message: '', slots: `${c.paramSlots}/${c.localSlots}/${c.resultSlots}/${c.maxSlots}` };
  } catch (e) {
    if (!(e instanceof CompileError)) throw e;
    return { ok: false, message: e.message, slots: '' };
  }
}

/** One fast validator per context. */
const fastValidators = new WeakMap<ValidationContext, FastValidator>();

/** Validates one body with the fast validator: its frame sizes when it accepts, null when it hands over. */
function fast(ctx: ValidationContext, funcIdx: number, locals: readonly number[], codeStart: number, end: number) {
  let v = fastValidators.get(ctx);
  if (v === undefined) {
    v = new FastValidator(ctx);
    fastValidators.set(ctx, v);
  }
  if (!v.check(funcIdx, locals, codeStart, end)) return null;
  return `${v.paramSlots}/${v.localSlots}/${v.resultSlots}/${v.localSlots + v.maxSlotH + 2}`;
}

/**
 * Checks every body of a valid module both ways, then `mutations` copies of the module each with one byte of one
 * body changed. Returns how many bodies (original and mutated) the fast validator accepted.
 */
function differential(bytes: Uint8Array, mutations: number, seed: number): { accepted: number; total: number } {
  const cm = compileModule(bytes);
  const codes = cm.decoded.codes;
  let accepted = 0;
  let total = 0;
  const compare = (ctx: ValidationContext, i: number, what: string): void => {
    const b = codes[i]!;
    const fi = cm.importedFuncs + i;
    const f = fast(ctx, fi, b.locals, b.codeStart, b.end);
    total++;
    if (f === null) return;
    accepted++;
    const g = general(ctx, fi, b.locals, b.start, b.codeStart, b.end);
    assert.ok(g.ok, `${what}: the fast path accepts what the general one rejects (${g.message})`);
    assert.equal(f, g.slots, `${what}: frame sizes`);
  };
  const ctx = contextOf(cm, bytes);
  for (let i = 0; i < codes.length; i++) compare(ctx, i, `function ${i}`);
  let s = seed;
  const rand = (n: number): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % n;
  };
  const copy = new Uint8Array(bytes);
  const mctx = { ...ctx, bytes: copy };
  for (let k = 0; k < mutations && codes.length > 0; k++) {
    const i = rand(codes.length);
    const b = codes[i]!;
    if (b.end - b.codeStart < 2) continue;
    // Any byte but the final `end` (the body's frame stays as decoded).
    const at = b.codeStart + rand(b.end - b.codeStart - 1);
    const old = copy[at]!;
    copy[at] = rand(4) === 0 ? rand(256) : old ^ (1 << rand(8));
    compare(mctx, i, `function ${i} with byte ${at} = ${copy[at]} (was ${old})`);
    copy[at] = old;
  }
  return { accepted, total };
}

const programs = fileURLToPath(new URL('../../../bench/programs/', import.meta.url));
const programFiles = readdirSync(programs).filter((f) => f.endsWith('.wasm'));

test('every body of the benchmark programs validates the same both ways, and the fast path takes nearly all', () => {
  assert.ok(programFiles.length >= 5, 'the benchmark programs are there');
  for (const file of programFiles) {
    const bytes = new Uint8Array(readFileSync(programs + file));
    const { accepted, total } = differential(bytes, 0, 1);
    assert.ok(total > 0, file);
    assert.ok(accepted >= total * 0.9, `${file}: the fast path accepted only ${accepted} of ${total} bodies`);
  }
});

test('mutated bodies: the fast path never accepts what the general one rejects', () => {
  let accepted = 0;
  let total = 0;
  for (const [n, file] of programFiles.entries()) {
    const bytes = new Uint8Array(readFileSync(programs + file));
    const r = differential(bytes, 1500, 7 + n);
    accepted += r.accepted;
    total += r.total;
  }
  // Some mutations stay valid (a changed constant, index or opcode of the same type): the comparison bites.
  assert.ok(accepted > total / 20, `accepted ${accepted} of ${total}`);
});

// A module with memory 0, a mutable i32 global, and a function type with a parameter for block types.
const mem = { min: 1, export: null };

/** A one-function module of type `params → results` with the given locals and body. */
function moduleWith(
  body: readonly number[],
  params: readonly number[] = [],
  results: readonly number[] = [],
  locals: readonly number[] = [],
): Uint8Array {
  return buildModule({
    memory: mem,
    globals: [0],
    funcs: [
      { params, results, locals, body },
      // Type 1 (when the first has another signature): i32 → i32, for block types with a parameter.
      { params: [T.i32], results: [T.i32], body: [0x20, 0x00] },
    ],
  });
}

/**
 * Checks that the fast path hands the module's first body over, that the general validator rejects it with
 * `message`, and that the module fails with the general validator's error (or, for a malformed body, the
 * decoder's, which the spec reports first).
 */
function assertHandsOver(bytes: Uint8Array, message: string): void {
  const m = decodeModule(bytes, false);
  const b = m.codes[0]!;
  const cmOk = compileModule(
    buildModule({
      memory: mem,
      globals: [0],
      funcs: [
        { params: m.types[m.funcs[0]!]!.params, results: m.types[m.funcs[0]!]!.results, body: [0x00] },
        { params: [T.i32], results: [T.i32], body: [0x20, 0x00] },
      ],
    }),
  );
  const ctx = contextOf(cmOk, bytes);
  assert.equal(fast(ctx, 0, b.locals, b.codeStart, b.end), null, `fast path accepted an invalid body: ${message}`);
  const g = general(ctx, 0, b.locals, b.start, b.codeStart, b.end);
  assert.equal(g.ok, false);
  assert.ok(g.message.includes(message), `${g.message} is not ${message}`);
  let malformed = false;
  try {
    decodeModule(bytes);
  } catch {
    malformed = true;
  }
  assert.throws(
    () => compileModule(bytes),
    (e: unknown) => e instanceof CompileError && (malformed || e.message === g.message),
  );
}

const I32 = T.i32;
const I64 = T.i64;
const F32 = T.f32;

test('invalid bodies of each instruction class fail with the general validator’s message', () => {
  // Numeric operators: operand of the wrong type, missing operand, wrong result type.
  assertHandsOver(moduleWith([0x42, 0x01, 0x41, 0x01, 0x6a], [], [I32]), 'type mismatch');
  assertHandsOver(moduleWith([0x41, 0x01, 0x6a], [], [I32]), 'type mismatch');
  assertHandsOver(moduleWith([0x41, 0x01, 0x41, 0x01, 0x6a], [], [I64]), 'type mismatch');
  assertHandsOver(moduleWith([0x43, 0, 0, 0, 0, 0xa7], [], [I32]), 'type mismatch'); // i32.wrap_i64 of an f32
  assertHandsOver(moduleWith([0xfc, 0x00], [], [I32]), 'type mismatch'); // i32.trunc_sat_f32_s, no operand
  // Constants: truncated immediates.
  assertHandsOver(moduleWith([0x44, 0, 0, 0], [], []), 'unexpected end');
  // Loads and stores: alignment, operand types, value type.
  assertHandsOver(moduleWith([0x41, 0x00, 0x28, 0x03, 0x00, 0x1a]), 'alignment must not be larger than natural');
  assertHandsOver(moduleWith([0x42, 0x00, 0x28, 0x02, 0x00, 0x1a]), 'type mismatch');
  assertHandsOver(moduleWith([0x41, 0x00, 0x41, 0x00, 0x37, 0x03, 0x00]), 'type mismatch');
  // Locals and globals.
  assertHandsOver(moduleWith([0x20, 0x02, 0x1a], [I32], [], [I64]), 'unknown local 2');
  assertHandsOver(moduleWith([0x42, 0x00, 0x21, 0x00], [I32]), 'type mismatch');
  assertHandsOver(moduleWith([0x20, 0x01], [I32], [I32], [F32]), 'type mismatch');
  assertHandsOver(moduleWith([0x23, 0x05, 0x1a]), 'unknown global 5');
  assertHandsOver(moduleWith([0x42, 0x00, 0x24, 0x00]), 'type mismatch');
  // Control: block results, if without else, else without if, labels, br_table arity, return.
  assertHandsOver(moduleWith([0x02, 0x7f, 0x0b, 0x1a]), 'type mismatch');
  assertHandsOver(moduleWith([0x41, 0x01, 0x04, 0x7f, 0x41, 0x01, 0x0b], [], [I32]), 'type mismatch');
  assertHandsOver(moduleWith([0x05, 0x0b]), 'else without if');
  assertHandsOver(moduleWith([0x0c, 0x01]), 'unknown label');
  assertHandsOver(moduleWith([0x02, 0x7f, 0x41, 0x00, 0x0d, 0x00, 0x0b]), 'type mismatch');
  assertHandsOver(
    // block (result i32) block; i32.const 0; i32.const 0; br_table 0 1 (arity 0 and 1)
    moduleWith([0x02, 0x7f, 0x02, 0x40, 0x41, 0x00, 0x41, 0x00, 0x0e, 0x01, 0x00, 0x01, 0x0b, 0x41, 0x00, 0x0b, 0x1a]),
    'type mismatch',
  );
  assertHandsOver(moduleWith([0x42, 0x00, 0x0f], [], [I32]), 'type mismatch');
  // Block types with params: the parameter must be on the stack, of its type.
  assertHandsOver(moduleWith([0x02, 0x01, 0x0b, 0x1a], [F32], []), 'type mismatch');
  assertHandsOver(moduleWith([0x43, 0, 0, 0, 0, 0x03, 0x01, 0x0b, 0x1a], [F32], []), 'type mismatch');
  // Calls: arguments.
  assertHandsOver(moduleWith([0x42, 0x00, 0x10, 0x01, 0x1a]), 'type mismatch');
  assertHandsOver(moduleWith([0x10, 0x05]), 'unknown function 5');
  // Select: operands of different types; drop of nothing.
  assertHandsOver(moduleWith([0x41, 0x00, 0x42, 0x00, 0x41, 0x00, 0x1b, 0x1a]), 'type mismatch');
  assertHandsOver(moduleWith([0x1a]), 'type mismatch');
  // The body must end at its last byte; nothing after the function's end.
  assertHandsOver(moduleWith([0x0b, 0x01]), 'section size mismatch');
});

test('unreachable code: the polymorphic stack accepts any operands, and only those', () => {
  const ok = (body: readonly number[], results: readonly number[] = []): void => {
    const bytes = moduleWith(body, [], results);
    const cm = compileModule(bytes);
    const b = cm.decoded.codes[0]!;
    const ctx = contextOf(cm, bytes);
    const f = fast(ctx, 0, b.locals, b.codeStart, b.end);
    assert.notEqual(f, null, `fast path hands over ${body}`);
    assert.equal(f, general(ctx, 0, b.locals, b.start, b.codeStart, b.end).slots);
  };
  ok([0x00, 0x6a], [I32]); // unreachable; i32.add → i32
  ok([0x00, 0x1a, 0x1b, 0x1a]); // unreachable; drop; select; drop
  ok([0x00, 0x0c, 0x00], [I64]); // unreachable; br 0
  ok([0x02, 0x7f, 0x00, 0x0b], [I32]); // a block ending unreachable
  ok([0x02, 0x7e, 0x42, 0x00, 0x41, 0x00, 0x0e, 0x00, 0x00, 0x0b], [I64]); // br_table, then unreachable
  // An operand pushed after `unreachable` is still typed.
  assertHandsOver(moduleWith([0x00, 0x42, 0x00, 0x6a, 0x1a]), 'type mismatch');
  assertHandsOver(moduleWith([0x00, 0x41, 0x00], [], [I64]), 'type mismatch');
});

test('block types with params, and locals up to the limit', () => {
  const bytes = moduleWith(
    // i32.const 1; block (type 1: i32 → i32) i32.const 2; i32.add end; loop (type 1) end
    [0x41, 0x01, 0x02, 0x01, 0x41, 0x02, 0x6a, 0x0b, 0x03, 0x01, 0x0b],
    [F32],
    [I32],
  );
  const cm = compileModule(bytes);
  const b = cm.decoded.codes[0]!;
  const ctx = contextOf(cm, bytes);
  assert.equal(
    fast(ctx, 0, b.locals, b.codeStart, b.end),
    general(ctx, 0, b.locals, b.start, b.codeStart, b.end).slots,
  );
  // 50,000 locals (the limit the decoder sets): validated fast; one more is `too many locals`.
  const many = moduleWith([0x20, 0xcf, 0x86, 0x03], [], [I32], new Array(50_000).fill(I32));
  const cmMany = compileModule(many);
  assert.equal(cmMany.funcs[0]!.localSlots, 50_000);
  assert.throws(() => compileModule(moduleWith([], [], [], new Array(50_001).fill(I32))), /too many locals/);
});

test('the priming body is valid for the fast path (so it gives feedback for every path)', () => {
  assert.equal(runPrimeBody(), true);
});
