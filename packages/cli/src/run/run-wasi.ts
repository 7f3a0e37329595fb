/**
 * `edgedancer run` for WASI commands: a module that imports `wasi_snapshot_preview1` (or exports `_start`)
 * runs as a command, with preopened host directories, environment and arguments, and its exit code passed
 * through, as other runtimes do.
 * @module
 */
import { readSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Module } from '@edgedancer/interpreter';
import { runWasiCommand, WasiExit, type FileSystem } from '@edgedancer/wasi';
import { HostDirectory } from '@edgedancer/wasi/host-directory';
import { UsageError } from '../args.js';

/** What a WASI run takes from the command line. */
export interface WasiRunOptions {
  /** The program name (argv[0]) and its arguments. */
  readonly args: readonly string[];
  /** `KEY=VALUE` strings. */
  readonly env: readonly string[];
  /** `HOST::GUEST` (or just `DIR`, mounted at the same path) strings. */
  readonly dirs: readonly string[];
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
    const sep = d.indexOf('::');
    const host = sep < 0 ? d : d.slice(0, sep);
    const guest = sep < 0 ? d : d.slice(sep + 2);
    if (host === '' || guest === '') throw new UsageError(`--dir ${d}: expected HOST::GUEST`);
    preopens[guest] = new HostDirectory(resolve(host));
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

/** Reads the process's stdin synchronously, as a WASI program expects. */
function readStdin(maxBytes: number): Uint8Array {
  const buf = new Uint8Array(maxBytes);
  try {
    const n = readSync(0, buf, 0, maxBytes, null);
    return buf.subarray(0, n);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EAGAIN') return readStdin(maxBytes);
    if ((e as NodeJS.ErrnoException).code === 'EOF') return new Uint8Array(0);
    throw e;
  }
}

/**
 * Runs a WASI command on the process's standard streams.
 * @returns the program's exit code (0–255)
 * @throws RuntimeError when the program traps
 */
export function runWasi(module: Module, options: WasiRunOptions): number {
  try {
    const code = runWasiCommand(module, {
      args: options.args,
      env: parseEnv(options.env),
      preopens: parseDirs(options.dirs),
      stdin: readStdin,
      stdout: (b) => writeAll(1, b),
      stderr: (b) => writeAll(2, b),
    });
    return code & 0xff;
  } catch (e) {
    if (e instanceof WasiExit) return e.exitCode & 0xff;
    throw e;
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}
