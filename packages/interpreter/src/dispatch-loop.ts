/**
 * The dispatch loop: one `switch` over pre-decoded internal code, with the registers (`pc`, `sp`, `fp`) in
 * local variables and written back to the execution whenever the loop leaves. Wasm-to-wasm calls push a frame
 * record; they never recurse in JavaScript. Suspension is a return code; traps are thrown `RuntimeError`s that
 * the caller turns into a `trapped` result.
 * @module
 */
import { RuntimeError, TrapCode } from './errors.js';
import type { Execution } from './execution.js';
import { FRAME_WORDS } from './execution.js';
import { IOp } from './internal-ops.js';
import { Op } from './opcodes.js';
import {
  i64Add, i64And, i64Clz, i64Ctz, i64DivS, i64DivU, i64Eq, i64Eqz, i64Extend16S, i64Extend32S, i64Extend8S,
  i64GeS, i64GeU, i64GtS, i64GtU, i64LeS, i64LeU, i64LtS, i64LtU, i64Mul, i64Ne, i64Or, i64Popcnt, i64RemS,
  i64RemU, i64Rotl, i64Rotr, i64Shl, i64ShrS, i64ShrU, i64Sub, i64Xor,
} from './numeric-i64.js';
import { f32Max, f32Min, f32Nearest, f64Max, f64Min, f64Nearest } from './numeric-float.js';
import {
  f32ConvertI64S, f32ConvertI64U, f64ConvertI64S, f64ConvertI64U, i32TruncF32S, i32TruncF32U, i32TruncF64S,
  i32TruncF64U, i32TruncSatF32S, i32TruncSatF32U, i32TruncSatF64S, i32TruncSatF64U, i64TruncF32S, i64TruncF32U,
  i64TruncF64S, i64TruncF64U, i64TruncSatF32S, i64TruncSatF32U, i64TruncSatF64S, i64TruncSatF64U,
} from './numeric-convert.js';
import { PAGE_SIZE, SUSPEND, type FuncInst, type MemInst, type ModuleInstance } from './runtime.js';
import type { WasmValue } from './state-types.js';
import { readWords } from './values.js';
import { slotsOf } from './compile-function.js';
import { executeSimd } from './simd-exec.js';

export const LOOP_DONE = 0;
export const LOOP_FUEL = 1;
export const LOOP_INTERRUPT = 2;
export const LOOP_HOST = 3;

const NO_MEMORY_DV: DataView = new DataView(new ArrayBuffer(0));
const NO_MEMORY_U8: Uint8Array = new Uint8Array(0);

function oob(): never {
  throw new RuntimeError(TrapCode.MemoryOutOfBounds);
}
function tableOob(): never {
  throw new RuntimeError(TrapCode.TableOutOfBounds);
}

/**
 * Runs the execution's code.
 * @param ex the execution (registers are read from it at entry and written back at exit)
 * @param fuelLimit instructions to run before suspending, or -1 for no limit
 * @returns a LOOP_* code
 */
export function runLoop(ex: Execution, fuelLimit: number): number {
  // Every register is a local that no closure captures, so V8 keeps them in machine registers.
  const store = ex.store;
  const funcs = store.funcs;
  const interrupt = ex.interruptFlag;
  let s32 = ex.s32;
  let f32 = ex.f32;
  let f64 = ex.f64;
  let sp = ex.sp;
  let fp = ex.fp;
  let pc = ex.pc;
  let funcAddr = ex.funcAddr;
  let code = funcs[funcAddr]!.code!.code;
  let inst = store.instances[funcs[funcAddr]!.instanceAddr]!;
  let mem = memoryOf(ex, inst);
  let dv = mem === null ? NO_MEMORY_DV : mem.dv;
  let u8 = mem === null ? NO_MEMORY_U8 : mem.u8;
  let dirty = mem === null ? NO_MEMORY_U8 : mem.dirty;
  let memLen = u8.length;
  let g32 = store.globalWords;
  const unlimited = fuelLimit < 0;
  let fuel = unlimited ? 0x3fffffff : fuelLimit;
  let instrPc = pc;

  for (;;) {
    if (--fuel < 0) {
      if (unlimited) fuel = 0x3fffffff;
      else {
        ex.sp = sp; ex.fp = fp; ex.pc = pc; ex.funcAddr = funcAddr; ex.fuelLeft = fuel;
        return LOOP_FUEL;
      }
    }
    instrPc = pc;
    const op = code[pc++]!;
    // Case labels are numeric literals (named in comments, checked against the opcode tables by a test): V8
    // compiles a switch into a jump table only when every label is a literal small integer.
    switch (op) {
      case 0x00: /* IOp.Unreachable */
        throw new RuntimeError(TrapCode.Unreachable);
      case 0x04: /* IOp.IfFalse */
        sp--;
        if (s32[sp << 1] === 0) pc = code[pc]!;
        else pc++;
        break;
      case 0x05: /* IOp.Jump */ {
        const t = code[pc]!;
        pc = t;
        if (t <= instrPc && interrupt[0] !== 0) {
          ex.sp = sp; ex.fp = fp; ex.pc = pc; ex.funcAddr = funcAddr; ex.fuelLeft = fuel;
          return LOOP_INTERRUPT;
        }
        break;
      }
      case 0x06: /* IOp.JumpMove */ {
        const t = code[pc]!;
        const arity = code[pc + 1]!;
        const dst = fp + code[pc + 2]!;
        s32.copyWithin(dst << 1, (sp - arity) << 1, sp << 1);
        sp = dst + arity;
        pc = t;
        if (t <= instrPc && interrupt[0] !== 0) {
          ex.sp = sp; ex.fp = fp; ex.pc = pc; ex.funcAddr = funcAddr; ex.fuelLeft = fuel;
          return LOOP_INTERRUPT;
        }
        break;
      }
      case 0x0d: /* IOp.BrIf */ {
        sp--;
        if (s32[sp << 1] !== 0) {
          const t = code[pc]!;
          pc = t;
          if (t <= instrPc && interrupt[0] !== 0) {
            ex.sp = sp; ex.fp = fp; ex.pc = pc; ex.funcAddr = funcAddr; ex.fuelLeft = fuel;
            return LOOP_INTERRUPT;
          }
        } else pc++;
        break;
      }
      case 0x07: /* IOp.BrIfMove */ {
        sp--;
        if (s32[sp << 1] !== 0) {
          const t = code[pc]!;
          const arity = code[pc + 1]!;
          const dst = fp + code[pc + 2]!;
          s32.copyWithin(dst << 1, (sp - arity) << 1, sp << 1);
          sp = dst + arity;
          pc = t;
          if (t <= instrPc && interrupt[0] !== 0) {
            ex.sp = sp; ex.fp = fp; ex.pc = pc; ex.funcAddr = funcAddr; ex.fuelLeft = fuel;
            return LOOP_INTERRUPT;
          }
        } else pc += 3;
        break;
      }
      case 0x0e: /* IOp.BrTable */ {
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
        pc = t;
        if (t <= instrPc && interrupt[0] !== 0) {
          ex.sp = sp; ex.fp = fp; ex.pc = pc; ex.funcAddr = funcAddr; ex.fuelLeft = fuel;
          return LOOP_INTERRUPT;
        }
        break;
      }
      case 0x0f: /* IOp.Return */ {
        const n = code[pc]!;
        if (n === 1) {
          const w = (sp - 1) << 1;
          s32[fp << 1] = s32[w]!;
          s32[(fp << 1) + 1] = s32[w + 1]!;
        } else if (n > 0) s32.copyWithin(fp << 1, (sp - n) << 1, sp << 1);
        sp = fp + n;
        if (ex.fc === 0) {
          ex.sp = sp; ex.fp = fp; ex.pc = pc; ex.funcAddr = funcAddr; ex.fuelLeft = fuel;
          return LOOP_DONE;
        }
        const k = --ex.fc * FRAME_WORDS;
        const fr = ex.frames;
        funcAddr = fr[k]!;
        pc = fr[k + 1]!;
        fp = fr[k + 2]!;
        const fn = funcs[funcAddr]!;
        code = fn.code!.code;
        if (fn.instanceAddr !== inst.addr) {
          inst = store.instances[fn.instanceAddr]!;
          mem = memoryOf(ex, inst);
          dv = mem === null ? NO_MEMORY_DV : mem.dv;
          u8 = mem === null ? NO_MEMORY_U8 : mem.u8;
          dirty = mem === null ? NO_MEMORY_U8 : mem.dirty;
          memLen = u8.length;
        }
        break;
      }
      case 0x10: /* IOp.Call */
      case 0x11: /* IOp.CallIndirect */ {
        if (interrupt[0] !== 0) {
          pc = instrPc;
          ex.sp = sp; ex.fp = fp; ex.pc = pc; ex.funcAddr = funcAddr; ex.fuelLeft = fuel;
          return LOOP_INTERRUPT;
        }
        let calleeAddr: number;
        if (op === IOp.Call) {
          calleeAddr = inst.funcAddrs[code[pc++]!]!;
        } else {
          const typeIdx = code[pc]!;
          const table = store.tables[inst.tableAddrs[code[pc + 1]!]!]!;
          pc += 2;
          sp--;
          const i = s32[sp << 1]! >>> 0;
          if (i >= table.length) throw new RuntimeError(TrapCode.UndefinedElement);
          const ref = table.elements[i]!;
          if (ref === 0) throw new RuntimeError(TrapCode.UninitializedElement, `uninitialized element ${i}`);
          calleeAddr = ref - 1;
          if (funcs[calleeAddr]!.typeId !== inst.module.typeIds[typeIdx]) throw new RuntimeError(TrapCode.BadSignature);
        }
        const callee = funcs[calleeAddr]!;
        const c = callee.code;
        if (c === null) {
          // A host function: the slow path, with the registers written back and reloaded.
          ex.sp = sp; ex.fp = fp; ex.pc = pc; ex.funcAddr = funcAddr; ex.fuelLeft = fuel;
          if (callHost(ex, callee, calleeAddr, instrPc, inst)) return LOOP_HOST;
          sp = ex.sp;
          s32 = ex.s32;
          f32 = ex.f32;
          f64 = ex.f64;
          g32 = store.globalWords;
          mem = memoryOf(ex, inst);
          dv = mem === null ? NO_MEMORY_DV : mem.dv;
          u8 = mem === null ? NO_MEMORY_U8 : mem.u8;
          dirty = mem === null ? NO_MEMORY_U8 : mem.dirty;
          memLen = u8.length;
          break;
        }
        // A wasm function: push the caller's frame, the callee's locals start at its arguments.
        if (!ex.ensureFrame()) throw new RuntimeError(TrapCode.CallStackExhausted);
        const k = ex.fc++ * FRAME_WORDS;
        const fr = ex.frames;
        fr[k] = funcAddr;
        fr[k + 1] = pc;
        fr[k + 2] = fp;
        const newFp = sp - c.paramSlots;
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
        const localsEnd = fp + c.localSlots;
        if (localsEnd > sp) s32.fill(0, sp << 1, localsEnd << 1);
        sp = localsEnd;
        funcAddr = calleeAddr;
        code = c.code;
        pc = 0;
        if (callee.instanceAddr !== inst.addr) {
          inst = store.instances[callee.instanceAddr]!;
          mem = memoryOf(ex, inst);
          dv = mem === null ? NO_MEMORY_DV : mem.dv;
          u8 = mem === null ? NO_MEMORY_U8 : mem.u8;
          dirty = mem === null ? NO_MEMORY_U8 : mem.dirty;
          memLen = u8.length;
        }
        break;
      }
      case 0x1a: /* IOp.Drop */
        sp--;
        break;
      case 0x08: /* IOp.DropN */
        sp -= code[pc++]!;
        break;
      case 0x1b: /* IOp.Select */ {
        sp -= 2;
        if (s32[(sp + 1) << 1] === 0) {
          const w = (sp - 1) << 1;
          s32[w] = s32[w + 2]!;
          s32[w + 1] = s32[w + 3]!;
        }
        break;
      }
      case 0x09: /* IOp.SelectV128 */ {
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
      case 0x0a: /* IOp.LocalGetV128 */ {
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
      case 0x25: /* IOp.TableGet */ {
        const table = store.tables[inst.tableAddrs[code[pc++]!]!]!;
        const w = (sp - 1) << 1;
        const i = s32[w]! >>> 0;
        if (i >= table.length) tableOob();
        s32[w] = table.elements[i]!;
        s32[w + 1] = 0;
        break;
      }
      case 0x26: /* IOp.TableSet */ {
        const table = store.tables[inst.tableAddrs[code[pc++]!]!]!;
        sp -= 2;
        const i = s32[sp << 1]! >>> 0;
        if (i >= table.length) tableOob();
        table.elements[i] = s32[(sp + 1) << 1]!;
        break;
      }

      // Memory.
      case 0x28: /* Op.I32Load */ {
        const w = (sp - 1) << 1;
        const a = (s32[w]! >>> 0) + (code[pc++]! >>> 0);
        if (a + 4 > memLen) oob();
        s32[w] = dv.getInt32(a, true);
        s32[w + 1] = 0;
        break;
      }
      case 0x2a: /* Op.F32Load */ {
        const w = (sp - 1) << 1;
        const a = (s32[w]! >>> 0) + (code[pc++]! >>> 0);
        if (a + 4 > memLen) oob();
        s32[w] = dv.getInt32(a, true);
        s32[w + 1] = 0;
        break;
      }
      case 0x29: /* Op.I64Load */
      case 0x2b: /* Op.F64Load */ {
        const w = (sp - 1) << 1;
        const a = (s32[w]! >>> 0) + (code[pc++]! >>> 0);
        if (a + 8 > memLen) oob();
        s32[w] = dv.getInt32(a, true);
        s32[w + 1] = dv.getInt32(a + 4, true);
        break;
      }
      case 0x2c: /* Op.I32Load8S */ {
        const w = (sp - 1) << 1;
        const a = (s32[w]! >>> 0) + (code[pc++]! >>> 0);
        if (a + 1 > memLen) oob();
        s32[w] = dv.getInt8(a);
        break;
      }
      case 0x2d: /* Op.I32Load8U */ {
        const w = (sp - 1) << 1;
        const a = (s32[w]! >>> 0) + (code[pc++]! >>> 0);
        if (a + 1 > memLen) oob();
        s32[w] = u8[a]!;
        break;
      }
      case 0x2e: /* Op.I32Load16S */ {
        const w = (sp - 1) << 1;
        const a = (s32[w]! >>> 0) + (code[pc++]! >>> 0);
        if (a + 2 > memLen) oob();
        s32[w] = dv.getInt16(a, true);
        break;
      }
      case 0x2f: /* Op.I32Load16U */ {
        const w = (sp - 1) << 1;
        const a = (s32[w]! >>> 0) + (code[pc++]! >>> 0);
        if (a + 2 > memLen) oob();
        s32[w] = dv.getUint16(a, true);
        break;
      }
      case 0x30: /* Op.I64Load8S */ {
        const w = (sp - 1) << 1;
        const a = (s32[w]! >>> 0) + (code[pc++]! >>> 0);
        if (a + 1 > memLen) oob();
        const v = dv.getInt8(a);
        s32[w] = v;
        s32[w + 1] = v >> 31;
        break;
      }
      case 0x31: /* Op.I64Load8U */ {
        const w = (sp - 1) << 1;
        const a = (s32[w]! >>> 0) + (code[pc++]! >>> 0);
        if (a + 1 > memLen) oob();
        s32[w] = u8[a]!;
        s32[w + 1] = 0;
        break;
      }
      case 0x32: /* Op.I64Load16S */ {
        const w = (sp - 1) << 1;
        const a = (s32[w]! >>> 0) + (code[pc++]! >>> 0);
        if (a + 2 > memLen) oob();
        const v = dv.getInt16(a, true);
        s32[w] = v;
        s32[w + 1] = v >> 31;
        break;
      }
      case 0x33: /* Op.I64Load16U */ {
        const w = (sp - 1) << 1;
        const a = (s32[w]! >>> 0) + (code[pc++]! >>> 0);
        if (a + 2 > memLen) oob();
        s32[w] = dv.getUint16(a, true);
        s32[w + 1] = 0;
        break;
      }
      case 0x34: /* Op.I64Load32S */ {
        const w = (sp - 1) << 1;
        const a = (s32[w]! >>> 0) + (code[pc++]! >>> 0);
        if (a + 4 > memLen) oob();
        const v = dv.getInt32(a, true);
        s32[w] = v;
        s32[w + 1] = v >> 31;
        break;
      }
      case 0x35: /* Op.I64Load32U */ {
        const w = (sp - 1) << 1;
        const a = (s32[w]! >>> 0) + (code[pc++]! >>> 0);
        if (a + 4 > memLen) oob();
        s32[w] = dv.getInt32(a, true);
        s32[w + 1] = 0;
        break;
      }
      case 0x36: /* Op.I32Store */
      case 0x38: /* Op.F32Store */
      case 0x3e: /* Op.I64Store32 */ {
        sp -= 2;
        const w = sp << 1;
        const a = (s32[w]! >>> 0) + (code[pc++]! >>> 0);
        if (a + 4 > memLen) oob();
        dv.setInt32(a, s32[w + 2]!, true);
        dirty[a >>> 12] = 1;
        dirty[(a + 3) >>> 12] = 1;
        break;
      }
      case 0x37: /* Op.I64Store */
      case 0x39: /* Op.F64Store */ {
        sp -= 2;
        const w = sp << 1;
        const a = (s32[w]! >>> 0) + (code[pc++]! >>> 0);
        if (a + 8 > memLen) oob();
        dv.setInt32(a, s32[w + 2]!, true);
        dv.setInt32(a + 4, s32[w + 3]!, true);
        dirty[a >>> 12] = 1;
        dirty[(a + 7) >>> 12] = 1;
        break;
      }
      case 0x3a: /* Op.I32Store8 */
      case 0x3c: /* Op.I64Store8 */ {
        sp -= 2;
        const w = sp << 1;
        const a = (s32[w]! >>> 0) + (code[pc++]! >>> 0);
        if (a + 1 > memLen) oob();
        u8[a] = s32[w + 2]!;
        dirty[a >>> 12] = 1;
        break;
      }
      case 0x3b: /* Op.I32Store16 */
      case 0x3d: /* Op.I64Store16 */ {
        sp -= 2;
        const w = sp << 1;
        const a = (s32[w]! >>> 0) + (code[pc++]! >>> 0);
        if (a + 2 > memLen) oob();
        dv.setInt16(a, s32[w + 2]!, true);
        dirty[a >>> 12] = 1;
        dirty[(a + 1) >>> 12] = 1;
        break;
      }
      case 0x3f: /* Op.MemorySize */ {
        const w = sp << 1;
        s32[w] = memLen / PAGE_SIZE;
        s32[w + 1] = 0;
        sp++;
        break;
      }
      case 0x40: /* Op.MemoryGrow */ {
        const w = (sp - 1) << 1;
        s32[w] = mem!.grow(s32[w]! >>> 0);
        dv = mem!.dv;
        u8 = mem!.u8;
        dirty = mem!.dirty;
        memLen = u8.length;
        break;
      }

      // Constants.
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
        pc += 2;
        sp++;
        break;
      }

      // i32 comparisons.
      case 0x45: /* Op.I32Eqz */ {
        const w = (sp - 1) << 1;
        s32[w] = s32[w] === 0 ? 1 : 0;
        break;
      }
      case 0x46: /* Op.I32Eq */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w] === s32[w + 2] ? 1 : 0; break; }
      case 0x47: /* Op.I32Ne */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w] !== s32[w + 2] ? 1 : 0; break; }
      case 0x48: /* Op.I32LtS */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w]! < s32[w + 2]! ? 1 : 0; break; }
      case 0x49: /* Op.I32LtU */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w]! >>> 0 < s32[w + 2]! >>> 0 ? 1 : 0; break; }
      case 0x4a: /* Op.I32GtS */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w]! > s32[w + 2]! ? 1 : 0; break; }
      case 0x4b: /* Op.I32GtU */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w]! >>> 0 > s32[w + 2]! >>> 0 ? 1 : 0; break; }
      case 0x4c: /* Op.I32LeS */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w]! <= s32[w + 2]! ? 1 : 0; break; }
      case 0x4d: /* Op.I32LeU */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w]! >>> 0 <= s32[w + 2]! >>> 0 ? 1 : 0; break; }
      case 0x4e: /* Op.I32GeS */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w]! >= s32[w + 2]! ? 1 : 0; break; }
      case 0x4f: /* Op.I32GeU */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w]! >>> 0 >= s32[w + 2]! >>> 0 ? 1 : 0; break; }

      // i64 comparisons.
      case 0x50: /* Op.I64Eqz */ { const w = (sp - 1) << 1; s32[w] = i64Eqz(s32, w) ? 1 : 0; s32[w + 1] = 0; break; }
      case 0x51: /* Op.I64Eq */ { sp--; const w = (sp - 1) << 1; s32[w] = i64Eq(s32, w, w + 2) ? 1 : 0; s32[w + 1] = 0; break; }
      case 0x52: /* Op.I64Ne */ { sp--; const w = (sp - 1) << 1; s32[w] = i64Ne(s32, w, w + 2) ? 1 : 0; s32[w + 1] = 0; break; }
      case 0x53: /* Op.I64LtS */ { sp--; const w = (sp - 1) << 1; s32[w] = i64LtS(s32, w, w + 2) ? 1 : 0; s32[w + 1] = 0; break; }
      case 0x54: /* Op.I64LtU */ { sp--; const w = (sp - 1) << 1; s32[w] = i64LtU(s32, w, w + 2) ? 1 : 0; s32[w + 1] = 0; break; }
      case 0x55: /* Op.I64GtS */ { sp--; const w = (sp - 1) << 1; s32[w] = i64GtS(s32, w, w + 2) ? 1 : 0; s32[w + 1] = 0; break; }
      case 0x56: /* Op.I64GtU */ { sp--; const w = (sp - 1) << 1; s32[w] = i64GtU(s32, w, w + 2) ? 1 : 0; s32[w + 1] = 0; break; }
      case 0x57: /* Op.I64LeS */ { sp--; const w = (sp - 1) << 1; s32[w] = i64LeS(s32, w, w + 2) ? 1 : 0; s32[w + 1] = 0; break; }
      case 0x58: /* Op.I64LeU */ { sp--; const w = (sp - 1) << 1; s32[w] = i64LeU(s32, w, w + 2) ? 1 : 0; s32[w + 1] = 0; break; }
      case 0x59: /* Op.I64GeS */ { sp--; const w = (sp - 1) << 1; s32[w] = i64GeS(s32, w, w + 2) ? 1 : 0; s32[w + 1] = 0; break; }
      case 0x5a: /* Op.I64GeU */ { sp--; const w = (sp - 1) << 1; s32[w] = i64GeU(s32, w, w + 2) ? 1 : 0; s32[w + 1] = 0; break; }

      // f32 / f64 comparisons.
      case 0x5b: /* Op.F32Eq */ { sp--; const w = (sp - 1) << 1; s32[w] = f32[w] === f32[w + 2] ? 1 : 0; break; }
      case 0x5c: /* Op.F32Ne */ { sp--; const w = (sp - 1) << 1; s32[w] = f32[w] !== f32[w + 2] ? 1 : 0; break; }
      case 0x5d: /* Op.F32Lt */ { sp--; const w = (sp - 1) << 1; s32[w] = f32[w]! < f32[w + 2]! ? 1 : 0; break; }
      case 0x5e: /* Op.F32Gt */ { sp--; const w = (sp - 1) << 1; s32[w] = f32[w]! > f32[w + 2]! ? 1 : 0; break; }
      case 0x5f: /* Op.F32Le */ { sp--; const w = (sp - 1) << 1; s32[w] = f32[w]! <= f32[w + 2]! ? 1 : 0; break; }
      case 0x60: /* Op.F32Ge */ { sp--; const w = (sp - 1) << 1; s32[w] = f32[w]! >= f32[w + 2]! ? 1 : 0; break; }
      case 0x61: /* Op.F64Eq */ { sp--; const r = f64[sp - 1] === f64[sp] ? 1 : 0; s32[(sp - 1) << 1] = r; s32[((sp - 1) << 1) + 1] = 0; break; }
      case 0x62: /* Op.F64Ne */ { sp--; const r = f64[sp - 1] !== f64[sp] ? 1 : 0; s32[(sp - 1) << 1] = r; s32[((sp - 1) << 1) + 1] = 0; break; }
      case 0x63: /* Op.F64Lt */ { sp--; const r = f64[sp - 1]! < f64[sp]! ? 1 : 0; s32[(sp - 1) << 1] = r; s32[((sp - 1) << 1) + 1] = 0; break; }
      case 0x64: /* Op.F64Gt */ { sp--; const r = f64[sp - 1]! > f64[sp]! ? 1 : 0; s32[(sp - 1) << 1] = r; s32[((sp - 1) << 1) + 1] = 0; break; }
      case 0x65: /* Op.F64Le */ { sp--; const r = f64[sp - 1]! <= f64[sp]! ? 1 : 0; s32[(sp - 1) << 1] = r; s32[((sp - 1) << 1) + 1] = 0; break; }
      case 0x66: /* Op.F64Ge */ { sp--; const r = f64[sp - 1]! >= f64[sp]! ? 1 : 0; s32[(sp - 1) << 1] = r; s32[((sp - 1) << 1) + 1] = 0; break; }

      // i32 arithmetic.
      case 0x67: /* Op.I32Clz */ { const w = (sp - 1) << 1; s32[w] = Math.clz32(s32[w]!); break; }
      case 0x68: /* Op.I32Ctz */ {
        const w = (sp - 1) << 1;
        const v = s32[w]!;
        s32[w] = v === 0 ? 32 : 31 - Math.clz32(v & -v);
        break;
      }
      case 0x69: /* Op.I32Popcnt */ {
        const w = (sp - 1) << 1;
        let v = s32[w]!;
        v = v - ((v >>> 1) & 0x55555555);
        v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
        s32[w] = (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
        break;
      }
      case 0x6a: /* Op.I32Add */ { sp--; const w = (sp - 1) << 1; s32[w] = (s32[w]! + s32[w + 2]!) | 0; break; }
      case 0x6b: /* Op.I32Sub */ { sp--; const w = (sp - 1) << 1; s32[w] = (s32[w]! - s32[w + 2]!) | 0; break; }
      case 0x6c: /* Op.I32Mul */ { sp--; const w = (sp - 1) << 1; s32[w] = Math.imul(s32[w]!, s32[w + 2]!); break; }
      case 0x6d: /* Op.I32DivS */ {
        sp--;
        const w = (sp - 1) << 1;
        const a = s32[w]!;
        const b = s32[w + 2]!;
        if (b === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero);
        if (a === -2147483648 && b === -1) throw new RuntimeError(TrapCode.IntegerOverflow);
        s32[w] = (a / b) | 0;
        break;
      }
      case 0x6e: /* Op.I32DivU */ {
        sp--;
        const w = (sp - 1) << 1;
        const b = s32[w + 2]! >>> 0;
        if (b === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero);
        s32[w] = ((s32[w]! >>> 0) / b) | 0;
        break;
      }
      case 0x6f: /* Op.I32RemS */ {
        sp--;
        const w = (sp - 1) << 1;
        const b = s32[w + 2]!;
        if (b === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero);
        s32[w] = (s32[w]! % b) | 0;
        break;
      }
      case 0x70: /* Op.I32RemU */ {
        sp--;
        const w = (sp - 1) << 1;
        const b = s32[w + 2]! >>> 0;
        if (b === 0) throw new RuntimeError(TrapCode.IntegerDivideByZero);
        s32[w] = ((s32[w]! >>> 0) % b) | 0;
        break;
      }
      case 0x71: /* Op.I32And */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w]! & s32[w + 2]!; break; }
      case 0x72: /* Op.I32Or */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w]! | s32[w + 2]!; break; }
      case 0x73: /* Op.I32Xor */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w]! ^ s32[w + 2]!; break; }
      case 0x74: /* Op.I32Shl */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w]! << s32[w + 2]!; break; }
      case 0x75: /* Op.I32ShrS */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w]! >> s32[w + 2]!; break; }
      case 0x76: /* Op.I32ShrU */ { sp--; const w = (sp - 1) << 1; s32[w] = s32[w]! >>> s32[w + 2]!; break; }
      case 0x77: /* Op.I32Rotl */ {
        sp--;
        const w = (sp - 1) << 1;
        const v = s32[w]!;
        const k = s32[w + 2]! & 31;
        s32[w] = (v << k) | (v >>> (32 - k));
        break;
      }
      case 0x78: /* Op.I32Rotr */ {
        sp--;
        const w = (sp - 1) << 1;
        const v = s32[w]!;
        const k = s32[w + 2]! & 31;
        s32[w] = (v >>> k) | (v << (32 - k));
        break;
      }

      // i64 arithmetic.
      case 0x79: /* Op.I64Clz */ { const w = (sp - 1) << 1; i64Clz(s32, w, w); break; }
      case 0x7a: /* Op.I64Ctz */ { const w = (sp - 1) << 1; i64Ctz(s32, w, w); break; }
      case 0x7b: /* Op.I64Popcnt */ { const w = (sp - 1) << 1; i64Popcnt(s32, w, w); break; }
      case 0x7c: /* Op.I64Add */ { sp--; const w = (sp - 1) << 1; i64Add(s32, w, w, w + 2); break; }
      case 0x7d: /* Op.I64Sub */ { sp--; const w = (sp - 1) << 1; i64Sub(s32, w, w, w + 2); break; }
      case 0x7e: /* Op.I64Mul */ { sp--; const w = (sp - 1) << 1; i64Mul(s32, w, w, w + 2); break; }
      case 0x7f: /* Op.I64DivS */ { sp--; const w = (sp - 1) << 1; i64DivS(s32, w, w, w + 2); break; }
      case 0x80: /* Op.I64DivU */ { sp--; const w = (sp - 1) << 1; i64DivU(s32, w, w, w + 2); break; }
      case 0x81: /* Op.I64RemS */ { sp--; const w = (sp - 1) << 1; i64RemS(s32, w, w, w + 2); break; }
      case 0x82: /* Op.I64RemU */ { sp--; const w = (sp - 1) << 1; i64RemU(s32, w, w, w + 2); break; }
      case 0x83: /* Op.I64And */ { sp--; const w = (sp - 1) << 1; i64And(s32, w, w, w + 2); break; }
      case 0x84: /* Op.I64Or */ { sp--; const w = (sp - 1) << 1; i64Or(s32, w, w, w + 2); break; }
      case 0x85: /* Op.I64Xor */ { sp--; const w = (sp - 1) << 1; i64Xor(s32, w, w, w + 2); break; }
      case 0x86: /* Op.I64Shl */ { sp--; const w = (sp - 1) << 1; i64Shl(s32, w, w, w + 2); break; }
      case 0x87: /* Op.I64ShrS */ { sp--; const w = (sp - 1) << 1; i64ShrS(s32, w, w, w + 2); break; }
      case 0x88: /* Op.I64ShrU */ { sp--; const w = (sp - 1) << 1; i64ShrU(s32, w, w, w + 2); break; }
      case 0x89: /* Op.I64Rotl */ { sp--; const w = (sp - 1) << 1; i64Rotl(s32, w, w, w + 2); break; }
      case 0x8a: /* Op.I64Rotr */ { sp--; const w = (sp - 1) << 1; i64Rotr(s32, w, w, w + 2); break; }

      // f32 arithmetic (sign operations on bits: NaN payloads survive).
      case 0x8b: /* Op.F32Abs */ { const w = (sp - 1) << 1; s32[w] = s32[w]! & 0x7fffffff; break; }
      case 0x8c: /* Op.F32Neg */ { const w = (sp - 1) << 1; s32[w] = s32[w]! ^ -0x80000000; break; }
      case 0x8d: /* Op.F32Ceil */ { const w = (sp - 1) << 1; f32[w] = Math.ceil(f32[w]!); break; }
      case 0x8e: /* Op.F32Floor */ { const w = (sp - 1) << 1; f32[w] = Math.floor(f32[w]!); break; }
      case 0x8f: /* Op.F32Trunc */ { const w = (sp - 1) << 1; f32[w] = Math.trunc(f32[w]!); break; }
      case 0x90: /* Op.F32Nearest */ { const w = (sp - 1) << 1; f32[w] = f32Nearest(f32[w]!); break; }
      case 0x91: /* Op.F32Sqrt */ { const w = (sp - 1) << 1; f32[w] = Math.sqrt(f32[w]!); break; }
      case 0x92: /* Op.F32Add */ { sp--; const w = (sp - 1) << 1; f32[w] = f32[w]! + f32[w + 2]!; break; }
      case 0x93: /* Op.F32Sub */ { sp--; const w = (sp - 1) << 1; f32[w] = f32[w]! - f32[w + 2]!; break; }
      case 0x94: /* Op.F32Mul */ { sp--; const w = (sp - 1) << 1; f32[w] = f32[w]! * f32[w + 2]!; break; }
      case 0x95: /* Op.F32Div */ { sp--; const w = (sp - 1) << 1; f32[w] = f32[w]! / f32[w + 2]!; break; }
      case 0x96: /* Op.F32Min */ { sp--; const w = (sp - 1) << 1; f32[w] = f32Min(f32[w]!, f32[w + 2]!); break; }
      case 0x97: /* Op.F32Max */ { sp--; const w = (sp - 1) << 1; f32[w] = f32Max(f32[w]!, f32[w + 2]!); break; }
      case 0x98: /* Op.F32Copysign */ {
        sp--;
        const w = (sp - 1) << 1;
        s32[w] = (s32[w]! & 0x7fffffff) | (s32[w + 2]! & -0x80000000);
        break;
      }

      // f64 arithmetic.
      case 0x99: /* Op.F64Abs */ { const w = ((sp - 1) << 1) + 1; s32[w] = s32[w]! & 0x7fffffff; break; }
      case 0x9a: /* Op.F64Neg */ { const w = ((sp - 1) << 1) + 1; s32[w] = s32[w]! ^ -0x80000000; break; }
      case 0x9b: /* Op.F64Ceil */ { const v = f64[sp - 1]!; f64[sp - 1] = v === v ? Math.ceil(v) : v + v; break; }
      case 0x9c: /* Op.F64Floor */ { const v = f64[sp - 1]!; f64[sp - 1] = v === v ? Math.floor(v) : v + v; break; }
      case 0x9d: /* Op.F64Trunc */ { const v = f64[sp - 1]!; f64[sp - 1] = v === v ? Math.trunc(v) : v + v; break; }
      case 0x9e: /* Op.F64Nearest */ f64[sp - 1] = f64Nearest(f64[sp - 1]!); break;
      case 0x9f: /* Op.F64Sqrt */ f64[sp - 1] = Math.sqrt(f64[sp - 1]!); break;
      case 0xa0: /* Op.F64Add */ sp--; f64[sp - 1] = f64[sp - 1]! + f64[sp]!; break;
      case 0xa1: /* Op.F64Sub */ sp--; f64[sp - 1] = f64[sp - 1]! - f64[sp]!; break;
      case 0xa2: /* Op.F64Mul */ sp--; f64[sp - 1] = f64[sp - 1]! * f64[sp]!; break;
      case 0xa3: /* Op.F64Div */ sp--; f64[sp - 1] = f64[sp - 1]! / f64[sp]!; break;
      case 0xa4: /* Op.F64Min */ sp--; f64[sp - 1] = f64Min(f64[sp - 1]!, f64[sp]!); break;
      case 0xa5: /* Op.F64Max */ sp--; f64[sp - 1] = f64Max(f64[sp - 1]!, f64[sp]!); break;
      case 0xa6: /* Op.F64Copysign */ {
        sp--;
        const w = ((sp - 1) << 1) + 1;
        s32[w] = (s32[w]! & 0x7fffffff) | (s32[w + 2]! & -0x80000000);
        break;
      }

      // Conversions.
      case 0xa7: /* Op.I32WrapI64 */ { s32[((sp - 1) << 1) + 1] = 0; break; }
      case 0xa8: /* Op.I32TruncF32S */ { const w = (sp - 1) << 1; s32[w] = i32TruncF32S(f32[w]!); break; }
      case 0xa9: /* Op.I32TruncF32U */ { const w = (sp - 1) << 1; s32[w] = i32TruncF32U(f32[w]!); break; }
      case 0xaa: /* Op.I32TruncF64S */ { const w = (sp - 1) << 1; s32[w] = i32TruncF64S(f64[sp - 1]!); s32[w + 1] = 0; break; }
      case 0xab: /* Op.I32TruncF64U */ { const w = (sp - 1) << 1; s32[w] = i32TruncF64U(f64[sp - 1]!); s32[w + 1] = 0; break; }
      case 0xac: /* Op.I64ExtendI32S */ { const w = (sp - 1) << 1; s32[w + 1] = s32[w]! >> 31; break; }
      case 0xad: /* Op.I64ExtendI32U */ { s32[((sp - 1) << 1) + 1] = 0; break; }
      case 0xae: /* Op.I64TruncF32S */ { const w = (sp - 1) << 1; i64TruncF32S(s32, w, f32[w]!); break; }
      case 0xaf: /* Op.I64TruncF32U */ { const w = (sp - 1) << 1; i64TruncF32U(s32, w, f32[w]!); break; }
      case 0xb0: /* Op.I64TruncF64S */ { const w = (sp - 1) << 1; i64TruncF64S(s32, w, f64[sp - 1]!); break; }
      case 0xb1: /* Op.I64TruncF64U */ { const w = (sp - 1) << 1; i64TruncF64U(s32, w, f64[sp - 1]!); break; }
      case 0xb2: /* Op.F32ConvertI32S */ { const w = (sp - 1) << 1; f32[w] = s32[w]!; break; }
      case 0xb3: /* Op.F32ConvertI32U */ { const w = (sp - 1) << 1; f32[w] = s32[w]! >>> 0; break; }
      case 0xb4: /* Op.F32ConvertI64S */ { const w = (sp - 1) << 1; const v = f32ConvertI64S(s32[w]!, s32[w + 1]!); f32[w] = v; s32[w + 1] = 0; break; }
      case 0xb5: /* Op.F32ConvertI64U */ { const w = (sp - 1) << 1; const v = f32ConvertI64U(s32[w]!, s32[w + 1]!); f32[w] = v; s32[w + 1] = 0; break; }
      case 0xb6: /* Op.F32DemoteF64 */ { const w = (sp - 1) << 1; const v = f64[sp - 1]!; f32[w] = v; s32[w + 1] = 0; break; }
      case 0xb7: /* Op.F64ConvertI32S */ { const w = (sp - 1) << 1; f64[sp - 1] = s32[w]!; break; }
      case 0xb8: /* Op.F64ConvertI32U */ { const w = (sp - 1) << 1; f64[sp - 1] = s32[w]! >>> 0; break; }
      case 0xb9: /* Op.F64ConvertI64S */ { const w = (sp - 1) << 1; f64[sp - 1] = f64ConvertI64S(s32[w]!, s32[w + 1]!); break; }
      case 0xba: /* Op.F64ConvertI64U */ { const w = (sp - 1) << 1; f64[sp - 1] = f64ConvertI64U(s32[w]!, s32[w + 1]!); break; }
      case 0xbb: /* Op.F64PromoteF32 */ { const w = (sp - 1) << 1; f64[sp - 1] = f32[w]!; break; }
      case 0xbc: /* Op.I32ReinterpretF32 */
      case 0xbd: /* Op.I64ReinterpretF64 */
      case 0xbe: /* Op.F32ReinterpretI32 */
      case 0xbf: /* Op.F64ReinterpretI64 */
        break;
      case 0xc0: /* Op.I32Extend8S */ { const w = (sp - 1) << 1; s32[w] = (s32[w]! << 24) >> 24; break; }
      case 0xc1: /* Op.I32Extend16S */ { const w = (sp - 1) << 1; s32[w] = (s32[w]! << 16) >> 16; break; }
      case 0xc2: /* Op.I64Extend8S */ { const w = (sp - 1) << 1; i64Extend8S(s32, w, w); break; }
      case 0xc3: /* Op.I64Extend16S */ { const w = (sp - 1) << 1; i64Extend16S(s32, w, w); break; }
      case 0xc4: /* Op.I64Extend32S */ { const w = (sp - 1) << 1; i64Extend32S(s32, w, w); break; }

      // References.
      case 0xd0: /* IOp.RefNull */ {
        const w = sp << 1;
        s32[w] = 0;
        s32[w + 1] = 0;
        sp++;
        break;
      }
      case 0xd1: /* IOp.RefIsNull */ { const w = (sp - 1) << 1; s32[w] = s32[w] === 0 ? 1 : 0; break; }
      case 0xd2: /* IOp.RefFunc */ {
        const w = sp << 1;
        s32[w] = inst.funcAddrs[code[pc++]!]! + 1;
        s32[w + 1] = 0;
        sp++;
        break;
      }

      // Saturating truncation.
      case 0xe0: /* IOp.TruncSatBase + 0 */ { const w = (sp - 1) << 1; s32[w] = i32TruncSatF32S(f32[w]!); break; }
      case 0xe1: /* IOp.TruncSatBase + 1 */ { const w = (sp - 1) << 1; s32[w] = i32TruncSatF32U(f32[w]!); break; }
      case 0xe2: /* IOp.TruncSatBase + 2 */ { const w = (sp - 1) << 1; s32[w] = i32TruncSatF64S(f64[sp - 1]!); s32[w + 1] = 0; break; }
      case 0xe3: /* IOp.TruncSatBase + 3 */ { const w = (sp - 1) << 1; s32[w] = i32TruncSatF64U(f64[sp - 1]!); s32[w + 1] = 0; break; }
      case 0xe4: /* IOp.TruncSatBase + 4 */ { const w = (sp - 1) << 1; i64TruncSatF32S(s32, w, f32[w]!); break; }
      case 0xe5: /* IOp.TruncSatBase + 5 */ { const w = (sp - 1) << 1; i64TruncSatF32U(s32, w, f32[w]!); break; }
      case 0xe6: /* IOp.TruncSatBase + 6 */ { const w = (sp - 1) << 1; i64TruncSatF64S(s32, w, f64[sp - 1]!); break; }
      case 0xe7: /* IOp.TruncSatBase + 7 */ { const w = (sp - 1) << 1; i64TruncSatF64U(s32, w, f64[sp - 1]!); break; }

      // Bulk memory and tables.
      case 0xe8: /* IOp.MemoryInit */ {
        const data = store.datas[inst.dataAddrs[code[pc++]!]!]!;
        sp -= 3;
        const w = sp << 1;
        const d = s32[w]! >>> 0;
        const s = s32[w + 2]! >>> 0;
        const n = s32[w + 4]! >>> 0;
        if (s + n > data.bytes.length || d + n > memLen) oob();
        u8.set(data.bytes.subarray(s, s + n), d);
        mem!.markDirty(d, d + n);
        break;
      }
      case 0xe9: /* IOp.DataDrop */ {
        const data = store.datas[inst.dataAddrs[code[pc++]!]!]!;
        data.bytes = NO_MEMORY_U8;
        data.dropped = true;
        break;
      }
      case 0xea: /* IOp.MemoryCopy */ {
        sp -= 3;
        const w = sp << 1;
        const d = s32[w]! >>> 0;
        const s = s32[w + 2]! >>> 0;
        const n = s32[w + 4]! >>> 0;
        if (s + n > memLen || d + n > memLen) oob();
        u8.copyWithin(d, s, s + n);
        mem!.markDirty(d, d + n);
        break;
      }
      case 0xeb: /* IOp.MemoryFill */ {
        sp -= 3;
        const w = sp << 1;
        const d = s32[w]! >>> 0;
        const v = s32[w + 2]! & 0xff;
        const n = s32[w + 4]! >>> 0;
        if (d + n > memLen) oob();
        u8.fill(v, d, d + n);
        mem!.markDirty(d, d + n);
        break;
      }
      case 0xec: /* IOp.TableInit */ {
        const elem = store.elems[inst.elemAddrs[code[pc]!]!]!;
        const table = store.tables[inst.tableAddrs[code[pc + 1]!]!]!;
        pc += 2;
        sp -= 3;
        const w = sp << 1;
        const d = s32[w]! >>> 0;
        const s = s32[w + 2]! >>> 0;
        const n = s32[w + 4]! >>> 0;
        if (s + n > elem.refs.length || d + n > table.length) tableOob();
        table.elements.set(elem.refs.subarray(s, s + n), d);
        break;
      }
      case 0xed: /* IOp.ElemDrop */ {
        store.elems[inst.elemAddrs[code[pc++]!]!]!.refs = new Int32Array(0);
        break;
      }
      case 0xee: /* IOp.TableCopy */ {
        const dt = store.tables[inst.tableAddrs[code[pc]!]!]!;
        const st = store.tables[inst.tableAddrs[code[pc + 1]!]!]!;
        pc += 2;
        sp -= 3;
        const w = sp << 1;
        const d = s32[w]! >>> 0;
        const s = s32[w + 2]! >>> 0;
        const n = s32[w + 4]! >>> 0;
        if (s + n > st.length || d + n > dt.length) tableOob();
        if (dt === st) dt.elements.copyWithin(d, s, s + n);
        else dt.elements.set(st.elements.subarray(s, s + n), d);
        break;
      }
      case 0xef: /* IOp.TableGrow */ {
        const table = store.tables[inst.tableAddrs[code[pc++]!]!]!;
        sp--;
        const w = (sp - 1) << 1;
        s32[w] = table.grow(s32[w + 2]! >>> 0, s32[w]!);
        s32[w + 1] = 0;
        break;
      }
      case 0xf0: /* IOp.TableSize */ {
        const table = store.tables[inst.tableAddrs[code[pc++]!]!]!;
        const w = sp << 1;
        s32[w] = table.length;
        s32[w + 1] = 0;
        sp++;
        break;
      }
      case 0xf1: /* IOp.TableFill */ {
        const table = store.tables[inst.tableAddrs[code[pc++]!]!]!;
        sp -= 3;
        const w = sp << 1;
        const i = s32[w]! >>> 0;
        const ref = s32[w + 2]!;
        const n = s32[w + 4]! >>> 0;
        if (i + n > table.length) tableOob();
        table.elements.fill(ref, i, i + n);
        break;
      }
      case 0xf2: /* IOp.Simd */ {
        ex.sp = sp;
        ex.pc = pc;
        executeSimd(ex, code, mem);
        sp = ex.sp;
        pc = ex.pc;
        break;
      }
      default:
        throw new Error(`internal error: unknown internal opcode ${code[instrPc]} at pc ${instrPc}`);
    }
  }
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
  const out = callee.host!(args, { store, memAddr, instanceAddr: inst.addr });
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
