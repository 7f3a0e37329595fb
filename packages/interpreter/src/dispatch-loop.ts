/**
 * The dispatch loop: one `switch` over pre-decoded internal code, with the registers (`pc`, `sp`, `fp`) in
 * local variables and written back to the execution whenever the loop leaves. Wasm-to-wasm calls push a frame
 * record; they never recurse in JavaScript. Suspension is a return code; traps are thrown `RuntimeError`s that
 * the caller turns into a `trapped` result.
 *
 * The loop runs both copies of a function's code (`fuse.ts`): the plain one-to-one ops and, above them, the
 * fused register-form ops. An instruction word carries its fuel cost, so one subtraction charges a whole group.
 * @module
 */
import { RuntimeError, TrapCode } from './errors.js';
import type { Execution } from './execution.js';
import { IOp } from './internal-ops.js';
import { Op } from './opcodes.js';
import {
  i64Clz, i64Ctz, i64DivS, i64DivU, i64Eq, i64GeS, i64GeU, i64GtS, i64GtU, i64LeS, i64LeU, i64LtS, i64LtU, i64Mul,
  i64MulK, i64Ne, i64Popcnt, i64RemS, i64RemU, i64Rotl, i64RotlK, i64Rotr, i64Shl, i64ShrS, i64ShrU,
} from './numeric-i64.js';
import { f32Max, f32Min, f64Max, f64Min } from './numeric-float.js';
import { i32TruncF32S, i32TruncF64S, i32TruncF64U } from './numeric-convert.js';
import { PAGE_SIZE, SUSPEND, type FuncInst, type MemInst, type ModuleInstance } from './runtime.js';
import type { WasmValue } from './state-types.js';
import { readWords } from './values.js';
import { slotsOf } from './compile-function.js';
import { executeSimd } from './simd-exec.js';
import { prepare } from './fuse.js';
import { executeNumeric } from './numeric-plain.js';
import { executeMemoryOp } from './memory-plain.js';
import { bulkExtraFuel } from './bulk-fuel.js';
import { FUEL_CHUNK, refuel } from './groups.js';
import { executeExn, hostThrow } from './exec-exceptions.js';
import { executeExt } from './exec-ext.js';
import { isCanonicalSubtype } from './heap-types.js';

export const LOOP_DONE = 0;
export const LOOP_FUEL = 1;
export const LOOP_INTERRUPT = 2;
export const LOOP_HOST = 3;
/**
 * An unlimited run used up a slice (`FUEL_CHUNK` instructions): the caller calls again, so that a long call
 * enters the newest code V8 has made for this loop (after a deoptimization, or an on-stack replacement) instead
 * of staying in the version it started in. Its effect on the benchmarks is within their noise.
 */
export const LOOP_SLICE = 4;

const NO_MEMORY_DV: DataView = new DataView(new ArrayBuffer(0));
const NO_MEMORY_U8: Uint8Array = new Uint8Array(0);

function oob(): never {
  throw new RuntimeError(TrapCode.MemoryOutOfBounds);
}

/**
 * Runs the execution's code.
 * @param ex the execution (registers are read from it at entry and written back at exit)
 * @param fuelLimit instructions to run before suspending, or -1 for no limit
 * @returns a LOOP_* code
 */
export function runLoop(ex: Execution, fuelLimit: number): number {
  // Every register is a local that no closure captures, so V8 keeps them in machine registers. Each value that
  // comes from an object property or a call is truncated with `| 0`: one tagged input would make TurboFan keep
  // the variable tagged through the whole loop (a Smi check and an overflow check on every use).
  const store = ex.store;
  const funcs = store.funcs;
  const interrupt = ex.interruptFlag;
  const jsTier = store.jsTier; // js-tier hook
  let s32 = ex.s32;
  let f32 = ex.f32;
  let f64 = ex.f64;
  let sp = ex.sp | 0;
  let fp = ex.fp | 0;
  /** `fp` in words: the base that fused ops add their slot operands to. */
  let fw = fp << 1;
  let pc = ex.pc | 0;
  let funcAddr = ex.funcAddr | 0;
  const entryCode = funcs[funcAddr]!.code!;
  let code = entryCode.code;
  let inst = store.instances[funcs[funcAddr]!.instanceAddr]!;
  let mem = memoryOf(ex, inst);
  let dv = mem === null ? NO_MEMORY_DV : mem.dv;
  let u8 = mem === null ? NO_MEMORY_U8 : mem.u8;
  let dirty = mem === null ? NO_MEMORY_U8 : mem.dirty;
  let memLen = u8.length | 0;
  let g32 = store.globalWords;
  const unlimited = fuelLimit < 0;
  let fuel = (unlimited ? FUEL_CHUNK : fuelLimit) | 0;
  // Fuel held back while a frame runs plain code to the end of a group (see `refuel`).
  let bank = 0;
  if (pc < entryCode.plainLen && entryCode.groups !== null) {
    // Resuming inside the plain code: let the slow path decide where to run.
    if (unlimited) {
      ex.pc = pc;
      refuel(ex, 0, 0, true);
      pc = ex.pc | 0;
      fuel = ex.fuelLeft | 0;
      bank = ex.fuelBank | 0;
    } else {
      bank = fuel;
      fuel = 0;
    }
  }

  /** The LOOP_* code with which a `break run` leaves. */
  let exit = 0;
  run: for (;;) {
    const word = code[pc]!;
    // `| 0` on every sum keeps TurboFan from guarding it against int32 overflow.
    fuel = (fuel - (word >>> 10)) | 0;
    if (fuel < 0) {
      // Out of fuel for this op (which may stand for a whole group): refill, suspend, or go plain.
      ex.pc = pc; ex.funcAddr = funcAddr;
      if (unlimited) {
        // A slice is used up, or a frame ran plain code to its group's end: the caller calls again, and the
        // entry above moves such a frame back to the fused copy.
        ex.sp = sp; ex.fp = fp; ex.fuelLeft = 0; ex.fuelBank = 0;
        return LOOP_SLICE;
      }
      if (!refuel(ex, fuel + (word >>> 10), bank, false)) {
        ex.sp = sp; ex.fp = fp; ex.fuelLeft = 0;
        return LOOP_FUEL;
      }
      pc = ex.pc | 0;
      fuel = ex.fuelLeft | 0;
      bank = ex.fuelBank | 0;
      continue;
    }
    // pc moves past the opcode word: a branch back to at or before the op's start is a target below pc.
    pc = (pc + 1) | 0;
    const op = word & 0x3ff;
    // Case labels are numeric literals (named in comments, checked against the opcode tables by a test): V8
    // compiles a switch into a jump table only when every label is a literal small integer.
    switch (op) {
      // @generated-begin core-table (scripts/gen-core.mjs from core-table/*.mjs: edit the table, not this)
      case 0x1e: /* IOp.Ext */ {
        // An op run outside the loop by the handler registered for its sub-opcode (exec-ext.ts): the registers go
        // out and come back, and anything may have moved (frames, stacks, memories), so all of them are reloaded.
        ex.sp = sp; ex.fp = fp; ex.pc = pc; ex.funcAddr = funcAddr; ex.fuelLeft = fuel + bank;
        const r = executeExt(ex, code) | 0;
        if (r >= 0) return r;
        sp = ex.sp | 0;
        fp = ex.fp | 0;
        fw = fp << 1;
        pc = ex.pc | 0;
        funcAddr = ex.funcAddr | 0;
        s32 = ex.s32;
        f32 = ex.f32;
        f64 = ex.f64;
        g32 = store.globalWords;
        const fn = funcs[funcAddr]!;
        code = fn.code!.code;
        inst = store.instances[fn.instanceAddr]!;
        mem = memoryOf(ex, inst);
        dv = mem === null ? NO_MEMORY_DV : mem.dv;
        u8 = mem === null ? NO_MEMORY_U8 : mem.u8;
        dirty = mem === null ? NO_MEMORY_U8 : mem.dirty;
        memLen = u8.length | 0;
        break;
      }
      case 0x0: /* IOp.Unreachable */ {
        throw new RuntimeError(TrapCode.Unreachable);
      }
      case 0x4: /* IOp.IfFalse */ {
        sp--;
        if (s32[sp << 1] === 0) pc = code[pc]!;
        else pc++;
        break;
      }
      case 0x5: /* IOp.Jump */ {
        const t = code[pc]!;
        if (t < pc && interrupt[0] !== 0) {
      pc = t;
      exit = 2; /* LOOP_INTERRUPT */
      break run;
        }
        pc = t;
        break;
      }
      case 0x6: /* IOp.JumpMove */ {
        const t = code[pc]!;
        const arity = code[pc + 1]!;
        const dst = fp + code[pc + 2]!;
        s32.copyWithin(dst << 1, (sp - arity) << 1, sp << 1);
        sp = dst + arity;
        if (t < pc && interrupt[0] !== 0) {
      pc = t;
      exit = 2; /* LOOP_INTERRUPT */
      break run;
        }
        pc = t;
        break;
      }
      case 0xd: /* IOp.BrIf */ {
        sp--;
        if (s32[sp << 1] !== 0) {
      const t = code[pc]!;
      if (t < pc && interrupt[0] !== 0) {
        pc = t;
        exit = 2; /* LOOP_INTERRUPT */
        break run;
      }
      pc = t;
        } else pc++;
        break;
      }
      case 0x7: /* IOp.BrIfMove */ {
        sp--;
        if (s32[sp << 1] !== 0) {
      const t = code[pc]!;
      const arity = code[pc + 1]!;
      const dst = fp + code[pc + 2]!;
      s32.copyWithin(dst << 1, (sp - arity) << 1, sp << 1);
      sp = dst + arity;
      if (t < pc && interrupt[0] !== 0) {
        pc = t;
        exit = 2; /* LOOP_INTERRUPT */
        break run;
      }
      pc = t;
        } else pc = (pc + 3) | 0;
        break;
      }
      case 0xe: /* IOp.BrTable */ {
        sp--;
        const n = code[pc]!;
        let i = s32[sp << 1]! >>> 0;
        if (i > n) i = n;
        const e = pc + 1 + i * 3;
        const t = code[e]!;
        const arity = code[e + 1]!;
        const dstRel = code[e + 2]!;
        if (dstRel >= 0) {
      const dst = fp + dstRel;
      s32.copyWithin(dst << 1, (sp - arity) << 1, sp << 1);
      sp = dst + arity;
        }
        if (t < pc && interrupt[0] !== 0) {
      pc = t;
      exit = 2; /* LOOP_INTERRUPT */
      break run;
        }
        pc = t;
        break;
      }
      case 0xf: /* IOp.Return */ {
        const n = code[pc]!;
        if (n === 1) {
      const w = (sp - 1) << 1;
      s32[fp << 1] = s32[w]!;
      s32[(fp << 1) + 1] = s32[w + 1]!;
        } else if (n > 0) s32.copyWithin(fp << 1, (sp - n) << 1, sp << 1);
        sp = fp + n;
        if (ex.fc === 0) {
      exit = 0; /* LOOP_DONE */
      break run;
        }
        const k = --ex.fc * 3; /* FRAME_WORDS */
        const fr = ex.frames;
        funcAddr = fr[k]!;
        pc = fr[k + 1]!;
        fp = fr[k + 2]!;
        fw = fp << 1;
        const fn = funcs[funcAddr]!;
        code = fn.code!.code;
        if (fn.instanceAddr !== inst.addr) {
      inst = store.instances[fn.instanceAddr]!;
      mem = memoryOf(ex, inst);
      dv = mem === null ? NO_MEMORY_DV : mem.dv;
      u8 = mem === null ? NO_MEMORY_U8 : mem.u8;
      dirty = mem === null ? NO_MEMORY_U8 : mem.dirty;
      memLen = u8.length | 0;
        }
        break;
      }
      // Call sites: one template part, where another tier hooks in.
      case 0x10: /* IOp.Call */
      case 0x11: /* IOp.CallIndirect */ {
        const callPc = pc - 1;
        // A positive flag: an interrupt (a negative one, the JS tier's entry request, waits for a back-edge).
        if (interrupt[0] > 0) {
      pc = callPc;
      exit = 2; /* LOOP_INTERRUPT */
      break run;
        }
        let calleeAddr: number;
        if (op === 0x10 /* IOp.Call */) {
      calleeAddr = inst.funcAddrs[code[pc++]!]!;
        } else {
      const typeIdx = code[pc]!;
      const table = store.tables[inst.tableAddrs[code[pc + 1]!]!]!;
      pc = (pc + 2) | 0;
      sp--;
      const i = s32[sp << 1]! >>> 0;
      if (i >= table.length) throw new RuntimeError(TrapCode.UndefinedElement);
      const ref = table.elements[i]!;
      if (ref === 0) throw new RuntimeError(TrapCode.UninitializedElement, `uninitialized element ${i}`);
      calleeAddr = ref - 1;
      const tid = funcs[calleeAddr]!.typeId;
      const want = inst.module.typeIds[typeIdx]!;
      if (tid !== want && !isCanonicalSubtype(tid, want)) throw new RuntimeError(TrapCode.BadSignature);
        }
        const callee = funcs[calleeAddr]!;
        const c = callee.code;
        if (c === null) {
      // A host function: the slow path, with the registers written back and reloaded.
      ex.sp = sp; ex.fp = fp; ex.pc = pc; ex.funcAddr = funcAddr; ex.fuelLeft = fuel + bank;
      if (callHost(ex, callee, calleeAddr, callPc, inst)) return LOOP_HOST;
      sp = ex.sp | 0;
      s32 = ex.s32;
      f32 = ex.f32;
      f64 = ex.f64;
      g32 = store.globalWords;
      mem = memoryOf(ex, inst);
      dv = mem === null ? NO_MEMORY_DV : mem.dv;
      u8 = mem === null ? NO_MEMORY_U8 : mem.u8;
      dirty = mem === null ? NO_MEMORY_U8 : mem.dirty;
      memLen = u8.length | 0;
      break;
        }
        if (jsTier !== null) { // js-tier hook: a translated callee runs in JavaScript, then the loop re-enters
      ex.sp = sp; ex.fp = fp; ex.pc = pc; ex.funcAddr = funcAddr; ex.fuelLeft = fuel + bank;
      const r = jsTier.call(ex, calleeAddr); if (r >= 0) return r;
        }
        // A wasm function: push the caller's frame, the callee's locals start at its arguments.
        if (!ex.ensureFrame()) throw new RuntimeError(TrapCode.CallStackExhausted);
        const k = ex.fc++ * 3; /* FRAME_WORDS */
        const fr = ex.frames;
        fr[k] = funcAddr;
        fr[k + 1] = pc;
        fr[k + 2] = fp;
        const newFp = (sp - c.paramSlots) | 0;
        if (newFp + c.maxSlots > f64.length) {
      if (!ex.ensureSlots(newFp + c.maxSlots)) {
        ex.fc--;
        throw new RuntimeError(TrapCode.CallStackExhausted);
      }
      s32 = ex.s32;
      f32 = ex.f32;
      f64 = ex.f64;
        }
        fp = newFp;
        fw = fp << 1;
        const localsEnd = (fp + c.localSlots) | 0;
        // Zero the callee's locals (a loop: cheaper than a fill call for the few words most functions have).
        for (let w = sp << 1; w < localsEnd << 1; w++) s32[w] = 0;
        sp = localsEnd;
        funcAddr = calleeAddr;
        pc = (c.entry >= 0 ? c.entry : prepare(c)) | 0;
        code = c.code;
        if (callee.instanceAddr !== inst.addr) {
      inst = store.instances[callee.instanceAddr]!;
      mem = memoryOf(ex, inst);
      dv = mem === null ? NO_MEMORY_DV : mem.dv;
      u8 = mem === null ? NO_MEMORY_U8 : mem.u8;
      dirty = mem === null ? NO_MEMORY_U8 : mem.dirty;
      memLen = u8.length | 0;
        }
        break;
      }
      case 0x1a: /* IOp.Drop */ {
        sp--;
        break;
      }
      case 0x8: /* IOp.DropN */ {
        sp -= code[pc++]!;
        break;
      }
      case 0x1b: /* IOp.Select */ {
        sp -= 2;
        if (s32[(sp + 1) << 1] === 0) {
      const w = (sp - 1) << 1;
      s32[w] = s32[w + 2]!;
      s32[w + 1] = s32[w + 3]!;
        }
        break;
      }
      case 0x9: /* IOp.SelectV128 */ {
        sp -= 3;
        if (s32[(sp + 2) << 1] === 0) s32.copyWithin((sp - 2) << 1, sp << 1, (sp + 2) << 1);
        break;
      }
      case 0x20: /* IOp.LocalGet */ {
        const l = (fp + code[pc++]!) << 1;
        const w = sp << 1;
        s32[w] = s32[l]!;
        s32[w + 1] = s32[l + 1]!;
        sp++;
        break;
      }
      case 0x21: /* IOp.LocalSet */ {
        const l = (fp + code[pc++]!) << 1;
        sp--;
        const w = sp << 1;
        s32[l] = s32[w]!;
        s32[l + 1] = s32[w + 1]!;
        break;
      }
      case 0x22: /* IOp.LocalTee */ {
        const l = (fp + code[pc++]!) << 1;
        const w = (sp - 1) << 1;
        s32[l] = s32[w]!;
        s32[l + 1] = s32[w + 1]!;
        break;
      }
      case 0xa: /* IOp.LocalGetV128 */ {
        const l = (fp + code[pc++]!) << 1;
        s32.copyWithin(sp << 1, l, l + 4);
        sp += 2;
        break;
      }
      case 0x12: /* IOp.LocalSetV128 */ {
        const l = (fp + code[pc++]!) << 1;
        sp -= 2;
        s32.copyWithin(l, sp << 1, (sp << 1) + 4);
        break;
      }
      case 0x13: /* IOp.LocalTeeV128 */ {
        const l = (fp + code[pc++]!) << 1;
        s32.copyWithin(l, (sp - 2) << 1, sp << 1);
        break;
      }
      case 0x23: /* IOp.GlobalGet */ {
        const g = inst.globalAddrs[code[pc++]!]! << 2;
        const w = sp << 1;
        s32[w] = g32[g]!;
        s32[w + 1] = g32[g + 1]!;
        sp++;
        break;
      }
      case 0x24: /* IOp.GlobalSet */ {
        const g = inst.globalAddrs[code[pc++]!]! << 2;
        sp--;
        const w = sp << 1;
        g32[g] = s32[w]!;
        g32[g + 1] = s32[w + 1]!;
        break;
      }
      case 0x14: /* IOp.GlobalGetV128 */ {
        const g = inst.globalAddrs[code[pc++]!]! << 2;
        s32.set(g32.subarray(g, g + 4), sp << 1);
        sp += 2;
        break;
      }
      case 0x15: /* IOp.GlobalSetV128 */ {
        const g = inst.globalAddrs[code[pc++]!]! << 2;
        sp -= 2;
        g32.set(s32.subarray(sp << 1, (sp << 1) + 4), g);
        break;
      }
      case 0x3f: /* Op.MemorySize */ {
        const w = sp << 1;
        s32[w] = memLen / PAGE_SIZE;
        s32[w + 1] = 0;
        sp++;
        break;
      }
      case 0x41: /* Op.I32Const */ {
        const w = sp << 1;
        s32[w] = code[pc++]!;
        s32[w + 1] = 0;
        sp++;
        break;
      }
      case 0x43: /* Op.F32Const */ {
        const w = sp << 1;
        s32[w] = code[pc++]!;
        s32[w + 1] = 0;
        sp++;
        break;
      }
      case 0x42: /* Op.I64Const */
      case 0x44: /* Op.F64Const */ {
        const w = sp << 1;
        s32[w] = code[pc]!;
        s32[w + 1] = code[pc + 1]!;
        pc = (pc + 2) | 0;
        sp++;
        break;
      }
      case 0xd0: /* IOp.RefNull */ {
        const w = sp << 1;
        s32[w] = 0;
        s32[w + 1] = 0;
        sp++;
        break;
      }
      case 0xd1: /* IOp.RefIsNull */ {
        const w = (sp - 1) << 1; s32[w] = s32[w] === 0 ? 1 : 0; break;
      }
      case 0xd2: /* IOp.RefFunc */ {
        const w = sp << 1;
        s32[w] = inst.funcAddrs[code[pc++]!]! + 1;
        s32[w + 1] = 0;
        sp++;
        break;
      }
      case 0x1f: /* IOp.Exn */ {
        // throw, throw_ref, rethrow: out of the loop to the unwinder (exec-exceptions.ts).
        ex.sp = sp; ex.fp = fp; ex.pc = pc; ex.funcAddr = funcAddr; ex.fuelLeft = fuel + bank;
        throw executeExn(ex, code);
      }
      case 0xf2: /* IOp.Simd */ {
        ex.sp = sp;
        ex.pc = pc;
        executeSimd(ex, code, mem);
        sp = ex.sp | 0;
        pc = ex.pc | 0;
        break;
      }
      case 0x40: /* Op.MemoryGrow */
      case 0xe8: /* IOp.MemoryInit */
      case 0xea: /* IOp.MemoryCopy */
      case 0xeb: /* IOp.MemoryFill */
      case 0xec: /* IOp.TableInit */
      case 0xee: /* IOp.TableCopy */
      case 0xef: /* IOp.TableGrow */
      case 0xf1: /* IOp.TableFill */ {
        // Bulk ops cost fuel in proportion to what they touch, paid before they run (bulk-fuel.ts): when the
        // fuel cannot pay, stop before the op (unless it is the run's first op, so that a run always progresses).
        const extra = bulkExtraFuel(ex, op, code, pc, sp, inst, mem) | 0;
        if (extra > 0) {
      const cost = word >>> 10;
      if (extra > fuel + bank && !unlimited && ((fuel + bank + cost) | 0) !== fuelLimit) {
        pc = (pc - 1) | 0;
        ex.sp = sp; ex.fp = fp; ex.pc = pc; ex.funcAddr = funcAddr; ex.fuelLeft = fuel + bank + cost;
        return LOOP_FUEL;
      }
      fuel = (fuel - extra) | 0;
      if (fuel < 0) {
        bank = (bank + fuel) | 0;
        fuel = 0;
        if (bank < 0) bank = 0;
      }
        }
        ex.sp = sp;
        ex.pc = pc;
        executeMemoryOp(ex, op, code, inst, mem);
        sp = ex.sp | 0;
        pc = ex.pc | 0;
        if (op === 0x40 /* Op.MemoryGrow */) {
      dv = mem!.dv;
      u8 = mem!.u8;
      dirty = mem!.dirty;
      memLen = u8.length | 0;
        }
        break;
      }
      case 0x25: /* IOp.TableGet */
      case 0x26: /* IOp.TableSet */
      case 0xe9: /* IOp.DataDrop */
      case 0xed: /* IOp.ElemDrop */
      case 0xf0: /* IOp.TableSize */
      case 0xfe: /* IOp.Atomic */ {
        ex.sp = sp;
        ex.pc = pc;
        executeMemoryOp(ex, op, code, inst, mem);
        sp = ex.sp | 0;
        pc = ex.pc | 0;
        break;
      }
      // Fused ops (fused-ops.ts): operands are frame slots (word offsets from fw) or constants.
      case 0x100: /* FOp.I32Eqz */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        s32[d] = s32[a]! === 0 ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x101: /* FOp.I32Eq */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = s32[fw + code[pc + 2]!]!;
        s32[d] = x === y ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x102: /* FOp.I32Ne */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = s32[fw + code[pc + 2]!]!;
        s32[d] = x !== y ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x103: /* FOp.I32LtS */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = s32[fw + code[pc + 2]!]!;
        s32[d] = x < y ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x104: /* FOp.I32LtU */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = s32[fw + code[pc + 2]!]!;
        s32[d] = x >>> 0 < y >>> 0 ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x105: /* FOp.I32GtS */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = s32[fw + code[pc + 2]!]!;
        s32[d] = x > y ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x106: /* FOp.I32GtU */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = s32[fw + code[pc + 2]!]!;
        s32[d] = x >>> 0 > y >>> 0 ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x107: /* FOp.I32LeS */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = s32[fw + code[pc + 2]!]!;
        s32[d] = x <= y ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x108: /* FOp.I32LeU */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = s32[fw + code[pc + 2]!]!;
        s32[d] = x >>> 0 <= y >>> 0 ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x109: /* FOp.I32GeS */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = s32[fw + code[pc + 2]!]!;
        s32[d] = x >= y ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x10a: /* FOp.I32GeU */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = s32[fw + code[pc + 2]!]!;
        s32[d] = x >>> 0 >= y >>> 0 ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x10b: /* FOp.I64Eqz */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        s32[d] = (s32[a]! | s32[a + 1]!) === 0 ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x10c: /* FOp.I64Eq */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        s32[d] = i64Eq(s32, a, b) ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x10d: /* FOp.I64Ne */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        s32[d] = i64Ne(s32, a, b) ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x10e: /* FOp.I64LtS */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        s32[d] = i64LtS(s32, a, b) ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x10f: /* FOp.I64LtU */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        s32[d] = i64LtU(s32, a, b) ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x110: /* FOp.I64GtS */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        s32[d] = i64GtS(s32, a, b) ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x111: /* FOp.I64GtU */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        s32[d] = i64GtU(s32, a, b) ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x112: /* FOp.I64LeS */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        s32[d] = i64LeS(s32, a, b) ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x113: /* FOp.I64LeU */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        s32[d] = i64LeU(s32, a, b) ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x114: /* FOp.I64GeS */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        s32[d] = i64GeS(s32, a, b) ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x115: /* FOp.I64GeU */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        s32[d] = i64GeU(s32, a, b) ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x116: /* FOp.F32Eq */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        s32[d] = f32[a]! === f32[b]! ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x117: /* FOp.F32Ne */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        s32[d] = f32[a]! !== f32[b]! ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x118: /* FOp.F32Lt */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        s32[d] = f32[a]! < f32[b]! ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x119: /* FOp.F32Gt */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        s32[d] = f32[a]! > f32[b]! ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x11a: /* FOp.F32Le */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        s32[d] = f32[a]! <= f32[b]! ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x11b: /* FOp.F32Ge */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        s32[d] = f32[a]! >= f32[b]! ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x11c: /* FOp.F64Eq */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        s32[d] = f64[(a) >> 1]! === f64[(b) >> 1]! ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x11d: /* FOp.F64Ne */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        s32[d] = f64[(a) >> 1]! !== f64[(b) >> 1]! ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x11e: /* FOp.F64Lt */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        s32[d] = f64[(a) >> 1]! < f64[(b) >> 1]! ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x11f: /* FOp.F64Gt */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        s32[d] = f64[(a) >> 1]! > f64[(b) >> 1]! ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x120: /* FOp.F64Le */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        s32[d] = f64[(a) >> 1]! <= f64[(b) >> 1]! ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x121: /* FOp.F64Ge */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        s32[d] = f64[(a) >> 1]! >= f64[(b) >> 1]! ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x122: /* FOp.I32Clz */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        s32[d] = Math.clz32(s32[a]!);
        s32[d + 1] = 0;
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x123: /* FOp.I32Ctz */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const v = s32[a]!;
        s32[d] = v === 0 ? 32 : 31 - Math.clz32(v & -v);
        s32[d + 1] = 0;
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x124: /* FOp.I32Popcnt */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        let v = s32[a]!;
        v = v - ((v >>> 1) & 0x55555555);
        v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
        s32[d] = Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x125: /* FOp.I32Add */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = s32[fw + code[pc + 2]!]!;
        s32[d] = (x + y) | 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x126: /* FOp.I32Sub */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = s32[fw + code[pc + 2]!]!;
        s32[d] = (x - y) | 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x127: /* FOp.I32Mul */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = s32[fw + code[pc + 2]!]!;
        s32[d] = Math.imul(x, y);
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x128: /* FOp.I32DivS */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = s32[fw + code[pc + 2]!]!;
        if (y === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero);
        if (x === -2147483648 && y === -1) throw new RuntimeError(TrapCode.IntegerOverflow);
        s32[d] = (x / y) | 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x129: /* FOp.I32DivU */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = s32[fw + code[pc + 2]!]!;
        if (y === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero);
        s32[d] = ((x >>> 0) / (y >>> 0)) | 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x12a: /* FOp.I32RemS */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = s32[fw + code[pc + 2]!]!;
        if (y === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero);
        s32[d] = (x % y) | 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x12b: /* FOp.I32RemU */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = s32[fw + code[pc + 2]!]!;
        if (y === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero);
        s32[d] = ((x >>> 0) % (y >>> 0)) | 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x12c: /* FOp.I32And */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = s32[fw + code[pc + 2]!]!;
        s32[d] = x & y;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x12d: /* FOp.I32Or */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = s32[fw + code[pc + 2]!]!;
        s32[d] = x | y;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x12e: /* FOp.I32Xor */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = s32[fw + code[pc + 2]!]!;
        s32[d] = x ^ y;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x12f: /* FOp.I32Shl */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = s32[fw + code[pc + 2]!]!;
        s32[d] = x << y;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x130: /* FOp.I32ShrS */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = s32[fw + code[pc + 2]!]!;
        s32[d] = x >> y;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x131: /* FOp.I32ShrU */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = s32[fw + code[pc + 2]!]!;
        s32[d] = x >>> y;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x132: /* FOp.I32Rotl */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = s32[fw + code[pc + 2]!]!;
        s32[d] = (x << (y & 31)) | (x >>> (32 - (y & 31)));
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x133: /* FOp.I32Rotr */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = s32[fw + code[pc + 2]!]!;
        s32[d] = (x >>> (y & 31)) | (x << (32 - (y & 31)));
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x134: /* FOp.I64Clz */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        i64Clz(s32, d, a);
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x135: /* FOp.I64Ctz */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        i64Ctz(s32, d, a);
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x136: /* FOp.I64Popcnt */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        i64Popcnt(s32, d, a);
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x137: /* FOp.I64Add */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        const al = s32[a]!;
        const lo = (al + s32[b]!) | 0;
        const hi = (s32[a + 1]! + s32[b + 1]! + ((lo >>> 0) < (al >>> 0) ? 1 : 0)) | 0;
        s32[d] = lo;
        s32[d + 1] = hi;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x138: /* FOp.I64Sub */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        const al = s32[a]!;
        const bl = s32[b]!;
        const hi = (s32[a + 1]! - s32[b + 1]! - ((al >>> 0) < (bl >>> 0) ? 1 : 0)) | 0;
        s32[d] = (al - bl) | 0;
        s32[d + 1] = hi;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x139: /* FOp.I64Mul */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        i64Mul(s32, d, a, b);
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x13a: /* FOp.I64DivS */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        i64DivS(s32, d, a, b);
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x13b: /* FOp.I64DivU */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        i64DivU(s32, d, a, b);
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x13c: /* FOp.I64RemS */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        i64RemS(s32, d, a, b);
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x13d: /* FOp.I64RemU */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        i64RemU(s32, d, a, b);
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x13e: /* FOp.I64And */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        const lo = s32[a]! & s32[b]!;
        const hi = s32[a + 1]! & s32[b + 1]!;
        s32[d] = lo;
        s32[d + 1] = hi;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x13f: /* FOp.I64Or */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        const lo = s32[a]! | s32[b]!;
        const hi = s32[a + 1]! | s32[b + 1]!;
        s32[d] = lo;
        s32[d + 1] = hi;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x140: /* FOp.I64Xor */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        const lo = s32[a]! ^ s32[b]!;
        const hi = s32[a + 1]! ^ s32[b + 1]!;
        s32[d] = lo;
        s32[d + 1] = hi;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x141: /* FOp.I64Shl */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        i64Shl(s32, d, a, b);
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x142: /* FOp.I64ShrS */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        i64ShrS(s32, d, a, b);
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x143: /* FOp.I64ShrU */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        i64ShrU(s32, d, a, b);
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x144: /* FOp.I64Rotl */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        i64Rotl(s32, d, a, b);
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x145: /* FOp.I64Rotr */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        i64Rotr(s32, d, a, b);
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x146: /* FOp.F32Abs */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        s32[d] = s32[a]! & 0x7fffffff;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x147: /* FOp.F32Neg */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        s32[d] = s32[a]! ^ -0x80000000;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x14c: /* FOp.F32Sqrt */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        f32[d] = Math.sqrt(f32[a]!);
        s32[d + 1] = 0;
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x14d: /* FOp.F32Add */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        f32[d] = f32[a]! + f32[b]!;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x14e: /* FOp.F32Sub */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        f32[d] = f32[a]! - f32[b]!;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x14f: /* FOp.F32Mul */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        f32[d] = f32[a]! * f32[b]!;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x150: /* FOp.F32Div */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        f32[d] = f32[a]! / f32[b]!;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x151: /* FOp.F32Min */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        f32[d] = f32Min(f32[a]!, f32[b]!);
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x152: /* FOp.F32Max */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        f32[d] = f32Max(f32[a]!, f32[b]!);
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x153: /* FOp.F32Copysign */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        s32[d] = (s32[a]! & 0x7fffffff) | (s32[b]! & -0x80000000);
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x154: /* FOp.F64Abs */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const lo = s32[a]!;
        const hi = s32[a + 1]! & 0x7fffffff;
        s32[d] = lo;
        s32[d + 1] = hi;
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x155: /* FOp.F64Neg */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const lo = s32[a]!;
        const hi = s32[a + 1]! ^ -0x80000000;
        s32[d] = lo;
        s32[d + 1] = hi;
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x15a: /* FOp.F64Sqrt */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        f64[d >> 1] = Math.sqrt(f64[(a) >> 1]!);
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x15b: /* FOp.F64Add */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        f64[d >> 1] = f64[(a) >> 1]! + f64[(b) >> 1]!;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x15c: /* FOp.F64Sub */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        f64[d >> 1] = f64[(a) >> 1]! - f64[(b) >> 1]!;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x15d: /* FOp.F64Mul */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        f64[d >> 1] = f64[(a) >> 1]! * f64[(b) >> 1]!;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x15e: /* FOp.F64Div */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        f64[d >> 1] = f64[(a) >> 1]! / f64[(b) >> 1]!;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x15f: /* FOp.F64Min */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        f64[d >> 1] = f64Min(f64[(a) >> 1]!, f64[(b) >> 1]!);
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x160: /* FOp.F64Max */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        f64[d >> 1] = f64Max(f64[(a) >> 1]!, f64[(b) >> 1]!);
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x161: /* FOp.F64Copysign */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const b = fw + code[pc + 2]!;
        const lo = s32[a]!;
        const hi = (s32[a + 1]! & 0x7fffffff) | (s32[b + 1]! & -0x80000000);
        s32[d] = lo;
        s32[d + 1] = hi;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x162: /* FOp.I32WrapI64 */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        s32[d] = s32[a]!;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x163: /* FOp.I32TruncF32S */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        s32[d] = i32TruncF32S(f32[a]!);
        s32[d + 1] = 0;
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x165: /* FOp.I32TruncF64S */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        s32[d] = i32TruncF64S(f64[(a) >> 1]!);
        s32[d + 1] = 0;
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x166: /* FOp.I32TruncF64U */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        s32[d] = i32TruncF64U(f64[(a) >> 1]!);
        s32[d + 1] = 0;
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x167: /* FOp.I64ExtendI32S */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const v = s32[a]!;
        s32[d] = v;
        s32[d + 1] = v >> 31;
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x168: /* FOp.I64ExtendI32U */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        s32[d] = s32[a]!;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x16d: /* FOp.F32ConvertI32S */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        f32[d] = s32[a]!;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x16e: /* FOp.F32ConvertI32U */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        f32[d] = s32[a]! >>> 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x171: /* FOp.F32DemoteF64 */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        f32[d] = f64[(a) >> 1]!;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x172: /* FOp.F64ConvertI32S */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        f64[d >> 1] = s32[a]!;
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x173: /* FOp.F64ConvertI32U */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        f64[d >> 1] = s32[a]! >>> 0;
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x176: /* FOp.F64PromoteF32 */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        f64[d >> 1] = f32[a]!;
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x17b: /* FOp.I32Extend8S */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        s32[d] = (s32[a]! << 24) >> 24;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x17c: /* FOp.I32Extend16S */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        s32[d] = (s32[a]! << 16) >> 16;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x180: /* FOp.I32EqC */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = code[pc + 2]!;
        s32[d] = x === y ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x181: /* FOp.I32NeC */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = code[pc + 2]!;
        s32[d] = x !== y ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x182: /* FOp.I32LtSC */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = code[pc + 2]!;
        s32[d] = x < y ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x183: /* FOp.I32LtUC */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = code[pc + 2]!;
        s32[d] = x >>> 0 < y >>> 0 ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x184: /* FOp.I32GtSC */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = code[pc + 2]!;
        s32[d] = x > y ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x185: /* FOp.I32GtUC */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = code[pc + 2]!;
        s32[d] = x >>> 0 > y >>> 0 ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x186: /* FOp.I32LeSC */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = code[pc + 2]!;
        s32[d] = x <= y ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x187: /* FOp.I32LeUC */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = code[pc + 2]!;
        s32[d] = x >>> 0 <= y >>> 0 ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x188: /* FOp.I32GeSC */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = code[pc + 2]!;
        s32[d] = x >= y ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x189: /* FOp.I32GeUC */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = code[pc + 2]!;
        s32[d] = x >>> 0 >= y >>> 0 ? 1 : 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1a4: /* FOp.I32AddC */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = code[pc + 2]!;
        s32[d] = (x + y) | 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1a5: /* FOp.I32SubC */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = code[pc + 2]!;
        s32[d] = (x - y) | 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1a6: /* FOp.I32MulC */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = code[pc + 2]!;
        s32[d] = Math.imul(x, y);
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1a7: /* FOp.I32DivSC */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = code[pc + 2]!;
        if (y === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero);
        if (x === -2147483648 && y === -1) throw new RuntimeError(TrapCode.IntegerOverflow);
        s32[d] = (x / y) | 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1a8: /* FOp.I32DivUC */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = code[pc + 2]!;
        if (y === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero);
        s32[d] = ((x >>> 0) / (y >>> 0)) | 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1a9: /* FOp.I32RemSC */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = code[pc + 2]!;
        if (y === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero);
        s32[d] = (x % y) | 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1aa: /* FOp.I32RemUC */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = code[pc + 2]!;
        if (y === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero);
        s32[d] = ((x >>> 0) % (y >>> 0)) | 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1ab: /* FOp.I32AndC */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = code[pc + 2]!;
        s32[d] = x & y;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1ac: /* FOp.I32OrC */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = code[pc + 2]!;
        s32[d] = x | y;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1ad: /* FOp.I32XorC */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = code[pc + 2]!;
        s32[d] = x ^ y;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1ae: /* FOp.I32ShlC */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = code[pc + 2]!;
        s32[d] = x << y;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1af: /* FOp.I32ShrSC */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = code[pc + 2]!;
        s32[d] = x >> y;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1b0: /* FOp.I32ShrUC */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = code[pc + 2]!;
        s32[d] = x >>> y;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1b1: /* FOp.I32RotlC */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = code[pc + 2]!;
        s32[d] = (x << (y & 31)) | (x >>> (32 - (y & 31)));
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1b2: /* FOp.I32RotrC */ {
        const d = fw + code[pc]!;
        const x = s32[fw + code[pc + 1]!]!;
        const y = code[pc + 2]!;
        s32[d] = (x >>> (y & 31)) | (x << (32 - (y & 31)));
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1b8: /* FOp.I32Load */ {
        const d = fw + code[pc]!;
        const ad = (s32[fw + code[pc + 1]!]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ad + 4 > memLen) oob();
        s32[d] = dv.getInt32(ad, true);
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1b9: /* FOp.I64Load */ {
        const d = fw + code[pc]!;
        const ad = (s32[fw + code[pc + 1]!]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ad + 8 > memLen) oob();
        const lo = dv.getInt32(ad, true);
        s32[d + 1] = dv.getInt32(ad + 4, true);
        s32[d] = lo;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1bc: /* FOp.I32Load8S */ {
        const d = fw + code[pc]!;
        const ad = (s32[fw + code[pc + 1]!]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ad + 1 > memLen) oob();
        s32[d] = dv.getInt8(ad);
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1bd: /* FOp.I32Load8U */ {
        const d = fw + code[pc]!;
        const ad = (s32[fw + code[pc + 1]!]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ad + 1 > memLen) oob();
        s32[d] = u8[ad]!;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1be: /* FOp.I32Load16S */ {
        const d = fw + code[pc]!;
        const ad = (s32[fw + code[pc + 1]!]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ad + 2 > memLen) oob();
        s32[d] = dv.getInt16(ad, true);
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1bf: /* FOp.I32Load16U */ {
        const d = fw + code[pc]!;
        const ad = (s32[fw + code[pc + 1]!]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ad + 2 > memLen) oob();
        s32[d] = dv.getUint16(ad, true);
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1c0: /* FOp.I64Load8S */ {
        const d = fw + code[pc]!;
        const ad = (s32[fw + code[pc + 1]!]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ad + 1 > memLen) oob();
        const v = dv.getInt8(ad);
        s32[d] = v;
        s32[d + 1] = v >> 31;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1c2: /* FOp.I64Load16S */ {
        const d = fw + code[pc]!;
        const ad = (s32[fw + code[pc + 1]!]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ad + 2 > memLen) oob();
        const v = dv.getInt16(ad, true);
        s32[d] = v;
        s32[d + 1] = v >> 31;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1c4: /* FOp.I64Load32S */ {
        const d = fw + code[pc]!;
        const ad = (s32[fw + code[pc + 1]!]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ad + 4 > memLen) oob();
        const v = dv.getInt32(ad, true);
        s32[d] = v;
        s32[d + 1] = v >> 31;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1c6: /* FOp.I32Store */ {
        const ad = (s32[fw + code[pc]!]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ad + 4 > memLen) oob();
        const v = fw + code[pc + 1]!;
        dv.setInt32(ad, s32[v]!, true);
        dirty[ad >>> 12] = 1;
        dirty[(ad + 3) >>> 12] = 1;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1c7: /* FOp.I64Store */ {
        const ad = (s32[fw + code[pc]!]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ad + 8 > memLen) oob();
        const v = fw + code[pc + 1]!;
        dv.setInt32(ad, s32[v]!, true);
        dv.setInt32(ad + 4, s32[v + 1]!, true);
        dirty[ad >>> 12] = 1;
        dirty[(ad + 7) >>> 12] = 1;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1ca: /* FOp.I32Store8 */ {
        const ad = (s32[fw + code[pc]!]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ad + 1 > memLen) oob();
        const v = fw + code[pc + 1]!;
        u8[ad] = s32[v]!;
        dirty[ad >>> 12] = 1;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1cb: /* FOp.I32Store16 */ {
        const ad = (s32[fw + code[pc]!]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ad + 2 > memLen) oob();
        const v = fw + code[pc + 1]!;
        dv.setInt16(ad, s32[v]!, true);
        dirty[ad >>> 12] = 1;
        dirty[(ad + 1) >>> 12] = 1;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1d0: /* FOp.I32StoreC */ {
        const ad = (s32[fw + code[pc]!]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ad + 4 > memLen) oob();
        dv.setInt32(ad, code[pc + 1]!, true);
        dirty[ad >>> 12] = 1;
        dirty[(ad + 3) >>> 12] = 1;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1d1: /* FOp.I64StoreC */ {
        const ad = (s32[fw + code[pc]!]! >>> 0) + (code[pc + 3]! >>> 0);
        if (ad + 8 > memLen) oob();
        dv.setInt32(ad, code[pc + 1]!, true);
        dv.setInt32(ad + 4, code[pc + 2]!, true);
        dirty[ad >>> 12] = 1;
        dirty[(ad + 7) >>> 12] = 1;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x1d2: /* FOp.I32Store8C */ {
        const ad = (s32[fw + code[pc]!]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ad + 1 > memLen) oob();
        u8[ad] = code[pc + 1]!;
        dirty[ad >>> 12] = 1;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1d3: /* FOp.I32Store16C */ {
        const ad = (s32[fw + code[pc]!]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ad + 2 > memLen) oob();
        dv.setInt16(ad, code[pc + 1]!, true);
        dirty[ad >>> 12] = 1;
        dirty[(ad + 1) >>> 12] = 1;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1d4: /* FOp.BrIfNZ */ {
        sp = (fp + code[pc + 2]!) | 0;
        if (s32[fw + code[pc]!] !== 0) {
      const t = code[pc + 1]!;
      if (t < pc && interrupt[0] !== 0) {
        pc = t;
        exit = 2; /* LOOP_INTERRUPT */
        break run;
      }
      pc = t;
        } else pc = (pc + 3) | 0;
        break;
      }
      case 0x1d5: /* FOp.BrIfZ */ {
        sp = (fp + code[pc + 2]!) | 0;
        if (s32[fw + code[pc]!] === 0) {
      const t = code[pc + 1]!;
      if (t < pc && interrupt[0] !== 0) {
        pc = t;
        exit = 2; /* LOOP_INTERRUPT */
        break run;
      }
      pc = t;
        } else pc = (pc + 3) | 0;
        break;
      }
      case 0x1d6: /* FOp.BrIfCmp */ {
        let x = s32[fw + code[pc]!]!;
        let y = s32[fw + code[pc + 1]!]!;
        const f = code[pc + 2]!;
        if ((f & 1) !== 0) {
      x ^= -0x80000000;
      y ^= -0x80000000;
        }
        sp = (fp + code[pc + 4]!) | 0;
        if (((f & 2) !== 0 ? x === y : (f & 8) !== 0 ? y < x : x < y) !== ((f & 4) !== 0)) {
      const t = code[pc + 3]!;
      if (t < pc && interrupt[0] !== 0) {
        pc = t;
        exit = 2; /* LOOP_INTERRUPT */
        break run;
      }
      pc = t;
        } else pc = (pc + 5) | 0;
        break;
      }
      case 0x1d7: /* FOp.BrIfCmpC */ {
        let x = s32[fw + code[pc]!]!;
        let y = code[pc + 1]!;
        const f = code[pc + 2]!;
        if ((f & 1) !== 0) {
      x ^= -0x80000000;
      y ^= -0x80000000;
        }
        sp = (fp + code[pc + 4]!) | 0;
        if (((f & 2) !== 0 ? x === y : (f & 8) !== 0 ? y < x : x < y) !== ((f & 4) !== 0)) {
      const t = code[pc + 3]!;
      if (t < pc && interrupt[0] !== 0) {
        pc = t;
        exit = 2; /* LOOP_INTERRUPT */
        break run;
      }
      pc = t;
        } else pc = (pc + 5) | 0;
        break;
      }
      case 0x1d8: /* FOp.AddBrIfCmp */ {
        const d = fw + code[pc]!;
        const r0 = (s32[fw + code[pc + 1]!]! + s32[fw + code[pc + 2]!]!) | 0;
        s32[d] = r0;
        s32[d + 1] = 0;
        let x = r0;
        let y = s32[fw + code[pc + 3]!]!;
        const f = code[pc + 4]!;
        if ((f & 1) !== 0) {
      x ^= -0x80000000;
      y ^= -0x80000000;
        }
        sp = (fp + code[pc + 6]!) | 0;
        if (((f & 2) !== 0 ? x === y : (f & 8) !== 0 ? y < x : x < y) !== ((f & 4) !== 0)) {
      const t = code[pc + 5]!;
      if (t < pc && interrupt[0] !== 0) {
        pc = t;
        exit = 2; /* LOOP_INTERRUPT */
        break run;
      }
      pc = t;
        } else pc = (pc + 7) | 0;
        break;
      }
      case 0x1d9: /* FOp.AddBrIfCmpC */ {
        const d = fw + code[pc]!;
        const r0 = (s32[fw + code[pc + 1]!]! + s32[fw + code[pc + 2]!]!) | 0;
        s32[d] = r0;
        s32[d + 1] = 0;
        let x = r0;
        let y = code[pc + 3]!;
        const f = code[pc + 4]!;
        if ((f & 1) !== 0) {
      x ^= -0x80000000;
      y ^= -0x80000000;
        }
        sp = (fp + code[pc + 6]!) | 0;
        if (((f & 2) !== 0 ? x === y : (f & 8) !== 0 ? y < x : x < y) !== ((f & 4) !== 0)) {
      const t = code[pc + 5]!;
      if (t < pc && interrupt[0] !== 0) {
        pc = t;
        exit = 2; /* LOOP_INTERRUPT */
        break run;
      }
      pc = t;
        } else pc = (pc + 7) | 0;
        break;
      }
      case 0x1da: /* FOp.AddCBrIfCmp */ {
        const d = fw + code[pc]!;
        const r0 = (s32[fw + code[pc + 1]!]! + code[pc + 2]!) | 0;
        s32[d] = r0;
        s32[d + 1] = 0;
        let x = r0;
        let y = s32[fw + code[pc + 3]!]!;
        const f = code[pc + 4]!;
        if ((f & 1) !== 0) {
      x ^= -0x80000000;
      y ^= -0x80000000;
        }
        sp = (fp + code[pc + 6]!) | 0;
        if (((f & 2) !== 0 ? x === y : (f & 8) !== 0 ? y < x : x < y) !== ((f & 4) !== 0)) {
      const t = code[pc + 5]!;
      if (t < pc && interrupt[0] !== 0) {
        pc = t;
        exit = 2; /* LOOP_INTERRUPT */
        break run;
      }
      pc = t;
        } else pc = (pc + 7) | 0;
        break;
      }
      case 0x1db: /* FOp.AddCBrIfCmpC */ {
        const d = fw + code[pc]!;
        const r0 = (s32[fw + code[pc + 1]!]! + code[pc + 2]!) | 0;
        s32[d] = r0;
        s32[d + 1] = 0;
        let x = r0;
        let y = code[pc + 3]!;
        const f = code[pc + 4]!;
        if ((f & 1) !== 0) {
      x ^= -0x80000000;
      y ^= -0x80000000;
        }
        sp = (fp + code[pc + 6]!) | 0;
        if (((f & 2) !== 0 ? x === y : (f & 8) !== 0 ? y < x : x < y) !== ((f & 4) !== 0)) {
      const t = code[pc + 5]!;
      if (t < pc && interrupt[0] !== 0) {
        pc = t;
        exit = 2; /* LOOP_INTERRUPT */
        break run;
      }
      pc = t;
        } else pc = (pc + 7) | 0;
        break;
      }
      case 0x1ea: /* FOp.Copy */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const lo = s32[a]!;
        s32[d + 1] = s32[a + 1]!;
        s32[d] = lo;
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x1eb: /* FOp.Const32 */ {
        const d = fw + code[pc]!;
        s32[d] = code[pc + 1]!;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 2]!) | 0;
        pc = (pc + 3) | 0;
        break;
      }
      case 0x1ec: /* FOp.Const64 */ {
        const d = fw + code[pc]!;
        s32[d] = code[pc + 1]!;
        s32[d + 1] = code[pc + 2]!;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x1ed: /* FOp.SetSp */ {
        sp = (fp + code[pc]!) | 0;
        pc = (pc + 1) | 0;
        break;
      }
      case 0x1ee: /* FOp.Nop */ {
        break;
      }
      case 0x200: /* FOp.I64AddC */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const al = s32[a]!;
        const lo = (al + code[pc + 2]!) | 0;
        const hi = (s32[a + 1]! + code[pc + 3]! + ((lo >>> 0) < (al >>> 0) ? 1 : 0)) | 0;
        s32[d] = lo;
        s32[d + 1] = hi;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x201: /* FOp.I64SubC */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const al = s32[a]!;
        const bl = code[pc + 2]!;
        const hi = (s32[a + 1]! - code[pc + 3]! - ((al >>> 0) < (bl >>> 0) ? 1 : 0)) | 0;
        s32[d] = (al - bl) | 0;
        s32[d + 1] = hi;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x202: /* FOp.I64MulC */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        i64MulK(s32, d, a, code[pc + 2]!, code[pc + 3]!);
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x207: /* FOp.I64AndC */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const lo = s32[a]! & code[pc + 2]!;
        const hi = s32[a + 1]! & code[pc + 3]!;
        s32[d] = lo;
        s32[d + 1] = hi;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x208: /* FOp.I64OrC */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const lo = s32[a]! | code[pc + 2]!;
        const hi = s32[a + 1]! | code[pc + 3]!;
        s32[d] = lo;
        s32[d + 1] = hi;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x209: /* FOp.I64XorC */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const lo = s32[a]! ^ code[pc + 2]!;
        const hi = s32[a + 1]! ^ code[pc + 3]!;
        s32[d] = lo;
        s32[d + 1] = hi;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x20a: /* FOp.I64ShlC */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const l = s32[a]!;
        const h = s32[a + 1]!;
        const k = code[pc + 2]! & 63;
        if (k >= 32) {
      s32[d + 1] = l << (k - 32);
      s32[d] = 0;
        } else if (k !== 0) {
      s32[d + 1] = (h << k) | (l >>> (32 - k));
      s32[d] = l << k;
        } else {
      s32[d] = l;
      s32[d + 1] = h;
        }
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x20b: /* FOp.I64ShrSC */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const l = s32[a]!;
        const h = s32[a + 1]!;
        const k = code[pc + 2]! & 63;
        if (k >= 32) {
      s32[d] = h >> (k - 32);
      s32[d + 1] = h >> 31;
        } else if (k !== 0) {
      s32[d] = (l >>> k) | (h << (32 - k));
      s32[d + 1] = h >> k;
        } else {
      s32[d] = l;
      s32[d + 1] = h;
        }
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x20c: /* FOp.I64ShrUC */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        const l = s32[a]!;
        const h = s32[a + 1]!;
        const k = code[pc + 2]! & 63;
        if (k >= 32) {
      s32[d] = h >>> (k - 32);
      s32[d + 1] = 0;
        } else if (k !== 0) {
      s32[d] = (l >>> k) | (h << (32 - k));
      s32[d + 1] = h >>> k;
        } else {
      s32[d] = l;
      s32[d + 1] = h;
        }
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x20d: /* FOp.I64RotlC */ {
        const d = fw + code[pc]!;
        const a = fw + code[pc + 1]!;
        i64RotlK(s32, d, a, code[pc + 2]!);
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x230: /* FOp.I32LoadAC */ {
        const d = fw + code[pc]!;
        const ad = ((s32[fw + code[pc + 1]!]! + code[pc + 2]!) >>> 0) + (code[pc + 3]! >>> 0);
        if (ad + 4 > memLen) oob();
        s32[d] = dv.getInt32(ad, true);
        s32[d + 1] = 0;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x231: /* FOp.I64LoadAC */ {
        const d = fw + code[pc]!;
        const ad = ((s32[fw + code[pc + 1]!]! + code[pc + 2]!) >>> 0) + (code[pc + 3]! >>> 0);
        if (ad + 8 > memLen) oob();
        const lo = dv.getInt32(ad, true);
        s32[d + 1] = dv.getInt32(ad + 4, true);
        s32[d] = lo;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x234: /* FOp.I32Load8SAC */ {
        const d = fw + code[pc]!;
        const ad = ((s32[fw + code[pc + 1]!]! + code[pc + 2]!) >>> 0) + (code[pc + 3]! >>> 0);
        if (ad + 1 > memLen) oob();
        s32[d] = dv.getInt8(ad);
        s32[d + 1] = 0;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x235: /* FOp.I32Load8UAC */ {
        const d = fw + code[pc]!;
        const ad = ((s32[fw + code[pc + 1]!]! + code[pc + 2]!) >>> 0) + (code[pc + 3]! >>> 0);
        if (ad + 1 > memLen) oob();
        s32[d] = u8[ad]!;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x236: /* FOp.I32Load16SAC */ {
        const d = fw + code[pc]!;
        const ad = ((s32[fw + code[pc + 1]!]! + code[pc + 2]!) >>> 0) + (code[pc + 3]! >>> 0);
        if (ad + 2 > memLen) oob();
        s32[d] = dv.getInt16(ad, true);
        s32[d + 1] = 0;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x237: /* FOp.I32Load16UAC */ {
        const d = fw + code[pc]!;
        const ad = ((s32[fw + code[pc + 1]!]! + code[pc + 2]!) >>> 0) + (code[pc + 3]! >>> 0);
        if (ad + 2 > memLen) oob();
        s32[d] = dv.getUint16(ad, true);
        s32[d + 1] = 0;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x238: /* FOp.I64Load8SAC */ {
        const d = fw + code[pc]!;
        const ad = ((s32[fw + code[pc + 1]!]! + code[pc + 2]!) >>> 0) + (code[pc + 3]! >>> 0);
        if (ad + 1 > memLen) oob();
        const v = dv.getInt8(ad);
        s32[d] = v;
        s32[d + 1] = v >> 31;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x23a: /* FOp.I64Load16SAC */ {
        const d = fw + code[pc]!;
        const ad = ((s32[fw + code[pc + 1]!]! + code[pc + 2]!) >>> 0) + (code[pc + 3]! >>> 0);
        if (ad + 2 > memLen) oob();
        const v = dv.getInt16(ad, true);
        s32[d] = v;
        s32[d + 1] = v >> 31;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x23c: /* FOp.I64Load32SAC */ {
        const d = fw + code[pc]!;
        const ad = ((s32[fw + code[pc + 1]!]! + code[pc + 2]!) >>> 0) + (code[pc + 3]! >>> 0);
        if (ad + 4 > memLen) oob();
        const v = dv.getInt32(ad, true);
        s32[d] = v;
        s32[d + 1] = v >> 31;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x23e: /* FOp.I32StoreAC */ {
        const ad = ((s32[fw + code[pc]!]! + code[pc + 1]!) >>> 0) + (code[pc + 3]! >>> 0);
        if (ad + 4 > memLen) oob();
        const v = fw + code[pc + 2]!;
        dv.setInt32(ad, s32[v]!, true);
        dirty[ad >>> 12] = 1;
        dirty[(ad + 3) >>> 12] = 1;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x23f: /* FOp.I64StoreAC */ {
        const ad = ((s32[fw + code[pc]!]! + code[pc + 1]!) >>> 0) + (code[pc + 3]! >>> 0);
        if (ad + 8 > memLen) oob();
        const v = fw + code[pc + 2]!;
        dv.setInt32(ad, s32[v]!, true);
        dv.setInt32(ad + 4, s32[v + 1]!, true);
        dirty[ad >>> 12] = 1;
        dirty[(ad + 7) >>> 12] = 1;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x242: /* FOp.I32Store8AC */ {
        const ad = ((s32[fw + code[pc]!]! + code[pc + 1]!) >>> 0) + (code[pc + 3]! >>> 0);
        if (ad + 1 > memLen) oob();
        const v = fw + code[pc + 2]!;
        u8[ad] = s32[v]!;
        dirty[ad >>> 12] = 1;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x243: /* FOp.I32Store16AC */ {
        const ad = ((s32[fw + code[pc]!]! + code[pc + 1]!) >>> 0) + (code[pc + 3]! >>> 0);
        if (ad + 2 > memLen) oob();
        const v = fw + code[pc + 2]!;
        dv.setInt16(ad, s32[v]!, true);
        dirty[ad >>> 12] = 1;
        dirty[(ad + 1) >>> 12] = 1;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x248: /* FOp.I32StoreCAC */ {
        const ad = ((s32[fw + code[pc]!]! + code[pc + 1]!) >>> 0) + (code[pc + 3]! >>> 0);
        if (ad + 4 > memLen) oob();
        dv.setInt32(ad, code[pc + 2]!, true);
        dirty[ad >>> 12] = 1;
        dirty[(ad + 3) >>> 12] = 1;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x249: /* FOp.I32Store8CAC */ {
        const ad = ((s32[fw + code[pc]!]! + code[pc + 1]!) >>> 0) + (code[pc + 3]! >>> 0);
        if (ad + 1 > memLen) oob();
        u8[ad] = code[pc + 2]!;
        dirty[ad >>> 12] = 1;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x24a: /* FOp.I32Store16CAC */ {
        const ad = ((s32[fw + code[pc]!]! + code[pc + 1]!) >>> 0) + (code[pc + 3]! >>> 0);
        if (ad + 2 > memLen) oob();
        dv.setInt16(ad, code[pc + 2]!, true);
        dirty[ad >>> 12] = 1;
        dirty[(ad + 1) >>> 12] = 1;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x24c: /* FOp.CopyN */ {
        const n = code[pc]!;
        let q = pc + 1;
        for (let k = 0; k < n; k++) {
      const e = code[q]!;
      if (e < 0) {
        const d = fw + ~e;
        s32[d] = code[q + 1]!;
        s32[d + 1] = 0;
      } else {
        const d = fw + e;
        const a = fw + code[q + 1]!;
        const lo = s32[a]!;
        s32[d + 1] = s32[a + 1]!;
        s32[d] = lo;
      }
      q += 2;
        }
        sp = (fp + code[q]!) | 0;
        pc = q + 1;
        break;
      }
      case 0x257: /* FOp.F64MulAdd */ {
        const d = fw + code[pc]!;
        f64[d >> 1] = f64[(fw + code[pc + 1]!) >> 1]! * f64[(fw + code[pc + 2]!) >> 1]! + f64[(fw + code[pc + 3]!) >> 1]!;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x25b: /* FOp.I32MulAdd */ {
        const d = fw + code[pc]!;
        s32[d] = (Math.imul(s32[fw + code[pc + 1]!]!, s32[fw + code[pc + 2]!]!) + s32[fw + code[pc + 3]!]!) | 0;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x263: /* FOp.BrIfLoad */ {
        const f = code[pc + 3]!;
        const ad = ((s32[fw + code[pc]!]! + code[pc + 1]!) >>> 0) + (code[pc + 2]! >>> 0);
        let v: number;
        if ((f & 1) !== 0) {
      if (ad + 1 > memLen) oob();
      v = u8[ad]!;
        } else {
      if (ad + 4 > memLen) oob();
      v = dv.getInt32(ad, true);
        }
        sp = (fp + code[pc + 5]!) | 0;
        if ((v !== 0) !== ((f & 4) !== 0)) {
      const t = code[pc + 4]!;
      if (t < pc && interrupt[0] !== 0) {
        pc = t;
        exit = 2; /* LOOP_INTERRUPT */
        break run;
      }
      pc = t;
        } else pc = (pc + 6) | 0;
        break;
      }
      case 0x265: /* FOp.F32MulAdd */ {
        const d = fw + code[pc]!;
        f32[d] = Math.fround(f32[fw + code[pc + 1]!]! * f32[fw + code[pc + 2]!]!) + f32[fw + code[pc + 3]!]!;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x266: /* FOp.BrIfFCmp */ {
        const f = code[pc + 2]!;
        const k = f >> 4;
        let x: number;
        let y: number;
        if (k < 6) {
      x = f32[fw + code[pc]!]!;
      y = f32[fw + code[pc + 1]!]!;
        } else {
      x = f64[(fw + code[pc]!) >> 1]!;
      y = f64[(fw + code[pc + 1]!) >> 1]!;
        }
        const j = k < 6 ? k : k - 6;
        const r = j === 4 ? x <= y : j === 2 ? x < y : j === 5 ? x >= y : j === 3 ? x > y : j === 0 ? x === y : x !== y;
        sp = (fp + code[pc + 4]!) | 0;
        if (r !== ((f & 4) !== 0)) {
      const t = code[pc + 3]!;
      if (t < pc && interrupt[0] !== 0) {
        pc = t;
        exit = 2; /* LOOP_INTERRUPT */
        break run;
      }
      pc = t;
        } else pc = (pc + 5) | 0;
        break;
      }
      case 0x267: /* FOp.Select */ {
        const d = fw + code[pc]!;
        const p = s32[fw + code[pc + 3]!]! !== 0 ? fw + code[pc + 1]! : fw + code[pc + 2]!;
        const lo = s32[p]!;
        s32[d + 1] = s32[p + 1]!;
        s32[d] = lo;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x268: /* FOp.BrIfMaskC */ {
        sp = (fp + code[pc + 4]!) | 0;
        if (((s32[fw + code[pc]!]! & code[pc + 1]!) !== 0) !== ((code[pc + 2]! & 4) !== 0)) {
      const t = code[pc + 3]!;
      if (t < pc && interrupt[0] !== 0) {
        pc = t;
        exit = 2; /* LOOP_INTERRUPT */
        break run;
      }
      pc = t;
        } else pc = (pc + 5) | 0;
        break;
      }
      case 0x270: /* FOp.I32LoadK */ {
        const d = fw + code[pc]!;
        const ad = (code[pc + 1]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ad + 4 > memLen) oob();
        s32[d] = dv.getInt32(ad, true);
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x271: /* FOp.I64LoadK */ {
        const d = fw + code[pc]!;
        const ad = (code[pc + 1]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ad + 8 > memLen) oob();
        const lo = dv.getInt32(ad, true);
        s32[d + 1] = dv.getInt32(ad + 4, true);
        s32[d] = lo;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x274: /* FOp.I32Load8SK */ {
        const d = fw + code[pc]!;
        const ad = (code[pc + 1]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ad + 1 > memLen) oob();
        s32[d] = dv.getInt8(ad);
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x275: /* FOp.I32Load8UK */ {
        const d = fw + code[pc]!;
        const ad = (code[pc + 1]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ad + 1 > memLen) oob();
        s32[d] = u8[ad]!;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x276: /* FOp.I32Load16SK */ {
        const d = fw + code[pc]!;
        const ad = (code[pc + 1]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ad + 2 > memLen) oob();
        s32[d] = dv.getInt16(ad, true);
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x277: /* FOp.I32Load16UK */ {
        const d = fw + code[pc]!;
        const ad = (code[pc + 1]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ad + 2 > memLen) oob();
        s32[d] = dv.getUint16(ad, true);
        s32[d + 1] = 0;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x27e: /* FOp.I32StoreK */ {
        const ad = (code[pc]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ad + 4 > memLen) oob();
        const v = fw + code[pc + 1]!;
        dv.setInt32(ad, s32[v]!, true);
        dirty[ad >>> 12] = 1;
        dirty[(ad + 3) >>> 12] = 1;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x27f: /* FOp.I64StoreK */ {
        const ad = (code[pc]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ad + 8 > memLen) oob();
        const v = fw + code[pc + 1]!;
        dv.setInt32(ad, s32[v]!, true);
        dv.setInt32(ad + 4, s32[v + 1]!, true);
        dirty[ad >>> 12] = 1;
        dirty[(ad + 7) >>> 12] = 1;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x282: /* FOp.I32Store8K */ {
        const ad = (code[pc]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ad + 1 > memLen) oob();
        const v = fw + code[pc + 1]!;
        u8[ad] = s32[v]!;
        dirty[ad >>> 12] = 1;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x283: /* FOp.I32Store16K */ {
        const ad = (code[pc]! >>> 0) + (code[pc + 2]! >>> 0);
        if (ad + 2 > memLen) oob();
        const v = fw + code[pc + 1]!;
        dv.setInt16(ad, s32[v]!, true);
        dirty[ad >>> 12] = 1;
        dirty[(ad + 1) >>> 12] = 1;
        sp = (fp + code[pc + 3]!) | 0;
        pc = (pc + 4) | 0;
        break;
      }
      case 0x290: /* FOp.I32LoadAB */ {
        const d = fw + code[pc]!;
        const ad = ((s32[fw + code[pc + 1]!]! + s32[fw + code[pc + 2]!]!) >>> 0) + (code[pc + 3]! >>> 0);
        if (ad + 4 > memLen) oob();
        s32[d] = dv.getInt32(ad, true);
        s32[d + 1] = 0;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x291: /* FOp.I64LoadAB */ {
        const d = fw + code[pc]!;
        const ad = ((s32[fw + code[pc + 1]!]! + s32[fw + code[pc + 2]!]!) >>> 0) + (code[pc + 3]! >>> 0);
        if (ad + 8 > memLen) oob();
        const lo = dv.getInt32(ad, true);
        s32[d + 1] = dv.getInt32(ad + 4, true);
        s32[d] = lo;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x294: /* FOp.I32Load8SAB */ {
        const d = fw + code[pc]!;
        const ad = ((s32[fw + code[pc + 1]!]! + s32[fw + code[pc + 2]!]!) >>> 0) + (code[pc + 3]! >>> 0);
        if (ad + 1 > memLen) oob();
        s32[d] = dv.getInt8(ad);
        s32[d + 1] = 0;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x295: /* FOp.I32Load8UAB */ {
        const d = fw + code[pc]!;
        const ad = ((s32[fw + code[pc + 1]!]! + s32[fw + code[pc + 2]!]!) >>> 0) + (code[pc + 3]! >>> 0);
        if (ad + 1 > memLen) oob();
        s32[d] = u8[ad]!;
        s32[d + 1] = 0;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x296: /* FOp.I32Load16SAB */ {
        const d = fw + code[pc]!;
        const ad = ((s32[fw + code[pc + 1]!]! + s32[fw + code[pc + 2]!]!) >>> 0) + (code[pc + 3]! >>> 0);
        if (ad + 2 > memLen) oob();
        s32[d] = dv.getInt16(ad, true);
        s32[d + 1] = 0;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x297: /* FOp.I32Load16UAB */ {
        const d = fw + code[pc]!;
        const ad = ((s32[fw + code[pc + 1]!]! + s32[fw + code[pc + 2]!]!) >>> 0) + (code[pc + 3]! >>> 0);
        if (ad + 2 > memLen) oob();
        s32[d] = dv.getUint16(ad, true);
        s32[d + 1] = 0;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x29e: /* FOp.I32StoreAB */ {
        const ad = ((s32[fw + code[pc]!]! + s32[fw + code[pc + 1]!]!) >>> 0) + (code[pc + 3]! >>> 0);
        if (ad + 4 > memLen) oob();
        const v = fw + code[pc + 2]!;
        dv.setInt32(ad, s32[v]!, true);
        dirty[ad >>> 12] = 1;
        dirty[(ad + 3) >>> 12] = 1;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x29f: /* FOp.I64StoreAB */ {
        const ad = ((s32[fw + code[pc]!]! + s32[fw + code[pc + 1]!]!) >>> 0) + (code[pc + 3]! >>> 0);
        if (ad + 8 > memLen) oob();
        const v = fw + code[pc + 2]!;
        dv.setInt32(ad, s32[v]!, true);
        dv.setInt32(ad + 4, s32[v + 1]!, true);
        dirty[ad >>> 12] = 1;
        dirty[(ad + 7) >>> 12] = 1;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x2a2: /* FOp.I32Store8AB */ {
        const ad = ((s32[fw + code[pc]!]! + s32[fw + code[pc + 1]!]!) >>> 0) + (code[pc + 3]! >>> 0);
        if (ad + 1 > memLen) oob();
        const v = fw + code[pc + 2]!;
        u8[ad] = s32[v]!;
        dirty[ad >>> 12] = 1;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x2a3: /* FOp.I32Store16AB */ {
        const ad = ((s32[fw + code[pc]!]! + s32[fw + code[pc + 1]!]!) >>> 0) + (code[pc + 3]! >>> 0);
        if (ad + 2 > memLen) oob();
        const v = fw + code[pc + 2]!;
        dv.setInt16(ad, s32[v]!, true);
        dirty[ad >>> 12] = 1;
        dirty[(ad + 1) >>> 12] = 1;
        sp = (fp + code[pc + 4]!) | 0;
        pc = (pc + 5) | 0;
        break;
      }
      case 0x2b0: /* FOp.F64AddM */ {
        const d = fw + code[pc]!;
        const ad = ((s32[fw + code[pc + 2]!]! + code[pc + 3]!) >>> 0) + (code[pc + 4]! >>> 0);
        if (ad + 8 > memLen) oob();
        f64[d >> 1] = f64[(fw + code[pc + 1]!) >> 1]! + dv.getFloat64(ad, true);
        sp = (fp + code[pc + 5]!) | 0;
        pc = (pc + 6) | 0;
        break;
      }
      case 0x2b1: /* FOp.F64SubM */ {
        const d = fw + code[pc]!;
        const ad = ((s32[fw + code[pc + 2]!]! + code[pc + 3]!) >>> 0) + (code[pc + 4]! >>> 0);
        if (ad + 8 > memLen) oob();
        f64[d >> 1] = f64[(fw + code[pc + 1]!) >> 1]! - dv.getFloat64(ad, true);
        sp = (fp + code[pc + 5]!) | 0;
        pc = (pc + 6) | 0;
        break;
      }
      case 0x2b2: /* FOp.F64MulM */ {
        const d = fw + code[pc]!;
        const ad = ((s32[fw + code[pc + 2]!]! + code[pc + 3]!) >>> 0) + (code[pc + 4]! >>> 0);
        if (ad + 8 > memLen) oob();
        f64[d >> 1] = f64[(fw + code[pc + 1]!) >> 1]! * dv.getFloat64(ad, true);
        sp = (fp + code[pc + 5]!) | 0;
        pc = (pc + 6) | 0;
        break;
      }
      case 0x2b3: /* FOp.F64DivM */ {
        const d = fw + code[pc]!;
        const ad = ((s32[fw + code[pc + 2]!]! + code[pc + 3]!) >>> 0) + (code[pc + 4]! >>> 0);
        if (ad + 8 > memLen) oob();
        f64[d >> 1] = f64[(fw + code[pc + 1]!) >> 1]! / dv.getFloat64(ad, true);
        sp = (fp + code[pc + 5]!) | 0;
        pc = (pc + 6) | 0;
        break;
      }
      default:
        // Plain loads and stores run outside the loop, like the plain numeric ops below.
        if ((op >= 0x28 && op <= 0x3e)) {
      ex.sp = sp;
      ex.pc = pc;
      executeMemoryOp(ex, op, code, inst, mem);
      sp = ex.sp | 0;
      pc = ex.pc | 0;
      break;
        }
        // The plain numeric ops: in functions that run fused, they run only until a group start (see numeric-plain.ts).
        if ((op >= 0x45 && op <= 0xc4) || (op >= 0xe0 && op <= 0xe7)) {
      sp = executeNumeric(op, s32, f32, f64, sp);
      break;
        }
        throw new Error(`internal error: unknown internal opcode ${op} at pc ${pc - 1}`);
      // @generated-end core-table
    }
  }
  // The one write-back of the registers, for every exit that leaves the loop with `break run`.
  ex.sp = sp; ex.fp = fp; ex.pc = pc; ex.funcAddr = funcAddr; ex.fuelLeft = fuel + bank;
  return exit;
}

/** The memory of an instance (2.0 has at most one), or null. */
function memoryOf(ex: Execution, inst: ModuleInstance): MemInst | null {
  return inst.memAddrs.length > 0 ? ex.store.mems[inst.memAddrs[0]!]! : null;
}

/**
 * Calls a host function with its arguments from the stack (the registers are in `ex`). Pushes its results and
 * returns false, or records the pending call and returns true when the execution must suspend.
 */
function callHost(ex: Execution, callee: FuncInst, calleeAddr: number, instrPc: number, inst: ModuleInstance): boolean {
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
  const memAddr = inst.memAddrs.length > 0 ? inst.memAddrs[0]! : null;
  let out: ReturnType<NonNullable<FuncInst['host']>>;
  try {
    out = callee.host!(args, { store, memAddr, instanceAddr: inst.addr });
  } catch (e) {
    // What the host throws continues in wasm as an exception (a trap stays a trap).
    throw hostThrow(store, e);
  }
  if (out === SUSPEND || out instanceof Promise) {
    // Leave the pc on the call; resume() pushes the results and moves past it.
    ex.pc = instrPc;
    ex.pendingCall = calleeAddr;
    ex.pendingPromise = out === SUSPEND ? null : out;
    return true;
  }
  ex.pushResults(callee, out);
  return false;
}
