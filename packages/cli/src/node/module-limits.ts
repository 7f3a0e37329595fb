/**
 * An agent module compiled under the node's limits: no larger than the node takes, no memory declared above the
 * node's page cap, and every memory's maximum lowered to the cap (a `memory.grow` past it fails with -1, as the
 * specification allows a host to do). The module's bytes, and so its hash and measurement, are unchanged.
 * @module
 */
import { CompileError, Module } from '@edgedancer/interpreter';
import { checkAgentImports } from './agent-imports.js';
import { NodeError } from './http-io.js';

/** Memory pages the WebAssembly 1.0/2.0 32-bit address space allows. */
const MAX_PAGES = 65536;

/**
 * Compiles a module under limits.
 * @param bytes - the wasm bytes
 * @param limits - `maxModuleBytes`, `maxMemoryPages`
 * @returns the compiled module (give it to `Agent.load` / `Agent.restore`)
 * @throws NodeError 413 `module-too-large`, 422 `bad-module`, 422 `bad-import`, 422 `memory-too-large`
 */
export function limitedModule(bytes: Uint8Array, limits: { readonly maxModuleBytes: number; readonly maxMemoryPages: number }): Module {
  if (bytes.length > limits.maxModuleBytes) throw new NodeError(413, 'module-too-large', `the module is above ${limits.maxModuleBytes} bytes`);
  let m: Module;
  try {
    m = new Module(bytes);
  } catch (e) {
    if (e instanceof CompileError) throw new NodeError(422, 'bad-module', `the module does not compile: ${e.message}`);
    throw e;
  }
  checkAgentImports(m);
  const c = m.compiled;
  const cap = Math.min(limits.maxMemoryPages, MAX_PAGES);
  for (const t of c.mems) if (t.limits.min > cap) throw new NodeError(422, 'memory-too-large', `the module declares ${t.limits.min} memory pages; this node allows ${cap}`);
  if (c.mems.every((t) => t.limits.max !== null && t.limits.max <= cap)) return m;
  const mems = c.mems.map((t) => ({ ...t, limits: { min: t.limits.min, max: Math.min(t.limits.max ?? MAX_PAGES, cap) } }));
  return new Module({ ...c, mems });
}

/** The memories of a decoded snapshot (what {@link capSnapshotMemory} adjusts). */
interface SnapshotMemories {
  readonly store: { readonly mems: readonly { readonly type: { readonly limits: { readonly min: number; readonly max: number | null } }; readonly bytes: Uint8Array }[] };
}

/**
 * Holds an arriving agent's memories to the node's page cap: a snapshot whose memory is above it is refused, and
 * each memory's maximum is lowered to the cap (as {@link limitedModule} does for a deployed agent).
 * @param snapshot - the decoded snapshot (changed in place)
 * @param maxMemoryPages - the node's cap
 * @throws NodeError 422 `memory-too-large`
 */
export function capSnapshotMemory(snapshot: SnapshotMemories, maxMemoryPages: number): void {
  const cap = Math.min(maxMemoryPages, MAX_PAGES);
  const mems = snapshot.store.mems as { type: { limits: { min: number; max: number | null } }; bytes: Uint8Array }[];
  for (let i = 0; i < mems.length; i++) {
    const m = mems[i]!;
    if (m.bytes.length > cap * 65536 || m.type.limits.min > cap) throw new NodeError(422, 'memory-too-large', `the agent's memory is above this node's ${cap} pages`);
    mems[i] = { ...m, type: { ...m.type, limits: { min: m.type.limits.min, max: Math.min(m.type.limits.max ?? MAX_PAGES, cap) } } };
  }
}
