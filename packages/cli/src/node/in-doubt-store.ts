/**
 * Agents a destination holds in doubt: restored, reported `Ready`, not running, waiting for the source's
 * decision. `indoubt/<id>/` holds the module, the manifest, the final state and the settlement (session id,
 * counter, key, source name), both sealed inside the agent's enclave with the agent id as associated data, so
 * a restarted node can still settle them and nobody outside the enclave learns the settlement key.
 * @module
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One agent held in doubt, as stored. */
export interface InDoubtRecord {
  readonly id: string;
  readonly module: Uint8Array;
  readonly manifest: Uint8Array;
  /** The encoded final snapshot, sealed. */
  readonly sealedState: Uint8Array;
  /** JSON `{ sessionId, counter, key, from }`, sealed. */
  readonly sealedSettlement: Uint8Array;
}

const root = (stateDir: string): string => join(stateDir, 'indoubt');
const dirOf = (stateDir: string, id: string): string => join(root(stateDir), Buffer.from(id).toString('hex'));

function writeAtomic(path: string, data: Uint8Array | string): void {
  writeFileSync(path + '.tmp', data);
  renameSync(path + '.tmp', path);
}

/**
 * Stores an agent held in doubt (the settlement file is written last: a record without it is incomplete).
 * @param stateDir - the node's state directory
 * @param r - the record
 */
export function saveInDoubt(stateDir: string, r: InDoubtRecord): void {
  const d = dirOf(stateDir, r.id);
  mkdirSync(d, { recursive: true, mode: 0o700 });
  writeAtomic(join(d, 'id'), r.id);
  writeAtomic(join(d, 'module.wasm'), r.module);
  writeAtomic(join(d, 'manifest.bin'), r.manifest);
  writeAtomic(join(d, 'state.sealed'), r.sealedState);
  writeAtomic(join(d, 'settlement.sealed'), r.sealedSettlement);
}

/**
 * Forgets an agent held in doubt (settled either way).
 * @param stateDir - the node's state directory
 * @param id - the agent
 */
export function removeInDoubt(stateDir: string, id: string): void {
  rmSync(dirOf(stateDir, id), { recursive: true, force: true });
}

/**
 * Every complete record.
 * @param stateDir - the node's state directory
 * @returns the records
 */
export function loadInDoubt(stateDir: string): InDoubtRecord[] {
  if (!existsSync(root(stateDir))) return [];
  const out: InDoubtRecord[] = [];
  for (const name of readdirSync(root(stateDir))) {
    const d = join(root(stateDir), name);
    if (!existsSync(join(d, 'settlement.sealed'))) continue;
    const read = (f: string): Uint8Array => new Uint8Array(readFileSync(join(d, f)));
    out.push({ id: readFileSync(join(d, 'id'), 'utf8'), module: read('module.wasm'), manifest: read('manifest.bin'), sealedState: read('state.sealed'), sealedSettlement: read('settlement.sealed') });
  }
  return out;
}
