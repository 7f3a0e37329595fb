/**
 * An agent module checked against the node's limits before an enclave is launched for it, by a bounded scan of
 * its section headers rather than a compile on the node's thread: no larger than the node takes, a WebAssembly
 * binary (magic, version, sections that fit), and no memory (defined or imported) declaring more pages than the
 * node's cap. The cost is one pass over the section headers plus the import and memory sections' entries; code is
 * never decoded here. The scan also reads the type section's function types (WebAssembly 3.0 GC types included:
 * recursive groups, sub types, struct and array types), so that every import is checked
 * (`checkAgentImports`) before an enclave is launched. The module is compiled and validated inside its enclave,
 * which also lowers every memory's maximum to the cap (so a `memory.grow` past it fails with -1, as the
 * specification allows a host to do).
 * @module
 */
import type { ScannedFuncType, ScannedImport } from './agent-imports.js';
import { NodeError } from './http-io.js';

/** Memory pages the WebAssembly 1.0/2.0 32-bit address space allows. */
const MAX_PAGES = 65536;

/** Section ids: custom 0 … data count 12, tag 13 (exception handling). */
const MAX_SECTION_ID = 13;
const TYPE_SECTION = 1;
const IMPORT_SECTION = 2;
const MEMORY_SECTION = 5;

/** Names are strict UTF-8: a malformed one is refused, not replaced. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A structural fault in the module's bytes. */
const bad = (why: string): NodeError =>
  new NodeError(422, 'bad-module', `the module is not a WebAssembly binary: ${why}`);

/** A reader over the module's bytes that refuses to run past `end`. */
class Cursor {
  constructor(
    readonly bytes: Uint8Array,
    public pos: number,
    readonly end: number,
  ) {}

  byte(): number {
    if (this.pos >= this.end) throw bad('unexpected end');
    return this.bytes[this.pos++]!;
  }

  /** The next byte, not consumed. */
  peekable(): number {
    if (this.pos >= this.end) throw bad('unexpected end');
    return this.bytes[this.pos]!;
  }

  /** An unsigned LEB128 of at most 32 bits. */
  u32(): number {
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) {
        if (result > 0xffffffff) throw bad('integer too large');
        return result;
      }
    }
    throw bad('integer representation too long');
  }

  /** An unsigned LEB128 of at most 64 bits, as a number (saturating: only compared with the cap). */
  u64(): number {
    let result = 0;
    for (let shift = 0; shift < 70; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
    }
    throw bad('integer representation too long');
  }

  /** A length-prefixed UTF-8 name. */
  name(): string {
    const n = this.u32();
    if (n > this.end - this.pos) throw bad('unexpected end');
    try {
      return UTF8.decode(this.bytes.subarray(this.pos, (this.pos += n)));
    } catch {
      throw bad('malformed UTF-8 name');
    }
  }

  skip(n: number): void {
    if (n > this.end - this.pos) throw bad('unexpected end');
    this.pos += n;
  }
}

/** Reads a memory type's limits and returns its minimum page count (memory64 and shared flags included). */
function memoryMin(c: Cursor): number {
  const flags = c.byte();
  if (flags > 0x07) throw bad('malformed memory limits');
  const wide = (flags & 0x04) !== 0;
  const min = wide ? c.u64() : c.u32();
  if ((flags & 0x01) !== 0) {
    if (wide) c.u64();
    else c.u32();
  }
  return min;
}

/** Skips a value or reference type (one byte, or `ref`/`ref null` with a heap type, as in WebAssembly 3.0). */
function skipValType(c: Cursor): void {
  const b = c.byte();
  if (b !== 0x63 && b !== 0x64) return;
  for (let i = 0; i < 5 && (c.byte() & 0x80) !== 0; i++) if (i === 4) throw bad('integer representation too long');
}

/** Reads a value type's code; a reference type with a heap type reads as its first byte. */
function valTypeCode(c: Cursor): number {
  const b = c.peekable();
  skipValType(c);
  return b;
}

/** Skips a struct or array field: a storage type (a value type, or packed `i8`/`i16`) and its mutability. */
function skipFieldType(c: Cursor): void {
  const b = c.peekable();
  if (b === 0x78 || b === 0x77) c.byte();
  else skipValType(c);
  if (c.byte() > 1) throw bad('malformed mutability');
}

/**
 * Reads one sub type (WebAssembly 3.0: `sub`/`sub final` with its supertypes, or a bare composite type): a
 * function type as codes, `undefined` for a struct or array type (no import can have it).
 */
function readSubType(c: Cursor): ScannedFuncType | undefined {
  let form = c.byte();
  if (form === 0x50 || form === 0x4f) {
    for (let n = c.u32(); n > 0; n--) c.u32();
    form = c.byte();
  }
  switch (form) {
    case 0x60: {
      const params: number[] = [];
      for (let k = c.u32(); k > 0; k--) params.push(valTypeCode(c));
      const results: number[] = [];
      for (let k = c.u32(); k > 0; k--) results.push(valTypeCode(c));
      return { params, results };
    }
    case 0x5f:
      for (let k = c.u32(); k > 0; k--) skipFieldType(c);
      return undefined;
    case 0x5e:
      skipFieldType(c);
      return undefined;
    default:
      throw bad('malformed type');
  }
}

/**
 * Reads the type section by type index: function types as codes, `undefined` for the GC proposal's struct and
 * array types; a recursive group (`rec`) gives each of its types an index. Every entry consumes bytes, so the cost
 * is bounded by the section's size.
 */
function readFuncTypes(c: Cursor): (ScannedFuncType | undefined)[] {
  const types: (ScannedFuncType | undefined)[] = [];
  for (let n = c.u32(); n > 0; n--) {
    if (c.peekable() === 0x4e) {
      c.byte();
      for (let k = c.u32(); k > 0; k--) types.push(readSubType(c));
    } else {
      types.push(readSubType(c));
    }
  }
  return types;
}

/** Skips an import's descriptor other than a memory. */
function skipImportDesc(c: Cursor, kind: number): void {
  switch (kind) {
    case 0x00:
      c.u32();
      return; // function: type index
    case 0x01: {
      // table: reference type, limits
      skipValType(c);
      const f = c.byte();
      if (f > 0x07) throw bad('malformed table limits');
      const wide = (f & 0x04) !== 0;
      if (wide) c.u64();
      else c.u32();
      if ((f & 0x01) !== 0) {
        if (wide) c.u64();
        else c.u32();
      }
      return;
    }
    case 0x03:
      skipValType(c);
      if (c.byte() > 1) throw bad('malformed global mutability');
      return;
    case 0x04:
      c.byte();
      c.u32();
      return; // tag: attribute, type index
    default:
      throw bad('malformed import kind');
  }
}

/**
/** What the admission scan read: the largest minimum page count any memory declares, function types, imports. */
export interface ModuleScan {
  readonly largestMemory: number;
  readonly types: readonly (ScannedFuncType | undefined)[];
  readonly imports: readonly ScannedImport[];
}

/**
 * Checks a module against the node's limits (size, memory pages) by scanning its sections, and returns what
 * `checkAgentImports` needs.
 * @param bytes - the wasm bytes
 * @param limits - `maxModuleBytes`, `maxMemoryPages`
 * @throws NodeError 413 `module-too-large`, 422 `bad-module` (not a WebAssembly binary), 422 `memory-too-large`
 */
export function checkModuleLimits(
  bytes: Uint8Array,
  limits: { readonly maxModuleBytes: number; readonly maxMemoryPages: number },
): ModuleScan {
  if (bytes.length > limits.maxModuleBytes)
    throw new NodeError(413, 'module-too-large', `the module is above ${limits.maxModuleBytes} bytes`);
  if (bytes.length < 8 || bytes[0] !== 0x00 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d)
    throw bad('no magic header');
  if (bytes[4] !== 0x01 || bytes[5] !== 0x00 || bytes[6] !== 0x00 || bytes[7] !== 0x00)
    throw bad('unknown binary version');
  const cap = Math.min(limits.maxMemoryPages, MAX_PAGES);
  let largest = 0;
  const see = (min: number): void => {
    if (min > cap)
      throw new NodeError(422, 'memory-too-large', `the module declares ${min} memory pages; this node allows ${cap}`);
    largest = Math.max(largest, min);
  };
  const top = new Cursor(bytes, 8, bytes.length);
  const seen = new Set<number>();
  let types: (ScannedFuncType | undefined)[] = [];
  const imports: ScannedImport[] = [];
  while (top.pos < top.end) {
    const id = top.byte();
    const size = top.u32();
    if (id > MAX_SECTION_ID) throw bad(`unknown section ${id}`);
    if (size > top.end - top.pos) throw bad('section size mismatch');
    if (id !== 0) {
      if (seen.has(id)) throw bad(`duplicate section ${id}`);
      seen.add(id);
    }
    const c = new Cursor(bytes, top.pos, top.pos + size);
    if (id === TYPE_SECTION) {
      types = readFuncTypes(c);
      if (c.pos !== c.end) throw bad('section size mismatch');
    } else if (id === IMPORT_SECTION) {
      for (let n = c.u32(); n > 0; n--) {
        const module = c.name();
        const name = c.name();
        const kind = c.byte();
        if (kind === 0x00) {
          imports.push({ module, name, kind, typeIdx: c.u32() });
          continue;
        }
        imports.push({ module, name, kind });
        if (kind === 0x02) see(memoryMin(c));
        else skipImportDesc(c, kind);
      }
      if (c.pos !== c.end) throw bad('section size mismatch');
    } else if (id === MEMORY_SECTION) {
      for (let n = c.u32(); n > 0; n--) see(memoryMin(c));
      if (c.pos !== c.end) throw bad('section size mismatch');
    }
    top.skip(size);
  }
  return { largestMemory: largest, types, imports };
}
