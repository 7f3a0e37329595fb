/**
 * Validates one function body and, in the same pass, pre-decodes it into the internal code that the dispatch
 * loop executes. Operand heights are static in WebAssembly, so every branch's target and stack move are
 * resolved here: at run time there is no control stack, only values, frames and a pc.
 * @module
 */

import { addressType, minAddressType } from './address-type.js';
import { type AtomicCompileContext, compileAtomic } from './atomic-compile.js';
import { BinaryReader } from './binary-reader.js';
import { compileExceptionOp, endTryPart, type HandlerTable, patchHandlerTargets, takeHandlers } from './compile-exceptions.js';
import { compileFuncRefOp } from './compile-func-refs.js';
import { compileGcOp, compileRefEq } from './compile-gc.js';
import { emitAtomic64Op, emitMem64Op, emitSimdMem64Op, emitTable64Op } from './compile-memory64.js';
import { emitMemOp } from './compile-multi-memory.js';
import { compileTailCall } from './compile-tail-calls.js';
import { CompileError } from './errors.js';
import { ExtSub } from './ext-ops.js';
import type { GroupMap } from './fuse.js';
import { HeapCode, isRefType, refType, type SubTypeDecl, valSubtype } from './heap-types.js';
import { COST_ONE, IOp } from './internal-ops.js';
import { LOAD_ALIGN, LOAD_TYPE, SIG_A, SIG_B, SIG_R } from './numeric-sigs.js';
import { Op } from './opcodes.js';
import { compileSimd, type SimdCompileContext } from './simd-compile.js';
import { checkValType, isDefaultable, readHeapType, readValTypeOr } from './type-section.js';
import { type FuncType, type GlobalType, type MemType, type RefType, type TableType, ValType } from './types.js';

/** What a function body may refer to: the module's index spaces. */
export interface ValidationContext {
  readonly bytes: Uint8Array;
  readonly types: readonly FuncType[];
  /** Type index of every function, imported ones first. */
  readonly funcTypes: readonly number[];
  readonly tables: readonly TableType[];
  readonly mems: readonly MemType[];
  readonly globals: readonly GlobalType[];
  readonly elemTypes: readonly RefType[];
  readonly dataCount: number | null;
  /** Functions that `ref.func` may name in code (declared in elements, exports or globals). */
  readonly refs: ReadonlySet<number>;
  /** Type index of every tag, imports first (exception handling). */
  readonly tagTypes: readonly number[];
  /** Canonical id of every type index (`heap-types.ts`): type equivalence and subtyping go through them. */
  readonly typeIds: readonly number[];
  /** Every type as declared (its kind: function, struct or array). */
  readonly subTypes: readonly SubTypeDecl[];
}

/**
 * A validated, pre-decoded function. Everything but the fused copy is fixed at compilation; `prepare` in
 * `fuse.ts` appends the fused copy to `code` on the function's first run and fills `entry` and `groups`.
 */
export interface CompiledFunction {
  readonly funcIdx: number;
  readonly typeIdx: number;
  readonly type: FuncType;
  /** Internal code: the plain code (`plainLen` words, one internal instruction per original one), then the fused
   * copy. Empty until the body is translated (`lazy` null; see `ensureCompiled`). */
  code: Int32Array;
  /** Words of plain code at the start of `code`: a pc below it is plain, at or above it fused. */
  plainLen: number;
  /** The pc where a call enters the function: -1 until prepared, then the fused copy's first pc. */
  entry: number;
  /** The fused copy's groups, once prepared. */
  groups: GroupMap | null;
  /** Slots taken by the parameters. */
  readonly paramSlots: number;
  /** Slots taken by parameters and locals (the operand stack starts here, relative to fp). */
  readonly localSlots: number;
  /** Slots the frame may use at most: locals plus the deepest operand stack (known from validation). */
  readonly maxSlots: number;
  /** Slots taken by the results. */
  readonly resultSlots: number;
  /** Internal pcs of instruction starts, ascending. */
  pcs: Int32Array;
  /** Byte offset from the body start of the instruction at `pcs[i]`, ascending. */
  offsets: Int32Array;
  /** Operand-stack height in slots (above the locals) before the instruction at `pcs[i]`. */
  heights: Int32Array;
  /** Absolute offset of the body in the module bytes. */
  readonly bodyStart: number;
  /** Exception handlers resolved at compilation (`compile-exceptions.ts`), or null when the body has none. */
  handlers: HandlerTable | null;
  /**
   * While the body is validated but not yet translated into internal code: what translating it needs. Null
   * once translated. Lazy compilation: a module validates every body eagerly and translates each on its first
   * call, start or restore (`ensureCompiled`).
   */
  lazy: LazyBody | null;
}

/** A validated body waiting for its translation: the module's translator and where the body is. */
export interface LazyBody {
  readonly translator: LazyTranslator;
  readonly locals: readonly number[];
  readonly codeStart: number;
  readonly end: number;
}

/** One module's translator, shared by its lazy bodies and made on the first translation. */
export class LazyTranslator {
  private compiler: FunctionCompiler | null = null;
  constructor(private readonly ctx: ValidationContext) {}

  /** Translates a validated body into internal code (it cannot fail: validation passed). */
  translate(c: CompiledFunction, body: LazyBody): CompiledFunction {
    this.compiler ??= new FunctionCompiler(this.ctx, true);
    return this.compiler.compile(c.funcIdx, body.locals, c.bodyStart, body.codeStart, body.end);
  }
}

/**
 * Translates a lazily compiled function's body into internal code unless done: the plain code, the pc map and
 * the handler table are filled in (the fused copy stays for `prepare`). Whatever runs or restores a function
 * calls it first; another tier may call it to read the internal code.
 * @param c a compiled function
 * @returns c, translated
 */
export function ensureCompiled(c: CompiledFunction): CompiledFunction {
  const lazy = c.lazy;
  if (lazy === null) return c;
  const t = lazy.translator.translate(c, lazy);
  c.code = t.code;
  c.plainLen = t.plainLen;
  c.pcs = t.pcs;
  c.offsets = t.offsets;
  c.heights = t.heights;
  c.handlers = t.handlers;
  c.lazy = null;
  return c;
}

/**
 * Slots a frame may use at most: its locals, its deepest operand stack and two to spare.
 * @param localSlots slots of the parameters and locals
 * @param maxSlotH the deepest operand stack in slots, as validation found it
 */
export function maxSlotsOf(localSlots: number, maxSlotH: number): number {
  return localSlots + maxSlotH + 2;
}

/**
 * A validated function whose body is not translated yet (empty code and pc map): what a module keeps for each
 * body until its first call (`ensureCompiled`), with `lazy` saying where the body is (null when validating only:
 * the function must then not be run). The same shape as a translated function, fields in the same order.
 */
export function validatedFunction(
  funcIdx: number,
  typeIdx: number,
  type: FuncType,
  paramSlots: number,
  localSlots: number,
  resultSlots: number,
  maxSlots: number,
  bodyStart: number,
  lazy: LazyBody | null,
): CompiledFunction {
  return {
    funcIdx, typeIdx, type,
    code: NO_CODE,
    plainLen: 0,
    entry: -1,
    groups: null,
    paramSlots, localSlots, resultSlots, maxSlots,
    pcs: NO_CODE,
    offsets: NO_CODE,
    heights: NO_CODE,
    bodyStart,
    handlers: null,
    lazy,
  };
}

/** The code of a function not yet translated. */
const NO_CODE = new Int32Array(0);

/** Slots a value of the type takes on the value stack. */
export function slotsOf(t: number): number {
  return t === ValType.V128 ? 2 : 1;
}

function isNum(t: number): boolean {
  return t === ValType.I32 || t === ValType.I64 || t === ValType.F32 || t === ValType.F64;
}

function isRef(t: number): boolean {
  return isRefType(t);
}

/** Words in a new code arena (half as many for each pc-map arena): a few hundred small functions' worth. */
const ARENA_WORDS = 1 << 16;

/**
 * Words in a compiler's first code arena: room for a module of `moduleBytes` bytes (about two words per byte
 * of code at most in practice), up to `ARENA_WORDS`; a small module does not pay for zeroing a full arena at
 * start-up, and a larger one grows into full arenas on the first overflow.
 */
function firstArenaWords(moduleBytes: number): number {
  return Math.min(ARENA_WORDS, Math.max(256, moduleBytes * 2));
}

/** Unknown operand type, from a polymorphic (unreachable) stack. */
const UNKNOWN = 0;


export interface Ctrl {
  /** Op.Block, Op.Loop, Op.If, Op.Else, -1 for the function, or an exception-handling kind (`compile-exceptions.ts`). */
  kind: number;
  startTypes: readonly number[];
  endTypes: readonly number[];
  /** Operand count at entry (after popping params). */
  height: number;
  /** Operand slot height at entry. */
  slotHeight: number;
  unreachable: boolean;
  /** Code positions to patch with the end pc: the first `nFix` entries (the array is reused, never shrunk). */
  fixups: number[];
  nFix: number;
  /** Loop: pc of the loop's first instruction. */
  loopPc: number;
  /** If: position of the IfFalse target to patch at else/end. */
  elseFixup: number;
  /** Exception handling: the handler entry this `try`/`try_table` made (-1 for other blocks). */
  handler: number;
  /** The handler entry that catches what is thrown directly inside this block (-1: the caller's frame). */
  inner: number;
  /** Slots reserved under the operands (1 in a legacy `catch` clause: the caught exception). */
  extra: number;
  /** Handler clauses whose target is this label's end: positions in the clause list, the first `nHfix`. */
  hfix: number[];
  nHfix: number;
  /** Height of the initialised-locals list at entry: locals set inside the block are uninitialised again after it. */
  initHeight: number;
}

/** Reads a value type (typed references included). */
export function readValType(r: BinaryReader): number {
  return readValTypeOr(r, 'malformed value type');
}

/** Empty type list, shared. */
const NO_TYPES: readonly number[] = [];
/** One-result block types, shared (indexed by value type code). */
const SINGLE: readonly (readonly number[])[] = (() => {
  const a: (readonly number[])[] = [];
  for (const t of [ValType.I32, ValType.I64, ValType.F32, ValType.F64, ValType.V128, ValType.FuncRef, ValType.ExternRef,
    ValType.ExnRef]) {
    a[t] = [t];
  }
  return a;
})();

/**
 * Validates and compiles a function body.
 * @param ctx the module's index spaces
 * @param funcIdx the function's index (imports included)
 * @param locals the body's declared locals (not the params)
 * @param bodyStart absolute offset of the body's first byte
 * @param codeStart absolute offset of the first instruction
 * @param end absolute offset just past the body
 * @throws CompileError when the body is invalid or malformed
 */
export function compileFunction(
  ctx: ValidationContext,
  funcIdx: number,
  locals: readonly number[],
  bodyStart: number,
  codeStart: number,
  end: number,
): CompiledFunction {
  return new FunctionCompiler(ctx).compile(funcIdx, locals, bodyStart, codeStart, end);
}

/**
 * The validator and pre-decoder of function bodies. One instance compiles any number of bodies of a module,
 * reusing its scratch buffers; all validation state lives in its fields.
 */
export class FunctionCompiler {
  readonly ctx: ValidationContext;
  r: BinaryReader;
  type: FuncType = { params: [], results: [] };
  end = 0;
  /** Types of the current function's parameters and locals: the first `localCount` entries. */
  localTypes: Int32Array = new Int32Array(64);
  /** Per local: 1 once set (non-defaultable locals must be set before `local.get`; typed references). */
  localInit: Uint8Array = new Uint8Array(64);
  /** Locals initialised inside the open blocks, in order (each block resets the ones set since its entry). */
  inits: number[] = [];
  localCount = 0;
  localSlotOf: Int32Array = new Int32Array(64);
  resultSlots = 0;
  localSlots = 0;
  // Internal code and the pc map are written straight into arenas shared by the module's functions, from
  // `cb` and `mb` on: each function keeps views of them (no copy, and no backing store of its own to allocate).
  // `cp` and `np` count the current function's code words and instructions; pcs are relative to its start.
  code: Int32Array;
  cb = 0;
  cp = 0;
  pcs: Int32Array;
  offs: Int32Array;
  hts: Int32Array;
  mb = 0;
  np = 0;
  /** Operand slot height at the start of the current instruction (recorded with its pc for the fuser). */
  hAt = 0;
  bodyStart = 0;
  // Operand and control stacks. The operand stack holds value type codes (UNKNOWN is 0) up to height `vh`;
  // `top` is the innermost control frame. Typed arrays and fields: no allocation per instruction.
  vals: Int32Array = new Int32Array(256);
  vh = 0;
  slotH = 0;
  maxSlotH = 0;
  ctrls: Ctrl[] = [];
  top!: Ctrl;
  // The stack move of the branch `branchMove` looked at last.
  moveArity = 0;
  moveDst = 0;
  moveNeeded = false;
  private depths: Int32Array = new Int32Array(64);
  private readonly ctrlPool: Ctrl[] = [];
  instrAt = 0;
  /** Exception handler entries and clauses of the current body, as `compile-exceptions.ts` builds them. */
  hEnt: number[] = [];
  hCl: number[] = [];
  /** The context lent to the SIMD compiler, made once. */
  readonly simd: SimdCompileContext & { live: boolean };
  /** The context lent to the atomic (threads) compiler, made once. */
  readonly atomic: AtomicCompileContext & { live: boolean };

  /**
   * False to validate only: instructions are then checked as always but no internal code is emitted (what is
   * written, a few words at block ends, is meaningless), so the compiled functions must not be run.
   */
  readonly emitting: boolean;

  /**
   * Called at the start of every instruction (`instrAt`, operand types `vals[0, vh)`) when set: how the GC's
   * stack maps read the operand types at an offset (`stack-maps.ts`). It may throw to stop the pass.
   */
  probe: ((fc: FunctionCompiler) => void) | null = null;

  /**
   * @param ctx the module's index spaces
   * @param emitting false to validate only (see `emitting`)
   */
  constructor(ctx: ValidationContext, emitting = true) {
    this.ctx = ctx;
    this.emitting = emitting;
    this.r = new BinaryReader(ctx.bytes, 0, 0);
    const words = firstArenaWords(ctx.bytes.length);
    this.code = new Int32Array(words);
    this.pcs = new Int32Array(words >> 1);
    this.offs = new Int32Array(words >> 1);
    this.hts = new Int32Array(words >> 1);
    this.simd = {
      reader: this.r,
      live: true,
      pop: (t: number) => this.pop(t),
      popAny: () => this.popAny(),
      push: (t: number) => this.push(t),
      fail: (msg: string) => this.fail(msg),
      readMemArg: (n: number) => this.readMemArg(n),
      emit: (v: number) => this.emit(v),
      addressType: () => this.addrType,
      emitOp: (sub: number) => {
        if (this.addrType === ValType.I64) {
          // On a memory64 memory: through IOp.Ext, the address's high word checked there.
          emitSimdMem64Op(this, this.memIdx, this.offsetHi | 0, sub);
          return;
        }
        if (this.memIdx !== 0) {
          // A SIMD load or store on a memory other than 0 (multi-memory): through IOp.Ext.
          this.emitOp(IOp.Ext);
          this.emit(ExtSub.SimdMem);
          this.emit(this.memIdx);
        } else this.emitOp(IOp.Simd);
        this.emit(sub);
      },
    };
    this.atomic = {
      reader: this.r,
      live: true,
      hasMemory: () => this.ctx.mems.length > 0,
      memory64: () => this.ctx.mems[0]?.address64 === true,
      emitAtomic64: (sub: number, offLo: number, offHi: number) => emitAtomic64Op(this, sub, offLo, offHi),
      pop: (t: number) => this.pop(t),
      push: (t: number) => this.push(t),
      fail: (msg: string) => this.fail(msg),
      emit: (v: number) => this.emit(v),
      emitOp: () => this.emitOp(IOp.Atomic),
    };
  }

  emit(v: number): void {
    // On overflow, a new arena (earlier functions keep the old one).
    if (this.cb + this.cp === this.code.length) this.growCode();
    this.code[this.cb + this.cp++] = v;
  }

  /** Emits an instruction's opcode word and maps its pc to the original offset. */
  emitOp(v: number): void {
    this.mark(this.instrAt);
    this.emit(v | COST_ONE);
  }

  // One call per instruction for the common shapes (the big `compile` method gets nothing inlined):
  // the opcode word and 0, 1 or 2 immediates, with the pc map entry.

  /** An instruction without immediates. */
  op0(v: number): void {
    this.mark(this.instrAt);
    const i = this.cb + this.cp;
    if (i + 1 > this.code.length) this.growCode();
    this.code[this.cb + this.cp++] = v | COST_ONE;
  }

  /** An instruction with one immediate. */
  op1(v: number, a: number): void {
    this.mark(this.instrAt);
    if (this.cb + this.cp + 2 > this.code.length) this.growCode();
    const i = this.cb + this.cp;
    const code = this.code;
    code[i] = v | COST_ONE;
    code[i + 1] = a;
    this.cp += 2;
  }

  /** An instruction with two immediates. */
  op2(v: number, a: number, b: number): void {
    this.mark(this.instrAt);
    if (this.cb + this.cp + 3 > this.code.length) this.growCode();
    const i = this.cb + this.cp;
    const code = this.code;
    code[i] = v | COST_ONE;
    code[i + 1] = a;
    code[i + 2] = b;
    this.cp += 3;
  }

  /** A new code arena with room to spare; the current function's code moves to its start. */
  growCode(): void {
    const n = new Int32Array(Math.max(ARENA_WORDS, this.cp * 4 + 16));
    n.set(this.code.subarray(this.cb, this.cb + this.cp));
    this.code = n;
    this.cb = 0;
  }

  mark(instrStart: number): void {
    const mb = this.mb;
    if (mb + this.np === this.pcs.length) {
      const size = Math.max(ARENA_WORDS >> 1, this.np * 4);
      const from = mb;
      const to = mb + this.np;
      const a = new Int32Array(size);
      a.set(this.pcs.subarray(from, to));
      this.pcs = a;
      const b = new Int32Array(size);
      b.set(this.offs.subarray(from, to));
      this.offs = b;
      const h = new Int32Array(size);
      h.set(this.hts.subarray(from, to));
      this.hts = h;
      this.mb = 0;
    }
    const i = this.mb + this.np;
    this.pcs[i] = this.cp;
    this.offs[i] = instrStart - this.bodyStart;
    this.hts[i] = this.hAt;
    this.np++;
  }

  fail(msg: string): never {
    throw new CompileError(msg, this.instrAt);
  }

  push(t: number): void {
    if (this.vh === this.vals.length) {
      const a = new Int32Array(this.vh * 2);
      a.set(this.vals);
      this.vals = a;
    }
    this.vals[this.vh++] = t;
    this.slotH += t === ValType.V128 ? 2 : 1;
    if (this.slotH > this.maxSlotH) this.maxSlotH = this.slotH;
  }

  popAny(): number {
    const c = this.top;
    if (this.vh === c.height) {
      if (c.unreachable) return UNKNOWN;
      this.fail('type mismatch');
    }
    const t = this.vals[--this.vh]!;
    this.slotH -= t === ValType.V128 ? 2 : 1;
    return t;
  }

  pop(expect: number): number {
    const t = this.popAny();
    if (t !== expect && t !== UNKNOWN && expect !== UNKNOWN && !valSubtype(t, expect, this.ctx.typeIds)) {
      this.fail('type mismatch');
    }
    return t === UNKNOWN ? expect : t;
  }

  /** Whether value type `a` matches `b` in this module. */
  matches(a: number, b: number): boolean {
    return a === b || valSubtype(a, b, this.ctx.typeIds);
  }

  /** Reads a value type and checks its type index, if any. */
  readValType(): number {
    const at = this.r.pos;
    const t = readValType(this.r);
    checkValType(t, this.ctx.types.length, at);
    return t;
  }

  /** Uninitialises the locals set since the initialised-locals list was `height` long. */
  resetInits(height: number): void {
    const inits = this.inits;
    while (inits.length > height) this.localInit[inits.pop()!] = 0;
  }

  popTypes(ts: readonly number[]): void {
    for (let i = ts.length - 1; i >= 0; i--) this.pop(ts[i]!);
  }

  pushTypes(ts: readonly number[]): void {
    for (let i = 0; i < ts.length; i++) this.push(ts[i]!);
  }

  slotsOfTypes(ts: readonly number[]): number {
    let n = 0;
    for (let i = 0; i < ts.length; i++) n += slotsOf(ts[i]!);
    return n;
  }

  pushCtrl(kind: number, startTypes: readonly number[], endTypes: readonly number[]): Ctrl {
    const c = this.ctrlPool.pop() ?? {
      kind: 0, startTypes: NO_TYPES, endTypes: NO_TYPES, height: 0, slotHeight: 0, unreachable: false,
      fixups: [], nFix: 0, loopPc: 0, elseFixup: -1, handler: -1, inner: -1, extra: 0, hfix: [], nHfix: 0,
      initHeight: 0,
    };
    c.kind = kind;
    c.startTypes = startTypes;
    c.endTypes = endTypes;
    c.height = this.vh;
    c.slotHeight = this.slotH;
    c.unreachable = false;
    c.nFix = 0;
    c.loopPc = this.cp;
    c.elseFixup = -1;
    c.handler = -1;
    c.inner = this.ctrls.length > 0 ? this.top.inner : -1;
    c.extra = 0;
    c.nHfix = 0;
    c.initHeight = this.inits.length;
    this.ctrls.push(c);
    this.top = c;
    this.pushTypes(startTypes);
    return c;
  }

  popCtrl(): Ctrl {
    if (this.ctrls.length === 0) this.fail('type mismatch');
    const c = this.top;
    this.popTypes(c.endTypes);
    if (this.vh !== c.height) this.fail('type mismatch');
    this.resetInits(c.initHeight);
    this.ctrls.pop();
    this.ctrlPool.push(c);
    this.top = this.ctrls[this.ctrls.length - 1]!;
    return c;
  }

  labelTypes(c: Ctrl): readonly number[] {
    return c.kind === Op.Loop ? c.startTypes : c.endTypes;
  }

  setUnreachable(): void {
    const c = this.top;
    this.vh = c.height;
    this.slotH = c.slotHeight + c.extra;
    c.unreachable = true;
  }

  isLive(): boolean {
    return !this.top.unreachable;
  }

  /** Emits the target pc of a branch to label `c` (patched at the label's end when forward). */
  emitBranchTarget(c: Ctrl): void {
    if (c.kind === Op.Loop) this.emit(c.loopPc);
    else {
      c.fixups[c.nFix++] = this.cp;
      this.emit(-1);
    }
  }

  /**
   * The stack move of a branch to `c`, into `moveArity` (slots kept), `moveDst` (their destination relative to
   * fp) and `moveNeeded` (whether they must move at all).
   */
  branchMove(c: Ctrl): void {
    const arity = this.slotsOfTypes(this.labelTypes(c));
    this.moveArity = arity;
    this.moveNeeded = this.slotH - arity !== c.slotHeight;
    this.moveDst = this.localSlots + c.slotHeight;
  }

  readBlockType(): { params: readonly number[]; results: readonly number[] } {
    const r = this.r;
    const at = r.pos;
    const b = this.ctx.bytes[at]!;
    if (b === 0x40) {
      r.pos++;
      return EMPTY_BLOCK;
    }
    const single = SINGLE_BLOCK[b];
    if (single !== undefined) {
      r.pos++;
      return single;
    }
    if (b === 0x63 || b === 0x64 || (b >= HeapCode.Exn && b <= HeapCode.NoExn)) {
      return { params: NO_TYPES, results: [this.readValType()] };
    }
    const idx = r.s33();
    if (idx < 0 || idx >= this.ctx.types.length) {
      throw new CompileError(idx < 0 ? 'malformed value type' : `unknown type ${idx}`, at);
    }
    return this.ctx.types[idx]!;
  }

  /** The memory index of the last memarg or memory instruction read (multi-memory; 0 when absent). */
  memIdx = 0;
  /** The address type of that memory (memory64: `i64`). */
  addrType: number = ValType.I32;
  /** The high word of the last memarg's offset (memory64; 0 for a 32-bit memory). */
  offsetHi = 0;

  /** Reads a memarg; returns its offset's low word (the high word in `offsetHi`). */
  readMemArg(naturalLog2: number): number {
    const at = this.r.pos;
    let align = this.r.u32();
    if (align >= 128) throw new CompileError('malformed memop flags', at);
    this.memIdx = 0;
    if (align >= 64) {
      // Multi-memory: flag bit 6 says a memory index follows the alignment.
      align -= 64;
      this.memIdx = this.r.u32();
    }
    // The offset: a u64 for every memory (3.0); a 32-bit memory's must be below 2^32.
    const mt = this.ctx.mems[this.memIdx];
    const offset = this.r.u64Lo();
    const hi = this.r.hi;
    if (mt === undefined) this.fail(`unknown memory ${this.memIdx}`);
    if (align > naturalLog2) this.fail('alignment must not be larger than natural');
    const wide = mt!.address64 === true;
    if (!wide && hi !== 0) this.fail('offset out of range');
    this.offsetHi = wide ? hi : 0;
    this.addrType = addressType(mt!);
    return offset;
  }

  checkMem(): void {
    if (this.ctx.mems.length === 0) this.fail('unknown memory 0');
  }

  /** Reads a memory index immediate (multi-memory) into `memIdx` (its address type in `addrType`) and checks it. */
  readMemIdx(): number {
    const m = this.r.u32();
    if (m >= this.ctx.mems.length) this.fail(`unknown memory ${m}`);
    this.memIdx = m;
    this.addrType = addressType(this.ctx.mems[m]!);
    return m;
  }

  zeroByte(): void {
    const at = this.r.pos;
    if (this.r.u8() !== 0) throw new CompileError('zero byte expected', at);
  }

  tableType(idx: number): TableType {
    const t = this.ctx.tables[idx];
    if (t === undefined) this.fail(`unknown table ${idx}`);
    return t!;
  }

  localType(idx: number): number {
    if (idx >= this.localCount) this.fail(`unknown local ${idx}`);
    return this.localTypes[idx]!;
  }

  /** Validates and compiles one body. */
  compile(funcIdx: number, locals: readonly number[], bodyStart: number, codeStart: number, end: number): CompiledFunction {
    const ctx = this.ctx;
    const typeIdx = ctx.funcTypes[funcIdx]!;
    const type = ctx.types[typeIdx]!;
    this.type = type;
    this.end = end;
    this.bodyStart = bodyStart;
    this.r.pos = codeStart;
    this.r.end = end;
    this.instrAt = codeStart;
    this.cp = 0;
    this.np = 0;
    this.vh = 0;
    this.slotH = 0;
    this.maxSlotH = 0;
    this.hEnt.length = 0;
    this.hCl.length = 0;
    while (this.ctrls.length > 0) this.ctrlPool.push(this.ctrls.pop()!);

    // Locals: types and slot offsets.
    const params = type.params;
    const count = params.length + locals.length;
    if (this.localTypes.length < count) {
      this.localTypes = new Int32Array(count * 2);
      this.localInit = new Uint8Array(count * 2);
      this.localSlotOf = new Int32Array(count * 2);
    }
    const localTypes = this.localTypes;
    const localInit = this.localInit;
    this.inits.length = 0;
    for (let i = 0; i < params.length; i++) {
      localTypes[i] = params[i]!;
      localInit[i] = 1;
    }
    for (let i = 0; i < locals.length; i++) {
      const t = locals[i]!;
      checkValType(t, ctx.types.length, codeStart);
      localTypes[params.length + i] = t;
      localInit[params.length + i] = isDefaultable(t) ? 1 : 0;
    }
    this.localCount = count;
    let slot = 0;
    for (let i = 0; i < count; i++) {
      this.localSlotOf[i] = slot;
      slot += slotsOf(localTypes[i]!);
    }
    this.localSlots = slot;
    let paramSlots = 0;
    for (const t of type.params) paramSlots += slotsOf(t);
    this.resultSlots = this.slotsOfTypes(type.results);

    // The function's own frame.
    const fnCtrl = this.pushCtrl(-1, NO_TYPES, type.results);
    fnCtrl.height = 0;

    for (;;) {
      if (this.r.pos >= this.end) throw new CompileError('unexpected end of section or function', this.r.pos);
      this.instrAt = this.r.pos;
      this.hAt = this.slotH;
      if (this.probe !== null) this.probe(this);
      let op = this.r.u8();
      if (op === 0xfc) {
        const sub = this.r.u32();
        // Sub-opcodes past 0xff are all illegal: keep them out of 0xfc00…0xfcff.
        op = sub <= 0xff ? 0xfc00 | sub : 0x10000 + sub;
      }
      // Code is emitted only for reachable instructions (and never when validating only).
      const live = this.emitting && this.isLive();
      if (op === 0xfd) {
        const sub = this.r.u32();
        this.simd.live = live;
        this.memIdx = 0;
        compileSimd(sub, this.simd);
        continue;
      }
      if (op === 0xfb) {
        compileGcOp(this, this.r.u32(), live);
        continue;
      }
      if (op === 0xfe) {
        const sub = this.r.u32();
        this.atomic.live = live;
        compileAtomic(sub, this.instrAt, this.atomic);
        continue;
      }

      // Literal case labels (named in comments, checked by a test): V8 builds a jump table only from literals, and
      // a switch over property loads would compare them one by one. 0xfc-prefixed ops switch at 0x100 + sub.
      switch (op < 0x100 ? op : op <= 0xfcff ? 0x100 + (op & 0xff) : 0x1ff) {
        case 0x00: /* Op.Unreachable */
          if (live) this.op0(IOp.Unreachable);
          this.setUnreachable();
          break;
        case 0x01: /* Op.Nop */
          break;
        case 0x02: /* Op.Block */
        case 0x03: /* Op.Loop */ {
          const bt = this.readBlockType();
          this.popTypes(bt.params);
          this.pushCtrl(op, bt.params, bt.results);
          break;
        }
        case 0x04: /* Op.If */ {
          const bt = this.readBlockType();
          this.pop(ValType.I32);
          this.popTypes(bt.params);
          const c = this.pushCtrl(Op.If, bt.params, bt.results);
          if (live) {
            this.op0(IOp.IfFalse);
            c.elseFixup = this.cp;
            this.emit(-1);
          }
          break;
        }
        case 0x05: /* Op.Else */ {
          const c = this.ctrls.length > 0 ? this.top : undefined;
          if (c === undefined || c.kind !== Op.If) this.fail('else without if');
          const cc = this.popCtrl();
          this.ctrlPool.pop(); // cc stays in use as the else-branch's frame
          cc.initHeight = this.inits.length;
          if (!cc.unreachable) {
            this.op0(IOp.Jump);
            cc.fixups[cc.nFix++] = this.cp;
            this.emit(-1);
          }
          if (cc.elseFixup >= 0) this.code[this.cb + cc.elseFixup] = this.cp;
          cc.elseFixup = -1;
          this.ctrls.push(cc);
          this.top = cc;
          cc.kind = Op.Else;
          cc.unreachable = false;
          this.vh = cc.height;
          this.slotH = cc.slotHeight;
          this.pushTypes(cc.startTypes);
          // Reached from a live `if`: the else-branch is live.
          break;
        }
        case 0x0b: /* Op.End */ {
          if (this.top.handler >= 0 || this.top.extra !== 0) endTryPart(this, live);
          const c = this.popCtrl();
          // The results go at the block's base: a legacy catch clause's exception slot is gone after its end.
          this.slotH = c.slotHeight;
          if (c.kind === Op.If) {
            // An `if` without `else`: its params must equal its results.
            if (c.startTypes.length !== c.endTypes.length || c.startTypes.some((t, i) => !this.matches(t, c.endTypes[i]!))) {
              this.fail('type mismatch');
            }
          }
          this.pushTypes(c.endTypes);
          if (this.ctrls.length === 0) {
            // The function's this.end.
            if (!c.unreachable || c.nFix > 0 || c.nHfix > 0) {
              this.op1(IOp.Return, this.resultSlots);
            }
            for (let k = 0; k < c.nFix; k++) this.code[this.cb + c.fixups[k]!] = this.cp - 2;
            patchHandlerTargets(this, c, this.cp - 2);
            if (this.r.pos !== this.end) throw new CompileError('section size mismatch', this.r.pos);
            return this.finish(funcIdx, typeIdx, paramSlots, bodyStart);
          }
          for (let k = 0; k < c.nFix; k++) this.code[this.cb + c.fixups[k]!] = this.cp;
          if (c.elseFixup >= 0) this.code[this.cb + c.elseFixup] = this.cp;
          patchHandlerTargets(this, c, this.cp);
          // Liveness after the block: the enclosing frame stays as it was.
          break;
        }
        case 0x0c: /* Op.Br */ {
          const depth = this.r.u32();
          if (depth >= this.ctrls.length) this.fail('unknown label');
          const c = this.ctrls[this.ctrls.length - 1 - depth]!;
          const lt = this.labelTypes(c);
          if (live) {
            this.branchMove(c);
            this.popTypes(lt);
            if (this.moveNeeded) {
              this.op0(IOp.JumpMove);
              this.emitBranchTarget(c);
              this.emit(this.moveArity);
              this.emit(this.moveDst);
            } else {
              this.op0(IOp.Jump);
              this.emitBranchTarget(c);
            }
          } else this.popTypes(lt);
          this.setUnreachable();
          break;
        }
        case 0x0d: /* Op.BrIf */ {
          const depth = this.r.u32();
          if (depth >= this.ctrls.length) this.fail('unknown label');
          this.pop(ValType.I32);
          const c = this.ctrls[this.ctrls.length - 1 - depth]!;
          const lt = this.labelTypes(c);
          if (live) {
            this.branchMove(c);
            if (this.moveNeeded) {
              this.op0(IOp.BrIfMove);
              this.emitBranchTarget(c);
              this.emit(this.moveArity);
              this.emit(this.moveDst);
            } else {
              this.op0(IOp.BrIf);
              this.emitBranchTarget(c);
            }
          }
          this.popTypes(lt);
          this.pushTypes(lt);
          break;
        }
        case 0x0e: /* Op.BrTable */ {
          const n = this.r.u32();
          if (n > this.end - this.r.pos) throw new CompileError('unexpected end', this.r.pos);
          if (this.depths.length <= n) this.depths = new Int32Array(n * 2 + 1);
          const depths = this.depths;
          for (let i = 0; i <= n; i++) {
            const d = this.r.u32();
            if (d >= this.ctrls.length) this.fail('unknown label');
            depths[i] = d;
          }
          this.pop(ValType.I32);
          const def = this.ctrls[this.ctrls.length - 1 - depths[n]!]!;
          const arity = this.labelTypes(def).length;
          for (let i = 0; i <= n; i++) {
            const c = this.ctrls[this.ctrls.length - 1 - depths[i]!]!;
            const lt = this.labelTypes(c);
            if (lt.length !== arity) this.fail('type mismatch');
            // Each label's types must accept the operands (popping only moves the height: the types stay).
            const savedVh = this.vh;
            const savedH = this.slotH;
            this.popTypes(lt);
            this.vh = savedVh;
            this.slotH = savedH;
          }
          if (live) {
            this.op1(IOp.BrTable, n);
            for (let i = 0; i <= n; i++) {
              const c = this.ctrls[this.ctrls.length - 1 - depths[i]!]!;
              this.branchMove(c);
              this.emitBranchTarget(c);
              this.emit(this.moveArity);
              this.emit(this.moveNeeded ? this.moveDst : -1);
            }
          }
          this.popTypes(this.labelTypes(def));
          this.setUnreachable();
          break;
        }
        case 0x0f: /* Op.Return */
          this.popTypes(this.type.results);
          if (live) {
            this.op1(IOp.Return, this.resultSlots);
          }
          this.setUnreachable();
          break;
        case 0x10: /* Op.Call */ {
          const fi = this.r.u32();
          if (fi >= this.ctx.funcTypes.length) this.fail(`unknown function ${fi}`);
          const ft = this.ctx.types[this.ctx.funcTypes[fi]!]!;
          this.popTypes(ft.params);
          this.pushTypes(ft.results);
          if (live) {
            this.op1(IOp.Call, fi);
          }
          break;
        }
        case 0x11: /* Op.CallIndirect */ {
          const ti = this.r.u32();
          const tab = this.r.u32();
          if (tab >= this.ctx.tables.length) this.fail(`unknown table ${tab}`);
          if (ti >= this.ctx.types.length) this.fail(`unknown type ${ti}`);
          if (!this.matches(this.ctx.tables[tab]!.elemType, ValType.FuncRef)) this.fail('type mismatch');
          const tab64 = this.ctx.tables[tab]!.address64 === true;
          this.pop(tab64 ? ValType.I64 : ValType.I32);
          const ft = this.ctx.types[ti]!;
          this.popTypes(ft.params);
          this.pushTypes(ft.results);
          if (live) {
            if (tab64) emitTable64Op(this, IOp.CallIndirect, ti, tab);
            else this.op2(IOp.CallIndirect, ti, tab);
          }
          break;
        }
        case 0x12: /* Op.ReturnCall */
        case 0x13: /* Op.ReturnCallIndirect */
          compileTailCall(this, op, live);
          break;
        case 0x14: /* Op.CallRef */
        case 0x15: /* Op.ReturnCallRef */
        case 0xd4: /* Op.RefAsNonNull */
        case 0xd5: /* Op.BrOnNull */
        case 0xd6: /* Op.BrOnNonNull */
          compileFuncRefOp(this, op, live);
          break;
        case 0x06: /* Op.Try */
        case 0x07: /* Op.Catch */
        case 0x08: /* Op.Throw */
        case 0x09: /* Op.Rethrow */
        case 0x0a: /* Op.ThrowRef */
        case 0x18: /* Op.Delegate */
        case 0x19: /* Op.CatchAll */
        case 0x1f: /* Op.TryTable */
          compileExceptionOp(this, op, live);
          break;
        case 0x1a: /* Op.Drop */ {
          const t = this.popAny();
          if (live) {
            if (t === ValType.V128) {
              this.op1(IOp.DropN, 2);
            } else this.op0(IOp.Drop);
          }
          break;
        }
        case 0x1b: /* Op.Select */ {
          this.pop(ValType.I32);
          const t1 = this.popAny();
          const t2 = this.popAny();
          if (t1 !== UNKNOWN && !isNum(t1) && t1 !== ValType.V128) this.fail('type mismatch');
          if (t2 !== UNKNOWN && !isNum(t2) && t2 !== ValType.V128) this.fail('type mismatch');
          if (t1 !== UNKNOWN && t2 !== UNKNOWN && t1 !== t2) this.fail('type mismatch');
          const t = t1 === UNKNOWN ? t2 : t1;
          this.push(t);
          if (live) this.op0(t === ValType.V128 ? IOp.SelectV128 : IOp.Select);
          break;
        }
        case 0x1c: /* Op.SelectT */ {
          const n = this.r.u32();
          if (n !== 1) this.fail('invalid result arity');
          const t = this.readValType();
          this.pop(ValType.I32);
          this.pop(t);
          this.pop(t);
          this.push(t);
          if (live) this.op0(t === ValType.V128 ? IOp.SelectV128 : IOp.Select);
          break;
        }
        case 0x20: /* Op.LocalGet */
        case 0x21: /* Op.LocalSet */
        case 0x22: /* Op.LocalTee */ {
          const idx = this.r.u32();
          const t = this.localType(idx);
          if (op === Op.LocalGet) {
            if (this.localInit[idx] === 0) this.fail('uninitialized local');
            this.push(t);
          } else {
            this.pop(t);
            if (op === Op.LocalTee) this.push(t);
            if (this.localInit[idx] === 0) {
              this.localInit[idx] = 1;
              this.inits.push(idx);
            }
          }
          if (live) {
            const v = t === ValType.V128;
            this.op1(op === Op.LocalGet ? (v ? IOp.LocalGetV128 : IOp.LocalGet)
              : op === Op.LocalSet ? (v ? IOp.LocalSetV128 : IOp.LocalSet)
              : (v ? IOp.LocalTeeV128 : IOp.LocalTee), this.localSlotOf[idx]!);
          }
          break;
        }
        case 0x23: /* Op.GlobalGet */
        case 0x24: /* Op.GlobalSet */ {
          const idx = this.r.u32();
          const g = this.ctx.globals[idx];
          if (g === undefined) this.fail(`unknown global ${idx}`);
          const t = g!.valType;
          if (op === Op.GlobalGet) this.push(t);
          else {
            if (!g!.mutable) this.fail('immutable global (global is immutable)');
            this.pop(t);
          }
          if (live) {
            const v = t === ValType.V128;
            const iop = op === Op.GlobalGet ? (v ? IOp.GlobalGetV128 : IOp.GlobalGet)
              : (v ? IOp.GlobalSetV128 : IOp.GlobalSet);
            this.op1(iop, idx);
          }
          break;
        }
        case 0x25: /* Op.TableGet */ {
          const idx = this.r.u32();
          const tt = this.tableType(idx);
          this.pop(addressType(tt));
          this.push(tt.elemType);
          if (live) {
            if (tt.address64 === true) emitTable64Op(this, IOp.TableGet, idx, 0);
            else this.op1(IOp.TableGet, idx);
          }
          break;
        }
        case 0x26: /* Op.TableSet */ {
          const idx = this.r.u32();
          const tt = this.tableType(idx);
          this.pop(tt.elemType);
          this.pop(addressType(tt));
          if (live) {
            if (tt.address64 === true) emitTable64Op(this, IOp.TableSet, idx, 0);
            else this.op1(IOp.TableSet, idx);
          }
          break;
        }
        case 0x28: /* Op.I32Load */ case 0x2a: /* Op.F32Load */ case 0x34: /* Op.I64Load32S */
        case 0x35: /* Op.I64Load32U */
        case 0x29: /* Op.I64Load */ case 0x2b: /* Op.F64Load */
        case 0x2c: /* Op.I32Load8S */ case 0x2d: /* Op.I32Load8U */ case 0x30: /* Op.I64Load8S */
        case 0x31: /* Op.I64Load8U */
        case 0x2e: /* Op.I32Load16S */ case 0x2f: /* Op.I32Load16U */ case 0x32: /* Op.I64Load16S */
        case 0x33: /* Op.I64Load16U */ {
          const offset = this.readMemArg(LOAD_ALIGN[op - Op.I32Load]!);
          this.pop(this.addrType);
          this.push(LOAD_TYPE[op - Op.I32Load]!);
          if (live) {
            if (this.addrType === ValType.I64) emitMem64Op(this, op, this.memIdx, offset | 0, this.offsetHi | 0);
            else if (this.memIdx === 0) this.op1(op, offset | 0);
            else emitMemOp(this, op, this.memIdx, offset | 0);
          }
          break;
        }
        case 0x36: /* Op.I32Store */ case 0x37: /* Op.I64Store */ case 0x38: /* Op.F32Store */
        case 0x39: /* Op.F64Store */
        case 0x3a: /* Op.I32Store8 */ case 0x3b: /* Op.I32Store16 */ case 0x3c: /* Op.I64Store8 */
        case 0x3d: /* Op.I64Store16 */ case 0x3e: /* Op.I64Store32 */ {
          const offset = this.readMemArg(LOAD_ALIGN[op - Op.I32Load]!);
          this.pop(LOAD_TYPE[op - Op.I32Load]!);
          this.pop(this.addrType);
          if (live) {
            if (this.addrType === ValType.I64) emitMem64Op(this, op, this.memIdx, offset | 0, this.offsetHi | 0);
            else if (this.memIdx === 0) this.op1(op, offset | 0);
            else emitMemOp(this, op, this.memIdx, offset | 0);
          }
          break;
        }
        case 0x3f: /* Op.MemorySize */
          this.readMemIdx();
          this.push(this.addrType);
          if (live) {
            if (this.addrType === ValType.I64) emitMem64Op(this, op, this.memIdx, 0, 0);
            else if (this.memIdx === 0) this.op0(op);
            else emitMemOp(this, op, this.memIdx, 0);
          }
          break;
        case 0x40: /* Op.MemoryGrow */
          this.readMemIdx();
          this.pop(this.addrType);
          this.push(this.addrType);
          if (live) {
            if (this.addrType === ValType.I64) emitMem64Op(this, op, this.memIdx, 0, 0);
            else if (this.memIdx === 0) this.op0(op);
            else emitMemOp(this, op, this.memIdx, 0);
          }
          break;
        case 0x41: /* Op.I32Const */ {
          const v = this.r.s32();
          this.push(ValType.I32);
          if (live) {
            this.op1(op, v);
          }
          break;
        }
        case 0x42: /* Op.I64Const */ {
          const lo = this.r.s64Lo();
          this.push(ValType.I64);
          if (live) {
            this.op2(op, lo, this.r.hi);
          }
          break;
        }
        case 0x43: /* Op.F32Const */ {
          if (this.end - this.r.pos < 4) throw new CompileError('unexpected end', this.r.pos);
          const b = this.ctx.bytes;
          const p = this.r.pos;
          const v = b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
          this.r.pos += 4;
          this.push(ValType.F32);
          if (live) {
            this.op1(op, v);
          }
          break;
        }
        case 0x44: /* Op.F64Const */ {
          if (this.end - this.r.pos < 8) throw new CompileError('unexpected end', this.r.pos);
          const b = this.ctx.bytes;
          const p = this.r.pos;
          const lo = b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
          const hi = b[p + 4]! | (b[p + 5]! << 8) | (b[p + 6]! << 16) | (b[p + 7]! << 24);
          this.r.pos += 8;
          this.push(ValType.F64);
          if (live) {
            this.op2(op, lo, hi);
          }
          break;
        }
        case 0xd0: /* Op.RefNull */ {
          const at = this.r.pos;
          const t = refType(true, readHeapType(this.r));
          checkValType(t, this.ctx.types.length, at);
          this.push(t);
          if (live) this.op0(IOp.RefNull);
          break;
        }
        case 0xd1: /* Op.RefIsNull */ {
          const t = this.popAny();
          if (t !== UNKNOWN && !isRef(t)) this.fail('type mismatch');
          this.push(ValType.I32);
          if (live) this.op0(IOp.RefIsNull);
          break;
        }
        case 0xd3: /* Op.RefEq */
          compileRefEq(this, live);
          break;
        case 0xd2: /* Op.RefFunc */ {
          const fi = this.r.u32();
          if (fi >= this.ctx.funcTypes.length) this.fail(`unknown function ${fi}`);
          if (!this.ctx.refs.has(fi)) this.fail('undeclared function reference');
          this.push(refType(false, 0x100 + this.ctx.funcTypes[fi]!));
          if (live) {
            this.op1(IOp.RefFunc, fi);
          }
          break;
        }
        case 0x108: /* Op.MemoryInit */ {
          const di = this.r.u32();
          const mi = this.readMemIdx();
          if (this.ctx.dataCount === null) this.fail('data count section required');
          if (di >= this.ctx.dataCount!) this.fail(`unknown data segment ${di}`);
          this.pop(ValType.I32);
          this.pop(ValType.I32);
          this.pop(this.addrType);
          if (live) {
            if (this.addrType === ValType.I64) emitMem64Op(this, IOp.MemoryInit, mi, di, 0);
            else if (mi === 0) this.op1(IOp.MemoryInit, di);
            else emitMemOp(this, IOp.MemoryInit, mi, di);
          }
          break;
        }
        case 0x109: /* Op.DataDrop */ {
          const di = this.r.u32();
          if (this.ctx.dataCount === null) this.fail('data count section required');
          if (di >= this.ctx.dataCount!) this.fail(`unknown data segment ${di}`);
          if (live) {
            this.op1(IOp.DataDrop, di);
          }
          break;
        }
        case 0x10a: /* Op.MemoryCopy */
          {
            const dm = this.readMemIdx();
            const sm = this.readMemIdx();
            const dt = this.ctx.mems[dm]!;
            const st = this.ctx.mems[sm]!;
            this.pop(minAddressType(dt, st));
            this.pop(addressType(st));
            this.pop(addressType(dt));
            if (live) {
              if (dt.address64 === true || st.address64 === true) emitMem64Op(this, IOp.MemoryCopy, dm, sm, 0);
              else if (dm === 0 && sm === 0) this.op0(IOp.MemoryCopy);
              else emitMemOp(this, IOp.MemoryCopy, dm, sm);
            }
          }
          break;
        case 0x10b: /* Op.MemoryFill */
          this.readMemIdx();
          this.pop(this.addrType);
          this.pop(ValType.I32);
          this.pop(this.addrType);
          if (live) {
            if (this.addrType === ValType.I64) emitMem64Op(this, IOp.MemoryFill, this.memIdx, 0, 0);
            else if (this.memIdx === 0) this.op0(IOp.MemoryFill);
            else emitMemOp(this, IOp.MemoryFill, this.memIdx, 0);
          }
          break;
        case 0x10c: /* Op.TableInit */ {
          const ei = this.r.u32();
          const ti = this.r.u32();
          const tt = this.tableType(ti);
          const et = this.ctx.elemTypes[ei];
          if (et === undefined) this.fail(`unknown elem segment ${ei}`);
          if (!this.matches(et!, tt.elemType)) this.fail('type mismatch');
          this.pop(ValType.I32);
          this.pop(ValType.I32);
          this.pop(addressType(tt));
          if (live) {
            if (tt.address64 === true) emitTable64Op(this, IOp.TableInit, ei, ti);
            else this.op2(IOp.TableInit, ei, ti);
          }
          break;
        }
        case 0x10d: /* Op.ElemDrop */ {
          const ei = this.r.u32();
          if (ei >= this.ctx.elemTypes.length) this.fail(`unknown elem segment ${ei}`);
          if (live) {
            this.op1(IOp.ElemDrop, ei);
          }
          break;
        }
        case 0x10e: /* Op.TableCopy */ {
          const dst = this.r.u32();
          const src = this.r.u32();
          const dt = this.tableType(dst);
          const st = this.tableType(src);
          if (!this.matches(st.elemType, dt.elemType)) this.fail('type mismatch');
          this.pop(minAddressType(dt, st));
          this.pop(addressType(st));
          this.pop(addressType(dt));
          if (live) {
            if (dt.address64 === true || st.address64 === true) emitTable64Op(this, IOp.TableCopy, dst, src);
            else this.op2(IOp.TableCopy, dst, src);
          }
          break;
        }
        case 0x10f: /* Op.TableGrow */ {
          const ti = this.r.u32();
          const tt = this.tableType(ti);
          this.pop(addressType(tt));
          this.pop(tt.elemType);
          this.push(addressType(tt));
          if (live) {
            if (tt.address64 === true) emitTable64Op(this, IOp.TableGrow, ti, 0);
            else this.op1(IOp.TableGrow, ti);
          }
          break;
        }
        case 0x110: /* Op.TableSize */ {
          const ti = this.r.u32();
          const tt = this.tableType(ti);
          this.push(addressType(tt));
          if (live) {
            if (tt.address64 === true) emitTable64Op(this, IOp.TableSize, ti, 0);
            else this.op1(IOp.TableSize, ti);
          }
          break;
        }
        case 0x111: /* Op.TableFill */ {
          const ti = this.r.u32();
          const tt = this.tableType(ti);
          this.pop(addressType(tt));
          this.pop(tt.elemType);
          this.pop(addressType(tt));
          if (live) {
            if (tt.address64 === true) emitTable64Op(this, IOp.TableFill, ti, 0);
            else this.op1(IOp.TableFill, ti);
          }
          break;
        }
        default: {
          // Numeric instructions: signatures from tables indexed by opcode (the 0xfc ones by 0x100 + sub-opcode).
          const k = op < 0x100 ? op : op >= 0xfc00 && op < 0xfc08 ? 0x100 + (op & 0xff) : 0;
          const res = SIG_R[k]!;
          if (res === 0) this.fail(`illegal opcode ${op.toString(16)}`);
          const b = SIG_B[k]!;
          if (b !== 0) this.pop(b);
          this.pop(SIG_A[k]!);
          this.push(res);
          if (live) this.op0(op >= 0xfc00 ? IOp.TruncSatBase + (op & 0xff) : op);
        }
      }
    }

  }

  /** The function's code and pc map as views of the arenas; the next function starts after them. */
  finish(funcIdx: number, typeIdx: number, paramSlots: number, bodyStart: number): CompiledFunction {
    const cp = this.cp;
    const np = this.np;
    const cb = this.cb;
    const mb = this.mb;
    this.cb = cb + cp;
    this.mb = mb + np;
    return {
      funcIdx, typeIdx, type: this.type,
      code: this.code.subarray(cb, cb + cp),
      plainLen: cp,
      entry: -1,
      groups: null,
      paramSlots, localSlots: this.localSlots, resultSlots: this.resultSlots,
      maxSlots: maxSlotsOf(this.localSlots, this.maxSlotH),
      pcs: this.pcs.subarray(mb, mb + np),
      offsets: this.offs.subarray(mb, mb + np),
      heights: this.hts.subarray(mb, mb + np),
      bodyStart,
      handlers: takeHandlers(this),
      lazy: null,
    };
  }
}

const EMPTY_BLOCK = { params: NO_TYPES, results: NO_TYPES };
/** Block types with one result, shared (indexed by value type code). */
const SINGLE_BLOCK: readonly ({ params: readonly number[]; results: readonly number[] } | undefined)[] =
  SINGLE.map((results) => (results === undefined ? undefined : { params: NO_TYPES, results }));
