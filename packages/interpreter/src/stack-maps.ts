/**
 * Stack maps for the garbage collector: which slots of a frame hold references. The value stack is untyped, so
 * the collector asks, for each frame, where its function stands (the instruction of its pc) and reads the static
 * types there: the locals' declared types and the operand types the validator computes at that instruction. The
 * validator runs again over the body in validate-only mode (`FunctionCompiler.probe`) up to that offset; the
 * result is cached per function and offset, so a collection pays for it once per call site.
 *
 * A frame's slots below its top are laid out as those types say: at an instruction boundary the operand height
 * is static (WebAssembly's rule), a caller's pc is the instruction after its call (whose operands below the
 * call's results are those below its arguments) and a frame stopped in a host call has its arguments popped. So
 * the map's slot indices are read only below the frame's top: the prefix the types describe.
 * @module
 */

import { type CompiledFunction, FunctionCompiler } from './compile-function.js';
import { plainIndex } from './groups.js';
import { isRefType } from './heap-types.js';
import type { CompiledModule } from './module.js';
import type { FuncInst } from './runtime.js';
import { ValType } from './types.js';

/** Reference slots by body offset, per function. */
const maps = new WeakMap<CompiledFunction, Map<number, Int32Array>>();
/** One validate-only compiler per module, made on the first miss. */
const compilers = new WeakMap<CompiledModule, FunctionCompiler>();

/** Thrown by the probe to stop the pass once the offset is reached. */
const STOP = Symbol('stop');

/**
 * The slots (relative to the frame pointer: locals, then operands from `localSlots` up) that hold a reference
 * when function `f` of module `cm` stands at internal pc `pc` — an instruction start, a group start, or any pc
 * inside an instruction (a host call made from an `IOp.Ext` op), which counts as that instruction.
 */
export function referenceSlots(f: FuncInst, cm: CompiledModule, pc: number): Int32Array {
  const c = f.code!;
  const offset = c.offsets[instructionAtOrBefore(c, pc)]!;
  let byOffset = maps.get(c);
  if (byOffset === undefined) {
    byOffset = new Map();
    maps.set(c, byOffset);
  }
  let map = byOffset.get(offset);
  if (map === undefined) {
    map = computeMap(cm, c.funcIdx, offset);
    byOffset.set(offset, map);
  }
  return map;
}

/** The index (into `pcs`) of the instruction at or before internal pc `pc`, in either copy of the code. */
function instructionAtOrBefore(c: CompiledFunction, pc: number): number {
  if (pc >= c.plainLen && c.groups !== null) {
    const starts = c.groups.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= pc) lo = mid;
      else hi = mid - 1;
    }
    return c.groups.first[lo]!;
  }
  const exact = plainIndex(c, pc);
  if (exact >= 0) return exact;
  const pcs = c.pcs;
  let lo = 0;
  let hi = pcs.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pcs[mid]! <= pc) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Validates the body of function `funcIdx` up to `offset` and reads its reference slots there. */
function computeMap(cm: CompiledModule, funcIdx: number, offset: number): Int32Array {
  let fc = compilers.get(cm);
  if (fc === undefined) {
    fc = new FunctionCompiler(cm.validation, false);
    compilers.set(cm, fc);
  }
  const body = cm.decoded.codes[funcIdx - cm.importedFuncs]!;
  let map: Int32Array | null = null;
  fc.probe = (v) => {
    if (v.instrAt - v.bodyStart !== offset) return;
    map = readMap(v);
    throw STOP;
  };
  try {
    fc.compile(funcIdx, body.locals, body.start, body.codeStart, body.end);
  } catch (e) {
    if (e !== STOP) throw e;
  } finally {
    fc.probe = null;
  }
  if (map === null) throw new Error(`internal error: no instruction at offset ${offset} of function ${funcIdx}`);
  return map;
}

/** The reference slots of the validator's state at the start of its current instruction. */
function readMap(fc: FunctionCompiler): Int32Array {
  const refs: number[] = [];
  for (let i = 0; i < fc.localCount; i++) if (isRefType(fc.localTypes[i]!)) refs.push(fc.localSlotOf[i]!);
  // Operands, with the slot a legacy `catch` keeps under its block's operands (the caught exception, `extra`).
  const ctrls = fc.ctrls;
  let slot = 0;
  let ci = 0;
  for (let i = 0; i < fc.vh; i++) {
    while (ci < ctrls.length && ctrls[ci]!.height <= i) {
      if (ctrls[ci]!.extra > 0) slot = ctrls[ci]!.slotHeight + ctrls[ci]!.extra;
      ci++;
    }
    const t = fc.vals[i]!;
    if (isRefType(t)) refs.push(fc.localSlots + slot);
    slot += t === ValType.V128 ? 2 : 1;
  }
  for (; ci < ctrls.length; ci++) if (ctrls[ci]!.extra > 0) slot = ctrls[ci]!.slotHeight + ctrls[ci]!.extra;
  if (slot !== fc.slotH) throw new Error(`internal error: stack map of ${slot} slots, the validator has ${fc.slotH}`);
  return Int32Array.from(refs);
}
