/**
 * Validation steps 3–9 of a snapshot or delta: every section parsed and checked, cross-references checked,
 * limits checked; nothing larger than the input is allocated. What comes out can be built without failing.
 * @module
 */
import type { ExecutionState } from '@edgedancer/interpreter';
import { ByteReader } from './byte-reader.js';
import { PAGE_SIZE, SectionId } from './constants.js';
import { readContainer, type SectionRanges } from './container-read.js';
import { fail } from './errors.js';
import { checkExceptions, readExceptions } from './exceptions-section.js';
import { checkExecution } from './execution-check.js';
import { checkGcHeap, readGcHeap } from './gc-heap-section.js';
import { type ParsedMemory, readMemories } from './memory-section.js';
import { checkRefTypes, readRefTypes, refTypesContext } from './ref-types-section.js';
import * as read from './sections-read.js';
import type { DecodeExpectations, DeltaBase, HostSection, SnapshotKind } from './snapshot-types.js';
import { checkStore } from './store-check.js';
import { arenaCapacity, type SmallStore, WordArena } from './store-words.js';

/**
 * A fully validated snapshot whose memories, host sections and dropped flags are still views of the input,
 * and whose other integer arrays are views of one scratch arena (the build packs them).
 */
export interface ParsedSnapshot {
  readonly agentId: string;
  readonly migrationCounter: bigint;
  readonly kind: SnapshotKind;
  readonly moduleHashes: Uint8Array[];
  readonly store: SmallStore;
  readonly mems: ParsedMemory[];
  readonly execution: ExecutionState | null;
  readonly hostSections: HostSection[];
}

/** Default bound on the sum of memory sizes: 4 GiB. */
export const DEFAULT_MAX_MEMORY_BYTES = 2 ** 32;

function sectionSize(ranges: SectionRanges, id: number): number {
  const [start, end] = ranges[id]!;
  return end - start;
}

function sectionReader(bytes: Uint8Array, ranges: SectionRanges, id: number): ByteReader {
  const [start, end] = ranges[id]!;
  return new ByteReader(bytes, start, end);
}

function parseSection<T>(bytes: Uint8Array, ranges: SectionRanges, id: number, parse: (r: ByteReader) => T): T {
  const r = sectionReader(bytes, ranges, id);
  const value = parse(r);
  r.expectEnd();
  return value;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function checkModuleExpectation(
  hashes: readonly Uint8Array[],
  expected: readonly Uint8Array[] | undefined,
  at: number,
): void {
  if (expected === undefined) return;
  if (expected.length !== hashes.length || hashes.some((h, i) => !sameBytes(h, expected[i]!))) {
    fail('module-mismatch', 'the snapshot is bound to other modules', at);
  }
}

/**
 * Parses and validates a snapshot or delta (steps 1–9 of "Validation" in the format document).
 * @param onBase for a delta: checks the base binding (step 3); throws to reject it
 * @throws {SnapshotError} on the first fault found, in the normative order
 */
export function parseSnapshot(
  bytes: Uint8Array,
  magic: readonly number[],
  expect: DecodeExpectations,
  onBase?: (base: DeltaBase, offset: number) => void,
): ParsedSnapshot {
  const ranges = readContainer(bytes, magic, onBase !== undefined);
  const sec = <T>(id: number, parse: (r: ByteReader) => T): T => parseSection(bytes, ranges, id, parse);
  const base = onBase ? sec(SectionId.DeltaBase, read.readDeltaBase) : null;
  if (onBase && base) onBase(base, ranges[SectionId.DeltaBase]![0]);
  const agent = sec(SectionId.Agent, read.readAgent);
  const agentAt = ranges[SectionId.Agent]![0];
  if (base && agent.migrationCounter < base.migrationCounter)
    fail('counter-regression', 'delta counter is below its base counter', agentAt);
  if (expect.agentId !== undefined && expect.agentId !== agent.agentId)
    fail('agent-mismatch', 'the snapshot is of another agent', agentAt);
  if ((agent.kind === 'strong') !== (ranges[SectionId.Execution] !== undefined)) {
    fail('bad-section', 'execution section must be present exactly in strong snapshots', agentAt);
  }
  const moduleHashes = sec(SectionId.Modules, read.readModules);
  checkModuleExpectation(moduleHashes, expect.moduleHashes, ranges[SectionId.Modules]![0]);
  const size = (id: number): number => sectionSize(ranges, id);
  const arena = new WordArena(
    arenaCapacity(
      size(SectionId.Funcs),
      size(SectionId.Instances),
      size(SectionId.Tables),
      size(SectionId.Globals),
      size(SectionId.Elems),
    ),
  );
  const { funcs, hostFuncs } = sec(SectionId.Funcs, (r) => read.readFuncs(r, arena));
  const instances = sec(SectionId.Instances, (r) => read.readInstances(r, arena));
  const tables = sec(SectionId.Tables, (r) => read.readTables(r, arena));
  const globals = sec(SectionId.Globals, (r) => read.readGlobals(r, arena));
  const elems = sec(SectionId.Elems, (r) => read.readElems(r, arena));
  const datasDropped = sec(SectionId.Datas, read.readDatas);
  const externs = sec(SectionId.Externs, read.readExterns);
  const execution = agent.kind === 'strong' ? sec(SectionId.Execution, read.readExecution) : null;
  const hostSections = sec(SectionId.Host, read.readHost);
  const exceptions = ranges[SectionId.Exceptions] === undefined ? undefined : sec(SectionId.Exceptions, readExceptions);
  const refTypes = ranges[SectionId.RefTypes] === undefined ? undefined : sec(SectionId.RefTypes, readRefTypes);
  const gcHeap = ranges[SectionId.GcHeap] === undefined ? undefined : sec(SectionId.GcHeap, readGcHeap);
  const mems = sec(SectionId.Memories, readMemories);
  const store: SmallStore = {
    version: 1,
    moduleCount: moduleHashes.length,
    instances,
    funcs,
    hostFuncs,
    tables,
    ...globals,
    elems,
    datasDropped,
    externs,
    ...(exceptions === undefined ? {} : { exceptions }),
    ...(refTypes === undefined ? {} : { refTypes }),
    ...(gcHeap === undefined ? {} : { gcHeap }),
  };
  const exnCount = exceptions?.exnTags.length ?? 0;
  checkStore({
    ...store,
    externCount: externs.length,
    exnCount,
    heapWords: gcHeap?.words.length ?? 0,
    mems: mems.map((m) => ({ type: m.type, byteLength: m.pages * PAGE_SIZE })),
  });
  if (exceptions !== undefined) {
    checkExceptions(exceptions, {
      instanceCount: instances.length,
      funcCount: funcs.length / 2,
      externCount: externs.length,
      heapWords: gcHeap?.words.length ?? 0,
    });
  }
  if (refTypes !== undefined) checkRefTypes(refTypes, refTypesContext(store));
  if (gcHeap !== undefined) checkGcHeap(gcHeap, moduleHashes.length);
  if (execution) checkExecution(execution, funcs);
  const limit = expect.maxMemoryBytes ?? DEFAULT_MAX_MEMORY_BYTES;
  const total = mems.reduce((n, m) => n + m.pages * PAGE_SIZE, 0);
  if (total > limit) fail('limit-exceeded', `memories total ${total} bytes, more than the limit of ${limit}`);
  return { ...agent, moduleHashes, store, mems, execution, hostSections };
}
