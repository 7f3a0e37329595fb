/**
 * A tiny WebAssembly binary builder for tests and the benchmark: enough for function imports, one memory,
 * mutable i32 globals, exported functions with raw code bodies, and active data segments.
 * @module
 */

/** Value type codes. */
export const T = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c } as const;

/** A function signature. */
export interface Sig {
  readonly params: readonly number[];
  readonly results: readonly number[];
}

/** A module description. */
export interface ModuleSpec {
  readonly imports?: readonly { module: string; name: string; sig: Sig }[];
  readonly memory?: { min: number; max?: number };
  readonly globals?: readonly number[];
  readonly funcs: readonly { name?: string; sig: Sig; locals?: readonly number[]; body: readonly number[] }[];
  readonly data?: readonly { offset: number; bytes: Uint8Array }[];
}

/**
 * Unsigned LEB128.
 * @param n - a non-negative integer
 * @returns its encoding
 */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/**
 * Signed LEB128 of a 32-bit integer.
 * @param n - the integer
 * @returns its encoding
 */
export function sleb(n: number): number[] {
  const out: number[] = [];
  n |= 0;
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function str(s: string): number[] {
  const b = [...Buffer.from(s, 'utf8')];
  return [...uleb(b.length), ...b];
}

function vec(items: readonly number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/**
 * Builds a module.
 * @param spec - what it contains
 * @returns the binary
 */
export function buildModule(spec: ModuleSpec): Uint8Array {
  const imports = spec.imports ?? [];
  const sigs: Sig[] = [];
  const sigIndex = (s: Sig): number => {
    const i = sigs.findIndex((x) => x.params.join() === s.params.join() && x.results.join() === s.results.join());
    if (i >= 0) return i;
    sigs.push(s);
    return sigs.length - 1;
  };
  const importEntries = imports.map((im) => [...str(im.module), ...str(im.name), 0x00, ...uleb(sigIndex(im.sig))]);
  const funcEntries = spec.funcs.map((f) => uleb(sigIndex(f.sig)));
  const bytes: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  bytes.push(...section(1, vec(sigs.map((s) => [0x60, ...uleb(s.params.length), ...s.params, ...uleb(s.results.length), ...s.results]))));
  if (importEntries.length > 0) bytes.push(...section(2, vec(importEntries)));
  bytes.push(...section(3, vec(funcEntries)));
  if (spec.memory !== undefined) {
    const m = spec.memory;
    bytes.push(...section(5, vec([m.max === undefined ? [0x00, ...uleb(m.min)] : [0x01, ...uleb(m.min), ...uleb(m.max)]])));
  }
  if (spec.globals !== undefined && spec.globals.length > 0) {
    bytes.push(...section(6, vec(spec.globals.map((g) => [T.i32, 0x01, 0x41, ...sleb(g), 0x0b]))));
  }
  const exports: number[][] = [];
  spec.funcs.forEach((f, i) => {
    if (f.name !== undefined) exports.push([...str(f.name), 0x00, ...uleb(imports.length + i)]);
  });
  if (spec.memory !== undefined) exports.push([...str('memory'), 0x02, 0x00]);
  bytes.push(...section(7, vec(exports)));
  const codes = spec.funcs.map((f) => {
    const locals = f.locals ?? [];
    const localDecl = locals.length === 0 ? [0x00] : vec(locals.map((t) => [0x01, t]));
    const body = [...localDecl, ...f.body, 0x0b];
    return [...uleb(body.length), ...body];
  });
  bytes.push(...section(10, vec(codes)));
  if (spec.data !== undefined && spec.data.length > 0) {
    bytes.push(...section(11, vec(spec.data.map((d) => [0x00, 0x41, ...sleb(d.offset), 0x0b, ...uleb(d.bytes.length), ...d.bytes]))));
  }
  return new Uint8Array(bytes);
}

/** Instruction helpers (opcodes with their immediates). */
export const I = {
  localGet: (i: number) => [0x20, ...uleb(i)],
  localSet: (i: number) => [0x21, ...uleb(i)],
  localTee: (i: number) => [0x22, ...uleb(i)],
  globalGet: (i: number) => [0x23, ...uleb(i)],
  globalSet: (i: number) => [0x24, ...uleb(i)],
  i32Const: (n: number) => [0x41, ...sleb(n)],
  call: (f: number) => [0x10, ...uleb(f)],
  i32Load: (offset = 0) => [0x28, 0x02, ...uleb(offset)],
  i32Store: (offset = 0) => [0x36, 0x02, ...uleb(offset)],
  i32Load8U: (offset = 0) => [0x2d, 0x00, ...uleb(offset)],
  i32Store8: (offset = 0) => [0x3a, 0x00, ...uleb(offset)],
  loop: [0x03, 0x40],
  block: [0x02, 0x40],
  end: [0x0b],
  brIf: (d: number) => [0x0d, ...uleb(d)],
  br: (d: number) => [0x0c, ...uleb(d)],
  drop: [0x1a],
  unreachable: [0x00],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Mul: [0x6c],
  i32Xor: [0x73],
  i32Shl: [0x74],
  i32ShrU: [0x76],
  i32Eqz: [0x45],
  i32LtU: [0x49],
  i32GeU: [0x4f],
  memoryGrow: [0x40, 0x00],
  memorySize: [0x3f, 0x00],
} as const;
