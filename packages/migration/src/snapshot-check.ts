/**
 * Everything the encoder checks before writing a byte: the same rules the decoder applies, so that what
 * encodes also decodes.
 * @module
 */
import { fail } from './errors.js';
import { checkExceptions } from './exceptions-section.js';
import { checkExecution } from './execution-check.js';
import { checkGcHeap } from './gc-heap-section.js';
import { checkAgentIdSize, checkCounter, checkModuleHashes, sortHostSections } from './header-check.js';
import { checkRefTypes, refTypesContext } from './ref-types-section.js';
import type { HostSection, Snapshot } from './snapshot-types.js';
import { checkExecutionTypes, storeShapeOf } from './state-shape.js';
import { checkStore } from './store-check.js';
import { utf8Encode } from './utf8.js';

/** A checked snapshot, with what its encoding needs precomputed. */
export interface PreparedSnapshot {
  readonly snapshot: Snapshot;
  readonly agentId: Uint8Array;
  readonly hostSections: readonly HostSection[];
}

/**
 * Checks a snapshot completely (header fields, store, execution, host sections).
 * @throws {SnapshotError} with the code the decoder would give for the same fault
 */
export function prepareSnapshot(snapshot: Snapshot): PreparedSnapshot {
  if (typeof snapshot !== 'object' || snapshot === null) fail('bad-type', 'snapshot is not an object');
  const agentId = utf8Encode(snapshot.agentId, 'agentId');
  checkAgentIdSize(agentId.length);
  checkCounter(snapshot.migrationCounter);
  if (snapshot.kind !== 'weak' && snapshot.kind !== 'strong') fail('bad-type', 'kind is neither "weak" nor "strong"');
  const strong = snapshot.kind === 'strong';
  if (strong !== (snapshot.execution !== null && snapshot.execution !== undefined)) {
    fail('bad-value', 'a strong snapshot needs an execution and a weak one must have none');
  }
  const shape = storeShapeOf(snapshot.store);
  if (!Array.isArray(snapshot.moduleHashes)) fail('bad-type', 'moduleHashes is not an array');
  checkModuleHashes(snapshot.moduleHashes, shape.moduleCount);
  checkStore(shape);
  const exceptions = snapshot.store.exceptions;
  if (exceptions !== undefined) {
    if (
      typeof exceptions !== 'object' ||
      exceptions === null ||
      !Array.isArray(exceptions.tags) ||
      !Array.isArray(exceptions.instanceTags)
    )
      fail('bad-type', 'store.exceptions is not an exception state');
    checkExceptions(exceptions, {
      instanceCount: shape.instances.length,
      funcCount: shape.funcs.length / 2,
      externCount: shape.externCount,
      heapWords: shape.heapWords ?? 0,
    });
  }
  const { refTypes, gcHeap } = snapshot.store;
  if (refTypes !== undefined) {
    if (typeof refTypes !== 'object' || refTypes === null) fail('bad-type', 'store.refTypes is not a type state');
    checkRefTypes(refTypes, refTypesContext(snapshot.store));
  }
  if (gcHeap !== undefined) checkGcHeap(gcHeap, shape.moduleCount);
  if (snapshot.execution) {
    checkExecutionTypes(snapshot.execution);
    checkExecution(snapshot.execution, shape.funcs);
  }
  if (!Array.isArray(snapshot.hostSections)) fail('bad-type', 'hostSections is not an array');
  return { snapshot, agentId, hostSections: sortHostSections(snapshot.hostSections) };
}
