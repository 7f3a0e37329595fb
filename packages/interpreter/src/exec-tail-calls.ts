/**
 * Tail calls at run time (`return_call`, `return_call_indirect`, `return_call_ref`): the callee replaces the
 * current frame, so a chain of tail calls of any length runs in constant frame space.
 *
 * - A wasm callee: its arguments move down to the current frame's base, its locals are zeroed above them, and the
 *   frame's function and pc become the callee's. The frame record of the caller below is untouched: the callee
 *   returns straight to it.
 * - A host callee: the current frame is popped first (the arguments moved to its base), then the host function is
 *   called as if by the caller's own call instruction, which it completes: its results land where the tail-calling
 *   function's results would have. A suspension leaves the pc on that call instruction, so `resume(results)`
 *   works as for any host call. In the entry frame (no caller) the host function's results are the execution's;
 *   such a call cannot suspend (as a host function called directly by the host cannot).
 * - Tail calls are safepoints like calls: a pending interrupt suspends before the call, at the instruction's pc
 *   in the plain copy (always a position a capture can name).
 * @module
 */

import { slotsOf } from './compile-function.js';
import { RuntimeError, TrapCode } from './errors.js';
import { hostThrow } from './exec-exceptions.js';
import type { Execution } from './execution.js';
import { FRAME_WORDS } from './execution.js';
import { ExtSub } from './ext-ops.js';
import { prepare } from './fuse.js';
import { plainIndex } from './groups.js';
import { isCanonicalSubtype } from './heap-types.js';
import { IOp, OP_MASK } from './internal-ops.js';
import { type FuncInst, SUSPEND } from './runtime.js';
import type { WasmValue } from './state-types.js';
import { readWords } from './values.js';

/** Loop codes (as `dispatch-loop.ts` defines them). */
const LOOP_DONE = 0;
const LOOP_INTERRUPT = 2;
const LOOP_HOST = 3;
/** Continue the loop at the registers in `ex`. */
export const EXT_CONTINUE = -1;

/**
 * Runs a tail call whose sub-operation is at `ex.pc` (the registers are written back).
 * @returns `EXT_CONTINUE`, or the loop code to return (done, interrupt, host suspension)
 */
export function executeTailCall(ex: Execution, code: Int32Array): number {
  const pc = ex.pc;
  const sub = code[pc]!;
  const store = ex.store;
  const inst = store.instances[store.funcs[ex.funcAddr]!.instanceAddr]!;
  const plainPc = code[pc + (sub === ExtSub.ReturnCallIndirect ? 3 : 2)]!;
  if (ex.interruptFlag[0]! > 0) {
    ex.pc = plainPc;
    return LOOP_INTERRUPT;
  }
  let calleeAddr: number;
  if (sub === ExtSub.ReturnCall) {
    calleeAddr = inst.funcAddrs[code[pc + 1]!]!;
  } else if (sub === ExtSub.ReturnCallRef) {
    ex.sp--;
    const ref = ex.s32[ex.sp << 1]!;
    if (ref === 0) throw new RuntimeError(TrapCode.NullFunctionReference);
    calleeAddr = ref - 1;
  } else {
    const typeIdx = code[pc + 1]!;
    const table = store.tables[inst.tableAddrs[code[pc + 2]!]!]!;
    ex.sp--;
    const i = ex.s32[ex.sp << 1]! >>> 0;
    // Table64: an index of 2^32 or more is past any table.
    if (table.type.address64 === true && ex.s32[(ex.sp << 1) + 1] !== 0)
      throw new RuntimeError(TrapCode.UndefinedElement);
    if (i >= table.length) throw new RuntimeError(TrapCode.UndefinedElement);
    const ref = table.elements[i]!;
    if (ref === 0) throw new RuntimeError(TrapCode.UninitializedElement, `uninitialized element ${i}`);
    calleeAddr = ref - 1;
    const actual = store.funcs[calleeAddr]!.typeId;
    const expected = inst.module.typeIds[typeIdx]!;
    if (actual !== expected && !isCanonicalSubtype(actual, expected)) throw new RuntimeError(TrapCode.BadSignature);
  }
  return tailCallTo(ex, calleeAddr);
}

/**
 * Replaces the current frame with a call of `calleeAddr`, whose arguments are on top of the stack.
 * @returns `EXT_CONTINUE` or a loop code
 */
export function tailCallTo(ex: Execution, calleeAddr: number): number {
  const store = ex.store;
  const callee = store.funcs[calleeAddr]!;
  const c = callee.code;
  const fp = ex.fp;
  let n = 0;
  for (const t of callee.type.params) n += slotsOf(t);
  const s32 = ex.s32;
  if (ex.sp - n !== fp) s32.copyWithin(fp << 1, (ex.sp - n) << 1, ex.sp << 1);
  ex.sp = fp + n;
  if (c !== null) {
    // The callee's body may not be translated yet (lazy compilation): its slot counts come with it.
    const entry = c.entry >= 0 ? c.entry : prepare(c);
    if (!ex.ensureSlots(fp + c.maxSlots)) throw new RuntimeError(TrapCode.CallStackExhausted);
    const end = fp + c.localSlots;
    ex.s32.fill(0, ex.sp << 1, end << 1);
    ex.sp = end;
    ex.funcAddr = calleeAddr;
    ex.pc = entry;
    return EXT_CONTINUE;
  }
  const callerInst = store.funcs[ex.funcAddr]!.instanceAddr;
  if (ex.fc === 0) {
    if (callHost(ex, callee, callerInst)) {
      throw new TypeError('a host function tail-called by the entry function cannot suspend');
    }
    return LOOP_DONE;
  }
  // Pop the frame: the host function completes the caller's call instruction.
  const k = --ex.fc * FRAME_WORDS;
  ex.funcAddr = ex.frames[k]!;
  ex.pc = ex.frames[k + 1]!;
  ex.fp = ex.frames[k + 2]!;
  if (callHost(ex, callee, callerInst)) {
    ex.pc = callInstructionBefore(ex, ex.pc);
    ex.pendingCall = calleeAddr;
    return LOOP_HOST;
  }
  return EXT_CONTINUE;
}

/**
 * Calls host function `callee` with its arguments from the top of the stack; pushes its results and returns
 * false, or returns true when it asks to suspend (the pending promise recorded).
 */
export function callHost(ex: Execution, callee: FuncInst, instanceAddr: number): boolean {
  const store = ex.store;
  const params = callee.type.params;
  let n = 0;
  for (const t of params) n += slotsOf(t);
  const base = ex.sp - n;
  const args: WasmValue[] = [];
  let w = base << 1;
  for (const t of params) {
    args.push(readWords(ex.s32, w, t, store));
    w += slotsOf(t) << 1;
  }
  ex.sp = base;
  const inst = store.instances[instanceAddr]!;
  const memAddr = inst.memAddrs.length > 0 ? inst.memAddrs[0]! : null;
  let out: ReturnType<NonNullable<FuncInst['host']>>;
  try {
    out = callee.host!(args, { store, memAddr, instanceAddr });
  } catch (e) {
    throw hostThrow(store, e);
  }
  if (out === SUSPEND || out instanceof Promise) {
    ex.pendingPromise = out === SUSPEND ? null : out;
    return true;
  }
  ex.pushResults(callee, out);
  return false;
}

/**
 * The pc of the call instruction that `returnPc` follows in function `ex.funcAddr` (a plain instruction, or a
 * fused group of its own).
 */
function callInstructionBefore(ex: Execution, returnPc: number): number {
  const c = ex.store.funcs[ex.funcAddr]!.code!;
  let at: number;
  if (returnPc < c.plainLen || c.groups === null) {
    const i = plainIndex(c, returnPc);
    at = i > 0 ? c.pcs[i - 1]! : -1;
  } else {
    const starts = c.groups.starts;
    let g = -1;
    for (let lo = 0, hi = starts.length - 1; lo <= hi; ) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! === returnPc) {
        g = mid;
        break;
      }
      if (starts[mid]! < returnPc) lo = mid + 1;
      else hi = mid - 1;
    }
    at = g > 0 ? starts[g - 1]! : -1;
  }
  const op = at >= 0 ? c.code[at]! & OP_MASK : -1;
  if (op !== IOp.Call && op !== IOp.CallIndirect && op !== IOp.Ext) {
    throw new Error(`internal error: no call instruction before pc ${returnPc} of function ${c.funcIdx}`);
  }
  return at;
}
