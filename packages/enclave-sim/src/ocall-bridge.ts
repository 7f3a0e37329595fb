/**
 * The ocall boundary: turns a host's handler into the interpreter host function the agent imports, copying
 * exactly the declared buffers across (in: out of the agent's memory, out: into it after the host returns),
 * with bounds and length checks. The host never sees the agent's memory itself.
 * @module
 */
import { type FuncType, type HostFunction, type Store, ValType, type WasmValue } from '@edgedancer/interpreter';
import type { OcallDecl } from './agent-build.js';
import { EnclaveError } from './errors.js';
import { type JsNumber, jsToResults, wasmToJs } from './wasm-values.js';

/** What an ocall handler may return: nothing, a value, an array of values, or a promise of these. */
// biome-ignore lint/suspicious/noConfusingVoidType: an ocall handler may be a function that returns nothing.
export type OcallResult = JsNumber | readonly JsNumber[] | undefined | void;

/**
 * A host implementation of an ocall. `args` are the agent's arguments as JS values; `buffers` holds one array
 * per declared buffer, in declaration order: copies of `in` buffers, and zeroed `out` buffers to fill.
 */
export type OcallHandler = (args: JsNumber[], buffers: Uint8Array[]) => OcallResult | Promise<OcallResult>;

/**
 * Checks an ocall declaration against the imported function's type.
 * @param decl - the declaration
 * @param type - the import's function type
 * @throws EnclaveError `bad-declaration`
 */
export function checkOcallDecl(decl: Required<OcallDecl>, type: FuncType): void {
  for (const b of decl.buffers) {
    if (type.params[b.ptr] !== ValType.I32 || type.params[b.len] !== ValType.I32) {
      throw new EnclaveError('bad-declaration', `ocall ${decl.module}.${decl.name}: buffer parameters must be i32`);
    }
  }
}

/**
 * Builds the host function behind an ocall.
 * @param decl - the declaration
 * @param type - its function type
 * @param handler - the host's implementation
 * @returns the interpreter host function
 */
export function ocallHostFunction(decl: Required<OcallDecl>, type: FuncType, handler: OcallHandler): HostFunction {
  const where = `${decl.module}.${decl.name}`;
  return (args: WasmValue[], ctx): WasmValue[] | Promise<WasmValue[]> => {
    const memory = (): Uint8Array => {
      if (ctx.memAddr === null) throw new EnclaveError('bad-buffer', `ocall ${where}: the agent has no memory`);
      return new Uint8Array((ctx.store as Store).memoryBuffer(ctx.memAddr));
    };
    const spans = decl.buffers.map((b) => {
      const ptr = (args[b.ptr] as { value: number }).value >>> 0;
      const len = (args[b.len] as { value: number }).value >>> 0;
      if (len > b.maxLength)
        throw new EnclaveError(
          'bad-buffer',
          `ocall ${where}: buffer of ${len} bytes exceeds its declared ${b.maxLength}`,
        );
      if (ptr + len > memory().length)
        throw new EnclaveError('bad-buffer', `ocall ${where}: buffer outside the agent's memory`);
      return { ptr, len, direction: b.direction };
    });
    const buffers = spans.map((s) =>
      s.direction === 'in' ? memory().slice(s.ptr, s.ptr + s.len) : new Uint8Array(s.len),
    );
    const finish = (out: OcallResult): WasmValue[] => {
      spans.forEach((s, i) => {
        if (s.direction !== 'out') return;
        const mem = memory();
        if (s.ptr + s.len > mem.length)
          throw new EnclaveError('bad-buffer', `ocall ${where}: buffer outside the agent's memory`);
        mem.set(buffers[i]!.subarray(0, s.len), s.ptr);
      });
      return jsToResults(out, type.results);
    };
    const out = handler(args.map(wasmToJs), buffers);
    return out instanceof Promise ? out.then(finish) : finish(out);
  };
}
