/**
 * Agents persisted in a node's state directory: `agents/<id>/` holds the module, the manifest and the agent's
 * state as a record sealed inside its enclave (sealing policy `mrenclave`, the agent id as associated data) and
 * bound to a counter of the platform store; the enclave refuses a record that is not the latest
 * (`enclave/sealed-record.ts`). The host only stores the bytes: the sealed state as the parts the enclave handed
 * out (`sealed-state-file.ts`), written and read back without joining them into one buffer.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { access, mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readStateParts, stateFilePieces } from './sealed-state-file.js';

/** One agent to save: its sealed state as the enclave's sealed parts, in order. */
export interface AgentToSave {
  readonly id: string;
  readonly module: Uint8Array;
  readonly manifest: Uint8Array;
  readonly parts: readonly Uint8Array[];
}

/** One persisted agent, as found at start-up: its sealed state stays in its file until it is restored. */
export interface StoredAgent {
  readonly id: string;
  readonly module: Uint8Array;
  readonly manifest: Uint8Array;
  /** The `state.sealed` file. */
  readonly statePath: string;
}

const dirOf = (stateDir: string, id: string): string => join(stateDir, 'agents', Buffer.from(id).toString('hex'));

/**
 * Writes a file whole under a temporary name (one gathered write of `pieces`, then fsync), then renames it over
 * the old one; all of it in the file system's thread pool, off the event loop's thread.
 */
async function writeAtomic(path: string, pieces: readonly Uint8Array[]): Promise<void> {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const f = await open(tmp, 'w', 0o600);
  try {
    const want = pieces.reduce((n, p) => n + p.length, 0);
    const { bytesWritten } = await f.writev(pieces as Uint8Array[], 0);
    if (bytesWritten !== want) throw new Error(`short write of ${path}: ${bytesWritten} of ${want} bytes`);
    await f.sync();
  } finally {
    await f.close();
  }
  await rename(tmp, path);
}

const utf8 = (s: string): Uint8Array[] => [Buffer.from(s)];

const exists = (path: string): Promise<boolean> =>
  access(path).then(
    () => true,
    () => false,
  );

/** Saves and removals under way, per agent directory: one at a time, in order. */
const saving = new Map<string, Promise<void>>();

/**
 * Runs `run` on agent directory `d` after every save or removal of it queued before.
 * @returns `run`'s result (its failure too)
 */
function queued(d: string, run: () => Promise<void>): Promise<void> {
  const next = (saving.get(d) ?? Promise.resolve()).then(run, run);
  // the chain only orders the operations: its link never rejects (the caller of this save gets its failure, e.g.
  // the directory removed while it was written because the agent left or was stopped; left unhandled it would
  // end the node's process)
  const tracked: Promise<void> = next
    .catch(() => undefined)
    .finally(() => {
      if (saving.get(d) === tracked) saving.delete(d);
    });
  saving.set(d, tracked);
  return next;
}

/**
 * Saves an agent: its files are written through the file system's thread pool (a large sealed state never holds
 * the node's event loop), one save of an agent at a time.
 * @param stateDir - the node's state directory
 * @param agent - id, module, manifest, sealed parts
 */
export function saveAgent(stateDir: string, agent: AgentToSave): Promise<void> {
  const d = dirOf(stateDir, agent.id);
  return queued(d, async () => {
    await mkdir(d, { recursive: true, mode: 0o700 });
    if (!(await exists(join(d, 'module.wasm')))) await writeAtomic(join(d, 'module.wasm'), [agent.module]);
    if (!(await exists(join(d, 'manifest.bin')))) await writeAtomic(join(d, 'manifest.bin'), [agent.manifest]);
    // the id first (once): an agent directory with a state always names its agent
    if (!(await exists(join(d, 'id')))) await writeAtomic(join(d, 'id'), utf8(agent.id));
    await writeAtomic(join(d, 'state.sealed'), stateFilePieces(agent.parts));
  });
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
 * Forgets an agent without holding up the event loop: unlinking a large state file takes a while (hundreds of
 * milliseconds for 256 MiB on a loaded machine), and on a move's path that time was the users' wait. Queued
 * with the directory's saves (a save after it writes a new directory). Failures are ignored: what is left is
 * stale (its counter is gone) and refused at start-up.
 * @param stateDir - the node's state directory
 * @param id - the agent
 * @returns when removed (never rejects)
 */
export function removeAgentLater(stateDir: string, id: string): Promise<void> {
  const d = dirOf(stateDir, id);
  // in the directory's queue: after the saves before it, and before any save of a later arrival of the agent
  return queued(d, () => rm(d, { recursive: true, force: true })).catch(() => undefined);
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
      statePath: join(d, 'state.sealed'),
    });
  }
  return out;
}

/**
 * A stored agent's sealed state, read part by part, each part into a buffer of its own (the file is closed when
 * the reading ends, also when it stops early).
 * @param stored - the agent found at start-up
 * @returns the parts in order
 * @throws Error `bad-sealed-state` when the file does not split into parts
 */
export async function* storedStateParts(stored: StoredAgent): AsyncGenerator<Uint8Array> {
  const f = await open(stored.statePath, 'r');
  try {
    yield* readStateParts(f);
  } finally {
    await f.close();
  }
}
