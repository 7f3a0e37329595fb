/**
 * Program runs on Edgedancer: straight through (over an in-memory file system or a host directory), and
 * migrated — run in fuel slices, and at every suspension capture store, execution and WASI state, clone them
 * (the WASI state as bytes), restore everything into a fresh store and a fresh host, continue.
 * @module
 */
import { rmSync } from 'node:fs';
import { Module } from '@edgedancer/interpreter';
import { type FileSystem, MemoryFileSystem, WasiCommand, WasiHost, type WasiOptions } from '@edgedancer/wasi';
import { HostDirectory, hostDirectoryDecoder } from '../../src/host-directory.js';
import { makeSandbox } from './node-wasi-runner.js';
import { Collector, type Outcome, treeOfDirectory, treeOfMemory } from './outcome.js';
import { type ProgramCase, programBytes } from './program-cases.js';

const modules = new Map<string, Module>();

/** The compiled module of a program (compiled once). */
export function moduleOf(wasm: string): Module {
  let m = modules.get(wasm);
  if (m === undefined) {
    m = new Module(programBytes(wasm));
    modules.set(wasm, m);
  }
  return m;
}

/** A memory file system holding a case's files, with timestamps 0 until a host mounts it. */
export function memorySandbox(files: Readonly<Record<string, string>>): MemoryFileSystem {
  const fs = new MemoryFileSystem({ now: () => 0n });
  for (const [path, text] of Object.entries(files)) fs.writeFile(path, text);
  return fs;
}

/** How to run on Edgedancer. */
export interface EdgedancerRunOptions {
  /** Deterministic clocks and random bytes. */
  readonly deterministic?: boolean;
  /** Instructions per slice; with it, the command migrates at every suspension (unless `migrate` is false). */
  readonly fuel?: number;
  /** Default true. False: suspensions only count (to measure a run in slices). */
  readonly migrate?: boolean;
}

/** A finished Edgedancer run: its outcome, how many times it migrated, and its final WASI state bytes. */
export interface EdgedancerRun {
  readonly outcome: Outcome;
  /** Suspensions (each one a migration unless `migrate` was false). */
  readonly migrations: number;
  readonly finalState: Uint8Array;
}

function hostOptions(
  c: ProgramCase,
  out: Collector,
  err: Collector,
  preopen: FileSystem,
  deterministic: boolean,
): WasiOptions {
  return {
    args: c.args,
    env: c.env,
    stdin: c.stdin,
    stdout: out.sink,
    stderr: err.sink,
    preopens: { '/sandbox': preopen },
    deterministic,
  };
}

/**
 * Runs a command, migrating at every suspension when `fuel` is given. With `checkStateBytes` (deterministic
 * runs), the restored host must export exactly the bytes it was restored from.
 */
function drive(
  command: WasiCommand,
  options: EdgedancerRunOptions,
  fresh: () => WasiHost,
): { exitCode: number; command: WasiCommand; migrations: number } {
  const fuel = options.fuel;
  const checkStateBytes = options.deterministic ?? false;
  let migrations = 0;
  let cmd = command;
  for (;;) {
    const r = cmd.run(fuel === undefined ? {} : { fuel });
    if (r.status === 'exited') return { exitCode: r.exitCode, command: cmd, migrations };
    if (options.migrate === false) {
      migrations++;
      continue;
    }
    const captured = cmd.capture();
    const clone = structuredClone({ store: captured.store, execution: captured.execution });
    cmd = WasiCommand.restore({ ...clone, wasi: captured.wasi.slice() }, cmd.module, fresh());
    if (checkStateBytes) {
      const again = cmd.wasi.exportState();
      if (again.length !== captured.wasi.length || again.some((b, i) => b !== captured.wasi[i])) {
        throw new Error(`restored WASI state exports other bytes (migration ${migrations})`);
      }
    }
    migrations++;
  }
}

/** Runs a case over an in-memory sandbox. */
export function runOnEdgedancer(c: ProgramCase, options: EdgedancerRunOptions = {}): EdgedancerRun {
  const out = new Collector();
  const err = new Collector();
  const sandbox = memorySandbox(c.files);
  const wasi = new WasiHost(hostOptions(c, out, err, sandbox, options.deterministic ?? false));
  const start = WasiCommand.instantiate(moduleOf(c.wasm), wasi);
  const fresh = (): WasiHost => new WasiHost({ stdout: out.sink, stderr: err.sink });
  const { exitCode, command, migrations } = drive(start, options, fresh);
  const fs = command.wasi.preopens().get('/sandbox') as MemoryFileSystem;
  return {
    outcome: { exitCode, stdout: out.text(), stderr: err.text(), tree: treeOfMemory(fs) },
    migrations,
    finalState: command.wasi.exportState(),
  };
}

/** Runs a case over a temporary host directory (migrating with host-directory state when `fuel` is given). */
export function runOnEdgedancerHostDirectory(c: ProgramCase, options: EdgedancerRunOptions = {}): EdgedancerRun {
  const out = new Collector();
  const err = new Collector();
  const dir = makeSandbox(c.files);
  try {
    const wasi = new WasiHost(hostOptions(c, out, err, new HostDirectory(dir), options.deterministic ?? false));
    const start = WasiCommand.instantiate(moduleOf(c.wasm), wasi);
    const fresh = (): WasiHost =>
      new WasiHost({ stdout: out.sink, stderr: err.sink, decodeFileSystem: hostDirectoryDecoder() });
    const { exitCode, command, migrations } = drive(start, options, fresh);
    return {
      outcome: { exitCode, stdout: out.text(), stderr: err.text(), tree: treeOfDirectory(dir) },
      migrations,
      finalState: command.wasi.exportState(),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Roughly how many instructions a case executes (counted in slices of 1,000). */
export function instructionsOf(c: ProgramCase): number {
  return (runOnEdgedancer(c, { deterministic: true, fuel: 1000, migrate: false }).migrations + 1) * 1000;
}
