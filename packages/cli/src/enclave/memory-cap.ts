/**
 * The node's memory page cap, applied inside the enclave (the host passes it with the agent's placement): the agent's module compiled with every memory's
 * maximum lowered to the cap (a `memory.grow` past it fails with -1), and an arriving or restored agent's memory
 * refused above it. The module's bytes, and so its hash and measurement, are unchanged.
 * @module
 */
import { CompileError, Module } from '@edgedancer/interpreter';
import type { Snapshot } from '@edgedancer/migration';
import { EcallError } from './payload.js';

/** Memory pages the 32-bit address space allows. */
const MAX_PAGES = 65536;

/**
 * The agent's module under a page cap.
 * @param bytes - the measured module
 * @param maxPages - the cap
 * @returns the module to load or restore the agent on
 * @throws EcallError `bad-module` when it does not compile, `memory-too-large` when a memory's declared minimum is
 *   above the cap
 */
export function cappedModule(bytes: Uint8Array, maxPages: number): Module {
  let m: Module;
  try {
    m = new Module(bytes);
  } catch (e) {
    // the module is public (the host holds it): its compile error may cross
    if (e instanceof CompileError) throw new EcallError('bad-module', `the module does not compile: ${e.message}`);
    throw e;
  }
  const c = m.compiled;
  const cap = Math.min(maxPages, MAX_PAGES);
  for (const t of c.mems)
    if (t.limits.min > cap)
      throw new EcallError(
        'memory-too-large',
        `the module declares ${t.limits.min} memory pages; this node allows ${cap}`,
      );
  if (c.mems.every((t) => t.limits.max !== null && t.limits.max <= cap)) return m;
  return new Module({
    ...c,
    mems: c.mems.map((t) => ({ ...t, limits: { min: t.limits.min, max: Math.min(t.limits.max ?? MAX_PAGES, cap) } })),
  });
}

/**
 * Holds a decoded snapshot's memories to the cap (refused above it; each maximum lowered to it), in place.
 * @param snapshot - the snapshot
 * @param maxPages - the cap
 * @throws EcallError `memory-too-large`
 */
export function capSnapshot(snapshot: Snapshot, maxPages: number): void {
  const cap = Math.min(maxPages, MAX_PAGES);
  const mems = snapshot.store.mems as unknown as {
    type: { limits: { min: number; max: number | null } };
    bytes: Uint8Array;
  }[];
  for (let i = 0; i < mems.length; i++) {
    const m = mems[i]!;
    if (m.bytes.length > cap * 65536 || m.type.limits.min > cap)
      throw new EcallError('memory-too-large', `the agent's memory is above this node's ${cap} pages`);
    mems[i] = {
      ...m,
      type: { ...m.type, limits: { min: m.type.limits.min, max: Math.min(m.type.limits.max ?? MAX_PAGES, cap) } },
    };
  }
}
