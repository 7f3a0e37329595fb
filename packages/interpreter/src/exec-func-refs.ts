/**
 * The typed function reference instructions at run time (`IOp.Ext` sub-operations, `ext-ops.ts`): `call_ref`,
 * `ref.as_non_null`, `br_on_null`, `br_on_non_null` (`return_call_ref` runs with the other tail calls,
 * `exec-tail-calls.ts`).
 *
 * `call_ref` is a call like `call`: a safepoint (a pending interrupt suspends before it, at its pc), a frame pushed
 * whose return pc follows the instruction, a host callee called in place (a suspension leaves the pc on the
 * instruction, and `resume` moves past it). In the fused copy the instruction is a group of its own, so its pc and
 * its return pc are both group starts that a capture can name. The branches leave like `br_if`: a backward branch
 * with an interrupt pending suspends at its target.
 * @module
 */

import { RuntimeError, TrapCode } from './errors.js';
import { callHost, EXT_CONTINUE } from './exec-tail-calls.js';
import type { Execution } from './execution.js';
import { FRAME_WORDS } from './execution.js';
import { ExtSub } from './ext-ops.js';
import { prepare } from './fuse.js';

/** Loop codes (as `dispatch-loop.ts` defines them). */
const LOOP_INTERRUPT = 2;
const LOOP_HOST = 3;

/**
 * Runs the typed-reference op whose sub-operation is at `ex.pc` (the registers are written back).
 * @returns `EXT_CONTINUE` or a loop code
 */
export function executeFuncRefExt(ex: Execution, code: Int32Array): number {
  const pc = ex.pc;
  const sub = code[pc]!;
  switch (sub) {
    case ExtSub.CallRef:
      return callRef(ex, pc);
    case ExtSub.RefAsNonNull:
      if (ex.s32[(ex.sp - 1) << 1] === 0) throw new RuntimeError(TrapCode.NullReference);
      ex.pc = pc + 1;
      return EXT_CONTINUE;
    default: {
      // br_on_null, br_on_non_null
      const isNull = ex.s32[(ex.sp - 1) << 1] === 0;
      if (isNull) ex.sp--;
      if (isNull !== (sub === ExtSub.BrOnNull)) {
        ex.pc = pc + 4;
        return EXT_CONTINUE;
      }
      return takeBranch(ex, code, pc);
    }
  }
}

/**
 * Takes the branch of a `br_on_*` op whose `[target, arity, dst]` follow its sub-operation at `pc`: the branch's
 * values move to `dst` (when it is not -1) and the pc to the target; like `br_if`, a backward branch with an
 * interrupt pending suspends at its target.
 * @returns `EXT_CONTINUE` or `LOOP_INTERRUPT`
 */
export function takeBranch(ex: Execution, code: Int32Array, pc: number): number {
  const target = code[pc + 1]!;
  const arity = code[pc + 2]!;
  const d = code[pc + 3]!;
  if (d >= 0) {
    const dst = ex.fp + d;
    ex.s32.copyWithin(dst << 1, (ex.sp - arity) << 1, ex.sp << 1);
    ex.sp = dst + arity;
  }
  ex.pc = target;
  return target < pc && ex.interruptFlag[0] !== 0 ? LOOP_INTERRUPT : EXT_CONTINUE;
}

/** `call_ref` at `pc` (its sub-operation word). */
function callRef(ex: Execution, pc: number): number {
  const instrPc = pc - 1;
  if (ex.interruptFlag[0] !== 0) {
    ex.pc = instrPc;
    return LOOP_INTERRUPT;
  }
  const store = ex.store;
  const ref = ex.s32[(ex.sp - 1) << 1]!;
  if (ref === 0) throw new RuntimeError(TrapCode.NullFunctionReference);
  ex.sp--;
  const calleeAddr = ref - 1;
  const callee = store.funcs[calleeAddr]!;
  const retPc = pc + 2;
  const c = callee.code;
  if (c === null) {
    if (callHost(ex, callee, store.funcs[ex.funcAddr]!.instanceAddr)) {
      // the pc stays on the call: resume() pushes the results and moves past it
      ex.pc = instrPc;
      ex.pendingCall = calleeAddr;
      return LOOP_HOST;
    }
    ex.pc = retPc;
    return EXT_CONTINUE;
  }
  if (!ex.ensureFrame()) throw new RuntimeError(TrapCode.CallStackExhausted);
  const entry = c.entry >= 0 ? c.entry : prepare(c);
  const newFp = ex.sp - c.paramSlots;
  if (!ex.ensureSlots(newFp + c.maxSlots)) throw new RuntimeError(TrapCode.CallStackExhausted);
  const k = ex.fc++ * FRAME_WORDS;
  ex.frames[k] = ex.funcAddr;
  ex.frames[k + 1] = retPc;
  ex.frames[k + 2] = ex.fp;
  const end = newFp + c.localSlots;
  ex.s32.fill(0, ex.sp << 1, end << 1);
  ex.sp = end;
  ex.fp = newFp;
  ex.funcAddr = calleeAddr;
  ex.pc = entry;
  return EXT_CONTINUE;
}
