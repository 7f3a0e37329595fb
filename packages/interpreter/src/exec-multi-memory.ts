/**
 * Multi-memory at run time: the memory instructions on a memory other than 0 (`ExtSub.Mem`). Loads, stores,
 * `memory.init` and `memory.fill` run the plain forms of `memory-plain.ts` on the named memory; `memory.size`,
 * `memory.grow` and `memory.copy` (which may copy between two memories) are here. This is the slow path (one
 * call out of the loop per access); memory 0 keeps the loop's own forms.
 * @module
 */
import { RuntimeError, TrapCode } from './errors.js';
import type { Execution } from './execution.js';
import { IOp } from './internal-ops.js';
import { executeMemoryOp } from './memory-plain.js';
import { PAGE_SIZE } from './runtime.js';
import { executeSimd } from './simd-exec.js';

/** Runs `[Ext, SimdMem, memIdx, simdSub, imm…]` with `ex.pc` at its sub-operation; leaves `ex.pc` past it. */
export function executeSimdMemExt(ex: Execution, code: Int32Array): void {
  const p = ex.pc;
  const store = ex.store;
  const inst = store.instances[store.funcs[ex.funcAddr]!.instanceAddr]!;
  const mem = store.mems[inst.memAddrs[code[p + 1]!]!]!;
  ex.pc = p + 2;
  executeSimd(ex, code, mem);
}

/** Runs `[Ext, Mem, memIdx, op, imm]` with `ex.pc` at its sub-operation; leaves `ex.pc` past it. */
export function executeMemExt(ex: Execution, code: Int32Array): void {
  const p = ex.pc;
  const store = ex.store;
  const inst = store.instances[store.funcs[ex.funcAddr]!.instanceAddr]!;
  const mem = store.mems[inst.memAddrs[code[p + 1]!]!]!;
  const op = code[p + 2]!;
  const s32 = ex.s32;
  switch (op) {
    case 0x3f: {
      /* memory.size */
      const w = ex.sp << 1;
      s32[w] = mem.u8.length / PAGE_SIZE;
      s32[w + 1] = 0;
      ex.sp++;
      ex.pc = p + 4;
      return;
    }
    case 0x40: {
      /* memory.grow */
      const w = (ex.sp - 1) << 1;
      s32[w] = mem.grow(s32[w]! >>> 0);
      ex.pc = p + 4;
      return;
    }
    case IOp.MemoryCopy: {
      const src = store.mems[inst.memAddrs[code[p + 3]!]!]!;
      ex.sp -= 3;
      const w = ex.sp << 1;
      const d = s32[w]! >>> 0;
      const s = s32[w + 2]! >>> 0;
      const n = s32[w + 4]! >>> 0;
      if (s + n > src.u8.length || d + n > mem.u8.length) throw new RuntimeError(TrapCode.MemoryOutOfBounds);
      if (src === mem) mem.u8.copyWithin(d, s, s + n);
      else mem.u8.set(src.u8.subarray(s, s + n), d);
      mem.markDirty(d, d + n);
      ex.pc = p + 4;
      return;
    }
    case IOp.MemoryFill:
      ex.pc = p + 4;
      executeMemoryOp(ex, op, code, inst, mem);
      return;
    default:
      // Loads, stores and memory.init read their one immediate at ex.pc.
      ex.pc = p + 3;
      executeMemoryOp(ex, op, code, inst, mem);
  }
}
