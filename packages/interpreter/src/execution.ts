/**
 * An execution: the value stack, the frame stack and the pc of one call from the host, as plain typed arrays
 * and integers. It runs, suspends (fuel, interrupt, host request), resumes, and is captured and restored.
 * @module
 */

import { slotsOf } from './compile-function.js';
import { LOOP_DONE, LOOP_FUEL, LOOP_HOST, LOOP_INTERRUPT, LOOP_SLICE, runLoop } from './dispatch-loop.js';
import { RuntimeError, TrapCode } from './errors.js';
import { catchException, escapeValue, hostThrow, Unwind } from './exec-exceptions.js';
import { EXT_LENGTH } from './ext-ops.js';
import { prepare } from './fuse.js';
import { checkGcRoots } from './gc-roots.js';
import { instructionAt, resumePc } from './groups.js';
import { IOp, OP_MASK } from './internal-ops.js';
import { type JsTier, LOOP_TIER } from './js-tier/tier.js';
import { type FuncInst, SUSPEND } from './runtime.js';
import type { ExecutionState, PortablePc, RunResult, SuspendReason, WasmValue } from './state-types.js';
import type { Store } from './store.js';
import { hasType, readWords, valTypeName, writeWords } from './values.js';

/** Where an execution stands. */
export type ExecutionStatus = 'ready' | 'running' | 'suspended' | 'done' | 'trapped';

/** Words in one frame record: funcAddr, pc, fp. */
export const FRAME_WORDS = 3;

const INITIAL_SLOTS = 1024;

/** Options of a run. */
export interface RunOptions {
  /** Instructions to execute before suspending with reason `fuel`; omitted = no limit. */
  readonly fuel?: number;
}

/** One call from the host into the store, with its whole state as arrays and integers. */
export class Execution {
  readonly store: Store;
  /** The function the host called. */
  readonly entry: number;
  status: ExecutionStatus = 'ready';
  /** Value stack: 64-bit slots, viewed as words, f32 lanes and f64 slots. */
  s32!: Int32Array;
  f32!: Float32Array;
  f64!: Float64Array;
  sp = 0;
  fp = 0;
  pc = 0;
  /** The function whose code runs now. */
  funcAddr = -1;
  /** Saved caller frames: funcAddr, return pc, fp. */
  frames: Int32Array = new Int32Array(FRAME_WORDS * 16);
  fc = 0;
  reason: SuspendReason | null = null;
  /** For reason `host`: the host function awaiting results. */
  pendingCall: number | null = null;
  /** For an asynchronous host call: the promise of its results. */
  pendingPromise: Promise<WasmValue[]> | null = null;
  /** Fuel left when the loop last stopped (internal; see `fuelUsed`); also the loop's fuel slow path's result. */
  fuelLeft = 0;
  /** Fuel the loop holds back while a frame runs plain code to the end of a group (internal; see `refuel`). */
  fuelBank = 0;
  /** Instructions the last `run`/`resume` executed when it had a fuel budget (0 without one). */
  fuelUsed = 0;
  /** Whether the run in progress has no fuel budget (read by the JavaScript tier). */
  tierUnlimited = false;
  /** Non-zero requests a suspension at the next loop back-edge or call (may live in shared memory). */
  readonly interruptFlag: Int32Array;
  private readonly args: readonly WasmValue[];
  /** Whether this execution is in its store's set of suspended executions (roots of the GC heap). */
  liveRef = false;
  /** The store's number for this execution, given when it first runs or is restored (orders the GC's roots). */
  seq = -1;

  constructor(store: Store, funcAddr: number, args: readonly WasmValue[], interruptFlag?: Int32Array) {
    const f = store.funcs[funcAddr];
    if (f === undefined) throw new RangeError(`no function at address ${funcAddr}`);
    const params = f.type.params;
    if (args.length !== params.length) {
      throw new TypeError(`function expects ${params.length} arguments, got ${args.length}`);
    }
    args.forEach((a, i) => {
      if (!hasType(a, params[i]!))
        throw new TypeError(`argument ${i} must be ${valTypeName(params[i]!)}, got ${a.type}`);
    });
    this.store = store;
    this.entry = funcAddr;
    this.args = args;
    this.interruptFlag = interruptFlag ?? new Int32Array(1);
    this.allocStack(INITIAL_SLOTS);
  }

  private allocStack(slots: number): void {
    const buf = new ArrayBuffer(slots * 8);
    this.s32 = new Int32Array(buf);
    this.f32 = new Float32Array(buf);
    this.f64 = new Float64Array(buf);
  }

  /**
   * Makes room for `slots` slots; returns false when that exceeds the store's limit.
   * The loop reloads its views after calling this.
   */
  ensureSlots(slots: number): boolean {
    if (slots <= this.f64.length) return true;
    if (slots > this.store.maxStackSlots) return false;
    const old = this.s32;
    this.allocStack(Math.min(this.store.maxStackSlots, Math.max(slots, this.f64.length * 2)));
    this.s32.set(old);
    return true;
  }

  /** Makes room for one more frame record; returns false at the call-depth limit. */
  ensureFrame(): boolean {
    if (this.fc >= this.store.maxCallDepth) return false;
    if ((this.fc + 1) * FRAME_WORDS > this.frames.length) {
      const f = new Int32Array(this.frames.length * 2);
      f.set(this.frames);
      this.frames = f;
    }
    return true;
  }

  /** Requests a suspension at the next loop back-edge or call. */
  interrupt(): void {
    Atomics.store(this.interruptFlag, 0, 1);
  }

  /**
   * Runs until done, trapped or suspended.
   * @throws TypeError when the execution is finished or waits for host results (use `resume`)
   */
  run(options: RunOptions = {}): RunResult {
    if (this.status === 'ready') return this.start(options);
    if (this.status !== 'suspended') throw new TypeError(`cannot run an execution that is ${this.status}`);
    if (this.reason === 'host') throw new TypeError('execution waits for host results: call resume(results)');
    return this.loop(options);
  }

  /**
   * Continues a suspended execution; after a host suspension, `results` complete the pending call.
   * @throws TypeError when the results do not match the pending call's result types
   */
  resume(results: readonly WasmValue[] = [], options: RunOptions = {}): RunResult {
    if (this.status !== 'suspended') throw new TypeError(`cannot resume an execution that is ${this.status}`);
    if (this.reason === 'host') {
      const callee = this.store.funcs[this.pendingCall!]!;
      this.pushResults(callee, results);
      const code = this.store.funcs[this.funcAddr]!.code!.code;
      const op = code[this.pc]! & OP_MASK;
      this.pc += op === IOp.Call ? 2 : op === IOp.CallIndirect ? 3 : EXT_LENGTH[code[this.pc + 1]!]!;
      this.pendingCall = null;
      this.pendingPromise = null;
    }
    return this.loop(options);
  }

  /**
   * Continues a host-suspended execution by throwing `error` from the pending call, as if the host function had
   * thrown it: a facade `WebAssembly.Exception` of this store is that exception, a `RuntimeError` stays a trap,
   * anything else becomes an exception of the host tag (catchable by `catch_all`). An uncaught exception leaves
   * as the value thrown, as from `run`.
   * @throws TypeError unless the execution waits for host results; the thrown value when no handler catches it
   */
  resumeThrow(error: unknown, options: RunOptions = {}): RunResult {
    if (this.status !== 'suspended' || this.reason !== 'host') {
      throw new TypeError(`cannot throw into an execution that is ${this.status} (${this.reason ?? 'no reason'})`);
    }
    const code = this.store.funcs[this.funcAddr]!.code!.code;
    const op = code[this.pc]! & OP_MASK;
    this.pc += op === IOp.Call ? 2 : op === IOp.CallIndirect ? 3 : EXT_LENGTH[code[this.pc + 1]!]!;
    this.pendingCall = null;
    this.pendingPromise = null;
    const signal = hostThrow(this.store, error);
    if (!(signal instanceof Unwind)) {
      this.abort();
      return { status: 'trapped', error: signal as RuntimeError };
    }
    if (catchException(this, signal.exn)) return this.loop(options);
    this.abort();
    const out = escapeValue(this.store, signal.exn);
    if (out instanceof RuntimeError) return { status: 'trapped', error: out };
    throw out.value;
  }

  /** Runs, awaiting host functions that return promises, until done, trapped, or suspended otherwise. */
  async runAsync(options: RunOptions = {}): Promise<RunResult> {
    let r = this.run(options);
    while (r.status === 'suspended' && r.reason === 'host' && this.pendingPromise !== null) {
      let results: WasmValue[];
      try {
        results = await this.pendingPromise;
      } catch (e) {
        this.abort();
        throw e;
      }
      r = this.resume(results, options);
    }
    return r;
  }

  private start(options: RunOptions): RunResult {
    const f = this.store.funcs[this.entry]!;
    if (f.code === null) {
      this.status = 'running';
      let out: ReturnType<NonNullable<FuncInst['host']>>;
      try {
        out = f.host!(this.args.slice(), { store: this.store, memAddr: null, instanceAddr: null });
      } catch (e) {
        this.status = 'trapped';
        throw e;
      }
      if (out === SUSPEND || out instanceof Promise) {
        this.status = 'trapped';
        throw new TypeError('a host function called directly from the host cannot suspend');
      }
      return this.finish(f.type.results, out);
    }
    const c = f.code;
    this.ensureSlots(c.maxSlots);
    let w = 0;
    for (const a of this.args) {
      writeWords(this.s32, w, a, this.store);
      w += a.type === 'v128' ? 4 : 2;
    }
    this.funcAddr = this.entry;
    this.fp = 0;
    this.sp = c.localSlots;
    this.pc = prepare(c);
    this.fc = 0;
    return this.loop(options, true);
  }

  /** Runs the loop with this execution on its store's stack of running executions (roots of the GC heap). */
  private loop(options: RunOptions, start = false): RunResult {
    this.store.enterExecution(this);
    try {
      return this.runLoop(options, start);
    } finally {
      this.store.leaveExecution(this);
    }
  }

  private runLoop(options: RunOptions, start: boolean): RunResult {
    const fuel = options.fuel;
    if (fuel !== undefined && !(fuel >= 0)) throw new RangeError('fuel must be a non-negative number');
    this.status = 'running';
    this.reason = null;
    this.store.touchGcHeap();
    let code: number;
    const budget = fuel === undefined ? -1 : Math.min(Math.floor(fuel), 0x3fffffff);
    let left = budget;
    this.fuelUsed = 0;
    this.tierUnlimited = budget < 0;
    const tier = this.store.jsTier;
    let enter = start && tier !== null;
    // A resumed frame (a restored state too) asks to continue in translated code at its next back-edge or call.
    if (!start && tier !== null) tier.request(this);
    for (;;) {
      try {
        do {
          // The JavaScript tier may run the entry function; LOOP_TIER: translated code ran, continue from `this`.
          code = enter ? tier!.enterTop(this, left) : -1;
          enter = false;
          if (code < 0) code = runLoop(this, left);
          if (tier !== null) code = this.tierUp(tier, code, left);
          if (code === LOOP_TIER) {
            if (left >= 0) left = this.fuelLeft;
            code = LOOP_SLICE;
          }
        } while (code === LOOP_SLICE);
        break;
      } catch (e) {
        // A thrown wasm exception: continue at its handler, with the fuel that was left.
        if (e instanceof Unwind) {
          if (catchException(this, e.exn)) {
            if (left >= 0) left = Math.max(this.fuelLeft, 0);
            continue;
          }
          this.abort();
          const out = escapeValue(this.store, e.exn);
          if (out instanceof RuntimeError) return { status: 'trapped', error: out };
          throw out.value;
        }
        this.abort();
        if (e instanceof RuntimeError) return { status: 'trapped', error: e };
        if (e instanceof RangeError && e.message === 'Maximum call stack size exceeded') {
          return { status: 'trapped', error: new RuntimeError(TrapCode.CallStackExhausted, undefined, { cause: e }) };
        }
        throw e;
      }
    }
    if (tier !== null) tier.withdraw(this);
    if (budget >= 0) this.fuelUsed = budget - Math.max(this.fuelLeft, 0);
    if (code === LOOP_DONE) {
      const type = this.store.funcs[this.entry]!.type;
      const results: WasmValue[] = [];
      let w = 0;
      for (const t of type.results) {
        results.push(readWords(this.s32, w, t, this.store));
        w += slotsOf(t) * 2;
      }
      this.status = 'done';
      this.release();
      return { status: 'done', results };
    }
    this.status = 'suspended';
    this.reason = code === LOOP_FUEL ? 'fuel' : code === LOOP_INTERRUPT ? 'interrupt' : 'host';
    if (code === LOOP_INTERRUPT) Atomics.store(this.interruptFlag, 0, 0);
    void LOOP_HOST;
    return { status: 'suspended', reason: this.reason, pc: this.portablePc() };
  }

  /**
   * The JavaScript tier's part after the interpreter stopped with `code`: a frame that used up a slice, or that
   * translated code returned into, asks to continue in translated code, and a stop for that request enters it
   * (or the interpreter goes on).
   */
  private tierUp(tier: JsTier, code: number, left: number): number {
    if (code === LOOP_SLICE || (code === LOOP_TIER && tier.takeReturn())) {
      tier.request(this);
      return code;
    }
    if (code !== LOOP_INTERRUPT || !tier.withdraw(this)) return code;
    const r = tier.enter(this, left >= 0 ? this.fuelLeft : -1);
    if (r >= 0) return r;
    tier.retry(this);
    return LOOP_TIER;
  }

  private finish(types: readonly number[], out: WasmValue[]): RunResult {
    checkResults(types, out);
    this.status = 'done';
    return { status: 'done', results: out };
  }

  /** Pushes a host call's results onto the stack. */
  pushResults(callee: FuncInst, results: readonly WasmValue[]): void {
    checkResults(callee.type.results, results);
    let need = this.sp;
    for (const t of callee.type.results) need += slotsOf(t);
    if (!this.ensureSlots(need)) throw new RuntimeError(TrapCode.CallStackExhausted);
    for (const v of results) {
      writeWords(this.s32, this.sp * 2, v, this.store);
      this.sp += v.type === 'v128' ? 2 : 1;
    }
  }

  /** Ends the execution (after a trap, a host exception, or when abandoned): the store stays usable. */
  abort(): void {
    this.status = 'trapped';
    this.release();
  }

  private release(): void {
    this.store.forgetExecution(this);
    this.fc = 0;
    this.sp = 0;
    this.pendingCall = null;
    this.pendingPromise = null;
  }

  /** The current position as (function address, byte offset in the original body). */
  portablePc(): PortablePc {
    return { funcAddr: this.funcAddr, offset: pcToOffset(this.store, this.funcAddr, this.pc) };
  }

  /**
   * Captures the suspended execution as plain data.
   * @throws TypeError unless suspended
   */
  capture(): ExecutionState {
    if (this.status !== 'suspended') throw new TypeError(`cannot capture an execution that is ${this.status}`);
    // The stacks as the store's capture records the heap: canonical (a no-op after that capture).
    this.store.canonicalizeGcHeap(false);
    // Stack and frames share one buffer (one allocation to clone).
    const pack = new Int32Array(this.sp * 2 + (this.fc + 1) * FRAME_WORDS);
    const stack = pack.subarray(0, this.sp * 2);
    stack.set(this.s32.subarray(0, this.sp * 2));
    const frames = pack.subarray(this.sp * 2);
    for (let i = 0; i < this.fc; i++) {
      const fa = this.frames[i * FRAME_WORDS]!;
      frames[i * FRAME_WORDS] = fa;
      frames[i * FRAME_WORDS + 1] = pcToOffset(this.store, fa, this.frames[i * FRAME_WORDS + 1]!);
      frames[i * FRAME_WORDS + 2] = this.frames[i * FRAME_WORDS + 2]!;
    }
    const top = this.fc * FRAME_WORDS;
    frames[top] = this.funcAddr;
    frames[top + 1] = pcToOffset(this.store, this.funcAddr, this.pc);
    frames[top + 2] = this.fp;
    return {
      version: 1,
      entryFuncAddr: this.entry,
      stack,
      frames,
      reason: this.reason!,
      pendingCall: this.pendingCall,
    };
  }

  /**
   * Rebuilds a suspended execution in `store` from captured state.
   * @throws TypeError when the state does not fit the store
   */
  static restore(store: Store, state: ExecutionState): Execution {
    if (state.version !== 1) throw new TypeError(`unsupported execution state version ${state.version}`);
    const entry = store.funcs[state.entryFuncAddr];
    if (entry === undefined || entry.code === null) throw new TypeError('entry function is not a wasm function');
    const nFrames = state.frames.length / FRAME_WORDS;
    if (!Number.isInteger(nFrames) || nFrames < 1) throw new TypeError('execution state has no frames');
    if (state.stack.length % 2 !== 0) throw new TypeError('stack length is not a whole number of slots');
    const ex = Object.create(Execution.prototype) as Execution;
    const init = ex as unknown as { store: Store; entry: number; interruptFlag: Int32Array; args: WasmValue[] };
    init.store = store;
    init.entry = state.entryFuncAddr;
    init.interruptFlag = new Int32Array(1);
    init.args = [];
    ex.status = 'suspended';
    ex.frames = new Int32Array(Math.max(16, nFrames) * FRAME_WORDS);
    ex.fc = nFrames - 1;
    ex.reason = state.reason;
    ex.pendingCall = state.pendingCall;
    ex.pendingPromise = null;
    const sp = state.stack.length / 2;
    let maxNeed = sp;
    for (let i = 0; i < nFrames; i++) {
      const fa = state.frames[i * FRAME_WORDS]!;
      const f = store.funcs[fa];
      if (f === undefined || f.code === null) throw new TypeError(`frame ${i}: not a wasm function`);
      const fp = state.frames[i * FRAME_WORDS + 2]!;
      if (fp < 0 || fp + f.code.localSlots > sp) throw new TypeError(`frame ${i}: frame pointer out of range`);
      maxNeed = Math.max(maxNeed, fp + f.code.maxSlots);
      prepare(f.code);
      const pc = offsetToPc(f, state.frames[i * FRAME_WORDS + 1]!);
      if (i < nFrames - 1) {
        ex.frames[i * FRAME_WORDS] = fa;
        ex.frames[i * FRAME_WORDS + 1] = pc;
        ex.frames[i * FRAME_WORDS + 2] = fp;
      } else {
        ex.funcAddr = fa;
        ex.pc = pc;
        ex.fp = fp;
      }
    }
    if (state.reason === 'host') {
      const pending = state.pendingCall === null ? undefined : store.funcs[state.pendingCall];
      if (pending === undefined || pending.host === null) throw new TypeError('pending call is not a host function');
    }
    const buf = new ArrayBuffer(Math.max(INITIAL_SLOTS, maxNeed) * 8);
    ex.s32 = new Int32Array(buf);
    ex.f32 = new Float32Array(buf);
    ex.f64 = new Float64Array(buf);
    ex.s32.set(state.stack);
    ex.sp = sp;
    ex.liveRef = false;
    ex.seq = -1;
    store.suspendExecution(ex);
    try {
      checkGcRoots(store);
    } catch (e) {
      ex.abort();
      throw e;
    }
    return ex;
  }
}

function checkResults(types: readonly number[], out: readonly WasmValue[]): void {
  if (!Array.isArray(out) || out.length !== types.length) {
    throw new TypeError(`host function must return ${types.length} results`);
  }
  out.forEach((v, i) => {
    if (!hasType(v, types[i]!)) throw new TypeError(`result ${i} must be ${valTypeName(types[i]!)}, got ${v?.type}`);
  });
}

/**
 * Maps an internal pc of a function (a plain instruction, or a group start of the fused copy) to the byte
 * offset of that original instruction in the body.
 */
export function pcToOffset(store: Store, funcAddr: number, pc: number): number {
  const c = store.funcs[funcAddr]!.code!;
  return c.offsets[instructionAt(c, pc)]!;
}

/**
 * Maps a byte offset in the original body back to the internal pc that resumes there: the fused copy's op
 * when a group starts at that instruction, else the plain instruction.
 */
export function offsetToPc(f: FuncInst, offset: number): number {
  const c = f.code!;
  const offs = c.offsets;
  let lo = 0;
  let hi = offs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = offs[mid]!;
    if (v === offset) return resumePc(c, mid);
    if (v < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  throw new TypeError(`offset ${offset} is not an instruction boundary of function ${f.funcIdx}`);
}
