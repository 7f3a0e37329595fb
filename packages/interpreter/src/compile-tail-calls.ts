/**
 * Validation and pre-decoding of the tail calls (`return_call`, `return_call_indirect`): the callee's results must
 * be the caller's; the instruction becomes an `IOp.Ext` op that replaces the current frame (`exec-tail-calls.ts`).
 * @module
 */
import { addressType } from './address-type.js';
import type { FunctionCompiler } from './compile-function.js';
import { ExtSub } from './ext-ops.js';
import { IOp } from './internal-ops.js';
import { type FuncType, ValType } from './types.js';

/** Whether the callee's results can be returned as the caller's (each a subtype of the caller's). */
function sameResults(fc: FunctionCompiler, callee: FuncType, caller: FuncType): boolean {
  const a = callee.results;
  const b = caller.results;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!fc.matches(a[i]!, b[i]!)) return false;
  return true;
}

/** Compiles `return_call` (0x12) or `return_call_indirect` (0x13) after its opcode byte. */
export function compileTailCall(fc: FunctionCompiler, op: number, live: boolean): void {
  const ctx = fc.ctx;
  let ft: FuncType;
  let a: number;
  let b = 0;
  if (op === 0x12) {
    a = fc.r.u32();
    if (a >= ctx.funcTypes.length) fc.fail(`unknown function ${a}`);
    ft = ctx.types[ctx.funcTypes[a]!]!;
  } else {
    a = fc.r.u32();
    b = fc.r.u32();
    if (b >= ctx.tables.length) fc.fail(`unknown table ${b}`);
    if (a >= ctx.types.length) fc.fail(`unknown type ${a}`);
    if (!fc.matches(ctx.tables[b]!.elemType, ValType.FuncRef)) fc.fail('type mismatch');
    fc.pop(addressType(ctx.tables[b]!));
    ft = ctx.types[a]!;
  }
  if (!sameResults(fc, ft, fc.type)) fc.fail('type mismatch');
  fc.popTypes(ft.params);
  if (live) {
    const plainPc = fc.cp;
    fc.emitOp(IOp.Ext);
    fc.emit(op === 0x12 ? ExtSub.ReturnCall : ExtSub.ReturnCallIndirect);
    fc.emit(a);
    if (op === 0x13) fc.emit(b);
    fc.emit(plainPc);
  }
  fc.setUnreachable();
}
