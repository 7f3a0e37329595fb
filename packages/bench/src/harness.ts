/**
 * The benchmark run: finds the engines, calibrates n per engine and program,
 * then takes samples interleaved across engines (A B C, C B A, …), checks
 * every result against V8's checksum, and measures module loading and (when
 * the interpreter supports it) snapshots.
 * @module
 */
import { cpus } from 'node:os';
import { calibrate, warmUp } from './calibrate.js';
import { allEngines, BASELINE_ENGINE } from './engines/catalog.js';
import type { ColdLoadSample, EngineDriver, EngineSession, LoadSample, RunSample } from './engines/engine-types.js';
import { PROGRAMS, type Program, programById, readProgram } from './programs.js';
import { ReferenceChecksums } from './reference.js';
import {
  type BenchReport,
  type EngineInfo,
  type LoadResult,
  REPORT_SCHEMA,
  type RunStatus,
} from './report/report-types.js';
import { measureSnapshots, type SnapshotReport } from './snapshot-bench.js';
import { summarizeRuns } from './summarize.js';

/** Options of one harness run. */
export interface BenchOptions {
  /** Fewer repetitions and shorter samples (the whole run stays under a minute). */
  readonly quick?: boolean;
  /** Engine ids to run (default: all). */
  readonly engines?: readonly string[];
  /** Program ids to run (default: all). */
  readonly programs?: readonly string[];
  /** Timed samples per engine and program. */
  readonly reps?: number;
  /** Wanted CPU ms of one timed sample (slow engines run a smaller n). */
  readonly targetMs?: number;
  /**
   * Wanted CPU ms of one warm-up run of an engine that warms (a JIT): calibration and warm-up run at this size,
   * at least `targetMs`, whatever the sample size (default 250 in both modes).
   */
  readonly warmMs?: number;
  /** Timed repetitions of the steady module-loading measurements. */
  readonly loadReps?: number;
  /** Untimed repetitions of module loading before the steady ones. */
  readonly loadWarmup?: number;
  /** Fresh processes per step for the cold module-loading figure (0: no cold figure). */
  readonly coldReps?: number;
  /** Measure snapshots when the interpreter supports them (default true). */
  readonly snapshots?: boolean;
  /** Progress lines (default: none). */
  readonly log?: (line: string) => void;
}

/**
 * Settings of `--quick`: fewer and shorter samples, but the warm-up of a full run (`warmMs`), so that a JIT-run
 * engine (the JavaScript tier most of all) is measured warm in both modes.
 */
export const QUICK_SETTINGS = { reps: 3, targetMs: 60, warmMs: 250, loadReps: 5, loadWarmup: 5, coldReps: 3 } as const;
/** Settings of a full run. */
export const FULL_SETTINGS = { reps: 5, targetMs: 250, warmMs: 250, loadReps: 9, loadWarmup: 10, coldReps: 5 } as const;

/** Engines left out of `--quick` unless asked for by name, and why. */
export const QUICK_EXCLUDED: ReadonlyMap<string, string> = new Map([
  ['wabt-js', 'left out of --quick (each run starts a process that idles ~0.5 s); name it in --engines to include it'],
]);

/** A checksum that differs from V8's. */
class ChecksumMismatchError extends Error {}

/** Mutable bookkeeping of one engine on one program. */
interface Pair {
  readonly session: EngineSession;
  readonly program: Program;
  status: RunStatus;
  n?: number;
  checksum?: string;
  note?: string;
  readonly samples: number[];
}

function selectEngines(ids: readonly string[] | undefined): EngineDriver[] {
  const all = allEngines();
  if (!ids) return all;
  for (const id of ids) {
    if (!all.some((d) => d.spec.id === id)) {
      throw new RangeError(`unknown engine '${id}' (known: ${all.map((d) => d.spec.id).join(', ')})`);
    }
  }
  return all.filter((d) => ids.includes(d.spec.id));
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Runs once and compares with V8's checksum; a mismatch throws. */
async function checkedRun(pair: Pair, refs: ReferenceChecksums, n: number): Promise<RunSample> {
  const sample = await pair.session.run(pair.program, n);
  const expected = refs.get(pair.program, n);
  if (sample.checksum !== expected) {
    throw new ChecksumMismatchError(`checksum ${sample.checksum} at n=${n}, V8 gives ${expected}`);
  }
  pair.checksum = expected;
  return sample;
}

function fail(pair: Pair, err: unknown): void {
  pair.status = err instanceof ChecksumMismatchError ? 'mismatch' : 'error';
  pair.note = errorText(err);
}

async function startEngines(
  drivers: EngineDriver[],
  excluded: ReadonlyMap<string, string>,
  log: (line: string) => void,
): Promise<{ infos: EngineInfo[]; sessions: EngineSession[] }> {
  const infos: EngineInfo[] = [];
  const sessions: EngineSession[] = [];
  for (const driver of drivers) {
    const { spec } = driver;
    const reason = excluded.get(spec.id) ?? (await driver.probe());
    let session: EngineSession | undefined;
    let note = reason;
    if (reason === undefined) {
      try {
        session = await driver.start();
        sessions.push(session);
        note = session.detail;
      } catch (err) {
        note = errorText(err);
      }
    }
    infos.push({ ...spec, available: session !== undefined, ...(note !== undefined ? { note } : {}) });
    log(
      session
        ? `engine ${spec.id}: ready (${spec.description}${note ? `; ${note}` : ''})`
        : `engine ${spec.id}: skipped: ${note}`,
    );
  }
  return { infos, sessions };
}

async function measureRuns(
  sessions: readonly EngineSession[],
  programs: readonly Program[],
  settings: { reps: number; targetMs: number; warmMs: number },
  refs: ReferenceChecksums,
  log: (line: string) => void,
): Promise<Pair[]> {
  const pairs: Pair[] = [];
  for (const program of programs) {
    for (const session of sessions) {
      const pair: Pair = { session, program, status: 'ok', samples: [] };
      pairs.push(pair);
      try {
        await session.prepare(program);
        const targetMs = Math.max(settings.targetMs, session.minSampleMs?.(program) ?? 0);
        const run = (n: number): Promise<RunSample> => checkedRun(pair, refs, n);
        if (session.warms) {
          // The same warm-up in every mode: runs of `warmMs` until two agree, then n for the samples' size.
          const warmMs = Math.max(settings.warmMs, targetMs);
          pair.n = await warmUp(run, await calibrate(run, program.nRef, warmMs), program.nRef, targetMs);
        } else pair.n = await calibrate(run, program.nRef, targetMs);
        log(`calibrated ${session.spec.id} on ${program.id}: n=${pair.n} of ${program.nRef}`);
      } catch (err) {
        fail(pair, err);
        log(`${session.spec.id} on ${program.id}: ${pair.status}: ${pair.note}`);
      }
    }
  }
  for (let rep = 0; rep < settings.reps; rep++) {
    log(`round ${rep + 1} of ${settings.reps}`);
    for (const program of programs) {
      const row = pairs.filter((p) => p.program === program);
      for (const pair of rep % 2 === 0 ? row : [...row].reverse()) {
        if (pair.status !== 'ok' || pair.n === undefined) continue;
        try {
          pair.samples.push((await checkedRun(pair, refs, pair.n)).cpuMs);
        } catch (err) {
          fail(pair, err);
          log(`${pair.session.spec.id} on ${program.id}: ${pair.status}: ${pair.note}`);
        }
      }
    }
  }
  return pairs;
}

/**
 * Module loading: for each worker engine, a cold figure (each step the first thing a fresh process does, median
 * over `coldReps` processes) and a steady one (median of `loadReps` after `loadWarmup` untimed repetitions).
 */
async function measureLoad(
  sessions: readonly EngineSession[],
  programs: readonly Program[],
  settings: { readonly loadReps: number; readonly loadWarmup: number; readonly coldReps: number },
  refs: ReferenceChecksums,
  log: (line: string) => void,
): Promise<LoadResult[]> {
  const results: LoadResult[] = [];
  for (const program of programs) {
    const bytes = readProgram(program).length;
    for (const session of sessions) {
      if (session.spec.kind !== 'worker') continue;
      const base = { engine: session.spec.id, program: program.id, bytes };
      let checksum: LoadResult['checksum'] = 'ok';
      let note: string | undefined;
      try {
        await session.prepare(program);
        const sample = await session.run(program, 1);
        if (sample.checksum !== refs.get(program, 1)) {
          checksum = 'mismatch';
          note = `run(1) gave ${sample.checksum}, V8 gives ${refs.get(program, 1)}`;
        }
        const load = await session.load(program, settings.loadReps, settings.loadWarmup);
        if (!load) continue;
        const cold =
          settings.coldReps > 0 && session.loadCold ? await session.loadCold(program, settings.coldReps) : undefined;
        results.push({ ...base, checksum, ...loadFigures(bytes, load, cold), ...(note ? { note } : {}) });
        const coldText = cold ? `, cold ${cold.compileMs.toFixed(1)} ms` : '';
        log(`load ${session.spec.id} on ${program.id}: compile steady ${load.compileMs.toFixed(1)} ms${coldText}`);
      } catch (err) {
        results.push({ ...base, checksum: 'error', note: errorText(err) });
        log(`load ${session.spec.id} on ${program.id}: error: ${errorText(err)}`);
      }
    }
  }
  return results;
}

/** Megabytes (10^6 bytes) per second of `bytes` done in `ms`; `undefined` without a positive time. */
function mbps(bytes: number, ms: number | undefined): number | undefined {
  return ms !== undefined && ms > 0 ? bytes / 1e6 / (ms / 1000) : undefined;
}

/**
 * The report fields of one engine's module loading: the steady and cold times with their throughputs.
 * @param bytes the module's size
 * @param load the steady figures
 * @param cold the cold figures, when measured
 * @returns the fields of a `LoadResult` after engine, program, bytes and checksum
 * @example loadFigures(1_000_000, { compileMs: 20, instantiateMs: 1, wallMs: { compile: 20, instantiate: 1 } }).compileMBps // 50
 */
export function loadFigures(
  bytes: number,
  load: LoadSample,
  cold?: ColdLoadSample,
): Omit<LoadResult, 'engine' | 'program' | 'bytes' | 'checksum'> {
  const out: { -readonly [K in keyof LoadResult]?: LoadResult[K] } = { ...load };
  const set = <K extends keyof LoadResult>(key: K, value: LoadResult[K] | undefined): void => {
    if (value !== undefined) out[key] = value;
  };
  set('validateMBps', mbps(bytes, load.validateMs));
  set('compileMBps', mbps(bytes, load.compileMs));
  if (cold) {
    set('coldValidateMs', cold.validateMs);
    set('coldValidateMBps', mbps(bytes, cold.validateMs));
    set('coldCompileMs', cold.compileMs);
    set('coldCompileMBps', mbps(bytes, cold.compileMs));
    set('coldWallMs', cold.wallMs);
  }
  return out as Omit<LoadResult, 'engine' | 'program' | 'bytes' | 'checksum'>;
}

/**
 * Runs the benchmark and returns its report (write it with `writeReport`).
 * @param options what to run and how long
 * @returns the report
 * @throws {RangeError} for an unknown engine or program id
 * @example const report = await runBench({ quick: true, log: console.log });
 */
export async function runBench(options: BenchOptions = {}): Promise<BenchReport> {
  const log = options.log ?? ((): void => {});
  const defaults = options.quick ? QUICK_SETTINGS : FULL_SETTINGS;
  const settings = {
    reps: options.reps ?? defaults.reps,
    targetMs: options.targetMs ?? defaults.targetMs,
    warmMs: options.warmMs ?? defaults.warmMs,
    loadReps: options.loadReps ?? defaults.loadReps,
    loadWarmup: options.loadWarmup ?? defaults.loadWarmup,
    coldReps: options.coldReps ?? defaults.coldReps,
  };
  const selected = options.programs ? options.programs.map(programById) : [...PROGRAMS];
  const drivers = selectEngines(options.engines);
  const refs = new ReferenceChecksums();
  const excluded = options.quick && !options.engines ? QUICK_EXCLUDED : new Map<string, string>();
  const { infos, sessions } = await startEngines(drivers, excluded, log);
  try {
    const pairs = await measureRuns(
      sessions,
      selected.filter((p) => p.kind === 'run'),
      settings,
      refs,
      log,
    );
    const load = await measureLoad(
      sessions,
      selected.filter((p) => p.kind === 'load'),
      settings,
      refs,
      log,
    );
    const snapshots: SnapshotReport =
      options.snapshots === false ? { status: 'unavailable', reason: 'not requested' } : await measureSnapshots();
    log(`snapshots: ${snapshots.status}${'reason' in snapshots ? `: ${snapshots.reason}` : ''}`);
    const { runs, geomean } = summarizeRuns(
      pairs.map((p) => ({
        engine: p.session.spec.id,
        program: p.program,
        status: p.status,
        samples: p.samples,
        ...(p.n !== undefined ? { n: p.n } : {}),
        ...(p.checksum !== undefined ? { checksum: p.checksum } : {}),
        ...(p.note !== undefined ? { note: p.note } : {}),
      })),
      infos.filter((e) => e.available).map((e) => e.id),
      BASELINE_ENGINE,
    );
    return {
      schema: REPORT_SCHEMA,
      createdAt: new Date().toISOString(),
      mode: options.quick ? 'quick' : 'full',
      settings,
      environment: {
        node: process.version,
        v8: process.versions.v8,
        platform: process.platform,
        arch: process.arch,
        cpu: cpus()[0]?.model ?? 'unknown',
        cores: cpus().length,
      },
      baseline: BASELINE_ENGINE,
      engines: infos,
      programs: selected.map((p) => ({
        id: p.id,
        description: p.description,
        source: p.source,
        result: p.result,
        nRef: p.nRef,
        kind: p.kind,
        bytes: readProgram(p).length,
      })),
      runs,
      geomean,
      load,
      snapshots,
    };
  } finally {
    await Promise.all(sessions.map((s) => s.close()));
  }
}
