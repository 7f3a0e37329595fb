/**
 * Engines that run inside a forked Node process: V8 with chosen tiers,
 * polywasm, Edgedancer. The child is `worker/worker-main.js`, started with the
 * engine's V8 flags, and talks over Node's IPC channel.
 * @module
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type Program, programPath } from '../programs.js';
import { median } from '../stats.js';
import type { AdapterName, LoadStep, WorkerReply, WorkerRequest } from '../worker/protocol.js';
import type { ColdLoadSample, EngineDriver, EngineSession, EngineSpec, LoadSample, RunSample } from './engine-types.js';

const WORKER_PATH = fileURLToPath(new URL('../worker/worker-main.js', import.meta.url));

/** How long one request may take before the worker is killed. */
export const WORKER_TIMEOUT_MS = 300_000;

type Pending = { resolve: (value: unknown) => void; reject: (err: Error) => void; timer: NodeJS.Timeout };

/** Distributive Omit, so each request variant keeps its own fields. */
type RequestBody = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

/** A forked worker with request/reply bookkeeping. */
class WorkerSession implements EngineSession {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private exited: string | undefined;
  detail?: string;
  readonly warms = true;

  constructor(
    readonly spec: EngineSpec,
    private readonly child: ChildProcess,
    /** Starts another session of the same engine in a fresh process. */
    private readonly startFresh: () => Promise<WorkerSession>,
  ) {
    child.on('message', (message) => {
      const reply = message as WorkerReply;
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      clearTimeout(p.timer);
      if (reply.ok) p.resolve(reply.value);
      else p.reject(new Error(reply.error));
    });
    child.on('exit', (code, signal) => {
      this.exited = `worker exited (${signal ?? `code ${code}`})`;
      for (const p of this.pending.values()) {
        clearTimeout(p.timer);
        p.reject(new Error(this.exited));
      }
      this.pending.clear();
    });
  }

  request(body: RequestBody): Promise<unknown> {
    if (this.exited) return Promise.reject(new Error(this.exited));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.child.kill('SIGKILL');
        reject(new Error(`timed out after ${WORKER_TIMEOUT_MS} ms`));
      }, WORKER_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      this.child.send({ ...body, id } as WorkerRequest);
    });
  }

  async prepare(program: Program): Promise<void> {
    await this.request({ op: 'prepare', program: program.id, path: programPath(program) });
  }

  async run(program: Program, n: number): Promise<RunSample> {
    return (await this.request({ op: 'run', program: program.id, n, result: program.result })) as RunSample;
  }

  async load(program: Program, reps: number, warmup = 0): Promise<LoadSample | undefined> {
    return (await this.request({ op: 'load', path: programPath(program), warmup, reps })) as LoadSample;
  }

  async loadCold(program: Program, reps: number): Promise<ColdLoadSample> {
    const time = async (step: LoadStep): Promise<{ cpuMs: number; wallMs: number } | null> => {
      const fresh = await this.startFresh();
      try {
        return (await fresh.request({ op: 'load-cold', path: programPath(program), step })) as {
          cpuMs: number;
          wallMs: number;
        } | null;
      } finally {
        await fresh.close();
      }
    };
    const samples = {
      validate: [] as { cpuMs: number; wallMs: number }[],
      compile: [] as { cpuMs: number; wallMs: number }[],
    };
    for (let rep = 0; rep < reps; rep++) {
      const v = await time('validate');
      if (v) samples.validate.push(v);
      const c = await time('compile');
      if (!c) throw new Error('cold compile gave no time');
      samples.compile.push(c);
    }
    const cpu = (xs: { cpuMs: number }[]): number => median(xs.map((x) => x.cpuMs));
    const wall = (xs: { wallMs: number }[]): number => median(xs.map((x) => x.wallMs));
    const has = samples.validate.length > 0;
    return {
      ...(has ? { validateMs: cpu(samples.validate) } : {}),
      compileMs: cpu(samples.compile),
      wallMs: { ...(has ? { validate: wall(samples.validate) } : {}), compile: wall(samples.compile) },
    };
  }

  async close(): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
    await done;
    clearTimeout(timer);
  }
}

/**
 * A driver for a JS-API-shaped engine run in a Node child process.
 * @param spec the engine's description
 * @param adapter which engine the worker loads
 * @param nodeFlags V8/Node flags for the child (e.g. `--no-liftoff`)
 * @returns the driver; starting it forks the worker and loads the engine
 */
export function workerEngine(spec: EngineSpec, adapter: AdapterName, nodeFlags: readonly string[]): EngineDriver {
  const start = async (): Promise<WorkerSession> => {
    const child = fork(WORKER_PATH, [], { execArgv: [...nodeFlags], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const session = new WorkerSession(spec, child, start);
    try {
      const detail = await session.request({ op: 'init', adapter });
      if (typeof detail === 'string') session.detail = detail;
    } catch (err) {
      await session.close();
      throw err;
    }
    return session;
  };
  return {
    spec,
    start,
    // Whether the engine loads is only known by starting it: start() rejects with the reason.
    async probe() {
      return undefined;
    },
  };
}
