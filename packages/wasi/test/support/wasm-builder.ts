/**
 * Hand-assembles tiny modules for tests of linking and running: function imports, functions with bodies given as
 * bytes (no locals), an optional memory, exports.
 * @module
 */

type T = 'i32' | 'i64';
const CODE: Record<T, number> = { i32: 0x7f, i64: 0x7e };

/** A function type. */
export interface Sig {
  readonly params: readonly T[];
  readonly results: readonly T[];
}

/** What to put in the module. */
export interface ModuleSpec {
  readonly imports?: readonly (Sig & { module: string; name: string })[];
  readonly funcs?: readonly (Sig & { body: readonly number[]; export?: string })[];
  readonly memory?: boolean;
}

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function name(s: string): number[] {
  const b = [...new TextEncoder().encode(s)];
  return [...uleb(b.length), ...b];
}

function section(id: number, items: number[][]): number[] {
  const body = [...uleb(items.length), ...items.flat()];
  return [id, ...uleb(body.length), ...body];
}

/** The module's bytes. */
export function moduleBytes(spec: ModuleSpec): Uint8Array {
  const imports = spec.imports ?? [];
  const funcs = spec.funcs ?? [];
  const sigs = [...imports, ...funcs].map((s) => [0x60, ...uleb(s.params.length), ...s.params.map((p) => CODE[p]),
    ...uleb(s.results.length), ...s.results.map((r) => CODE[r])]);
  const out = [0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0];
  out.push(...section(1, sigs));
  if (imports.length > 0) out.push(...section(2, imports.map((im, i) => [...name(im.module), ...name(im.name), 0x00, ...uleb(i)])));
  if (funcs.length > 0) out.push(...section(3, funcs.map((_, i) => uleb(imports.length + i))));
  if (spec.memory) out.push(...section(5, [[0x00, 1]]));
  const exports = funcs.flatMap((f, i) => (f.export === undefined ? [] : [[...name(f.export), 0x00, ...uleb(imports.length + i)]]));
  if (spec.memory) exports.push([...name('memory'), 0x02, 0]);
  if (exports.length > 0) out.push(...section(7, exports));
  if (funcs.length > 0) {
    out.push(...section(10, funcs.map((f) => {
      const body = [0x00, ...f.body, 0x0b];
      return [...uleb(body.length), ...body];
    })));
  }
  return new Uint8Array(out);
}

/** `proc_exit`'s import. */
export const PROC_EXIT = { module: 'wasi_snapshot_preview1', name: 'proc_exit', params: ['i32'], results: [] } as const;
