/**
 * Evaluation of the GC steps of constant expressions (`struct.new*`, `array.new*`, `ref.i31`, the extern/any
 * conversions) at instantiation: objects are allocated in the store's heap as the instructions would.
 * @module
 */
import type { ConstGcStep } from './const-expr.js';
import { RuntimeError, TrapCode } from './errors.js';
import { heapWithType, storeField } from './exec-gc.js';
import { gcTypeInfo } from './gc/gc-types.js';
import { HEADER_WORDS } from './gc/heap-layout.js';
import { heapRef, i31Ref } from './gc/ref-value.js';
import type { Store } from './store.js';

/** Applies a GC step to the evaluation stack of a constant expression (four words an operand). */
export function evalGcConst(store: Store, step: ConstGcStep, stack: Int32Array[]): void {
  if (step.op === 28) {
    const v = stack.pop()!;
    stack.push(Int32Array.of(i31Ref(v[0]!), 0, 0, 0));
    return;
  }
  if (step.op === 26 || step.op === 27) return;
  const info = gcTypeInfo(step.typeId);
  const heap = heapWithType(store, step.typeId);
  const withValues = step.op === 0 || step.op === 6 || step.op === 8;
  let length = -1;
  if (step.op === 6 || step.op === 7) length = stack.pop()![0]! >>> 0;
  else if (step.op === 8) length = step.n;
  const count = step.op === 0 ? info.types.length : step.op === 6 ? 1 : step.op === 8 ? step.n : 0;
  const values = withValues ? stack.splice(stack.length - count, count) : [];
  let addr: number;
  try {
    addr = length < 0 ? heap.allocStruct(step.typeId) : heap.allocArray(step.typeId, length);
  } catch {
    throw new RuntimeError(TrapCode.HeapExhausted);
  }
  const w = heap.words;
  const p = addr + HEADER_WORDS;
  if (length < 0) {
    for (let i = 0; i < values.length; i++) storeField(info.types[i]!, values[i]!, 0, w, p + info.layout.offsets[i]!);
  } else if (withValues) {
    const e = info.layout.words;
    for (let i = 0; i < length; i++) storeField(info.types[0]!, values[step.op === 6 ? 0 : i]!, 0, w, p + i * e);
  }
  stack.push(Int32Array.of(heapRef(addr), 0, 0, 0));
}
