/**
 * Validation and pre-decoding of the typed function reference instructions: `call_ref`, `return_call_ref`,
 * `ref.as_non_null`, `br_on_null`, `br_on_non_null`. Each becomes an `IOp.Ext` op (`ext-ops.ts`) that
 * `exec-func-refs.ts` runs; the branches carry their target and stack move like `br_if`.
 * @module
 */
import type { FunctionCompiler } from './compile-function.js';
import { ExtSub } from './ext-ops.js';
import { asNonNull, CompKind, HeapCode, isRefType, refType } from './heap-types.js';
import { IOp } from './internal-ops.js';
import type { FuncType } from './types.js';

/** The unknown operand type of a polymorphic stack (as `compile-function.ts` spells it). */
const UNKNOWN = 0;

/** Reads a type index that must name a function type; returns it. */
function readFuncTypeIdx(fc: FunctionCompiler): number {
  const ti = fc.r.u32();
  if (ti >= fc.ctx.types.length) fc.fail(`unknown type ${ti}`);
  const d = fc.ctx.subTypes[ti];
  if (d !== undefined && d.kind !== CompKind.Func) fc.fail('type mismatch');
  return ti;
}

/** Pops a reference operand; returns its type (`UNKNOWN` from a polymorphic stack). */
function popRef(fc: FunctionCompiler): number {
  const t = fc.popAny();
  if (t !== UNKNOWN && !isRefType(t)) fc.fail('type mismatch');
  return t;
}

/** Compiles one of the typed function reference instructions after its opcode byte. */
export function compileFuncRefOp(fc: FunctionCompiler, op: number, live: boolean): void {
  switch (op) {
    case 0x14: /* Op.CallRef */
    case 0x15: /* Op.ReturnCallRef */ {
      const ti = readFuncTypeIdx(fc);
      const ft: FuncType = fc.ctx.types[ti]!;
      fc.pop(refType(true, 0x100 + ti));
      if (op === 0x15) {
        const own = fc.type.results;
        if (ft.results.length !== own.length || ft.results.some((t, i) => !fc.matches(t, own[i]!))) {
          fc.fail('type mismatch');
        }
      }
      fc.popTypes(ft.params);
      if (op === 0x14) {
        fc.pushTypes(ft.results);
        if (live) {
          fc.emitOp(IOp.Ext);
          fc.emit(ExtSub.CallRef);
          fc.emit(ti);
        }
        return;
      }
      if (live) {
        const plainPc = fc.cp;
        fc.emitOp(IOp.Ext);
        fc.emit(ExtSub.ReturnCallRef);
        fc.emit(ti);
        fc.emit(plainPc);
      }
      fc.setUnreachable();
      return;
    }
    case 0xd4: /* Op.RefAsNonNull */ {
      const t = popRef(fc);
      fc.push(t === UNKNOWN ? refType(false, HeapCode.Bot) : asNonNull(t));
      if (live) {
        fc.emitOp(IOp.Ext);
        fc.emit(ExtSub.RefAsNonNull);
      }
      return;
    }
    default: {
      // br_on_null (0xd5), br_on_non_null (0xd6)
      const depth = fc.r.u32();
      if (depth >= fc.ctrls.length) fc.fail('unknown label');
      const c = fc.ctrls[fc.ctrls.length - 1 - depth]!;
      const lt = fc.labelTypes(c);
      const t = popRef(fc);
      const nonNull = t === UNKNOWN ? refType(false, HeapCode.Bot) : asNonNull(t);
      let moved: readonly number[] = lt;
      if (op === 0xd6) {
        const last = lt[lt.length - 1];
        if (last === undefined || !isRefType(last) || !fc.matches(nonNull, last)) fc.fail('type mismatch');
        moved = lt.slice(0, lt.length - 1);
      }
      // Label operands below the reference: checked, kept.
      fc.popTypes(moved);
      fc.pushTypes(moved);
      if (op === 0xd6) fc.push(nonNull);
      if (live) {
        fc.branchMove(c);
        fc.emitOp(IOp.Ext);
        fc.emit(op === 0xd5 ? ExtSub.BrOnNull : ExtSub.BrOnNonNull);
        fc.emitBranchTarget(c);
        fc.emit(fc.moveArity);
        fc.emit(fc.moveNeeded ? fc.moveDst : -1);
      }
      if (op === 0xd6) fc.popAny();
      else fc.push(nonNull);
      return;
    }
  }
}
