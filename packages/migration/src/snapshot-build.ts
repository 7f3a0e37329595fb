/**
 * The last step of decoding: a validated parse becomes a `Snapshot` that owns all its bytes (memories
 * allocated and filled, the store's integer arrays packed into one buffer, host sections copied). Only
 * allocation can fail here.
 * @module
 */
import type { StoreState } from '@edgedancer/interpreter';
import { fail } from './errors.js';
import { buildMemory } from './memory-section.js';
import type { ParsedSnapshot } from './snapshot-parse.js';
import type { Snapshot } from './snapshot-types.js';
import { packStore, type SmallStore } from './store-words.js';

/**
 * Builds the snapshot.
 * @param baseMems for a delta, the base's memories by address
 * @param consumeBase for a delta, update base memories of unchanged size in place
 * @throws {SnapshotError} `limit-exceeded` if the host cannot allocate the memories
 */
export function buildSnapshot(p: ParsedSnapshot, baseMems?: readonly Uint8Array[], consumeBase = false): Snapshot {
  let mems: StoreState['mems'];
  let small: SmallStore;
  try {
    small = packStore(p.store);
    mems = p.mems.map((m, i) => ({ type: m.type, bytes: buildMemory(m, baseMems?.[i], consumeBase) }));
  } catch (cause) {
    if (cause instanceof RangeError) fail('limit-exceeded', 'memory allocation failed');
    throw cause;
  }
  return {
    agentId: p.agentId,
    migrationCounter: p.migrationCounter,
    kind: p.kind,
    moduleHashes: p.moduleHashes,
    store: { ...small, mems },
    execution: p.execution,
    hostSections: p.hostSections.map((s) => ({ name: s.name, version: s.version, bytes: s.bytes.slice() })),
  };
}
