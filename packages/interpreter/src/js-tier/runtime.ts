/**
 * What translated functions share at run time: one `JsRuntime` per store holds the registers of the run in
 * progress (fuel, call depth, the hand-over flag), the scratch words for float bits and i64 halves, the traps,
 * and the safepoint write-back that turns a translated frame into an interpreter frame.
 * @module
 */
import { RuntimeError, TrapCode } from '../errors.js';
import type { Execution } from '../execution.js';
import { isCanonicalSubtype } from '../heap-types.js';
import type { FuncInst } from '../runtime.js';
import type { Store } from '../store.js';
import { ValType } from '../types.js';

/** Hand-over reasons a safepoint writes into `JsRuntime.ho`. */
export const HO_NONE = 0;
/** The interpreter continues at the written position (a fuel shortfall, a call it must make). */
export const HO_CONTINUE = 1;
/** An interrupt was requested: the execution suspends at the written position. */
export const HO_INTERRUPT = 2;
/** The fuel left could not pay for a block: the interpreter runs up to the stop. */
export const HO_FUEL = 3;

/** Translated calls nested in JavaScript before a call hands over to the interpreter (bounds the JS stack). */
export const MAX_JS_NESTING = 40;

/** A safepoint of a translated function: where the interpreter resumes and the types of the live slots. */
export interface Safepoint {
  /** Byte offset (from the body start) of the original instruction the interpreter continues at. */
  readonly offset: number;
  /** Value types of the locals, then of the operand stack, one slot each. */
  readonly types: Uint8Array;
}

/** A translated function as generated code calls it: `(fp, ...params) => first result`. */
export type JsFunction = (...args: number[]) => number;

/** A translated function and its entry from the interpreter (arguments and results in the frame at `fp`). */
export interface JsEntry {
  readonly f: JsFunction;
  readonly e: (fp: number) => void;
  /** Continues the running frame at `fp` (locals and operands in the frame) at entry safepoint `id`. */
  readonly o: (fp: number, id: number) => void;
}

/** The registers and helpers shared by every translated function of a store. */
export class JsRuntime {
  readonly store: Store;
  /** Translated functions by function address (undefined: not translated yet, null: stays interpreted). */
  readonly fns: (JsFunction | null | undefined)[] = [];
  /** Frame size (`maxSlots`) of each translated function, by address. */
  readonly ms: number[] = [];
  /** Translated calls nested in JavaScript before a call hands over (`MAX_JS_NESTING`). */
  nest = MAX_JS_NESTING;
  /** The store's call-depth limit. */
  readonly maxDepth: number;
  /** Fuel left; charged per straight-line block. */
  fuel = 0;
  /** Frames below the running translated function (the interpreter's frame count at its level). */
  dp = 0;
  /** `dp` of the outermost translated function of this entry from the interpreter. */
  base = 0;
  /** Non-zero once a safepoint has handed over (an `HO_*` reason). */
  ho = HO_NONE;
  /** Value-stack slots the execution has room for. */
  cap = 0;
  /** The interrupt flag of the execution in progress. */
  intr: Int32Array = new Int32Array(1);
  /** The execution in progress. */
  ex: Execution | null = null;
  /** Scratch for i64 helpers: results in words 0 and 1, operands in 2…5; extra results from word 8 on. */
  readonly t = new Int32Array(64);
  /** Extra f64 results of a call. */
  readonly rd = new Float64Array(32);
  /** Float punning scratch: the same 8 bytes as words, f32 lanes and one f64. */
  readonly wi: Int32Array;
  readonly wf: Float32Array;
  readonly wd: Float64Array;
  /** The innermost handed-over frame: function address, resume offset, frame pointer, stack pointer. */
  topAddr = -1;
  topOff = 0;
  topFp = 0;
  topSp = 0;
  /** Translates (or declines) the function at an address: set by the tier. */
  up: (addr: number) => JsFunction | null = () => null;
  /** Handed-over caller frames, innermost first: (function address, return offset, fp) triples. */
  readonly frames: number[] = [];

  constructor(store: Store) {
    this.store = store;
    this.maxDepth = store.maxCallDepth;
    const buf = new ArrayBuffer(8);
    this.wi = new Int32Array(buf);
    this.wf = new Float32Array(buf);
    this.wd = new Float64Array(buf);
  }

  /** Makes room for `slots` value-stack slots, or traps as the interpreter's call does. */
  room(slots: number): void {
    const ex = this.ex!;
    if (!ex.ensureSlots(slots)) throw new RuntimeError(TrapCode.CallStackExhausted);
    this.cap = ex.f64.length;
  }

  /** The call-depth limit was reached. */
  deep(): never {
    throw new RuntimeError(TrapCode.CallStackExhausted);
  }

  oob(): never {
    throw new RuntimeError(TrapCode.MemoryOutOfBounds);
  }

  trap(code: TrapCode, message?: string): never {
    throw new RuntimeError(code, message);
  }

  /** `call_indirect` found a null entry. */
  uninit(i: number): never {
    throw new RuntimeError(TrapCode.UninitializedElement, `uninitialized element ${i}`);
  }

  /** `call_indirect`'s checks: the callee address of table entry `i` with type id `typeId`. */
  indirect(tableAddr: number, i: number, typeId: number): number {
    const table = this.store.tables[tableAddr]!;
    if (i >= table.length) throw new RuntimeError(TrapCode.UndefinedElement);
    const ref = table.elements[i]!;
    if (ref === 0) this.uninit(i);
    const f: FuncInst = this.store.funcs[ref - 1]!;
    if (f.typeId !== typeId && !isCanonicalSubtype(f.typeId, typeId)) throw new RuntimeError(TrapCode.BadSignature);
    return ref - 1;
  }

  /** f64 from its two words (constants that are NaNs with payloads). */
  f64(lo: number, hi: number): number {
    this.wi[0] = lo;
    this.wi[1] = hi;
    return this.wd[0]!;
  }

  /**
   * The innermost safepoint: writes the frame's live values into the value stack, records where the
   * interpreter continues, and flags the hand-over.
   */
  wb(addr: number, sp: Safepoint, fp: number, vals: readonly number[], reason: number): number {
    this.write(sp, fp, vals);
    this.ho = reason;
    this.frames.length = 0;
    this.topAddr = addr;
    this.topOff = sp.offset;
    this.topFp = fp;
    this.topSp = fp + sp.types.length;
    return 0;
  }

  /** A caller of a handed-over callee: writes its values below the call's arguments and records its frame. */
  wbc(addr: number, sp: Safepoint, fp: number, vals: readonly number[]): number {
    this.write(sp, fp, vals);
    this.frames.push(addr, sp.offset, fp);
    return 0;
  }

  private write(sp: Safepoint, fp: number, vals: readonly number[]): void {
    const ex = this.ex!;
    const s32 = ex.s32;
    const types = sp.types;
    let v = 0;
    for (let k = 0; k < types.length; k++) {
      const w = (fp + k) << 1;
      switch (types[k]) {
        case ValType.I64:
        case ValType.F64: // as its two words
          s32[w] = vals[v]!;
          s32[w + 1] = vals[v + 1]!;
          v += 2;
          break;
        default: // i32, f32 (as bits)
          s32[w] = vals[v++]!;
          s32[w + 1] = 0;
      }
    }
  }
}
