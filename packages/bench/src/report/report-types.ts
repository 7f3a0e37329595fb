/**
 * The shape of a benchmark report: what the JSON file holds and what the
 * Markdown and SVG renderers read.
 * @module
 */
import type { ChecksumType } from '../checksum.js';
import type { EngineKind } from '../engines/engine-types.js';
import type { ProgramKind } from '../programs.js';
import type { SnapshotReport } from '../snapshot-bench.js';

/** Schema tag of the JSON report; bump on incompatible changes. */
export const REPORT_SCHEMA = 'edgedancer-bench/2';

/** Outcome of one engine on one program. */
export type RunStatus = 'ok' | 'mismatch' | 'error' | 'skipped';

/** An engine as it was found on this machine. */
export interface EngineInfo {
  readonly id: string;
  readonly label: string;
  readonly kind: EngineKind;
  readonly description: string;
  readonly available: boolean;
  /** Why it is unavailable, or a remark. */
  readonly note?: string;
}

/** A program as it was run. */
export interface ProgramInfo {
  readonly id: string;
  readonly description: string;
  readonly source: string;
  readonly result: ChecksumType;
  readonly nRef: number;
  readonly kind: ProgramKind;
  readonly bytes: number;
}

/** One engine on one program. */
export interface RunResult {
  readonly engine: string;
  readonly program: string;
  readonly status: RunStatus;
  /** The n each timed sample used (chosen by calibration, at most nRef). */
  readonly n?: number;
  /** CPU ms of each timed sample at `n`, in the order taken. */
  readonly samplesMs?: readonly number[];
  /** Median CPU ms scaled to the program's nRef (work is linear in n). */
  readonly msAtRef?: number;
  /** `msAtRef` divided by the baseline engine's. */
  readonly ratio?: number;
  /** (max − min) / median of the samples. */
  readonly spread?: number;
  /** The checksum every engine had to reproduce at `n`. */
  readonly checksum?: string;
  readonly note?: string;
}

/** Geometric mean of one engine's ratios. */
export interface GeomeanResult {
  readonly engine: string;
  /** `null` when the engine has no ratio at all. */
  readonly value: number | null;
  /** How many programs it covers. */
  readonly programs: number;
}

/**
 * Module loading measured on one engine for one program. The plain fields are the steady figure (median after a
 * warm-up); the `cold…` fields the first call of a fresh process (median over processes). MB/s are 10^6 bytes of
 * module per second of CPU time.
 */
export interface LoadResult {
  readonly engine: string;
  readonly program: string;
  readonly bytes: number;
  /** Whether `run(1)` gave V8's checksum on this engine. */
  readonly checksum: 'ok' | 'mismatch' | 'error';
  /** Steady CPU ms of `validate`. */
  readonly validateMs?: number;
  /** Steady decode + validate throughput, from `validateMs`. */
  readonly validateMBps?: number;
  /** Steady CPU ms of `new Module`. */
  readonly compileMs?: number;
  /** Steady throughput of `new Module` (decode, validate and any eager compilation), from `compileMs`. */
  readonly compileMBps?: number;
  /** Steady CPU ms of `new Instance`. */
  readonly instantiateMs?: number;
  /** Steady wall-clock ms. */
  readonly wallMs?: { readonly validate?: number; readonly compile: number; readonly instantiate: number };
  /** Cold CPU ms of `validate`: the first call in a fresh process. */
  readonly coldValidateMs?: number;
  readonly coldValidateMBps?: number;
  /** Cold CPU ms of `new Module`: the first call in a fresh process. */
  readonly coldCompileMs?: number;
  readonly coldCompileMBps?: number;
  /** Cold wall-clock ms. */
  readonly coldWallMs?: { readonly validate?: number; readonly compile: number };
  readonly note?: string;
}

/** Everything one harness run measured. */
export interface BenchReport {
  readonly schema: typeof REPORT_SCHEMA;
  readonly createdAt: string;
  readonly mode: 'quick' | 'full';
  readonly settings: {
    readonly reps: number;
    readonly targetMs: number;
    /** CPU ms of one warm-up run of a JIT-run engine (absent in reports from before it was set). */
    readonly warmMs?: number;
    /** Timed repetitions of steady module loading. */
    readonly loadReps: number;
    /** Untimed repetitions before them. */
    readonly loadWarmup: number;
    /** Fresh processes per step for cold module loading. */
    readonly coldReps: number;
  };
  readonly environment: {
    readonly node: string;
    readonly v8: string;
    readonly platform: string;
    readonly arch: string;
    readonly cpu: string;
    readonly cores: number;
  };
  readonly baseline: string;
  readonly engines: readonly EngineInfo[];
  readonly programs: readonly ProgramInfo[];
  readonly runs: readonly RunResult[];
  readonly geomean: readonly GeomeanResult[];
  readonly load: readonly LoadResult[];
  readonly snapshots: SnapshotReport;
}
