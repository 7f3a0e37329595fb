/**
 * Shared pieces of the agent tests: the example agents' bytes (checked in under `examples/`), hosts that record
 * what agents log, drivers that run an outcome to its end, moves through encode/decode into a fresh store, and
 * an observable state (memory, globals, counters) to compare runs by.
 * @module
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { i32, Module, type WasmValue } from '@edgedancer/interpreter';
import {
  Agent,
  type AgentHost,
  type AgentOutcome,
  type AgentRestoreOptions,
  encodeSnapshot,
  type MigratingOutcome,
  type StepOptions,
} from '../src/index.js';

/** The repository root: the nearest ancestor holding `examples/`. */
export function repoRoot(): string {
  let dir = import.meta.dirname;
  while (!existsSync(join(dir, 'examples', 'kv-c'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('examples/ not found above the test');
    dir = up;
  }
  return dir;
}

/** `examples/kv-c/kv.wasm`: the key-value agent in C. */
export const KV_WASM = new Uint8Array(readFileSync(join(repoRoot(), 'examples', 'kv-c', 'kv.wasm')));
/** `examples/stats-wat/stats.wasm`: the statistics agent in WAT. */
export const STATS_WASM = new Uint8Array(readFileSync(join(repoRoot(), 'examples', 'stats-wat', 'stats.wasm')));
/** Compiled once for the tests that restore many times. */
export const KV_MODULE = new Module(KV_WASM);
export const STATS_MODULE = new Module(STATS_WASM);

const encoder = new TextEncoder();
const decoder = new TextDecoder();
export const text = (s: string): Uint8Array => encoder.encode(s);
export const str = (b: Uint8Array | null): string => (b === null ? '<null>' : decoder.decode(b));

/** A host that records log lines and lets every migration and checkpoint happen. */
export interface RecordingHost extends AgentHost {
  readonly lines: string[];
}

/** A host named `nodeName` that accepts migrations and checkpoints (checkpoints are kept encoded in `saved`). */
export function recordingHost(nodeName: string, saved: Uint8Array[] = []): RecordingHost {
  const lines: string[] = [];
  return {
    nodeName,
    lines,
    log: (line) => {
      lines.push(line);
    },
    authorizeMigration: () => 0,
    checkpoint: (snap) => {
      saved.push(encodeSnapshot(snap));
      return 0;
    },
  };
}

/** Runs a paused outcome on with `continue` until it is not paused. */
export function finish(agent: Agent, out: AgentOutcome, options: StepOptions = {}): AgentOutcome {
  let o = out;
  while (o.kind === 'paused') o = agent.continue(options);
  return o;
}

/** Serves a request to its end (through pauses). */
export function request(agent: Agent, req: string | Uint8Array, options: StepOptions = {}): AgentOutcome {
  return finish(agent, agent.serve(typeof req === 'string' ? text(req) : req, options), options);
}

/** Serves a request that must complete here, and returns its response as text. */
export function ask(agent: Agent, req: string | Uint8Array, options: StepOptions = {}): string {
  const out = request(agent, req, options);
  assert.equal(out.kind, 'done', `request ${String(req)} ended ${out.kind}`);
  return str(out.kind === 'done' ? out.response : null);
}

/** Expects a migrating outcome. */
export function migrating(out: AgentOutcome): MigratingOutcome {
  assert.equal(out.kind, 'migrating', `expected a migration, got ${out.kind}`);
  return out as MigratingOutcome;
}

/**
 * Moves an agent the way two nodes would: encode its snapshot, depart, then decode and restore it into a fresh
 * store on `host` (the bytes are all that crosses).
 */
export function moveTo(
  agent: Agent,
  out: MigratingOutcome,
  host: AgentHost,
  module: Module,
  options: AgentRestoreOptions = {},
): Agent {
  const bytes = encodeSnapshot(out.snapshot);
  agent.depart();
  return Agent.restore(bytes, module, host, options);
}

/** What a run leaves behind, to compare runs by: memory digest, globals, counters. */
export interface Observed {
  readonly memory: string;
  readonly globals: WasmValue[];
  readonly counter: bigint;
}

/** The agent's observable state. */
export function observe(agent: Agent): Observed {
  const store = agent.store;
  const globals = store.globalTypes.map((_, addr) => store.getGlobal(addr));
  return {
    memory: createHash('sha256').update(agent.memory()).digest('hex'),
    globals,
    counter: agent.migrationCounter,
  };
}

/** A `stats` request: command byte and argument bytes. */
export function statsReq(cmd: string, arg: Uint8Array | string = new Uint8Array(0)): Uint8Array {
  const a = typeof arg === 'string' ? text(arg) : arg;
  const out = new Uint8Array(1 + a.length);
  out[0] = cmd.charCodeAt(0);
  out.set(a, 1);
  return out;
}

/** The `r` (rehash) request of `stats`: rounds as u32, then the destination (may be empty). */
export function rehashReq(rounds: number, node = ''): Uint8Array {
  const n = text(node);
  const arg = new Uint8Array(4 + n.length);
  new DataView(arg.buffer).setUint32(0, rounds, true);
  arg.set(n, 4);
  return statsReq('r', arg);
}

/** A deterministic block of `n` bytes (seeded xorshift), for data to absorb. */
export function bytesOf(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** `i32(n)` as a one-element list, for `invoke`. */
export const args1 = (n: number): WasmValue[] => [i32(n)];
