/**
 * The first two validation steps: the header (magic, version) and the section table (ids known, strictly
 * increasing, sizes within the input, nothing after the last section, required sections present).
 * @module
 */
import {
  FORMAT_VERSION,
  HEADER_SIZE,
  LAST_SECTION_ID,
  MAX_SECTION_ID,
  SECTION_HEADER_SIZE,
  SectionId,
  sectionRank,
} from './constants.js';
import { fail } from './errors.js';

/** Payload range of each section present, by id. */
export type SectionRanges = ReadonlyArray<readonly [start: number, end: number] | undefined>;

const REQUIRED = [
  SectionId.Agent,
  SectionId.Modules,
  SectionId.Funcs,
  SectionId.Instances,
  SectionId.Tables,
  SectionId.Globals,
  SectionId.Elems,
  SectionId.Datas,
  SectionId.Externs,
  SectionId.Host,
  SectionId.Memories,
];

/**
 * Reads the header and the section table.
 * @param bytes the input
 * @param magic the expected magic
 * @param delta whether the container is a delta (section 0 required) or a snapshot (section 0 forbidden)
 * @throws {TypeError} if `bytes` is not a Uint8Array
 * @throws {SnapshotError} `bad-magic`, `truncated`, `unsupported-version`, `bad-section`, `trailing-bytes`
 */
export function readContainer(bytes: Uint8Array, magic: readonly number[], delta: boolean): SectionRanges {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('snapshot bytes must be a Uint8Array');
  for (let i = 0; i < magic.length && i < bytes.length; i++) {
    if (bytes[i] !== magic[i]) fail('bad-magic', delta ? 'not a delta snapshot' : 'not a snapshot', 0);
  }
  if (bytes.length < HEADER_SIZE) fail('truncated', 'input ends inside the header', bytes.length);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== FORMAT_VERSION) fail('unsupported-version', `format version ${version} is not ${FORMAT_VERSION}`, 4);
  const ranges: ([number, number] | undefined)[] = [];
  let pos = HEADER_SIZE;
  let prev = -1;
  while (pos < bytes.length) {
    if (bytes.length - pos < SECTION_HEADER_SIZE) fail('truncated', 'input ends inside a section header', pos);
    const id = bytes[pos]!;
    if (id > MAX_SECTION_ID || (id === SectionId.DeltaBase && !delta))
      fail('bad-section', `unknown section id ${id}`, pos);
    if (sectionRank(id) <= prev) fail('bad-section', `section ${id} is out of order or repeated`, pos);
    const size = view.getUint32(pos + 1, true);
    const start = pos + SECTION_HEADER_SIZE;
    if (size > bytes.length - start) fail('truncated', `input ends inside section ${id}`, pos);
    ranges[id] = [start, start + size];
    pos = start + size;
    prev = sectionRank(id);
    if (id === LAST_SECTION_ID && pos < bytes.length) fail('trailing-bytes', 'bytes after the last section', pos);
  }
  for (const id of delta ? [SectionId.DeltaBase, ...REQUIRED] : REQUIRED) {
    if (ranges[id] === undefined) fail('bad-section', `section ${id} is missing`, bytes.length);
  }
  return ranges;
}
