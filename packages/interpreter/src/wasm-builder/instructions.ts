/**
 * Instruction bytes with their immediates, named after the text format's mnemonics.
 * @module
 */
import { encodeS32, encodeU32 } from './leb128.js';

/**
 * The instructions the tests and benchmarks assemble by hand; functions take the immediates, memory
 * instructions an offset (natural alignment).
 * @example [...I.localGet(0), ...I.i32Const(1), ...I.i32Add]
 */
export const I = {
  localGet: (i: number) => [0x20, ...encodeU32(i)],
  localSet: (i: number) => [0x21, ...encodeU32(i)],
  localTee: (i: number) => [0x22, ...encodeU32(i)],
  globalGet: (i: number) => [0x23, ...encodeU32(i)],
  globalSet: (i: number) => [0x24, ...encodeU32(i)],
  i32Const: (n: number) => [0x41, ...encodeS32(n)],
  /** `i64.const` of a value in the i32 range. */
  i64Const: (n: number) => [0x42, ...encodeS32(n)],
  call: (f: number) => [0x10, ...encodeU32(f)],
  /** Exception handling (3.0): `throw`, `throw_ref`, `try_table` with catch clauses `[kind, tag?, label]`. */
  throw: (tag: number) => [0x08, ...encodeU32(tag)],
  throwRef: [0x0a],
  tryTable: (blockType: number, catches: readonly (readonly number[])[]) => [
    0x1f,
    blockType,
    ...encodeU32(catches.length),
    ...catches.flatMap((c) => c.flatMap((x) => encodeU32(x))),
  ],
  /** Legacy exception handling: `try`, `catch`, `catch_all`, `delegate`, `rethrow`. */
  try: (blockType = 0x40) => [0x06, blockType],
  catch: (tag: number) => [0x07, ...encodeU32(tag)],
  catchAll: [0x19],
  delegate: (label: number) => [0x18, ...encodeU32(label)],
  rethrow: (label: number) => [0x09, ...encodeU32(label)],
  i32Load: (offset = 0) => [0x28, 0x02, ...encodeU32(offset)],
  i32Store: (offset = 0) => [0x36, 0x02, ...encodeU32(offset)],
  i32Load8U: (offset = 0) => [0x2d, 0x00, ...encodeU32(offset)],
  i32Store8: (offset = 0) => [0x3a, 0x00, ...encodeU32(offset)],
  loop: [0x03, 0x40],
  block: [0x02, 0x40],
  end: [0x0b],
  brIf: (d: number) => [0x0d, ...encodeU32(d)],
  br: (d: number) => [0x0c, ...encodeU32(d)],
  drop: [0x1a],
  unreachable: [0x00],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32Xor: [0x73],
  i32Shl: [0x74],
  i32ShrU: [0x76],
  i32Eqz: [0x45],
  i32LtU: [0x49],
  i32GeU: [0x4f],
  i64ExtendI32U: [0xad],
  i64Or: [0x84],
  i64Shl: [0x86],
  memoryGrow: [0x40, 0x00],
  memorySize: [0x3f, 0x00],
} as const;
