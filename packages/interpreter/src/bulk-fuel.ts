/**
 * Fuel of the bulk instructions: `memory.fill`, `memory.copy`, `memory.init`, `table.fill`, `table.copy`,
 * `table.init`, `memory.grow` and `table.grow` cost their one unit (in the instruction word, like every
 * instruction) plus a unit per 64 bytes they touch:
 *
 * - memory ops: `n >>> 6` more (n bytes written);
 * - table ops: `n >>> 4` more (n elements, 4 bytes each);
 * - `memory.grow`: 1024 more per page added (64 KiB zeroed), `table.grow`: `delta >>> 4` more.
 *
 * An instruction that traps, or a growth that fails, touches nothing and costs its one unit. The loop computes
 * the extra cost before the instruction runs: when the fuel left cannot pay it, the execution stops *before*
 * the instruction (nothing done, the pc on it, fuel not charged), exactly as a fuel stop between two
 * instructions, unless the instruction is the first one of the run — a run always makes progress, so a bulk
 * instruction dearer than a whole budget runs at the start of the next run and uses that run's budget up.
 * The bulk instructions are groups of their own in the fused copy (`fuse.ts`), so the stop is a group start.
 * @module
 */
import type { Execution } from './execution.js';
import type { MemInst, ModuleInstance } from './runtime.js';

/** Extra fuel units for `n` bytes touched (one unit per 64 bytes). */
export const BYTES_PER_UNIT_SHIFT = 6;
/** Extra fuel units for `n` table elements touched (one unit per 16 elements). */
export const ELEMS_PER_UNIT_SHIFT = 4;
/** Extra fuel units per page a `memory.grow` adds (64 KiB at one unit per 64 bytes). */
export const UNITS_PER_PAGE = 1024;

/**
 * The fuel a bulk instruction costs beyond its one unit, from its operands on the stack (`ex.sp` is the loop's
 * `sp`, passed as `sp`; `pc` is just past the opcode word). 0 for an instruction that will trap or fail.
 * @param op the internal opcode (one of the bulk ops or `memory.grow`)
 */
export function bulkExtraFuel(
  ex: Execution,
  op: number,
  code: Int32Array,
  pc: number,
  sp: number,
  inst: ModuleInstance,
  mem: MemInst | null,
): number {
  const s32 = ex.s32;
  const store = ex.store;
  const n = s32[(sp - 1) << 1]! >>> 0;
  if (n === 0) return 0;
  const a = s32[(sp - 3) << 1]! >>> 0;
  const b = s32[(sp - 2) << 1]! >>> 0;
  const memLen = mem === null ? 0 : mem.u8.length;
  switch (op) {
    case 0x40 /* Op.MemoryGrow */:
      return mem !== null && mem.shared === null && mem.pages + n <= mem.maxPages ? n * UNITS_PER_PAGE : 0;
    case 0xe8: /* IOp.MemoryInit */ {
      const data = store.datas[inst.dataAddrs[code[pc]!]!]!;
      return b + n <= data.bytes.length && a + n <= memLen ? n >>> BYTES_PER_UNIT_SHIFT : 0;
    }
    case 0xea /* IOp.MemoryCopy */:
      return a + n <= memLen && b + n <= memLen ? n >>> BYTES_PER_UNIT_SHIFT : 0;
    case 0xeb /* IOp.MemoryFill */:
      return a + n <= memLen ? n >>> BYTES_PER_UNIT_SHIFT : 0;
    case 0xec: /* IOp.TableInit */ {
      const elem = store.elems[inst.elemAddrs[code[pc]!]!]!;
      const table = store.tables[inst.tableAddrs[code[pc + 1]!]!]!;
      return b + n <= elem.refs.length && a + n <= table.length ? n >>> ELEMS_PER_UNIT_SHIFT : 0;
    }
    case 0xee: /* IOp.TableCopy */ {
      const dt = store.tables[inst.tableAddrs[code[pc]!]!]!;
      const st = store.tables[inst.tableAddrs[code[pc + 1]!]!]!;
      return a + n <= dt.length && b + n <= st.length ? n >>> ELEMS_PER_UNIT_SHIFT : 0;
    }
    case 0xf1: /* IOp.TableFill */ {
      const table = store.tables[inst.tableAddrs[code[pc]!]!]!;
      return a + n <= table.length ? n >>> ELEMS_PER_UNIT_SHIFT : 0;
    }
    case 0xef: /* IOp.TableGrow */ {
      const table = store.tables[inst.tableAddrs[code[pc]!]!]!;
      return table.length + n <= table.max ? n >>> ELEMS_PER_UNIT_SHIFT : 0;
    }
    default:
      return 0;
  }
}
