/**
 * Rules for the snapshot fields around the store: agent id, counter, kind, module hashes, host sections.
 * @module
 */
import { DIGEST_SIZE, MAX_AGENT_ID_SIZE, MAX_COUNTER, MAX_HOST_SECTION_NAME_SIZE } from './constants.js';
import { fail } from './errors.js';
import type { HostSection } from './snapshot-types.js';

const HOST_SECTION_NAME = /^[a-z][a-z0-9._-]*$/;

/**
 * Checks an agent id's UTF-8 size.
 * @throws {SnapshotError} `bad-value`
 */
export function checkAgentIdSize(size: number, offset = -1): void {
  if (size < 1 || size > MAX_AGENT_ID_SIZE)
    fail('bad-value', `agent id must be 1 to ${MAX_AGENT_ID_SIZE} bytes`, offset);
}

/**
 * Checks a migration counter is a u64.
 * @throws {SnapshotError} `bad-value`
 */
export function checkCounter(counter: unknown): void {
  if (typeof counter !== 'bigint' || counter < 0n || counter > MAX_COUNTER)
    fail('bad-value', 'migrationCounter is not a u64 bigint');
}

/**
 * Checks module hashes: one 32-byte digest a module.
 * @throws {SnapshotError} `bad-length`
 */
export function checkModuleHashes(hashes: readonly Uint8Array[], moduleCount: number): void {
  if (hashes.length !== moduleCount) fail('bad-length', 'moduleHashes must have one entry a module');
  for (const h of hashes) {
    if (!(h instanceof Uint8Array) || h.length !== DIGEST_SIZE)
      fail('bad-length', `a module hash must be ${DIGEST_SIZE} bytes`);
  }
}

/** Whether `name` is a valid host section name. */
export function isHostSectionName(name: string): boolean {
  return name.length <= MAX_HOST_SECTION_NAME_SIZE && HOST_SECTION_NAME.test(name);
}

/**
 * Checks a host section's name and version.
 * @throws {SnapshotError} `bad-value`
 */
export function checkHostSection(s: HostSection, offset = -1): void {
  if (typeof s.name !== 'string' || !isHostSectionName(s.name))
    fail('bad-value', 'host section name must match [a-z][a-z0-9._-]* (at most 64 bytes)', offset);
  if (!Number.isInteger(s.version) || s.version < 0 || s.version > 0xffff_ffff)
    fail('bad-value', 'host section version is not a u32', offset);
}

/** Byte-order comparison of two ASCII names. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sorts host sections by name for encoding.
 * @throws {SnapshotError} `bad-value` on an invalid or duplicate name
 */
export function sortHostSections(sections: readonly HostSection[]): HostSection[] {
  for (const s of sections) {
    checkHostSection(s);
    if (!(s.bytes instanceof Uint8Array)) fail('bad-type', `host section "${s.name}" bytes are not a Uint8Array`);
  }
  const sorted = [...sections].sort((a, b) => compareNames(a.name, b.name));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i - 1]!.name === sorted[i]!.name) fail('bad-value', `duplicate host section "${sorted[i]!.name}"`);
  }
  return sorted;
}
