/**
 * The GC instructions at run time (`IOp.Ext` sub-operations `Gc` and `BrOnCast`, see `compile-gc.ts`): struct
 * and array allocation and access in the store's {@link GcHeap}, `i31`, `ref.eq`, casts and the extern/any
 * conversions. References are one word in an operand slot (`gc/ref-value.ts`); fields of reference type hold the
 * heap's two-word tagged form. None of these ops suspends: they trap or continue.
 *
 * An allocating op is a safepoint: when the heap wants a collection, or the object would not fit under the heap's
 * limit, it collects first (`gc-roots.ts`), with the frame's pc on the op and its operands still on the stack, and
 * traps `heap-exhausted` only when the object still does not fit.
 * @module
 */

import { GcOp } from './compile-gc.js';
import { RuntimeError, TrapCode } from './errors.js';
import { takeBranch } from './exec-func-refs.js';
import { EXT_CONTINUE } from './exec-tail-calls.js';
import type { Execution } from './execution.js';
import { ExtSub } from './ext-ops.js';
import { gcTypeInfo, PackedCode } from './gc/gc-types.js';
import { type GcHeap, GcHeapError } from './gc/heap.js';
import { HEADER_WORDS } from './gc/heap-layout.js';
import { fromHeapRef, heapAddr, heapRef, i31Ref, i31Value, isHeapRef, isI31Ref, toHeapRef } from './gc/ref-value.js';
import { collectGarbage } from './gc-roots.js';
import { CompKind, canonicalKindOf, HeapCode, isCanonicalSubtype } from './heap-types.js';
import type { Store } from './store.js';

/** The store's heap with the struct or array type `id` defined in it. */
export function heapWithType(store: Store, id: number): GcHeap {
  const heap = store.gcHeap;
  if (!heap.hasType(id)) heap.defineType(id, gcTypeInfo(id).layout);
  return heap;
}

/** Allocates, turning an exhausted heap into a trap. */
function alloc(heap: GcHeap, id: number, length: number): number {
  try {
    return length < 0 ? heap.allocStruct(id) : heap.allocArray(id, length);
  } catch (e) {
    if (e instanceof GcHeapError || e instanceof RangeError) throw new RuntimeError(TrapCode.HeapExhausted);
    throw e;
  }
}

/** Operand slots a value of storage type `t` takes. */
function slotsOfStorage(t: number): number {
  return t === 0x7b ? 2 : 1;
}

/** Heap words a field of storage type `t` takes. */
function wordsOfStorage(t: number): number {
  if (t === 0x7b) return 4;
  if (t === 0x7e || t === 0x7c || (t !== PackedCode.I8 && t !== PackedCode.I16 && t !== 0x7f && t !== 0x7d)) return 2;
  return 1;
}

/** Bytes an element of storage type `t` takes in a data segment. */
function bytesOfStorage(t: number): number {
  switch (t) {
    case PackedCode.I8:
      return 1;
    case PackedCode.I16:
      return 2;
    case 0x7f:
    case 0x7d:
      return 4;
    case 0x7b:
      return 16;
    default:
      return 8;
  }
}

/** Stores the operand at stack words `s[at…]` as a field of storage type `t` at heap words `w[p…]`. */
export function storeField(t: number, s: Int32Array, at: number, w: Int32Array, p: number): void {
  switch (t) {
    case PackedCode.I8:
      w[p] = s[at]! & 0xff;
      return;
    case PackedCode.I16:
      w[p] = s[at]! & 0xffff;
      return;
    case 0x7f:
    case 0x7d:
      w[p] = s[at]!;
      return;
    case 0x7e:
    case 0x7c:
      w[p] = s[at]!;
      w[p + 1] = s[at + 1]!;
      return;
    case 0x7b:
      for (let i = 0; i < 4; i++) w[p + i] = s[at + i]!;
      return;
    default:
      toHeapRef(s[at]!, w, p);
  }
}

/** Loads a field of storage type `t` at heap words `w[p…]` into stack words `s[at…]` (packed: sign-extended or not). */
export function loadField(t: number, w: Int32Array, p: number, s: Int32Array, at: number, signed: boolean): void {
  switch (t) {
    case PackedCode.I8:
      s[at] = signed ? (w[p]! << 24) >> 24 : w[p]! & 0xff;
      s[at + 1] = 0;
      return;
    case PackedCode.I16:
      s[at] = signed ? (w[p]! << 16) >> 16 : w[p]! & 0xffff;
      s[at + 1] = 0;
      return;
    case 0x7f:
    case 0x7d:
      s[at] = w[p]!;
      s[at + 1] = 0;
      return;
    case 0x7e:
    case 0x7c:
      s[at] = w[p]!;
      s[at + 1] = w[p + 1]!;
      return;
    case 0x7b:
      for (let i = 0; i < 4; i++) s[at + i] = w[p + i]!;
      return;
    default:
      s[at] = fromHeapRef(w, p);
      s[at + 1] = 0;
  }
}

/** Writes element `i` of storage type `t` from little-endian bytes `b[o…]` at heap words `w[p…]`. */
function storeBytes(t: number, b: Uint8Array, o: number, w: Int32Array, p: number): void {
  const le = (k: number): number => b[k]! | (b[k + 1]! << 8) | (b[k + 2]! << 16) | (b[k + 3]! << 24);
  switch (t) {
    case PackedCode.I8:
      w[p] = b[o]!;
      return;
    case PackedCode.I16:
      w[p] = b[o]! | (b[o + 1]! << 8);
      return;
    default: {
      const n = wordsOfStorage(t);
      for (let i = 0; i < n; i++) w[p + i] = le(o + 4 * i);
    }
  }
}

/**
 * Whether the non-null reference word `v` is of canonical heap type `ht` (an abstract code or `0x100 + id`).
 * Its hierarchy is the one `ht` is in (validation guarantees it).
 */
export function refIsOf(store: Store, v: number, ht: number): boolean {
  if (ht >= 0x100) {
    const id = ht - 0x100;
    if (canonicalKindOf(id) === CompKind.Func) return isCanonicalSubtype(store.funcs[v - 1]!.typeId, id);
    return isHeapRef(v) && isCanonicalSubtype(store.gcHeap.typeIdOf(heapAddr(v)), id);
  }
  switch (ht) {
    case HeapCode.Eq:
      return isHeapRef(v) || isI31Ref(v);
    case HeapCode.I31:
      return isI31Ref(v);
    case HeapCode.Struct:
    case HeapCode.Array: {
      if (!isHeapRef(v)) return false;
      const kind = canonicalKindOf(store.gcHeap.typeIdOf(heapAddr(v)));
      return kind === (ht === HeapCode.Struct ? CompKind.Struct : CompKind.Array);
    }
    case HeapCode.None:
    case HeapCode.NoFunc:
    case HeapCode.NoExtern:
    case HeapCode.NoExn:
      return false;
    default:
      return true;
  }
}

/**
 * Runs the GC op whose sub-operation (`Gc` or `BrOnCast`) is at `ex.pc` (the registers are written back).
 * @returns `EXT_CONTINUE` or a loop code
 */
export function executeGcExt(ex: Execution, code: Int32Array): number {
  const pc = ex.pc;
  if (code[pc] === ExtSub.BrOnCast) return brOnCast(ex, code, pc);
  const op = code[pc + 1]!;
  if (op <= GcOp.ArrayNewElem) makeRoom(ex, pc, op, code[pc + 2]!, code[pc + 3]!);
  runGcOp(ex, op, code[pc + 2]!, code[pc + 3]!);
  ex.pc = pc + 4;
  return EXT_CONTINUE;
}

/** Allocation ops among the struct and array ops. */
function allocates(op: number): boolean {
  return op === GcOp.StructNew || op === GcOp.StructNewDefault || (op >= GcOp.ArrayNew && op <= GcOp.ArrayNewElem);
}

/**
 * Before allocation op `op` (type `a`, immediate `b`) whose sub-operation is at `pc`: collects when the heap asks
 * for it or the object would pass the heap's limit. The operands are still on the stack (the length is read, not
 * popped) and the frame's pc is the op's, so every root is where the stack maps say.
 */
function makeRoom(ex: Execution, pc: number, op: number, a: number, b: number): void {
  if (!allocates(op)) return;
  const heap = ex.store.gcHeap;
  const layout = gcTypeInfo(a).layout;
  let payload = layout.words;
  if (op !== GcOp.StructNew && op !== GcOp.StructNewDefault) {
    const length = op === GcOp.ArrayNewFixed ? b : ex.s32[(ex.sp - 1) << 1]! >>> 0;
    payload *= length;
  }
  const size = HEADER_WORDS + payload;
  if (size > heap.maxWords) return; // no collection makes room: the allocation traps
  if (!heap.wantsCollection && heap.top + size <= heap.maxWords) return;
  ex.pc = pc - 1;
  collectGarbage(ex.store);
  ex.pc = pc;
}

function brOnCast(ex: Execution, code: Int32Array, pc: number): number {
  const v = ex.s32[(ex.sp - 1) << 1]!;
  const flags = code[pc + 5]!;
  const match = v === 0 ? (flags & 1) === 1 : refIsOf(ex.store, v, code[pc + 4]!);
  if (match === ((flags & 2) === 2)) {
    ex.pc = pc + 6;
    return EXT_CONTINUE;
  }
  return takeBranch(ex, code, pc);
}

/** The instance whose function is running. */
function instanceOf(ex: Execution) {
  const store = ex.store;
  return store.instances[store.funcs[ex.funcAddr]!.instanceAddr]!;
}

/** Pops an i32 operand. */
function popI32(ex: Execution): number {
  return ex.s32[--ex.sp << 1]!;
}

/** Pops a reference to an array; traps on null. Returns its heap address. */
function popArray(ex: Execution): number {
  const v = ex.s32[--ex.sp << 1]!;
  if (v === 0) throw new RuntimeError(TrapCode.NullArrayReference);
  return heapAddr(v);
}

/** Pushes an i32 result. */
function pushI32(ex: Execution, n: number): void {
  const w = ex.sp++ << 1;
  ex.s32[w] = n;
  ex.s32[w + 1] = 0;
}

/** Pushes a reference word. */
function pushRef(ex: Execution, v: number): void {
  pushI32(ex, v);
}

/** Traps unless `[start, start + n)` is within `len` (all unsigned). */
function checkRange(start: number, n: number, len: number, trap: TrapCode): void {
  if ((start >>> 0) + (n >>> 0) > len) throw new RuntimeError(trap);
}

function runGcOp(ex: Execution, op: number, a: number, b: number): void {
  const store = ex.store;
  switch (op) {
    case GcOp.StructNew:
    case GcOp.StructNewDefault: {
      const info = gcTypeInfo(a);
      const heap = heapWithType(store, a);
      const addr = alloc(heap, a, -1);
      if (op === GcOp.StructNew) {
        let slots = 0;
        for (const t of info.types) slots += slotsOfStorage(t);
        const base = ex.sp - slots;
        const w = heap.words;
        const p = addr + HEADER_WORDS;
        let at = base << 1;
        for (let i = 0; i < info.types.length; i++) {
          const t = info.types[i]!;
          storeField(t, ex.s32, at, w, p + info.layout.offsets[i]!);
          at += slotsOfStorage(t) << 1;
        }
        ex.sp = base;
      }
      pushRef(ex, heapRef(addr));
      return;
    }
    case GcOp.StructGet:
    case GcOp.StructGetS:
    case GcOp.StructGetU: {
      const info = gcTypeInfo(a);
      const v = ex.s32[(ex.sp - 1) << 1]!;
      if (v === 0) throw new RuntimeError(TrapCode.NullStructReference);
      const t = info.types[b]!;
      const heap = store.gcHeap;
      const at = --ex.sp << 1;
      loadField(
        t,
        heap.words,
        heapAddr(v) + HEADER_WORDS + info.layout.offsets[b]!,
        ex.s32,
        at,
        op === GcOp.StructGetS,
      );
      ex.sp += slotsOfStorage(t);
      return;
    }
    case GcOp.StructSet: {
      const info = gcTypeInfo(a);
      const t = info.types[b]!;
      const valAt = (ex.sp - slotsOfStorage(t)) << 1;
      const v = ex.s32[valAt - 2]!;
      if (v === 0) throw new RuntimeError(TrapCode.NullStructReference);
      storeField(t, ex.s32, valAt, store.gcHeap.words, heapAddr(v) + HEADER_WORDS + info.layout.offsets[b]!);
      ex.sp -= slotsOfStorage(t) + 1;
      return;
    }
    case GcOp.ArrayNew:
    case GcOp.ArrayNewDefault: {
      const t = gcTypeInfo(a).types[0]!;
      const len = popI32(ex) >>> 0;
      const heap = heapWithType(store, a);
      const addr = alloc(heap, a, len);
      if (op === GcOp.ArrayNew) {
        ex.sp -= slotsOfStorage(t);
        const w = heap.words;
        const e = wordsOfStorage(t);
        const p = addr + HEADER_WORDS;
        if (len > 0) {
          storeField(t, ex.s32, ex.sp << 1, w, p);
          for (let i = 1; i < len; i++) w.copyWithin(p + i * e, p, p + e);
        }
      }
      pushRef(ex, heapRef(addr));
      return;
    }
    case GcOp.ArrayNewFixed: {
      const t = gcTypeInfo(a).types[0]!;
      const heap = heapWithType(store, a);
      const addr = alloc(heap, a, b);
      const sl = slotsOfStorage(t);
      const e = wordsOfStorage(t);
      const base = ex.sp - b * sl;
      const w = heap.words;
      for (let i = 0; i < b; i++) storeField(t, ex.s32, (base + i * sl) << 1, w, addr + HEADER_WORDS + i * e);
      ex.sp = base;
      pushRef(ex, heapRef(addr));
      return;
    }
    case GcOp.ArrayNewData:
    case GcOp.ArrayNewElem: {
      const t = gcTypeInfo(a).types[0]!;
      const n = popI32(ex) >>> 0;
      const s = popI32(ex) >>> 0;
      const inst = instanceOf(ex);
      const heap = heapWithType(store, a);
      if (op === GcOp.ArrayNewData) {
        const bytes = store.datas[inst.dataAddrs[b]!]!.bytes;
        const z = bytesOfStorage(t);
        if (s + n * z > bytes.length) throw new RuntimeError(TrapCode.MemoryOutOfBounds);
        const addr = alloc(heap, a, n);
        const e = wordsOfStorage(t);
        for (let i = 0; i < n; i++) storeBytes(t, bytes, s + i * z, heap.words, addr + HEADER_WORDS + i * e);
        pushRef(ex, heapRef(addr));
      } else {
        const refs = store.elems[inst.elemAddrs[b]!]!.refs;
        checkRange(s, n, refs.length, TrapCode.TableOutOfBounds);
        const addr = alloc(heap, a, n);
        for (let i = 0; i < n; i++) toHeapRef(refs[s + i]!, heap.words, addr + HEADER_WORDS + 2 * i);
        pushRef(ex, heapRef(addr));
      }
      return;
    }
    case GcOp.ArrayGet:
    case GcOp.ArrayGetS:
    case GcOp.ArrayGetU: {
      const t = gcTypeInfo(a).types[0]!;
      const i = popI32(ex) >>> 0;
      const addr = popArray(ex);
      const heap = store.gcHeap;
      if (i >= heap.lengthOf(addr)) throw new RuntimeError(TrapCode.ArrayOutOfBounds);
      loadField(t, heap.words, addr + HEADER_WORDS + i * wordsOfStorage(t), ex.s32, ex.sp << 1, op === GcOp.ArrayGetS);
      ex.sp += slotsOfStorage(t);
      return;
    }
    case GcOp.ArraySet: {
      const t = gcTypeInfo(a).types[0]!;
      ex.sp -= slotsOfStorage(t);
      const valAt = ex.sp << 1;
      const i = popI32(ex) >>> 0;
      const addr = popArray(ex);
      const heap = store.gcHeap;
      if (i >= heap.lengthOf(addr)) throw new RuntimeError(TrapCode.ArrayOutOfBounds);
      storeField(t, ex.s32, valAt, heap.words, addr + HEADER_WORDS + i * wordsOfStorage(t));
      return;
    }
    case GcOp.ArrayLen:
      pushI32(ex, store.gcHeap.lengthOf(popArray(ex)));
      return;
    case GcOp.ArrayFill: {
      const t = gcTypeInfo(a).types[0]!;
      const n = popI32(ex) >>> 0;
      ex.sp -= slotsOfStorage(t);
      const valAt = ex.sp << 1;
      const d = popI32(ex) >>> 0;
      const addr = popArray(ex);
      const heap = store.gcHeap;
      checkRange(d, n, heap.lengthOf(addr), TrapCode.ArrayOutOfBounds);
      if (n === 0) return;
      const e = wordsOfStorage(t);
      const w = heap.words;
      const p = addr + HEADER_WORDS + d * e;
      storeField(t, ex.s32, valAt, w, p);
      for (let i = 1; i < n; i++) w.copyWithin(p + i * e, p, p + e);
      return;
    }
    case GcOp.ArrayCopy: {
      const t = gcTypeInfo(a).types[0]!;
      const n = popI32(ex) >>> 0;
      const s = popI32(ex) >>> 0;
      const src = popArray(ex);
      const d = popI32(ex) >>> 0;
      const dst = popArray(ex);
      const heap = store.gcHeap;
      checkRange(d, n, heap.lengthOf(dst), TrapCode.ArrayOutOfBounds);
      checkRange(s, n, heap.lengthOf(src), TrapCode.ArrayOutOfBounds);
      const e = wordsOfStorage(t);
      const sp = src + HEADER_WORDS + s * e;
      heap.words.copyWithin(dst + HEADER_WORDS + d * e, sp, sp + n * e);
      return;
    }
    case GcOp.ArrayInitData:
    case GcOp.ArrayInitElem: {
      const t = gcTypeInfo(a).types[0]!;
      const n = popI32(ex) >>> 0;
      const s = popI32(ex) >>> 0;
      const d = popI32(ex) >>> 0;
      const addr = popArray(ex);
      const heap = store.gcHeap;
      checkRange(d, n, heap.lengthOf(addr), TrapCode.ArrayOutOfBounds);
      const inst = instanceOf(ex);
      const e = wordsOfStorage(t);
      const p = addr + HEADER_WORDS + d * e;
      if (op === GcOp.ArrayInitData) {
        const bytes = store.datas[inst.dataAddrs[b]!]!.bytes;
        const z = bytesOfStorage(t);
        if (s + n * z > bytes.length) throw new RuntimeError(TrapCode.MemoryOutOfBounds);
        for (let i = 0; i < n; i++) storeBytes(t, bytes, s + i * z, heap.words, p + i * e);
      } else {
        const refs = store.elems[inst.elemAddrs[b]!]!.refs;
        checkRange(s, n, refs.length, TrapCode.TableOutOfBounds);
        for (let i = 0; i < n; i++) toHeapRef(refs[s + i]!, heap.words, p + 2 * i);
      }
      return;
    }
    case GcOp.RefTest:
    case GcOp.RefTestNull:
    case GcOp.RefCast:
    case GcOp.RefCastNull: {
      const at = (ex.sp - 1) << 1;
      const v = ex.s32[at]!;
      const match = v === 0 ? b === 1 : refIsOf(store, v, a);
      if (op <= GcOp.RefTestNull) {
        ex.s32[at] = match ? 1 : 0;
        ex.s32[at + 1] = 0;
      } else if (!match) throw new RuntimeError(TrapCode.CastFailure);
      return;
    }
    case GcOp.AnyConvertExtern:
    case GcOp.ExternConvertAny:
      // One encoding for both hierarchies: a host value stays a plain reference, a heap or i31 one its word.
      return;
    case GcOp.RefI31: {
      const at = (ex.sp - 1) << 1;
      ex.s32[at] = i31Ref(ex.s32[at]!);
      return;
    }
    case GcOp.I31GetS:
    case GcOp.I31GetU: {
      const at = (ex.sp - 1) << 1;
      const v = ex.s32[at]!;
      if (v === 0) throw new RuntimeError(TrapCode.NullI31Reference);
      ex.s32[at] = op === GcOp.I31GetS ? i31Value(v) : i31Value(v) & 0x7fffffff;
      return;
    }
    case GcOp.RefEq: {
      const y = ex.s32[--ex.sp << 1]!;
      const at = (ex.sp - 1) << 1;
      ex.s32[at] = ex.s32[at] === y ? 1 : 0;
      return;
    }
    default:
      throw new Error(`internal error: no GC op ${op}`);
  }
}
