/**
 * The fast path of body validation: a tight loop over the bytes for the instructions that make up nearly all
 * real code (locals, globals, constants, numeric operators, loads and stores, blocks, branches, calls), with the
 * operand types and control frames in typed arrays and LEB128 read inline. Nothing is allocated per
 * instruction and no internal code is written (bodies are translated on their first call).
 *
 * It only ever *accepts*: it answers "valid" when the body is valid under exactly the rules of the general
 * validator (`FunctionCompiler` in `compile-function.ts`), and "ask the general path" for anything else: an
 * instruction it does not handle (SIMD, GC, exceptions, atomics, tables, bulk segments, multi-memory,
 * memory64, typed references), a type that needs subtyping, a non-defaultable local, an odd LEB128 encoding,
 * and every error. The general validator then checks the whole body again and reports the error the spec
 * expects, so error messages have one source. The numeric, load and store typing rules come from the tables of
 * `numeric-sigs.ts`, shared with the general validator.
 * @module
 */

import type { ValidationContext } from './compile-function.js';
import { CompKind, type SubTypeDecl } from './heap-types.js';
import { LOAD_ALIGN, LOAD_TYPE, SIG_A, SIG_B, SIG_R } from './numeric-sigs.js';
import { type FuncType, type GlobalType, type TableType, ValType } from './types.js';

/** Unknown operand type, from a polymorphic (unreachable) stack: as in the general validator. */
const UNKNOWN = 0;
/** `popAny`'s answer when the general path must decide. */
const BAIL = -1;

const I32 = ValType.I32;
const V128 = ValType.V128;

/** Frame kinds: the opcodes that open them (a block is any other), and the function's own frame. */
const K_FUNC = -1;
const K_LOOP = 0x03;
const K_IF = 0x04;
const K_ELSE = 0x05;

/** `other`'s answers. */
const CONTINUE = 0;
const DONE = 1;
const BAILED = 2;

/**
 * Immediate kinds of the simple instructions (those whose typing is "pop at most two fixed types, push at most
 * one"); `IMM_NOT_SIMPLE` for every other opcode.
 */
const IMM_NOT_SIMPLE = 0;
const IMM_NONE = 1;
const IMM_MEMARG = 2;
const IMM_S32 = 3;
const IMM_S64 = 4;
const IMM_F32 = 5;
const IMM_F64 = 6;
const IMM_MEMIDX = 7;

/** Per one-byte opcode: immediate kind, operands (b popped first, 0 for none), result (0 for none), alignment. */
const IMM = new Uint8Array(256);
const POP_A = new Uint8Array(256);
const POP_B = new Uint8Array(256);
const PUSH_R = new Uint8Array(256);
const ALIGN = new Uint8Array(256);
(() => {
  const simple = (op: number, imm: number, a: number, b: number, r: number): void => {
    IMM[op] = imm;
    POP_A[op] = a;
    POP_B[op] = b;
    PUSH_R[op] = r;
  };
  // Numeric operators, from the signature tables the general validator uses.
  for (let op = 0x45; op <= 0xc4; op++) if (SIG_R[op] !== 0) simple(op, IMM_NONE, SIG_A[op]!, SIG_B[op]!, SIG_R[op]!);
  // Loads (address → value) and stores (address, value →), from the same load/store tables.
  for (let op = 0x28; op <= 0x3e; op++) {
    const t = LOAD_TYPE[op - 0x28]!;
    if (op <= 0x35) simple(op, IMM_MEMARG, I32, 0, t);
    else simple(op, IMM_MEMARG, I32, t, 0);
    ALIGN[op] = LOAD_ALIGN[op - 0x28]!;
  }
  simple(0x01, IMM_NONE, 0, 0, 0); // nop
  simple(0x3f, IMM_MEMIDX, 0, 0, I32); // memory.size
  simple(0x40, IMM_MEMIDX, I32, 0, I32); // memory.grow
  simple(0x41, IMM_S32, 0, 0, I32);
  simple(0x42, IMM_S64, 0, 0, ValType.I64);
  simple(0x43, IMM_F32, 0, 0, ValType.F32);
  simple(0x44, IMM_F64, 0, 0, ValType.F64);
})();

const NO_TYPES: readonly number[] = [];
/** One-result block types (indexed by the value type's code). */
const SINGLE: readonly (readonly number[])[] = (() => {
  const a: (readonly number[])[] = [];
  for (const t of [
    ValType.I32,
    ValType.I64,
    ValType.F32,
    ValType.F64,
    ValType.V128,
    ValType.FuncRef,
    ValType.ExternRef,
  ]) {
    a[t] = [t];
  }
  return a;
})();

/** Whether a declared local's type is one the fast path handles: numbers, v128 and the nullable abstract references. */
function simpleLocal(t: number): boolean {
  return (t >= ValType.V128 && t <= ValType.I32) || t === ValType.FuncRef || t === ValType.ExternRef;
}

function isNum(t: number): boolean {
  return t >= ValType.F64 && t <= ValType.I32;
}

/**
 * The fast validator of one module's bodies; one instance checks any number of them, reusing its buffers.
 * After a successful `check`, `paramSlots`, `localSlots`, `resultSlots` and `maxSlotH` describe the body as the
 * general validator would.
 */
export class FastValidator {
  // The module's index spaces (`ValidationContext`), as fields: one shape at every access.
  private readonly types: readonly FuncType[];
  private readonly funcTypes: readonly number[];
  private readonly globals: readonly GlobalType[];
  private readonly tables: readonly TableType[];
  private readonly subTypes: readonly SubTypeDecl[];
  private readonly bytes: Uint8Array;
  /** Memory 0 exists and is a 32-bit memory: the only memory instructions handled here. */
  private readonly mem32: boolean;
  private p = 0;
  private end = 0;
  // Operand types up to `vh`; slot heights as the general validator counts them (v128 takes two).
  private vals: Int32Array<ArrayBuffer> = new Int32Array(256);
  private vh = 0;
  private slotH = 0;
  // Control frames, innermost at `top`.
  private top = -1;
  private cKind = new Int32Array(64);
  private cHeight = new Int32Array(64);
  private cSlot = new Int32Array(64);
  private cUnreach = new Uint8Array(64);
  private cStart: (readonly number[])[] = [];
  private cEnd: (readonly number[])[] = [];
  private localTypes = new Int32Array(64);
  private localCount = 0;
  private depths = new Int32Array(64);
  private results: readonly number[] = NO_TYPES;
  /** Slots of the parameters of the body last checked. */
  paramSlots = 0;
  /** Slots of its parameters and locals. */
  localSlots = 0;
  /** Slots of its results. */
  resultSlots = 0;
  /** Its deepest operand stack, in slots. */
  maxSlotH = 0;

  /** @param ctx the module's index spaces */
  constructor(ctx: ValidationContext) {
    this.bytes = ctx.bytes;
    this.types = ctx.types;
    this.funcTypes = ctx.funcTypes;
    this.globals = ctx.globals;
    this.tables = ctx.tables;
    this.subTypes = ctx.subTypes;
    this.mem32 = ctx.mems.length > 0 && ctx.mems[0]!.address64 !== true;
  }

  /**
   * Checks one body.
   * @param funcIdx the function's index (imports included)
   * @param locals the body's declared locals (not the params)
   * @param codeStart absolute offset of the first instruction
   * @param end absolute offset just past the body
   * @returns true when the body is valid; false when the general validator must decide (it may be valid too)
   */
  check(funcIdx: number, locals: readonly number[], codeStart: number, end: number): boolean {
    const type: FuncType = this.types[this.funcTypes[funcIdx]!]!;
    const params = type.params;
    const count = params.length + locals.length;
    if (this.localTypes.length < count) this.localTypes = new Int32Array(count * 2);
    const lt = this.localTypes;
    let slots = 0;
    for (let i = 0; i < params.length; i++) {
      const t = params[i]!;
      lt[i] = t;
      slots += t === V128 ? 2 : 1;
    }
    this.paramSlots = slots;
    for (let i = 0; i < locals.length; i++) {
      const t = locals[i]!;
      if (!simpleLocal(t)) return false;
      lt[params.length + i] = t;
      slots += t === V128 ? 2 : 1;
    }
    this.localSlots = slots;
    this.localCount = count;
    this.results = type.results;
    this.resultSlots = slotsOfTypes(type.results);
    this.vh = 0;
    this.slotH = 0;
    this.maxSlotH = 0;
    this.top = -1;
    this.p = codeStart;
    this.end = end;
    this.pushCtrl(K_FUNC, NO_TYPES, type.results);
    // The instruction loop (in this method: V8 then optimises one function, not this one and a copy inlined in
    // it). The simple and the local instructions run here on local copies of the position and the stack
    // heights; the others in `other`, with the copies written back before and read again after.
    const bytes = this.bytes;
    const localTypes = this.localTypes;
    const localCount = this.localCount;
    let vals = this.vals;
    let p = this.p;
    let vh = this.vh;
    let slotH = this.slotH;
    let maxH = this.maxSlotH;
    // The innermost frame's operand floor and whether its stack is polymorphic (after an unconditional branch).
    let floor = this.cHeight[this.top]!;
    let poly = this.cUnreach[this.top] === 1;
    for (;;) {
      if (p >= end) return false;
      const op = bytes[p++]!;
      const imm = IMM[op]!;
      if (imm !== IMM_NOT_SIMPLE) {
        // A simple instruction: its immediate, then at most two operands popped and one result pushed.
        if (imm !== IMM_NONE) {
          this.p = p;
          if (!this.skipImmediate(imm)) return false;
          p = this.p;
        }
        const b = POP_B[op]!;
        if (b !== 0) {
          if (vh === floor) {
            if (!poly) return false;
          } else {
            const v = vals[vh - 1]!;
            if (v !== b && v !== UNKNOWN) return false;
            vh--;
            slotH -= v === V128 ? 2 : 1;
          }
        }
        const a = POP_A[op]!;
        if (a !== 0) {
          if (vh === floor) {
            if (!poly) return false;
          } else {
            const v = vals[vh - 1]!;
            if (v !== a && v !== UNKNOWN) return false;
            vh--;
            slotH -= v === V128 ? 2 : 1;
          }
        }
        const r = PUSH_R[op]!;
        if (r !== 0) {
          if (vh === vals.length) vals = this.growVals();
          vals[vh++] = r;
          slotH += r === V128 ? 2 : 1;
          if (slotH > maxH) maxH = slotH;
        }
        continue;
      }
      if (op >= 0x20 && op <= 0x22) {
        // local.get, local.set, local.tee: a one-byte index here, a longer one through `u32`.
        let idx: number;
        if (p < end && bytes[p]! < 0x80) idx = bytes[p++]!;
        else {
          this.p = p;
          idx = this.u32();
          p = this.p;
        }
        if (idx < 0 || idx >= localCount) return false;
        const t = localTypes[idx]!;
        if (op !== 0x20) {
          if (vh === floor) {
            if (!poly) return false;
          } else {
            const v = vals[vh - 1]!;
            if (v !== t && v !== UNKNOWN) return false;
            vh--;
            slotH -= v === V128 ? 2 : 1;
          }
        }
        if (op !== 0x21) {
          if (vh === vals.length) vals = this.growVals();
          vals[vh++] = t;
          slotH += t === V128 ? 2 : 1;
          if (slotH > maxH) maxH = slotH;
        }
        continue;
      }
      this.p = p;
      this.vh = vh;
      this.slotH = slotH;
      this.maxSlotH = maxH;
      const done = this.other(op, end);
      if (done !== CONTINUE) return done === DONE;
      vals = this.vals;
      p = this.p;
      vh = this.vh;
      slotH = this.slotH;
      maxH = this.maxSlotH;
      floor = this.cHeight[this.top]!;
      poly = this.cUnreach[this.top] === 1;
    }
  }

  /** Doubles the operand type stack; returns the new one. */
  private growVals(): Int32Array<ArrayBuffer> {
    const a = new Int32Array(this.vals.length * 2);
    a.set(this.vals);
    this.vals = a;
    return a;
  }

  /** The instructions that are neither simple nor local: CONTINUE, DONE at the function's end, or BAILED. */
  private other(op: number, end: number): number {
    switch (op) {
      case 0x23: /* global.get */
      case 0x24: /* global.set */ {
        const idx = this.u32();
        const g = idx < 0 ? undefined : this.globals[idx];
        if (g === undefined) return BAILED;
        if (op === 0x23) this.push(g.valType);
        else if (!g.mutable || !this.pop(g.valType)) return BAILED;
        return CONTINUE;
      }
      case 0x00 /* unreachable */:
        this.setUnreachable();
        return CONTINUE;
      case 0x02: /* block */
      case 0x03: /* loop */
      case 0x04: /* if */ {
        const bt = this.blockType();
        if (bt === null) return BAILED;
        if (op === K_IF && !this.pop(I32)) return BAILED;
        if (!this.popTypes(bt.params)) return BAILED;
        this.pushCtrl(op, bt.params, bt.results);
        return CONTINUE;
      }
      case 0x05: /* else */ {
        const c = this.top;
        if (this.cKind[c] !== K_IF || !this.popTypes(this.cEnd[c]!) || this.vh !== this.cHeight[c]) return BAILED;
        this.cKind[c] = K_ELSE;
        this.cUnreach[c] = 0;
        this.slotH = this.cSlot[c]!;
        this.pushTypes(this.cStart[c]!);
        return CONTINUE;
      }
      case 0x0b: /* end */ {
        const c = this.top;
        const ends = this.cEnd[c]!;
        if (!this.popTypes(ends) || this.vh !== this.cHeight[c]) return BAILED;
        this.slotH = this.cSlot[c]!;
        if (this.cKind[c] === K_IF && !sameTypes(this.cStart[c]!, ends)) return BAILED;
        this.top = c - 1;
        this.pushTypes(ends);
        if (c === 0) return this.p === end ? DONE : BAILED;
        return CONTINUE;
      }
      case 0x0c: /* br */ {
        const c = this.label();
        if (c < 0 || !this.popTypes(this.labelTypes(c))) return BAILED;
        this.setUnreachable();
        return CONTINUE;
      }
      case 0x0d: /* br_if */ {
        const c = this.label();
        if (c < 0 || !this.pop(I32)) return BAILED;
        const types = this.labelTypes(c);
        if (!this.popTypes(types)) return BAILED;
        this.pushTypes(types);
        return CONTINUE;
      }
      case 0x0e /* br_table */:
        return this.brTable() ? CONTINUE : BAILED;
      case 0x0f /* return */:
        if (!this.popTypes(this.results)) return BAILED;
        this.setUnreachable();
        return CONTINUE;
      case 0x10: /* call */ {
        const fi = this.u32();
        if (fi < 0 || fi >= this.funcTypes.length) return BAILED;
        const ft = this.types[this.funcTypes[fi]!]!;
        if (!this.popTypes(ft.params)) return BAILED;
        this.pushTypes(ft.results);
        return CONTINUE;
      }
      case 0x11 /* call_indirect */:
        return this.callIndirect() ? CONTINUE : BAILED;
      case 0x1a /* drop */:
        return this.popAny() === BAIL ? BAILED : CONTINUE;
      case 0x1b /* select */:
        return this.select() ? CONTINUE : BAILED;
      case 0xfc:
        return this.prefixFc() ? CONTINUE : BAILED;
      default:
        return BAILED;
    }
  }

  private callIndirect(): boolean {
    const ti = this.u32();
    const tab = this.u32();
    if (ti < 0 || tab < 0 || tab >= this.tables.length || ti >= this.types.length) return false;
    if (this.subTypes[ti]?.kind !== CompKind.Func) return false;
    const tt = this.tables[tab]!;
    if (tt.elemType !== ValType.FuncRef || tt.address64 === true || !this.pop(I32)) return false;
    const ft = this.types[ti]!;
    if (!this.popTypes(ft.params)) return false;
    this.pushTypes(ft.results);
    return true;
  }

  private select(): boolean {
    if (!this.pop(I32)) return false;
    const t1 = this.popAny();
    const t2 = this.popAny();
    if (t1 === BAIL || t2 === BAIL) return false;
    if (t1 !== UNKNOWN && !isNum(t1) && t1 !== V128) return false;
    if (t2 !== UNKNOWN && !isNum(t2) && t2 !== V128) return false;
    if (t1 !== UNKNOWN && t2 !== UNKNOWN && t1 !== t2) return false;
    this.push(t1 === UNKNOWN ? t2 : t1);
    return true;
  }

  /** The `0xfc` instructions handled here: saturating truncations, `memory.copy` and `memory.fill` of memory 0. */
  private prefixFc(): boolean {
    const sub = this.u32();
    if (sub >= 0 && sub < 8) {
      // Saturating truncations: their signatures sit at 0x100 + sub-opcode.
      const k = 0x100 + sub;
      if (!this.pop(SIG_A[k]!)) return false;
      this.push(SIG_R[k]!);
      return true;
    }
    // memory.copy (two memory indices) and memory.fill (one): three i32 operands.
    if (sub === 10) {
      if (!this.memIdx0()) return false;
    } else if (sub !== 11) return false;
    return this.memIdx0() && this.pop(I32) && this.pop(I32) && this.pop(I32);
  }

  /** Skips a simple instruction's immediate of kind `imm`: false to bail. */
  private skipImmediate(imm: number): boolean {
    switch (imm) {
      case IMM_MEMARG:
        return this.memArg(ALIGN[this.bytes[this.p - 1]!]!);
      case IMM_S32:
        return this.skipSigned(5, 0x78);
      case IMM_S64:
        return this.skipSigned(10, 0x7f);
      case IMM_MEMIDX:
        return this.memIdx0();
      default: {
        // Float constants: 4 or 8 bytes.
        const n = imm === IMM_F32 ? 4 : 8;
        if (this.end - this.p < n) return false;
        this.p += n;
        return true;
      }
    }
  }

  private push(t: number): void {
    const vh = this.vh;
    if (vh === this.vals.length) this.growVals();
    this.vals[vh] = t;
    this.vh = vh + 1;
    const h = this.slotH + (t === V128 ? 2 : 1);
    this.slotH = h;
    if (h > this.maxSlotH) this.maxSlotH = h;
  }

  /** Pops an operand of exactly type `t` (or an unknown one): false to bail. */
  private pop(t: number): boolean {
    const vh = this.vh;
    const c = this.top;
    if (vh === this.cHeight[c]) return this.cUnreach[c] === 1;
    const v = this.vals[vh - 1]!;
    if (v !== t && v !== UNKNOWN) return false;
    this.vh = vh - 1;
    this.slotH -= v === V128 ? 2 : 1;
    return true;
  }

  /** Pops any operand: its type, UNKNOWN from a polymorphic stack, or BAIL. */
  private popAny(): number {
    const vh = this.vh;
    const c = this.top;
    if (vh === this.cHeight[c]) return this.cUnreach[c] === 1 ? UNKNOWN : BAIL;
    const v = this.vals[vh - 1]!;
    this.vh = vh - 1;
    this.slotH -= v === V128 ? 2 : 1;
    return v;
  }

  private popTypes(ts: readonly number[]): boolean {
    for (let i = ts.length - 1; i >= 0; i--) if (!this.pop(ts[i]!)) return false;
    return true;
  }

  private pushTypes(ts: readonly number[]): void {
    for (let i = 0; i < ts.length; i++) this.push(ts[i]!);
  }

  private pushCtrl(kind: number, start: readonly number[], ends: readonly number[]): void {
    const c = this.top + 1;
    if (c === this.cKind.length) this.growCtrl();
    this.top = c;
    this.cKind[c] = kind;
    this.cHeight[c] = this.vh;
    this.cSlot[c] = this.slotH;
    this.cUnreach[c] = 0;
    this.cStart[c] = start;
    this.cEnd[c] = ends;
    this.pushTypes(start);
  }

  private growCtrl(): void {
    const n = this.cKind.length * 2;
    const grow = (a: Int32Array): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.cKind = grow(this.cKind);
    this.cHeight = grow(this.cHeight);
    this.cSlot = grow(this.cSlot);
    const u = new Uint8Array(n);
    u.set(this.cUnreach);
    this.cUnreach = u;
  }

  private setUnreachable(): void {
    const c = this.top;
    this.vh = this.cHeight[c]!;
    this.slotH = this.cSlot[c]!;
    this.cUnreach[c] = 1;
  }

  /** Reads a label index: its frame, or -1 to bail. */
  private label(): number {
    const d = this.u32();
    if (d < 0 || d > this.top) return -1;
    return this.top - d;
  }

  private labelTypes(c: number): readonly number[] {
    return this.cKind[c] === K_LOOP ? this.cStart[c]! : this.cEnd[c]!;
  }

  private brTable(): boolean {
    const n = this.u32();
    if (n < 0 || n > this.end - this.p) return false;
    if (this.depths.length <= n) this.depths = new Int32Array(n * 2 + 1);
    const depths = this.depths;
    for (let i = 0; i <= n; i++) {
      const c = this.label();
      if (c < 0) return false;
      depths[i] = c;
    }
    if (!this.pop(I32)) return false;
    const def = this.labelTypes(depths[n]!);
    for (let i = 0; i <= n; i++) {
      const types = this.labelTypes(depths[i]!);
      if (types.length !== def.length) return false;
      // Each label's types must accept the operands (popping only moves the height: the types stay).
      const vh = this.vh;
      const slotH = this.slotH;
      if (!this.popTypes(types)) return false;
      this.vh = vh;
      this.slotH = slotH;
    }
    if (!this.popTypes(def)) return false;
    this.setUnreachable();
    return true;
  }

  /** Reads a block type: its params and results, or null to bail. */
  private blockType(): FuncType | null {
    const p = this.p;
    if (p >= this.end) return null;
    const b = this.bytes[p]!;
    this.p = p + 1;
    if (b === 0x40) return EMPTY_BLOCK;
    const single = SINGLE_BLOCK[b];
    if (single !== undefined) return single;
    // A type index below 64 (one byte); longer ones and typed references take the general path.
    if (b >= 0x40 || b >= this.types.length || this.subTypes[b]?.kind !== CompKind.Func) return null;
    return this.types[b]!;
  }

  /** Reads a memarg of memory 0, a 32-bit memory: false to bail. */
  private memArg(naturalLog2: number): boolean {
    const align = this.u32();
    if (align < 0 || align > naturalLog2 || !this.mem32) return false;
    return this.u32() >= 0;
  }

  /** Reads a memory index that must be the one-byte 0 of a 32-bit memory 0. */
  private memIdx0(): boolean {
    const p = this.p;
    if (p >= this.end || this.bytes[p] !== 0 || !this.mem32) return false;
    this.p = p + 1;
    return true;
  }

  /** Reads an unsigned LEB128 of at most 32 bits: its value, or -1 when it is not a plain valid encoding. */
  private u32(): number {
    const bytes = this.bytes;
    const end = this.end;
    let p = this.p;
    if (p >= end) return -1;
    let x = bytes[p++]!;
    if (x < 0x80) {
      this.p = p;
      return x;
    }
    let v = x & 0x7f;
    for (let shift = 7; shift < 28; shift += 7) {
      if (p >= end) return -1;
      x = bytes[p++]!;
      v |= (x & 0x7f) << shift;
      if (x < 0x80) {
        this.p = p;
        return v >>> 0;
      }
    }
    // Fifth byte: 4 payload bits, no continuation.
    if (p >= end) return -1;
    x = bytes[p++]!;
    if (x > 0x0f) return -1;
    this.p = p;
    return (v | (x << 28)) >>> 0;
  }

  /**
   * Skips a signed LEB128 of at most `maxBytes` bytes whose last byte, when it is the `maxBytes`-th, has the bits
   * of `signMask` all equal (a valid s32: 5 bytes, mask 0x78; s64: 10 bytes, 0x7f). False to bail.
   */
  private skipSigned(maxBytes: number, signMask: number): boolean {
    const bytes = this.bytes;
    const end = this.end;
    let p = this.p;
    for (let i = 1; i < maxBytes; i++) {
      if (p >= end) return false;
      if (bytes[p++]! < 0x80) {
        this.p = p;
        return true;
      }
    }
    if (p >= end) return false;
    const x = bytes[p++]!;
    const high = x & signMask;
    if (x >= 0x80 || (high !== 0 && high !== signMask)) return false;
    this.p = p;
    return true;
  }
}

const EMPTY_BLOCK: FuncType = { params: NO_TYPES, results: NO_TYPES };
/** One-result block types, shared (indexed by value type code). */
const SINGLE_BLOCK: readonly (FuncType | undefined)[] = SINGLE.map((results) =>
  results === undefined ? undefined : { params: NO_TYPES, results },
);

function slotsOfTypes(ts: readonly number[]): number {
  let n = 0;
  for (let i = 0; i < ts.length; i++) n += ts[i] === V128 ? 2 : 1;
  return n;
}

function sameTypes(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
