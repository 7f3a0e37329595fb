/**
 * `edgedancer run` for WASI commands: a module that imports `wasi_snapshot_preview1` (or exports `_start`)
 * runs as a command, with preopened host directories, environment and arguments, and its exit code passed
 * through, as other runtimes do; `--fuel`, `--roundtrip` and `--snapshot-on-interrupt` run it as a session
 * (`wasi-session.ts`). `edgedancer resume` continues a saved one with the same messages and statuses.
 * @module
 */
import { readSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Module } from '@edgedancer/interpreter';
import { type FileSystem, WasiHost } from '@edgedancer/wasi';
import { HostDirectory, hostDirectoryDecoder } from '@edgedancer/wasi/host-directory';
import { UsageError } from '../args.js';
import { ExitCode, type Io } from '../io.js';
import {
  closeFileSystems,
  runSession,
  type SessionHost,
  type SessionOptions,
  type SessionProgram,
  startProgram,
  type TierMode,
} from './wasi-session.js';

/** What a WASI run takes from the command line. */
export interface WasiRunOptions {
  /** The program name (argv[0]) and its arguments. */
  readonly args: readonly string[];
  /** `KEY=VALUE` strings. */
  readonly env: readonly string[];
  /** `HOST::GUEST` (or just `DIR`, mounted at the same path) strings. */
  readonly dirs: readonly string[];
  /** The interpreter's tier. */
  readonly tier?: TierMode;
}

/**
 * Splits `A::B` (or a lone `A`, meaning `A::A`).
 * @throws UsageError on an empty part
 */
function splitPair(option: string, value: string, expected: string): [string, string] {
  const sep = value.indexOf('::');
  const a = sep < 0 ? value : value.slice(0, sep);
  const b = sep < 0 ? value : value.slice(sep + 2);
  if (a === '' || b === '') throw new UsageError(`--${option} ${value}: expected ${expected}`);
  return [a, b];
}

/** Whether a module is a WASI command rather than a library of exported functions. */
export function isWasiCommand(imports: readonly { module: string }[], exports: readonly { name: string }[]): boolean {
  return imports.some((i) => i.module === 'wasi_snapshot_preview1') || exports.some((e) => e.name === '_start');
}

/**
 * Parses `--dir` values into preopens.
 * @throws UsageError on an empty part
 */
export function parseDirs(dirs: readonly string[]): Record<string, FileSystem> {
  const preopens: Record<string, FileSystem> = {};
  for (const d of dirs) {
    const [host, guest] = splitPair('dir', d, 'HOST::GUEST');
    try {
      preopens[guest] = new HostDirectory(resolve(host));
    } catch {
      throw new UsageError(`--dir ${d}: ${host} is not a directory`);
    }
  }
  return preopens;
}

/**
 * Parses `--env` values.
 * @throws UsageError when a value has no `=`
 */
export function parseEnv(env: readonly string[]): string[] {
  for (const e of env) if (!e.includes('=')) throw new UsageError(`--env ${e}: expected KEY=VALUE`);
  return [...env];
}

/** A cell to sleep on while a non-blocking standard stream is not ready. */
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** Waits a millisecond (the stream is a non-blocking pipe or terminal that is not ready). */
function waitForStream(): void {
  Atomics.wait(sleepCell, 0, 0, 1);
}

/** Reads the process's stdin synchronously, as a WASI program expects. */
function readStdin(maxBytes: number): Uint8Array {
  const buf = new Uint8Array(maxBytes);
  for (;;) {
    try {
      const n = readSync(0, buf, 0, maxBytes, null);
      return buf.subarray(0, n);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EOF') return new Uint8Array(0);
      if (code !== 'EAGAIN') throw e;
      waitForStream();
    }
  }
}

/**
 * This process's side of a WASI program: its standard streams, and host directories of restored state mounted
 * where they were recorded, or where `--map-dir RECORDED::HERE` says.
 * @param mapDirs - `RECORDED::HERE` strings
 * @throws UsageError on a malformed value
 */
export function processSessionHost(mapDirs: readonly string[] = []): SessionHost {
  const map = new Map<string, string>();
  for (const m of mapDirs) {
    const [from, to] = splitPair('map-dir', m, 'RECORDED::HERE');
    map.set(resolve(from), resolve(to));
  }
  return {
    stdin: readStdin,
    stdout: (b) => writeAll(1, b),
    stderr: (b) => writeAll(2, b),
    decodeFileSystem: hostDirectoryDecoder((recorded) => map.get(recorded) ?? recorded),
  };
}

/**
 * Runs a WASI program on the process's standard streams to its end, its fuel's end or an interrupt, and reports
 * how it ended on `io`.
 * @param program - a fresh or restored program
 * @param options - fuel, round trips, snapshot file
 * @param host - this process's streams
 * @param io - where messages go
 * @param prefix - `edgedancer run` or `edgedancer resume`
 * @returns the exit status: the program's exit code, 2 out of fuel, 130 interrupted
 * @throws RuntimeError when the program traps
 */
export async function runWasiProgram(
  program: SessionProgram,
  options: SessionOptions,
  host: SessionHost,
  io: Io,
  prefix: string,
): Promise<number> {
  try {
    const end = await runSession(program, options, host);
    if (options.roundtrip !== undefined) io.err(`${end.roundTrips} round trips`);
    if (end.kind === 'exited') return end.exitCode & 0xff;
    const saved = end.saved === null ? '' : `; saved to ${end.saved} (continue with: edgedancer resume ${end.saved})`;
    if (end.kind === 'out-of-fuel') {
      io.err(`${prefix}: out of fuel after ${options.fuel ?? 0} instructions${saved}`);
      return ExitCode.OutOfFuel;
    }
    io.err(`${prefix}: interrupted${saved}`);
    return ExitCode.Interrupted;
  } finally {
    closeFileSystems(program.command.wasi);
  }
}

/**
 * Runs a WASI command given on the command line.
 * @returns the exit status
 * @throws UsageError for bad `--dir`/`--env`; LinkError, RuntimeError from the program
 */
export async function runWasi(
  moduleBytes: Uint8Array,
  module: Module,
  options: WasiRunOptions & SessionOptions,
  io: Io,
): Promise<number> {
  const host = processSessionHost();
  const wasi = new WasiHost({
    ...host,
    args: options.args,
    env: parseEnv(options.env),
    preopens: parseDirs(options.dirs),
  });
  return runWasiProgram(startProgram(moduleBytes, module, wasi, options.tier), options, host, io, 'edgedancer run');
}

/** Writes all of `bytes`, waiting while a non-blocking pipe is full (`EAGAIN`). */
function writeAll(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) {
    try {
      off += writeSync(fd, bytes, off, bytes.length - off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      waitForStream();
    }
  }
}
