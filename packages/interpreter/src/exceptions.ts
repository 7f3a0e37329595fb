/**
 * Exception handling in the store: tags and exception objects, addressed by integers like every other entity.
 * A tag is its parameter types; an exception is its tag address and its payload as stack words (two words a
 * slot, references encoded as in slots: `address + 1`, 0 null). An `exnref` is `exception address + 1`.
 *
 * Host exceptions (whatever a host function throws that is not a trap) cross wasm as exceptions of the store's
 * host tag, whose one `externref` parameter holds the thrown value: `catch_all` catches them and, uncaught, they
 * leave the execution as the very value that was thrown. This is the JS API's `WebAssembly.JSTag`.
 * @module
 */

import { slotsOf } from './compile-function.js';
import { RuntimeError, TrapCode } from './errors.js';
import { canonicalFuncId } from './heap-types.js';
import type { ExceptionState, WasmValue } from './state-types.js';
import { type FuncType, ValType } from './types.js';
import { type ExternTable, hostTypeCode, readWords, valTypeCode, writeWords } from './values.js';

/** The host tag's type: one `externref`. */
const HOST_TAG_TYPE: FuncType = { params: [ValType.ExternRef], results: [] };
const EMPTY_WORDS = new Int32Array(0);

/** The exception-handling part of a store. */
export class ExceptionStore {
  /** Type of each tag, by tag address. */
  readonly tagTypes: FuncType[] = [];
  /**
   * Canonical type id of each tag (`heap-types.ts`), what imports compare. Not captured: a restored store
   * interns each tag's parameters as a lone function type.
   */
  readonly tagTypeIds: number[] = [];
  /** Tag address of each exception, by exception address. */
  readonly exnTags: number[] = [];
  /** Payload words of each exception. */
  readonly exnWords: Int32Array[] = [];
  /** The tag of host exceptions, -1 until one is needed. */
  hostTag = -1;

  /**
   * Allocates a tag of the given type; returns its address.
   * @param typeId its canonical type id (by default, that of a lone final function type of these parameters)
   */
  allocTag(type: FuncType, typeId = canonicalFuncId(type.params, [])): number {
    this.tagTypes.push(type);
    this.tagTypeIds.push(typeId);
    return this.tagTypes.length - 1;
  }

  /** The host tag's address, allocated on first use. */
  hostTagAddr(): number {
    if (this.hostTag < 0) this.hostTag = this.allocTag(HOST_TAG_TYPE);
    return this.hostTag;
  }

  /** Allocates an exception; `words` becomes its payload (not copied). */
  allocExn(tag: number, words: Int32Array): number {
    this.exnTags.push(tag);
    this.exnWords.push(words);
    return this.exnTags.length - 1;
  }

  /**
   * Allocates an exception from payload values.
   * @throws TypeError when the values do not match the tag's parameters
   */
  exnFromValues(tag: number, values: readonly WasmValue[], ext: ExternTable): number {
    const t = this.tagTypes[tag];
    if (t === undefined) throw new RangeError(`no tag at address ${tag}`);
    if (values.length !== t.params.length)
      throw new TypeError(`tag expects ${t.params.length} values, got ${values.length}`);
    let n = 0;
    for (const p of t.params) n += slotsOf(p);
    const words = n === 0 ? EMPTY_WORDS : new Int32Array(n * 2);
    let w = 0;
    values.forEach((v, i) => {
      const p = t.params[i]!;
      if (valTypeCode(v.type) !== p) throw new TypeError(`value ${i} of the exception must have type code ${p}`);
      writeWords(words, w, v, ext);
      w += slotsOf(p) * 2;
    });
    return this.allocExn(tag, words);
  }

  /** The payload of an exception as values. */
  values(exn: number, ext: ExternTable): WasmValue[] {
    const t = this.tagTypes[this.exnTags[exn]!]!;
    const words = this.exnWords[exn]!;
    const out: WasmValue[] = [];
    let w = 0;
    for (const p of t.params) {
      out.push(readWords(words, w, p, ext));
      w += slotsOf(p) * 2;
    }
    return out;
  }

  /** Whether the store has anything of exception handling to capture. */
  get empty(): boolean {
    return this.tagTypes.length === 0 && this.exnTags.length === 0;
  }

  /**
   * Captures tags and exceptions (instance tag spaces are given by the store). A parameter of an exact reference
   * type is captured as its hierarchy's one-byte code (`hostTypeCode`, the GC hierarchy as `externref`), as
   * globals and tables are: its canonical type id means nothing in another realm, and the payload slot is the same.
   */
  capture(instanceTags: readonly Int32Array[]): ExceptionState {
    let total = 0;
    for (const w of this.exnWords) total += w.length;
    const exnWords = new Int32Array(total);
    let at = 0;
    for (const w of this.exnWords) {
      exnWords.set(w, at);
      at += w.length;
    }
    return {
      tags: this.tagTypes.map((t) => t.params.map(hostTypeCode)),
      hostTag: this.hostTag,
      instanceTags: instanceTags.map((t) => t.slice()),
      exnTags: Int32Array.from(this.exnTags),
      exnWords,
    };
  }

  /**
   * Rebuilds tags and exceptions from captured state.
   * @throws TypeError when the state is inconsistent
   */
  static restore(state: ExceptionState | undefined, instanceCount: number): ExceptionStore {
    const s = new ExceptionStore();
    if (state === undefined) return s;
    const check = (ok: boolean, what: string): void => {
      if (!ok) throw new TypeError(`inconsistent exception state: ${what}`);
    };
    for (const params of state.tags) s.allocTag({ params: params.slice() as ValType[], results: [] });
    check(
      state.hostTag === -1 ||
        (state.hostTag >= 0 &&
          state.hostTag < s.tagTypes.length &&
          sameTypes(s.tagTypes[state.hostTag]!.params, HOST_TAG_TYPE.params)),
      'host tag',
    );
    s.hostTag = state.hostTag;
    check(state.instanceTags.length === instanceCount, 'instance tag lists');
    for (const list of state.instanceTags) for (const a of list) check(a >= 0 && a < s.tagTypes.length, 'tag address');
    let at = 0;
    for (let e = 0; e < state.exnTags.length; e++) {
      const tag = state.exnTags[e]!;
      const t = s.tagTypes[tag];
      check(t !== undefined, 'exception tag');
      let n = 0;
      for (const p of t!.params) n += slotsOf(p) * 2;
      check(at + n <= state.exnWords.length, 'exception payload');
      s.allocExn(tag, state.exnWords.slice(at, at + n));
      at += n;
    }
    check(at === state.exnWords.length, 'exception payload length');
    return s;
  }
}

/** Equal type lists. */
export function sameTypes(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/**
 * A wasm exception that left an execution uncaught: the run ends `trapped` with this error (a trap code of its
 * own, `uncaught-exception`), which carries the exception's address, tag and payload.
 */
export class UncaughtException extends RuntimeError {
  /** The exception's address in the store. */
  readonly exn: number;
  /** Its tag's address. */
  readonly tag: number;
  /** Its payload. */
  readonly values: readonly WasmValue[];
  constructor(exn: number, tag: number, values: readonly WasmValue[]) {
    super(TrapCode.UncaughtException);
    this.exn = exn;
    this.tag = tag;
    this.values = values;
  }
}

/**
 * Host objects that stand for wasm exceptions (the facade's `WebAssembly.Exception`s): thrown by a host function,
 * such an object crosses back into wasm as the exception it stands for, not as a new host exception.
 */
const hostObjects = new WeakMap<object, { readonly store: object; readonly exn: number }>();

/** Binds a host object to the exception `exn` of `store`. */
export function bindHostException(obj: object, store: object, exn: number): void {
  hostObjects.set(obj, { store, exn });
}

/** The exception a thrown host value stands for in `store`, or -1. */
export function boundException(value: unknown, store: object): number {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return -1;
  const b = hostObjects.get(value);
  return b !== undefined && b.store === store ? b.exn : -1;
}
