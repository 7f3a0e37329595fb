/**
 * Validates one function body and, in the same pass, pre-decodes it into the internal code that the dispatch
 * loop executes. Operand heights are static in WebAssembly, so every branch's target and stack move are
 * resolved here: at run time there is no control stack, only values, frames and a pc.
 * @module
 */
import { CompileError } from './errors.js';
import { IOp } from './internal-ops.js';
import { Op } from './opcodes.js';
import { BinaryReader } from './binary-reader.js';
import { compileSimd } from './simd-compile.js';
import { ValType, type FuncType, type GlobalType, type MemType, type RefType, type TableType } from './types.js';

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
}

/** A validated, pre-decoded function. */
export interface CompiledFunction {
  readonly funcIdx: number;
  readonly typeIdx: number;
  readonly type: FuncType;
  /** Internal code. */
  readonly code: Int32Array;
  /** Slots taken by the parameters. */
  readonly paramSlots: number;
  /** Slots taken by parameters and locals (the operand stack starts here, relative to fp). */
  readonly localSlots: number;
  /** Slots the frame may use at most: locals plus the deepest operand stack. */
  readonly maxSlots: number;
  /** Slots taken by the results. */
  readonly resultSlots: number;
  /** Internal pcs of instruction starts, ascending. */
  readonly pcs: Int32Array;
  /** Byte offset from the body start of the instruction at `pcs[i]`, ascending. */
  readonly offsets: Int32Array;
  /** Absolute offset of the body in the module bytes. */
  readonly bodyStart: number;
}

/** Slots a value of the type takes on the value stack. */
export function slotsOf(t: number): number {
  return t === ValType.V128 ? 2 : 1;
}

function isNum(t: number): boolean {
  return t === ValType.I32 || t === ValType.I64 || t === ValType.F32 || t === ValType.F64;
}

function isRef(t: number): boolean {
  return t === ValType.FuncRef || t === ValType.ExternRef;
}

/** Unknown operand type, from a polymorphic (unreachable) stack. */
const UNKNOWN = 0;


interface Ctrl {
  /** Op.Block, Op.Loop, Op.If, Op.Else or -1 for the function. */
  kind: number;
  startTypes: readonly number[];
  endTypes: readonly number[];
  /** Operand count at entry (after popping params). */
  height: number;
  /** Operand slot height at entry. */
  slotHeight: number;
  unreachable: boolean;
  /** Code positions to patch with the end pc. */
  fixups: number[];
  /** Loop: pc of the loop's first instruction. */
  loopPc: number;
  /** If: position of the IfFalse target to patch at else/end. */
  elseFixup: number;
}

/** Reads a value type byte. */
export function readValType(r: BinaryReader): number {
  const at = r.pos;
  const b = r.u8();
  if (b === ValType.I32 || b === ValType.I64 || b === ValType.F32 || b === ValType.F64 || b === ValType.V128 ||
    b === ValType.FuncRef || b === ValType.ExternRef) return b;
  throw new CompileError('malformed value type', at);
}

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
  const typeIdx = ctx.funcTypes[funcIdx]!;
  const type = ctx.types[typeIdx]!;
  const r = new BinaryReader(ctx.bytes, codeStart, end);

  // Locals: types and slot offsets.
  const localTypes: number[] = [...type.params, ...locals];
  const localSlotOf = new Int32Array(localTypes.length);
  let slot = 0;
  for (let i = 0; i < localTypes.length; i++) {
    localSlotOf[i] = slot;
    slot += slotsOf(localTypes[i]!);
  }
  const localSlots = slot;
  let paramSlots = 0;
  for (const t of type.params) paramSlots += slotsOf(t);
  let resultSlots = 0;
  for (const t of type.results) resultSlots += slotsOf(t);

  // Code buffer.
  let code = new Int32Array(Math.max(16, (end - codeStart) * 2));
  let cp = 0;
  const emit = (v: number): void => {
    if (cp === code.length) {
      const n = new Int32Array(code.length * 2);
      n.set(code);
      code = n;
    }
    code[cp++] = v;
  };
  /** Emits an instruction's opcode word and maps its pc to the original offset. */
  const emitOp = (v: number): void => {
    mark(instrAt);
    emit(v);
  };
  let pcs = new Int32Array(Math.max(8, end - codeStart));
  let offs = new Int32Array(pcs.length);
  let np = 0;
  const mark = (instrStart: number): void => {
    if (np === pcs.length) {
      const a = new Int32Array(np * 2);
      a.set(pcs);
      pcs = a;
      const b = new Int32Array(np * 2);
      b.set(offs);
      offs = b;
    }
    pcs[np] = cp;
    offs[np] = instrStart - bodyStart;
    np++;
  };

  // Operand and control stacks.
  const vals: number[] = [];
  let slotH = 0;
  let maxSlotH = 0;
  const ctrls: Ctrl[] = [];
  let instrAt = codeStart;

  const fail = (msg: string): never => {
    throw new CompileError(msg, instrAt);
  };
  const push = (t: number): void => {
    vals.push(t);
    slotH += t === ValType.V128 ? 2 : 1;
    if (slotH > maxSlotH) maxSlotH = slotH;
  };
  const popAny = (): number => {
    const c = ctrls[ctrls.length - 1]!;
    if (vals.length === c.height) {
      if (c.unreachable) return UNKNOWN;
      fail('type mismatch');
    }
    const t = vals.pop()!;
    slotH -= t === ValType.V128 ? 2 : 1;
    return t;
  };
  const pop = (expect: number): number => {
    const t = popAny();
    if (t !== expect && t !== UNKNOWN && expect !== UNKNOWN) fail('type mismatch');
    return t === UNKNOWN ? expect : t;
  };
  const popTypes = (ts: readonly number[]): void => {
    for (let i = ts.length - 1; i >= 0; i--) pop(ts[i]!);
  };
  const pushTypes = (ts: readonly number[]): void => {
    for (const t of ts) push(t);
  };
  const slotsOfTypes = (ts: readonly number[]): number => {
    let n = 0;
    for (const t of ts) n += slotsOf(t);
    return n;
  };
  const pushCtrl = (kind: number, startTypes: readonly number[], endTypes: readonly number[]): Ctrl => {
    const c: Ctrl = {
      kind, startTypes, endTypes, height: vals.length, slotHeight: slotH, unreachable: false,
      fixups: [], loopPc: cp, elseFixup: -1,
    };
    ctrls.push(c);
    pushTypes(startTypes);
    return c;
  };
  const popCtrl = (): Ctrl => {
    if (ctrls.length === 0) fail('type mismatch');
    const c = ctrls[ctrls.length - 1]!;
    popTypes(c.endTypes);
    if (vals.length !== c.height) fail('type mismatch');
    ctrls.pop();
    return c;
  };
  const labelTypes = (c: Ctrl): readonly number[] => (c.kind === Op.Loop ? c.startTypes : c.endTypes);
  const setUnreachable = (): void => {
    const c = ctrls[ctrls.length - 1]!;
    vals.length = c.height;
    slotH = c.slotHeight;
    c.unreachable = true;
  };
  const isLive = (): boolean => !ctrls[ctrls.length - 1]!.unreachable;

  /** Emits a jump to label `depth` from the current height with `keepSlots` result slots. */
  const emitBranchTarget = (c: Ctrl): void => {
    if (c.kind === Op.Loop) emit(c.loopPc);
    else {
      c.fixups.push(cp);
      emit(-1);
    }
  };
  const branchMove = (c: Ctrl): { arity: number; dst: number; needsMove: boolean } => {
    const arity = slotsOfTypes(labelTypes(c));
    const needsMove = slotH - arity !== c.slotHeight;
    return { arity, dst: localSlots + c.slotHeight, needsMove };
  };

  const readBlockType = (): { params: readonly number[]; results: readonly number[] } => {
    const at = r.pos;
    const b = ctx.bytes[at];
    if (b === 0x40) {
      r.pos++;
      return { params: [], results: [] };
    }
    if (b === ValType.I32 || b === ValType.I64 || b === ValType.F32 || b === ValType.F64 || b === ValType.V128 ||
      b === ValType.FuncRef || b === ValType.ExternRef) {
      r.pos++;
      return { params: [], results: [b] };
    }
    const idx = r.s33();
    if (idx < 0 || idx >= ctx.types.length) throw new CompileError(idx < 0 ? 'malformed value type' : 'unknown type', at);
    const ft = ctx.types[idx]!;
    return { params: ft.params, results: ft.results };
  };
  const readMemArg = (naturalLog2: number): number => {
    const align = r.u32();
    const offset = r.u32();
    if (ctx.mems.length === 0) fail('unknown memory 0');
    if (align > naturalLog2) fail('alignment must not be larger than natural');
    return offset;
  };
  const checkMem = (): void => {
    if (ctx.mems.length === 0) fail('unknown memory 0');
  };
  const zeroByte = (): void => {
    const at = r.pos;
    if (r.u8() !== 0) throw new CompileError('zero byte expected', at);
  };
  const tableType = (idx: number): TableType => {
    const t = ctx.tables[idx];
    if (t === undefined) fail(`unknown table ${idx}`);
    return t!;
  };
  const localType = (idx: number): number => {
    if (idx >= localTypes.length) fail(`unknown local ${idx}`);
    return localTypes[idx]!;
  };

  // The function's own frame.
  const fnCtrl = pushCtrl(-1, [], type.results);
  fnCtrl.height = 0;

  for (;;) {
    if (r.pos >= end) throw new CompileError('unexpected end of section or function', r.pos);
    instrAt = r.pos;
    let op = r.u8();
    if (op === 0xfc) op = 0xfc00 | r.u32();
    const live = isLive();
    if (op === 0xfd) {
      const sub = r.u32();
      compileSimd(sub, {
        reader: r, live, pop, popAny, push, fail, readMemArg, emit,
        emitOp: (v: number) => {
          emitOp(IOp.Simd);
          emit(v);
        },
      });
      continue;
    }

    switch (op) {
      case Op.Unreachable:
        if (live) emitOp(IOp.Unreachable);
        setUnreachable();
        break;
      case Op.Nop:
        break;
      case Op.Block:
      case Op.Loop: {
        const bt = readBlockType();
        popTypes(bt.params);
        pushCtrl(op, bt.params, bt.results);
        break;
      }
      case Op.If: {
        const bt = readBlockType();
        pop(ValType.I32);
        popTypes(bt.params);
        const c = pushCtrl(Op.If, bt.params, bt.results);
        if (live) {
          emitOp(IOp.IfFalse);
          c.elseFixup = cp;
          emit(-1);
        }
        break;
      }
      case Op.Else: {
        const c = ctrls[ctrls.length - 1];
        if (c === undefined || c.kind !== Op.If) fail('else without if');
        const cc = popCtrl();
        if (!cc.unreachable) {
          emitOp(IOp.Jump);
          cc.fixups.push(cp);
          emit(-1);
        }
        if (cc.elseFixup >= 0) code[cc.elseFixup] = cp;
        cc.elseFixup = -1;
        ctrls.push(cc);
        cc.kind = Op.Else;
        cc.unreachable = false;
        vals.length = cc.height;
        slotH = cc.slotHeight;
        pushTypes(cc.startTypes);
        // Reached from a live `if`: the else-branch is live.
        break;
      }
      case Op.End: {
        const c = popCtrl();
        if (c.kind === Op.If) {
          // An `if` without `else`: its params must equal its results.
          if (c.startTypes.length !== c.endTypes.length || c.startTypes.some((t, i) => t !== c.endTypes[i])) {
            fail('type mismatch');
          }
        }
        pushTypes(c.endTypes);
        if (ctrls.length === 0) {
          // The function's end.
          if (!c.unreachable || c.fixups.length > 0) {
            emitOp(IOp.Return);
            emit(resultSlots);
          }
          for (const f of c.fixups) code[f] = cp - 2;
          if (r.pos !== end) throw new CompileError('section size mismatch', r.pos);
          return finish();
        }
        for (const f of c.fixups) code[f] = cp;
        if (c.elseFixup >= 0) code[c.elseFixup] = cp;
        // Liveness after the block: the enclosing frame stays as it was.
        break;
      }
      case Op.Br: {
        const depth = r.u32();
        if (depth >= ctrls.length) fail('unknown label');
        const c = ctrls[ctrls.length - 1 - depth]!;
        const lt = labelTypes(c);
        if (live) {
          const m = branchMove(c);
          popTypes(lt);
          if (m.needsMove) {
            emitOp(IOp.JumpMove);
            emitBranchTarget(c);
            emit(m.arity);
            emit(m.dst);
          } else {
            emitOp(IOp.Jump);
            emitBranchTarget(c);
          }
        } else popTypes(lt);
        setUnreachable();
        break;
      }
      case Op.BrIf: {
        const depth = r.u32();
        if (depth >= ctrls.length) fail('unknown label');
        pop(ValType.I32);
        const c = ctrls[ctrls.length - 1 - depth]!;
        const lt = labelTypes(c);
        if (live) {
          const m = branchMove(c);
          if (m.needsMove) {
            emitOp(IOp.BrIfMove);
            emitBranchTarget(c);
            emit(m.arity);
            emit(m.dst);
          } else {
            emitOp(IOp.BrIf);
            emitBranchTarget(c);
          }
        }
        popTypes(lt);
        pushTypes(lt);
        break;
      }
      case Op.BrTable: {
        const n = r.u32();
        if (n > end - r.pos) throw new CompileError('unexpected end', r.pos);
        const depths: number[] = [];
        for (let i = 0; i <= n; i++) {
          const d = r.u32();
          if (d >= ctrls.length) fail('unknown label');
          depths.push(d);
        }
        pop(ValType.I32);
        const def = ctrls[ctrls.length - 1 - depths[n]!]!;
        const arity = labelTypes(def).length;
        for (const d of depths) {
          const c = ctrls[ctrls.length - 1 - d]!;
          const lt = labelTypes(c);
          if (lt.length !== arity) fail('type mismatch');
          // Each label's types must accept the operands.
          const saved = vals.slice();
          const savedH = slotH;
          popTypes(lt);
          vals.length = 0;
          vals.push(...saved);
          slotH = savedH;
        }
        if (live) {
          emitOp(IOp.BrTable);
          emit(n);
          for (const d of depths) {
            const c = ctrls[ctrls.length - 1 - d]!;
            const m = branchMove(c);
            emitBranchTarget(c);
            emit(m.arity);
            emit(m.needsMove ? m.dst : -1);
          }
        }
        popTypes(labelTypes(def));
        setUnreachable();
        break;
      }
      case Op.Return:
        popTypes(type.results);
        if (live) {
          emitOp(IOp.Return);
          emit(resultSlots);
        }
        setUnreachable();
        break;
      case Op.Call: {
        const fi = r.u32();
        if (fi >= ctx.funcTypes.length) fail(`unknown function ${fi}`);
        const ft = ctx.types[ctx.funcTypes[fi]!]!;
        popTypes(ft.params);
        pushTypes(ft.results);
        if (live) {
          emitOp(IOp.Call);
          emit(fi);
        }
        break;
      }
      case Op.CallIndirect: {
        const ti = r.u32();
        const tab = r.u32();
        if (tab >= ctx.tables.length) fail(`unknown table ${tab}`);
        if (ti >= ctx.types.length) fail(`unknown type ${ti}`);
        if (ctx.tables[tab]!.elemType !== ValType.FuncRef) fail('type mismatch');
        pop(ValType.I32);
        const ft = ctx.types[ti]!;
        popTypes(ft.params);
        pushTypes(ft.results);
        if (live) {
          emitOp(IOp.CallIndirect);
          emit(ti);
          emit(tab);
        }
        break;
      }
      case Op.Drop: {
        const t = popAny();
        if (live) {
          if (t === ValType.V128) {
            emitOp(IOp.DropN);
            emit(2);
          } else emitOp(IOp.Drop);
        }
        break;
      }
      case Op.Select: {
        pop(ValType.I32);
        const t1 = popAny();
        const t2 = popAny();
        if (t1 !== UNKNOWN && !isNum(t1) && t1 !== ValType.V128) fail('type mismatch');
        if (t2 !== UNKNOWN && !isNum(t2) && t2 !== ValType.V128) fail('type mismatch');
        if (t1 !== UNKNOWN && t2 !== UNKNOWN && t1 !== t2) fail('type mismatch');
        const t = t1 === UNKNOWN ? t2 : t1;
        push(t);
        if (live) emitOp(t === ValType.V128 ? IOp.SelectV128 : IOp.Select);
        break;
      }
      case Op.SelectT: {
        const n = r.u32();
        if (n !== 1) fail('invalid result arity');
        const t = readValType(r);
        pop(ValType.I32);
        pop(t);
        pop(t);
        push(t);
        if (live) emitOp(t === ValType.V128 ? IOp.SelectV128 : IOp.Select);
        break;
      }
      case Op.LocalGet:
      case Op.LocalSet:
      case Op.LocalTee: {
        const idx = r.u32();
        const t = localType(idx);
        if (op === Op.LocalGet) push(t);
        else if (op === Op.LocalSet) pop(t);
        else {
          pop(t);
          push(t);
        }
        if (live) {
          const v = t === ValType.V128;
          emitOp(op === Op.LocalGet ? (v ? IOp.LocalGetV128 : IOp.LocalGet)
            : op === Op.LocalSet ? (v ? IOp.LocalSetV128 : IOp.LocalSet)
            : (v ? IOp.LocalTeeV128 : IOp.LocalTee));
          emit(localSlotOf[idx]!);
        }
        break;
      }
      case Op.GlobalGet:
      case Op.GlobalSet: {
        const idx = r.u32();
        const g = ctx.globals[idx];
        if (g === undefined) fail(`unknown global ${idx}`);
        const t = g!.valType;
        if (op === Op.GlobalGet) push(t);
        else {
          if (!g!.mutable) fail('global is immutable');
          pop(t);
        }
        if (live) {
          const v = t === ValType.V128;
          emitOp(op === Op.GlobalGet ? (v ? IOp.GlobalGetV128 : IOp.GlobalGet) : (v ? IOp.GlobalSetV128 : IOp.GlobalSet));
          emit(idx);
        }
        break;
      }
      case Op.TableGet: {
        const idx = r.u32();
        const tt = tableType(idx);
        pop(ValType.I32);
        push(tt.elemType);
        if (live) {
          emitOp(IOp.TableGet);
          emit(idx);
        }
        break;
      }
      case Op.TableSet: {
        const idx = r.u32();
        const tt = tableType(idx);
        pop(tt.elemType);
        pop(ValType.I32);
        if (live) {
          emitOp(IOp.TableSet);
          emit(idx);
        }
        break;
      }
      case Op.I32Load: case Op.F32Load: case Op.I64Load32S: case Op.I64Load32U:
      case Op.I64Load: case Op.F64Load:
      case Op.I32Load8S: case Op.I32Load8U: case Op.I64Load8S: case Op.I64Load8U:
      case Op.I32Load16S: case Op.I32Load16U: case Op.I64Load16S: case Op.I64Load16U: {
        const offset = readMemArg(LOAD_ALIGN[op - Op.I32Load]!);
        pop(ValType.I32);
        push(LOAD_TYPE[op - Op.I32Load]!);
        if (live) {
          emitOp(op);
          emit(offset | 0);
        }
        break;
      }
      case Op.I32Store: case Op.I64Store: case Op.F32Store: case Op.F64Store:
      case Op.I32Store8: case Op.I32Store16: case Op.I64Store8: case Op.I64Store16: case Op.I64Store32: {
        const offset = readMemArg(LOAD_ALIGN[op - Op.I32Load]!);
        pop(LOAD_TYPE[op - Op.I32Load]!);
        pop(ValType.I32);
        if (live) {
          emitOp(op);
          emit(offset | 0);
        }
        break;
      }
      case Op.MemorySize:
        zeroByte();
        checkMem();
        push(ValType.I32);
        if (live) emitOp(op);
        break;
      case Op.MemoryGrow:
        zeroByte();
        checkMem();
        pop(ValType.I32);
        push(ValType.I32);
        if (live) emitOp(op);
        break;
      case Op.I32Const: {
        const v = r.s32();
        push(ValType.I32);
        if (live) {
          emitOp(op);
          emit(v);
        }
        break;
      }
      case Op.I64Const: {
        const v = r.s64();
        push(ValType.I64);
        if (live) {
          emitOp(op);
          emit(Number(BigInt.asIntN(32, v)));
          emit(Number(BigInt.asIntN(32, v >> 32n)));
        }
        break;
      }
      case Op.F32Const: {
        if (end - r.pos < 4) throw new CompileError('unexpected end', r.pos);
        const b = ctx.bytes;
        const p = r.pos;
        const v = b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
        r.pos += 4;
        push(ValType.F32);
        if (live) {
          emitOp(op);
          emit(v);
        }
        break;
      }
      case Op.F64Const: {
        if (end - r.pos < 8) throw new CompileError('unexpected end', r.pos);
        const b = ctx.bytes;
        const p = r.pos;
        const lo = b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24);
        const hi = b[p + 4]! | (b[p + 5]! << 8) | (b[p + 6]! << 16) | (b[p + 7]! << 24);
        r.pos += 8;
        push(ValType.F64);
        if (live) {
          emitOp(op);
          emit(lo);
          emit(hi);
        }
        break;
      }
      case Op.RefNull: {
        const at = r.pos;
        const t = r.u8();
        if (!isRef(t)) throw new CompileError('malformed reference type', at);
        push(t);
        if (live) emitOp(IOp.RefNull);
        break;
      }
      case Op.RefIsNull: {
        const t = popAny();
        if (t !== UNKNOWN && !isRef(t)) fail('type mismatch');
        push(ValType.I32);
        if (live) emitOp(IOp.RefIsNull);
        break;
      }
      case Op.RefFunc: {
        const fi = r.u32();
        if (fi >= ctx.funcTypes.length) fail(`unknown function ${fi}`);
        if (!ctx.refs.has(fi)) fail('undeclared function reference');
        push(ValType.FuncRef);
        if (live) {
          emitOp(IOp.RefFunc);
          emit(fi);
        }
        break;
      }
      case Op.MemoryInit: {
        const di = r.u32();
        zeroByte();
        checkMem();
        if (ctx.dataCount === null) fail('data count section required');
        if (di >= ctx.dataCount!) fail(`unknown data segment ${di}`);
        pop(ValType.I32);
        pop(ValType.I32);
        pop(ValType.I32);
        if (live) {
          emitOp(IOp.MemoryInit);
          emit(di);
        }
        break;
      }
      case Op.DataDrop: {
        const di = r.u32();
        if (ctx.dataCount === null) fail('data count section required');
        if (di >= ctx.dataCount!) fail(`unknown data segment ${di}`);
        if (live) {
          emitOp(IOp.DataDrop);
          emit(di);
        }
        break;
      }
      case Op.MemoryCopy:
        zeroByte();
        zeroByte();
        checkMem();
        pop(ValType.I32);
        pop(ValType.I32);
        pop(ValType.I32);
        if (live) emitOp(IOp.MemoryCopy);
        break;
      case Op.MemoryFill:
        zeroByte();
        checkMem();
        pop(ValType.I32);
        pop(ValType.I32);
        pop(ValType.I32);
        if (live) emitOp(IOp.MemoryFill);
        break;
      case Op.TableInit: {
        const ei = r.u32();
        const ti = r.u32();
        const tt = tableType(ti);
        const et = ctx.elemTypes[ei];
        if (et === undefined) fail(`unknown elem segment ${ei}`);
        if (et !== tt.elemType) fail('type mismatch');
        pop(ValType.I32);
        pop(ValType.I32);
        pop(ValType.I32);
        if (live) {
          emitOp(IOp.TableInit);
          emit(ei);
          emit(ti);
        }
        break;
      }
      case Op.ElemDrop: {
        const ei = r.u32();
        if (ei >= ctx.elemTypes.length) fail(`unknown elem segment ${ei}`);
        if (live) {
          emitOp(IOp.ElemDrop);
          emit(ei);
        }
        break;
      }
      case Op.TableCopy: {
        const dst = r.u32();
        const src = r.u32();
        const dt = tableType(dst);
        const st = tableType(src);
        if (dt.elemType !== st.elemType) fail('type mismatch');
        pop(ValType.I32);
        pop(ValType.I32);
        pop(ValType.I32);
        if (live) {
          emitOp(IOp.TableCopy);
          emit(dst);
          emit(src);
        }
        break;
      }
      case Op.TableGrow: {
        const ti = r.u32();
        const tt = tableType(ti);
        pop(ValType.I32);
        pop(tt.elemType);
        push(ValType.I32);
        if (live) {
          emitOp(IOp.TableGrow);
          emit(ti);
        }
        break;
      }
      case Op.TableSize: {
        const ti = r.u32();
        tableType(ti);
        push(ValType.I32);
        if (live) {
          emitOp(IOp.TableSize);
          emit(ti);
        }
        break;
      }
      case Op.TableFill: {
        const ti = r.u32();
        const tt = tableType(ti);
        pop(ValType.I32);
        pop(tt.elemType);
        pop(ValType.I32);
        if (live) {
          emitOp(IOp.TableFill);
          emit(ti);
        }
        break;
      }
      default: {
        const sig = NUMERIC_SIGS.get(op);
        if (sig === undefined) fail(`illegal opcode ${op.toString(16)}`);
        const [a, b, res] = sig!;
        if (b !== 0) pop(b);
        pop(a);
        push(res);
        if (live) emitOp(op >= 0xfc00 ? IOp.TruncSatBase + (op & 0xff) : op);
      }
    }
  }

  function finish(): CompiledFunction {
    return {
      funcIdx, typeIdx, type,
      code: code.slice(0, cp),
      paramSlots, localSlots, resultSlots,
      maxSlots: localSlots + maxSlotH + 2,
      pcs: pcs.slice(0, np),
      offsets: offs.slice(0, np),
      bodyStart,
    };
  }
}

const I32 = ValType.I32;
const I64 = ValType.I64;
const F32 = ValType.F32;
const F64 = ValType.F64;

/** Natural alignment (log2) of loads/stores, indexed by `op - 0x28`. */
const LOAD_ALIGN = [2, 3, 2, 3, 0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 2, 3, 2, 3, 0, 1, 0, 1, 2];
/** Value type of loads/stores, indexed by `op - 0x28`. */
const LOAD_TYPE = [I32, I64, F32, F64, I32, I32, I32, I32, I64, I64, I64, I64, I64, I64, I32, I64, F32, F64, I32, I32,
  I64, I64, I64];

/** Numeric instructions: `[operand a, operand b (0 = unary), result]`. */
const NUMERIC_SIGS: ReadonlyMap<number, readonly [number, number, number]> = (() => {
  const m = new Map<number, readonly [number, number, number]>();
  const set = (from: number, to: number, sig: readonly [number, number, number]): void => {
    for (let op = from; op <= to; op++) m.set(op, sig);
  };
  set(Op.I32Eqz, Op.I32Eqz, [I32, 0, I32]);
  set(Op.I32Eq, Op.I32GeU, [I32, I32, I32]);
  set(Op.I64Eqz, Op.I64Eqz, [I64, 0, I32]);
  set(Op.I64Eq, Op.I64GeU, [I64, I64, I32]);
  set(Op.F32Eq, Op.F32Ge, [F32, F32, I32]);
  set(Op.F64Eq, Op.F64Ge, [F64, F64, I32]);
  set(Op.I32Clz, Op.I32Popcnt, [I32, 0, I32]);
  set(Op.I32Add, Op.I32Rotr, [I32, I32, I32]);
  set(Op.I64Clz, Op.I64Popcnt, [I64, 0, I64]);
  set(Op.I64Add, Op.I64Rotr, [I64, I64, I64]);
  set(Op.F32Abs, Op.F32Sqrt, [F32, 0, F32]);
  set(Op.F32Add, Op.F32Copysign, [F32, F32, F32]);
  set(Op.F64Abs, Op.F64Sqrt, [F64, 0, F64]);
  set(Op.F64Add, Op.F64Copysign, [F64, F64, F64]);
  m.set(Op.I32WrapI64, [I64, 0, I32]);
  set(Op.I32TruncF32S, Op.I32TruncF32U, [F32, 0, I32]);
  set(Op.I32TruncF64S, Op.I32TruncF64U, [F64, 0, I32]);
  set(Op.I64ExtendI32S, Op.I64ExtendI32U, [I32, 0, I64]);
  set(Op.I64TruncF32S, Op.I64TruncF32U, [F32, 0, I64]);
  set(Op.I64TruncF64S, Op.I64TruncF64U, [F64, 0, I64]);
  set(Op.F32ConvertI32S, Op.F32ConvertI32U, [I32, 0, F32]);
  set(Op.F32ConvertI64S, Op.F32ConvertI64U, [I64, 0, F32]);
  m.set(Op.F32DemoteF64, [F64, 0, F32]);
  set(Op.F64ConvertI32S, Op.F64ConvertI32U, [I32, 0, F64]);
  set(Op.F64ConvertI64S, Op.F64ConvertI64U, [I64, 0, F64]);
  m.set(Op.F64PromoteF32, [F32, 0, F64]);
  m.set(Op.I32ReinterpretF32, [F32, 0, I32]);
  m.set(Op.I64ReinterpretF64, [F64, 0, I64]);
  m.set(Op.F32ReinterpretI32, [I32, 0, F32]);
  m.set(Op.F64ReinterpretI64, [I64, 0, F64]);
  set(Op.I32Extend8S, Op.I32Extend16S, [I32, 0, I32]);
  set(Op.I64Extend8S, Op.I64Extend32S, [I64, 0, I64]);
  set(Op.I32TruncSatF32S, Op.I32TruncSatF32U, [F32, 0, I32]);
  set(Op.I32TruncSatF64S, Op.I32TruncSatF64U, [F64, 0, I32]);
  set(Op.I64TruncSatF32S, Op.I64TruncSatF32U, [F32, 0, I64]);
  set(Op.I64TruncSatF64S, Op.I64TruncSatF64U, [F64, 0, I64]);
  return m;
})();

