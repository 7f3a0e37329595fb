/**
 * Fixed-size binary layouts, declared as field tables: every structure of the simulation (certificate,
 * SIGSTRUCT-like manifest, REPORT, TARGETINFO, QUOTE header, sealed-blob and sealed-page headers) is one table,
 * so the encoder, the decoder and `docs/enclave-model.md` all read the same offsets. Integers are little-endian,
 * as in SGX. Decoding checks the size, the magic, the version and that reserved bytes are zero.
 * @module
 */
import { EnclaveError } from './errors.js';

/** Kinds of field: little-endian integers, raw bytes, a constant magic, or reserved (must be zero). */
export type FieldKind = 'u16' | 'u32' | 'u64' | 'bytes' | 'magic' | 'reserved';

/** One field as declared. */
export interface FieldDecl {
  readonly name: string;
  readonly kind: FieldKind;
  /** Size in bytes (`u16` 2, `u32` 4, `u64` 8). */
  readonly size: number;
  /** For `magic`: the constant bytes. For `u16` named `version`: the only accepted value. */
  readonly constant?: Uint8Array | number;
  /** One line for the documentation. */
  readonly doc: string;
}

/** A field with its offset. */
export interface Field extends FieldDecl {
  readonly offset: number;
}

/** Values of a decoded structure: integers as numbers (`u64` as bigint) and byte fields as copies. */
export type StructValues = Record<string, number | bigint | Uint8Array>;

/** A fixed-size layout. */
export interface Layout {
  readonly name: string;
  readonly size: number;
  readonly fields: readonly Field[];
  /** The field named `name`. */
  field(name: string): Field;
}

/**
 * Declares a layout; offsets follow from the order of the fields.
 * @param name - the structure's name (for messages and docs)
 * @param decls - the fields in order
 * @returns the layout
 */
export function defineLayout(name: string, decls: readonly FieldDecl[]): Layout {
  const fields: Field[] = [];
  let offset = 0;
  for (const d of decls) {
    const natural = d.kind === 'u16' ? 2 : d.kind === 'u32' ? 4 : d.kind === 'u64' ? 8 : d.size;
    if (natural !== d.size)
      throw new Error(`layout ${name}: field ${d.name} has size ${d.size}, kind needs ${natural}`);
    if (d.kind === 'magic' && !(d.constant instanceof Uint8Array && d.constant.length === d.size)) {
      throw new Error(`layout ${name}: magic ${d.name} needs ${d.size} constant bytes`);
    }
    fields.push({ ...d, offset });
    offset += d.size;
  }
  const byName = new Map(fields.map((f) => [f.name, f]));
  return {
    name,
    size: offset,
    fields,
    field(n: string): Field {
      const f = byName.get(n);
      if (f === undefined) throw new Error(`layout ${name} has no field ${n}`);
      return f;
    },
  };
}

/**
 * Shorthand for a field declaration.
 * @param name - field name
 * @param kind - field kind
 * @param size - size in bytes
 * @param doc - one line for the docs
 * @param constant - magic bytes or the required version
 * @returns the declaration
 */
export function f(name: string, kind: FieldKind, size: number, doc: string, constant?: Uint8Array | number): FieldDecl {
  return constant === undefined ? { name, kind, size, doc } : { name, kind, size, doc, constant };
}

/**
 * ASCII bytes of `text`, for magic values.
 * @param text - ASCII text
 * @returns its bytes
 */
export function ascii(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

/**
 * Encodes `values` into a fresh buffer of `layout.size` bytes. Magic and version come from the layout;
 * reserved fields are zero. Missing integer fields are zero; byte fields must have exactly their size.
 * @param layout - the layout
 * @param values - field values by name
 * @returns the encoded bytes
 * @throws RangeError when a value does not fit its field
 */
export function encodeStruct(layout: Layout, values: StructValues): Uint8Array {
  const out = new Uint8Array(layout.size);
  const view = new DataView(out.buffer);
  for (const fd of layout.fields) {
    const v = values[fd.name];
    switch (fd.kind) {
      case 'magic':
        out.set(fd.constant as Uint8Array, fd.offset);
        break;
      case 'reserved':
        break;
      case 'bytes':
        if (!(v instanceof Uint8Array) || v.length !== fd.size) {
          throw new RangeError(`${layout.name}.${fd.name} must be ${fd.size} bytes`);
        }
        out.set(v, fd.offset);
        break;
      case 'u16':
      case 'u32': {
        const n = typeof fd.constant === 'number' ? fd.constant : v === undefined ? 0 : v;
        const max = fd.kind === 'u16' ? 0xffff : 0xffffffff;
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > max) {
          throw new RangeError(`${layout.name}.${fd.name} must be an integer in [0, ${max}]`);
        }
        if (fd.kind === 'u16') view.setUint16(fd.offset, n, true);
        else view.setUint32(fd.offset, n, true);
        break;
      }
      case 'u64': {
        const n = v === undefined ? 0n : typeof v === 'number' ? BigInt(v) : v;
        if (typeof n !== 'bigint' || n < 0n || n > 0xffffffffffffffffn) {
          throw new RangeError(`${layout.name}.${fd.name} must be a u64`);
        }
        view.setBigUint64(fd.offset, n, true);
        break;
      }
    }
  }
  return out;
}

/**
 * Decodes a structure, checking size, magic, version and reserved bytes.
 * @param layout - the layout
 * @param bytes - exactly `layout.size` bytes (or more when `allowTrailing`)
 * @param allowTrailing - whether bytes may follow the structure
 * @returns field values by name (byte fields are copies)
 * @throws EnclaveError `malformed`
 */
export function decodeStruct(layout: Layout, bytes: Uint8Array, allowTrailing = false): StructValues {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${layout.name} must be a Uint8Array`);
  if (bytes.length < layout.size || (!allowTrailing && bytes.length !== layout.size)) {
    throw new EnclaveError('malformed', `${layout.name} must be ${layout.size} bytes, got ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, layout.size);
  const out: StructValues = {};
  for (const fd of layout.fields) {
    switch (fd.kind) {
      case 'magic': {
        const m = fd.constant as Uint8Array;
        for (let i = 0; i < m.length; i++) {
          if (bytes[fd.offset + i] !== m[i]) throw new EnclaveError('malformed', `${layout.name}: bad magic`);
        }
        break;
      }
      case 'reserved':
        for (let i = 0; i < fd.size; i++) {
          if (bytes[fd.offset + i] !== 0) {
            throw new EnclaveError('malformed', `${layout.name}: reserved field ${fd.name} is not zero`);
          }
        }
        break;
      case 'bytes':
        out[fd.name] = bytes.slice(fd.offset, fd.offset + fd.size);
        break;
      case 'u16':
      case 'u32': {
        const n = fd.kind === 'u16' ? view.getUint16(fd.offset, true) : view.getUint32(fd.offset, true);
        if (typeof fd.constant === 'number' && n !== fd.constant) {
          throw new EnclaveError('malformed', `${layout.name}: unsupported ${fd.name} ${n}`);
        }
        out[fd.name] = n;
        break;
      }
      case 'u64':
        out[fd.name] = view.getBigUint64(fd.offset, true);
        break;
    }
  }
  return out;
}

/**
 * The byte range of the fields from `first` up to (not including) `end`, for signed or MAC'd prefixes.
 * @param layout - the layout
 * @param end - the first field not included
 * @returns the length of the prefix that precedes `end`
 */
export function offsetOf(layout: Layout, end: string): number {
  return layout.field(end).offset;
}

/**
 * Renders a layout as a Markdown table (offset, size, field, meaning), as `docs/enclave-model.md` shows them.
 * @param layout - the layout
 * @returns the Markdown table
 */
export function layoutToMarkdown(layout: Layout): string {
  const rows = layout.fields.map((fd) => {
    const what =
      fd.kind === 'magic'
        ? `${fd.doc} (\`${Buffer.from(fd.constant as Uint8Array)
            .toString('latin1')
            .replace(/\0/g, '\\0')}\`)`
        : fd.doc;
    return `| ${fd.offset} | ${fd.size} | ${fd.kind === 'bytes' ? '' : `${fd.kind} `}\`${fd.name}\` | ${what} |`;
  });
  return [
    `| offset | size | field | meaning |`,
    `| ---: | ---: | --- | --- |`,
    ...rows,
    `| ${layout.size} | | | total |`,
  ].join('\n');
}
