/**
 * The fused instruction set: register forms of the WebAssembly instructions that the fused copy of a function
 * executes (see `fuse.ts`). Each reads its operands from frame slots named by immediates and writes its result
 * to a frame slot, so the `local.get`s and constants that fed it and the `local.set`/`local.tee` that took its
 * result need no instruction of their own.
 *
 * Operands `d`, `a`, `b`, `v` are word offsets from the frame base (`2 × slot`, the value stack being 64-bit
 * slots of two words): a local or an operand-stack slot alike. `s` is the stack pointer after the instruction,
 * in slots from the frame base; `c` is a 32-bit constant; `target` a pc in the fused copy. Opcodes sit above
 * the plain ones (`internal-ops.ts`) in the same 10-bit field, in blocks that mirror WebAssembly's numbering so
 * that the fuser computes them: `REG_BASE + (op − 0x45)` for numeric op `op`, and so on.
 * @module
 */

/** Register form of numeric op `x` (0x45…0xc4): `REG_BASE + x − 0x45`. */
export const REG_BASE = 0x100;
/** i32 binary op `x` (0x46…0x78) with a constant right operand: `RC_BASE + x − 0x46`. */
export const RC_BASE = 0x180;
/** Load or store `x` (0x28…0x3e) with slot operands: `MEM_BASE + x − 0x28`. */
export const MEM_BASE = 0x1b8;
/** i64 binary op `x` (0x7c…0x8a) with a constant right operand `[op, d, a, lo, hi, s]`: `RC64_BASE + x − 0x7c`. */
export const RC64_BASE = 0x200;
/** Load or store `x` (0x28…0x3e) at a slot plus a constant (a folded `i32.add`): `MEMAC_BASE + x − 0x28`. */
export const MEMAC_BASE = 0x230;

/** Every fused opcode by name. Register forms of numeric ops carry the WebAssembly name. */
export const FOp = {
  /** `[op, d, a, s]` I32Eqz of slot a */
  I32Eqz: 0x100,
  /** `[op, d, a, b, s]` I32Eq of slot a and slot b */
  I32Eq: 0x101,
  /** `[op, d, a, b, s]` I32Ne of slot a and slot b */
  I32Ne: 0x102,
  /** `[op, d, a, b, s]` I32LtS of slot a and slot b */
  I32LtS: 0x103,
  /** `[op, d, a, b, s]` I32LtU of slot a and slot b */
  I32LtU: 0x104,
  /** `[op, d, a, b, s]` I32GtS of slot a and slot b */
  I32GtS: 0x105,
  /** `[op, d, a, b, s]` I32GtU of slot a and slot b */
  I32GtU: 0x106,
  /** `[op, d, a, b, s]` I32LeS of slot a and slot b */
  I32LeS: 0x107,
  /** `[op, d, a, b, s]` I32LeU of slot a and slot b */
  I32LeU: 0x108,
  /** `[op, d, a, b, s]` I32GeS of slot a and slot b */
  I32GeS: 0x109,
  /** `[op, d, a, b, s]` I32GeU of slot a and slot b */
  I32GeU: 0x10a,
  /** `[op, d, a, s]` I64Eqz of slot a */
  I64Eqz: 0x10b,
  /** `[op, d, a, b, s]` I64Eq of slots a and b */
  I64Eq: 0x10c,
  /** `[op, d, a, b, s]` I64Ne of slots a and b */
  I64Ne: 0x10d,
  /** `[op, d, a, b, s]` I64LtS of slots a and b */
  I64LtS: 0x10e,
  /** `[op, d, a, b, s]` I64LtU of slots a and b */
  I64LtU: 0x10f,
  /** `[op, d, a, b, s]` I64GtS of slots a and b */
  I64GtS: 0x110,
  /** `[op, d, a, b, s]` I64GtU of slots a and b */
  I64GtU: 0x111,
  /** `[op, d, a, b, s]` I64LeS of slots a and b */
  I64LeS: 0x112,
  /** `[op, d, a, b, s]` I64LeU of slots a and b */
  I64LeU: 0x113,
  /** `[op, d, a, b, s]` I64GeS of slots a and b */
  I64GeS: 0x114,
  /** `[op, d, a, b, s]` I64GeU of slots a and b */
  I64GeU: 0x115,
  /** `[op, d, a, b, s]` F32Eq of slots a and b */
  F32Eq: 0x116,
  /** `[op, d, a, b, s]` F32Ne of slots a and b */
  F32Ne: 0x117,
  /** `[op, d, a, b, s]` F32Lt of slots a and b */
  F32Lt: 0x118,
  /** `[op, d, a, b, s]` F32Gt of slots a and b */
  F32Gt: 0x119,
  /** `[op, d, a, b, s]` F32Le of slots a and b */
  F32Le: 0x11a,
  /** `[op, d, a, b, s]` F32Ge of slots a and b */
  F32Ge: 0x11b,
  /** `[op, d, a, b, s]` F64Eq of slots a and b */
  F64Eq: 0x11c,
  /** `[op, d, a, b, s]` F64Ne of slots a and b */
  F64Ne: 0x11d,
  /** `[op, d, a, b, s]` F64Lt of slots a and b */
  F64Lt: 0x11e,
  /** `[op, d, a, b, s]` F64Gt of slots a and b */
  F64Gt: 0x11f,
  /** `[op, d, a, b, s]` F64Le of slots a and b */
  F64Le: 0x120,
  /** `[op, d, a, b, s]` F64Ge of slots a and b */
  F64Ge: 0x121,
  /** `[op, d, a, s]` I32Clz of slot a */
  I32Clz: 0x122,
  /** `[op, d, a, s]` I32Ctz of slot a */
  I32Ctz: 0x123,
  /** `[op, d, a, s]` I32Popcnt of slot a */
  I32Popcnt: 0x124,
  /** `[op, d, a, b, s]` I32Add of slot a and slot b */
  I32Add: 0x125,
  /** `[op, d, a, b, s]` I32Sub of slot a and slot b */
  I32Sub: 0x126,
  /** `[op, d, a, b, s]` I32Mul of slot a and slot b */
  I32Mul: 0x127,
  /** `[op, d, a, b, s]` I32DivS of slot a and slot b */
  I32DivS: 0x128,
  /** `[op, d, a, b, s]` I32DivU of slot a and slot b */
  I32DivU: 0x129,
  /** `[op, d, a, b, s]` I32RemS of slot a and slot b */
  I32RemS: 0x12a,
  /** `[op, d, a, b, s]` I32RemU of slot a and slot b */
  I32RemU: 0x12b,
  /** `[op, d, a, b, s]` I32And of slot a and slot b */
  I32And: 0x12c,
  /** `[op, d, a, b, s]` I32Or of slot a and slot b */
  I32Or: 0x12d,
  /** `[op, d, a, b, s]` I32Xor of slot a and slot b */
  I32Xor: 0x12e,
  /** `[op, d, a, b, s]` I32Shl of slot a and slot b */
  I32Shl: 0x12f,
  /** `[op, d, a, b, s]` I32ShrS of slot a and slot b */
  I32ShrS: 0x130,
  /** `[op, d, a, b, s]` I32ShrU of slot a and slot b */
  I32ShrU: 0x131,
  /** `[op, d, a, b, s]` I32Rotl of slot a and slot b */
  I32Rotl: 0x132,
  /** `[op, d, a, b, s]` I32Rotr of slot a and slot b */
  I32Rotr: 0x133,
  /** `[op, d, a, s]` I64Clz of slot a */
  I64Clz: 0x134,
  /** `[op, d, a, s]` I64Ctz of slot a */
  I64Ctz: 0x135,
  /** `[op, d, a, s]` I64Popcnt of slot a */
  I64Popcnt: 0x136,
  /** `[op, d, a, b, s]` I64Add of slots a and b */
  I64Add: 0x137,
  /** `[op, d, a, b, s]` I64Sub of slots a and b */
  I64Sub: 0x138,
  /** `[op, d, a, b, s]` I64Mul of slots a and b */
  I64Mul: 0x139,
  /** `[op, d, a, b, s]` I64DivS of slots a and b */
  I64DivS: 0x13a,
  /** `[op, d, a, b, s]` I64DivU of slots a and b */
  I64DivU: 0x13b,
  /** `[op, d, a, b, s]` I64RemS of slots a and b */
  I64RemS: 0x13c,
  /** `[op, d, a, b, s]` I64RemU of slots a and b */
  I64RemU: 0x13d,
  /** `[op, d, a, b, s]` I64And of slots a and b */
  I64And: 0x13e,
  /** `[op, d, a, b, s]` I64Or of slots a and b */
  I64Or: 0x13f,
  /** `[op, d, a, b, s]` I64Xor of slots a and b */
  I64Xor: 0x140,
  /** `[op, d, a, b, s]` I64Shl of slots a and b */
  I64Shl: 0x141,
  /** `[op, d, a, b, s]` I64ShrS of slots a and b */
  I64ShrS: 0x142,
  /** `[op, d, a, b, s]` I64ShrU of slots a and b */
  I64ShrU: 0x143,
  /** `[op, d, a, b, s]` I64Rotl of slots a and b */
  I64Rotl: 0x144,
  /** `[op, d, a, b, s]` I64Rotr of slots a and b */
  I64Rotr: 0x145,
  /** `[op, d, a, s]` F32Abs of slot a */
  F32Abs: 0x146,
  /** `[op, d, a, s]` F32Neg of slot a */
  F32Neg: 0x147,
  /** `[op, d, a, s]` F32Sqrt of slot a */
  F32Sqrt: 0x14c,
  /** `[op, d, a, b, s]` F32Add of slots a and b */
  F32Add: 0x14d,
  /** `[op, d, a, b, s]` F32Sub of slots a and b */
  F32Sub: 0x14e,
  /** `[op, d, a, b, s]` F32Mul of slots a and b */
  F32Mul: 0x14f,
  /** `[op, d, a, b, s]` F32Div of slots a and b */
  F32Div: 0x150,
  /** `[op, d, a, b, s]` F32Min of slots a and b */
  F32Min: 0x151,
  /** `[op, d, a, b, s]` F32Max of slots a and b */
  F32Max: 0x152,
  /** `[op, d, a, b, s]` F32Copysign of slots a and b */
  F32Copysign: 0x153,
  /** `[op, d, a, s]` F64Abs of slot a */
  F64Abs: 0x154,
  /** `[op, d, a, s]` F64Neg of slot a */
  F64Neg: 0x155,
  /** `[op, d, a, s]` F64Sqrt of slot a */
  F64Sqrt: 0x15a,
  /** `[op, d, a, b, s]` F64Add of slots a and b */
  F64Add: 0x15b,
  /** `[op, d, a, b, s]` F64Sub of slots a and b */
  F64Sub: 0x15c,
  /** `[op, d, a, b, s]` F64Mul of slots a and b */
  F64Mul: 0x15d,
  /** `[op, d, a, b, s]` F64Div of slots a and b */
  F64Div: 0x15e,
  /** `[op, d, a, b, s]` F64Min of slots a and b */
  F64Min: 0x15f,
  /** `[op, d, a, b, s]` F64Max of slots a and b */
  F64Max: 0x160,
  /** `[op, d, a, b, s]` F64Copysign of slots a and b */
  F64Copysign: 0x161,
  /** `[op, d, a, s]` I32WrapI64 of slot a */
  I32WrapI64: 0x162,
  /** `[op, d, a, s]` I32TruncF32S of slot a */
  I32TruncF32S: 0x163,
  /** `[op, d, a, s]` I32TruncF64S of slot a */
  I32TruncF64S: 0x165,
  /** `[op, d, a, s]` I32TruncF64U of slot a */
  I32TruncF64U: 0x166,
  /** `[op, d, a, s]` I64ExtendI32S of slot a */
  I64ExtendI32S: 0x167,
  /** `[op, d, a, s]` I64ExtendI32U of slot a */
  I64ExtendI32U: 0x168,
  /** `[op, d, a, s]` F32ConvertI32S of slot a */
  F32ConvertI32S: 0x16d,
  /** `[op, d, a, s]` F32ConvertI32U of slot a */
  F32ConvertI32U: 0x16e,
  /** `[op, d, a, s]` F32DemoteF64 of slot a */
  F32DemoteF64: 0x171,
  /** `[op, d, a, s]` F64ConvertI32S of slot a */
  F64ConvertI32S: 0x172,
  /** `[op, d, a, s]` F64ConvertI32U of slot a */
  F64ConvertI32U: 0x173,
  /** `[op, d, a, s]` F64PromoteF32 of slot a */
  F64PromoteF32: 0x176,
  /** `[op, d, a, s]` I32Extend8S of slot a */
  I32Extend8S: 0x17b,
  /** `[op, d, a, s]` I32Extend16S of slot a */
  I32Extend16S: 0x17c,
  /** `[op, d, a, c, s]` I32Eq of slot a and the constant c */
  I32EqC: 0x180,
  /** `[op, d, a, c, s]` I32Ne of slot a and the constant c */
  I32NeC: 0x181,
  /** `[op, d, a, c, s]` I32LtS of slot a and the constant c */
  I32LtSC: 0x182,
  /** `[op, d, a, c, s]` I32LtU of slot a and the constant c */
  I32LtUC: 0x183,
  /** `[op, d, a, c, s]` I32GtS of slot a and the constant c */
  I32GtSC: 0x184,
  /** `[op, d, a, c, s]` I32GtU of slot a and the constant c */
  I32GtUC: 0x185,
  /** `[op, d, a, c, s]` I32LeS of slot a and the constant c */
  I32LeSC: 0x186,
  /** `[op, d, a, c, s]` I32LeU of slot a and the constant c */
  I32LeUC: 0x187,
  /** `[op, d, a, c, s]` I32GeS of slot a and the constant c */
  I32GeSC: 0x188,
  /** `[op, d, a, c, s]` I32GeU of slot a and the constant c */
  I32GeUC: 0x189,
  /** `[op, d, a, c, s]` I32Add of slot a and the constant c */
  I32AddC: 0x1a4,
  /** `[op, d, a, c, s]` I32Sub of slot a and the constant c */
  I32SubC: 0x1a5,
  /** `[op, d, a, c, s]` I32Mul of slot a and the constant c */
  I32MulC: 0x1a6,
  /** `[op, d, a, c, s]` I32DivS of slot a and the constant c */
  I32DivSC: 0x1a7,
  /** `[op, d, a, c, s]` I32DivU of slot a and the constant c */
  I32DivUC: 0x1a8,
  /** `[op, d, a, c, s]` I32RemS of slot a and the constant c */
  I32RemSC: 0x1a9,
  /** `[op, d, a, c, s]` I32RemU of slot a and the constant c */
  I32RemUC: 0x1aa,
  /** `[op, d, a, c, s]` I32And of slot a and the constant c */
  I32AndC: 0x1ab,
  /** `[op, d, a, c, s]` I32Or of slot a and the constant c */
  I32OrC: 0x1ac,
  /** `[op, d, a, c, s]` I32Xor of slot a and the constant c */
  I32XorC: 0x1ad,
  /** `[op, d, a, c, s]` I32Shl of slot a and the constant c */
  I32ShlC: 0x1ae,
  /** `[op, d, a, c, s]` I32ShrS of slot a and the constant c */
  I32ShrSC: 0x1af,
  /** `[op, d, a, c, s]` I32ShrU of slot a and the constant c */
  I32ShrUC: 0x1b0,
  /** `[op, d, a, c, s]` I32Rotl of slot a and the constant c */
  I32RotlC: 0x1b1,
  /** `[op, d, a, c, s]` I32Rotr of slot a and the constant c */
  I32RotrC: 0x1b2,
  /** `[op, d, a, offset, s]` I32Load at slot a + offset */
  I32Load: 0x1b8,
  /** `[op, d, a, offset, s]` I64Load at slot a + offset */
  I64Load: 0x1b9,
  /** `[op, d, a, offset, s]` F32Load at slot a + offset */
  F32Load: 0x1ba,
  /** `[op, d, a, offset, s]` F64Load at slot a + offset */
  F64Load: 0x1bb,
  /** `[op, d, a, offset, s]` I32Load8S at slot a + offset */
  I32Load8S: 0x1bc,
  /** `[op, d, a, offset, s]` I32Load8U at slot a + offset */
  I32Load8U: 0x1bd,
  /** `[op, d, a, offset, s]` I32Load16S at slot a + offset */
  I32Load16S: 0x1be,
  /** `[op, d, a, offset, s]` I32Load16U at slot a + offset */
  I32Load16U: 0x1bf,
  /** `[op, d, a, offset, s]` I64Load8S at slot a + offset */
  I64Load8S: 0x1c0,
  /** `[op, d, a, offset, s]` I64Load8U at slot a + offset */
  I64Load8U: 0x1c1,
  /** `[op, d, a, offset, s]` I64Load16S at slot a + offset */
  I64Load16S: 0x1c2,
  /** `[op, d, a, offset, s]` I64Load16U at slot a + offset */
  I64Load16U: 0x1c3,
  /** `[op, d, a, offset, s]` I64Load32S at slot a + offset */
  I64Load32S: 0x1c4,
  /** `[op, d, a, offset, s]` I64Load32U at slot a + offset */
  I64Load32U: 0x1c5,
  /** `[op, a, v, offset, s]` I32Store of slot v at slot a + offset */
  I32Store: 0x1c6,
  /** `[op, a, v, offset, s]` I64Store of slot v at slot a + offset */
  I64Store: 0x1c7,
  /** `[op, a, v, offset, s]` F32Store of slot v at slot a + offset */
  F32Store: 0x1c8,
  /** `[op, a, v, offset, s]` F64Store of slot v at slot a + offset */
  F64Store: 0x1c9,
  /** `[op, a, v, offset, s]` I32Store8 of slot v at slot a + offset */
  I32Store8: 0x1ca,
  /** `[op, a, v, offset, s]` I32Store16 of slot v at slot a + offset */
  I32Store16: 0x1cb,
  /** `[op, a, v, offset, s]` I64Store8 of slot v at slot a + offset */
  I64Store8: 0x1cc,
  /** `[op, a, v, offset, s]` I64Store16 of slot v at slot a + offset */
  I64Store16: 0x1cd,
  /** `[op, a, v, offset, s]` I64Store32 of slot v at slot a + offset */
  I64Store32: 0x1ce,
  /** `[op, a, c, offset, s]` I32Store of the constant c at slot a + offset */
  I32StoreC: 0x1d0,
  /** `[op, a, lo, hi, offset, s]` I64Store of the constant hi:lo at slot a + offset */
  I64StoreC: 0x1d1,
  /** `[op, a, c, offset, s]` I32Store8 of the constant c at slot a + offset */
  I32Store8C: 0x1d2,
  /** `[op, a, c, offset, s]` I32Store16 of the constant c at slot a + offset */
  I32Store16C: 0x1d3,
  /** `[op, a, target, s]` jump when slot a is not zero */
  BrIfNZ: 0x1d4,
  /** `[op, a, target, s]` jump when slot a is zero */
  BrIfZ: 0x1d5,
  /** `[op, a, b, f, target, s]` jump when the i32 comparison f (bits: 1 unsigned, 2 equal, 4 negate, 8 swap) of slots a and b holds */
  BrIfCmp: 0x1d6,
  /** `[op, a, c, f, target, s]` as `BrIfCmp` with the constant c */
  BrIfCmpC: 0x1d7,
  /** `[op, d, a, b, y, f, target, s]` d = a + b, then as `BrIfCmp` of d and slot y */
  AddBrIfCmp: 0x1d8,
  /** `[op, d, a, b, c, f, target, s]` d = a + b, then as `BrIfCmpC` of d and c */
  AddBrIfCmpC: 0x1d9,
  /** `[op, d, a, k, y, f, target, s]` d = a + k, then as `BrIfCmp` of d and slot y */
  AddCBrIfCmp: 0x1da,
  /** `[op, d, a, k, c, f, target, s]` d = a + k, then as `BrIfCmpC` of d and c */
  AddCBrIfCmpC: 0x1db,
  /** `[op, d, a, s]` copy slot a to slot d */
  Copy: 0x1ea,
  /** `[op, d, v, s]` slot d = v (high word 0) */
  Const32: 0x1eb,
  /** `[op, d, lo, hi, s]` slot d = hi:lo */
  Const64: 0x1ec,
  /** `[op, s]` sp = fp + s */
  SetSp: 0x1ed,
  /** `[op]` nothing: carries the fuel cost of a group whose instructions all vanished */
  Nop: 0x1ee,
  /** `[op, d, a, lo, hi, s]` I64Add of slot a and the constant hi:lo */
  I64AddC: 0x200,
  /** `[op, d, a, lo, hi, s]` I64Sub of slot a and the constant hi:lo */
  I64SubC: 0x201,
  /** `[op, d, a, lo, hi, s]` I64Mul of slot a and the constant hi:lo */
  I64MulC: 0x202,
  /** `[op, d, a, lo, hi, s]` I64And of slot a and the constant hi:lo */
  I64AndC: 0x207,
  /** `[op, d, a, lo, hi, s]` I64Or of slot a and the constant hi:lo */
  I64OrC: 0x208,
  /** `[op, d, a, lo, hi, s]` I64Xor of slot a and the constant hi:lo */
  I64XorC: 0x209,
  /** `[op, d, a, lo, hi, s]` I64Shl of slot a and the constant hi:lo */
  I64ShlC: 0x20a,
  /** `[op, d, a, lo, hi, s]` I64ShrS of slot a and the constant hi:lo */
  I64ShrSC: 0x20b,
  /** `[op, d, a, lo, hi, s]` I64ShrU of slot a and the constant hi:lo */
  I64ShrUC: 0x20c,
  /** `[op, d, a, lo, hi, s]` I64Rotl of slot a and the constant hi:lo */
  I64RotlC: 0x20d,
  /** `[op, d, a, c, offset, s]` I32Load at (slot a + c) + offset */
  I32LoadAC: 0x230,
  /** `[op, d, a, c, offset, s]` I64Load at (slot a + c) + offset */
  I64LoadAC: 0x231,
  /** `[op, d, a, c, offset, s]` F32Load at (slot a + c) + offset */
  F32LoadAC: 0x232,
  /** `[op, d, a, c, offset, s]` F64Load at (slot a + c) + offset */
  F64LoadAC: 0x233,
  /** `[op, d, a, c, offset, s]` I32Load8S at (slot a + c) + offset */
  I32Load8SAC: 0x234,
  /** `[op, d, a, c, offset, s]` I32Load8U at (slot a + c) + offset */
  I32Load8UAC: 0x235,
  /** `[op, d, a, c, offset, s]` I32Load16S at (slot a + c) + offset */
  I32Load16SAC: 0x236,
  /** `[op, d, a, c, offset, s]` I32Load16U at (slot a + c) + offset */
  I32Load16UAC: 0x237,
  /** `[op, d, a, c, offset, s]` I64Load8S at (slot a + c) + offset */
  I64Load8SAC: 0x238,
  /** `[op, d, a, c, offset, s]` I64Load8U at (slot a + c) + offset */
  I64Load8UAC: 0x239,
  /** `[op, d, a, c, offset, s]` I64Load16S at (slot a + c) + offset */
  I64Load16SAC: 0x23a,
  /** `[op, d, a, c, offset, s]` I64Load16U at (slot a + c) + offset */
  I64Load16UAC: 0x23b,
  /** `[op, d, a, c, offset, s]` I64Load32S at (slot a + c) + offset */
  I64Load32SAC: 0x23c,
  /** `[op, d, a, c, offset, s]` I64Load32U at (slot a + c) + offset */
  I64Load32UAC: 0x23d,
  /** `[op, a, c, v, offset, s]` I32Store of slot v at (slot a + c) + offset */
  I32StoreAC: 0x23e,
  /** `[op, a, c, v, offset, s]` I64Store of slot v at (slot a + c) + offset */
  I64StoreAC: 0x23f,
  /** `[op, a, c, v, offset, s]` F32Store of slot v at (slot a + c) + offset */
  F32StoreAC: 0x240,
  /** `[op, a, c, v, offset, s]` F64Store of slot v at (slot a + c) + offset */
  F64StoreAC: 0x241,
  /** `[op, a, c, v, offset, s]` I32Store8 of slot v at (slot a + c) + offset */
  I32Store8AC: 0x242,
  /** `[op, a, c, v, offset, s]` I32Store16 of slot v at (slot a + c) + offset */
  I32Store16AC: 0x243,
  /** `[op, a, c, v, offset, s]` I64Store8 of slot v at (slot a + c) + offset */
  I64Store8AC: 0x244,
  /** `[op, a, c, v, offset, s]` I64Store16 of slot v at (slot a + c) + offset */
  I64Store16AC: 0x245,
  /** `[op, a, c, v, offset, s]` I64Store32 of slot v at (slot a + c) + offset */
  I64Store32AC: 0x246,
  /** `[op, a, c, v, offset, s]` I32Store of the constant v at (slot a + c) + offset */
  I32StoreCAC: 0x248,
  /** `[op, a, c, v, offset, s]` I32Store8 of the constant v at (slot a + c) + offset */
  I32Store8CAC: 0x249,
  /** `[op, a, c, v, offset, s]` I32Store16 of the constant v at (slot a + c) + offset */
  I32Store16CAC: 0x24a,
  /** `[op, n, (d, a) × n, s]` n copies in order, slot a to slot d */
  CopyN: 0x24c,
  /** `[op, d, a, p, c, offset, s]` F64Add of slot a and the f64 loaded at (slot p + c) + offset */
  F64AddM: 0x250,
  /** `[op, d, a, p, c, offset, s]` F64Sub of slot a and the f64 loaded at (slot p + c) + offset */
  F64SubM: 0x251,
  /** `[op, d, a, p, c, offset, s]` F64Mul of slot a and the f64 loaded at (slot p + c) + offset */
  F64MulM: 0x252,
  /** `[op, d, a, p, c, offset, s]` F64Div of slot a and the f64 loaded at (slot p + c) + offset */
  F64DivM: 0x253,
  /** `[op, a, p, c, offset, q, offset2, s]` F64Add of slot a and the f64 at (slot p + c) + offset, stored at slot q + offset2 */
  F64AddMS: 0x254,
  /** `[op, a, p, c, offset, q, offset2, s]` F64Sub of slot a and the f64 at (slot p + c) + offset, stored at slot q + offset2 */
  F64SubMS: 0x255,
  /** `[op, a, p, c, offset, q, offset2, s]` F64Mul of slot a and the f64 at (slot p + c) + offset, stored at slot q + offset2 */
  F64MulMS: 0x256,
  /** `[op, d1, a1, b1, d2, a2, b2, s]` d1 = a1 + b1, then d2 = a2 + b2 */
  I32Add2: 0x258,
  /** `[op, d, a, x, k, s]` d = a ^ rotl(x, k) */
  I32XorRotlC: 0x259,
  /** `[op, a, p1, c1, off1, p2, c2, off2, q, off3, s]` slot a times the f64 at (p1 + c1) + off1, plus the f64 at (p2 + c2) + off2, stored at slot q + off3 */
  F64MulAddMS: 0x25a,
  /** `[op, d, a, b, c, s]` d = a * b + c */
  I32MulAdd: 0x25b,
  /** `[op, d, a, b, c, s]` d = a * b + c, f64 (two roundings, as two instructions) */
  F64MulAdd: 0x257,
  /** `[op, d, a, b, c, s]` d = a * b + c, f32 (the product rounded to f32, then the sum) */
  F32MulAdd: 0x265,
  /**
   * `[op, a, b, f, target, s]` jump when the float comparison of slots a and b holds (f bit 4: does not hold);
   * the comparison is `f >> 4`: f32 eq, ne, lt, gt, le, ge, then the same for f64
   */
  BrIfFCmp: 0x266,
  /** `[op, d, x, j, y, k, s]` d = rotl(x, j) ^ rotl(y, k) */
  I32RotlXorRotlC: 0x25c,
  /** `[op, d, x, j, y, k, z, l, s]` d = rotl(x, j) ^ rotl(y, k) ^ rotl(z, l) (the Σ functions of SHA-2) */
  I32Rotl3XorC: 0x25d,
  /** `[op, a, c, v, offset, d, x1, x2, y, f, target, s]` byte store of v at (slot a + c) + offset, d = x1 + x2, then as `BrIfCmp` of d and y (f bit 16: x2 is a constant, bit 32: y is one) */
  I32Store8CLatch: 0x25e,
  /** `[op, d, a, b, k, s]` d = a ^ (b << k), i64 */
  I64XorShlC: 0x25f,
  /** `[op, d, a, b, k, s]` d = a ^ (b >>> k), i64 */
  I64XorShrUC: 0x260,
  /** `[op, d, a, b, c, offset, s]` i32.load at ((slot a + slot b) + c) + offset */
  I32LoadABC: 0x261,
  /** `[op, d, x, j, y, k, z, l, s]` d = rotl(x, j) ^ rotl(y, k) ^ (z >>> l) (the σ functions of SHA-2) */
  I32Rotl2XorShrUC: 0x262,
  /** `[op, a, c, offset, f, target, s]` jump when the i32 (f bit 1: the byte) at (slot a + c) + offset is not zero (f bit 4: is zero) */
  BrIfLoad: 0x263,
  /** `[op, d, x, k, a, p1, c1, off1, p2, c2, off2, q, off3, s]` d = x + k (a local), then as `F64MulAddMS` */
  F64IncMulAddMS: 0x264,
} as const;

/**
 * The numeric ops that have a register form, by WebAssembly opcode: 1 = unary `[op, d, a, s]`,
 * 2 = binary `[op, d, a, b, s]`, 0 = none (the fuser then emits the plain instruction).
 */
export const REG_ARITY: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (const code of Object.values(FOp as Record<string, number>)) {
    if (code >= REG_BASE && code < RC_BASE) t[code - REG_BASE + 0x45] = isBinary(code - REG_BASE + 0x45) ? 2 : 1;
  }
  return t;
})();

/** Whether numeric op `x` takes two operands (comparisons and binary arithmetic of every type). */
export function isBinary(x: number): boolean {
  return (x >= 0x46 && x <= 0x4f) || (x >= 0x51 && x <= 0x66) || (x >= 0x6a && x <= 0x78) || (x >= 0x7c && x <= 0x8a) ||
    (x >= 0x92 && x <= 0x98) || (x >= 0xa0 && x <= 0xa6);
}
