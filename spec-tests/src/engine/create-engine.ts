/**
 * Chooses an engine by name. The interpreter is loaded only when asked for, so the runner works on Node's
 * engine even while the interpreter does not build.
 * @module
 */
import type { EngineFactory } from './engine.js';
import type { MemoryHandoff } from './round-trip.js';
import { createV8EngineFactory } from './v8-engine.js';

/** The engines the runner can drive. */
export const ENGINE_NAMES = ['edgedancer', 'v8'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

/** Engine options. */
export interface EngineOptions {
  /** Round-trip mode: run every invocation with this much fuel and restore the state at each suspension. */
  readonly roundtrip?: number;
  /** Call depth at which execution traps with `call stack exhausted` (edgedancer only). */
  readonly maxCallDepth?: number;
  /** How memories cross a round trip (see {@link MemoryHandoff}); `transfer` by default. */
  readonly roundtripMemory?: MemoryHandoff;
  /** The interpreter's tier (`interp`, `js`, `auto`; edgedancer only). */
  readonly tier?: 'interp' | 'js' | 'auto';
}

/**
 * Prepares an engine factory.
 * @param name - `edgedancer` (the interpreter) or `v8` (Node's `WebAssembly`)
 * @param options - round-trip mode and call depth (edgedancer only)
 * @returns a factory making one fresh engine per script
 * @throws RangeError for an unknown engine, or options `v8` does not have
 */
export async function createEngineFactory(name: string, options: EngineOptions = {}): Promise<EngineFactory> {
  if (name === 'v8') {
    if (options.roundtrip !== undefined) throw new RangeError('--roundtrip needs the edgedancer engine');
    if (options.maxCallDepth !== undefined) throw new RangeError('--max-call-depth needs the edgedancer engine');
    if (options.roundtripMemory !== undefined) throw new RangeError('--roundtrip-memory needs the edgedancer engine');
    if (options.tier !== undefined) throw new RangeError('--tier needs the edgedancer engine');
    return createV8EngineFactory();
  }
  if (name === 'edgedancer') {
    const { createInterpreterEngineFactory } = await import('./interpreter-engine.js');
    return createInterpreterEngineFactory(options);
  }
  throw new RangeError(`unknown engine ${name} (expected ${ENGINE_NAMES.join(' or ')})`);
}
