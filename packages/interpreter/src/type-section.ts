/**
 * The WebAssembly 3.0 type section and reference type encodings: recursion groups (`0x4e`), `sub`/`sub final`
 * (`0x50`/`0x4f`) around function, struct and array types, and value types with typed references (`0x63`/`0x64`
 * and a heap type, or an abstract heap type's one-byte shorthand). Decoding only: `validateTypes` checks what
 * validation defines (indices, supertypes) and computes the canonical ids (`heap-types.ts`).
 * @module
 */

import { type BinaryReader, INTEGER_TOO_LONG } from './binary-reader.js';
import { CompileError } from './errors.js';
import { registerGcTypes } from './gc/gc-types.js';
import {
  CompKind,
  canonicalIds,
  heapOf,
  isAbstractHeapCode,
  isNullable,
  isRefType,
  refType,
  type SubTypeDecl,
  typeIndexOf,
  valSubtype,
} from './heap-types.js';
import type { FuncType } from './types.js';

/** Storage types of struct and array fields (besides value types). */
const I8 = 0x78;
const I16 = 0x77;

/** Whether the byte is a numeric or vector value type. */
function isNumCode(b: number): boolean {
  return b >= 0x7b && b <= 0x7f;
}

/**
 * Reads a heap type (an s33: an abstract type's negative code or a type index).
 * @returns an abstract code or `0x100 + index`
 */
export function readHeapType(r: BinaryReader): number {
  const at = r.pos;
  const v = r.s33();
  if (v >= 0) return 0x100 + v;
  const code = v + 0x80;
  if (v < -0x40 || !isAbstractHeapCode(code)) throw new CompileError('malformed heap type', at);
  return code;
}

/**
 * Reads a reference type whose first byte `b` was read (at `at`): an abstract shorthand, or `0x63`/`0x64` and a
 * heap type. Returns -1 when `b` starts no reference type.
 */
export function readRefTypeAfter(r: BinaryReader, b: number): number {
  if (isAbstractHeapCode(b)) return b;
  if (b === 0x63 || b === 0x64) return refType(b === 0x63, readHeapType(r));
  return -1;
}

/** Reads a value type (numeric, vector or reference), reporting `message` for an unknown code. */
export function readValTypeOr(r: BinaryReader, message: string): number {
  const at = r.pos;
  const b = r.u8();
  if (isNumCode(b)) return b;
  if (b >= 0x80) throw new CompileError(INTEGER_TOO_LONG, r.pos);
  const t = readRefTypeAfter(r, b);
  if (t < 0) throw new CompileError(message, at);
  return t;
}

/** Reads a reference type. */
export function readRefTypeOr(r: BinaryReader, message: string): number {
  const at = r.pos;
  const b = r.u8();
  if (b >= 0x80) throw new CompileError(INTEGER_TOO_LONG, r.pos);
  const t = readRefTypeAfter(r, b);
  if (t < 0) throw new CompileError(message, at);
  return t;
}

function readValTypes(r: BinaryReader): number[] {
  const n = r.length();
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(readValTypeOr(r, 'malformed value type'));
  return out;
}

/** Reads a field type: storage type, mutability; pushed as two entries (mutability, type). */
function readField(r: BinaryReader, out: number[]): void {
  const b = r.peek();
  let t: number;
  if (b === I8 || b === I16) {
    r.pos++;
    t = b;
  } else t = readValTypeOr(r, 'malformed storage type');
  const mut = r.u8();
  if (mut > 1) throw new CompileError('malformed mutability', r.pos - 1);
  out.push(mut, t);
}

/** The decoded type section: each type as a function type (empty for struct/array) and as declared. */
export interface TypeSection {
  readonly types: FuncType[];
  readonly decls: SubTypeDecl[];
}

/** Reads one sub type (after any `rec`), appending it. */
function readSubType(r: BinaryReader, out: TypeSection, groupStart: number, groupSize: number): void {
  let b = r.u8();
  let final = true;
  let superIdx = -1;
  if (b === 0x50 || b === 0x4f) {
    final = b === 0x4f;
    const n = r.length();
    if (n > 1) throw new CompileError('multiple supertypes', r.pos);
    if (n === 1) superIdx = r.u32();
    b = r.u8();
  }
  let kind: number;
  let params: number[];
  let results: number[] = [];
  if (b === 0x60) {
    kind = CompKind.Func;
    params = readValTypes(r);
    results = readValTypes(r);
  } else if (b === 0x5f) {
    kind = CompKind.Struct;
    params = [];
    const n = r.length();
    for (let i = 0; i < n; i++) readField(r, params);
  } else if (b === 0x5e) {
    kind = CompKind.Array;
    params = [];
    readField(r, params);
  } else throw new CompileError(b >= 0x80 ? INTEGER_TOO_LONG : 'malformed function type', r.pos - 1);
  out.types.push(kind === CompKind.Func ? { params, results } : { params: [], results: [] });
  out.decls.push({ kind, final, superIdx, params, results, groupStart, groupSize });
}

/** Reads the type section's contents into `out`. */
export function readTypeSection(r: BinaryReader, out: TypeSection): void {
  const n = r.length();
  for (let i = 0; i < n; i++) {
    if (r.peek() === 0x4e) {
      r.pos++;
      const size = r.length();
      const start = out.decls.length;
      for (let k = 0; k < size; k++) readSubType(r, out, start, size);
    } else readSubType(r, out, out.decls.length, 1);
  }
}

/** Throws `unknown type` unless every type index in value type `t` is below `limit`. */
export function checkValType(t: number, limit: number, at = 0): void {
  if (!isRefType(t)) return;
  const idx = typeIndexOf(heapOf(t));
  if (idx >= limit) throw new CompileError(`unknown type ${idx}`, at);
}

/** Whether storage/value type `a` matches `b` (packed types only themselves). */
function fieldMatch(a: number, b: number, ids: readonly number[]): boolean {
  return a === b || (a !== I8 && a !== I16 && b !== I8 && b !== I16 && valSubtype(a, b, ids));
}

/**
 * Validates the declared types (every index within bounds: earlier groups or the own group; supertypes earlier,
 * not final, of the same kind and matching) and returns their canonical ids.
 * @throws CompileError `unknown type`, `sub type`
 */
export function validateTypes(decls: readonly SubTypeDecl[]): number[] {
  for (let i = 0; i < decls.length; i++) {
    const d = decls[i]!;
    const limit = d.groupStart + d.groupSize;
    for (const t of d.params) checkValType(t, limit);
    for (const t of d.results) checkValType(t, limit);
    if (d.superIdx >= 0 && d.superIdx >= i) throw new CompileError(`unknown type ${d.superIdx}`, 0);
  }
  const ids = canonicalIds(decls);
  for (let i = 0; i < decls.length; i++) {
    const d = decls[i]!;
    if (d.superIdx < 0) continue;
    const s = decls[d.superIdx]!;
    if (s.final || s.kind !== d.kind || !compositeMatches(d, s, ids)) {
      throw new CompileError('sub type does not match super type', 0);
    }
  }
  registerGcTypes(decls, ids);
  return ids;
}

/** Whether the composite type of `d` matches that of its declared supertype `s`. */
function compositeMatches(d: SubTypeDecl, s: SubTypeDecl, ids: readonly number[]): boolean {
  if (d.kind === CompKind.Func) {
    if (d.params.length !== s.params.length || d.results.length !== s.results.length) return false;
    for (let i = 0; i < d.params.length; i++) if (!valSubtype(s.params[i]!, d.params[i]!, ids)) return false;
    for (let i = 0; i < d.results.length; i++) if (!valSubtype(d.results[i]!, s.results[i]!, ids)) return false;
    return true;
  }
  // Struct and array: fields in pairs (mutability, type); a struct may add fields.
  const n = s.params.length;
  if (d.params.length < n || (d.kind === CompKind.Array && d.params.length !== n)) return false;
  for (let i = 0; i < n; i += 2) {
    const mut = s.params[i]!;
    if (d.params[i] !== mut) return false;
    const a = d.params[i + 1]!;
    const b = s.params[i + 1]!;
    if (mut === 1 ? a !== b && !(fieldMatch(a, b, ids) && fieldMatch(b, a, ids)) : !fieldMatch(a, b, ids)) return false;
  }
  return true;
}

/** Whether a value type is defaultable (numeric, vector or nullable reference): locals need no initialisation. */
export function isDefaultable(t: number): boolean {
  return !isRefType(t) || isNullable(t);
}
