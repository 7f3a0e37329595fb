/**
 * The sub-opcodes of the `0xfd`-prefixed (SIMD) instructions of WebAssembly 2.0, named after their text-format
 * mnemonics (`i8x16.add_sat_s` is `I8x16AddSatS`). The validator, the executor and the tests share them.
 * @module
 */
import { RELAXED_SLOT_DELTA } from './simd-relaxed.js';

/** SIMD sub-opcodes (the LEB128 value after the `0xfd` prefix). */
export const SimdOp = {
  V128Load: 0x00, V128Load8x8S: 0x01, V128Load8x8U: 0x02, V128Load16x4S: 0x03, V128Load16x4U: 0x04,
  V128Load32x2S: 0x05, V128Load32x2U: 0x06, V128Load8Splat: 0x07, V128Load16Splat: 0x08,
  V128Load32Splat: 0x09, V128Load64Splat: 0x0a, V128Store: 0x0b, V128Const: 0x0c,
  I8x16Shuffle: 0x0d, I8x16Swizzle: 0x0e,
  I8x16Splat: 0x0f, I16x8Splat: 0x10, I32x4Splat: 0x11, I64x2Splat: 0x12, F32x4Splat: 0x13, F64x2Splat: 0x14,
  I8x16ExtractLaneS: 0x15, I8x16ExtractLaneU: 0x16, I8x16ReplaceLane: 0x17,
  I16x8ExtractLaneS: 0x18, I16x8ExtractLaneU: 0x19, I16x8ReplaceLane: 0x1a,
  I32x4ExtractLane: 0x1b, I32x4ReplaceLane: 0x1c, I64x2ExtractLane: 0x1d, I64x2ReplaceLane: 0x1e,
  F32x4ExtractLane: 0x1f, F32x4ReplaceLane: 0x20, F64x2ExtractLane: 0x21, F64x2ReplaceLane: 0x22,
  I8x16Eq: 0x23, I8x16Ne: 0x24, I8x16LtS: 0x25, I8x16LtU: 0x26, I8x16GtS: 0x27, I8x16GtU: 0x28,
  I8x16LeS: 0x29, I8x16LeU: 0x2a, I8x16GeS: 0x2b, I8x16GeU: 0x2c,
  I16x8Eq: 0x2d, I16x8Ne: 0x2e, I16x8LtS: 0x2f, I16x8LtU: 0x30, I16x8GtS: 0x31, I16x8GtU: 0x32,
  I16x8LeS: 0x33, I16x8LeU: 0x34, I16x8GeS: 0x35, I16x8GeU: 0x36,
  I32x4Eq: 0x37, I32x4Ne: 0x38, I32x4LtS: 0x39, I32x4LtU: 0x3a, I32x4GtS: 0x3b, I32x4GtU: 0x3c,
  I32x4LeS: 0x3d, I32x4LeU: 0x3e, I32x4GeS: 0x3f, I32x4GeU: 0x40,
  F32x4Eq: 0x41, F32x4Ne: 0x42, F32x4Lt: 0x43, F32x4Gt: 0x44, F32x4Le: 0x45, F32x4Ge: 0x46,
  F64x2Eq: 0x47, F64x2Ne: 0x48, F64x2Lt: 0x49, F64x2Gt: 0x4a, F64x2Le: 0x4b, F64x2Ge: 0x4c,
  V128Not: 0x4d, V128And: 0x4e, V128Andnot: 0x4f, V128Or: 0x50, V128Xor: 0x51, V128Bitselect: 0x52,
  V128AnyTrue: 0x53,
  V128Load8Lane: 0x54, V128Load16Lane: 0x55, V128Load32Lane: 0x56, V128Load64Lane: 0x57,
  V128Store8Lane: 0x58, V128Store16Lane: 0x59, V128Store32Lane: 0x5a, V128Store64Lane: 0x5b,
  V128Load32Zero: 0x5c, V128Load64Zero: 0x5d,
  F32x4DemoteF64x2Zero: 0x5e, F64x2PromoteLowF32x4: 0x5f,
  I8x16Abs: 0x60, I8x16Neg: 0x61, I8x16Popcnt: 0x62, I8x16AllTrue: 0x63, I8x16Bitmask: 0x64,
  I8x16NarrowI16x8S: 0x65, I8x16NarrowI16x8U: 0x66,
  F32x4Ceil: 0x67, F32x4Floor: 0x68, F32x4Trunc: 0x69, F32x4Nearest: 0x6a,
  I8x16Shl: 0x6b, I8x16ShrS: 0x6c, I8x16ShrU: 0x6d,
  I8x16Add: 0x6e, I8x16AddSatS: 0x6f, I8x16AddSatU: 0x70, I8x16Sub: 0x71, I8x16SubSatS: 0x72,
  I8x16SubSatU: 0x73,
  F64x2Ceil: 0x74, F64x2Floor: 0x75,
  I8x16MinS: 0x76, I8x16MinU: 0x77, I8x16MaxS: 0x78, I8x16MaxU: 0x79,
  F64x2Trunc: 0x7a,
  I8x16AvgrU: 0x7b,
  I16x8ExtaddPairwiseI8x16S: 0x7c, I16x8ExtaddPairwiseI8x16U: 0x7d,
  I32x4ExtaddPairwiseI16x8S: 0x7e, I32x4ExtaddPairwiseI16x8U: 0x7f,
  I16x8Abs: 0x80, I16x8Neg: 0x81, I16x8Q15mulrSatS: 0x82, I16x8AllTrue: 0x83, I16x8Bitmask: 0x84,
  I16x8NarrowI32x4S: 0x85, I16x8NarrowI32x4U: 0x86,
  I16x8ExtendLowI8x16S: 0x87, I16x8ExtendHighI8x16S: 0x88, I16x8ExtendLowI8x16U: 0x89,
  I16x8ExtendHighI8x16U: 0x8a,
  I16x8Shl: 0x8b, I16x8ShrS: 0x8c, I16x8ShrU: 0x8d,
  I16x8Add: 0x8e, I16x8AddSatS: 0x8f, I16x8AddSatU: 0x90, I16x8Sub: 0x91, I16x8SubSatS: 0x92,
  I16x8SubSatU: 0x93,
  F64x2Nearest: 0x94,
  I16x8Mul: 0x95, I16x8MinS: 0x96, I16x8MinU: 0x97, I16x8MaxS: 0x98, I16x8MaxU: 0x99,
  I16x8AvgrU: 0x9b,
  I16x8ExtmulLowI8x16S: 0x9c, I16x8ExtmulHighI8x16S: 0x9d, I16x8ExtmulLowI8x16U: 0x9e,
  I16x8ExtmulHighI8x16U: 0x9f,
  I32x4Abs: 0xa0, I32x4Neg: 0xa1, I32x4AllTrue: 0xa3, I32x4Bitmask: 0xa4,
  I32x4ExtendLowI16x8S: 0xa7, I32x4ExtendHighI16x8S: 0xa8, I32x4ExtendLowI16x8U: 0xa9,
  I32x4ExtendHighI16x8U: 0xaa,
  I32x4Shl: 0xab, I32x4ShrS: 0xac, I32x4ShrU: 0xad, I32x4Add: 0xae, I32x4Sub: 0xb1, I32x4Mul: 0xb5,
  I32x4MinS: 0xb6, I32x4MinU: 0xb7, I32x4MaxS: 0xb8, I32x4MaxU: 0xb9, I32x4DotI16x8S: 0xba,
  I32x4ExtmulLowI16x8S: 0xbc, I32x4ExtmulHighI16x8S: 0xbd, I32x4ExtmulLowI16x8U: 0xbe,
  I32x4ExtmulHighI16x8U: 0xbf,
  I64x2Abs: 0xc0, I64x2Neg: 0xc1, I64x2AllTrue: 0xc3, I64x2Bitmask: 0xc4,
  I64x2ExtendLowI32x4S: 0xc7, I64x2ExtendHighI32x4S: 0xc8, I64x2ExtendLowI32x4U: 0xc9,
  I64x2ExtendHighI32x4U: 0xca,
  I64x2Shl: 0xcb, I64x2ShrS: 0xcc, I64x2ShrU: 0xcd, I64x2Add: 0xce, I64x2Sub: 0xd1, I64x2Mul: 0xd5,
  I64x2Eq: 0xd6, I64x2Ne: 0xd7, I64x2LtS: 0xd8, I64x2GtS: 0xd9, I64x2LeS: 0xda, I64x2GeS: 0xdb,
  I64x2ExtmulLowI32x4S: 0xdc, I64x2ExtmulHighI32x4S: 0xdd, I64x2ExtmulLowI32x4U: 0xde,
  I64x2ExtmulHighI32x4U: 0xdf,
  F32x4Abs: 0xe0, F32x4Neg: 0xe1, F32x4Sqrt: 0xe3, F32x4Add: 0xe4, F32x4Sub: 0xe5, F32x4Mul: 0xe6,
  F32x4Div: 0xe7, F32x4Min: 0xe8, F32x4Max: 0xe9, F32x4Pmin: 0xea, F32x4Pmax: 0xeb,
  F64x2Abs: 0xec, F64x2Neg: 0xed, F64x2Sqrt: 0xef, F64x2Add: 0xf0, F64x2Sub: 0xf1, F64x2Mul: 0xf2,
  F64x2Div: 0xf3, F64x2Min: 0xf4, F64x2Max: 0xf5, F64x2Pmin: 0xf6, F64x2Pmax: 0xf7,
  I32x4TruncSatF32x4S: 0xf8, I32x4TruncSatF32x4U: 0xf9, F32x4ConvertI32x4S: 0xfa, F32x4ConvertI32x4U: 0xfb,
  I32x4TruncSatF64x2SZero: 0xfc, I32x4TruncSatF64x2UZero: 0xfd,
  F64x2ConvertLowI32x4S: 0xfe, F64x2ConvertLowI32x4U: 0xff,
} as const;
export type SimdOp = (typeof SimdOp)[keyof typeof SimdOp];

/** Text-format mnemonic of a SIMD sub-opcode (`0x6f` → `i8x16.add_sat_s`), for messages and tools. */
export function simdMnemonic(sub: number): string {
  simdMnemonics ??= new Map(Object.entries(SimdOp).map(([name, sub]) => [sub, simdNameToMnemonic(name)]));
  return simdMnemonics.get(sub) ?? `0xfd 0x${sub.toString(16)}`;
}

/** The mnemonics by sub-opcode, made on first use (only messages and tools need them). */
let simdMnemonics: ReadonlyMap<number, string> | undefined;

function simdNameToMnemonic(name: string): string {
  // I8x16AddSatS -> i8x16.add_sat_s ; V128Load8x8S -> v128.load8x8_s ; I32x4TruncSatF64x2SZero -> …_s_zero
  const m = /^(V128|[IF]\d+x\d+)(.*)$/.exec(name)!;
  const rest = m[2]!
    .replace(/([IF]\d+x\d+)/g, '_$1')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/^_/, '')
    .toLowerCase();
  return `${m[1]!.toLowerCase()}.${rest}`;
}

/**
 * What a SIMD instruction takes and gives, which decides its validation and its stack effect. Scalars
 * (`t`) are the per-instruction type in {@link SIMD_SCALAR}.
 */
export const SimdShape = {
  /** Not a 2.0 instruction. */
  None: 0,
  /** memarg; `i32 → v128`. */
  Load: 1,
  /** memarg; `i32 v128 →`. */
  Store: 2,
  /** memarg, lane; `i32 v128 → v128`. */
  LoadLane: 3,
  /** memarg, lane; `i32 v128 →`. */
  StoreLane: 4,
  /** 16 bytes; `→ v128`. */
  Const: 5,
  /** 16 lane indices below 32; `v128 v128 → v128`. */
  Shuffle: 6,
  /** `v128 → v128`. */
  Unary: 7,
  /** `v128 v128 → v128`. */
  Binary: 8,
  /** `v128 v128 v128 → v128`. */
  Ternary: 9,
  /** `v128 → i32`. */
  Test: 10,
  /** `v128 i32 → v128`. */
  Shift: 11,
  /** `t → v128`. */
  Splat: 12,
  /** lane; `v128 → t`. */
  Extract: 13,
  /** lane; `v128 t → v128`. */
  Replace: 14,
} as const;

/** Stack effect in 64-bit slots of each shape (a v128 takes two, a scalar one). */
const SHAPE_SLOT_DELTA = [0, 1, -3, -1, -3, 2, -2, 0, -2, -4, -1, -1, 1, -1, -1];

/** Shape of each sub-opcode (`SimdShape.None` where 2.0 assigns none). */
export const SIMD_SHAPE: Uint8Array = new Uint8Array(256);
/** Scalar value type of splats, lane extractions and replacements (a `ValType` byte), else 0. */
export const SIMD_SCALAR: Uint8Array = new Uint8Array(256);
/** Lane count of lane immediates (extract, replace, lane loads and stores), else 0. */
export const SIMD_LANES: Uint8Array = new Uint8Array(256);
/** Natural alignment (log2 of the bytes accessed) of loads and stores, else 0. */
export const SIMD_ALIGN: Uint8Array = new Uint8Array(256);
/** Value-stack slots added (negative: removed) by each sub-opcode. */
export const SIMD_SLOT_DELTA: Int8Array = new Int8Array(256);

{
  const I32 = 0x7f;
  const I64 = 0x7e;
  const F32 = 0x7d;
  const F64 = 0x7c;
  const S = SimdShape;
  const set = (from: number, to: number, shape: number): void => {
    for (let sub = from; sub <= to; sub++) SIMD_SHAPE[sub] = shape;
  };
  const lanes = (sub: number, shape: number, scalar: number, count: number): void => {
    SIMD_SHAPE[sub] = shape;
    SIMD_SCALAR[sub] = scalar;
    SIMD_LANES[sub] = count;
  };
  set(SimdOp.V128Load, SimdOp.V128Load64Splat, S.Load);
  SIMD_ALIGN.set([4, 3, 3, 3, 3, 3, 3, 0, 1, 2, 3, 4], SimdOp.V128Load);
  SIMD_SHAPE[SimdOp.V128Store] = S.Store;
  SIMD_SHAPE[SimdOp.V128Const] = S.Const;
  SIMD_SHAPE[SimdOp.I8x16Shuffle] = S.Shuffle;
  SIMD_SHAPE[SimdOp.I8x16Swizzle] = S.Binary;
  const splats = [I32, I32, I32, I64, F32, F64];
  for (let i = 0; i < 6; i++) lanes(SimdOp.I8x16Splat + i, S.Splat, splats[i]!, 0);
  lanes(SimdOp.I8x16ExtractLaneS, S.Extract, I32, 16);
  lanes(SimdOp.I8x16ExtractLaneU, S.Extract, I32, 16);
  lanes(SimdOp.I8x16ReplaceLane, S.Replace, I32, 16);
  lanes(SimdOp.I16x8ExtractLaneS, S.Extract, I32, 8);
  lanes(SimdOp.I16x8ExtractLaneU, S.Extract, I32, 8);
  lanes(SimdOp.I16x8ReplaceLane, S.Replace, I32, 8);
  lanes(SimdOp.I32x4ExtractLane, S.Extract, I32, 4);
  lanes(SimdOp.I32x4ReplaceLane, S.Replace, I32, 4);
  lanes(SimdOp.I64x2ExtractLane, S.Extract, I64, 2);
  lanes(SimdOp.I64x2ReplaceLane, S.Replace, I64, 2);
  lanes(SimdOp.F32x4ExtractLane, S.Extract, F32, 4);
  lanes(SimdOp.F32x4ReplaceLane, S.Replace, F32, 4);
  lanes(SimdOp.F64x2ExtractLane, S.Extract, F64, 2);
  lanes(SimdOp.F64x2ReplaceLane, S.Replace, F64, 2);
  set(SimdOp.I8x16Eq, SimdOp.F64x2Ge, S.Binary);
  SIMD_SHAPE[SimdOp.V128Not] = S.Unary;
  set(SimdOp.V128And, SimdOp.V128Xor, S.Binary);
  SIMD_SHAPE[SimdOp.V128Bitselect] = S.Ternary;
  SIMD_SHAPE[SimdOp.V128AnyTrue] = S.Test;
  for (let i = 0; i < 4; i++) {
    lanes(SimdOp.V128Load8Lane + i, S.LoadLane, 0, 16 >> i);
    lanes(SimdOp.V128Store8Lane + i, S.StoreLane, 0, 16 >> i);
    SIMD_ALIGN[SimdOp.V128Load8Lane + i] = i;
    SIMD_ALIGN[SimdOp.V128Store8Lane + i] = i;
  }
  SIMD_SHAPE[SimdOp.V128Load32Zero] = S.Load;
  SIMD_SHAPE[SimdOp.V128Load64Zero] = S.Load;
  SIMD_ALIGN[SimdOp.V128Load32Zero] = 2;
  SIMD_ALIGN[SimdOp.V128Load64Zero] = 3;
  // From here on, every assigned sub-opcode is lane arithmetic: unary or binary, except the tests and shifts.
  set(SimdOp.F32x4DemoteF64x2Zero, SimdOp.F64x2ConvertLowI32x4U, S.Unary);
  const binary = [
    [SimdOp.I8x16NarrowI16x8S, SimdOp.I8x16NarrowI16x8U], [SimdOp.I8x16Add, SimdOp.I8x16SubSatU],
    [SimdOp.I8x16MinS, SimdOp.I8x16MaxU], [SimdOp.I8x16AvgrU, SimdOp.I8x16AvgrU],
    [SimdOp.I16x8Q15mulrSatS, SimdOp.I16x8Q15mulrSatS], [SimdOp.I16x8NarrowI32x4S, SimdOp.I16x8NarrowI32x4U],
    [SimdOp.I16x8Add, SimdOp.I16x8SubSatU], [SimdOp.I16x8Mul, SimdOp.I16x8MaxU],
    [SimdOp.I16x8AvgrU, SimdOp.I16x8ExtmulHighI8x16U],
    [SimdOp.I32x4Add, SimdOp.I32x4ExtmulHighI16x8U], [SimdOp.I64x2Add, SimdOp.I64x2ExtmulHighI32x4U],
    [SimdOp.F32x4Add, SimdOp.F32x4Pmax], [SimdOp.F64x2Add, SimdOp.F64x2Pmax],
  ];
  for (const [from, to] of binary) set(from!, to!, S.Binary);
  for (const sub of [SimdOp.I8x16AllTrue, SimdOp.I8x16Bitmask, SimdOp.I16x8AllTrue, SimdOp.I16x8Bitmask,
    SimdOp.I32x4AllTrue, SimdOp.I32x4Bitmask, SimdOp.I64x2AllTrue, SimdOp.I64x2Bitmask]) SIMD_SHAPE[sub] = S.Test;
  for (const base of [SimdOp.I8x16Shl, SimdOp.I16x8Shl, SimdOp.I32x4Shl, SimdOp.I64x2Shl]) {
    set(base, base + 2, S.Shift);
  }
  // Sub-opcodes 2.0 leaves unassigned inside the ranges above.
  for (const sub of [0x9a, 0xa2, 0xa5, 0xa6, 0xaf, 0xb0, 0xb2, 0xb3, 0xb4, 0xbb, 0xc2, 0xc5, 0xc6, 0xcf, 0xd0,
    0xd2, 0xd3, 0xd4, 0xe2, 0xee]) SIMD_SHAPE[sub] = S.None;
  for (let sub = 0; sub < 256; sub++) SIMD_SLOT_DELTA[sub] = SHAPE_SLOT_DELTA[SIMD_SHAPE[sub]!]!;
  // Internal sub-opcodes of relaxed SIMD (simd-relaxed.ts), unassigned in the binary format.
  for (const [sub, delta] of RELAXED_SLOT_DELTA) SIMD_SLOT_DELTA[sub] = delta;
}
