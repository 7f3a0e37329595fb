/**
 * Moving between a function's two copies of code (see `fuse.ts`): the portable position of a pc in either
 * copy, the pc where a restored position resumes, and the fuel slow path that decides, whenever the fuel
 * counter runs out, whether to refill it, suspend, or continue in the plain copy until the next group start.
 * @module
 */
import type { CompiledFunction } from './compile-function.js';
import type { Execution } from './execution.js';
import { OP_BITS } from './internal-ops.js';

/** Instructions an unlimited run takes in one call of the loop (a slice; the loop then returns and is called again). */
export const FUEL_CHUNK = 1 << 22;

/** Index into `pcs` of the plain instruction at `pc`, or -1 when no instruction starts there. */
export function plainIndex(c: CompiledFunction, pc: number): number {
  const pcs = c.pcs;
  let lo = 0;
  let hi = pcs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = pcs[mid]!;
    if (v === pc) return mid;
    if (v < pc) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Index of the group whose first op is at fused pc `pc`, or -1. */
function groupIndex(c: CompiledFunction, pc: number): number {
  const starts = c.groups!.starts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = starts[mid]!;
    if (v === pc) return mid;
    if (v < pc) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * The index (into `pcs`) of the original instruction at which an execution standing at `pc` continues.
 * @throws Error when `pc` is neither a plain instruction nor a group start (an internal error)
 */
export function instructionAt(c: CompiledFunction, pc: number): number {
  if (pc < c.plainLen) {
    const i = plainIndex(c, pc);
    if (i >= 0) return i;
  } else if (c.groups !== null) {
    const g = groupIndex(c, pc);
    if (g >= 0) return c.groups.first[g]!;
  }
  throw new Error(`internal error: pc ${pc} is not an instruction start of function ${c.funcIdx}`);
}

/**
 * The pc at which to resume the original instruction `i`: its group's fused op when a group starts there,
 * else the plain instruction (the frame then runs plain code until the next group start).
 */
export function resumePc(c: CompiledFunction, i: number): number {
  const g = c.groups === null ? -1 : c.groups.groupAt[i]!;
  return g >= 0 ? c.groups!.starts[g]! : c.pcs[i]!;
}

/**
 * The fuel slow path, taken when the op at `ex.pc` costs more than the loop's fuel counter holds. Fuel is
 * `fuel` in the counter plus `bank`, which the loop holds back while a frame runs plain code to the end of its
 * group (so that the counter runs out exactly there and brings it back here). Sets `ex.pc`, `ex.fuelLeft`
 * (the new counter, which the loop charges the op at `ex.pc` against) and `ex.fuelBank`.
 * @param fuel the counter before the op at `ex.pc` (≥ 0)
 * @returns false when no fuel is left: the execution suspends at `ex.pc`
 */
export function refuel(ex: Execution, fuel: number, bank: number, unlimited: boolean): boolean {
  const total = unlimited ? FUEL_CHUNK : fuel + bank;
  ex.fuelBank = 0;
  ex.fuelLeft = total;
  if (total === 0) return false;
  const c = ex.store.funcs[ex.funcAddr]!.code!;
  const groups = c.groups;
  if (groups === null) return true;
  const pc = ex.pc;
  if (pc >= c.plainLen) {
    // A group start whose group costs more than the fuel left: run its instructions one by one instead.
    if (c.code[pc]! >>> OP_BITS > total) ex.pc = c.pcs[instructionAt(c, pc)]!;
    return true;
  }
  const i = instructionAt(c, pc);
  const g = groups.groupAt[i]!;
  if (g >= 0) {
    // Back at a group start: take the fused op if the fuel covers its group (which may reach past the group's
    // plain instructions: a rotated loop's group also runs the loop header).
    const start = groups.starts[g]!;
    if (c.code[start]! >>> OP_BITS <= total) ex.pc = start;
    return true;
  }
  // Inside a group: run plain to its end (or to a branch out of it), then come back here.
  let j = i + 1;
  while (groups.groupAt[j]! < 0) j++;
  const n = Math.min(j - i, total);
  ex.fuelLeft = n;
  ex.fuelBank = total - n;
  return true;
}
