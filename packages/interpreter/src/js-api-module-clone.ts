/**
 * A facade `Module` sent to a worker with `postMessage` (as Emscripten's pthreads send `wasmModule`) arrives
 * as its structured clone: a plain object whose `compiled.decoded.bytes` are the module's bytes. The facade
 * accepts such a clone wherever a Module is expected by instantiation (`new Instance`, `instantiate`),
 * compiling the bytes again: nothing else of the clone is trusted.
 * @module
 */
import { Module } from './module-class.js';

const compiledClones = new WeakMap<object, Module>();

/**
 * The Module for a structured clone of a Module, compiled from its bytes once per clone object; undefined when
 * `v` does not look like one.
 * @throws CompileError when the clone's bytes are not a valid module
 */
export function moduleFromClone(v: unknown): Module | undefined {
  if (typeof v !== 'object' || v === null || v instanceof Module) return undefined;
  const known = compiledClones.get(v);
  if (known !== undefined) return known;
  const compiled = (v as { compiled?: unknown }).compiled;
  const decoded =
    typeof compiled === 'object' && compiled !== null ? (compiled as { decoded?: unknown }).decoded : undefined;
  const bytes = typeof decoded === 'object' && decoded !== null ? (decoded as { bytes?: unknown }).bytes : undefined;
  if (!(bytes instanceof Uint8Array)) return undefined;
  const module = new Module(bytes);
  compiledClones.set(v, module);
  return module;
}
