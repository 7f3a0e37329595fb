/**
 * `Tag`, `Exception` and `JSTag` of the WebAssembly JS API (exception handling), over the default store.
 * A `Tag` is a tag address; an `Exception` is an exception address, bound so that throwing it from a JS import
 * into wasm throws that very exception, and a wasm exception that reaches JS is always the same `Exception`.
 * Any other JS value thrown through wasm travels as an exception of `JSTag` and comes out as itself.
 * @module
 */
import { bindHostException, UncaughtException } from './exceptions.js';
import { toValueType } from './js-api-global.js';
import { defaultStore } from './js-api-realm.js';
import { toJsValue, toWasmValue } from './js-api-values.js';
import { required, toDictionary } from './js-api-webidl.js';
import { valTypeName } from './values.js';

/** What `new Tag(type)` takes. */
export interface TagType {
  readonly parameters: readonly string[];
}

/** Builds an object for an existing address; module-private, so user code cannot forge one. */
class FromAddress {
  constructor(readonly addr: number) {}
}

const tags = new Map<number, Tag>();
let tagAddr: (v: unknown) => number | undefined;

/** A WebAssembly tag in the default store. */
export class Tag {
  readonly #addr: number;

  /**
   * Allocates a tag.
   * @param type `{ parameters: ['i32', 'f64', …] }`
   * @throws TypeError when the type is malformed
   */
  constructor(type: TagType) {
    if (type instanceof FromAddress) this.#addr = type.addr;
    else {
      const get = toDictionary(required(type, 'Tag: type'), 'Tag: type');
      const list = get('parameters');
      if (
        list === null ||
        typeof list !== 'object' ||
        typeof (list as Iterable<unknown>)[Symbol.iterator] !== 'function'
      ) {
        throw new TypeError('Tag: parameters must be a sequence of value types');
      }
      const params = Array.from(list as Iterable<unknown>, (p) => toValueType(p, 'Tag: parameter'));
      this.#addr = defaultStore().tag({ params: params as never, results: [] }).addr;
    }
    tags.set(this.#addr, this);
  }

  /** The tag's type, `{ parameters }` (the type reflection the JS API describes). */
  type(): TagType {
    return { parameters: defaultStore().exceptions.tagTypes[this.#addr]!.params.map(jsTypeName) };
  }

  static {
    tagAddr = (v) => (v instanceof Tag ? v.#addr : undefined);
  }
}

function jsTypeName(t: number): string {
  const n = valTypeName(t);
  return n === 'funcref' ? 'anyfunc' : n;
}

/** The Tag object of a tag address (created once). */
export function tagObject(addr: number): Tag {
  return tags.get(addr) ?? new Tag(new FromAddress(addr) as unknown as TagType);
}

/** The tag address of a Tag object, or undefined. */
export function tagAddrOf(v: unknown): number | undefined {
  return tagAddr(v);
}

/** `WebAssembly.JSTag`: the tag of JS values thrown through wasm (one `externref`). */
export function jsTag(): Tag {
  return tagObject(defaultStore().exceptions.hostTagAddr());
}

const exceptions = new Map<number, Exception>();
let exnAddr: (v: unknown) => number | undefined;

/** Options of `new Exception`. */
export interface ExceptionOptions {
  /** Whether to record a `stack` (default false). */
  readonly traceStack?: boolean;
}

/** A WebAssembly exception in the default store, as JS sees it. */
export class Exception {
  readonly #addr: number;
  declare readonly stack?: string;

  /**
   * Creates an exception of `tag` with the payload `payload` (converted to the tag's parameter types).
   * @throws TypeError when `tag` is not a Tag, is `JSTag`, or the payload does not convert
   */
  constructor(tag: Tag, payload: Iterable<unknown>, options?: ExceptionOptions) {
    if (tag instanceof FromAddress) this.#addr = tag.addr;
    else {
      const store = defaultStore();
      const t = tagAddr(tag);
      if (t === undefined) throw new TypeError('Exception: first argument must be a Tag');
      if (t === store.exceptions.hostTag) throw new TypeError('Exception: JSTag cannot be used to create an exception');
      if (payload === null || typeof payload !== 'object' || typeof payload[Symbol.iterator] !== 'function') {
        throw new TypeError('Exception: payload must be a sequence');
      }
      const values = Array.from(payload);
      const params = store.exceptions.tagTypes[t]!.params;
      if (values.length !== params.length) {
        throw new TypeError(`Exception: the tag takes ${params.length} values, got ${values.length}`);
      }
      this.#addr = store.exceptions.exnFromValues(
        t,
        values.map((v, i) => toWasmValue(v, params[i]!)),
        store,
      );
      if (options !== undefined && options !== null && (options as ExceptionOptions).traceStack === true) {
        Object.defineProperty(this, 'stack', { value: new Error().stack ?? '', writable: true, configurable: true });
      }
    }
    exceptions.set(this.#addr, this);
    bindHostException(this, defaultStore(), this.#addr);
  }

  /**
   * The payload value at `index`.
   * @throws TypeError when `tag` is not this exception's tag; RangeError when `index` is out of range
   */
  getArg(tag: Tag, index: number): unknown {
    const store = defaultStore();
    const t = tagAddr(tag);
    if (t === undefined) throw new TypeError('Exception.getArg: first argument must be a Tag');
    if (store.exceptions.exnTags[this.#addr] !== t) throw new TypeError('Exception.getArg: the tag does not match');
    const values = store.exceptions.values(this.#addr, store);
    const i = Number(index);
    if (!Number.isInteger(i) || i < 0 || i >= values.length)
      throw new RangeError('Exception.getArg: index out of range');
    return toJsValue(values[i]!);
  }

  /** Whether this exception has tag `tag`. */
  is(tag: Tag): boolean {
    const t = tagAddr(tag);
    if (t === undefined) throw new TypeError('Exception.is: argument must be a Tag');
    return defaultStore().exceptions.exnTags[this.#addr] === t;
  }

  static {
    exnAddr = (v) => (v instanceof Exception ? v.#addr : undefined);
  }
}

/** The Exception object of an exception address (created once). */
export function exceptionObject(addr: number): Exception {
  return exceptions.get(addr) ?? new Exception(new FromAddress(addr) as unknown as Tag, []);
}

/** The exception address of an Exception object, or undefined. */
export function exceptionAddrOf(v: unknown): number | undefined {
  return exnAddr(v);
}

/** What a call from JS throws for an error of the store: an uncaught wasm exception becomes its `Exception`. */
export function toJsThrow(e: unknown): unknown {
  return e instanceof UncaughtException ? exceptionObject(e.exn) : e;
}
