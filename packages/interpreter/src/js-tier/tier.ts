/**
 * The JavaScript tier of a store: when a function is translated (policy), entering translated code from the
 * interpreter (a call site or an execution's start), and turning a hand-over back into interpreter frames. The
 * interpreter stays the reference: whatever the tier declines, or cannot compile where code generation is not
 * allowed, runs there, and every suspension is interpreter state.
 * @module
 */
import { type CompiledFunction, ensureCompiled } from '../compile-function.js';
import { RuntimeError, TrapCode } from '../errors.js';
import type { Execution } from '../execution.js';
import { offsetToPc, pcToOffset } from '../execution.js';
import { prepare } from '../fuse.js';
import type { FuncInst, MemInst } from '../runtime.js';
import type { Store } from '../store.js';
import { HELPERS } from './helpers.js';
import { HO_FUEL, HO_INTERRUPT, HO_NONE, type JsEntry, type JsFunction, JsRuntime } from './runtime.js';
import { FACTORY_PARAMS, type Translation, translate } from './translate.js';

/** How a store runs code: the interpreter only, translated JavaScript from a function's first call, or by heat. */
export type TierMode = 'interp' | 'js' | 'auto';

/** The tier modes, for option parsing. */
export const TIER_MODES: readonly TierMode[] = ['interp', 'js', 'auto'];

/** A loop code (beside `dispatch-loop.ts`' LOOP_*): translated code ran; the loop re-enters from the registers. */
export const LOOP_TIER = 5;

/** In `auto` mode, calls after which a function without loops is translated (one with a loop: its first). */
export const AUTO_CALLS = 2;

/**
 * The interrupt-flag value with which the store asks the interpreter to stop at its next loop back-edge, so that
 * the running frame can continue in translated code there. Negative: calls stop only for a real interrupt (a
 * positive value, which `interrupt()` stores over it), so the stop never falls between a call's fuel and the call.
 */
export const OSR_REQUEST = -0x05a7;

/** Stops in a row where a requested entry was not possible before the request waits for the next slice. */
const MAX_MISSES = 4;

/** Fuel translated code gets in a run without a budget (hands over to the interpreter's slices when spent). */
const UNLIMITED_FUEL = 0x3fffffff;

type Factory = (...args: unknown[]) => unknown;

interface Cached {
  readonly tr: Translation | null;
  factory: Factory | null;
  /** The factory of the entry into a running frame, made at the first such entry. */
  osrFactory: Factory | null;
}

/** Translations by compiled function: shared by the instances of a module. */
const cache = new WeakMap<CompiledFunction, Cached>();

/** Whether this realm lets code be generated from strings (not under a CSP or `--disallow-code-generation-from-strings`). */
export function codeGenerationAllowed(): boolean {
  try {
    return (new Function('return 1') as () => number)() === 1;
  } catch {
    return false;
  }
}

/** The translated-code state of one store. */
export class JsTier {
  readonly mode: TierMode;
  readonly rt: JsRuntime;
  /** False when code generation is refused: everything stays interpreted. */
  enabled: boolean;
  /**
   * Functions made into JavaScript, functions declined (outside the subset, host functions), interrupts taken and
   * fuel stops reached in translated code, entries into running frames.
   */
  readonly stats = { translated: 0, declined: 0, interrupts: 0, fuelStops: 0, entries: 0 };
  private readonly store: Store;
  private readonly calls: number[] = [];
  private readonly owners: (FuncInst | undefined)[] = [];
  private readonly entries: (((fp: number) => void) | undefined)[] = [];
  /** Entries into a running frame (`JsEntry.o`) and the translation's entry points, by function address. */
  private readonly reentries: (JsEntry['o'] | undefined)[] = [];
  private readonly trs: (Translation | undefined)[] = [];
  /** Translated code returned into an interpreted frame: that frame is worth entering (`takeReturn`). */
  private returned = false;
  /** Requests in a row that stopped where the frame could not be entered. */
  private misses = 0;

  constructor(store: Store, mode: TierMode) {
    this.store = store;
    this.mode = mode;
    this.rt = new JsRuntime(store);
    // A callee of translated code is translated at once: its caller is hot.
    this.rt.up = (addr: number) => this.up(addr, true);
    this.enabled = mode !== 'interp' && codeGenerationAllowed();
  }

  /** Forgets what was made for the function at `addr` (its address is freed and may be reused). */
  forget(addr: number): void {
    this.rt.fns[addr] = undefined;
    this.entries[addr] = undefined;
    this.reentries[addr] = undefined;
    this.trs[addr] = undefined;
    this.owners[addr] = undefined;
    this.calls[addr] = 0;
  }

  /**
   * The translated function at `addr`, translating it when the policy says so; null when it stays interpreted
   * (for now, in `auto` mode, while it is not hot yet).
   * @param hot translate now in `auto` mode too (the caller is translated code)
   */
  up(addr: number, hot = false): JsFunction | null {
    const f = this.store.funcs[addr]!;
    if (this.owners[addr] !== f) this.forget(addr);
    this.owners[addr] = f;
    if (!this.enabled || f.code === null) return this.refuse(addr);
    // Lazy compilation: the translator reads the internal code's instruction offsets and fuel.
    const c = ensureCompiled(f.code);
    let entry = cache.get(c);
    if (entry === undefined) {
      const inst = this.store.instances[f.instanceAddr]!;
      entry = { tr: translate(inst.module, c), factory: null, osrFactory: null };
      cache.set(c, entry);
    }
    const tr = entry.tr;
    if (tr === null) return this.refuse(addr);
    if (this.mode === 'auto' && !hot) {
      const n = (this.calls[addr] ?? 0) + 1;
      this.calls[addr] = n;
      if (n < AUTO_CALLS && !tr.hasLoop) return null;
    }
    const inst = this.store.instances[f.instanceAddr]!;
    const mem = inst.memAddrs.length > 0 ? this.store.mems[inst.memAddrs[0]!]! : null;
    if (mem !== null && mem.shared !== null) return this.refuse(addr);
    if (entry.factory === null) {
      try {
        entry.factory = new Function(...FACTORY_PARAMS, tr.source) as Factory;
      } catch (e) {
        if (e instanceof EvalError) {
          this.enabled = false;
          return this.refuse(addr);
        }
        throw e;
      }
    }
    const made = entry.factory(...this.factoryArgs(addr, f, tr, mem)) as { f: JsFunction; e: (fp: number) => void };
    this.rt.ms[addr] = c.maxSlots;
    this.rt.fns[addr] = made.f;
    this.stats.translated++;
    this.entries[addr] = made.e;
    this.reentries[addr] = undefined;
    this.trs[addr] = tr;
    return made.f;
  }

  /** The arguments of a function's factories (`FACTORY_PARAMS`). */
  private factoryArgs(addr: number, f: FuncInst, tr: Translation, mem: MemInst | null): unknown[] {
    const inst = this.store.instances[f.instanceAddr]!;
    return [
      this.rt,
      HELPERS,
      addr,
      inst.funcAddrs,
      inst.globalAddrs,
      inst.tableAddrs,
      inst.module.typeIds,
      mem,
      tr.safepoints,
    ];
  }

  /** The entry into a running frame of the translated function at `addr`, made at its first use. */
  private reentry(addr: number): JsEntry['o'] {
    const known = this.reentries[addr];
    if (known !== undefined) return known;
    const f = this.store.funcs[addr]!;
    const entry = cache.get(ensureCompiled(f.code!))!;
    const tr = entry.tr!;
    entry.osrFactory ??= new Function(...FACTORY_PARAMS, tr.osrSource()) as Factory;
    const inst = this.store.instances[f.instanceAddr]!;
    const mem = inst.memAddrs.length > 0 ? this.store.mems[inst.memAddrs[0]!]! : null;
    const o = (entry.osrFactory(...this.factoryArgs(addr, f, tr, mem)) as { o: JsEntry['o'] }).o;
    this.reentries[addr] = o;
    return o;
  }

  /**
   * Asks the interpreter to stop at the next loop back-edge or call of the running frame (`OSR_REQUEST` in the
   * interrupt flag, unless a request or an interrupt is there already), when that frame's function is or may be
   * translated.
   */
  request(ex: Execution): void {
    if (!this.enabled || this.rt.fns[ex.funcAddr] === null) return;
    this.misses = 0;
    Atomics.compareExchange(ex.interruptFlag, 0, 0, OSR_REQUEST);
  }

  /** Whether translated code last returned into an interpreted frame (reset by the call). */
  takeReturn(): boolean {
    const r = this.returned;
    this.returned = false;
    return r;
  }

  /** After a requested stop where the frame could not be entered: asks again, a few times in a row at most. */
  retry(ex: Execution): void {
    if (++this.misses <= MAX_MISSES) Atomics.compareExchange(ex.interruptFlag, 0, 0, OSR_REQUEST);
  }

  /** Withdraws a pending `request`; true when it was pending (a real interrupt is left in place). */
  withdraw(ex: Execution): boolean {
    return Atomics.compareExchange(ex.interruptFlag, 0, OSR_REQUEST, 0) === OSR_REQUEST;
  }

  /**
   * Continues the interpreter's running frame (its registers in `ex`, stopped at a loop back-edge's target) in
   * translated code: the write-back in reverse. The frame's function is translated now if it is not yet (it has
   * been running: it is hot).
   * @param fuel the budget left, or -1 for none
   * @returns -1 when the interpreter continues, else a loop code (`LOOP_DONE`, `LOOP_TIER`, `LOOP_INTERRUPT`)
   */
  enter(ex: Execution, fuel: number): number {
    const addr = ex.funcAddr;
    let fn = this.rt.fns[addr];
    if (fn === undefined) fn = this.up(addr, true);
    if (fn === null) return -1;
    const f = this.store.funcs[addr]!;
    const tr = this.trs[addr]!;
    const ids = tr.entries.get(pcToOffset(this.store, addr, ex.pc));
    if (ids === undefined) return -1;
    const height = ex.sp - ex.fp;
    const id = ids.find((i) => tr.safepoints[i]!.types.length === height);
    if (id === undefined) return -1;
    if (!ex.ensureSlots(ex.fp + f.code!.maxSlots)) throw new RuntimeError(TrapCode.CallStackExhausted);
    this.stats.entries++;
    const o = this.reentry(addr);
    return this.run(ex, (fp) => o(fp, id), f, ex.fp, fuel, RUN_FRAME);
  }

  private refuse(addr: number): null {
    this.rt.fns[addr] = null;
    this.stats.declined++;
    return null;
  }

  /**
   * A call site of the interpreter (its registers written to `ex`, `ex.pc` past the call): runs the callee in
   * JavaScript when it is translated.
   * @returns -1 when the interpreter makes the call, else a loop code (`LOOP_TIER`, `LOOP_INTERRUPT`)
   */
  call(ex: Execution, calleeAddr: number): number {
    let fn = this.rt.fns[calleeAddr];
    if (fn === undefined) fn = this.up(calleeAddr);
    if (fn === null) return -1;
    const f = this.store.funcs[calleeAddr]!;
    const c = f.code!;
    // The interpreter's call: a frame record for the caller, room for the callee's frame.
    if (!ex.ensureFrame()) throw new RuntimeError(TrapCode.CallStackExhausted);
    const k = ex.fc++ * 3;
    ex.frames[k] = ex.funcAddr;
    ex.frames[k + 1] = ex.pc;
    ex.frames[k + 2] = ex.fp;
    const fp = ex.sp - c.paramSlots;
    if (!ex.ensureSlots(fp + c.maxSlots)) {
      ex.fc--;
      throw new RuntimeError(TrapCode.CallStackExhausted);
    }
    return this.run(ex, this.entries[calleeAddr]!, f, fp, ex.tierUnlimited ? -1 : ex.fuelLeft, RUN_CALL);
  }

  /**
   * An execution's start (its entry frame set up, arguments in place): runs the entry function in JavaScript
   * when it is translated.
   * @param fuel the budget, or -1 for none
   * @returns -1 when the interpreter runs it, else a loop code (`LOOP_DONE`, `LOOP_TIER`, `LOOP_INTERRUPT`)
   */
  enterTop(ex: Execution, fuel: number): number {
    let fn = this.rt.fns[ex.entry];
    if (fn === undefined) fn = this.up(ex.entry);
    if (fn === null) return -1;
    return this.run(ex, this.entries[ex.entry]!, this.store.funcs[ex.entry]!, 0, fuel, RUN_TOP);
  }

  private run(ex: Execution, enter: (fp: number) => void, f: FuncInst, fp: number, fuel: number, how: number): number {
    const rt = this.rt;
    // Translated code runs now: a pending entry request is moot (and must not read as an interrupt).
    Atomics.compareExchange(ex.interruptFlag, 0, OSR_REQUEST, 0);
    rt.ex = ex;
    rt.intr = ex.interruptFlag;
    rt.cap = ex.f64.length;
    rt.ho = HO_NONE;
    rt.dp = ex.fc;
    rt.base = ex.fc;
    rt.fuel = fuel < 0 ? UNLIMITED_FUEL : fuel;
    enter(fp);
    if (fuel >= 0) ex.fuelLeft = rt.fuel;
    if (rt.ho === HO_NONE) {
      ex.sp = fp + f.code!.resultSlots;
      this.returned = how !== RUN_TOP;
      if (how === RUN_CALL) {
        ex.fc--;
        return LOOP_TIER;
      }
      if (how === RUN_TOP || ex.fc === 0) return 0; // LOOP_DONE
      // A running frame returned: its caller continues in the interpreter, as after the interpreter's return.
      const k = --ex.fc * 3;
      ex.funcAddr = ex.frames[k]!;
      ex.pc = ex.frames[k + 1]!;
      ex.fp = ex.frames[k + 2]!;
      return LOOP_TIER;
    }
    // Handed over: the callers recorded innermost first, below the innermost frame.
    const fr = rt.frames;
    for (let i = fr.length - 3; i >= 0; i -= 3) {
      if (!ex.ensureFrame()) throw new RuntimeError(TrapCode.CallStackExhausted);
      const k = ex.fc++ * 3;
      ex.frames[k] = fr[i]!;
      ex.frames[k + 1] = pcAt(this.store, fr[i]!, fr[i + 1]!);
      ex.frames[k + 2] = fr[i + 2]!;
    }
    fr.length = 0;
    ex.funcAddr = rt.topAddr;
    ex.pc = pcAt(this.store, rt.topAddr, rt.topOff);
    ex.fp = rt.topFp;
    ex.sp = rt.topSp;
    if (rt.ho === HO_FUEL) this.stats.fuelStops++;
    if (rt.ho !== HO_INTERRUPT) return LOOP_TIER;
    this.stats.interrupts++;
    return 2; // LOOP_INTERRUPT
  }
}

/** How translated code was entered (`JsTier.run`): a call from the interpreter, an execution's start, a running frame. */
const RUN_CALL = 0;
const RUN_TOP = 1;
const RUN_FRAME = 2;

/** The interpreter's pc for a portable offset (the function's fused copy prepared first). */
function pcAt(store: Store, addr: number, offset: number): number {
  const f = store.funcs[addr]!;
  prepare(f.code!);
  return offsetToPc(f, offset);
}
