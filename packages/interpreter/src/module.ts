/**
 * Compilation: decode, validate every module-level rule and every function body. Bodies are translated into
 * internal code lazily, on their function's first call (`ensureCompiled`). The result is a `CompiledModule`
 * that any number of stores can instantiate (its functions' code is filled in as they are first run).
 * @module
 */
import { addressType, MAX_PAGES_64 } from './address-type.js';
import {
  type CompiledFunction,
  FunctionCompiler,
  type LazyBody,
  LazyTranslator,
  maxSlotsOf,
  type ValidationContext,
  validatedFunction,
} from './compile-function.js';
import { type ConstSpec, validateConstExpr } from './const-expr.js';
import { decodeModule } from './decode-module.js';
import { CompileError } from './errors.js';
import { FastValidator } from './fast-validate.js';
import { primeFastValidator } from './fast-validate-prime.js';
import { CompKind, isNullable, valSubtype } from './heap-types.js';
import { MAX_PAGES } from './runtime.js';
import { checkValType, validateTypes } from './type-section.js';
import {
  type DecodedModule,
  ExternKind,
  type GlobalType,
  type Limits,
  type MemType,
  type RefType,
  SegmentMode,
  type TableType,
} from './types.js';

/** An element segment, validated. */
export interface CompiledElem {
  readonly type: RefType;
  readonly mode: SegmentMode;
  readonly tableIdx: number;
  readonly offset: ConstSpec | null;
  readonly init: readonly ConstSpec[];
}

/** A data segment, validated. */
export interface CompiledData {
  readonly mode: SegmentMode;
  readonly offset: ConstSpec | null;
  readonly bytes: Uint8Array;
  /** The memory an active segment initialises (multi-memory). */
  readonly memIdx: number;
}

/** Module size from which `primeFastValidator` pays for itself. */
const PRIME_BYTES = 1 << 20;

/**
 * A data segment as a module keeps it: its bytes are a view of the module's bytes, made when asked for (at
 * instantiation), so a module with a hundred thousand segments does not make as many views up front.
 */
class DataSegmentView implements CompiledData {
  constructor(
    readonly mode: SegmentMode,
    readonly offset: ConstSpec | null,
    readonly memIdx: number,
    private readonly source: Uint8Array,
    private readonly start: number,
    private readonly end: number,
  ) {}

  get bytes(): Uint8Array {
    return this.source.subarray(this.start, this.end);
  }
}

/** A validated, pre-decoded module. */
export interface CompiledModule {
  readonly decoded: DecodedModule;
  /** Type index of every function, imports first. */
  readonly funcTypes: readonly number[];
  /** Interned signature id of every type index. */
  readonly typeIds: readonly number[];
  readonly importedFuncs: number;
  readonly importedTables: number;
  readonly importedMems: number;
  readonly importedGlobals: number;
  readonly tables: readonly TableType[];
  readonly mems: readonly MemType[];
  readonly globals: readonly GlobalType[];
  readonly globalInits: readonly ConstSpec[];
  /** Defined functions, in index order after the imports. */
  readonly funcs: readonly CompiledFunction[];
  readonly elems: readonly CompiledElem[];
  readonly datas: readonly CompiledData[];
  /** Type index of every tag, imports first (exception handling). */
  readonly tagTypes: readonly number[];
  readonly importedTags: number;
  /** Per table: the initialiser of its elements (typed references' table form), or null (null elements). */
  readonly tableInits: readonly (ConstSpec | null)[];
  /** What validating a body needs: the GC's stack maps validate bodies again (`stack-maps.ts`). */
  readonly validation: ValidationContext;
}

function checkLimits(l: Limits, bound: number, what: string, at: number): void {
  if (l.min > bound || (l.max !== null && l.max > bound)) throw new CompileError(what, at);
  if (l.max !== null && l.min > l.max) throw new CompileError('size minimum must not be greater than maximum', at);
}

/** A table's bounds: u32, or u64 for table64 (any value the binary can hold). */
function checkTableLimits(t: TableType): void {
  checkLimits(t.limits, t.address64 === true ? Number.POSITIVE_INFINITY : 0xffffffff, 'table size', 0);
}

/** A memory's bounds in pages: 2^16 (4 GiB), or 2^48 for memory64 (2^64 bytes). */
function checkMemLimits(t: MemType, msg32: string): void {
  if (t.address64 === true) checkLimits(t.limits, MAX_PAGES_64, 'memory size must be at most 2^48 pages', 0);
  else checkLimits(t.limits, MAX_PAGES, msg32, 0);
}

/**
 * Decodes, validates and pre-decodes a module.
 *
 * Function bodies are read once: the decoder frames them (size, locals) and the body compiler checks their
 * instructions' encoding while it validates them. That changes nothing for a valid module; for an invalid one
 * the spec reports the first malformed part before any validation error (the binary is decoded as a whole
 * first), so on any error the module is decoded again with every body scanned, then validated, and the error
 * of that strict order is thrown.
 * @param bytes the module's binary
 * @throws CompileError when the module is malformed or invalid, with the byte offset
 */
export function compileModule(bytes: Uint8Array): CompiledModule {
  return checkModule(bytes, true);
}

/**
 * Decodes and validates a module without pre-decoding its bodies (what `WebAssembly.validate` needs): the same
 * checks and errors as `compileModule`, less work.
 * @param bytes the module's binary
 * @throws CompileError when the module is malformed or invalid, with the byte offset
 */
export function validateModuleBytes(bytes: Uint8Array): void {
  checkModule(bytes, false);
}

/** `compileModule`, or with `emitting` false a validation whose function code must not be run. */
function checkModule(bytes: Uint8Array, emitting: boolean): CompiledModule {
  try {
    return validateModule(bytes, decodeModule(bytes, false), emitting);
  } catch (e) {
    // Only a CompileError takes the strict path below, which throws the error the spec reports first.
    if (!(e instanceof CompileError)) throw e;
  }
  return validateModule(bytes, decodeModule(bytes), emitting);
}

/** Validates a decoded module and, when `emitting`, pre-decodes its bodies. */
/** Threads: a shared memory must declare a maximum. */
function checkShared(t: MemType): void {
  if (t.shared === true && t.limits.max === null) throw new CompileError('shared memory must have maximum', 0);
}

function validateModule(bytes: Uint8Array, m: DecodedModule, emitting: boolean): CompiledModule {
  // Types first: every other part may name them (typed references), compared by canonical id.
  const typeIds = validateTypes(m.subTypes);
  const nTypes = m.types.length;
  const isFuncType = (ti: number): boolean => m.subTypes[ti]?.kind === CompKind.Func;
  const funcTypes: number[] = [];
  const tables: TableType[] = [];
  const mems: MemType[] = [];
  const globals: GlobalType[] = [];
  let importedFuncs = 0;
  let importedTables = 0;
  let importedMems = 0;
  let importedGlobals = 0;
  const tagTypes: number[] = [];
  const checkTag = (ti: number): void => {
    if (ti >= m.types.length) throw new CompileError(`unknown type ${ti}`, 0);
    if (!isFuncType(ti)) throw new CompileError('type mismatch', 0);
    if (m.types[ti]!.results.length !== 0) throw new CompileError('non-empty tag result type', 0);
    tagTypes.push(ti);
  };
  const memLimitMsg = 'memory size must be at most 65536 pages (4GiB)';

  for (const imp of m.imports) {
    const d = imp.desc;
    switch (d.kind) {
      case ExternKind.Func:
        if (d.typeIdx >= m.types.length) throw new CompileError(`unknown type ${d.typeIdx}`, 0);
        if (!isFuncType(d.typeIdx)) throw new CompileError('type mismatch', 0);
        funcTypes.push(d.typeIdx);
        importedFuncs++;
        break;
      case ExternKind.Table:
        checkValType(d.type.elemType, nTypes);
        checkTableLimits(d.type);
        tables.push(d.type);
        importedTables++;
        break;
      case ExternKind.Memory:
        checkMemLimits(d.type, memLimitMsg);
        checkShared(d.type);
        mems.push(d.type);
        importedMems++;
        break;
      case ExternKind.Global:
        checkValType(d.type.valType, nTypes);
        globals.push(d.type);
        importedGlobals++;
        break;
      case ExternKind.Tag:
        checkTag(d.typeIdx);
        break;
    }
  }
  const importedTags = tagTypes.length;
  for (const ti of m.tags) checkTag(ti);
  for (const ti of m.funcs) {
    if (ti >= m.types.length) throw new CompileError(`unknown type ${ti}`, 0);
    if (!isFuncType(ti)) throw new CompileError('type mismatch', 0);
    funcTypes.push(ti);
  }
  for (const t of m.tables) {
    checkValType(t.elemType, nTypes);
    checkTableLimits(t);
    tables.push(t);
  }
  for (const mt of m.mems) {
    checkMemLimits(mt, memLimitMsg);
    checkShared(mt);
    mems.push(mt);
  }

  // Declared function references: everything outside function bodies and the start section.
  const refs = new Set<number>();
  for (const e of m.elems) {
    for (const init of e.init) {
      if ('funcIdx' in init) refs.add(init.funcIdx);
      else scanRefFuncs(bytes, init.expr.start, init.expr.end, refs);
    }
  }
  for (const g of m.globals) scanRefFuncs(bytes, g.init.start, g.init.end, refs);
  for (const t of m.tables) if (t.init !== undefined) scanRefFuncs(bytes, t.init.start, t.init.end, refs);
  for (const ex of m.exports) if (ex.kind === ExternKind.Func) refs.add(ex.index);

  // Globals: an initialiser sees the imported globals and the ones defined before it (3.0).
  const constCtx = { bytes, globals, funcCount: funcTypes.length, funcTypes, typeIds, subTypes: m.subTypes };
  // Table initialisers (typed references) see the imported globals; a table of a non-nullable type needs one.
  const tableInits = m.tables.map((t): ConstSpec | null => {
    if (t.init !== undefined) return validateConstExpr(constCtx, t.init, t.elemType);
    if (!isNullable(t.elemType)) throw new CompileError('type mismatch', 0);
    return null;
  });
  const globalInits: ConstSpec[] = [];
  for (const g of m.globals) {
    checkValType(g.type.valType, nTypes);
    globalInits.push(validateConstExpr(constCtx, g.init, g.type.valType));
    globals.push(g.type);
  }

  // Exports.
  const names = new Set<string>();
  for (const ex of m.exports) {
    if (names.has(ex.name)) throw new CompileError('duplicate export name', 0);
    names.add(ex.name);
    const count =
      ex.kind === ExternKind.Func
        ? funcTypes.length
        : ex.kind === ExternKind.Table
          ? tables.length
          : ex.kind === ExternKind.Memory
            ? mems.length
            : ex.kind === ExternKind.Tag
              ? tagTypes.length
              : globals.length;
    if (ex.index >= count) {
      const what = ['function', 'table', 'memory', 'global', 'tag'][ex.kind]!;
      throw new CompileError(`unknown ${what} ${ex.index}`, 0);
    }
  }

  // Start.
  if (m.start !== null) {
    if (m.start >= funcTypes.length) throw new CompileError(`unknown function ${m.start}`, 0);
    const st = m.types[funcTypes[m.start]!]!;
    if (st.params.length !== 0 || st.results.length !== 0) throw new CompileError('start function', 0);
  }

  // Element segments.
  const elems: CompiledElem[] = m.elems.map((e) => {
    checkValType(e.type, nTypes);
    let offset: ConstSpec | null = null;
    if (e.mode === SegmentMode.Active) {
      const t = tables[e.tableIdx];
      if (t === undefined) throw new CompileError(`unknown table ${e.tableIdx}`, e.offset?.start ?? 0);
      if (!valSubtype(e.type, t.elemType, typeIds)) throw new CompileError('type mismatch', e.offset?.start ?? 0);
      offset = validateConstExpr(constCtx, e.offset!, addressType(t));
    }
    const init = e.init.map((i): ConstSpec => {
      if ('funcIdx' in i) {
        if (i.funcIdx >= funcTypes.length) throw new CompileError(`unknown function ${i.funcIdx}`, 0);
        return { kind: 'func', funcIdx: i.funcIdx };
      }
      return validateConstExpr(constCtx, i.expr, e.type);
    });
    return { type: e.type, mode: e.mode, tableIdx: e.tableIdx, offset, init };
  });

  // Data segments.
  const datas: CompiledData[] = m.datas.map((d) => {
    let offset: ConstSpec | null = null;
    if (d.mode === SegmentMode.Active) {
      if (d.memIdx >= mems.length) throw new CompileError(`unknown memory ${d.memIdx}`, d.offset?.start ?? 0);
      offset = validateConstExpr(constCtx, d.offset!, addressType(mems[d.memIdx]!));
    }
    return new DataSegmentView(d.mode, offset, d.memIdx, bytes, d.start, d.end);
  });

  // Function bodies.
  const vctx: ValidationContext = {
    bytes,
    types: m.types,
    funcTypes,
    tables,
    mems,
    globals,
    elemTypes: m.elems.map((e) => e.type),
    dataCount: m.dataCount,
    refs,
    tagTypes,
    typeIds,
    subTypes: m.subTypes,
  };
  // Every body is validated now (the spec requires it); its internal code is made on its first call
  // (`ensureCompiled`), so a function never called costs only its validation. The fast validator accepts nearly
  // every body; the general one checks (and reports the error of) the rest.
  // A large module: the fast validator is primed first (type feedback for its rare paths), once per realm.
  if (bytes.length >= PRIME_BYTES) primeFastValidator();
  const fast = new FastValidator(vctx);
  let compiler: FunctionCompiler | null = null;
  const translator = emitting ? new LazyTranslator(vctx) : null;
  const codes = m.codes;
  const funcs: CompiledFunction[] = new Array<CompiledFunction>(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const body = codes[i]!;
    const fi = importedFuncs + i;
    const ti = funcTypes[fi]!;
    const lazy: LazyBody | null =
      translator === null ? null : { translator, locals: body.locals, codeStart: body.codeStart, end: body.end };
    if (fast.check(fi, body.locals, body.codeStart, body.end)) {
      const maxSlots = maxSlotsOf(fast.localSlots, fast.maxSlotH);
      funcs[i] = validatedFunction(
        fi,
        ti,
        m.types[ti]!,
        fast.paramSlots,
        fast.localSlots,
        fast.resultSlots,
        maxSlots,
        body.start,
        lazy,
      );
    } else {
      compiler ??= new FunctionCompiler(vctx, false);
      const v = compiler.compile(fi, body.locals, body.start, body.codeStart, body.end);
      funcs[i] = validatedFunction(
        fi,
        ti,
        v.type,
        v.paramSlots,
        v.localSlots,
        v.resultSlots,
        v.maxSlots,
        body.start,
        lazy,
      );
    }
  }

  return {
    decoded: m,
    funcTypes,
    typeIds,
    importedFuncs,
    importedTables,
    importedMems,
    importedGlobals,
    tables,
    mems,
    globals,
    globalInits,
    funcs,
    elems,
    datas,
    tagTypes,
    importedTags,
    tableInits,
    validation: vctx,
  };
}

/**
 * Adds every `ref.func x` of a constant expression to `refs`. Extended constant expressions start with
 * `ref.func` only when it is their one instruction (no operator takes a reference), so the first is enough.
 */
function scanRefFuncs(bytes: Uint8Array, start: number, end: number, refs: Set<number>): void {
  if (bytes[start] !== 0xd2) return;
  let v = 0;
  let shift = 0;
  for (let p = start + 1; p < end && shift < 35; p++, shift += 7) {
    const b = bytes[p]!;
    v += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) break;
  }
  refs.add(v);
}
