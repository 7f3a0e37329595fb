/**
 * The fused copy of a function's code, made on the function's first run and appended to its plain code.
 *
 * The plain code has one internal instruction per original one, so every original instruction boundary is a
 * place where an execution can stop, be captured and be restored. The fused copy trades some of those places
 * for speed: it cuts the plain code into *groups* of consecutive instructions and translates each group into
 * register-form ops (`fused-ops.ts`) that read locals, constants and stack slots where they are, so that
 * `local.get`, constants, `local.set`/`local.tee` and a comparison's `br_if` mostly cost no dispatch at all.
 *
 * The rules that keep capture exact:
 * - An execution in the fused copy only stops at a group start, and a group start maps to the offset of its
 *   first original instruction. Inside a group the value stack may lag behind the plain code (values still in
 *   their locals), but at every group boundary the stack, `sp` and the locals equal the plain code's.
 * - A group never contains a branch target except at its start, ends at every branch, return and trap, and a
 *   call is a group of its own: branch targets, return addresses and a host call's pc are group starts.
 * - The first op of a group costs the group's length in fuel, its other ops nothing, so fuel still counts
 *   original instructions. When the fuel left is less than a group's cost, or a restore names an offset
 *   inside a group, the frame runs the plain code instead (`groups.ts`) until the next group start.
 * @module
 */

import { CLAUSE_WORDS, type HandlerTable } from './compile-exceptions.js';
import { type CompiledFunction, ensureCompiled } from './compile-function.js';
import {
  type Emitter,
  encABFTS,
  encABVOffS,
  encACFTS,
  encACKOffS,
  encACOffFTS,
  encACOffS,
  encACVOffS,
  encALoHiOffS,
  encATS,
  encAVOffS,
  encDABCOffS,
  encDABCS,
  encDABES,
  encDABOffS,
  encDABS,
  encDACOffS,
  encDACS,
  encDALoHiS,
  encDAOffS,
  encDAS,
  encDCS,
  encDKOffS,
  encDLoHiS,
  encKVOffS,
  FIELD,
} from './core-layouts.js';
import { ExtSub } from './ext-ops.js';
import {
  FOp,
  MEM_BASE,
  MEM_SHORT,
  MEM_TWIN,
  MEMAB_BASE,
  MEMAC_BASE,
  MEMK_BASE,
  RC_BASE,
  RC64_BASE,
  REG_ARITY,
  REG_BASE,
} from './fused-ops.js';
import { IOp, OP_BITS, OP_MASK } from './internal-ops.js';
import { Op } from './opcodes.js';

/** Where a function's groups are, in both copies. */
export interface GroupMap {
  /** Fused pc of each group's first op, ascending. */
  readonly starts: Int32Array;
  /** Index (into `pcs`) of each group's first plain instruction, ascending; one more entry: the instruction count. */
  readonly first: Int32Array;
  /** For each plain instruction index, the group that starts there, or -1 inside a group; past the end, the group count. */
  readonly groupAt: Int32Array;
}

/**
 * Makes the function's fused copy unless it exists, and returns the pc where calls enter it.
 * @param c the function (its `code`, `entry` and `groups` are filled in)
 * @returns the entry pc, in the fused copy
 */
export function prepare(c: CompiledFunction): number {
  if (c.entry < 0) fuser.fuse(ensureCompiled(c));
  return c.entry;
}

/** An operand whose value is already in its own stack slot. */
const MAT = 0;
/** An operand that still sits in a local (`va` = the local's word offset). */
const LOC = 1;
/** A constant operand (`va`, `vb` = low and high words). */
const CONST = 2;

/** i32 comparison with its operands swapped (`c < x` is `x > c`), by opcode − 0x46. */
const MIRROR = [0x46, 0x47, 0x4a, 0x4b, 0x48, 0x49, 0x4e, 0x4f, 0x4c, 0x4d];

/** Bits of the comparison operand `f` of the generic compare-branches (`BrIfCmp` …). */
const CMP_UNSIGNED = 1;
const CMP_EQUAL = 2;
const CMP_NEGATE = 4;
const CMP_SWAP = 8;
/**
 * Each i32 comparison (by opcode − 0x46) as `f`: equality or a signed/unsigned `x < y`, its operands swapped
 * and its result negated as needed (`x > y` is `y < x`, `x <= y` is `!(y < x)`, `x >= y` is `!(x < y)`).
 */
const CMP_FLAGS = [
  CMP_EQUAL,
  CMP_EQUAL | CMP_NEGATE,
  0,
  CMP_UNSIGNED,
  CMP_SWAP,
  CMP_SWAP | CMP_UNSIGNED,
  CMP_SWAP | CMP_NEGATE,
  CMP_SWAP | CMP_NEGATE | CMP_UNSIGNED,
  CMP_NEGATE,
  CMP_NEGATE | CMP_UNSIGNED,
];

function isI32Binary(x: number): boolean {
  return (x >= Op.I32Eq && x <= Op.I32GeU) || (x >= Op.I32Add && x <= Op.I32Rotr);
}

function isI32Compare(x: number): boolean {
  return x >= Op.I32Eq && x <= Op.I32GeU;
}

function isCommutative(x: number): boolean {
  return (
    x === Op.I32Add ||
    x === Op.I32Mul ||
    x === Op.I32And ||
    x === Op.I32Or ||
    x === Op.I32Xor ||
    x === Op.I64Add ||
    x === Op.I64Mul ||
    x === Op.I64And ||
    x === Op.I64Or ||
    x === Op.I64Xor
  );
}

/** The i64 binary ops with a form that takes a constant right operand (`RC64_BASE`). */
function hasI64ConstForm(x: number): boolean {
  return (x >= Op.I64Add && x <= Op.I64Mul) || (x >= Op.I64And && x <= Op.I64Rotl);
}

/** The form of a constant store (`I32StoreC` …) that addresses a slot plus a constant. */
function constStoreAt(cs: number): number {
  return cs === FOp.I32StoreC ? FOp.I32StoreCAC : cs === FOp.I32Store8C ? FOp.I32Store8CAC : FOp.I32Store16CAC;
}

/** `i32.add` of a slot and a constant, whose result a load or store can take over as its address. */
const ADD_C = RC_BASE + Op.I32Add - Op.I32Eq;
/** `i32.and` of a slot and a constant, whose result a branch can test itself. */
const AND_C = RC_BASE + Op.I32And - Op.I32Eq;

/** The f64 op with a memory right operand (`F64AddM` …) that stands for f64 op `x`, or 0. */
function memOperandOf(x: number): number {
  return x >= Op.F64Add && x <= Op.F64Div ? FOp.F64AddM + x - Op.F64Add : 0;
}

/** The fused multiply-add that an add of type `x` forms with the multiply just before it, or 0. */
function mulAddOf(x: number): number {
  return x === Op.I32Add ? FOp.I32MulAdd : x === Op.F64Add ? FOp.F64MulAdd : x === Op.F32Add ? FOp.F32MulAdd : 0;
}

/**
 * Whether `fop` is a conditional register branch. All of them end `[…, target, s]`, and the compare-branches
 * have their comparison `f` just before the target.
 */
function isCondBranch(fop: number): boolean {
  return (
    fop === FOp.BrIfNZ ||
    fop === FOp.BrIfZ ||
    (fop >= FOp.BrIfCmp && fop <= FOp.AddCBrIfCmpC) ||
    fop === FOp.BrIfLoad ||
    fop === FOp.BrIfFCmp ||
    fop === FOp.BrIfMaskC
  );
}

/** The store with a constant value that stands for store `x`, or 0 (f32 and narrow i64 stores move the same bits). */
function constStore(x: number): number {
  switch (x) {
    case Op.I32Store:
    case Op.F32Store:
    case Op.I64Store32:
      return FOp.I32StoreC;
    case Op.I32Store8:
    case Op.I64Store8:
      return FOp.I32Store8C;
    case Op.I32Store16:
    case Op.I64Store16:
      return FOp.I32Store16C;
    case Op.I64Store:
    case Op.F64Store:
      return FOp.I64StoreC;
    default:
      return 0;
  }
}

/**
 * The translator. One instance serves every function; its buffers grow as needed and are reused. Operand
 * descriptors are kept per stack height: `kind[h]` says where the value at height `h` is.
 */
class Fuser implements Emitter {
  private out = new Int32Array(1024);
  private n = 0;
  private kind = new Int32Array(64);
  private va = new Int32Array(64);
  private vb = new Int32Array(64);
  private isStart = new Uint8Array(256);
  private indexOf = new Int32Array(1024);
  /** Plain instruction index → group, and group → position of its last op, while translating. */
  private groupOf = new Int32Array(256);
  private groupLast = new Int32Array(64);
  private groupFirst = new Int32Array(64);
  private groupPos = new Int32Array(64);
  /** Pairs (position in `out`, plain target pc) of branch targets to translate. */
  private readonly fixups: number[] = [];
  private code: Int32Array = this.out;
  private pcs: Int32Array = this.out;
  private heights: Int32Array = this.out;
  private plainLen = 0;
  private handlers: HandlerTable | null = null;
  /** Slots of the locals: stack height h is slot `ls + h`. */
  private ls = 0;
  /**
   * Heights below `base` are in their slots; from `base` up, `kind` describes them. Every pop below `base`
   * lowers it, so a descriptor is read only after this group wrote it.
   */
  private base = 0;
  /** `sp` (slots from fp) after the last op emitted. */
  private sp = 0;
  /** Position of the `s` immediate of the last op emitted when it has one, else -1. */
  private lastS = -1;
  /** Position of the `d` immediate of the last op emitted when its result is the value at height `lastH`. */
  private lastD = -1;
  private lastH = -1;
  /** Position of the current group's first op, -1 while it has none. */
  private groupOp = -1;
  /** Positions of the last op word emitted and of the two before it (-1: unknown). */
  private lastOpPos = -1;
  private prevOpPos = -1;
  private prev2OpPos = -1;
  /** Fuel the current group costs beyond its own instructions (a rotated loop's header). */
  private extraCost = 0;

  fuse(c: CompiledFunction): void {
    const np = c.pcs.length;
    this.code = c.code;
    this.pcs = c.pcs;
    this.heights = c.heights;
    this.plainLen = c.plainLen;
    this.handlers = c.handlers;
    this.ls = c.localSlots;
    if (this.kind.length < c.maxSlots) {
      this.kind = new Int32Array(c.maxSlots * 2);
      this.va = new Int32Array(c.maxSlots * 2);
      this.vb = new Int32Array(c.maxSlots * 2);
    }
    const ngroups = this.findGroups(np);
    if (this.groupOf.length <= np) this.groupOf = new Int32Array(np * 2 + 1);
    if (this.groupLast.length < ngroups + 1) {
      this.groupLast = new Int32Array(ngroups * 2 + 1);
      this.groupFirst = new Int32Array(ngroups * 2 + 1);
      this.groupPos = new Int32Array(ngroups * 2 + 1);
    }
    this.groupOf.fill(-1, 0, np + 1);
    const starts = new Int32Array(ngroups);
    const first = new Int32Array(ngroups + 1);
    const groupAt = new Int32Array(np + 1).fill(-1);
    const isStart = this.isStart;
    this.n = 0;
    this.fixups.length = 0;
    let g = 0;
    for (let i = 0; i < np; ) {
      let j = i + 1;
      while (isStart[j] === 0) j++;
      groupAt[i] = g;
      this.groupOf[i] = g;
      first[g] = i;
      this.groupFirst[g] = i;
      starts[g] = this.plainLen + this.n;
      this.groupPos[g] = this.n;
      this.extraCost = 0;
      this.group(i, j, np);
      this.out[this.groupOp] |= (j - i + this.extraCost) << OP_BITS;
      this.groupLast[g] = this.lastOpPos;
      g++;
      this.groupFirst[g] = j;
      this.groupPos[g] = this.n;
      i = j;
    }
    first[ngroups] = np;
    groupAt[np] = ngroups;
    const fixups = this.fixups;
    for (let k = 0; k < fixups.length; k += 2) {
      const target = fixups[k + 1]!;
      let to = this.plainLen + this.n;
      // A branch to the end of the code can only sit in dead code (after a `return` nothing is emitted): it
      // keeps pointing past the end.
      if (target < this.plainLen) {
        const gt = groupAt[this.indexOf[target]!]!;
        if (gt < 0)
          throw new Error(`internal error: branch target ${target} of function ${c.funcIdx} is not a group start`);
        to = starts[gt]!;
      }
      this.out[fixups[k]!] = to;
    }
    const all = new Int32Array(this.plainLen + this.n);
    all.set(c.code.subarray(0, this.plainLen));
    all.set(this.out.subarray(0, this.n), this.plainLen);
    c.code = all;
    c.groups = { starts, first, groupAt };
    c.entry = starts[0]!;
  }

  /** Marks group starts in `isStart` (and the end, `np`); returns the number of groups. */
  private findGroups(np: number): number {
    const code = this.code;
    const pcs = this.pcs;
    if (this.isStart.length <= np) this.isStart = new Uint8Array(np * 2 + 1);
    if (this.indexOf.length <= this.plainLen) this.indexOf = new Int32Array(this.plainLen * 2 + 1);
    const isStart = this.isStart;
    const indexOf = this.indexOf;
    isStart.fill(0, 0, np + 1);
    for (let i = 0; i < np; i++) indexOf[pcs[i]!] = i;
    isStart[0] = 1;
    isStart[np] = 1;
    const mark = (target: number): void => {
      if (target < this.plainLen) isStart[indexOf[target]!] = 1;
    };
    for (let i = 0; i < np; i++) {
      const pc = pcs[i]!;
      switch (code[pc]! & OP_MASK) {
        case IOp.Jump:
        case IOp.JumpMove:
        case IOp.BrIf:
        case IOp.BrIfMove:
        case IOp.IfFalse:
          mark(code[pc + 1]!);
          isStart[i + 1] = 1;
          break;
        case IOp.BrTable: {
          const n = code[pc + 1]!;
          for (let k = 0; k <= n; k++) mark(code[pc + 2 + 3 * k]!);
          isStart[i + 1] = 1;
          break;
        }
        case IOp.Return:
        case IOp.Unreachable:
          isStart[i + 1] = 1;
          break;
        case IOp.Call:
        case IOp.CallIndirect:
        case IOp.Exn:
        case Op.MemoryGrow:
        case IOp.MemoryInit:
        case IOp.MemoryCopy:
        case IOp.MemoryFill:
        case IOp.TableInit:
        case IOp.TableCopy:
        case IOp.TableGrow:
        case IOp.TableFill:
          // Calls and throws are groups of their own (the unwinder maps their pcs back to instructions), and so
          // are bulk ops, which may stop for fuel before they run (bulk-fuel.ts); the ops run outside the loop
          // (`IOp.Ext`) are below.
          isStart[i] = 1;
          isStart[i + 1] = 1;
          break;
        case IOp.Ext: {
          // As a call: a group of its own (`call_ref`, table64's `call_indirect`); `br_on_null`/`br_on_non_null`
          // also branch.
          const sub = code[pc + 1]!;
          if (sub === ExtSub.BrOnNull || sub === ExtSub.BrOnNonNull || sub === ExtSub.BrOnCast) mark(code[pc + 2]!);
          isStart[i] = 1;
          isStart[i + 1] = 1;
          break;
        }
      }
    }
    // Exception handlers' targets are entered like branch targets.
    const h = this.handlers;
    if (h !== null) for (let k = 2; k < h.clauses.length; k += CLAUSE_WORDS) mark(h.clauses[k]!);
    let count = 0;
    for (let i = 0; i < np; i++) count += isStart[i]!;
    return count;
  }

  /** Translates the plain instructions `[i, j)` as one group. */
  private group(i: number, j: number, np: number): void {
    const code = this.code;
    const pcs = this.pcs;
    const heights = this.heights;
    this.groupOp = -1;
    this.lastOpPos = -1;
    this.prevOpPos = -1;
    this.prev2OpPos = -1;
    this.base = heights[i]!;
    this.sp = this.ls + this.base;
    this.lastS = -1;
    this.lastD = -1;
    for (let k = i; k < j; k++) {
      const pc = pcs[k]!;
      const op = code[pc]! & OP_MASK;
      const h = heights[k]!;
      switch (op) {
        case IOp.LocalGet:
          this.kind[h] = LOC;
          this.va[h] = code[pc + 1]! << 1;
          break;
        case IOp.I32Const:
        case IOp.F32Const:
          this.kind[h] = CONST;
          this.va[h] = code[pc + 1]!;
          this.vb[h] = 0;
          break;
        case IOp.I64Const:
        case IOp.F64Const:
          this.kind[h] = CONST;
          this.va[h] = code[pc + 1]!;
          this.vb[h] = code[pc + 2]!;
          break;
        case IOp.LocalSet:
          this.set(h - 1, code[pc + 1]! << 1, false);
          break;
        case IOp.LocalTee:
          this.set(h - 1, code[pc + 1]! << 1, true);
          break;
        case IOp.Drop:
          this.pop(h - 1);
          break;
        case Op.I32ReinterpretF32:
        case Op.I64ReinterpretF64:
        case Op.F32ReinterpretI32:
        case Op.F64ReinterpretI64:
          // Nothing moves: a dropped value is forgotten, a reinterpreted one keeps its bits where they are.
          break;
        case IOp.Select:
          this.select(h);
          break;
        case IOp.BrIf:
          this.condBranch(h, FOp.BrIfNZ, code[pc + 1]!);
          break;
        case IOp.IfFalse:
          this.condBranch(h, FOp.BrIfZ, code[pc + 1]!);
          break;
        default: {
          const arity = op < 256 ? REG_ARITY[op]! : 0;
          const next = k + 1 < j ? code[pcs[k + 1]!]! & OP_MASK : -1;
          const branches = next === IOp.BrIf || next === IOp.IfFalse;
          if (arity === 2) {
            if (branches && isI32Compare(op)) {
              this.compareBranch(op, h, next === IOp.IfFalse, code[pcs[k + 1]! + 1]!);
              k++;
            } else this.binary(op, h);
          } else if (arity === 1) {
            if (branches && op === Op.I32Eqz) {
              this.condBranch(h, next === IOp.BrIf ? FOp.BrIfZ : FOp.BrIfNZ, code[pcs[k + 1]! + 1]!);
              k++;
            } else this.unary(op, h);
          } else if (op >= Op.I32Load && op <= Op.I64Load32U) this.load(op, h, code[pc + 1]!);
          else if (op >= Op.I32Store && op <= Op.I64Store32) this.store(op, h, code[pc + 1]!);
          else this.plain(k, h, np);
        }
      }
    }
    // Leave the stack as the plain code would at the next group start.
    const top = j < np ? heights[j]! : this.base;
    this.flush(this.base, top, top);
    this.syncSp(top);
    if (this.groupOp < 0) this.op(FOp.Nop);
  }

  put(v: number): void {
    if (this.n === this.out.length) {
      const a = new Int32Array(this.n * 2);
      a.set(this.out);
      this.out = a;
    }
    this.out[this.n++] = v;
  }

  /** Starts an op. */
  op(fop: number): void {
    if (this.groupOp < 0) this.groupOp = this.n;
    this.prev2OpPos = this.prevOpPos;
    this.prevOpPos = this.lastOpPos;
    this.lastOpPos = this.n;
    this.put(fop);
    this.lastS = -1;
    this.lastD = -1;
  }

  /** Removes the last op (at `p`), so that the caller can emit a bigger one that also does its work. */
  private rewind(p: number): void {
    this.n = p;
    this.lastOpPos = this.prevOpPos;
    this.prevOpPos = this.prev2OpPos;
    this.prev2OpPos = -1;
    this.lastD = -1;
    this.lastS = -1;
    if (this.groupOp === p) this.groupOp = -1;
  }

  /** Ends an op with its `s` immediate: the stack height `h` after it. */
  endS(h: number): void {
    this.lastS = this.n;
    this.put(this.ls + h);
    this.sp = this.ls + h;
  }

  /** Word offset of the stack slot at height h. */
  private slot(h: number): number {
    return (this.ls + h) << 1;
  }

  /** Where the value at height h is: MAT, LOC or CONST. */
  private kindAt(h: number): number {
    return h < this.base ? MAT : this.kind[h]!;
  }

  /** The stack shrinks to height h (values at h and above are consumed). */
  private pop(h: number): void {
    if (h < this.base) this.base = h;
    if (this.lastH >= h) this.lastD = -1;
  }

  /** Word offset where the (non-constant) value at height h is. */
  private where(h: number): number {
    return this.kindAt(h) === LOC ? this.va[h]! : this.slot(h);
  }

  /** Moves the value at height h into its own slot; `after` is the height when the current instruction is done. */
  private materialize(h: number, after: number): void {
    const k = this.kindAt(h);
    if (k === MAT) return;
    if (k === LOC) {
      this.copy(this.slot(h), this.va[h]!, after);
      this.kind[h] = MAT;
      return;
    } else if (this.vb[h] === 0) this.const32(this.slot(h), this.va[h]!, after);
    else encDLoHiS(this, FOp.Const64, this.slot(h), this.va[h]!, this.vb[h]!, after);
    this.kind[h] = MAT;
  }

  /** Copies slot `src` to slot `d`; moves in a row become one `CopyN`. */
  private copy(d: number, src: number, after: number): void {
    if (!this.addMove(d, src)) {
      this.op(FOp.Copy);
      this.put(d);
      this.put(src);
    }
    this.endS(after);
    this.lastD = -1;
  }

  /** Sets slot `d` to the i32 (or f32) constant `c`; moves in a row become one `CopyN`. */
  private const32(d: number, c: number, after: number): void {
    if (this.addMove(~d, c)) {
      this.endS(after);
      this.lastD = -1;
    } else encDCS(this, FOp.Const32, d, c, after);
  }

  /**
   * When the last op emitted is a move (`Copy`, `Const32`, `CopyN`) and ends the code, makes it a `CopyN` with
   * the entry `(e, a)` appended (`e` negative: the constant `a` to slot `~e`), without its `s`; else false.
   */
  private addMove(e: number, a: number): boolean {
    const p = this.lastOpPos;
    if (p < 0) return false;
    const last = this.out[p]!;
    if ((last === FOp.Copy || last === FOp.Const32) && p + 4 === this.n) {
      // [Copy, d1, a1, s] → [CopyN, 2, d1, a1, e, a, s]; a Const32 is the entry (~d1, c1).
      const d1 = this.out[p + 1]!;
      const a1 = this.out[p + 2]!;
      this.n = p + 1;
      this.put(2);
      this.put(last === FOp.Copy ? d1 : ~d1);
      this.put(a1);
      this.out[p] = FOp.CopyN;
    } else if (last === FOp.CopyN && p + 3 + 2 * this.out[p + 1]! === this.n) {
      this.n--;
      this.out[p + 1]!++;
    } else return false;
    this.put(e);
    this.put(a);
    return true;
  }

  /**
   * When the value at height t is the fresh result of an `i32.add` of a slot and a constant (the last op
   * emitted), removes that op and returns its position, so that a load or store at t can address
   * `slot + constant` itself; else -1. `this.out[p + 2]`, `this.out[p + 3]` still hold the slot and the constant.
   */
  private takeAddress(t: number): number {
    const p = this.lastOpPos;
    if (this.lastD < 0 || this.lastH !== t || p < 0 || p + FIELD.I32AddC.size !== this.n || this.out[p] !== ADD_C)
      return -1;
    this.rewind(p);
    return p;
  }

  /**
   * As `takeAddress`, for the fresh result of an `i32.add` of two slots (`I32Add`): removes it and returns its
   * position (`this.out[p + 2]`, `this.out[p + 3]` still hold the two slots), else -1.
   */
  private takeSum(t: number): number {
    const p = this.lastOpPos;
    if (this.lastD < 0 || this.lastH !== t || p < 0 || p + FIELD.I32Add.size !== this.n || this.out[p] !== FOp.I32Add)
      return -1;
    this.rewind(p);
    return p;
  }

  private materializeConst(h: number, after: number): void {
    if (this.kindAt(h) === CONST) this.materialize(h, after);
  }

  private flush(from: number, to: number, after: number): void {
    for (let h = from; h < to; h++) this.materialize(h, after);
  }

  /** Makes `sp` the height h: by amending the last op's `s` when nothing came after it, else with `SetSp`. */
  private syncSp(h: number): void {
    if (this.sp === this.ls + h) return;
    if (this.lastS >= 0) {
      this.out[this.lastS] = this.ls + h;
      this.sp = this.ls + h;
    } else {
      this.op(FOp.SetSp);
      this.endS(h);
    }
  }

  /** `local.set` (or `local.tee`) of the value at height t into the local at word offset d. */
  private set(t: number, d: number, tee: boolean): void {
    const after = tee ? t + 1 : t;
    let conflict = false;
    for (let e = this.base; e < t; e++) if (this.kind[e] === LOC && this.va[e] === d) conflict = true;
    if (!conflict && this.lastD >= 0 && this.lastH === t && this.kindAt(t) === MAT) {
      // The value was just computed into its slot: compute it into the local instead.
      this.out[this.lastD] = d;
      this.lastD = -1;
      if (tee) {
        if (t < this.base) this.base = t;
        this.kind[t] = LOC;
        this.va[t] = d;
      } else {
        this.pop(t);
        this.out[this.lastS] = this.ls + t;
        this.sp = this.ls + t;
      }
      return;
    }
    // Values read from the local earlier must keep the old value.
    if (conflict)
      for (let e = this.base; e < t; e++) if (this.kind[e] === LOC && this.va[e] === d) this.materialize(e, after);
    const k = this.kindAt(t);
    if (k === CONST) {
      const hi = this.vb[t]!;
      if (hi === 0) this.const32(d, this.va[t]!, after);
      else encDLoHiS(this, FOp.Const64, d, this.va[t]!, hi, after);
    } else {
      const src = this.where(t);
      if (src !== d) this.copy(d, src, after);
    }
    if (!tee) this.pop(t);
  }

  /**
   * After emitting an op whose `d` (the word after its opcode) is the slot at height t: the value at t is now
   * that op's result, which a `local.set` may redirect (`lastD`).
   */
  private resultAt(t: number): void {
    if (t < this.base) this.base = t;
    this.kind[t] = MAT;
    this.lastD = this.lastOpPos + 1;
    this.lastH = t;
  }

  private binary(x: number, h: number): void {
    const ta = h - 2;
    const tb = h - 1;
    if (isI32Binary(x)) {
      const ka = this.kindAt(ta);
      const kb = this.kindAt(tb);
      if (kb === CONST || (ka === CONST && (isCommutative(x) || isI32Compare(x)))) {
        let a = ta;
        let c = tb;
        let y = x;
        if (kb !== CONST) {
          // The constant is on the left: swap, mirroring a comparison.
          a = tb;
          c = ta;
          if (isI32Compare(x)) y = MIRROR[x - Op.I32Eq]!;
        } else if (ka === CONST) this.materialize(ta, h - 1);
        const src = this.where(a);
        const cv = this.va[c]!;
        encDACS(this, RC_BASE + y - Op.I32Eq, this.slot(ta), src, cv, h - 1);
        this.resultAt(ta);
        return;
      }
    }
    if (hasI64ConstForm(x)) {
      const ka = this.kindAt(ta);
      const kb = this.kindAt(tb);
      if ((kb === CONST && ka !== CONST) || (ka === CONST && kb !== CONST && isCommutative(x))) {
        const a = this.where(kb === CONST ? ta : tb);
        const c = kb === CONST ? tb : ta;
        const lo = this.va[c]!;
        const hi = this.vb[c]!;
        encDALoHiS(this, RC64_BASE + x - Op.I64Add, this.slot(ta), a, lo, hi, h - 1);
        this.resultAt(ta);
        return;
      }
    }
    this.materializeConst(ta, h - 1);
    this.materializeConst(tb, h - 1);
    const p = this.lastOpPos;
    const mop = memOperandOf(x);
    if (
      mop !== 0 &&
      p >= 0 &&
      this.lastD >= 0 &&
      (this.lastH === tb || (this.lastH === ta && (x === Op.F64Add || x === Op.F64Mul)))
    ) {
      // f64 arithmetic on the f64 just loaded into its slot: one op that reads memory itself.
      const lop = this.out[p]!;
      const plain = lop === MEM_BASE + Op.I64Load - Op.I32Load && p + FIELD.I64Load.size === this.n;
      const ac = lop === MEMAC_BASE + Op.I64Load - Op.I32Load && p + FIELD.I64LoadAC.size === this.n;
      if ((plain || ac) && this.out[p + FIELD.I64Load.d] === this.slot(this.lastH)) {
        const b = this.out[p + FIELD.I64Load.a]!;
        const c = ac ? this.out[p + FIELD.I64LoadAC.c]! : 0;
        const offset = this.out[p + (ac ? FIELD.I64LoadAC.offset : FIELD.I64Load.offset)]!;
        const other = this.lastH === tb ? ta : tb;
        this.rewind(p);
        encDABCOffS(this, mop, this.slot(ta), this.where(other), b, c, offset, h - 1);
        this.resultAt(ta);
        return;
      }
    }
    const last = p >= 0 && p + FIELD.I32Mul.size === this.n ? this.out[p]! : -1;
    const madd = mulAddOf(x);
    // The multiply is the add's opcode + 2 in every type (i32, f32, f64), in register form.
    if (
      madd !== 0 &&
      last === REG_BASE + x + 2 - Op.I32Eqz &&
      this.lastD >= 0 &&
      (this.lastH === ta || this.lastH === tb) &&
      this.out[p + FIELD.I32Mul.d] === this.slot(this.lastH)
    ) {
      // a * b + c, the product just computed: one op (floats still rounded after each operation).
      const m1 = this.out[p + FIELD.I32Mul.a]!;
      const m2 = this.out[p + FIELD.I32Mul.b]!;
      const c = this.where(this.lastH === ta ? tb : ta);
      this.rewind(p);
      encDABES(this, madd, this.slot(ta), m1, m2, c, h - 1);
      this.resultAt(ta);
      return;
    }
    const a = this.where(ta);
    const b = this.where(tb);
    encDABS(this, REG_BASE + x - Op.I32Eqz, this.slot(ta), a, b, h - 1);
    this.resultAt(ta);
  }

  private unary(x: number, h: number): void {
    const t = h - 1;
    this.materializeConst(t, h);
    const a = this.where(t);
    encDAS(this, REG_BASE + x - Op.I32Eqz, this.slot(t), a, h);
    this.resultAt(t);
  }

  private load(x: number, h: number, offset: number): void {
    const t = h - 1;
    // Loads that move the same bits share their fused forms.
    const twin = MEM_TWIN[x]!;
    const p = this.takeAddress(t);
    if (p >= 0) {
      const a = this.out[p + FIELD.I32AddC.a]!;
      const c = this.out[p + FIELD.I32AddC.c]!;
      encDACOffS(this, MEMAC_BASE + twin - Op.I32Load, this.slot(t), a, c, offset, h);
      this.resultAt(t);
      return;
    }
    const short = MEM_SHORT[twin] !== 0;
    if (short && this.kindAt(t) === CONST) {
      encDKOffS(this, MEMK_BASE + twin - Op.I32Load, this.slot(t), this.va[t]!, offset, h);
      this.resultAt(t);
      return;
    }
    const q = short ? this.takeSum(t) : -1;
    if (q >= 0) {
      const a = this.out[q + FIELD.I32Add.a]!;
      const b = this.out[q + FIELD.I32Add.b]!;
      encDABOffS(this, MEMAB_BASE + twin - Op.I32Load, this.slot(t), a, b, offset, h);
      this.resultAt(t);
      return;
    }
    this.materializeConst(t, h);
    const a = this.where(t);
    encDAOffS(this, MEM_BASE + twin - Op.I32Load, this.slot(t), a, offset, h);
    this.resultAt(t);
  }

  private store(x: number, h: number, offset: number): void {
    const ta = h - 2;
    const tv = h - 1;
    const kv = this.kindAt(tv);
    const cs = kv === CONST ? constStore(x) : 0;
    // Stores that move the same bits share their fused forms.
    const twin = MEM_TWIN[x]!;
    if (cs !== FOp.I64StoreC && (kv !== CONST || cs !== 0)) {
      const p = this.takeAddress(ta);
      if (p >= 0) {
        // The value is a local or a constant (anything computed would have come after the address).
        const a = this.out[p + FIELD.I32AddC.a]!;
        const c = this.out[p + FIELD.I32AddC.c]!;
        if (kv === CONST) encACKOffS(this, constStoreAt(cs), a, c, this.va[tv]!, offset, h - 2);
        else encACVOffS(this, MEMAC_BASE + twin - Op.I32Load, a, c, this.where(tv), offset, h - 2);
        this.pop(ta);
        return;
      }
    }
    if (MEM_SHORT[twin] !== 0 && kv !== CONST) {
      if (this.kindAt(ta) === CONST) {
        encKVOffS(this, MEMK_BASE + twin - Op.I32Load, this.va[ta]!, this.where(tv), offset, h - 2);
        this.pop(ta);
        return;
      }
      // The value is a local (anything computed would have come after the address).
      const q = this.kindAt(tv) === LOC ? this.takeSum(ta) : -1;
      if (q >= 0) {
        const a = this.out[q + FIELD.I32Add.a]!;
        const b = this.out[q + FIELD.I32Add.b]!;
        encABVOffS(this, MEMAB_BASE + twin - Op.I32Load, a, b, this.where(tv), offset, h - 2);
        this.pop(ta);
        return;
      }
    }
    this.materializeConst(ta, h - 2);
    const a = this.where(ta);
    if (cs === FOp.I64StoreC) encALoHiOffS(this, cs, a, this.va[tv]!, this.vb[tv]!, offset, h - 2);
    else if (cs !== 0) encACOffS(this, cs, a, this.va[tv]!, offset, h - 2);
    else {
      this.materializeConst(tv, h - 2);
      encAVOffS(this, MEM_BASE + twin - Op.I32Load, a, this.where(tv), offset, h - 2);
    }
    this.pop(ta);
  }

  /** `select` (of one- or two-word values) of the values at heights h − 3, h − 2 by the i32 at h − 1. */
  private select(h: number): void {
    const ta = h - 3;
    this.materializeConst(ta, h - 2);
    this.materializeConst(ta + 1, h - 2);
    this.materializeConst(ta + 2, h - 2);
    encDABCS(this, FOp.Select, this.slot(ta), this.where(ta), this.where(ta + 1), this.where(ta + 2), h - 2);
    this.resultAt(ta);
  }

  /** A branch on the i32 at height h − 1 (`BrIfNZ` or `BrIfZ`); it ends the group. */
  private condBranch(h: number, fop: number, target: number): void {
    const t = h - 1;
    this.materializeConst(t, t);
    this.flush(this.base, t, t);
    const p = this.lastOpPos;
    const lop = p >= 0 && this.lastD >= 0 && this.lastH === t && this.out[p + 1] === this.slot(t) ? this.out[p]! : -1;
    const ac = lop === MEMAC_BASE + Op.I32Load - Op.I32Load || lop === MEMAC_BASE + Op.I32Load8U - Op.I32Load;
    if (ac || lop === MEM_BASE + Op.I32Load - Op.I32Load || lop === MEM_BASE + Op.I32Load8U - Op.I32Load) {
      // A branch on the i32 or byte just loaded: one op.
      const byte = lop === MEMAC_BASE + Op.I32Load8U - Op.I32Load || lop === MEM_BASE + Op.I32Load8U - Op.I32Load;
      const a = this.out[p + FIELD.I32LoadAC.a]!;
      const c = ac ? this.out[p + FIELD.I32LoadAC.c]! : 0;
      const offset = this.out[p + (ac ? FIELD.I32LoadAC.offset : FIELD.I32Load.offset)]!;
      this.rewind(p);
      encACOffFTS(this, FOp.BrIfLoad, a, c, offset, (byte ? 1 : 0) | (fop === FOp.BrIfZ ? CMP_NEGATE : 0), target, t);
      this.base = t;
      return;
    }
    if (lop >= REG_BASE + Op.F32Eq - Op.I32Eqz && lop <= REG_BASE + Op.F64Ge - Op.I32Eqz) {
      // A branch on the float comparison just computed: one op.
      const a = this.out[p + FIELD.F32Eq.a]!;
      const b = this.out[p + FIELD.F32Eq.b]!;
      this.rewind(p);
      const f = ((lop - (REG_BASE + Op.F32Eq - Op.I32Eqz)) << 4) | (fop === FOp.BrIfZ ? CMP_NEGATE : 0);
      encABFTS(this, FOp.BrIfFCmp, a, b, f, target, t);
      this.base = t;
      return;
    }
    if (lop === AND_C) {
      // A branch on the i32.and with a constant just computed: one op that tests the bits.
      const a = this.out[p + FIELD.I32AndC.a]!;
      const c = this.out[p + FIELD.I32AndC.c]!;
      this.rewind(p);
      encACFTS(this, FOp.BrIfMaskC, a, c, fop === FOp.BrIfZ ? CMP_NEGATE : 0, target, t);
      this.base = t;
      return;
    }
    encATS(this, fop, this.where(t), target, t);
    this.base = t;
  }

  /**
   * An i32 comparison of the values at heights h − 2, h − 1 and the `br_if` (or `if`, `negate`) taking it.
   * When the comparison tests the result of the `i32.add` just emitted, the two become one `AddBrIfCmp…`.
   */
  private compareBranch(x: number, h: number, negate: boolean, target: number): void {
    const ta = h - 2;
    const tb = h - 1;
    let f = CMP_FLAGS[x - Op.I32Eq]! ^ (negate ? CMP_NEGATE : 0);
    let a: number;
    let b: number;
    let withConst = false;
    if (this.kindAt(tb) === CONST || this.kindAt(ta) === CONST) {
      if (this.kindAt(tb) === CONST) {
        this.materializeConst(ta, ta);
        a = this.where(ta);
        b = this.va[tb]!;
      } else {
        f ^= CMP_SWAP;
        a = this.where(tb);
        b = this.va[ta]!;
      }
      withConst = true;
    } else {
      a = this.where(ta);
      b = this.where(tb);
    }
    this.flush(this.base, ta, ta);
    this.cmpBranch(a, b, withConst, f, target, ta);
    this.base = ta;
  }

  /**
   * Emits `BrIfCmp(C)` of slot a and slot (or constant) b, or `AddBrIfCmp…` when the last op emitted is an
   * `i32.add` whose result the comparison takes.
   * @param h the stack height after the branch
   */
  private cmpBranch(a: number, b: number, withConst: boolean, f: number, target: number, h: number): void {
    const p = this.lastOpPos;
    const addOp = p >= 0 && p + FIELD.I32Add.size === this.n ? this.out[p]! : -1;
    const dp = p + FIELD.I32Add.d;
    if ((addOp === FOp.I32Add || addOp === ADD_C) && (this.out[dp] === a || (!withConst && this.out[dp] === b))) {
      // Fold the add: it writes d, then the comparison takes d as its first operand.
      if (this.out[dp] !== a) {
        f ^= CMP_SWAP;
        b = a;
      }
      const d = this.out[dp]!;
      const x1 = this.out[p + FIELD.I32Add.a]!;
      const x2 = this.out[p + FIELD.I32Add.b]!;
      this.rewind(p);
      const fop =
        addOp === FOp.I32Add
          ? withConst
            ? FOp.AddBrIfCmpC
            : FOp.AddBrIfCmp
          : withConst
            ? FOp.AddCBrIfCmpC
            : FOp.AddCBrIfCmp;
      this.op(fop);
      this.put(d);
      this.put(x1);
      this.put(x2);
    } else {
      this.op(withConst ? FOp.BrIfCmpC : FOp.BrIfCmp);
      this.put(a);
    }
    this.put(b);
    this.put(f);
    this.branchTarget(target);
    this.endS(h);
  }

  branchTarget(plainTarget: number): void {
    this.fixups.push(this.n, plainTarget);
    this.put(plainTarget);
  }

  /**
   * Loop rotation. A `br` back to a loop header whose group ends in a conditional branch to just after the
   * `br` (`block { loop { br_if 1 (exit?); …; br 0 } }`) becomes a copy of the header with the branch
   * inverted: it jumps to the loop body when the loop goes on and falls through when it ends, which saves the
   * jump's dispatch on every iteration. The copy belongs to the `br`'s group, whose cost grows by the header's.
   * @param target the plain pc the `br` jumps to
   * @param after the index of the plain instruction after the `br`
   * @returns whether the rotated header replaced the jump
   */
  private rotate(target: number, after: number, np: number): boolean {
    if (after >= np || target >= this.plainLen) return false;
    const i = this.indexOf[target]!;
    const hg = this.groupOf[i]!;
    // Only a group that is already translated (a back edge) and ends in a conditional register branch.
    if (hg < 0 || this.groupFirst[hg] !== i || this.groupFirst[hg + 1]! >= np) return false;
    const last = this.groupLast[hg]!;
    const end = this.groupPos[hg + 1]!;
    const fop = this.out[last]! & OP_MASK;
    if (!isCondBranch(fop) || this.out[end - 2] !== this.pcs[after]) return false;
    const bodyPc = this.pcs[this.groupFirst[hg + 1]!]!;
    const from = this.groupPos[hg]!;
    this.extraCost += this.groupFirst[hg + 1]! - i;
    if (from === last && (fop === FOp.BrIfCmp || fop === FOp.BrIfCmpC)) {
      // The header is only a comparison: emit it afresh, so that it can take in an add before it.
      this.cmpBranch(
        this.out[last + 1]!,
        this.out[last + 2]!,
        fop === FOp.BrIfCmpC,
        this.out[last + 3]! ^ CMP_NEGATE,
        bodyPc,
        this.out[last + 5]! - this.ls,
      );
      return true;
    }
    if (this.groupOp < 0) this.groupOp = this.n;
    for (let p = from; p < last; p++) this.put(p === from ? this.out[p]! & OP_MASK : this.out[p]!);
    // The same branch, inverted: to the loop body when the loop goes on.
    this.op(fop === FOp.BrIfNZ ? FOp.BrIfZ : fop === FOp.BrIfZ ? FOp.BrIfNZ : fop);
    for (let p = last + 1; p < end - 2; p++)
      this.put(p === end - 3 && fop !== FOp.BrIfNZ && fop !== FOp.BrIfZ ? this.out[p]! ^ CMP_NEGATE : this.out[p]!);
    this.branchTarget(bodyPc);
    this.endS(this.out[end - 1]! - this.ls);
    return true;
  }

  /** Copies plain instruction k after bringing the stack up to date. */
  private plain(k: number, h: number, np: number): void {
    this.flush(this.base, h, h);
    this.syncSp(h);
    const code = this.code;
    const pc = this.pcs[k]!;
    const end = k + 1 < np ? this.pcs[k + 1]! : this.plainLen;
    const op = code[pc]! & OP_MASK;
    if (op === IOp.Jump && this.rotate(code[pc + 1]!, k + 1, np)) {
      this.base = this.heights[k + 1]!;
      this.sp = this.ls + this.base;
      this.lastS = -1;
      return;
    }
    this.op(op);
    for (let p = pc + 1; p < end; p++) this.put(code[p]!);
    const at = this.n - (end - pc - 1);
    switch (op) {
      case IOp.Jump:
      case IOp.JumpMove:
      case IOp.BrIfMove:
        this.fixups.push(at, code[pc + 1]!);
        break;
      case IOp.BrTable: {
        const n = code[pc + 1]!;
        for (let m = 0; m <= n; m++) this.fixups.push(at + 1 + 3 * m, code[pc + 2 + 3 * m]!);
        break;
      }
      case IOp.Ext: {
        const sub = code[pc + 1]!;
        if (sub === ExtSub.BrOnNull || sub === ExtSub.BrOnNonNull || sub === ExtSub.BrOnCast) {
          this.fixups.push(at + 1, code[pc + 2]!);
        }
        break;
      }
    }
    this.base = k + 1 < np ? this.heights[k + 1]! : h;
    this.sp = this.ls + this.base;
  }
}

const fuser = new Fuser();
