/**
 * Agents persisted in a node's state directory: `agents/<id>/` holds the module, the manifest and the agent's
 * state as a record sealed inside its enclave (sealing policy `mrenclave`, the agent id as associated data) and
 * bound to a counter of the platform store; the enclave refuses a record that is not the latest
 * (`enclave/sealed-record.ts`). The host only stores the bytes.
 * @module
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';

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
