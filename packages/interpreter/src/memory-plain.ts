/**
 * Loads, stores, bulk memory and table instructions in their plain stack form. The fused copy of a function
 * (`fuse.ts`) runs register forms of loads and stores, so these run only in the plain code and for the bulk
 * and table instructions, whose own work outweighs a call; they live outside the dispatch loop to keep it small
 * enough for V8's optimizing compiler.
 * @module
 */

import { executeAtomic } from './atomic-exec.js';
import { RuntimeError, TrapCode } from './errors.js';
import type { Execution } from './execution.js';
import type { MemInst, ModuleInstance } from './runtime.js';

const NO_MEMORY_DV: DataView = new DataView(new ArrayBuffer(0));
const NO_MEMORY_U8: Uint8Array = new Uint8Array(0);

function oob(): never {
  throw new RuntimeError(TrapCode.MemoryOutOfBounds);
}
function tableOob(): never {
  throw new RuntimeError(TrapCode.TableOutOfBounds);
}

/**
 * Executes one plain memory or table op at `ex.pc` (just past its opcode word), updating `ex.sp` and `ex.pc`.
 * @param op the internal opcode
 * @param code the function's code (for the immediates)
 * @param inst the running instance
 * @param mem its memory, or null
 * @throws RuntimeError on an out-of-bounds access
 */
export function executeMemoryOp(ex: Execution, op: number, code: Int32Array, inst: ModuleInstance, mem: MemInst | null): void {
  const store = ex.store;
  const s32 = ex.s32;
  let sp = ex.sp;
  let pc = ex.pc;
  const dv = mem === null ? NO_MEMORY_DV : mem.dv;
  const u8 = mem === null ? NO_MEMORY_U8 : mem.u8;
  const dirty = mem === null ? NO_MEMORY_U8 : mem.dirty;
  const memLen = u8.length;
  // Literal case labels, as in the dispatch loop (V8 builds a jump table from them).
  switch (op) {
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
    case 0x28: /* Op.I32Load */
    case 0x2a: /* Op.F32Load */
    case 0x35: /* Op.I64Load32U */ {
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

    case 0x40: /* Op.MemoryGrow */ {
      const w = (sp - 1) << 1;
      s32[w] = mem!.grow(s32[w]! >>> 0);
      break;
    }
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
    case 0xfe: /* IOp.Atomic */
      // Threads (atomic-exec.ts): reached through this function so that the dispatch loop gains only a label.
      executeAtomic(ex, code, mem);
      return;
    default:
    throw new Error(`internal error: ${op} is not a memory or table op`);
  }
  ex.sp = sp;
  ex.pc = pc;
}
