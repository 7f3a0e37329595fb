/**
 * Just enough of the wasm binary format to give a module a nullary entry
 * point: command-line interpreters such as wabt's `wasm-interp` 1.0.32 can
 * only call exports without arguments, so `withNullaryEntry` appends a
 * function `main()` that calls `run(n)` with a constant n and makes it the
 * only export. Indices of existing functions do not change.
 * @module
 */
import { encodeS32, encodeU32 } from '@edgedancer/interpreter/wasm-builder';

const SECTION_TYPE = 1;
const SECTION_IMPORT = 2;
const SECTION_FUNCTION = 3;
const SECTION_EXPORT = 7;
const SECTION_CODE = 10;
const FUNC_TYPE_FORM = 0x60;
const EXTERN_FUNC = 0x00;
const OP_I32_CONST = 0x41;
const OP_CALL = 0x10;
const OP_END = 0x0b;

/** One section of a module, its payload borrowed from the input. */
interface Section {
  readonly id: number;
  readonly payload: Uint8Array;
}

/** A cursor over bytes with LEB128 readers. */
class Reader {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}
  byte(): number {
    if (this.pos >= this.bytes.length) throw new RangeError('wasm-binary: unexpected end of input');
    return this.bytes[this.pos++]!;
  }
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
      shift += 7;
      if (shift > 28) throw new RangeError('wasm-binary: LEB128 too long');
    }
  }
  skip(count: number): void {
    this.pos += count;
    if (this.pos > this.bytes.length) throw new RangeError('wasm-binary: unexpected end of input');
  }
  name(): string {
    const length = this.u32();
    const start = this.pos;
    this.skip(length);
    return new TextDecoder().decode(this.bytes.subarray(start, this.pos));
  }
  rest(): Uint8Array {
    return this.bytes.subarray(this.pos);
  }
}

function readSections(bytes: Uint8Array): Section[] {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    throw new TypeError('wasm-binary: not a wasm module');
  }
  const r = new Reader(bytes);
  r.skip(8);
  const sections: Section[] = [];
  while (r.pos < bytes.length) {
    const id = r.byte();
    const size = r.u32();
    const start = r.pos;
    r.skip(size);
    sections.push({ id, payload: bytes.subarray(start, start + size) });
  }
  return sections;
}

function skipLimits(r: Reader): void {
  const flags = r.byte();
  r.u32();
  if (flags & 1) r.u32();
}

/** Counts function imports (they come first in the function index space). */
function countFuncImports(payload: Uint8Array): number {
  const r = new Reader(payload);
  let funcs = 0;
  for (let n = r.u32(); n > 0; n--) {
    r.name();
    r.name();
    const kind = r.byte();
    if (kind === EXTERN_FUNC) {
      r.u32();
      funcs++;
    } else if (kind === 0x01) {
      r.byte();
      skipLimits(r);
    } else if (kind === 0x02) {
      skipLimits(r);
    } else if (kind === 0x03) {
      r.byte();
      r.byte();
    } else {
      throw new TypeError(`wasm-binary: unsupported import kind ${kind}`);
    }
  }
  return funcs;
}

/** Reads the type section as [params, results] byte lists. */
function readFuncTypes(payload: Uint8Array): { params: number[]; results: number[] }[] {
  const r = new Reader(payload);
  const types: { params: number[]; results: number[] }[] = [];
  for (let n = r.u32(); n > 0; n--) {
    if (r.byte() !== FUNC_TYPE_FORM) throw new TypeError('wasm-binary: unsupported type form');
    const params: number[] = [];
    for (let k = r.u32(); k > 0; k--) params.push(r.byte());
    const results: number[] = [];
    for (let k = r.u32(); k > 0; k--) results.push(r.byte());
    types.push({ params, results });
  }
  return types;
}

function readU32Vector(payload: Uint8Array): number[] {
  const r = new Reader(payload);
  const out: number[] = [];
  for (let n = r.u32(); n > 0; n--) out.push(r.u32());
  return out;
}

function findExportedFunc(payload: Uint8Array, name: string): number | undefined {
  const r = new Reader(payload);
  for (let n = r.u32(); n > 0; n--) {
    const exportName = r.name();
    const kind = r.byte();
    const index = r.u32();
    if (exportName === name && kind === EXTERN_FUNC) return index;
  }
  return undefined;
}

/** Concatenates byte chunks. */
function concat(chunks: readonly (Uint8Array | readonly number[])[]): Uint8Array {
  let length = 0;
  for (const c of chunks) length += c.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** A vector section with one more entry appended. */
function appendToVector(payload: Uint8Array, entry: readonly number[]): Uint8Array {
  const r = new Reader(payload);
  const count = r.u32();
  return concat([encodeU32(count + 1), r.rest(), entry]);
}

/**
 * Returns a copy of a module with an added export `main()` that returns
 * `run(arg)`; `main` becomes the module's only export.
 * @param bytes a valid module exporting `run: [i32] -> [t]`
 * @param arg the constant argument for `run`
 * @param runName the name of the export to call (default `run`)
 * @returns the new module bytes
 * @throws {TypeError} if the module lacks the export or it has another type
 * @example withNullaryEntry(bytes, 1000) // then: wasm-interp out.wasm --run-all-exports
 */
export function withNullaryEntry(bytes: Uint8Array, arg: number, runName = 'run'): Uint8Array {
  const sections = readSections(bytes);
  const payloadOf = (id: number): Uint8Array | undefined => sections.find((s) => s.id === id)?.payload;
  const typePayload = payloadOf(SECTION_TYPE);
  const funcPayload = payloadOf(SECTION_FUNCTION);
  const exportPayload = payloadOf(SECTION_EXPORT);
  if (!typePayload || !funcPayload || !exportPayload || !payloadOf(SECTION_CODE)) {
    throw new TypeError('wasm-binary: module needs type, function, export and code sections');
  }
  const importPayload = payloadOf(SECTION_IMPORT);
  const importedFuncs = importPayload ? countFuncImports(importPayload) : 0;
  const types = readFuncTypes(typePayload);
  const funcTypes = readU32Vector(funcPayload);
  const runIdx = findExportedFunc(exportPayload, runName);
  if (runIdx === undefined || runIdx < importedFuncs)
    throw new TypeError(`wasm-binary: no defined function exported as '${runName}'`);
  const runType = types[funcTypes[runIdx - importedFuncs]!];
  if (
    runType === undefined ||
    runType.params.length !== 1 ||
    runType.params[0] !== 0x7f ||
    runType.results.length !== 1
  ) {
    throw new TypeError(`wasm-binary: '${runName}' must have type [i32] -> [t]`);
  }
  const mainTypeIdx = types.length;
  const mainFuncIdx = importedFuncs + funcTypes.length;
  const body = [0, OP_I32_CONST, ...encodeS32(arg), OP_CALL, ...encodeU32(runIdx), OP_END];
  const name = [...new TextEncoder().encode('main')];
  const out: (Uint8Array | number[])[] = [bytes.subarray(0, 8)];
  for (const s of sections) {
    let payload = s.payload;
    if (s.id === SECTION_TYPE) payload = appendToVector(payload, [FUNC_TYPE_FORM, 0, 1, runType.results[0]!]);
    else if (s.id === SECTION_FUNCTION) payload = appendToVector(payload, encodeU32(mainTypeIdx));
    else if (s.id === SECTION_EXPORT)
      payload = Uint8Array.from([1, name.length, ...name, EXTERN_FUNC, ...encodeU32(mainFuncIdx)]);
    else if (s.id === SECTION_CODE) payload = appendToVector(payload, [...encodeU32(body.length), ...body]);
    out.push([s.id, ...encodeU32(payload.length)], payload);
  }
  return concat(out);
}
