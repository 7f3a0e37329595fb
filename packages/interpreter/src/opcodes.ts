/**
 * The one opcode table: every instruction's code, its text-format mnemonic and the kind of its immediates.
 * Single-byte opcodes are their byte; `0xfc`-prefixed ones are `0xfc00 | sub`; `0xfd`-prefixed (SIMD) ones are
 * `0xfd000 | sub`. The decoder, the validator and the tests read this table.
 * @module
 */

/** Immediate kinds. */
export const Imm = {
  None: 0,
  BlockType: 1,
  LabelIdx: 2,
  BrTable: 3,
  FuncIdx: 4,
  CallIndirect: 5,
  LocalIdx: 6,
  GlobalIdx: 7,
  TableIdx: 8,
  MemArg: 9,
  MemIdx: 10,
  I32: 11,
  I64: 12,
  F32: 13,
  F64: 14,
  RefType: 15,
  SelectT: 16,
  DataIdxMem: 17,
  DataIdx: 18,
  MemMem: 19,
  ElemTable: 20,
  ElemIdx: 21,
  TableTable: 22,
  V128: 23,
  LaneIdx: 24,
  MemArgLane: 25,
  Shuffle: 26,
  /** A tag index. */
  TagIdx: 27,
  /** `try_table`: a block type, then a vector of catch clauses. */
  TryTable: 28,
  /** A type index (typed function references: `call_ref`, `return_call_ref`). */
  TypeIdx: 29,
  /** A heap type (`ref.null`). */
  HeapType: 30,
} as const;
export type Imm = (typeof Imm)[keyof typeof Imm];

/** Opcode constants, named after the text format's mnemonics. */
export const Op = {
  Unreachable: 0x00, Nop: 0x01, Block: 0x02, Loop: 0x03, If: 0x04, Else: 0x05, End: 0x0b,
  Br: 0x0c, BrIf: 0x0d, BrTable: 0x0e, Return: 0x0f, Call: 0x10, CallIndirect: 0x11,
  ReturnCall: 0x12, ReturnCallIndirect: 0x13,
  // Exception handling: 3.0, then the legacy encoding.
  Throw: 0x08, ThrowRef: 0x0a, TryTable: 0x1f,
  Try: 0x06, Catch: 0x07, Rethrow: 0x09, Delegate: 0x18, CatchAll: 0x19,
  Drop: 0x1a, Select: 0x1b, SelectT: 0x1c,
  LocalGet: 0x20, LocalSet: 0x21, LocalTee: 0x22, GlobalGet: 0x23, GlobalSet: 0x24,
  TableGet: 0x25, TableSet: 0x26,
  I32Load: 0x28, I64Load: 0x29, F32Load: 0x2a, F64Load: 0x2b,
  I32Load8S: 0x2c, I32Load8U: 0x2d, I32Load16S: 0x2e, I32Load16U: 0x2f,
  I64Load8S: 0x30, I64Load8U: 0x31, I64Load16S: 0x32, I64Load16U: 0x33, I64Load32S: 0x34, I64Load32U: 0x35,
  I32Store: 0x36, I64Store: 0x37, F32Store: 0x38, F64Store: 0x39,
  I32Store8: 0x3a, I32Store16: 0x3b, I64Store8: 0x3c, I64Store16: 0x3d, I64Store32: 0x3e,
  MemorySize: 0x3f, MemoryGrow: 0x40,
  I32Const: 0x41, I64Const: 0x42, F32Const: 0x43, F64Const: 0x44,
  I32Eqz: 0x45, I32Eq: 0x46, I32Ne: 0x47, I32LtS: 0x48, I32LtU: 0x49, I32GtS: 0x4a, I32GtU: 0x4b,
  I32LeS: 0x4c, I32LeU: 0x4d, I32GeS: 0x4e, I32GeU: 0x4f,
  I64Eqz: 0x50, I64Eq: 0x51, I64Ne: 0x52, I64LtS: 0x53, I64LtU: 0x54, I64GtS: 0x55, I64GtU: 0x56,
  I64LeS: 0x57, I64LeU: 0x58, I64GeS: 0x59, I64GeU: 0x5a,
  F32Eq: 0x5b, F32Ne: 0x5c, F32Lt: 0x5d, F32Gt: 0x5e, F32Le: 0x5f, F32Ge: 0x60,
  F64Eq: 0x61, F64Ne: 0x62, F64Lt: 0x63, F64Gt: 0x64, F64Le: 0x65, F64Ge: 0x66,
  I32Clz: 0x67, I32Ctz: 0x68, I32Popcnt: 0x69, I32Add: 0x6a, I32Sub: 0x6b, I32Mul: 0x6c,
  I32DivS: 0x6d, I32DivU: 0x6e, I32RemS: 0x6f, I32RemU: 0x70, I32And: 0x71, I32Or: 0x72, I32Xor: 0x73,
  I32Shl: 0x74, I32ShrS: 0x75, I32ShrU: 0x76, I32Rotl: 0x77, I32Rotr: 0x78,
  I64Clz: 0x79, I64Ctz: 0x7a, I64Popcnt: 0x7b, I64Add: 0x7c, I64Sub: 0x7d, I64Mul: 0x7e,
  I64DivS: 0x7f, I64DivU: 0x80, I64RemS: 0x81, I64RemU: 0x82, I64And: 0x83, I64Or: 0x84, I64Xor: 0x85,
  I64Shl: 0x86, I64ShrS: 0x87, I64ShrU: 0x88, I64Rotl: 0x89, I64Rotr: 0x8a,
  F32Abs: 0x8b, F32Neg: 0x8c, F32Ceil: 0x8d, F32Floor: 0x8e, F32Trunc: 0x8f, F32Nearest: 0x90,
  F32Sqrt: 0x91, F32Add: 0x92, F32Sub: 0x93, F32Mul: 0x94, F32Div: 0x95, F32Min: 0x96, F32Max: 0x97,
  F32Copysign: 0x98,
  F64Abs: 0x99, F64Neg: 0x9a, F64Ceil: 0x9b, F64Floor: 0x9c, F64Trunc: 0x9d, F64Nearest: 0x9e,
  F64Sqrt: 0x9f, F64Add: 0xa0, F64Sub: 0xa1, F64Mul: 0xa2, F64Div: 0xa3, F64Min: 0xa4, F64Max: 0xa5,
  F64Copysign: 0xa6,
  I32WrapI64: 0xa7, I32TruncF32S: 0xa8, I32TruncF32U: 0xa9, I32TruncF64S: 0xaa, I32TruncF64U: 0xab,
  I64ExtendI32S: 0xac, I64ExtendI32U: 0xad, I64TruncF32S: 0xae, I64TruncF32U: 0xaf,
  I64TruncF64S: 0xb0, I64TruncF64U: 0xb1,
  F32ConvertI32S: 0xb2, F32ConvertI32U: 0xb3, F32ConvertI64S: 0xb4, F32ConvertI64U: 0xb5, F32DemoteF64: 0xb6,
  F64ConvertI32S: 0xb7, F64ConvertI32U: 0xb8, F64ConvertI64S: 0xb9, F64ConvertI64U: 0xba, F64PromoteF32: 0xbb,
  I32ReinterpretF32: 0xbc, I64ReinterpretF64: 0xbd, F32ReinterpretI32: 0xbe, F64ReinterpretI64: 0xbf,
  I32Extend8S: 0xc0, I32Extend16S: 0xc1, I64Extend8S: 0xc2, I64Extend16S: 0xc3, I64Extend32S: 0xc4,
  RefNull: 0xd0, RefIsNull: 0xd1, RefFunc: 0xd2, RefEq: 0xd3,
  // Typed function references.
  CallRef: 0x14, ReturnCallRef: 0x15, RefAsNonNull: 0xd4, BrOnNull: 0xd5, BrOnNonNull: 0xd6,
  // 0xfc prefix
  I32TruncSatF32S: 0xfc00, I32TruncSatF32U: 0xfc01, I32TruncSatF64S: 0xfc02, I32TruncSatF64U: 0xfc03,
  I64TruncSatF32S: 0xfc04, I64TruncSatF32U: 0xfc05, I64TruncSatF64S: 0xfc06, I64TruncSatF64U: 0xfc07,
  MemoryInit: 0xfc08, DataDrop: 0xfc09, MemoryCopy: 0xfc0a, MemoryFill: 0xfc0b,
  TableInit: 0xfc0c, ElemDrop: 0xfc0d, TableCopy: 0xfc0e, TableGrow: 0xfc0f, TableSize: 0xfc10,
  TableFill: 0xfc11,
} as const;
export type Op = (typeof Op)[keyof typeof Op];

/** The `0xfc` prefix byte and the base of its opcode space. */
export const PREFIX_FC = 0xfc;
/** The `0xfd` (SIMD) prefix byte. */
export const PREFIX_FD = 0xfd;
/** Base of the SIMD opcode space: `0xfd000 | sub`. */
export const SIMD_BASE = 0xfd000;

/** Immediate kind of each opcode (absent = not a 2.0 scalar opcode). */
export const IMMEDIATES: ReadonlyMap<number, Imm> = new Map<number, Imm>([
  [Op.Block, Imm.BlockType], [Op.Loop, Imm.BlockType], [Op.If, Imm.BlockType],
  [Op.Br, Imm.LabelIdx], [Op.BrIf, Imm.LabelIdx], [Op.BrTable, Imm.BrTable],
  [Op.Call, Imm.FuncIdx], [Op.CallIndirect, Imm.CallIndirect],
  [Op.ReturnCall, Imm.FuncIdx], [Op.ReturnCallIndirect, Imm.CallIndirect], [Op.SelectT, Imm.SelectT],
  [Op.LocalGet, Imm.LocalIdx], [Op.LocalSet, Imm.LocalIdx], [Op.LocalTee, Imm.LocalIdx],
  [Op.GlobalGet, Imm.GlobalIdx], [Op.GlobalSet, Imm.GlobalIdx],
  [Op.TableGet, Imm.TableIdx], [Op.TableSet, Imm.TableIdx],
  [Op.MemorySize, Imm.MemIdx], [Op.MemoryGrow, Imm.MemIdx],
  [Op.I32Const, Imm.I32], [Op.I64Const, Imm.I64], [Op.F32Const, Imm.F32], [Op.F64Const, Imm.F64],
  [Op.RefNull, Imm.HeapType], [Op.RefFunc, Imm.FuncIdx],
  [Op.CallRef, Imm.TypeIdx], [Op.ReturnCallRef, Imm.TypeIdx], [Op.RefAsNonNull, Imm.None],
  [Op.BrOnNull, Imm.LabelIdx], [Op.BrOnNonNull, Imm.LabelIdx],
  [Op.MemoryInit, Imm.DataIdxMem], [Op.DataDrop, Imm.DataIdx], [Op.MemoryCopy, Imm.MemMem],
  [Op.MemoryFill, Imm.MemIdx], [Op.TableInit, Imm.ElemTable], [Op.ElemDrop, Imm.ElemIdx],
  [Op.TableCopy, Imm.TableTable], [Op.TableGrow, Imm.TableIdx], [Op.TableSize, Imm.TableIdx],
  [Op.TableFill, Imm.TableIdx],
  [Op.Throw, Imm.TagIdx], [Op.ThrowRef, Imm.None], [Op.TryTable, Imm.TryTable],
  [Op.Try, Imm.BlockType], [Op.Catch, Imm.TagIdx], [Op.Rethrow, Imm.LabelIdx], [Op.Delegate, Imm.LabelIdx],
  [Op.CatchAll, Imm.None],
  ...rangeOf(Op.I32Load, Op.I64Store32, Imm.MemArg),
  ...rangeOf(Op.Unreachable, Op.Nop, Imm.None), [Op.Else, Imm.None], [Op.End, Imm.None],
  [Op.Return, Imm.None], [Op.Drop, Imm.None], [Op.Select, Imm.None], [Op.RefIsNull, Imm.None], [Op.RefEq, Imm.None],
  ...rangeOf(Op.I32Eqz, Op.I64Extend32S, Imm.None),
  ...rangeOf(Op.I32TruncSatF32S, Op.I64TruncSatF64U, Imm.None),
]);

function rangeOf(first: number, last: number, imm: Imm): [number, Imm][] {
  const out: [number, Imm][] = [];
  for (let op = first; op <= last; op++) out.push([op, imm]);
  return out;
}

/** Text-format mnemonic of an opcode, for messages and tools. */
export function mnemonic(op: number): string {
  mnemonics ??= new Map(Object.entries(Op).map(([name, code]) => [code, nameToMnemonic(name)]));
  return mnemonics.get(op) ?? `0x${op.toString(16)}`;
}

/** The mnemonics by opcode, made on first use (only messages and tools need them, not a module's start). */
let mnemonics: ReadonlyMap<number, string> | undefined;

function nameToMnemonic(name: string): string {
  // I32TruncSatF32S -> i32.trunc_sat_f32_s ; LocalGet -> local.get
  const m = /^(I32|I64|F32|F64|Local|Global|Table|Memory|Ref|Elem|Data)(.*)$/.exec(name);
  const snake = (s: string) =>
    s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();
  if (!m) return snake(name);
  const rest = m[2]!
    .replace(/(I32|I64|F32|F64)/g, '_$1')
    .replace(/^_/, '')
    .replace(/([a-z])(S|U)$/, '$1_$2');
  return `${m[1]!.toLowerCase()}.${snake(rest).replace(/__/g, '_')}`;
}
