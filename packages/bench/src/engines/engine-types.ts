/**
 * The contract between the harness and an engine: a driver that says whether
 * the engine is usable here and starts a session, and a session that prepares
 * programs, runs them and times module loading.
 * @module
 */
import type { Program } from '../programs.js';

/** How an engine is driven. */
export type EngineKind = 'worker' | 'cli';

/** Static facts about an engine. */
export interface EngineSpec {
  /** Short id used on the command line and in reports (`turbofan`, `polywasm` …). */
  readonly id: string;
  /** Human-readable name for tables and charts. */
  readonly label: string;
  /** `worker`: a Node child process running a JS-API-shaped engine; `cli`: a program spawned per run. */
  readonly kind: EngineKind;
  /** One line on what it is and how it is run. */
  readonly description: string;
}

/** One timed execution of `run(n)`. */
export interface RunSample {
  /** CPU time (user + system) of the call, in milliseconds. */
  readonly cpuMs: number;
  /** The result as a canonical checksum string. */
  readonly checksum: string;
}

/** Medians of repeated module loading after a warm-up (the steady figure): decode+validate, compile, instantiate. */
export interface LoadSample {
  /** CPU ms of `validate(bytes)`, if the engine has a separate validator. */
  readonly validateMs?: number;
  /** CPU ms of `new Module(bytes)` (decode, validate and whatever compiling the engine does eagerly). */
  readonly compileMs: number;
  /** CPU ms of `new Instance(module, {})`. */
  readonly instantiateMs: number;
  /** Wall-clock ms of the same three steps, for engines that compile on several threads. */
  readonly wallMs: { readonly validate?: number; readonly compile: number; readonly instantiate: number };
}

/**
 * Module loading the first time an engine does it (the cold figure): each step timed as the first request of
 * its own fresh process, median over the processes. A JIT-run engine (Edgedancer's interpreter on V8) pays
 * here for running its decoder and compiler unoptimised, and for optimising them.
 */
export interface ColdLoadSample {
  /** CPU ms of the first `validate(bytes)` of a fresh process, if the engine has a separate validator. */
  readonly validateMs?: number;
  /** CPU ms of the first `new Module(bytes)` of a fresh process. */
  readonly compileMs: number;
  /** Wall-clock ms of the same steps. */
  readonly wallMs: { readonly validate?: number; readonly compile: number };
}

/** A started engine. Calls are sequential: never two at once. */
export interface EngineSession {
  readonly spec: EngineSpec;
  /** How the engine was reached, when worth noting (e.g. a fallback API). */
  readonly detail?: string;
  /** Whether repeated calls get faster (a JIT warms up): then the harness warms up before timing. */
  readonly warms: boolean;
  /** The shortest sample worth taking on a prepared program (e.g. a multiple of the start-up cost subtracted). */
  minSampleMs?(program: Program): number;
  /** Loads a program so that `run` times only execution. */
  prepare(program: Program): Promise<void>;
  /** Runs `run(n)` of a prepared program once. */
  run(program: Program, n: number): Promise<RunSample>;
  /**
   * Times loading a program `reps` times after `warmup` untimed repetitions (default 0); `undefined` if the
   * engine cannot report it.
   */
  load(program: Program, reps: number, warmup?: number): Promise<LoadSample | undefined>;
  /** Times loading a program cold, in `reps` fresh processes per step; absent if the engine cannot. */
  loadCold?(program: Program, reps: number): Promise<ColdLoadSample>;
  /** Ends the session and its processes. */
  close(): Promise<void>;
}

/** Finds out whether an engine can run here, and starts it. */
export interface EngineDriver {
  readonly spec: EngineSpec;
  /** `undefined` when usable; otherwise why not (shown as a note in the report). */
  probe(): Promise<string | undefined>;
  /** Starts a session; rejects with the reason when the engine fails to start. */
  start(): Promise<EngineSession>;
}
