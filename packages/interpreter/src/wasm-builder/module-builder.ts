/**
 * Small modules from a plain description: function imports, one memory, mutable i32 globals, functions with
 * locals and raw code bodies, exports and active data segments. Enough for tests that need odd modules
 * (wrong import types, bad pointers, bodies the text format cannot express) and for benchmark programs.
 * @module
 */
import { encodeS32, encodeU32 } from './leb128.js';

/** Value type codes. */
export const T = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, externref: 0x6f, exnref: 0x69 } as const;

/** A function type as value type codes. */
export interface FuncType {
  readonly params: readonly number[];
  readonly results: readonly number[];
}

/** A function import. */
export interface ImportSpec extends FuncType {
  readonly module: string;
  readonly name: string;
  /** A function (default) or a tag (exception handling; `results` must be empty). */
  readonly kind?: 'func' | 'tag';
}

/** A defined function: its type, extra locals (one entry per local), its body without the final `end`. */
export interface FuncSpec extends FuncType {
  readonly locals?: readonly number[];
  readonly body: readonly number[];
  /** The export name, if exported. */
  readonly export?: string;
}

/** What to build. Functions are numbered imports first. */
export interface ModuleSpec {
  readonly imports?: readonly ImportSpec[];
  readonly funcs?: readonly FuncSpec[];
  /** One memory of `min` (up to `max`) pages, exported as `export` (default `memory`; `null`: not exported). */
  readonly memory?: { readonly min: number; readonly max?: number; readonly export?: string | null };
  /** Mutable i32 globals with these initial values. */
  readonly globals?: readonly number[];
  /** Tags (exception handling), after the imported ones: their parameter types and export names. */
  readonly tags?: readonly { readonly params: readonly number[]; readonly export?: string }[];
  /** Active data segments in memory 0 (a string is stored as UTF-8). */
  readonly data?: readonly { readonly offset: number; readonly bytes: Uint8Array | string }[];
}

const MAGIC_VERSION = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

function utf8(s: string): number[] {
  return [...new TextEncoder().encode(s)];
}

function name(s: string): number[] {
  const b = utf8(s);
  return [...encodeU32(b.length), ...b];
}

function vec(items: readonly (readonly number[])[]): number[] {
  return [...encodeU32(items.length), ...items.flat()];
}

/** A section of `items` as a vector; nothing when there are no items. */
function section(id: number, items: readonly (readonly number[])[]): number[] {
  if (items.length === 0) return [];
  const body = vec(items);
  return [id, ...encodeU32(body.length), ...body];
}

/**
 * Builds a module's binary. Equal function types share one type index; empty sections are left out; the
 * exports are the functions' in order, then the memory's.
 * @param spec - what the module contains
 * @returns the binary
 * @example buildModule({ funcs: [{ params: [T.i32], results: [T.i32], body: I.localGet(0), export: 'id' }] })
 */
export function buildModule(spec: ModuleSpec): Uint8Array {
  const imports = spec.imports ?? [];
  const funcs = spec.funcs ?? [];
  const types: number[][] = [];
  const typeIdx = (f: FuncType): number[] => {
    const t = [0x60, ...vec(f.params.map((p) => [p])), ...vec(f.results.map((r) => [r]))];
    let i = types.findIndex((x) => x.join() === t.join());
    if (i < 0) i = types.push(t) - 1;
    return encodeU32(i);
  };
  const importEntries = imports.map((im) =>
    im.kind === 'tag'
      ? [...name(im.module), ...name(im.name), 0x04, 0x00, ...typeIdx(im)]
      : [...name(im.module), ...name(im.name), 0x00, ...typeIdx(im)],
  );
  const funcImports = imports.filter((im) => im.kind !== 'tag').length;
  const tagImports = imports.length - funcImports;
  const tags = (spec.tags ?? []).map((t) => [0x00, ...typeIdx({ params: t.params, results: [] })]);
  const funcEntries = funcs.map((f) => typeIdx(f));
  const mem = spec.memory;
  const memories =
    mem === undefined
      ? []
      : [mem.max === undefined ? [0x00, ...encodeU32(mem.min)] : [0x01, ...encodeU32(mem.min), ...encodeU32(mem.max)]];
  const globals = (spec.globals ?? []).map((g) => [T.i32, 0x01, 0x41, ...encodeS32(g), 0x0b]);
  const exports = funcs.flatMap((f, i) =>
    f.export === undefined ? [] : [[...name(f.export), 0x00, ...encodeU32(funcImports + i)]],
  );
  (spec.tags ?? []).forEach((t, i) => {
    if (t.export !== undefined) exports.push([...name(t.export), 0x04, ...encodeU32(tagImports + i)]);
  });
  if (mem !== undefined && mem.export !== null) exports.push([...name(mem.export ?? 'memory'), 0x02, 0x00]);
  const codes = funcs.map((f) => {
    const body = [...vec((f.locals ?? []).map((t) => [0x01, t])), ...f.body, 0x0b];
    return [...encodeU32(body.length), ...body];
  });
  const data = (spec.data ?? []).map((d) => {
    const bytes = typeof d.bytes === 'string' ? utf8(d.bytes) : [...d.bytes];
    return [0x00, 0x41, ...encodeS32(d.offset), 0x0b, ...encodeU32(bytes.length), ...bytes];
  });
  return new Uint8Array([
    ...MAGIC_VERSION,
    ...section(1, types),
    ...section(2, importEntries),
    ...section(3, funcEntries),
    ...section(5, memories),
    ...section(13, tags),
    ...section(6, globals),
    ...section(7, exports),
    ...section(10, codes),
    ...section(11, data),
  ]);
}
