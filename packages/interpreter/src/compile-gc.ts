/**
 * Validation and pre-decoding of the GC instructions (the `0xfb` prefix, and `ref.eq`): struct and array
 * allocation and access, `i31`, casts and the extern/any conversions. Each becomes an `IOp.Ext` op
 * (`ext-ops.ts`): `[Ext, Gc, gcOp, a, b]`, or for `br_on_cast`/`br_on_cast_fail`
 * `[Ext, BrOnCast, target, arity, dst, heapType, flags]`. Type immediates are emitted as canonical ids
 * (`heap-types.ts`), which is what the heap and the casts compare; `exec-gc.ts` runs them.
 * @module
 */
import type { FunctionCompiler } from './compile-function.js';
import { ExtSub } from './ext-ops.js';
import { PackedCode } from './gc/gc-types.js';
import {
  asNonNull,
  CompKind,
  canonicalKindOf,
  HeapCode,
  heapOf,
  isNullable,
  isRefType,
  refType,
  type SubTypeDecl,
  topOf,
} from './heap-types.js';
import { IOp } from './internal-ops.js';
import { checkValType, isDefaultable, readHeapType } from './type-section.js';
import { ValType } from './types.js';

/** The unknown operand type of a polymorphic stack (as `compile-function.ts` spells it). */
const UNKNOWN = 0;

/** GC sub-operations of `ExtSub.Gc`: the `0xfb` sub-opcodes, and `ref.eq`. */
export const GcOp = {
  StructNew: 0,
  StructNewDefault: 1,
  StructGet: 2,
  StructGetS: 3,
  StructGetU: 4,
  StructSet: 5,
  ArrayNew: 6,
  ArrayNewDefault: 7,
  ArrayNewFixed: 8,
  ArrayNewData: 9,
  ArrayNewElem: 10,
  ArrayGet: 11,
  ArrayGetS: 12,
  ArrayGetU: 13,
  ArraySet: 14,
  ArrayLen: 15,
  ArrayFill: 16,
  ArrayCopy: 17,
  ArrayInitData: 18,
  ArrayInitElem: 19,
  RefTest: 20,
  RefTestNull: 21,
  RefCast: 22,
  RefCastNull: 23,
  AnyConvertExtern: 26,
  ExternConvertAny: 27,
  RefI31: 28,
  I31GetS: 29,
  I31GetU: 30,
  RefEq: 31,
} as const;

/** The operand type of a storage type: packed fields are read and written as `i32`. */
export function unpacked(t: number): number {
  return t === PackedCode.I8 || t === PackedCode.I16 ? ValType.I32 : t;
}

/** Reads a type index that must name a struct (or array) type. */
function readTypeOf(fc: FunctionCompiler, kind: number): SubTypeDecl & { idx: number } {
  const ti = fc.r.u32();
  const d = fc.ctx.subTypes[ti];
  if (d === undefined) fc.fail(`unknown type ${ti}`);
  if (d!.kind !== kind) fc.fail('type mismatch');
  return { ...d!, idx: ti };
}

/** The field types (mutability, storage) of a declaration. */
function fieldType(d: SubTypeDecl, i: number): { mut: boolean; t: number } {
  return { mut: d.params[2 * i] === 1, t: d.params[2 * i + 1]! };
}

/** The top heap type of a heap type's hierarchy, in a module's indices. */
function topOfHeap(fc: FunctionCompiler, ht: number): number {
  if (ht >= 0x100) return fc.ctx.subTypes[ht - 0x100]!.kind === CompKind.Func ? HeapCode.Func : HeapCode.Any;
  return topOf(ht);
}

/** A heap type with its type index mapped to the canonical id. */
function canonicalHeap(fc: FunctionCompiler, ht: number): number {
  return ht >= 0x100 ? 0x100 + fc.ctx.typeIds[ht - 0x100]! : ht;
}

/** Reads a heap type immediate and checks its index. */
function readHt(fc: FunctionCompiler): number {
  const at = fc.r.pos;
  const ht = readHeapType(fc.r);
  checkValType(refType(true, ht), fc.ctx.types.length, at);
  return ht;
}

function emitGc(fc: FunctionCompiler, live: boolean, op: number, a = 0, b = 0): void {
  if (!live) return;
  fc.emitOp(IOp.Ext);
  fc.emit(ExtSub.Gc);
  fc.emit(op);
  fc.emit(a);
  fc.emit(b);
}

function checkData(fc: FunctionCompiler, di: number): void {
  if (fc.ctx.dataCount === null) fc.fail('data count section required');
  if (di >= fc.ctx.dataCount!) fc.fail(`unknown data segment ${di}`);
}

function checkElem(fc: FunctionCompiler, ei: number, elemT: number): void {
  const et = fc.ctx.elemTypes[ei];
  if (et === undefined) fc.fail(`unknown elem segment ${ei}`);
  if (!fc.matches(et!, elemT)) fc.fail('type mismatch');
}

function numericOrVector(fc: FunctionCompiler, t: number): void {
  if (isRefType(t)) fc.fail('array type is not numeric or vector');
}

/** Compiles `ref.eq` (`0xd3`). */
export function compileRefEq(fc: FunctionCompiler, live: boolean): void {
  const eq = refType(true, HeapCode.Eq);
  fc.pop(eq);
  fc.pop(eq);
  fc.push(ValType.I32);
  emitGc(fc, live, GcOp.RefEq);
}

/** Compiles one `0xfb`-prefixed instruction after its sub-opcode. */
export function compileGcOp(fc: FunctionCompiler, sub: number, live: boolean): void {
  const I32 = ValType.I32;
  switch (sub) {
    case GcOp.StructNew:
    case GcOp.StructNewDefault: {
      const d = readTypeOf(fc, CompKind.Struct);
      const n = d.params.length / 2;
      if (sub === GcOp.StructNew) {
        for (let i = n - 1; i >= 0; i--) fc.pop(unpacked(fieldType(d, i).t));
      } else {
        for (let i = 0; i < n; i++) if (!isDefaultable(fieldType(d, i).t)) fc.fail('type mismatch');
      }
      fc.push(refType(false, 0x100 + d.idx));
      emitGc(fc, live, sub, fc.ctx.typeIds[d.idx]!);
      return;
    }
    case GcOp.StructGet:
    case GcOp.StructGetS:
    case GcOp.StructGetU:
    case GcOp.StructSet: {
      const d = readTypeOf(fc, CompKind.Struct);
      const fi = fc.r.u32();
      if (fi >= d.params.length / 2) fc.fail(`unknown field ${fi}`);
      const f = fieldType(d, fi);
      const packed = f.t !== unpacked(f.t);
      if (sub === GcOp.StructSet) {
        if (!f.mut) fc.fail('immutable field');
        fc.pop(unpacked(f.t));
      } else if (packed !== (sub !== GcOp.StructGet)) fc.fail('type mismatch');
      fc.pop(refType(true, 0x100 + d.idx));
      if (sub !== GcOp.StructSet) fc.push(unpacked(f.t));
      emitGc(fc, live, sub, fc.ctx.typeIds[d.idx]!, fi);
      return;
    }
    case GcOp.ArrayNew:
    case GcOp.ArrayNewDefault:
    case GcOp.ArrayNewFixed:
    case GcOp.ArrayNewData:
    case GcOp.ArrayNewElem: {
      const d = readTypeOf(fc, CompKind.Array);
      const f = fieldType(d, 0);
      let b = 0;
      if (sub === GcOp.ArrayNewFixed) {
        b = fc.r.u32();
        for (let i = 0; i < b; i++) fc.pop(unpacked(f.t));
      } else {
        if (sub === GcOp.ArrayNewData) {
          b = fc.r.u32();
          numericOrVector(fc, f.t);
          checkData(fc, b);
          fc.pop(I32);
        } else if (sub === GcOp.ArrayNewElem) {
          b = fc.r.u32();
          checkElem(fc, b, f.t);
          fc.pop(I32);
        }
        fc.pop(I32);
        if (sub === GcOp.ArrayNew) fc.pop(unpacked(f.t));
        if (sub === GcOp.ArrayNewDefault && !isDefaultable(f.t)) fc.fail('type mismatch');
      }
      fc.push(refType(false, 0x100 + d.idx));
      emitGc(fc, live, sub, fc.ctx.typeIds[d.idx]!, b);
      return;
    }
    case GcOp.ArrayGet:
    case GcOp.ArrayGetS:
    case GcOp.ArrayGetU:
    case GcOp.ArraySet:
    case GcOp.ArrayFill: {
      const d = readTypeOf(fc, CompKind.Array);
      const f = fieldType(d, 0);
      const packed = f.t !== unpacked(f.t);
      if (sub === GcOp.ArraySet || sub === GcOp.ArrayFill) {
        if (!f.mut) fc.fail('immutable array');
        if (sub === GcOp.ArrayFill) fc.pop(I32);
        fc.pop(unpacked(f.t));
      } else if (packed !== (sub !== GcOp.ArrayGet)) fc.fail('type mismatch');
      fc.pop(I32);
      fc.pop(refType(true, 0x100 + d.idx));
      if (sub !== GcOp.ArraySet && sub !== GcOp.ArrayFill) fc.push(unpacked(f.t));
      emitGc(fc, live, sub, fc.ctx.typeIds[d.idx]!);
      return;
    }
    case GcOp.ArrayLen:
      fc.pop(refType(true, HeapCode.Array));
      fc.push(I32);
      emitGc(fc, live, sub);
      return;
    case GcOp.ArrayCopy: {
      const dd = readTypeOf(fc, CompKind.Array);
      const sd = readTypeOf(fc, CompKind.Array);
      const df = fieldType(dd, 0);
      const sf = fieldType(sd, 0);
      if (!df.mut) fc.fail('immutable array');
      const ok = df.t === sf.t || (df.t === unpacked(df.t) && sf.t === unpacked(sf.t) && fc.matches(sf.t, df.t));
      if (!ok) fc.fail('array types do not match');
      fc.pop(I32);
      fc.pop(I32);
      fc.pop(refType(true, 0x100 + sd.idx));
      fc.pop(I32);
      fc.pop(refType(true, 0x100 + dd.idx));
      emitGc(fc, live, sub, fc.ctx.typeIds[dd.idx]!, fc.ctx.typeIds[sd.idx]!);
      return;
    }
    case GcOp.ArrayInitData:
    case GcOp.ArrayInitElem: {
      const d = readTypeOf(fc, CompKind.Array);
      const f = fieldType(d, 0);
      const seg = fc.r.u32();
      if (!f.mut) fc.fail('immutable array');
      if (sub === GcOp.ArrayInitData) {
        numericOrVector(fc, f.t);
        checkData(fc, seg);
      } else checkElem(fc, seg, f.t);
      fc.pop(I32);
      fc.pop(I32);
      fc.pop(I32);
      fc.pop(refType(true, 0x100 + d.idx));
      emitGc(fc, live, sub, fc.ctx.typeIds[d.idx]!, seg);
      return;
    }
    case GcOp.RefTest:
    case GcOp.RefTestNull:
    case GcOp.RefCast:
    case GcOp.RefCastNull: {
      const ht = readHt(fc);
      const nullable = sub === GcOp.RefTestNull || sub === GcOp.RefCastNull;
      fc.pop(refType(true, topOfHeap(fc, ht)));
      fc.push(sub <= GcOp.RefTestNull ? I32 : refType(nullable, ht));
      emitGc(fc, live, sub, canonicalHeap(fc, ht), nullable ? 1 : 0);
      return;
    }
    case 24: /* br_on_cast */
    case 25: /* br_on_cast_fail */ {
      const flags = fc.r.u8();
      if (flags > 3) fc.fail('malformed br_on_cast flags');
      const depth = fc.r.u32();
      const ht1 = readHt(fc);
      const ht2 = readHt(fc);
      if (depth >= fc.ctrls.length) fc.fail('unknown label');
      const rt1 = refType((flags & 1) === 1, ht1);
      const rt2 = refType((flags & 2) === 2, ht2);
      if (!fc.matches(rt2, rt1)) fc.fail('type mismatch');
      const diff = isNullable(rt2) ? asNonNull(rt1) : rt1;
      const onBranch = sub === 24 ? rt2 : diff;
      const onFall = sub === 24 ? diff : rt2;
      const c = fc.ctrls[fc.ctrls.length - 1 - depth]!;
      const lt = fc.labelTypes(c);
      const last = lt[lt.length - 1];
      if (last === undefined || !isRefType(last) || !fc.matches(onBranch, last)) fc.fail('type mismatch');
      fc.pop(rt1);
      const moved = lt.slice(0, lt.length - 1);
      fc.popTypes(moved);
      fc.pushTypes(moved);
      fc.push(onBranch);
      if (live) {
        fc.branchMove(c);
        fc.emitOp(IOp.Ext);
        fc.emit(ExtSub.BrOnCast);
        fc.emitBranchTarget(c);
        fc.emit(fc.moveArity);
        fc.emit(fc.moveNeeded ? fc.moveDst : -1);
        fc.emit(canonicalHeap(fc, ht2));
        fc.emit(((flags & 2) === 2 ? 1 : 0) | (sub === 25 ? 2 : 0));
      }
      fc.popAny();
      fc.push(onFall);
      return;
    }
    case GcOp.AnyConvertExtern:
    case GcOp.ExternConvertAny: {
      const from = sub === GcOp.AnyConvertExtern ? HeapCode.Extern : HeapCode.Any;
      const to = sub === GcOp.AnyConvertExtern ? HeapCode.Any : HeapCode.Extern;
      const t = fc.popAny();
      if (t !== UNKNOWN && !fc.matches(t, refType(true, from))) fc.fail('type mismatch');
      fc.push(refType(t !== UNKNOWN && isNullable(t) && heapOf(t) !== HeapCode.Bot, to));
      emitGc(fc, live, sub);
      return;
    }
    case GcOp.RefI31:
      fc.pop(I32);
      fc.push(refType(false, HeapCode.I31));
      emitGc(fc, live, sub);
      return;
    case GcOp.I31GetS:
    case GcOp.I31GetU:
      fc.pop(refType(true, HeapCode.I31));
      fc.push(I32);
      emitGc(fc, live, sub);
      return;
    default:
      fc.fail(`illegal opcode fb ${sub.toString(16)}`);
  }
}

/** Whether canonical heap type `ht` (an abstract code or `0x100 + id`) is in the function hierarchy. */
export function isFuncHeap(ht: number): boolean {
  if (ht >= 0x100) return canonicalKindOf(ht - 0x100) === CompKind.Func;
  return ht === HeapCode.Func || ht === HeapCode.NoFunc;
}
