/**
 * The strict WebAssembly 2.0 binary decoder: module bytes → `DecodedModule`.
 *
 * It checks everything the binary format defines (header, section ids, order and sizes, LEB128 and UTF-8
 * encodings, type/kind/flag bytes, vector lengths, function/code and data-count consistency) and nothing that
 * validation defines (indices, types, limits ranges, constness). Function bodies and constant expressions are
 * kept as byte ranges for the validator; the decoder scans their instructions only for well-formedness (known
 * opcodes, well-formed immediates, `block`/`loop`/`if`…`else`…`end` nesting, the final `end` as the body's
 * last byte), as the spec interpreter does while decoding, so every `assert_malformed` of the spec tests is
 * reported here and the validator may assume well-framed instructions.
 *
 * Error messages are the spec interpreter's, which the spec tests' `assert_malformed` wordings are contained
 * in. Like the spec interpreter, the decoder reads each section's contents from the module as a whole and
 * then checks that the section's size matches what was read: that choice decides which of
 * `unexpected end …`, `length out of bounds` or `section size mismatch` a truncated section reports.
 * @module
 */

import { ATOMIC_FENCE, isAtomicSub } from './atomic-compile.js';
import {
  BinaryReader,
  INTEGER_TOO_LARGE,
} from './binary-reader.js';
import { CompileError } from './errors.js';
import type { SubTypeDecl } from './heap-types.js';
import { IMMEDIATES, Imm, Op, PREFIX_FC, PREFIX_FD } from './opcodes.js';
import { readHeapType, readRefTypeOr, readTypeSection, readValTypeOr } from './type-section.js';

/** The threads proposal's prefix byte (atomic instructions, `atomic-compile.ts`). */
const PREFIX_FE = 0xfe;

import {
  type ConstExpr,
  type CustomSection,
  type DataSegment,
  type DecodedModule,
  type ElemInit,
  type ElemSegment,
  type Export,
  ExternKind,
  type FuncBody,
  type FuncType,
  type Global,
  type GlobalType,
  type Import,
  type ImportDesc,
  type Limits,
  type MemType,
  type RefType,
  SegmentMode,
  type TableType,
  ValType,
} from './types.js';

/** Section ids, as the binary format numbers them. */
export const SectionId = {
  Custom: 0,
  Type: 1,
  Import: 2,
  Function: 3,
  Table: 4,
  Memory: 5,
  Global: 6,
  Export: 7,
  Start: 8,
  Element: 9,
  Code: 10,
  Data: 11,
  DataCount: 12,
  /** Exception handling: tags, between the memory and the global sections. */
  Tag: 13,
} as const;
export type SectionId = (typeof SectionId)[keyof typeof SectionId];

/**
 * Most non-parameter locals one function may declare. The format allows up to 2^32 - 1; the decoder expands
 * the declarations into an array, so it sets an implementation limit (the one engines use) and reports
 * `too many locals` beyond it.
 */
export const MAX_FUNCTION_LOCALS = 50_000;

/** The `\0asm` magic as a little-endian u32. */
const MAGIC = 0x6d736100;
/** The only binary version of WebAssembly 2.0. */
const VERSION = 1;

/**
 * Position of each non-custom section id in the required order (the data count section precedes code, the tag
 * section sits between memory and global).
 */
const SECTION_RANK: readonly number[] = [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 12, 13, 11, 6];


/** A `DecodedModule` under construction. */
interface ModuleBuilder {
  types: FuncType[];
  subTypes: SubTypeDecl[];
  imports: Import[];
  funcs: number[];
  tables: TableType[];
  mems: MemType[];
  globals: Global[];
  exports: Export[];
  start: number | null;
  elems: ElemSegment[];
  dataCount: number | null;
  codes: FuncBody[];
  datas: DataSegment[];
  customs: CustomSection[];
  tags: number[];
  /** Offset of the code section's id byte, or -1 when absent (for the function/code consistency error). */
  codeSectionOffset: number;
  /** Offset of the data section's id byte, or -1 when absent. */
  dataSectionOffset: number;
  /** Whether a function body uses `memory.init` or `data.drop`, which require a data count section. */
  usesDataCount: boolean;
  /** Whether function bodies' instructions are scanned (otherwise only their sizes and locals are read). */
  readonly scanBodies: boolean;
  /** Expanded local declarations by their bytes, shared by the bodies that declare the same. */
  readonly localsCache: Map<string, readonly ValType[]>;
}

/**
 * Decodes a WebAssembly 2.0 module.
 *
 * All offsets in the result are absolute positions in `bytes`, which the result keeps (not copied): the
 * caller must not modify `bytes` afterwards.
 *
 * @param bytes the module's binary encoding
 * @param scanBodies whether to scan the instructions of function bodies (default true). With false, only each
 *   body's size and locals are read: the caller's validator must then reject every malformed body itself, and
 *   on any error decode again with the scan to report what the spec reports first (a malformed body before an
 *   invalid one, before a malformed later section). `compileModule` does this.
 * @returns the decoded, not yet validated, module
 * @throws TypeError if `bytes` is not a `Uint8Array`
 * @throws CompileError if the bytes are malformed; the message contains the spec's wording and ends with
 *   the byte offset
 * @example
 * const m = decodeModule(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
 * m.types.length; // 0
 */
export function decodeModule(bytes: Uint8Array, scanBodies = true): DecodedModule {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('decodeModule: bytes must be a Uint8Array');
  const r = new BinaryReader(bytes);
  readHeader(r);
  const m: ModuleBuilder = {
    types: [], subTypes: [], imports: [], funcs: [], tables: [], mems: [], globals: [], exports: [], start: null,
    elems: [], dataCount: null, codes: [], datas: [], customs: [], tags: [], codeSectionOffset: -1, dataSectionOffset: -1,
    usesDataCount: false, scanBodies, localsCache: new Map(),
  };
  let lastRank = 0;
  while (!r.atEnd) {
    const idOffset = r.pos;
    const id = r.u8();
    if (id > SectionId.Tag) throw new CompileError('malformed section id', idOffset);
    if (id !== SectionId.Custom) {
      const rank = SECTION_RANK[id]!;
      if (rank <= lastRank) throw new CompileError('unexpected content after last section', idOffset);
      lastRank = rank;
    }
    const size = r.length();
    const start = r.pos;
    const end = start + size;
    readSection(r, m, id as SectionId, idOffset, end);
    if (r.pos !== end) throw new CompileError('section size mismatch', start);
  }
  checkCounts(r, m);
  return {
    bytes,
    types: m.types,
    subTypes: m.subTypes,
    imports: m.imports,
    funcs: m.funcs,
    tables: m.tables,
    mems: m.mems,
    globals: m.globals,
    exports: m.exports,
    start: m.start,
    elems: m.elems,
    dataCount: m.dataCount,
    codes: m.codes,
    datas: m.datas,
    customs: m.customs,
    tags: m.tags,
  };
}

/** Reads and checks the magic number and the version. */
function readHeader(r: BinaryReader): void {
  if (r.f32Bits() !== MAGIC) throw new CompileError('magic header not detected', 0);
  if (r.f32Bits() !== VERSION) throw new CompileError('unknown binary version', 4);
}

/** Reads the contents of one section, whose size says it ends at `end`. */
function readSection(r: BinaryReader, m: ModuleBuilder, id: SectionId, idOffset: number, end: number): void {
  switch (id) {
    case SectionId.Custom: return readCustomSection(r, m, end);
    case SectionId.Type: return readTypeSection(r, { types: m.types, decls: m.subTypes });
    case SectionId.Import: return readVec(r, m.imports, readImport);
    case SectionId.Function: return readVec(r, m.funcs, readIdx);
    case SectionId.Table: return readVec(r, m.tables, readTableDef);
    case SectionId.Memory: return readVec(r, m.mems, readMemType);
    case SectionId.Global: return readVec(r, m.globals, readGlobal);
    case SectionId.Export: return readVec(r, m.exports, readExport);
    case SectionId.Start:
      m.start = r.u32();
      return;
    case SectionId.Element: return readVec(r, m.elems, readElemSegment);
    case SectionId.Code:
      m.codeSectionOffset = idOffset;
      return readVec(r, m.codes, (r) => readFuncBody(r, m));
    case SectionId.Data:
      m.dataSectionOffset = idOffset;
      return readVec(r, m.datas, readDataSegment);
    case SectionId.DataCount:
      m.dataCount = r.u32();
      return;
    case SectionId.Tag: return readVec(r, m.tags, readTagType);
  }
}

/** Checks the counts that two sections must agree on. */
function checkCounts(r: BinaryReader, m: ModuleBuilder): void {
  if (m.funcs.length !== m.codes.length) {
    const at = m.codeSectionOffset >= 0 ? m.codeSectionOffset : r.end;
    throw new CompileError('function and code section have inconsistent lengths', at);
  }
  if (m.dataCount !== null && m.dataCount !== m.datas.length) {
    const at = m.dataSectionOffset >= 0 ? m.dataSectionOffset : r.end;
    throw new CompileError('data count and data section have inconsistent lengths', at);
  }
  if (m.usesDataCount && m.dataCount === null) {
    throw new CompileError('data count section required', m.codeSectionOffset);
  }
}

/** Reads a vector: a length, then that many items, appended to `out`. */
function readVec<T>(r: BinaryReader, out: T[], readItem: (r: BinaryReader) => T): void {
  const n = r.length();
  for (let i = 0; i < n; i++) out.push(readItem(r));
}

/** Reads an index (a u32). */
function readIdx(r: BinaryReader): number {
  return r.u32();
}

/** Reads a custom section: its name, then everything up to the section's end as payload. */
function readCustomSection(r: BinaryReader, m: ModuleBuilder, end: number): void {
  const name = r.name();
  if (r.pos > end || end > r.end) r.eof();
  m.customs.push({ name, start: r.pos, end });
  r.pos = end;
}

// ---------------------------------------------------------------------------------------------------------
// Types

/** Reads a value type (typed references included: `type-section.ts`). */
function readValType(r: BinaryReader): ValType {
  return readValTypeOr(r, 'malformed value type');
}

/** Reads a reference type. */
function readRefType(r: BinaryReader): RefType {
  return readRefTypeOr(r, 'malformed reference type');
}

/** Limits flag bits: a maximum follows; shared (memories only); 64-bit address type with u64 bounds. */
const LIMITS_MAX = 1;
const LIMITS_SHARED = 2;
const LIMITS_64 = 4;

/**
 * Reads limits: the flag (a byte of the bits in `allowed`: `LIMITS_MAX`, `LIMITS_SHARED`, `LIMITS_64`; any other
 * is `malformed limits flags`), the minimum and the maximum if flagged, u64 for every address type as 3.0
 * decodes them (validation bounds a 32-bit memory's or table's).
 */
function readLimits(r: BinaryReader, allowed: number): { limits: Limits; flag: number } {
  const flag = r.u8();
  if ((flag & ~allowed) !== 0) throw new CompileError('malformed limits flags', r.pos - 1);
  const min = r.u64Number();
  const max = (flag & LIMITS_MAX) === 0 ? null : r.u64Number();
  return { limits: { min, max }, flag };
}

/** Reads a table type: reference type, limits (flag bit 2: table64). */
function readTableType(r: BinaryReader): TableType {
  const elemType = readRefType(r);
  const { limits, flag } = readLimits(r, LIMITS_MAX | LIMITS_64);
  return (flag & LIMITS_64) !== 0 ? { elemType, limits, address64: true } : { elemType, limits };
}

/**
 * Reads a table of the table section: a table type, or (typed references) `0x40 0x00`, a table type and the
 * constant expression that initialises its elements.
 */
function readTableDef(r: BinaryReader): TableType {
  if (r.peek() !== 0x40) return readTableType(r);
  r.pos++;
  if (r.u8() !== 0x00) throw new CompileError('malformed table', r.pos - 1);
  const t = readTableType(r);
  return { ...t, init: readConstExpr(r) };
}

/**
 * Reads a memory type: limits whose flag may also say shared (threads: `0x03`, a maximum required) and 64-bit
 * (memory64: bit 2). Shared without a maximum (`0x02`, `0x06`) is refused here: as 2.0 has it (`integer too
 * large`, a flag above 1) when no complete minimum follows, else with the threads proposal's validation message.
 */
function readMemType(r: BinaryReader): MemType {
  const peeked = r.peek();
  if (peeked === 2 || peeked === 6) {
    r.pos++;
    const at = r.pos;
    try {
      if (peeked === 6) r.u64Lo();
      else r.u32();
    } catch {
      throw new CompileError(INTEGER_TOO_LARGE, at - 1);
    }
    throw new CompileError('shared memory must have maximum', at - 1);
  }
  const { limits, flag } = readLimits(r, LIMITS_MAX | LIMITS_SHARED | LIMITS_64);
  const shared = (flag & LIMITS_SHARED) !== 0;
  const address64 = (flag & LIMITS_64) !== 0;
  if (!shared) return address64 ? { limits, address64 } : { limits };
  return address64 ? { limits, shared, address64 } : { limits, shared };
}

/** Reads a global type: value type, mutability byte. */
function readGlobalType(r: BinaryReader): GlobalType {
  const valType = readValType(r);
  const mut = r.u8();
  if (mut > 1) throw new CompileError('malformed mutability', r.pos - 1);
  return { valType, mutable: mut === 1 };
}

// ---------------------------------------------------------------------------------------------------------
// Imports, globals, exports

/** Reads an import: module name, item name, description. */
function readImport(r: BinaryReader): Import {
  const module = r.name();
  const name = r.name();
  const desc = readImportDesc(r);
  return { module, name, desc };
}

function readImportDesc(r: BinaryReader): ImportDesc {
  const kind = r.u8();
  switch (kind) {
    case ExternKind.Func: return { kind, typeIdx: r.u32() };
    case ExternKind.Table: return { kind, type: readTableType(r) };
    case ExternKind.Memory: return { kind, type: readMemType(r) };
    case ExternKind.Global: return { kind, type: readGlobalType(r) };
    case ExternKind.Tag: return { kind, typeIdx: readTagType(r) };
    default: throw new CompileError('malformed import kind', r.pos - 1);
  }
}

/** Reads a tag type: the attribute byte (0, an exception), then the type index of its parameters. */
function readTagType(r: BinaryReader): number {
  if (r.u8() !== 0) throw new CompileError('malformed tag attribute', r.pos - 1);
  return r.u32();
}

/** Reads a global: type, then its initialiser. */
function readGlobal(r: BinaryReader): Global {
  const type = readGlobalType(r);
  const init = readConstExpr(r);
  return { type, init };
}

/** Reads an export: name, kind byte, index. */
function readExport(r: BinaryReader): Export {
  const name = r.name();
  const kind = r.u8();
  if (kind > ExternKind.Tag) throw new CompileError('malformed export kind', r.pos - 1);
  const index = r.u32();
  return { name, kind: kind as ExternKind, index };
}

// ---------------------------------------------------------------------------------------------------------
// Element and data segments

/**
 * Reads an element segment in any of its 8 encodings. The flags' bit 0 means passive or declarative, bit 1
 * an explicit table index (active) or declarative (otherwise), bit 2 initialisers as expressions rather than
 * function indices.
 */
function readElemSegment(r: BinaryReader): ElemSegment {
  const flagsOffset = r.pos;
  const flags = r.u32();
  if (flags > 7) throw new CompileError('malformed elements segment kind', flagsOffset);
  const usesExprs = (flags & 4) !== 0;
  const mode = (flags & 1) === 0 ? SegmentMode.Active : (flags & 2) !== 0 ? SegmentMode.Declarative : SegmentMode.Passive;
  const tableIdx = mode === SegmentMode.Active && (flags & 2) !== 0 ? r.u32() : 0;
  const offset = mode === SegmentMode.Active ? readConstExpr(r) : null;
  // Without an explicit type: function indices are `(ref func)` (3.0), expressions `funcref`.
  let type: RefType = usesExprs ? ValType.FuncRef : REF_FUNC;
  if ((flags & 3) !== 0) type = usesExprs ? readRefType(r) : readElemKind(r);
  const init: ElemInit[] = [];
  readVec(r, init, usesExprs ? readElemExpr : readElemFuncIdx);
  return { type, mode, tableIdx, offset, init };
}

/** `(ref func)`: the type of a segment of function indices. */
const REF_FUNC = 0x100 | ValType.FuncRef;

/** Reads an element kind: only `0x00` (function indices, `(ref func)`) exists. */
function readElemKind(r: BinaryReader): RefType {
  if (r.u8() !== 0x00) throw new CompileError('malformed element kind', r.pos - 1);
  return REF_FUNC;
}

function readElemFuncIdx(r: BinaryReader): ElemInit {
  return { funcIdx: r.u32() };
}

function readElemExpr(r: BinaryReader): ElemInit {
  return { expr: readConstExpr(r) };
}

/** Reads a data segment in any of its 3 encodings: active memory 0, passive, active with a memory index. */
function readDataSegment(r: BinaryReader): DataSegment {
  const flagsOffset = r.pos;
  const flags = r.u32();
  if (flags > 2) throw new CompileError('malformed data segment kind', flagsOffset);
  const mode = flags === 1 ? SegmentMode.Passive : SegmentMode.Active;
  const memIdx = flags === 2 ? r.u32() : 0;
  const offset = mode === SegmentMode.Active ? readConstExpr(r) : null;
  const n = r.length();
  const start = r.pos;
  r.skip(n);
  return { mode, memIdx, offset, start, end: start + n };
}

// ---------------------------------------------------------------------------------------------------------
// Code

/**
 * Reads one entry of the code section: its size, its local declarations (expanded), then (when `m.scanBodies`)
 * its instructions, which are scanned (not validated) up to the final `end`, which must be the body's last byte.
 * Notes in `m.usesDataCount` whether the body uses `memory.init` or `data.drop`.
 */
function readFuncBody(r: BinaryReader, m: ModuleBuilder): FuncBody {
  const size = r.length();
  const start = r.pos;
  const end = start + size;
  const locals = readLocals(r, m.localsCache);
  const codeStart = r.pos;
  if (!m.scanBodies) {
    // `length()` allows a size one byte past the end (it counts its own encoding): the compiler must not read there.
    if (end > r.end) r.eof();
    if (codeStart > end) throw new CompileError('section size mismatch', start);
    r.pos = end;
    return { start, end, locals, codeStart };
  }
  if (skipInstructions(r) !== 0) m.usesDataCount = true;
  if (r.pos !== end) throw new CompileError('section size mismatch', start);
  return { start, end, locals, codeStart };
}

/** The expansion of an empty local declaration, shared. */
const NO_LOCALS: readonly ValType[] = [];

/**
 * Reads the local declarations (count, type) and expands them. Bodies with the same declarations (the same
 * bytes) share one expansion from `cache`: big modules repeat a few shapes thousands of times.
 */
function readLocals(r: BinaryReader, cache: Map<string, readonly ValType[]>): readonly ValType[] {
  const declOffset = r.pos;
  const groups = r.length();
  if (groups === 0) return NO_LOCALS;
  const from = r.pos;
  let total = 0;
  for (let i = 0; i < groups; i++) {
    total += r.u32();
    readValType(r);
  }
  if (total > MAX_FUNCTION_LOCALS) throw new CompileError('too many locals', declOffset);
  const bytes = r.buf;
  const to = r.pos;
  let key = '';
  for (let p = from; p < to; p++) key += String.fromCharCode(bytes[p]!);
  const known = cache.get(key);
  if (known !== undefined) return known;
  // The declarations are well-formed (read above): expand them.
  const locals: ValType[] = new Array<ValType>(total);
  r.pos = from;
  let k = 0;
  for (let i = 0; i < groups; i++) {
    const count = r.u32();
    const type = readValType(r);
    for (let n = count; n > 0; n--) locals[k++] = type;
  }
  cache.set(key, locals);
  return locals;
}

// ---------------------------------------------------------------------------------------------------------
// Instruction scanning (function bodies and constant expressions)

/** Marks an opcode byte with no entry in the immediates tables. */
const ILLEGAL = 0xff;

/** Immediate kind of each one-byte opcode, `ILLEGAL` where there is none. */
const OPCODE_IMM: Uint8Array = buildImmTable(0);
/** Immediate kind of each `0xfc`-prefixed opcode by its sub-opcode, `ILLEGAL` where there is none. */
const FC_IMM: Uint8Array = buildImmTable(PREFIX_FC << 8);

function buildImmTable(base: number): Uint8Array {
  const table = new Uint8Array(256).fill(ILLEGAL);
  for (const [code, imm] of IMMEDIATES) {
    if (code >= base && code < base + 256) table[code - base] = imm;
  }
  return table;
}

/** Frame kinds of the nesting scan. */
const FRAME_BLOCK = 0;
const FRAME_IF = 1;
const FRAME_ELSE = 2;

/** Kinds of the open frames during a scan (reused; grown as needed). */
let frames = new Uint8Array(64);

/**
 * Skips a sequence of instructions up to and including the `end` that closes it, the way the spec
 * interpreter decodes it: each opcode must be known and its immediates well-formed, `block`/`loop`/`if`
 * nest, `else` may appear once in an `if`, and the reads may run on past the enclosing section (the caller
 * then checks the size). Types, indices and constness are not looked at.
 * @returns the number of `memory.init` and `data.drop` instructions seen (they need a data count section)
 */
function skipInstructions(r: BinaryReader): number {
  const bytes = r.buf;
  let depth = 0;
  let dataUses = 0;
  for (;;) {
    const opOffset = r.pos;
    if (opOffset >= r.end) r.eof();
    const op = bytes[opOffset]!;
    r.pos = opOffset + 1;
    if (op === Op.End) {
      if (depth === 0) return dataUses;
      depth--;
      continue;
    }
    if (op === Op.Delegate) {
      if (depth === 0) throw new CompileError('END opcode expected', opOffset);
      r.u32();
      depth--;
      continue;
    }
    if (op === Op.Else) {
      if (depth === 0 || frames[depth - 1] !== FRAME_IF) throw new CompileError('END opcode expected', opOffset);
      frames[depth - 1] = FRAME_ELSE;
      continue;
    }
    let imm = OPCODE_IMM[op]!;
    if (imm === ILLEGAL) {
      if (op === PREFIX_FC) {
        const sub = r.u32();
        imm = sub < 256 ? FC_IMM[sub]! : ILLEGAL;
        if (imm === ILLEGAL) throw illegalOpcode(opOffset, op, sub);
        if (sub === (Op.MemoryInit & 0xff) || sub === (Op.DataDrop & 0xff)) dataUses++;
      } else if (op === PREFIX_FD) {
        const sub = r.u32();
        imm = sub < 256 ? FD_IMM[sub]! : sub >= 0x100 && sub <= 0x113 ? Imm.None /* relaxed SIMD */ : ILLEGAL;
        if (imm === ILLEGAL) throw illegalOpcode(opOffset, op, sub);
      } else if (op === 0xfb) {
        // GC: the sub-opcode's immediates are skipped here; `imm` None leaves nothing more to read.
        const sub = r.u32();
        if (!skipGcImmediates(r, sub)) throw new CompileError(`illegal opcode fb ${sub.toString(16)}`, opOffset);
        if (sub === 9 || sub === 18) dataUses++;
        imm = Imm.None;
      } else if (op === PREFIX_FE) {
        // Threads: atomic.fence takes a reserved zero byte, every other atomic instruction a memarg.
        const sub = r.u32();
        if (!isAtomicSub(sub)) throw illegalOpcode(opOffset, op, sub);
        imm = sub === ATOMIC_FENCE ? Imm.MemIdx : Imm.MemArg;
      } else {
        throw illegalOpcode(opOffset, op, 0);
      }
    }
    if (imm === Imm.None) continue;
    if (skipShortImmediates(r, bytes, imm)) continue;
    skipImmediates(r, imm);
    if (imm === Imm.BlockType || imm === Imm.TryTable) {
      if (depth === frames.length) {
        const grown = new Uint8Array(depth * 2);
        grown.set(frames);
        frames = grown;
      }
      frames[depth++] = op === Op.If ? FRAME_IF : FRAME_BLOCK;
    }
  }
}

/** Number of LEB128 immediates of each immediate kind made of LEB128s only (0 for the other kinds). */
const LEB_IMMEDIATES: Uint8Array = (() => {
  const table = new Uint8Array(32);
  for (const imm of [Imm.LabelIdx, Imm.FuncIdx, Imm.LocalIdx, Imm.GlobalIdx, Imm.TableIdx, Imm.DataIdx, Imm.ElemIdx,
    Imm.I32, Imm.I64, Imm.TagIdx, Imm.TypeIdx]) table[imm] = 1;
  for (const imm of [Imm.CallIndirect, Imm.ElemTable, Imm.TableTable]) table[imm] = 2;
  return table;
})();

/**
 * The fast path of `skipImmediates`: skips immediates that are all one-byte LEB128s (most indices and small
 * constants, memargs with small alignment and offset), which are well-formed whatever their kind.
 * @returns false when the slow path must decide
 */
function skipShortImmediates(r: BinaryReader, bytes: Uint8Array, imm: number): boolean {
  const pos = r.pos;
  const n = LEB_IMMEDIATES[imm]!;
  if (n !== 0) {
    if (pos + n > r.end || bytes[pos]! >= 0x80 || (n === 2 && bytes[pos + 1]! >= 0x80)) return false;
    r.pos = pos + n;
    return true;
  }
  if (imm === Imm.MemArg && pos + 2 <= r.end && bytes[pos]! < 32 && bytes[pos + 1]! < 0x80) {
    r.pos = pos + 2;
    return true;
  }
  return false;
}

/**
 * Reads a constant expression up to and including its terminating `end`, checking only that its instructions
 * are well-formed. Whether they are constant and well-typed is for the validator.
 */
function readConstExpr(r: BinaryReader): ConstExpr {
  const start = r.pos;
  // The usual form, `i32.const n end` with n in at most four bytes, is skipped here; any other is scanned.
  const bytes = r.buf;
  if (bytes[start] === Op.I32Const) {
    for (let p = start + 1; p < start + 5 && p + 1 < r.end; p++) {
      if (bytes[p]! < 0x80) {
        if (bytes[p + 1] !== Op.End) break;
        r.pos = p + 2;
        return { start, end: p + 2 };
      }
    }
  }
  skipInstructions(r);
  return { start, end: r.pos };
}

/**
 * The sub-opcodes below 256 that WebAssembly 2.0 leaves unassigned in the `0xfd` (SIMD) space; the other 236
 * are its SIMD instructions.
 */
const SIMD_UNASSIGNED = [
  0x9a, 0xa2, 0xa5, 0xa6, 0xaf, 0xb0, 0xb2, 0xb3, 0xb4, 0xbb, 0xc2, 0xc5, 0xc6, 0xcf, 0xd0, 0xd2, 0xd3, 0xd4,
  0xe2, 0xee,
];

/**
 * Immediate kind of each `0xfd`-prefixed (SIMD) opcode by its sub-opcode, `ILLEGAL` where there is none:
 * loads and stores take a memarg, `v128.const` and `i8x16.shuffle` 16 bytes, lane accesses a lane byte, lane
 * loads and stores both.
 */
const FD_IMM: Uint8Array = buildSimdImmTable();

function buildSimdImmTable(): Uint8Array {
  const table = new Uint8Array(256).fill(Imm.None);
  table.fill(Imm.MemArg, 0x00, 0x0c); // v128.load … v128.store
  table[0x0c] = Imm.V128; // v128.const
  table[0x0d] = Imm.Shuffle; // i8x16.shuffle
  table.fill(Imm.LaneIdx, 0x15, 0x23); // extract_lane / replace_lane
  table.fill(Imm.MemArgLane, 0x54, 0x5c); // v128.load8_lane … v128.store64_lane
  table.fill(Imm.MemArg, 0x5c, 0x5e); // v128.load32_zero, v128.load64_zero
  for (const sub of SIMD_UNASSIGNED) table[sub] = ILLEGAL;
  return table;
}

/** Skips immediates of kind `imm`. */
function skipImmediates(r: BinaryReader, imm: number): void {
  // Literal case labels (named in comments, checked by a test): V8 builds a jump table only from literals.
  switch (imm) {
    case 1: /* Imm.BlockType */
      skipBlockType(r);
      return;
    case 2: /* Imm.LabelIdx */ case 4: /* Imm.FuncIdx */ case 6: /* Imm.LocalIdx */ case 7: /* Imm.GlobalIdx */
    case 8: /* Imm.TableIdx */ case 27: /* Imm.TagIdx */ case 29: /* Imm.TypeIdx */
    case 18: /* Imm.DataIdx */ case 21: /* Imm.ElemIdx */
      r.u32();
      return;
    case 28: /* Imm.TryTable */ {
      skipBlockType(r);
      const n = r.length();
      for (let i = 0; i < n; i++) {
        const kind = r.u8();
        if (kind > 3) throw new CompileError('malformed catch clause', r.pos - 1);
        if (kind <= 1) r.u32();
        r.u32();
      }
      return;
    }
    case 3: /* Imm.BrTable */ {
      const n = r.length();
      for (let i = 0; i <= n; i++) r.u32();
      return;
    }
    case 5: /* Imm.CallIndirect */ case 20: /* Imm.ElemTable */ case 22: /* Imm.TableTable */
      r.u32();
      r.u32();
      return;
    case 9: /* Imm.MemArg */
      skipMemArg(r);
      return;
    case 10: /* Imm.MemIdx */ // a memory index (multi-memory), which the validator checks
      r.u32();
      return;
    case 17: /* Imm.DataIdxMem */
      r.u32();
      r.u32();
      return;
    case 19: /* Imm.MemMem */
      r.u32();
      r.u32();
      return;
    case 11: /* Imm.I32 */
      r.s32();
      return;
    case 12: /* Imm.I64 */
      r.skipS64();
      return;
    case 13: /* Imm.F32 */
      r.skip(4);
      return;
    case 14: /* Imm.F64 */
      r.skip(8);
      return;
    case 15: /* Imm.RefType */
      readRefType(r);
      return;
    case 30: /* Imm.HeapType */
      readHeapType(r);
      return;
    case 16: /* Imm.SelectT */ {
      const n = r.length();
      for (let i = 0; i < n; i++) readValType(r);
      return;
    }
    case 23: /* Imm.V128 */ case 26: /* Imm.Shuffle */
      r.skip(16);
      return;
    case 24: /* Imm.LaneIdx */
      r.u8();
      return;
    case 25: /* Imm.MemArgLane */
      skipMemArg(r);
      r.u8();
      return;
  }
}

/**
 * Skips a block type: `0x40` (empty), a value type, or a non-negative type index as an s33.
 */
function skipBlockType(r: BinaryReader): void {
  const b = r.peek();
  if (b === 0x40) r.pos++;
  else if ((b & 0xc0) === 0x40) readValType(r);
  else r.s33();
}

/**
 * Skips a memarg: its flags (below 128: the alignment exponent, bit 6 saying a memory index follows), the
 * memory index if flagged, and the offset, a u64 as 3.0 decodes it for every memory (validation then refuses an
 * alignment above natural and an offset of a 32-bit memory at or above 2^32).
 */
function skipMemArg(r: BinaryReader): void {
  const flags = r.u32();
  if (flags >= 128) throw new CompileError('malformed memop flags', r.pos - 1);
  if (flags & 0x40) r.u32();
  r.u64Lo();
}

/** Skips the immediates of GC instruction `0xfb sub`; false for an unassigned sub-opcode. */
function skipGcImmediates(r: BinaryReader, sub: number): boolean {
  if (sub >= 26 && sub <= 30) return true;
  if (sub === 15) return true;
  if (sub >= 20 && sub <= 23) {
    readHeapType(r);
    return true;
  }
  if (sub === 24 || sub === 25) {
    r.u8();
    r.u32();
    readHeapType(r);
    readHeapType(r);
    return true;
  }
  if (sub > 19) return false;
  r.u32();
  if ((sub >= 2 && sub <= 5) || sub === 8 || sub === 9 || sub === 10 || sub === 17 || sub === 18 || sub === 19) r.u32();
  return true;
}

function illegalOpcode(offset: number, op: number, sub: number): CompileError {
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  const text = op === PREFIX_FC || op === PREFIX_FD || op === PREFIX_FE ? `${hex(op)} ${hex(sub)}` : hex(op);
  return new CompileError(`illegal opcode ${text}`, offset);
}
