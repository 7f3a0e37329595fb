/**
 * A very small WebAssembly binary builder for the agent tests' odd modules (wrong imports, bad pointers,
 * repeated ABI calls): types, function imports, one memory, functions with i32/i64 locals, exports and data.
 * @module
 */

/** Value type codes. */
export const T = { i32: 0x7f, i64: 0x7e } as const;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  let v = n >>> 0;
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

/** Signed LEB128 of an i32. */
export function sleb(n: number): number[] {
  const out: number[] = [];
  let v = n | 0;
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/** Instructions used by the tests. */
export const op = {
  i32: (n: number): number[] => [0x41, ...sleb(n)],
  i64: (n: number): number[] => [0x42, ...sleb(n)],
  get: (i: number): number[] => [0x20, ...uleb(i)],
  set: (i: number): number[] => [0x21, ...uleb(i)],
  call: (f: number): number[] => [0x10, ...uleb(f)],
  drop: [0x1a],
  i32Store: [0x36, 0x02, 0x00],
  i64ExtendU: [0xad],
  i64Or: [0x84],
  i64Shl: [0x86],
};

const bytesOf = (s: string): number[] => [...new TextEncoder().encode(s)];
const name = (s: string): number[] => [...uleb(bytesOf(s).length), ...bytesOf(s)];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

/** A function import. */
export interface ImportDef {
  readonly module: string;
  readonly name: string;
  readonly params: readonly number[];
  readonly results: readonly number[];
}

/** A defined function: its type, extra locals (one entry per local), body without the final `end`. */
export interface FuncDef {
  readonly params: readonly number[];
  readonly results: readonly number[];
  readonly locals?: readonly number[];
  readonly body: readonly number[];
  readonly export?: string;
}

/** What to build. Functions are numbered imports first. */
export interface ModuleDef {
  readonly imports?: readonly ImportDef[];
  readonly funcs: readonly FuncDef[];
  /** Memory pages; exported under `memoryExport` (default "memory"; `null`: not exported). */
  readonly memory?: { readonly min: number; readonly max?: number; readonly export?: string | null };
  readonly data?: readonly { readonly offset: number; readonly bytes: string }[];
}

/** Builds the module's binary. */
export function buildModule(def: ModuleDef): Uint8Array {
  const imports = def.imports ?? [];
  const sigs = [...imports, ...def.funcs].map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec(f.results.map((t) => [t]))]);
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  out.push(...section(1, vec(sigs)));
  if (imports.length > 0) out.push(...section(2, vec(imports.map((im, i) => [...name(im.module), ...name(im.name), 0x00, ...uleb(i)]))));
  out.push(...section(3, vec(def.funcs.map((_, i) => uleb(imports.length + i)))));
  const mem = def.memory;
  if (mem !== undefined) {
    const limits = mem.max === undefined ? [0x00, ...uleb(mem.min)] : [0x01, ...uleb(mem.min), ...uleb(mem.max)];
    out.push(...section(5, vec([limits])));
  }
  const exports: number[][] = [];
  if (mem !== undefined && mem.export !== null) exports.push([...name(mem.export ?? 'memory'), 0x02, 0x00]);
  def.funcs.forEach((f, i) => {
    if (f.export !== undefined) exports.push([...name(f.export), 0x00, ...uleb(imports.length + i)]);
  });
  out.push(...section(7, vec(exports)));
  out.push(...section(10, vec(def.funcs.map((f) => {
    const locals = vec((f.locals ?? []).map((t) => [0x01, t]));
    const body = [...locals, ...f.body, 0x0b];
    return [...uleb(body.length), ...body];
  }))));
  if (def.data !== undefined) {
    out.push(...section(11, vec(def.data.map((d) => [0x00, ...op.i32(d.offset), 0x0b, ...name(d.bytes)]))));
  }
  return Uint8Array.from(out);
}

/** The ABI import list entry for `edgedancer.<name>` with its type. */
export function abiImport(importName: string): ImportDef {
  const two = [T.i32, T.i32];
  const types: Record<string, [number[], number[]]> = {
    migrate: [two, [T.i32]], migrate_weak: [two, [T.i32]], checkpoint: [[], [T.i32]], node_name: [two, [T.i32]], log: [two, []],
  };
  const [params, results] = types[importName]!;
  return { module: 'edgedancer', name: importName, params, results };
}
