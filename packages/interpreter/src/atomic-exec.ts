/**
 * Execution of the threads proposal's atomic instructions (`[IOp.Atomic, sub, offset]`, see
 * `atomic-compile.ts`), called through the plain memory ops so that the dispatch loop gains no code.
 *
 * Every access goes through `Atomics` on a typed-array view of the memory's buffer (`Uint8Array`,
 * `Uint16Array`, `Int32Array`/`Uint32Array`, `BigInt64Array`), which is what makes it atomic between workers
 * sharing a `SharedArrayBuffer`; on an unshared memory the same calls are plain accesses. Values keep their
 * exact bits (i64 operands move between the stack's two 32-bit halves and a BigInt). `Atomics` uses the host's
 * byte order: this module requires a little-endian host (as every platform that runs Node or a browser today).
 *
 * Order of checks, as in the proposal's execution rules (and V8): the access must be in bounds (`out of bounds
 * memory access`), then its effective address a multiple of its width (`unaligned atomic`); a wait then
 * requires a shared memory (`expected shared memory`). `atomic.fence` is one sequentially consistent `Atomics` operation.
 *
 * Waiting: `memory.atomic.wait32/64` block the calling thread in `Atomics.wait` until notified or timed out
 * (the i64 timeout is in nanoseconds, negative for none), returning 0 (`ok`), 1 (`not-equal`) or 2
 * (`timed-out`). A wait without a timeout on a memory that no other agent holds could never be woken, so it
 * traps (`wait-forever`) instead of hanging the process; a host that forbids blocking (a browser's main
 * thread) makes a wait trap (`wait-not-allowed`). A blocked wait cannot be interrupted or run out of fuel.
 * @module
 */
import { ATOMIC_FENCE, ATOMIC_FIRST, ATOMIC_NOTIFY, ATOMIC_WAIT64 } from './atomic-compile.js';
import { RuntimeError, TrapCode } from './errors.js';
import type { Execution } from './execution.js';
import { DIRTY_CHUNK_SHIFT, type MemInst } from './runtime.js';
import { holderCount } from './shared-memory.js';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// Views of the last buffer an atomic instruction used (views of a growable SharedArrayBuffer follow its length;
// an unshared memory gets a new buffer when it grows, and new views with it).
let viewBuffer: ArrayBuffer | null = null;
let v16: Uint16Array = new Uint16Array(0);
let v32: Int32Array = new Int32Array(0);
let u32: Uint32Array = new Uint32Array(0);
let v64: BigInt64Array = new BigInt64Array(0);
/** A location for `atomic.fence` without a memory. */
const FENCE = new Int32Array(new SharedArrayBuffer(4));

function bindViews(buffer: ArrayBuffer): void {
  if (!LITTLE_ENDIAN) throw new RangeError('atomic instructions need a little-endian host');
  viewBuffer = buffer;
  // Whole-buffer views; a buffer's length is always a whole number of 64 KiB pages.
  v16 = new Uint16Array(buffer);
  v32 = new Int32Array(buffer);
  u32 = new Uint32Array(buffer);
  v64 = new BigInt64Array(buffer);
}

function toBig(lo: number, hi: number): bigint {
  return (BigInt(hi | 0) << 32n) | BigInt(lo >>> 0);
}

/**
 * Executes the atomic instruction whose sub-opcode is at `ex.pc`, with `ex.sp` the stack height; updates both.
 * @param ex the execution, registers written back
 * @param code the running function's internal code
 * @param mem the instance's memory (validation admits atomic memory accesses only when there is one)
 * @throws RuntimeError `unaligned atomic`, out of bounds, `expected shared memory`, `wait-forever`, `wait-not-allowed`
 */
export function executeAtomic(ex: Execution, code: Int32Array, mem: MemInst | null): void {
  const pc = ex.pc;
  const sub = code[pc]!;
  ex.pc = pc + 2;
  if (sub === ATOMIC_FENCE) {
    Atomics.or(FENCE, 0, 0);
    return;
  }
  const m = mem!;
  if (m.buffer !== viewBuffer) bindViews(m.buffer);
  const s32 = ex.s32;
  // Operands: the address is the deepest; stores pop 2, rmw 2 (push 1), cmpxchg 3 (push 1), loads 1 (push 1).
  const i = sub - ATOMIC_FIRST;
  const n = sub <= ATOMIC_WAIT64 ? (sub === ATOMIC_NOTIFY ? 2 : 3) : i < 7 ? 1 : i < 56 ? 2 : 3;
  const sp = ex.sp - n;
  const w = sp << 1;
  const a = (s32[w]! >>> 0) + (code[pc + 1]! >>> 0);
  const shape = sub <= ATOMIC_WAIT64 ? (sub === ATOMIC_WAIT64 ? 1 : 0) : i % 7;
  // Access width in bytes by shape: i32, i64, i32 8, i32 16, i64 8, i64 16, i64 32.
  const width = shape === 0 || shape === 6 ? 4 : shape === 1 ? 8 : shape === 2 || shape === 4 ? 1 : 2;
  if (a + width > m.u8.length) throw new RuntimeError(TrapCode.MemoryOutOfBounds);
  if ((a & (width - 1)) !== 0) throw new RuntimeError(TrapCode.UnalignedAtomic);

  if (sub <= ATOMIC_WAIT64) {
    let result: number;
    if (sub === ATOMIC_NOTIFY) {
      const count = s32[w + 2]! >>> 0;
      result = m.shared === null ? 0 : Atomics.notify(v32, a >>> 2, count);
    } else {
      result = wait(m, sub === ATOMIC_WAIT64, a, s32[w + 2]!, s32[w + 3]!, s32[w + 4]!, s32[w + 5]!);
    }
    s32[w] = result;
    s32[w + 1] = 0;
    ex.sp = sp + 1;
    return;
  }

  if (i < 7) {
    // Loads: narrow forms zero-extend.
    switch (shape) {
      case 0:
        s32[w] = Atomics.load(v32, a >>> 2);
        s32[w + 1] = 0;
        break;
      case 1: {
        const v = Atomics.load(v64, a >>> 3);
        s32[w] = Number(BigInt.asIntN(32, v));
        s32[w + 1] = Number(v >> 32n);
        break;
      }
      case 2:
      case 4:
        s32[w] = Atomics.load(m.u8, a);
        s32[w + 1] = 0;
        break;
      case 3:
      case 5:
        s32[w] = Atomics.load(v16, a >>> 1);
        s32[w + 1] = 0;
        break;
      default:
        s32[w] = Atomics.load(u32, a >>> 2) | 0;
        s32[w + 1] = 0;
        break;
    }
    ex.sp = sp + 1;
    return;
  }

  m.dirty[a >>> DIRTY_CHUNK_SHIFT] = 1;
  const lo = s32[w + 2]!;
  const hi = s32[w + 3]!;
  if (i < 14) {
    // Stores: narrow forms store the low bits.
    switch (shape) {
      case 0:
        Atomics.store(v32, a >>> 2, lo);
        break;
      case 1:
        Atomics.store(v64, a >>> 3, toBig(lo, hi));
        break;
      case 2:
      case 4:
        Atomics.store(m.u8, a, lo & 0xff);
        break;
      case 3:
      case 5:
        Atomics.store(v16, a >>> 1, lo & 0xffff);
        break;
      default:
        Atomics.store(u32, a >>> 2, lo >>> 0);
        break;
    }
    ex.sp = sp;
    return;
  }

  const rmw = ((i - 14) / 7) | 0;
  if (shape === 1) {
    const old = rmw64(rmw, a >>> 3, toBig(lo, hi), rmw === 6 ? toBig(s32[w + 4]!, s32[w + 5]!) : 0n);
    s32[w] = Number(BigInt.asIntN(32, old));
    s32[w + 1] = Number(old >> 32n);
  } else {
    const view = shape === 0 ? v32 : shape === 6 ? u32 : shape === 2 || shape === 4 ? m.u8 : v16;
    const idx = shape === 0 || shape === 6 ? a >>> 2 : shape === 3 || shape === 5 ? a >>> 1 : a;
    s32[w] = rmw32(rmw, view, idx, lo, rmw === 6 ? s32[w + 4]! : 0) | 0;
    s32[w + 1] = 0;
  }
  ex.sp = sp + 1;
}

type NarrowView = Uint8Array | Uint16Array | Int32Array | Uint32Array;

/** One read-modify-write on a view of up to 32 bits; returns the old value (the view's type extends it). */
function rmw32(op: number, view: NarrowView, idx: number, v: number, replacement: number): number {
  switch (op) {
    case 0:
      return Atomics.add(view, idx, v);
    case 1:
      return Atomics.sub(view, idx, v);
    case 2:
      return Atomics.and(view, idx, v);
    case 3:
      return Atomics.or(view, idx, v);
    case 4:
      return Atomics.xor(view, idx, v);
    case 5:
      return Atomics.exchange(view, idx, v);
    // cmpxchg: `v` is the expected value, wrapped to the access width as the view's type does.
    default:
      return Atomics.compareExchange(view, idx, v, replacement);
  }
}

/** One 64-bit read-modify-write; returns the old value. */
function rmw64(op: number, idx: number, v: bigint, replacement: bigint): bigint {
  switch (op) {
    case 0:
      return Atomics.add(v64, idx, v);
    case 1:
      return Atomics.sub(v64, idx, v);
    case 2:
      return Atomics.and(v64, idx, v);
    case 3:
      return Atomics.or(v64, idx, v);
    case 4:
      return Atomics.xor(v64, idx, v);
    case 5:
      return Atomics.exchange(v64, idx, v);
    default:
      return Atomics.compareExchange(v64, idx, v, replacement);
  }
}

/**
 * `memory.atomic.wait32/64`: 0 woken, 1 not equal, 2 timed out.
 * @param eLo, eHi the expected value (eHi ignored for wait32)
 * @param tLo, tHi the timeout in nanoseconds, as an i64 (negative: none)
 */
function wait(m: MemInst, is64: boolean, a: number, eLo: number, eHi: number, tLo: number, tHi: number): number {
  if (m.shared === null) throw new RuntimeError(TrapCode.ExpectedSharedMemory);
  const ms = tHi < 0 ? Infinity : (tHi * 4294967296 + (tLo >>> 0)) / 1e6;
  const equal = is64 ? Atomics.load(v64, a >>> 3) === toBig(eLo, eHi) : Atomics.load(v32, a >>> 2) === eLo;
  if (!equal) return 1;
  if (ms === Infinity && holderCount(m.shared.control) <= 1) throw new RuntimeError(TrapCode.WaitForever);
  let r: string;
  try {
    r = is64 ? Atomics.wait(v64, a >>> 3, toBig(eLo, eHi), ms) : Atomics.wait(v32, a >>> 2, eLo, ms);
  } catch (e) {
    throw new RuntimeError(TrapCode.WaitNotAllowed, undefined, { cause: e });
  }
  return r === 'ok' ? 0 : r === 'not-equal' ? 1 : 2;
}
