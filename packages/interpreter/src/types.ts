/**
 * The decoded form of a WebAssembly module: what the binary decoder produces and the validator checks.
 * Types are spelled with their binary codes (`ValType.I32 = 0x7f`) so the hot paths compare small integers.
 * @module
 */

import type { SubTypeDecl } from './heap-types.js';

/** Value type codes, as the binary format spells them. */
export const ValType = {
  I32: 0x7f,
  I64: 0x7e,
  F32: 0x7d,
  F64: 0x7c,
  V128: 0x7b,
  FuncRef: 0x70,
  ExternRef: 0x6f,
  /** `exnref` (exception handling): a reference to a caught exception. */
  ExnRef: 0x69,
} as const;
/**
 * A value type code: one of `ValType`, or any reference type of WebAssembly 3.0 as `heap-types.ts` encodes it
 * (typed references, `(ref null? ht)`).
 */
export type ValType = number;
/** A reference type code (see `heap-types.ts`). */
export type RefType = number;

/** External kinds, as the binary format spells them in imports and exports. */
export const ExternKind = { Func: 0, Table: 1, Memory: 2, Global: 3, Tag: 4 } as const;
export type ExternKind = (typeof ExternKind)[keyof typeof ExternKind];

/** A function signature. */
export interface FuncType {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

/**
 * Limits of a table or memory; `max` is `null` when absent. Numbers are u32 (memory: pages); with a 64-bit
 * address type (memory64, table64) u64, exact up to 2^53 and rounded above (only validation sees such bounds).
 */
export interface Limits {
  readonly min: number;
  readonly max: number | null;
}

export interface TableType {
  readonly elemType: RefType;
  readonly limits: Limits;
  /** Typed references: the initialiser of every element (the `0x40 0x00` table form); absent means null. */
  readonly init?: ConstExpr;
  /** Table64: the table is indexed by `i64` (limits flag bit 2); absent means `i32`. */
  readonly address64?: boolean;
}

export interface MemType {
  readonly limits: Limits;
  /** A shared memory (threads: limits flag `0x03`, a maximum required); absent means not shared. */
  readonly shared?: boolean;
  /** Memory64: the memory is addressed by `i64` (limits flag bit 2); absent means `i32`. */
  readonly address64?: boolean;
}

export interface GlobalType {
  readonly valType: ValType;
  readonly mutable: boolean;
}

export type ImportDesc =
  | { readonly kind: typeof ExternKind.Func; readonly typeIdx: number }
  | { readonly kind: typeof ExternKind.Table; readonly type: TableType }
  | { readonly kind: typeof ExternKind.Memory; readonly type: MemType }
  | { readonly kind: typeof ExternKind.Global; readonly type: GlobalType }
  | { readonly kind: typeof ExternKind.Tag; readonly typeIdx: number };

export interface Import {
  readonly module: string;
  readonly name: string;
  readonly desc: ImportDesc;
}

export interface Export {
  readonly name: string;
  readonly kind: ExternKind;
  readonly index: number;
}

/**
 * A constant expression, kept as the byte range of its instructions (the final `end` included) in the
 * module bytes. The validator decodes and checks it; instantiation evaluates it.
 */
export interface ConstExpr {
  /** Absolute offset of the first instruction byte. */
  readonly start: number;
  /** Absolute offset just past the terminating `end` (0x0b). */
  readonly end: number;
}

export interface Global {
  readonly type: GlobalType;
  readonly init: ConstExpr;
}

/** Element segment mode. */
export const SegmentMode = { Passive: 0, Active: 1, Declarative: 2 } as const;
export type SegmentMode = (typeof SegmentMode)[keyof typeof SegmentMode];

export interface ElemSegment {
  readonly type: RefType;
  readonly mode: SegmentMode;
  /** Active only. */
  readonly tableIdx: number;
  /** Active only. */
  readonly offset: ConstExpr | null;
  /** Each element as a constant expression (the `funcidx` vector forms are turned into `ref.func` ranges). */
  readonly init: readonly ElemInit[];
}

/** One element initialiser: a function index (vector forms) or a constant expression (expression forms). */
export type ElemInit = { readonly funcIdx: number } | { readonly expr: ConstExpr };

export interface DataSegment {
  readonly mode: typeof SegmentMode.Passive | typeof SegmentMode.Active;
  readonly memIdx: number;
  readonly offset: ConstExpr | null;
  /** Absolute byte range of the segment's bytes in the module. */
  readonly start: number;
  readonly end: number;
}

/** A function body as found in the code section. */
export interface FuncBody {
  /** Absolute offset of the body's first byte (the local declaration count), after its size. */
  readonly start: number;
  /** Absolute offset just past the body's final `end`. */
  readonly end: number;
  /** Local declarations, expanded: the types of the non-parameter locals in order. */
  readonly locals: readonly ValType[];
  /** Absolute offset of the first instruction (after the local declarations). */
  readonly codeStart: number;
}

export interface CustomSection {
  readonly name: string;
  /** Absolute byte range of the section's payload after the name. */
  readonly start: number;
  readonly end: number;
}

/** A decoded (not yet validated) module. All offsets are absolute positions in `bytes`. */
export interface DecodedModule {
  readonly bytes: Uint8Array;
  /** Every defined type as a function type (a struct or array type has empty lists here; see `subTypes`). */
  readonly types: readonly FuncType[];
  /** Every defined type as declared: kind, finality, supertype, recursion group (`heap-types.ts`). */
  readonly subTypes: readonly SubTypeDecl[];
  readonly imports: readonly Import[];
  /** Type index of each function defined in the module (not counting imported functions). */
  readonly funcs: readonly number[];
  readonly tables: readonly TableType[];
  readonly mems: readonly MemType[];
  readonly globals: readonly Global[];
  readonly exports: readonly Export[];
  readonly start: number | null;
  readonly elems: readonly ElemSegment[];
  readonly dataCount: number | null;
  readonly codes: readonly FuncBody[];
  readonly datas: readonly DataSegment[];
  readonly customs: readonly CustomSection[];
  /** Type index of each tag defined in the module (section 13; imported tags not counted). */
  readonly tags: readonly number[];
}
