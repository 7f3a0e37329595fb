/**
 * Reference types of WebAssembly 3.0 (typed function references; the GC heap types decoded and ordered, not yet
 * run): their encoding as value type codes, their subtyping and the canonical (iso-recursive) type ids that make
 * type indices of different modules comparable.
 *
 * A value type is one number, so the validator's stacks and the runtime's type tables stay integer arrays:
 * - numeric and vector types: their binary codes (`0x7f` i32 … `0x7b` v128);
 * - `(ref null ht)` with an abstract heap type: the heap type's one-byte code (`0x70` funcref, `0x6f` externref,
 *   `0x69` exnref, `0x6e` anyref, …), the binary shorthand, so the 2.0 codes keep their meaning;
 * - `(ref ht)` with an abstract heap type: `0x100 | code` (`0x100` alone is `(ref bot)`, the validator's bottom);
 * - `(ref null? $t)` with a concrete heap type: `0x200 + 2 * t + (nullable ? 1 : 0)`.
 *
 * A heap type is a number too: an abstract code (below `0x100`) or `0x100 + t` for type index `t`. Type indices are
 * a module's own while it is validated; the store holds types whose indices are *canonical ids* (`canonicalIds`),
 * equal for iso-recursively equal types of any module of this realm.
 * @module
 */

/** Abstract heap type codes, as the binary format spells them (one byte, the negative s33 they are). */
export const HeapCode = {
  Exn: 0x69,
  Array: 0x6a,
  Struct: 0x6b,
  I31: 0x6c,
  Eq: 0x6d,
  Any: 0x6e,
  Extern: 0x6f,
  Func: 0x70,
  None: 0x71,
  NoExtern: 0x72,
  NoFunc: 0x73,
  NoExn: 0x74,
  /** The validator's bottom heap type (no encoding): `(ref bot)` matches every reference type. */
  Bot: 0,
} as const;

/** Composite type kinds of a defined type. */
export const CompKind = { Func: 0, Struct: 1, Array: 2 } as const;

/** The first value type code of a concrete reference type. */
const CONCRETE = 0x200;
/** The non-nullable flag of an abstract reference type. */
const NON_NULL = 0x100;

/** Whether the byte is an abstract heap type code. */
export function isAbstractHeapCode(b: number): boolean {
  return b >= HeapCode.Exn && b <= HeapCode.NoExn;
}

/** Whether the value type code is a reference type. */
export function isRefType(t: number): boolean {
  return t >= NON_NULL || (t >= HeapCode.Exn && t <= HeapCode.NoExn);
}

/** Whether the reference type admits null. */
export function isNullable(t: number): boolean {
  return t < NON_NULL || (t >= CONCRETE && (t & 1) === 1);
}

/** The heap type of a reference type: an abstract code or `0x100 + type index`. */
export function heapOf(t: number): number {
  if (t < NON_NULL) return t;
  if (t < CONCRETE) return t & 0xff;
  return 0x100 + ((t - CONCRETE) >>> 1);
}

/** The reference type `(ref null? ht)`. */
export function refType(nullable: boolean, ht: number): number {
  if (ht < 0x100) return nullable && ht !== HeapCode.Bot ? ht : NON_NULL | ht;
  return CONCRETE + (ht - 0x100) * 2 + (nullable ? 1 : 0);
}

/** The type index of a concrete heap type, or -1 for an abstract one. */
export function typeIndexOf(ht: number): number {
  return ht >= 0x100 ? ht - 0x100 : -1;
}

/** The same reference type without null. */
export function asNonNull(t: number): number {
  return refType(false, heapOf(t));
}

/**
 * Maps the type indices in a value type through `ids` (a module's canonical ids), leaving other types as they are.
 */
export function canonicalValType(t: number, ids: readonly number[]): number {
  if (t < CONCRETE) return t;
  const ht = heapOf(t);
  return refType(isNullable(t), 0x100 + ids[ht - 0x100]!);
}

// ---------------------------------------------------------------------------------------------------------
// Canonical types (realm-wide)

/** Canonical ids by key. Bounded by the distinct type groups the realm has compiled. */
const canonicalByKey = new Map<string, number>();
/** Per canonical id: the declared supertype's id (-1 for none), the composite kind. */
const canonicalSuper: number[] = [];
const canonicalKind: number[] = [];

function intern(key: string, kind: number): number {
  let id = canonicalByKey.get(key);
  if (id === undefined) {
    id = canonicalSuper.length;
    canonicalByKey.set(key, id);
    canonicalSuper.push(-1);
    canonicalKind.push(kind);
  }
  return id;
}

/** A defined type as the type section declares it (indices are the module's). */
export interface SubTypeDecl {
  readonly kind: number;
  /** Whether it is `final` (no subtypes may declare it). */
  readonly final: boolean;
  /** The declared supertype's index, or -1. */
  readonly superIdx: number;
  /** Function types: parameter types then result types; struct/array: field storage types (`mut << 31 | type`). */
  readonly params: readonly number[];
  readonly results: readonly number[];
  /** Index of the first type of its recursion group, and the group's length. */
  readonly groupStart: number;
  readonly groupSize: number;
}

/** The key of a value type inside a group key: references into the group are relative, others canonical. */
function typeKey(t: number, groupStart: number, ids: readonly number[]): string {
  if (t < CONCRETE) return `${t}`;
  const idx = (t - CONCRETE) >>> 1;
  const n = (t & 1) === 1 ? 'n' : 'r';
  return idx >= groupStart ? `${n}g${idx - groupStart}` : `${n}c${ids[idx]}`;
}

/** The key of a single final function type without supertype: the one host functions are interned under. */
function plainFuncKey(params: readonly number[], results: readonly number[], key: (t: number) => string): string {
  return `${params.map(key).join(',')}>${results.map(key).join(',')}`;
}

/**
 * The canonical id of each type of a module, in order. Two types get the same id when they are the same
 * position in iso-recursively equal recursion groups (their members equal, with references inside the group
 * compared by relative position and references outside by canonical id). The caller has validated the
 * declarations (every index refers to an earlier group or into its own group).
 */
export function canonicalIds(decls: readonly SubTypeDecl[]): number[] {
  const ids: number[] = [];
  for (let g = 0; g < decls.length; ) {
    const first = decls[g]!;
    const size = first.groupSize;
    const key = (t: number): string => typeKey(t, g, ids);
    const members: string[] = [];
    for (let i = g; i < g + size; i++) {
      const d = decls[i]!;
      const sup = d.superIdx < 0 ? '' : d.superIdx >= g ? `g${d.superIdx - g}` : `c${ids[d.superIdx]}`;
      const body = d.kind === CompKind.Func ? plainFuncKey(d.params, d.results, key) : d.params.map(key).join(',');
      members.push(`${d.final ? 'f' : 'o'}${sup}:${d.kind}:${body}`);
    }
    if (size === 1 && first.final && first.superIdx < 0 && first.kind === CompKind.Func) {
      ids.push(intern(plainFuncKey(first.params, first.results, key), CompKind.Func));
    } else {
      const groupKey = `rec(${members.join(';')})`;
      for (let i = 0; i < size; i++) ids.push(intern(`${groupKey}#${i}`, decls[g + i]!.kind));
    }
    for (let i = g; i < g + size; i++) {
      const s = decls[i]!.superIdx;
      canonicalSuper[ids[i]!] = s < 0 ? -1 : ids[s]!;
    }
    g += size;
  }
  return ids;
}

/**
 * The canonical id of a function type whose value types are already canonical (a host function's): the id of the
 * type a module declares as a lone final `(func …)` with the same parameters and results.
 */
export function canonicalFuncId(params: readonly number[], results: readonly number[]): number {
  const key = (t: number): string => (t < CONCRETE ? `${t}` : `${(t & 1) === 1 ? 'n' : 'r'}c${(t - CONCRETE) >>> 1}`);
  return intern(plainFuncKey(params, results, key), CompKind.Func);
}

/** Whether canonical type `a` is `b` or declares it, directly or through its supertypes. */
export function isCanonicalSubtype(a: number, b: number): boolean {
  for (let t = a, n = 0; t >= 0 && n <= canonicalSuper.length; t = canonicalSuper[t]!, n++) if (t === b) return true;
  return false;
}

/** The composite kind of a canonical type. */
export function canonicalKindOf(id: number): number {
  return canonicalKind[id] ?? CompKind.Func;
}

// ---------------------------------------------------------------------------------------------------------
// Subtyping

/** The abstract heap type at the top of an abstract heap type's hierarchy. */
export function topOf(code: number): number {
  switch (code) {
    case HeapCode.Func:
    case HeapCode.NoFunc:
      return HeapCode.Func;
    case HeapCode.Extern:
    case HeapCode.NoExtern:
      return HeapCode.Extern;
    case HeapCode.Exn:
    case HeapCode.NoExn:
      return HeapCode.Exn;
    default:
      return HeapCode.Any;
  }
}

/** Whether abstract `a` is a subtype of abstract `b` (both codes, `Bot` excluded). */
function abstractSub(a: number, b: number): boolean {
  if (a === b) return true;
  if (topOf(a) !== topOf(b)) return false;
  if (a === HeapCode.None || a === HeapCode.NoFunc || a === HeapCode.NoExtern || a === HeapCode.NoExn) return true;
  if (b === HeapCode.Any) return true;
  if (b === HeapCode.Eq) return a === HeapCode.I31 || a === HeapCode.Struct || a === HeapCode.Array;
  return false;
}

/** The abstract heap type a defined type of this kind is directly below. */
function kindHeap(kind: number): number {
  return kind === CompKind.Func ? HeapCode.Func : kind === CompKind.Struct ? HeapCode.Struct : HeapCode.Array;
}

/**
 * Whether heap type `a` matches heap type `b`. Type indices are mapped through `ids` (a module's canonical ids),
 * or are canonical ids already when `ids` is null.
 */
export function heapSubtype(a: number, b: number, ids: readonly number[] | null): boolean {
  if (a === b || a === HeapCode.Bot) return true;
  const ca = a >= 0x100 ? (ids === null ? a - 0x100 : ids[a - 0x100]!) : -1;
  const cb = b >= 0x100 ? (ids === null ? b - 0x100 : ids[b - 0x100]!) : -1;
  if (ca >= 0 && cb >= 0) return isCanonicalSubtype(ca, cb);
  if (ca >= 0) return abstractSub(kindHeap(canonicalKindOf(ca)), b);
  if (cb >= 0) {
    const bottom = canonicalKindOf(cb) === CompKind.Func ? HeapCode.NoFunc : HeapCode.None;
    return a === bottom;
  }
  return b !== HeapCode.Bot && abstractSub(a, b);
}

/**
 * Whether value type `a` matches value type `b` (`0`, the validator's unknown type, matches everything).
 * Type indices as in `heapSubtype`.
 */
export function valSubtype(a: number, b: number, ids: readonly number[] | null): boolean {
  if (a === b || a === 0) return true;
  if (!isRefType(a) || !isRefType(b)) return false;
  if (isNullable(a) && !isNullable(b)) return false;
  return heapSubtype(heapOf(a), heapOf(b), ids);
}

/**
 * The top nullable abstract reference type of a reference type's hierarchy: `funcref` for function references
 * (or a concrete type of the function hierarchy), `externref`, `exnref`, or `anyref`. What the host API and the
 * snapshot format (one byte per type) see of a reference type.
 */
export function refTop(t: number): number {
  const ht = heapOf(t);
  if (ht >= 0x100) return canonicalKindOf(ht - 0x100) === CompKind.Func ? HeapCode.Func : HeapCode.Any;
  return ht === HeapCode.Bot ? HeapCode.Func : topOf(ht);
}

/** The text-format spelling of a value type, for messages. */
export function refTypeName(t: number): string {
  const ht = heapOf(t);
  const n = isNullable(t) ? 'null ' : '';
  if (ht >= 0x100) return `(ref ${n}${ht - 0x100})`;
  const names: Record<number, string> = {
    105: 'exn',
    106: 'array',
    107: 'struct',
    108: 'i31',
    109: 'eq',
    110: 'any',
    111: 'extern',
    112: 'func',
    113: 'none',
    114: 'noextern',
    115: 'nofunc',
    116: 'noexn',
    0: 'bot',
  };
  return `(ref ${n}${names[ht] ?? '?'})`;
}
