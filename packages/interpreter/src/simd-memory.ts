/**
 * SIMD loads and stores: whole v128s, widening loads, splat and zero-filling loads, and single-lane loads
 * and stores. Bytes move as integers (never through a float), so memory bits stay exact; every store marks
 * the written bytes dirty for delta snapshots.
 *
 * The effective address is the i32 operand plus the static offset, both unsigned; an access past the end of
 * memory traps with `out of bounds memory access` before anything is written.
 * @module
 */
import { RuntimeError, TrapCode } from './errors.js';
import type { MemInst } from './runtime.js';
import { stack } from './simd-views.js';

/**
 * Bounds-checks an access of `n` bytes at the address held by the i32 at stack word `w` plus `offset`.
 * @returns the effective address
 * @throws RuntimeError `MemoryOutOfBounds`
 */
function effectiveAddress(mem: MemInst, w: number, offset: number, n: number): number {
  const a = (stack.i32[w]! >>> 0) + (offset >>> 0);
  if (a + n > mem.u8.length) throw new RuntimeError(TrapCode.MemoryOutOfBounds);
  return a;
}

/**
 * `v128.load`: 16 bytes replace the address at word `w`.
 * @param mem - the instance's memory
 * @param w - word index of the address (and of the result)
 * @param offset - static offset (as stored in the code: an int32 read as unsigned)
 */
export function v128Load(mem: MemInst, w: number, offset: number): void {
  const a = effectiveAddress(mem, w, offset, 16);
  const dv = mem.dv;
  const s = stack.i32;
  s[w] = dv.getInt32(a, true);
  s[w + 1] = dv.getInt32(a + 4, true);
  s[w + 2] = dv.getInt32(a + 8, true);
  s[w + 3] = dv.getInt32(a + 12, true);
}

/**
 * `v128.load8x8_s`/`_u`: eight bytes extended to i16 lanes.
 * @param mem - the instance's memory
 * @param w - word index of the address (and of the result)
 * @param offset - static offset
 * @param signed - sign- or zero-extend
 */
export function v128Load8x8(mem: MemInst, w: number, offset: number, signed: boolean): void {
  const a = effectiveAddress(mem, w, offset, 8);
  const v = stack.i16;
  const x = w << 1;
  if (signed) {
    const dv = mem.dv;
    for (let i = 0; i < 8; i++) v[x + i] = dv.getInt8(a + i);
  } else {
    const m = mem.u8;
    for (let i = 0; i < 8; i++) v[x + i] = m[a + i]!;
  }
}

/**
 * `v128.load16x4_s`/`_u`: four i16 extended to i32 lanes.
 * @param mem - the instance's memory
 * @param w - word index of the address (and of the result)
 * @param offset - static offset
 * @param signed - sign- or zero-extend
 */
export function v128Load16x4(mem: MemInst, w: number, offset: number, signed: boolean): void {
  const a = effectiveAddress(mem, w, offset, 8);
  const dv = mem.dv;
  const s = stack.i32;
  for (let i = 0; i < 4; i++) s[w + i] = signed ? dv.getInt16(a + 2 * i, true) : dv.getUint16(a + 2 * i, true);
}

/**
 * `v128.load32x2_s`/`_u`: two i32 extended to i64 lanes.
 * @param mem - the instance's memory
 * @param w - word index of the address (and of the result)
 * @param offset - static offset
 * @param signed - sign- or zero-extend
 */
export function v128Load32x2(mem: MemInst, w: number, offset: number, signed: boolean): void {
  const a = effectiveAddress(mem, w, offset, 8);
  const dv = mem.dv;
  const s = stack.i32;
  const l0 = dv.getInt32(a, true);
  const l1 = dv.getInt32(a + 4, true);
  s[w] = l0;
  s[w + 1] = signed ? l0 >> 31 : 0;
  s[w + 2] = l1;
  s[w + 3] = signed ? l1 >> 31 : 0;
}

/**
 * `v128.load{8,16,32}_splat`: one lane of `1 << log2` bytes repeated.
 * @param mem - the instance's memory
 * @param w - word index of the address (and of the result)
 * @param offset - static offset
 * @param log2 - 0, 1 or 2 (the lane size's log2)
 */
export function v128LoadSplat(mem: MemInst, w: number, offset: number, log2: number): void {
  const a = effectiveAddress(mem, w, offset, 1 << log2);
  const dv = mem.dv;
  let word: number;
  if (log2 === 0) word = Math.imul(mem.u8[a]!, 0x01010101);
  else if (log2 === 1) {
    const h = dv.getUint16(a, true);
    word = h | (h << 16);
  } else word = dv.getInt32(a, true);
  const s = stack.i32;
  s[w] = word;
  s[w + 1] = word;
  s[w + 2] = word;
  s[w + 3] = word;
}

/**
 * `v128.load64_splat`.
 * @param mem - the instance's memory
 * @param w - word index of the address (and of the result)
 * @param offset - static offset
 */
export function v128Load64Splat(mem: MemInst, w: number, offset: number): void {
  const a = effectiveAddress(mem, w, offset, 8);
  const dv = mem.dv;
  const s = stack.i32;
  const lo = dv.getInt32(a, true);
  const hi = dv.getInt32(a + 4, true);
  s[w] = lo;
  s[w + 1] = hi;
  s[w + 2] = lo;
  s[w + 3] = hi;
}

/**
 * `v128.load32_zero`/`load64_zero`: the low 4 or 8 bytes loaded, the rest zero.
 * @param mem - the instance's memory
 * @param w - word index of the address (and of the result)
 * @param offset - static offset
 * @param words - 1 or 2 (words to load)
 */
export function v128LoadZero(mem: MemInst, w: number, offset: number, words: number): void {
  const a = effectiveAddress(mem, w, offset, words << 2);
  const dv = mem.dv;
  const s = stack.i32;
  s[w] = dv.getInt32(a, true);
  s[w + 1] = words === 2 ? dv.getInt32(a + 4, true) : 0;
  s[w + 2] = 0;
  s[w + 3] = 0;
}

/**
 * `v128.load{8,16,32,64}_lane`: the address at word `w` is followed by a v128 (words `w+2…w+5`); the result
 * is that v128, moved down to `w`, with lane `lane` loaded from memory.
 * @param mem - the instance's memory
 * @param w - word index of the address (and of the result)
 * @param offset - static offset
 * @param log2 - the lane size's log2 (0…3)
 * @param lane - lane index
 */
export function v128LoadLane(mem: MemInst, w: number, offset: number, log2: number, lane: number): void {
  const a = effectiveAddress(mem, w, offset, 1 << log2);
  const s = stack.i32;
  s[w] = s[w + 2]!;
  s[w + 1] = s[w + 3]!;
  s[w + 2] = s[w + 4]!;
  s[w + 3] = s[w + 5]!;
  const dv = mem.dv;
  switch (log2) {
    case 0:
      stack.u8[(w << 2) + lane] = mem.u8[a]!;
      break;
    case 1:
      stack.u16[(w << 1) + lane] = dv.getUint16(a, true);
      break;
    case 2:
      s[w + lane] = dv.getInt32(a, true);
      break;
    default:
      s[w + 2 * lane] = dv.getInt32(a, true);
      s[w + 2 * lane + 1] = dv.getInt32(a + 4, true);
  }
}

/**
 * `v128.store`: the v128 at words `w+2…w+5` to the address at word `w`.
 * @param mem - the instance's memory
 * @param w - word index of the address
 * @param offset - static offset
 */
export function v128Store(mem: MemInst, w: number, offset: number): void {
  const a = effectiveAddress(mem, w, offset, 16);
  const dv = mem.dv;
  const s = stack.i32;
  dv.setInt32(a, s[w + 2]!, true);
  dv.setInt32(a + 4, s[w + 3]!, true);
  dv.setInt32(a + 8, s[w + 4]!, true);
  dv.setInt32(a + 12, s[w + 5]!, true);
  mem.markDirty(a, a + 16);
}

/**
 * `v128.store{8,16,32,64}_lane`: lane `lane` of the v128 at words `w+2…w+5` to the address at word `w`.
 * @param mem - the instance's memory
 * @param w - word index of the address
 * @param offset - static offset
 * @param log2 - the lane size's log2 (0…3)
 * @param lane - lane index
 */
export function v128StoreLane(mem: MemInst, w: number, offset: number, log2: number, lane: number): void {
  const n = 1 << log2;
  const a = effectiveAddress(mem, w, offset, n);
  const v = w + 2;
  const dv = mem.dv;
  switch (log2) {
    case 0:
      mem.u8[a] = stack.u8[(v << 2) + lane]!;
      break;
    case 1:
      dv.setUint16(a, stack.u16[(v << 1) + lane]!, true);
      break;
    case 2:
      dv.setInt32(a, stack.i32[v + lane]!, true);
      break;
    default:
      dv.setInt32(a, stack.i32[v + 2 * lane]!, true);
      dv.setInt32(a + 4, stack.i32[v + 2 * lane + 1]!, true);
  }
  mem.markDirty(a, a + n);
}
