/**
 * Validation and pre-decoding of the exception-handling instructions, both encodings on one mechanism:
 * WebAssembly 3.0's `throw`, `throw_ref` and `try_table`, and the legacy `try`/`catch`/`catch_all`/`delegate`/
 * `rethrow` that toolchains still emit.
 *
 * Nothing of a `try` runs at run time. Each `try_table` or legacy `try` becomes an entry of the function's handler
 * table: the range of its body (plain instruction indices), its clauses with their resolved targets (a plain pc and
 * the stack height where the caught values go), and its parent, the entry that catches what the entry lets through.
 * The unwinder (`exec-exceptions.ts`) walks these tables and the frame stack; there is no control stack.
 *
 * A legacy `catch` clause keeps its caught exception in one slot under its operands (so `rethrow` finds it and a
 * capture sees it): the clause's operands start one slot higher, and a clause that ends normally moves its results
 * down over that slot.
 * @module
 */

import type { Ctrl, FunctionCompiler } from './compile-function.js';
import { CompileError } from './errors.js';
import { IOp } from './internal-ops.js';
import { ValType } from './types.js';
import { valTypeName } from './values.js';

/** `(ref exn)`, the type of a caught exception (`heap-types.ts` encoding). */
const EXN_NON_NULL = 0x100 | ValType.ExnRef;

/** Control-frame kinds of the exception-handling blocks (their opcodes). */
export const KIND_TRY = 0x06;
export const KIND_CATCH = 0x07;
export const KIND_CATCH_ALL = 0x19;
export const KIND_TRY_TABLE = 0x1f;

/** Sub-operations of `IOp.Exn` (`[op, sub, imm]`). */
export const ExnSub = {
  /** `imm` = tag index: allocate an exception from the operands and throw it. */
  Throw: 0,
  /** Throw the exception the operand refers to (null traps). */
  ThrowRef: 1,
  /** `imm` = slot (from fp) holding a legacy catch clause's exception: throw it again. */
  Rethrow: 2,
} as const;

/** Clause kinds in a handler table. */
export const Clause = {
  Catch: 0,
  CatchRef: 1,
  CatchAll: 2,
  CatchAllRef: 3,
  /** Legacy `catch`: the exception into the clause's slot, then the payload. */
  LegacyCatch: 4,
  /** Legacy `catch_all`: the exception into the clause's slot. */
  LegacyCatchAll: 5,
} as const;

/** Words per handler entry: start, end (plain instruction indices, end exclusive), parent, first clause, count. */
export const ENTRY_WORDS = 5;
/** Words per clause: kind, tag index, target pc (plain), destination slot relative to fp. */
export const CLAUSE_WORDS = 4;

/**
 * A function's exception handlers. Entries are in the order their blocks start (so an entry's nested entries
 * follow it); the innermost entry holding an instruction is the last one whose range holds it.
 */
export interface HandlerTable {
  readonly entries: Int32Array;
  readonly clauses: Int32Array;
}

/** Words per clause while compiling: the entry, then the four clause words. */
const BUILD_CLAUSE = 5;

/** Compiles one exception-handling instruction (`op` is its opcode byte). */
export function compileExceptionOp(fc: FunctionCompiler, op: number, live: boolean): void {
  switch (op) {
    case 0x08: /* throw */ {
      const tag = fc.r.u32();
      popOperands(fc, tagParams(fc, tag));
      if (live) emitExn(fc, ExnSub.Throw, tag);
      fc.setUnreachable();
      return;
    }
    case 0x0a /* throw_ref */:
      fc.pop(ValType.ExnRef);
      if (live) emitExn(fc, ExnSub.ThrowRef, 0);
      fc.setUnreachable();
      return;
    case 0x1f /* try_table */:
      return tryTable(fc);
    case 0x06: /* try */ {
      const bt = fc.readBlockType();
      fc.popTypes(bt.params);
      const parent = fc.top.inner;
      const c = fc.pushCtrl(KIND_TRY, bt.params, bt.results);
      if (fc.emitting) {
        c.handler = newEntry(fc, parent);
        c.inner = c.handler;
      }
      return;
    }
    case 0x07: /* catch */
    case 0x19: /* catch_all */ {
      const c = fc.ctrls.length > 0 ? fc.top : undefined;
      if (c === undefined || (c.kind !== KIND_TRY && c.kind !== KIND_CATCH)) {
        fc.fail(op === 0x07 ? 'catch without try' : 'catch_all without try');
      }
      const tag = op === 0x07 ? fc.r.u32() : -1;
      const params = op === 0x07 ? tagParams(fc, tag) : NO_TYPES;
      const ctrl = c!;
      fc.popTypes(ctrl.endTypes);
      if (fc.vh !== ctrl.height) fc.fail('type mismatch');
      endTryPart(fc, fc.emitting && !ctrl.unreachable, true);
      if (ctrl.handler >= 0) {
        addClause(
          fc,
          ctrl.handler,
          op === 0x07 ? Clause.LegacyCatch : Clause.LegacyCatchAll,
          tag,
          fc.cp,
          fc.localSlots + ctrl.slotHeight,
        );
        ctrl.inner = fc.hEnt[ctrl.handler * ENTRY_WORDS + 2]!;
      }
      ctrl.kind = op === 0x07 ? KIND_CATCH : KIND_CATCH_ALL;
      ctrl.unreachable = false;
      ctrl.extra = 1;
      fc.vh = ctrl.height;
      fc.slotH = ctrl.slotHeight + 1;
      if (fc.slotH > fc.maxSlotH) fc.maxSlotH = fc.slotH;
      fc.pushTypes(params);
      return;
    }
    case 0x18: /* delegate */ {
      const depth = fc.r.u32();
      const c = fc.ctrls.length > 0 ? fc.top : undefined;
      if (c === undefined || c.kind !== KIND_TRY) fc.fail('delegate without try');
      if (depth >= fc.ctrls.length - 1) fc.fail('unknown label');
      const target = fc.ctrls[fc.ctrls.length - 2 - depth]!;
      if (c!.handler >= 0) {
        fc.hEnt[c!.handler * ENTRY_WORDS + 1] = fc.np;
        fc.hEnt[c!.handler * ENTRY_WORDS + 2] = target.inner;
      }
      // The rest is an `end`.
      const cc = fc.popCtrl();
      fc.pushTypes(cc.endTypes);
      for (let k = 0; k < cc.nFix; k++) fc.code[fc.cb + cc.fixups[k]!] = fc.cp;
      patchHandlerTargets(fc, cc, fc.cp);
      return;
    }
    case 0x09: /* rethrow */ {
      const depth = fc.r.u32();
      if (depth >= fc.ctrls.length) fc.fail('unknown label');
      const c = fc.ctrls[fc.ctrls.length - 1 - depth]!;
      if (c.kind !== KIND_CATCH && c.kind !== KIND_CATCH_ALL) fc.fail('invalid rethrow label');
      if (live) emitExn(fc, ExnSub.Rethrow, fc.localSlots + c.slotHeight);
      fc.setUnreachable();
      return;
    }
  }
}

const NO_TYPES: readonly number[] = [];

/** `try_table blocktype vec(catch) instr* end`. */
function tryTable(fc: FunctionCompiler): void {
  const bt = fc.readBlockType();
  const n = fc.r.u32();
  if (n > fc.end - fc.r.pos) throw new CompileError('unexpected end', fc.r.pos);
  // Clauses emit nothing: the entry's range starts at the body's first instruction.
  const entry = fc.emitting ? newEntry(fc, fc.top.inner) : -1;
  for (let i = 0; i < n; i++) {
    const at = fc.r.pos;
    const kind = fc.r.u8();
    if (kind > 3) throw new CompileError('malformed catch clause', at);
    const tag = kind <= Clause.CatchRef ? fc.r.u32() : -1;
    const params = tag >= 0 ? tagParams(fc, tag) : NO_TYPES;
    const depth = fc.r.u32();
    if (depth >= fc.ctrls.length) fc.fail('unknown label');
    const c = fc.ctrls[fc.ctrls.length - 1 - depth]!;
    const lt = fc.labelTypes(c);
    const withRef = kind === Clause.CatchRef || kind === Clause.CatchAllRef;
    const count = params.length + (withRef ? 1 : 0);
    if (lt.length !== count) fc.fail('type mismatch');
    for (let k = 0; k < params.length; k++) if (!fc.matches(params[k]!, lt[k]!)) fc.fail('type mismatch');
    // The caught exception is a `(ref exn)`: the label may take it as that or any supertype.
    if (withRef && !fc.matches(EXN_NON_NULL, lt[count - 1]!)) fc.fail('type mismatch');
    if (entry >= 0) {
      const pos = addClause(
        fc,
        entry,
        kind,
        tag,
        c.kind === 0x03 /* Op.Loop */ ? c.loopPc : -1,
        fc.localSlots + c.slotHeight,
      );
      if (c.kind !== 0x03) c.hfix[c.nHfix++] = pos;
    }
  }
  fc.popTypes(bt.params);
  const c = fc.pushCtrl(KIND_TRY_TABLE, bt.params, bt.results);
  if (entry >= 0) {
    c.handler = entry;
    c.inner = entry;
  }
}

/**
 * Ends the part of a `try`/`try_table` that is open (its body, or a legacy catch clause) at a `catch`,
 * `catch_all` or `end`: closes the body's range; at a `catch`, a live body's fall-through jumps to the block's end;
 * a live catch clause's fall-through moves its results down over its exception slot to the block's end.
 * @param live whether the part's end is reachable (and code is emitted)
 * @param atCatch true at a `catch`/`catch_all` (false at `end`)
 */
export function endTryPart(fc: FunctionCompiler, live: boolean, atCatch = false): void {
  const c = fc.top;
  if (c.kind === KIND_TRY || c.kind === KIND_TRY_TABLE) {
    if (c.handler >= 0) fc.hEnt[c.handler * ENTRY_WORDS + 1] = fc.np;
    if (atCatch && live) {
      fc.op0(IOp.Jump);
      c.fixups[c.nFix++] = fc.cp;
      fc.emit(-1);
    }
  } else if (live) {
    const arity = fc.slotsOfTypes(c.endTypes);
    fc.op0(IOp.JumpMove);
    c.fixups[c.nFix++] = fc.cp;
    fc.emit(-1);
    fc.emit(arity);
    fc.emit(fc.localSlots + c.slotHeight);
  }
}

/** Patches the handler clauses that target label `c`'s end with `pc`. */
export function patchHandlerTargets(fc: FunctionCompiler, c: Ctrl, pc: number): void {
  for (let k = 0; k < c.nHfix; k++) fc.hCl[c.hfix[k]!] = pc;
  c.nHfix = 0;
}

/** The handler table of the body just compiled (clauses grouped by entry), or null. */
export function takeHandlers(fc: FunctionCompiler): HandlerTable | null {
  const ne = fc.hEnt.length / ENTRY_WORDS;
  if (ne === 0) return null;
  const entries = Int32Array.from(fc.hEnt);
  const nc = fc.hCl.length / BUILD_CLAUSE;
  const clauses = new Int32Array(nc * CLAUSE_WORDS);
  let at = 0;
  for (let e = 0; e < ne; e++) {
    entries[e * ENTRY_WORDS + 3] = at;
    let count = 0;
    for (let k = 0; k < nc; k++) {
      if (fc.hCl[k * BUILD_CLAUSE] !== e) continue;
      for (let w = 0; w < CLAUSE_WORDS; w++)
        clauses[(at + count) * CLAUSE_WORDS + w] = fc.hCl[k * BUILD_CLAUSE + 1 + w]!;
      count++;
    }
    entries[e * ENTRY_WORDS + 4] = count;
    at += count;
  }
  return { entries, clauses };
}

/** Pops a throw's operands; a mismatch is reported with both type lists, as the reference interpreter does. */
function popOperands(fc: FunctionCompiler, params: readonly number[]): void {
  const c = fc.top;
  const have = fc.vh - c.height;
  let ok = c.unreachable || have >= params.length;
  for (let i = 0; ok && i < params.length && i < have; i++) {
    const t = fc.vals[fc.vh - params.length + i];
    if (t !== params[i] && t !== 0 && !fc.matches(t, params[i]!)) ok = false;
  }
  if (!ok) {
    const shown: number[] = [];
    for (let i = Math.max(c.height, fc.vh - params.length); i < fc.vh; i++) shown.push(fc.vals[i]!);
    fc.fail(
      `type mismatch: instruction requires [${params.map(valTypeName).join(' ')}] but stack has ` +
        `[${shown.map(valTypeName).join(' ')}]`,
    );
  }
  fc.popTypes(params);
}

function tagParams(fc: FunctionCompiler, tag: number): readonly number[] {
  const ti = fc.ctx.tagTypes[tag];
  if (ti === undefined) fc.fail(`unknown tag ${tag}`);
  return fc.ctx.types[ti!]!.params;
}

function emitExn(fc: FunctionCompiler, sub: number, imm: number): void {
  fc.op2(IOp.Exn, sub, imm);
}

function newEntry(fc: FunctionCompiler, parent: number): number {
  const e = fc.hEnt.length / ENTRY_WORDS;
  fc.hEnt.push(fc.np, fc.np, parent, 0, 0);
  return e;
}

/** Adds a clause to `entry`; returns the position of its target pc in the build list (for patching). */
function addClause(
  fc: FunctionCompiler,
  entry: number,
  kind: number,
  tag: number,
  target: number,
  dst: number,
): number {
  const at = fc.hCl.length;
  fc.hCl.push(entry, kind, tag, target, dst);
  return at + 3;
}
