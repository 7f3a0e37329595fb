/**
 * Entry point of an engine worker process: `node [V8 flags] worker-main.js`,
 * forked by the harness with an IPC channel. It loads one JS-API-shaped
 * engine, keeps one instance per program, and answers `run` requests with the
 * CPU time of the call alone (compilation is done at `prepare`). `load` times
 * module loading after a warm-up (the steady figure); `load-cold`, sent to a
 * fresh worker right after `init`, times one step the first time the engine
 * ever does it (the cold figure).
 * @module
 */
import { readFileSync } from 'node:fs';
import { checksumToString } from '../checksum.js';
import { median } from '../stats.js';
import { loadAdapter, type WasmAdapter } from './adapters.js';
import type { WorkerReply, WorkerRequest } from './protocol.js';

let adapter: WasmAdapter | undefined;
const runs = new Map<string, (n: number) => unknown>();

/** CPU time of this process (all threads), in milliseconds. */
function cpuNowMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function readBytes(path: string): Uint8Array<ArrayBuffer> {
  const buf = readFileSync(path);
  const bytes = new Uint8Array(buf.byteLength);
  bytes.set(buf);
  return bytes;
}

/** The bytes plus a custom section holding `nonce`, so engines cannot reuse a cached compilation. */
function withNonce(bytes: Uint8Array<ArrayBuffer>, nonce: number): Uint8Array<ArrayBuffer> {
  const name = [5, 0x6e, 0x6f, 0x6e, 0x63, 0x65]; // "nonce"
  const payload = [...name, nonce & 0xff, (nonce >>> 8) & 0xff, (nonce >>> 16) & 0xff, (nonce >>> 24) & 0xff];
  const out = new Uint8Array(bytes.length + 2 + payload.length);
  out.set(bytes);
  out.set([0, payload.length, ...payload], bytes.length);
  return out;
}

/** Times fn in CPU and wall-clock milliseconds. */
function timed(fn: () => unknown): { cpu: number; wall: number; value: unknown } {
  const wall0 = performance.now();
  const cpu0 = cpuNowMs();
  const value = fn();
  return { cpu: cpuNowMs() - cpu0, wall: performance.now() - wall0, value };
}

function requireAdapter(): WasmAdapter {
  if (!adapter) throw new Error('worker: init first');
  return adapter;
}

async function handle(req: WorkerRequest): Promise<unknown> {
  switch (req.op) {
    case 'init':
      adapter = await loadAdapter(req.adapter);
      return adapter.detail ?? null;
    case 'prepare': {
      const a = requireAdapter();
      const exports = a.instantiate(a.compile(readBytes(req.path)));
      const run = exports['run'];
      if (typeof run !== 'function') throw new Error(`${req.program}: no exported function 'run'`);
      runs.set(req.program, run as (n: number) => unknown);
      return null;
    }
    case 'run': {
      const run = runs.get(req.program);
      if (!run) throw new Error(`${req.program}: not prepared`);
      const t = timed(() => run(req.n));
      return { cpuMs: t.cpu, checksum: checksumToString(t.value, req.result) };
    }
    case 'load-cold': {
      const a = requireAdapter();
      const fresh = withNonce(readBytes(req.path), 0);
      const step = req.step === 'validate' ? a.validate : a.compile;
      if (!step) return null;
      const t = timed(() => step(fresh));
      if (req.step === 'validate' && t.value !== true) throw new Error('validate() returned false');
      return { cpuMs: t.cpu, wallMs: t.wall };
    }
    case 'load': {
      const a = requireAdapter();
      const bytes = readBytes(req.path);
      // Warm-up: the same steps, untimed, until the engine's own code is optimised (a JIT-run engine such as
      // Edgedancer's interpreter is first run by V8's interpreter and baseline tiers).
      for (let rep = 0; rep < req.warmup; rep++) {
        const fresh = withNonce(bytes, req.reps + rep + 1);
        if (a.validate && a.validate(fresh) !== true) throw new Error('validate() returned false');
        a.instantiate(a.compile(fresh));
      }
      const samples = { validate: [] as number[], compile: [] as number[], instantiate: [] as number[] };
      const walls = { validate: [] as number[], compile: [] as number[], instantiate: [] as number[] };
      for (let rep = 0; rep < req.reps; rep++) {
        const fresh = withNonce(bytes, rep + 1);
        if (a.validate) {
          const validate = a.validate;
          const v = timed(() => validate(fresh));
          if (v.value !== true) throw new Error('validate() returned false');
          samples.validate.push(v.cpu);
          walls.validate.push(v.wall);
        }
        const c = timed(() => a.compile(fresh));
        const i = timed(() => a.instantiate(c.value));
        samples.compile.push(c.cpu);
        walls.compile.push(c.wall);
        samples.instantiate.push(i.cpu);
        walls.instantiate.push(i.wall);
      }
      const has = samples.validate.length > 0;
      return {
        ...(has ? { validateMs: median(samples.validate) } : {}),
        compileMs: median(samples.compile),
        instantiateMs: median(samples.instantiate),
        wallMs: {
          ...(has ? { validate: median(walls.validate) } : {}),
          compile: median(walls.compile),
          instantiate: median(walls.instantiate),
        },
      };
    }
  }
}

process.on('message', (message) => {
  const req = message as WorkerRequest;
  handle(req).then(
    (value): void => {
      const reply: WorkerReply = { id: req.id, ok: true, value };
      process.send?.(reply);
    },
    (err: unknown): void => {
      const reply: WorkerReply = { id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) };
      process.send?.(reply);
    },
  );
});
