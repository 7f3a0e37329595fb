/**
 * The threads proposal's `0xfe`-prefixed atomic instructions: their table (operand types, access width) and
 * their validation and pre-decoding. Every atomic instruction becomes `[IOp.Atomic, sub, offset]` (`atomic.fence`
 * with offset 0), executed by `atomic-exec.ts`.
 *
 * Sub-opcodes: `0x00` `memory.atomic.notify`, `0x01` `memory.atomic.wait32`, `0x02` `memory.atomic.wait64`,
 * `0x03` `atomic.fence`; from `0x10`, seven loads, seven stores, then seven read-modify-write instructions for
 * each of add, sub, and, or, xor, xchg and cmpxchg (to `0x4e`). Each group of seven has the same shapes, in
 * this order: i32 32-bit, i64 64-bit, i32 8-bit, i32 16-bit, i64 8-bit, i64 16-bit, i64 32-bit (narrow forms
 * zero-extend).
 * @module
 */
import type { BinaryReader } from './binary-reader.js';
import { CompileError } from './errors.js';
import { ValType } from './types.js';

/** `memory.atomic.notify`. */
export const ATOMIC_NOTIFY = 0x00;
/** `memory.atomic.wait32`. */
export const ATOMIC_WAIT32 = 0x01;
/** `memory.atomic.wait64`. */
export const ATOMIC_WAIT64 = 0x02;
/** `atomic.fence` (immediate: one reserved `0x00` byte). */
export const ATOMIC_FENCE = 0x03;
/** First load (`i32.atomic.load`); stores start at +7, read-modify-writes at +14. */
export const ATOMIC_FIRST = 0x10;
/** Last sub-opcode (`i64.atomic.rmw32.cmpxchg_u`). */
export const ATOMIC_LAST = 0x4e;

/** Operand type of each shape in a group of seven. */
const SHAPE_TYPE = [ValType.I32, ValType.I64, ValType.I32, ValType.I32, ValType.I64, ValType.I64, ValType.I64];
/** log2 of the access width of each shape in a group of seven. */
const SHAPE_LOG2 = [2, 3, 0, 1, 0, 1, 2];

/** Names of the read-modify-write operations, by group (sub-opcode − 0x1e) / 7. */
const RMW_NAMES = ['add', 'sub', 'and', 'or', 'xor', 'xchg', 'cmpxchg'];

/**
 * log2 of the access width of an atomic sub-opcode (its natural alignment), or -1 for none (`atomic.fence`
 * and unassigned sub-opcodes).
 * @param sub the sub-opcode
 */
export function atomicWidthLog2(sub: number): number {
  if (sub === ATOMIC_NOTIFY || sub === ATOMIC_WAIT32) return 2;
  if (sub === ATOMIC_WAIT64) return 3;
  if (sub < ATOMIC_FIRST || sub > ATOMIC_LAST) return -1;
  return SHAPE_LOG2[(sub - ATOMIC_FIRST) % 7]!;
}

/** Whether `sub` is an assigned atomic sub-opcode. */
export function isAtomicSub(sub: number): boolean {
  return sub === ATOMIC_FENCE || atomicWidthLog2(sub) >= 0;
}

/**
 * Text-format mnemonic of an atomic sub-opcode (for messages and tools).
 * @param sub the sub-opcode
 */
export function atomicMnemonic(sub: number): string {
  if (sub === ATOMIC_NOTIFY) return 'memory.atomic.notify';
  if (sub === ATOMIC_WAIT32) return 'memory.atomic.wait32';
  if (sub === ATOMIC_WAIT64) return 'memory.atomic.wait64';
  if (sub === ATOMIC_FENCE) return 'atomic.fence';
  if (sub < ATOMIC_FIRST || sub > ATOMIC_LAST) return `0xfe 0x${sub.toString(16)}`;
  const i = sub - ATOMIC_FIRST;
  const shape = i % 7;
  const type = SHAPE_TYPE[shape] === ValType.I32 ? 'i32' : 'i64';
  const bits = 8 << SHAPE_LOG2[shape]!;
  const full = shape < 2;
  if (i < 7) return `${type}.atomic.load${full ? '' : `${bits}_u`}`;
  if (i < 14) return `${type}.atomic.store${full ? '' : bits}`;
  const name = RMW_NAMES[((i - 14) / 7) | 0]!;
  return `${type}.atomic.rmw${full ? '' : bits}.${name}${full ? '' : '_u'}`;
}

/** What the function compiler lends the atomic compiler for one instruction. */
export interface AtomicCompileContext {
  readonly reader: BinaryReader;
  /** Whether the instruction is reachable (code is emitted only then). */
  readonly live: boolean;
  /** Whether the module has a memory (index 0). */
  hasMemory(): boolean;
  /** Whether memory 0 is a memory64 memory (its address operands `i64`). */
  memory64(): boolean;
  /** Emits `[Ext, Atomic64, sub, offLo, offHi]`, the instruction on a memory64 memory. */
  emitAtomic64(sub: number, offLo: number, offHi: number): void;
  pop(expect: number): number;
  push(t: number): void;
  fail(msg: string): never;
  /** Emits the internal `Atomic` opcode word (and maps its pc to the instruction's offset). */
  emitOp(): void;
  /** Emits one immediate word. */
  emit(v: number): void;
}

const I32 = ValType.I32;
const I64 = ValType.I64;

/**
 * Validates one atomic instruction (its `0xfe` prefix and sub-opcode already read), reading its immediates, and
 * emits `[Atomic, sub, offset]` when it is reachable (on a memory64 memory, `[Ext, Atomic64, sub, offLo, offHi]`).
 * @param sub the sub-opcode
 * @param at the instruction's byte offset (for malformed-encoding errors)
 * @param ctx the function compiler's operand stack, reader and code buffer
 * @throws CompileError `illegal opcode` for an unassigned sub-opcode, `zero byte expected` for a fence whose
 *   reserved byte is not 0, `unknown memory 0` without a memory, `atomic alignment must be natural` when the
 *   alignment immediate is not exactly the access width, `offset out of range` for an offset of 2^32 or more on a
 *   32-bit memory, `type mismatch`
 */
export function compileAtomic(sub: number, at: number, ctx: AtomicCompileContext): void {
  const r = ctx.reader;
  if (sub === ATOMIC_FENCE) {
    const zeroAt = r.pos;
    if (r.u8() !== 0) throw new CompileError('zero byte expected', zeroAt);
    if (ctx.live) {
      ctx.emitOp();
      ctx.emit(sub);
      ctx.emit(0);
    }
    return;
  }
  const log2 = atomicWidthLog2(sub);
  if (log2 < 0) throw new CompileError(`illegal opcode fe ${sub.toString(16).padStart(2, '0')}`, at);
  const align = r.u32();
  // The offset: a u64 (3.0); a 32-bit memory's must be below 2^32.
  const offset = r.u64Lo();
  const offsetHi = r.hi;
  if (!ctx.hasMemory()) ctx.fail('unknown memory 0');
  if (align !== log2) ctx.fail('atomic alignment must be natural');
  const wide = ctx.memory64();
  if (!wide && offsetHi !== 0) ctx.fail('offset out of range');
  // The address operand: i64 on a memory64 memory.
  const addr = wide ? I64 : I32;
  if (sub === ATOMIC_NOTIFY) {
    ctx.pop(I32);
    ctx.pop(addr);
    ctx.push(I32);
  } else if (sub === ATOMIC_WAIT32 || sub === ATOMIC_WAIT64) {
    ctx.pop(I64);
    ctx.pop(sub === ATOMIC_WAIT32 ? I32 : I64);
    ctx.pop(addr);
    ctx.push(I32);
  } else {
    const i = sub - ATOMIC_FIRST;
    const t = SHAPE_TYPE[i % 7]!;
    if (i < 7) {
      ctx.pop(addr);
      ctx.push(t);
    } else if (i < 14) {
      ctx.pop(t);
      ctx.pop(addr);
    } else {
      if (i >= 14 + 6 * 7) ctx.pop(t); // cmpxchg: the replacement, then the expected value
      ctx.pop(t);
      ctx.pop(addr);
      ctx.push(t);
    }
  }
  if (ctx.live && wide) {
    ctx.emitAtomic64(sub, offset | 0, offsetHi | 0);
    return;
  }
  if (ctx.live) {
    ctx.emitOp();
    ctx.emit(sub);
    ctx.emit(offset | 0);
  }
}
