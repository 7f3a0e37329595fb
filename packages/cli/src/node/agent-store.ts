/**
 * Agents persisted in a node's state directory: `agents/<id>/` holds the module, the manifest and the agent's
 * state sealed inside its enclave (sealing policy `mrenclave`, the agent id as associated data); `counters.json`
 * holds the node's migration counters. A sealed state older than the counter recorded for its agent is refused.
 * @module
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { MigrationCounters } from '@edgedancer/migration';

/** One persisted agent, as read back. */
export interface StoredAgent {
  readonly id: string;
  readonly module: Uint8Array;
  readonly manifest: Uint8Array;
  readonly sealed: Uint8Array;
}

const dirOf = (stateDir: string, id: string): string => join(stateDir, 'agents', Buffer.from(id).toString('hex'));

function writeAtomic(path: string, data: Uint8Array | string): void {
  writeFileSync(path + '.tmp', data);
  renameSync(path + '.tmp', path);
}

/**
 * Saves an agent.
 * @param stateDir - the node's state directory
 * @param agent - id, module, manifest, sealed state
 */
export function saveAgent(stateDir: string, agent: StoredAgent): void {
  const d = dirOf(stateDir, agent.id);
  mkdirSync(d, { recursive: true, mode: 0o700 });
  if (!existsSync(join(d, 'module.wasm'))) writeAtomic(join(d, 'module.wasm'), agent.module);
  if (!existsSync(join(d, 'manifest.bin'))) writeAtomic(join(d, 'manifest.bin'), agent.manifest);
  writeAtomic(join(d, 'state.sealed'), agent.sealed);
  writeAtomic(join(d, 'id'), agent.id);
}

/**
 * Forgets an agent (it left or was stopped).
 * @param stateDir - the node's state directory
 * @param id - the agent
 */
export function removeAgent(stateDir: string, id: string): void {
  rmSync(dirOf(stateDir, id), { recursive: true, force: true });
}

/**
 * Every persisted agent.
 * @param stateDir - the node's state directory
 * @returns the agents
 */
export function loadAgents(stateDir: string): StoredAgent[] {
  const root = join(stateDir, 'agents');
  if (!existsSync(root)) return [];
  const out: StoredAgent[] = [];
  for (const name of readdirSync(root)) {
    const d = join(root, name);
    if (!existsSync(join(d, 'state.sealed'))) continue;
    out.push({
      id: readFileSync(join(d, 'id'), 'utf8'),
      module: new Uint8Array(readFileSync(join(d, 'module.wasm'))),
      manifest: new Uint8Array(readFileSync(join(d, 'manifest.bin'))),
      sealed: new Uint8Array(readFileSync(join(d, 'state.sealed'))),
    });
  }
  return out;
}

/**
 * Saves the counters.
 * @param stateDir - the node's state directory
 * @param counters - the node's counters
 */
export function saveCounters(stateDir: string, counters: MigrationCounters): void {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  writeAtomic(join(stateDir, 'counters.json'), JSON.stringify(counters.entries().map(([id, c]) => [id, c.toString()])));
}

/**
 * Loads the counters.
 * @param stateDir - the node's state directory
 * @returns the counters (empty for a new node)
 */
export function loadCounters(stateDir: string): MigrationCounters {
  const p = join(stateDir, 'counters.json');
  if (!existsSync(p)) return new MigrationCounters();
  const list = JSON.parse(readFileSync(p, 'utf8')) as [string, string][];
  return new MigrationCounters(list.map(([id, c]) => [id, BigInt(c)] as const));
}
