/**
 * Agents persisted in a node's state directory: `agents/<id>/` holds the module, the manifest and the agent's
 * state as a record sealed inside its enclave (sealing policy `mrenclave`, the agent id as associated data) and
 * bound to a counter of the platform store; the enclave refuses a record that is not the latest
 * (`enclave/sealed-record.ts`). The host only stores the bytes.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { access, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** One persisted agent, as read back. */
export interface StoredAgent {
  readonly id: string;
  readonly module: Uint8Array;
  readonly manifest: Uint8Array;
  readonly sealed: Uint8Array;
}

const dirOf = (stateDir: string, id: string): string => join(stateDir, 'agents', Buffer.from(id).toString('hex'));

/** Writes a file whole under a temporary name, then renames it over the old one (off the event loop's thread). */
async function writeAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(tmp, data, { mode: 0o600 });
  await rename(tmp, path);
}

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

/** Saves under way, per agent directory: one at a time, in order. */
const saving = new Map<string, Promise<void>>();

/**
 * Saves an agent: its files are written through the file system's thread pool (a large sealed state never holds
 * the node's event loop), one save of an agent at a time.
 * @param stateDir - the node's state directory
 * @param agent - id, module, manifest, sealed state
 */
export function saveAgent(stateDir: string, agent: StoredAgent): Promise<void> {
  const d = dirOf(stateDir, agent.id);
  const run = async (): Promise<void> => {
    await mkdir(d, { recursive: true, mode: 0o700 });
    if (!(await exists(join(d, 'module.wasm')))) await writeAtomic(join(d, 'module.wasm'), agent.module);
    if (!(await exists(join(d, 'manifest.bin')))) await writeAtomic(join(d, 'manifest.bin'), agent.manifest);
    await writeAtomic(join(d, 'state.sealed'), agent.sealed);
    await writeAtomic(join(d, 'id'), agent.id);
  };
  const next = (saving.get(d) ?? Promise.resolve()).then(run, run);
  // the chain only orders the saves: its link never rejects (the caller of this save gets its failure, e.g. the
  // directory removed while it was written because the agent left or was stopped; left unhandled it would end
  // the node's process)
  const tracked: Promise<void> = next
    .catch(() => undefined)
    .finally(() => {
      if (saving.get(d) === tracked) saving.delete(d);
    });
  saving.set(d, tracked);
  return next;
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
