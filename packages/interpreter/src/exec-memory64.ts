/**
 * Memory64 and table64 at run time: the instructions on a 64-bit memory or table (`ExtSub.Mem64`,
 * `ExtSub.Table64`). An `i64` address, offset, length or count is two words on the stack; no memory or table
 * here reaches 2^32 bytes or elements (`MemInst.maxPages`, `MAX_TABLE_SIZE`), so an operand whose high word is
 * not zero is out of bounds: the instruction traps (a `grow` by such a count fails with -1). Otherwise the low
 * words are the same numbers the 32-bit forms read, and those forms (`memory-plain.ts`) run the instruction.
 * No BigInt is made. This is the slow path (one call out of the loop per instruction); 32-bit memories and tables
 * keep the loop's own forms.
 * @module
 */
import { ATOMIC_FIRST, ATOMIC_NOTIFY, ATOMIC_WAIT64 } from './atomic-compile.js';
import { executeAtomic } from './atomic-exec.js';
import { RuntimeError, TrapCode } from './errors.js';
import { callHost, EXT_CONTINUE } from './exec-tail-calls.js';
import type { Execution } from './execution.js';
import { FRAME_WORDS } from './execution.js';
import { prepare } from './fuse.js';
import { isCanonicalSubtype } from './heap-types.js';
import { IOp } from './internal-ops.js';
import { executeMemoryOp } from './memory-plain.js';
import { PAGE_SIZE } from './runtime.js';
import { executeSimd } from './simd-exec.js';
import { SIMD_SHAPE, SimdShape } from './simd-opcodes.js';

/** Loop codes (as `dispatch-loop.ts` defines them). */
const LOOP_INTERRUPT = 2;
const LOOP_HOST = 3;

function memoryOob(): never {
  throw new RuntimeError(TrapCode.MemoryOutOfBounds);
}
function tableOob(): never {
  throw new RuntimeError(TrapCode.TableOutOfBounds);
}

/** Whether the `i64` in stack slot `slot` has a non-zero high word (is 2^32 or more). */
function high(s32: Int32Array, slot: number): boolean {
  return s32[(slot << 1) + 1]! !== 0;
}

/** Runs `[Ext, Mem64, memIdx, op, imm, imm2]` with `ex.pc` at its sub-operation; leaves `ex.pc` past it. */
export function executeMem64Ext(ex: Execution, code: Int32Array): void {
  const p = ex.pc;
  const store = ex.store;
  const inst = store.instances[store.funcs[ex.funcAddr]!.instanceAddr]!;
  const mem = store.mems[inst.memAddrs[code[p + 1]!]!]!;
  const op = code[p + 2]!;
  const s32 = ex.s32;
  const sp = ex.sp;
  switch (op) {
    case 0x3f: {
      /* memory.size */
      const w = sp << 1;
      s32[w] = mem.u8.length / PAGE_SIZE;
      s32[w + 1] = 0;
      ex.sp = sp + 1;
      break;
    }
    case 0x40: {
      /* memory.grow */
      const w = (sp - 1) << 1;
      const old = high(s32, sp - 1) ? -1 : mem.grow(s32[w]! >>> 0);
      s32[w] = old;
      s32[w + 1] = old >> 31;
      break;
    }
    case IOp.MemoryCopy: {
      const src = store.mems[inst.memAddrs[code[p + 3]!]!]!;
      const d64 = mem.type.address64 === true;
      const s64 = src.type.address64 === true;
      if ((d64 && high(s32, sp - 3)) || (s64 && high(s32, sp - 2)) || (d64 && s64 && high(s32, sp - 1))) memoryOob();
      ex.sp = sp - 3;
      const w = ex.sp << 1;
      const d = s32[w]! >>> 0;
      const s = s32[w + 2]! >>> 0;
      const n = s32[w + 4]! >>> 0;
      if (s + n > src.u8.length || d + n > mem.u8.length) memoryOob();
      if (src === mem) mem.u8.copyWithin(d, s, s + n);
      else mem.u8.set(src.u8.subarray(s, s + n), d);
      mem.markDirty(d, d + n);
      break;
    }
    case IOp.MemoryFill:
      if (high(s32, sp - 3) || high(s32, sp - 1)) memoryOob();
      executeMemoryOp(ex, op, code, inst, mem);
      break;
    case IOp.MemoryInit:
      if (high(s32, sp - 3)) memoryOob();
      ex.pc = p + 3; // the data index
      executeMemoryOp(ex, op, code, inst, mem);
      break;
    default: {
      // A load (address on top) or a store (address under the value); the offset's high word is imm2.
      const addrSlot = op <= 0x35 ? sp - 1 : sp - 2;
      if (code[p + 4]! !== 0 || high(s32, addrSlot)) memoryOob();
      ex.pc = p + 3; // the offset's low word
      executeMemoryOp(ex, op, code, inst, mem);
    }
  }
  ex.pc = p + 5;
}

/**
 * Runs `[Ext, Atomic64, atomicSub, offLo, offHi]` with `ex.pc` at its sub-operation: an address or offset of 2^32
 * or more is out of bounds (the check that comes first), else the 32-bit form runs; leaves `ex.pc` past it.
 */
export function executeAtomic64Ext(ex: Execution, code: Int32Array): void {
  const p = ex.pc;
  const sub = code[p + 1]!;
  // Operands above the address: notify 1, waits 2, loads 0, stores and read-modify-writes 1, cmpxchg 2.
  const i = sub - ATOMIC_FIRST;
  const n = sub <= ATOMIC_WAIT64 ? (sub === ATOMIC_NOTIFY ? 2 : 3) : i < 7 ? 1 : i < 56 ? 2 : 3;
  if (code[p + 3]! !== 0 || high(ex.s32, ex.sp - n)) memoryOob();
  const store = ex.store;
  const inst = store.instances[store.funcs[ex.funcAddr]!.instanceAddr]!;
  ex.pc = p + 1; // as `IOp.Atomic`'s sub-opcode and offset
  executeAtomic(ex, code, store.mems[inst.memAddrs[0]!]!);
  ex.pc = p + 4;
}

/**
 * Runs `[Ext, SimdMem64, memIdx, offHi, simdSub, …]` with `ex.pc` at its sub-operation: an address or offset of
 * 2^32 or more is out of bounds, else the SIMD instruction runs as `IOp.Simd` does, leaving `ex.pc` past it.
 */
export function executeSimdMem64Ext(ex: Execution, code: Int32Array): void {
  const p = ex.pc;
  // A load's address is on top; a store's and a lane access's is under the v128 (two slots).
  const addrSlot = SIMD_SHAPE[code[p + 3]!] === SimdShape.Load ? ex.sp - 1 : ex.sp - 3;
  if (code[p + 2]! !== 0 || high(ex.s32, addrSlot)) memoryOob();
  const store = ex.store;
  const inst = store.instances[store.funcs[ex.funcAddr]!.instanceAddr]!;
  ex.pc = p + 3;
  executeSimd(ex, code, store.mems[inst.memAddrs[code[p + 1]!]!]!);
}

/**
 * Runs `[Ext, Table64, op, a, b]` with `ex.pc` at its sub-operation; leaves `ex.pc` past it (or, for
 * `call_indirect`, at the callee's entry).
 * @returns `EXT_CONTINUE`, or the loop code to leave with (an interrupt or a host suspension at the call)
 */
export function executeTable64Ext(ex: Execution, code: Int32Array): number {
  const p = ex.pc;
  const op = code[p + 1]!;
  const store = ex.store;
  const inst = store.instances[store.funcs[ex.funcAddr]!.instanceAddr]!;
  const s32 = ex.s32;
  const sp = ex.sp;
  const is64 = (t: number): boolean => store.tables[inst.tableAddrs[t]!]!.type.address64 === true;
  switch (op) {
    case IOp.CallIndirect:
      return callIndirect64(ex, code, p);
    case IOp.TableGet:
      if (high(s32, sp - 1)) tableOob();
      break;
    case IOp.TableSet:
      if (high(s32, sp - 2)) tableOob();
      break;
    case IOp.TableGrow:
      if (high(s32, sp - 1)) {
        // Growth by 2^32 or more elements fails.
        ex.sp = sp - 1;
        s32[(sp - 2) << 1] = -1;
        s32[((sp - 2) << 1) + 1] = -1;
        ex.pc = p + 4;
        return EXT_CONTINUE;
      }
      break;
    case IOp.TableFill:
      if (high(s32, sp - 3) || high(s32, sp - 1)) tableOob();
      break;
    case IOp.TableCopy: {
      const d64 = is64(code[p + 2]!);
      const s64 = is64(code[p + 3]!);
      if ((d64 && high(s32, sp - 3)) || (s64 && high(s32, sp - 2)) || (d64 && s64 && high(s32, sp - 1))) tableOob();
      break;
    }
    case IOp.TableInit:
      if (high(s32, sp - 3)) tableOob();
      break;
  }
  ex.pc = p + 2; // the plain op's immediates
  executeMemoryOp(ex, op, code, inst, null);
  if (op === IOp.TableGrow) {
    // The old size (below 2^31), or -1: sign-extended to i64.
    const w = (ex.sp - 1) << 1;
    s32[w + 1] = s32[w]! >> 31;
  }
  ex.pc = p + 4;
  return EXT_CONTINUE;
}

/**
 * `call_indirect` through a table64 table (`[Ext, Table64, CallIndirect, typeIdx, tableIdx]`, `p` at the
 * sub-operation): a safepoint like the loop's calls, the index an `i64`, the call made as the loop makes it.
 */
function callIndirect64(ex: Execution, code: Int32Array, p: number): number {
  const opPc = p - 1;
  if (ex.interruptFlag[0] !== 0) {
    ex.pc = opPc;
    return LOOP_INTERRUPT;
  }
  const store = ex.store;
  const caller = store.funcs[ex.funcAddr]!;
  const inst = store.instances[caller.instanceAddr]!;
  const typeIdx = code[p + 2]!;
  const table = store.tables[inst.tableAddrs[code[p + 3]!]!]!;
  const s32 = ex.s32;
  const sp = --ex.sp;
  const i = s32[sp << 1]! >>> 0;
  if (high(s32, sp) || i >= table.length) throw new RuntimeError(TrapCode.UndefinedElement);
  const ref = table.elements[i]!;
  if (ref === 0) throw new RuntimeError(TrapCode.UninitializedElement, `uninitialized element ${i}`);
  const calleeAddr = ref - 1;
  const callee = store.funcs[calleeAddr]!;
  const want = inst.module.typeIds[typeIdx]!;
  if (callee.typeId !== want && !isCanonicalSubtype(callee.typeId, want)) throw new RuntimeError(TrapCode.BadSignature);
  const returnPc = p + 4;
  const c = callee.code;
  if (c === null) {
    ex.pc = returnPc;
    if (callHost(ex, callee, inst.addr)) {
      // Leave the pc on the call: resume() pushes the results and moves past it.
      ex.pc = opPc;
      ex.pendingCall = calleeAddr;
      return LOOP_HOST;
    }
    return EXT_CONTINUE;
  }
  // A wasm function: push the caller's frame; the callee's locals start at its arguments.
  if (!ex.ensureFrame()) throw new RuntimeError(TrapCode.CallStackExhausted);
  const entry = c.entry >= 0 ? c.entry : prepare(c);
  const newFp = sp - c.paramSlots;
  if (!ex.ensureSlots(newFp + c.maxSlots)) throw new RuntimeError(TrapCode.CallStackExhausted);
  const k = ex.fc++ * FRAME_WORDS;
  ex.frames[k] = ex.funcAddr;
  ex.frames[k + 1] = returnPc;
  ex.frames[k + 2] = ex.fp;
  const localsEnd = newFp + c.localSlots;
  ex.s32.fill(0, sp << 1, localsEnd << 1);
  ex.sp = localsEnd;
  ex.fp = newFp;
  ex.funcAddr = calleeAddr;
  ex.pc = entry;
  return EXT_CONTINUE;
}
