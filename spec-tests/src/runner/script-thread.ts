/**
 * Threads in scripts: `(thread $T (shared (module $M)) …)` runs its commands in a `worker_threads` worker,
 * with a fresh engine of the same kind and options, where each shared module is an instance whose exports
 * are the original's shared memories (adopted over the same bytes; functions and other exports are not
 * shared, as the threads proposal's tests only share memories). `(wait $T)` awaits the worker's outcomes.
 *
 * The same file is the worker's entry point: run with `workerData`, it runs the thread and posts its outcome.
 * @module
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { EngineExtern, EngineInstance } from '../engine/engine.js';
import type { ScriptOutcome } from './outcome.js';

/** A shared module as it travels to a thread: its shared memories by export name. */
export interface SharedModule {
  readonly name: string;
  readonly memories: readonly { readonly name: string; readonly handle: unknown }[];
}

/** A running thread: resolves with its commands' outcomes (a crashed worker gives one failed outcome). */
export type ThreadRun = Promise<ScriptOutcome>;

interface ThreadData {
  readonly threadScript: string;
  readonly shared: readonly SharedModule[];
  readonly config: { readonly engine: string; readonly options: object };
}

/**
 * Starts a thread.
 * @param script the thread's commands as script text
 * @param shared the modules it shares with its parent
 * @param config the engine to make in the thread
 */
export function startThread(script: string, shared: readonly SharedModule[], config: ThreadData['config']): ThreadRun {
  return new Promise((resolve) => {
    const data: ThreadData = { threadScript: script, shared, config };
    const worker = new Worker(new URL(import.meta.url), { workerData: data });
    const fail = (detail: string): void =>
      resolve({ outcomes: [{ line: 1, command: 'thread', passed: false, detail }], suspensions: 0 });
    worker.once('message', (m: ScriptOutcome) => resolve(m));
    worker.once('error', (e) => fail(`thread failed: ${e instanceof Error ? e.message : String(e)}`));
    worker.once('exit', (code) => fail(`thread exited (${code}) without an outcome`));
  });
}

async function runThread(data: ThreadData): Promise<ScriptOutcome> {
  const { createEngineFactory } = await import('../engine/create-engine.js');
  const { runScript } = await import('./run-script.js');
  const engine = (await createEngineFactory(data.config.engine, data.config.options))();
  const presets = new Map<string, EngineInstance>();
  for (const m of data.shared) {
    const exports = new Map<string, EngineExtern>();
    for (const mem of m.memories) exports.set(mem.name, engine.adoptMemory!(mem.handle));
    presets.set(m.name, { exportOf: (n) => exports.get(n), exportNames: () => [...exports.keys()] });
  }
  return runScript(data.threadScript, engine, undefined, presets);
}

if (!isMainThread && parentPort !== null && (workerData as Partial<ThreadData> | null)?.threadScript !== undefined) {
  const port = parentPort;
  runThread(workerData as ThreadData).then(
    (outcome) => port.postMessage(outcome),
    (e: unknown) =>
      port.postMessage({
        outcomes: [{ line: 1, command: 'thread', passed: false, detail: String(e) }],
        suspensions: 0,
      }),
  );
}
