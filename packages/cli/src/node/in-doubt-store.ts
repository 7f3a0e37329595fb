/**
 * Agents a destination holds in doubt: restored, reported `Ready`, not running, waiting for the source's
 * decision. `indoubt/<id>/` holds the module, the manifest, the state as it arrived — round 0 (a full snapshot)
 * and each later round (a delta; the digest it applies against is inside the record), each written when its
 * round was applied, so only the final round is written while the agent is stopped — and the settlement
 * (session id, counter, key, source name). Rounds and settlement are records sealed inside the agent's enclave
 * with the agent id as associated data and bound to the arriving copy's platform counter, so a restarted node
 * can still settle them, nobody outside the enclave learns the settlement key, and once the agent has resumed
 * and was persisted (or was discarded) they open no more. The settlement is written last: a directory without
 * it is an interrupted transfer and is removed on load.
 * @module
 */
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';

/** One round of a held agent's state, as stored. */
export interface InDoubtRound {
  /**
   * The round's sealed parts as they arrived, each `u32 BE length | sealed` (its chunks, then its end; the base
   * digest a delta applies with is inside the end part).
   */
  readonly sealed: Uint8Array;
}

/** One agent held in doubt, as stored. */
export interface InDoubtRecord {
  readonly id: string;
  readonly module: Uint8Array;
  readonly manifest: Uint8Array;
  /** The rounds in order. */
  readonly rounds: InDoubtRound[];
  /** JSON `{ sessionId, counter, key, from }`, sealed. */
  readonly sealedSettlement: Uint8Array;
}

const root = (stateDir: string): string => join(stateDir, 'indoubt');
const dirOf = (stateDir: string, id: string): string => join(root(stateDir), Buffer.from(id).toString('hex'));
const roundFile = (n: number): string => `round-${String(n).padStart(4, '0')}`;

function writeAtomic(path: string, data: Uint8Array | string): void {
  writeFileSync(`${path}.tmp`, data);
  renameSync(`${path}.tmp`, path);
}

/**
 * Stores one sealed part of a round of an arriving agent, appended to the round's file as it arrives (the first
 * part of round 0 starts a fresh record with the module and manifest; the first part of a round starts its file).
 * @param stateDir - the node's state directory
 * @param agent - id, module and manifest
 * @param round - the round's index
 * @param part - the part's index in its round
 * @param sealed - the sealed part
 */
export function saveInDoubtPart(
  stateDir: string,
  agent: { id: string; module: Uint8Array; manifest: Uint8Array },
  round: number,
  part: number,
  sealed: Uint8Array,
): void {
  const d = dirOf(stateDir, agent.id);
  if (round === 0 && part === 0) {
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d, { recursive: true, mode: 0o700 });
    writeAtomic(join(d, 'id'), agent.id);
    writeAtomic(join(d, 'module.wasm'), agent.module);
    writeAtomic(join(d, 'manifest.bin'), agent.manifest);
  }
  const len = Buffer.alloc(4);
  len.writeUInt32BE(sealed.length);
  const file = join(d, `${roundFile(round)}.sealed`);
  if (part === 0) writeFileSync(file, len);
  else appendFileSync(file, len);
  appendFileSync(file, sealed);
}

/**
 * Completes the record of an agent whose rounds are stored: it is held in doubt from now on.
 * @param stateDir - the node's state directory
 * @param id - the agent
 * @param sealedSettlement - the sealed settlement
 */
export function saveInDoubtSettlement(stateDir: string, id: string, sealedSettlement: Uint8Array): void {
  writeAtomic(join(dirOf(stateDir, id), 'settlement.sealed'), sealedSettlement);
}

/**
 * Forgets an agent held in doubt (settled either way), or the rounds of a transfer that failed.
 * @param stateDir - the node's state directory
 * @param id - the agent
 */
export function removeInDoubt(stateDir: string, id: string): void {
  rmSync(dirOf(stateDir, id), { recursive: true, force: true });
}

/**
 * Every complete record; incomplete ones (a transfer interrupted before `Ready`) are removed.
 * @param stateDir - the node's state directory
 * @returns the records
 */
export function loadInDoubt(stateDir: string): InDoubtRecord[] {
  if (!existsSync(root(stateDir))) return [];
  const out: InDoubtRecord[] = [];
  for (const name of readdirSync(root(stateDir))) {
    const d = join(root(stateDir), name);
    if (!existsSync(join(d, 'settlement.sealed'))) {
      rmSync(d, { recursive: true, force: true });
      continue;
    }
    const read = (f: string): Uint8Array => new Uint8Array(readFileSync(join(d, f)));
    const rounds: InDoubtRound[] = [];
    for (let n = 0; existsSync(join(d, `${roundFile(n)}.sealed`)); n++) {
      rounds.push({ sealed: read(`${roundFile(n)}.sealed`) });
    }
    out.push({
      id: readFileSync(join(d, 'id'), 'utf8'),
      module: read('module.wasm'),
      manifest: read('manifest.bin'),
      rounds,
      sealedSettlement: read('settlement.sealed'),
    });
  }
  return out;
}
