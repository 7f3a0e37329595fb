/**
 * Throwing and catching at run time. A throw (`throw`, `throw_ref`, legacy `rethrow`, or a host function that
 * throws) leaves the dispatch loop as an `Unwind` signal with the registers written back; `Execution` then calls
 * `catchException`, which walks the current frame and the frame stack below it, looking each frame's position
 * up in its function's handler table (resolved at compilation, `compile-exceptions.ts`). A matching clause gets
 * the caught values at its resolved stack height and the frame continues at its target; the frames above are
 * dropped. Nothing else is kept: an exception is never in flight at a suspension point, so a capture sees only
 * frames, values (caught `exnref`s among them) and the store's exception objects.
 * @module
 */

import { CLAUSE_WORDS, Clause, ENTRY_WORDS, ExnSub } from './compile-exceptions.js';
import type { CompiledFunction } from './compile-function.js';
import { slotsOf } from './compile-function.js';
import { RuntimeError, TrapCode } from './errors.js';
import { bindHostException, boundException, UncaughtException } from './exceptions.js';
import { type Execution, FRAME_WORDS } from './execution.js';
import { plainIndex, resumePc } from './groups.js';
import type { Store } from './store.js';

/** The signal that carries a thrown exception out of the dispatch loop to `Execution` (never leaves it). */
export class Unwind {
  constructor(readonly exn: number) {}
}

/**
 * Executes `IOp.Exn` at `ex.pc` (just past the op word; the registers are written back). Always ends the
 * instruction by throwing: an `Unwind` for the exception, or a trap.
 */
export function executeExn(ex: Execution, code: Int32Array): Unwind {
  const pc = ex.pc;
  const sub = code[pc]!;
  const imm = code[pc + 1]!;
  const store = ex.store;
  const s32 = ex.s32;
  switch (sub) {
    case ExnSub.Throw: {
      const inst = store.instances[store.funcs[ex.funcAddr]!.instanceAddr]!;
      const tag = inst.tagAddrs[imm]!;
      let n = 0;
      for (const t of store.exceptions.tagTypes[tag]!.params) n += slotsOf(t);
      const from = (ex.sp - n) << 1;
      const words = s32.slice(from, from + (n << 1));
      ex.sp -= n;
      return new Unwind(store.exceptions.allocExn(tag, words));
    }
    case ExnSub.ThrowRef: {
      ex.sp--;
      const ref = s32[ex.sp << 1]!;
      if (ref === 0) throw new RuntimeError(TrapCode.NullExceptionReference);
      return new Unwind(ref - 1);
    }
    default: /* ExnSub.Rethrow */
      return new Unwind(s32[(ex.fp + imm) << 1]! - 1);
  }
}

/**
 * What a host function threw, as it continues in wasm: an object standing for an exception of this store (a
 * facade `WebAssembly.Exception`, or the `UncaughtException` a nested call of this store ended with) is that
 * exception; any other trap stays a trap; anything else becomes an
 * exception of the host tag holding the value.
 */
export function hostThrow(store: Store, e: unknown): unknown {
  const bound = boundException(e, store);
  if (bound >= 0) return new Unwind(bound);
  if (e instanceof RuntimeError) return e;
  const exc = store.exceptions;
  return new Unwind(exc.exnFromValues(exc.hostTagAddr(), [{ type: 'externref', value: e }], store));
}

/**
 * Finds the handler of exception `exn` thrown at the execution's registers (`ex.pc` is inside the throwing
 * instruction: past its op word, or past a call's immediates) and moves the execution there.
 * @returns false when no frame catches it (the registers are then left as they were)
 */
export function catchException(ex: Execution, exn: number): boolean {
  const store = ex.store;
  const tag = store.exceptions.exnTags[exn]!;
  let funcAddr = ex.funcAddr;
  let pc = ex.pc;
  let fp = ex.fp;
  let fc = ex.fc;
  for (;;) {
    const f = store.funcs[funcAddr]!;
    const c = f.code!;
    const h = c.handlers;
    if (h !== null) {
      const tagAddrs = store.instances[f.instanceAddr]!.tagAddrs;
      const entries = h.entries;
      const clauses = h.clauses;
      let e = innermost(entries, instructionBefore(c, pc));
      while (e >= 0) {
        const first = entries[e * ENTRY_WORDS + 3]!;
        const count = entries[e * ENTRY_WORDS + 4]!;
        for (let k = first; k < first + count; k++) {
          const w = k * CLAUSE_WORDS;
          const kind = clauses[w]!;
          const tagged = kind === Clause.Catch || kind === Clause.CatchRef || kind === Clause.LegacyCatch;
          if (tagged && tagAddrs[clauses[w + 1]!] !== tag) continue;
          deliver(ex, exn, kind, fp + clauses[w + 3]!);
          ex.funcAddr = funcAddr;
          ex.fp = fp;
          ex.fc = fc;
          ex.pc = resumePc(c, plainIndex(c, clauses[w + 2]!));
          return true;
        }
        e = entries[e * ENTRY_WORDS + 2]!;
      }
    }
    if (fc === 0) return false;
    fc--;
    const k = fc * FRAME_WORDS;
    funcAddr = ex.frames[k]!;
    pc = ex.frames[k + 1]!;
    fp = ex.frames[k + 2]!;
  }
}

/** Writes the caught values of a clause of kind `kind` at slot `at` and sets `ex.sp` past them. */
function deliver(ex: Execution, exn: number, kind: number, at: number): void {
  const s32 = ex.s32;
  let sp = at;
  if (kind === Clause.LegacyCatch || kind === Clause.LegacyCatchAll) {
    s32[sp << 1] = exn + 1;
    s32[(sp << 1) + 1] = 0;
    sp++;
  }
  if (kind === Clause.Catch || kind === Clause.CatchRef || kind === Clause.LegacyCatch) {
    const words = ex.store.exceptions.exnWords[exn]!;
    s32.set(words, sp << 1);
    sp += words.length >> 1;
  }
  if (kind === Clause.CatchRef || kind === Clause.CatchAllRef) {
    s32[sp << 1] = exn + 1;
    s32[(sp << 1) + 1] = 0;
    sp++;
  }
  ex.sp = sp;
}

/**
 * What an uncaught exception becomes at the execution's boundary: a host exception is its host value (to be
 * thrown as it was); any other is an `UncaughtException` trap.
 */
export function escapeValue(
  store: Store,
  exn: number,
): { readonly host: true; readonly value: unknown } | UncaughtException {
  const exc = store.exceptions;
  const tag = exc.exnTags[exn]!;
  const values = exc.values(exn, store);
  if (tag === exc.hostTag) return { host: true, value: (values[0] as { value: unknown }).value };
  const error = new UncaughtException(exn, tag, values);
  // Thrown on by a host function of the same store, it continues as the same exception.
  bindHostException(error, store, exn);
  return error;
}

/** The plain instruction index of the instruction that holds `pc - 1` (a throw's op, a call's immediates). */
function instructionBefore(c: CompiledFunction, pc: number): number {
  const at = pc - 1;
  if (at < c.plainLen || c.groups === null) {
    const pcs = c.pcs;
    let lo = 0;
    let hi = pcs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (pcs[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
  // In the fused copy, calls and throws are groups of their own.
  const starts = c.groups.starts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  return c.groups.first[lo]!;
}

/** The innermost entry whose range holds instruction `i`, or -1. */
function innermost(entries: Int32Array, i: number): number {
  for (let e = entries.length / ENTRY_WORDS - 1; e >= 0; e--) {
    const w = e * ENTRY_WORDS;
    if (entries[w]! <= i && i < entries[w + 1]!) return e;
  }
  return -1;
}
