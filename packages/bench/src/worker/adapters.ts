/**
 * JS-API-shaped engines as seen from inside a worker process: V8's own
 * `WebAssembly`, polywasm (a wasm-to-JS translator from npm) and
 * Edgedancer's interpreter facade. Each is reduced to validate / compile /
 * instantiate so the worker can treat them alike.
 * @module
 */
import { hostWebAssembly } from '../host-wasm.js';
import type { AdapterName } from './protocol.js';

/** The exports of an instance, as the JS API gives them. */
export type Exports = Record<string, unknown>;

/** The three steps the worker times, for one engine. */
export interface WasmAdapter {
  /** A separate validator, when the engine has a real one. */
  readonly validate?: (bytes: Uint8Array<ArrayBuffer>) => boolean;
  /** Decodes (and validates, and maybe compiles) a module. */
  readonly compile: (bytes: Uint8Array<ArrayBuffer>) => unknown;
  /** Instantiates a compiled module with no imports and returns its exports. */
  readonly instantiate: (module: unknown) => Exports;
  /** How the engine is reached, when that is worth a note in the report. */
  readonly detail?: string;
}

/** The part of the JS API that the adapters use. */
interface JsApiLike {
  validate?(bytes: Uint8Array<ArrayBuffer>): boolean;
  Module: new (bytes: Uint8Array<ArrayBuffer>) => unknown;
  Instance: new (module: never, imports: object) => { exports: Exports };
}

/** The package name of Edgedancer's interpreter (imported lazily: it may not be built yet). */
export const INTERPRETER_PACKAGE = '@edgedancer/interpreter';

function fromJsApi(api: JsApiLike, withValidate: boolean): WasmAdapter {
  const validate = api.validate;
  return {
    ...(withValidate && validate ? { validate: (bytes: Uint8Array<ArrayBuffer>) => validate.call(api, bytes) } : {}),
    compile: (bytes) => new api.Module(bytes),
    instantiate: (module) => new api.Instance(module as never, {}).exports,
  };
}

/** Imports a module by a name TypeScript must not resolve at build time. */
async function importDynamic(specifier: string): Promise<Record<string, unknown>> {
  return (await import(specifier)) as Record<string, unknown>;
}

/** The part of the interpreter's low-level API the fallback adapter uses. */
interface LowLevelLike {
  validate?(bytes: Uint8Array<ArrayBuffer>): boolean;
  Module: new (bytes: Uint8Array<ArrayBuffer>) => unknown;
  Store: new () => {
    instantiate(module: unknown, imports: readonly unknown[]): number;
    exportOf(instanceAddr: number, name: string): { kind: string; addr: number } | undefined;
    exportsOf(instanceAddr: number): { name: string; extern: { kind: string; addr: number } }[];
    invoke(funcAddr: number, args: readonly unknown[]): { type: string; value?: unknown }[];
  };
  i32(n: number): unknown;
}

function isLowLevelLike(value: Record<string, unknown>): value is Record<string, unknown> & LowLevelLike {
  return (
    typeof value['Module'] === 'function' && typeof value['Store'] === 'function' && typeof value['i32'] === 'function'
  );
}

/**
 * Edgedancer through its low-level API, for as long as the facade lacks
 * `Instance`: one store per instance, exported functions called with
 * `store.invoke`, i32 and i64 results returned as the JS API would.
 */
function fromLowLevel(api: LowLevelLike): WasmAdapter {
  const validate = api.validate;
  return {
    ...(validate ? { validate: (bytes: Uint8Array<ArrayBuffer>) => validate.call(api, bytes) } : {}),
    compile: (bytes) => new api.Module(bytes),
    instantiate: (module) => {
      const store = new api.Store();
      const instance = store.instantiate(module, []);
      const exports: Exports = {};
      for (const { name, extern } of store.exportsOf(instance)) {
        if (extern.kind !== 'func') continue;
        exports[name] = (n: number): unknown => {
          const results = store.invoke(extern.addr, [api.i32(n)]);
          return results[0]?.value;
        };
      }
      return exports;
    },
    detail: 'through the low-level Store API (the facade does not export Instance yet)',
  };
}

function isJsApiLike(value: unknown): value is JsApiLike {
  const v = value as Partial<JsApiLike> | undefined;
  return typeof v?.Module === 'function' && typeof v.Instance === 'function';
}

/**
 * Loads the adapter for an engine.
 * @param name which engine
 * @returns the adapter
 * @throws {Error} with the reason when the engine cannot be loaded (for
 *   Edgedancer: the package is not built or does not export the facade yet)
 */
export async function loadAdapter(name: AdapterName): Promise<WasmAdapter> {
  switch (name) {
    case 'v8':
      return fromJsApi(hostWebAssembly as unknown as JsApiLike, true);
    case 'polywasm': {
      const mod = await importDynamic('polywasm');
      if (!isJsApiLike(mod['WebAssembly'])) throw new Error('polywasm: no WebAssembly export');
      // polywasm's validate() does not validate (its README says so): leave it out.
      return fromJsApi(mod['WebAssembly'], false);
    }
    case 'edgedancer':
    case 'edgedancer-js': {
      let mod: Record<string, unknown>;
      try {
        mod = await importDynamic(INTERPRETER_PACKAGE);
      } catch (err) {
        throw new Error(`${INTERPRETER_PACKAGE} cannot be imported yet (${(err as Error).message.split('\n')[0]})`);
      }
      if (name === 'edgedancer-js') {
        // The JavaScript tier on the facade's store: hot functions translated (`auto`).
        const store = (mod['defaultStore'] as (() => { setTier?: (t: string) => void }) | undefined)?.();
        if (store?.setTier === undefined) throw new Error(`${INTERPRETER_PACKAGE} has no JavaScript tier yet`);
        store.setTier('auto');
      }
      if (isJsApiLike(mod)) return fromJsApi(mod, true);
      if (isLowLevelLike(mod)) return fromLowLevel(mod);
      throw new Error(`${INTERPRETER_PACKAGE} exports neither the JS-API facade (Module, Instance) nor Store yet`);
    }
  }
}
