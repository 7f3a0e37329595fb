/**
 * A WASI program run by `edgedancer run` or continued by `edgedancer resume`: in fuel slices when it must stop
 * somewhere (`--fuel`), be rebuilt between slices (`--roundtrip`) or be saved on Ctrl-C
 * (`--snapshot-on-interrupt`); to its end in one go otherwise. Saving and round trips go through the real
 * snapshot codec (`@edgedancer/migration`, loaded only then) with the WASI state as the snapshot's `wasi` section.
 * @module
 */
import { Module, type StoreOptions } from '@edgedancer/interpreter';
import type { Snapshot } from '@edgedancer/migration';
import { type FileSystemDecoder, WASI_STATE_VERSION, WasiCommand, WasiHost, type WasiOptions } from '@edgedancer/wasi';
import {
  decodeSnapshotFile,
  encodeSnapshotFile,
  RUN_AGENT_ID,
  readSnapshotFile,
  writeFileAtomically,
} from './snapshot-file.js';

/** Instructions between two looks for Ctrl-C while `--snapshot-on-interrupt` is set. */
export const INTERRUPT_CHECK_SLICE = 1_000_000;

/** The host side a session runs with: its streams, and how host directories in restored state are mounted. */
export type SessionHost = Pick<WasiOptions, 'stdin' | 'stdout' | 'stderr'> & {
  readonly decodeFileSystem: FileSystemDecoder;
};

/** How a session runs. */
export interface SessionOptions {
  /** Most instructions to run (this process). */
  readonly fuel?: number;
  /** Rebuild the program from its encoded snapshot every this many instructions. */
  readonly roundtrip?: number;
  /** Save the program here on Ctrl-C or when the fuel runs out. */
  readonly snapshotFile?: string;
}

/** How a session ended. */
export type SessionEnd =
  | { readonly kind: 'exited'; readonly exitCode: number; readonly roundTrips: number }
  | { readonly kind: 'out-of-fuel' | 'interrupted'; readonly saved: string | null; readonly roundTrips: number };

/** The snapshot codec, loaded when a session saves, loads or round-trips (plain runs start faster without it). */
type Codec = typeof import('@edgedancer/migration');

function loadCodec(): Promise<Codec> {
  return import('@edgedancer/migration');
}

/** A program ready to run: its module (bytes and compiled), its command, its migration counter. */
export interface SessionProgram {
  readonly moduleBytes: Uint8Array;
  readonly module: Module;
  command: WasiCommand;
  /** The counter of the last snapshot taken of it (0 for a fresh program). */
  migrationCounter: bigint;
  /** The interpreter's tier for its stores (round trips restore with it); `interp` when absent. */
  readonly tier?: TierMode;
}

/** The interpreter's tiers (`StoreOptions['tier']`). */
export type TierMode = NonNullable<StoreOptions['tier']>;

/** A snapshot file that names something this program cannot use (kind, sections). */
export class SnapshotContentError extends Error {
  override name = 'SnapshotContentError';
  readonly code = 'bad-snapshot';
}

/**
 * Instantiates a fresh program.
 * @param moduleBytes - the module
 * @param module - it compiled
 * @param wasi - its host
 */
export function startProgram(
  moduleBytes: Uint8Array,
  module: Module,
  wasi: WasiHost,
  tier: TierMode = 'interp',
): SessionProgram {
  return {
    moduleBytes,
    module,
    command: WasiCommand.instantiate(module, wasi, { store: { tier } }),
    migrationCounter: 0n,
    tier,
  };
}

/**
 * Loads a program saved by `saveProgram` from a file, validating all of it before anything runs.
 * @param path - the snapshot file
 * @param host - this side's streams and directory decoder
 * @throws SnapshotFileError, SnapshotError, WasiStateError, CompileError, SnapshotContentError (each with a code)
 */
export async function loadProgram(path: string, host: SessionHost): Promise<SessionProgram> {
  const { decodeSnapshot, hashModule } = await loadCodec();
  const file = decodeSnapshotFile(readSnapshotFile(path));
  const moduleBytes = file.module.slice();
  const module = new Module(moduleBytes);
  const snapshot = decodeSnapshot(file.snapshot, { moduleHashes: [hashModule(moduleBytes)], agentId: RUN_AGENT_ID });
  return {
    moduleBytes,
    module,
    command: restoreCommand(snapshot, module, host),
    migrationCounter: snapshot.migrationCounter,
  };
}

function restoreCommand(snapshot: Snapshot, module: Module, host: SessionHost, tier: TierMode = 'interp'): WasiCommand {
  if (snapshot.kind !== 'strong' || snapshot.execution === null)
    throw new SnapshotContentError('the snapshot holds no running program');
  const sections = snapshot.hostSections;
  const wasi = sections.find((s) => s.name === 'wasi');
  if (wasi === undefined || sections.length !== 1)
    throw new SnapshotContentError('the snapshot must hold exactly a wasi section');
  if (wasi.version !== WASI_STATE_VERSION) throw new SnapshotContentError(`wasi section version ${wasi.version}`);
  try {
    return WasiCommand.restore(
      { store: snapshot.store, execution: snapshot.execution, wasi: wasi.bytes },
      module,
      new WasiHost(host),
      { store: { tier } },
    );
  } catch (e) {
    if (typeof (e as { code?: unknown }).code === 'string') throw e;
    throw new SnapshotContentError(`the snapshot does not fit its module: ${(e as Error).message}`);
  }
}

/** The program's snapshot, with the next migration counter. */
function snapshotOf(codec: Codec, program: SessionProgram): Uint8Array {
  const { encodeSnapshot, hashModule } = codec;
  const state = program.command.capture();
  program.migrationCounter += 1n;
  return encodeSnapshot({
    agentId: RUN_AGENT_ID,
    migrationCounter: program.migrationCounter,
    kind: 'strong',
    moduleHashes: [hashModule(program.moduleBytes)],
    store: state.store,
    execution: state.execution,
    hostSections: [{ name: 'wasi', version: WASI_STATE_VERSION, bytes: state.wasi }],
  });
}

/** Saves a suspended program to a snapshot file (written whole or not at all). */
function saveProgram(codec: Codec, program: SessionProgram, path: string): void {
  writeFileAtomically(path, encodeSnapshotFile({ module: program.moduleBytes, snapshot: snapshotOf(codec, program) }));
}

/** Encodes, decodes and restores the program into a fresh store and host (what a move does, in-process). */
function roundTrip(codec: Codec, program: SessionProgram, host: SessionHost): void {
  const bytes = snapshotOf(codec, program);
  const old = program.command.wasi;
  const snapshot = codec.decodeSnapshot(bytes, { moduleHashes: [codec.hashModule(program.moduleBytes)] });
  program.command = restoreCommand(snapshot, program.module, host, program.tier);
  closeFileSystems(old);
}

/** Releases host descriptors of a host no longer used (host directories hold their root open). */
export function closeFileSystems(wasi: WasiHost): void {
  for (const fs of wasi.fileSystems) (fs as { close?: () => void }).close?.();
}

/**
 * Runs a program until it exits, runs out of fuel, or is interrupted.
 * @param program - the program (its command is replaced on round trips)
 * @param options - fuel, round trips, where to save
 * @param host - this side's streams and directory decoder
 * @returns how it ended
 * @throws RuntimeError when the program traps
 */
export async function runSession(
  program: SessionProgram,
  options: SessionOptions,
  host: SessionHost,
): Promise<SessionEnd> {
  const save = options.snapshotFile;
  const codec = save !== undefined || options.roundtrip !== undefined ? await loadCodec() : undefined;
  let remaining = options.fuel ?? Infinity;
  const slice = options.roundtrip ?? (save !== undefined ? INTERRUPT_CHECK_SLICE : Infinity);
  let roundTrips = 0;
  let interrupted = false;
  const onInterrupt = (): void => {
    interrupted = true;
  };
  if (save !== undefined) process.on('SIGINT', onInterrupt);
  try {
    for (;;) {
      const budget = Math.min(remaining, slice);
      const r = program.command.run(budget === Infinity ? {} : { fuel: budget });
      if (r.status === 'exited') return { kind: 'exited', exitCode: r.exitCode, roundTrips };
      remaining -= budget;
      if (remaining <= 0) {
        if (save !== undefined) saveProgram(codec!, program, save);
        return { kind: 'out-of-fuel', saved: save ?? null, roundTrips };
      }
      if (save !== undefined) {
        // Let the event loop deliver a pending Ctrl-C.
        await new Promise((resolve) => setImmediate(resolve));
        if (interrupted) {
          saveProgram(codec!, program, save);
          return { kind: 'interrupted', saved: save, roundTrips };
        }
      }
      if (options.roundtrip !== undefined) {
        roundTrip(codec!, program, host);
        roundTrips++;
      }
    }
  } finally {
    if (save !== undefined) process.off('SIGINT', onInterrupt);
  }
}
