/**
 * `Module`: a compiled module as the WebAssembly JS API shows it, with its static reflection helpers.
 * @module
 */
import { type CompiledModule, compileModule } from './module.js';
import { ExternKind, type ImportDesc } from './types.js';

/** Kinds as the JS API names them. */
export type ExternKindName = 'function' | 'table' | 'memory' | 'global' | 'tag';

const KIND_NAMES: readonly ExternKindName[] = ['function', 'table', 'memory', 'global', 'tag'];

/** Copies a BufferSource into a fresh, unshared Uint8Array. */
export function toBytes(source: unknown): Uint8Array {
  if (source instanceof Uint8Array) return new Uint8Array(source);
  if (source instanceof ArrayBuffer) return new Uint8Array(source.slice(0));
  if (ArrayBuffer.isView(source)) {
    return new Uint8Array(source.buffer.slice(source.byteOffset, source.byteOffset + source.byteLength));
  }
  throw new TypeError('first argument must be an ArrayBuffer or typed array object');
}

/** A compiled WebAssembly module. */
export class Module {
  /** The validated, pre-decoded form. */
  readonly compiled: CompiledModule;
  /**
   * Compiles a module synchronously.
   * @throws CompileError when the bytes are malformed or invalid
   * @throws TypeError when `bytes` is not a BufferSource
   * @example new Module(await readFile('add.wasm'))
   */
  constructor(bytes: BufferSource | Uint8Array | CompiledModule) {
    if (bytes !== null && typeof bytes === 'object' && 'decoded' in bytes && 'funcs' in bytes) {
      this.compiled = bytes as CompiledModule;
    } else {
      this.compiled = compileModule(toBytes(bytes));
    }
  }
  /** The module's original bytes. */
  get bytes(): Uint8Array {
    return this.compiled.decoded.bytes;
  }
  /** The module's imports, as the JS API describes them. */
  static imports(module: Module): { module: string; name: string; kind: ExternKindName }[] {
    checkModule(module);
    return module.compiled.decoded.imports.map((i) => ({ module: i.module, name: i.name, kind: kindName(i.desc) }));
  }
  /** The module's exports, as the JS API describes them. */
  static exports(module: Module): { name: string; kind: ExternKindName }[] {
    checkModule(module);
    return module.compiled.decoded.exports.map((e) => ({ name: e.name, kind: KIND_NAMES[e.kind]! }));
  }
  /** Copies of the payloads of the custom sections named `name`. */
  static customSections(module: Module, name: string): ArrayBuffer[] {
    checkModule(module);
    const d = module.compiled.decoded;
    return d.customs.filter((c) => c.name === String(name)).map((c) => d.bytes.slice(c.start, c.end).buffer);
  }
}

function kindName(d: ImportDesc): ExternKindName {
  return KIND_NAMES[d.kind === ExternKind.Func ? 0 : d.kind]!;
}

function checkModule(m: unknown): asserts m is Module {
  if (!(m instanceof Module)) throw new TypeError('argument must be a Module');
}

/** A BufferSource, without depending on DOM typings. */
export type BufferSource = ArrayBuffer | ArrayBufferView;
