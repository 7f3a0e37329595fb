/**
 * `@edgedancer/bench`: benchmark programs and a harness that runs them on
 * Edgedancer's interpreter and its peers side by side.
 * @module
 */
export { benchMain, parseBenchArgs, DEFAULT_OUT_DIR, README_PATH, USAGE, type BenchArgs } from './cli.js';
export { runBench, QUICK_SETTINGS, FULL_SETTINGS, type BenchOptions } from './harness.js';
export { PROGRAMS, PROGRAMS_DIR, programById, programPath, readProgram, type Program, type ProgramKind } from './programs.js';
export { allEngines, BASELINE_ENGINE, TURBOFAN_FLAGS, LIFTOFF_FLAGS } from './engines/catalog.js';
export type { EngineDriver, EngineSession, EngineSpec, EngineKind, RunSample, LoadSample } from './engines/engine-types.js';
export { median, geomean, relativeSpread } from './stats.js';
export { checksumToString, parseWasmInterpResult, type ChecksumType } from './checksum.js';
export { summarizeRuns, type RawRun } from './summarize.js';
export { reportToMarkdown, runTable } from './report/markdown.js';
export { replaceResults, updateReadme, RESULTS_START, RESULTS_END } from './report/readme.js';
export { reportToSvg, escapeXml } from './report/svg.js';
export { reportToJson, writeReport } from './report/write.js';
export { formatMs, formatRatio, formatBytes } from './report/format.js';
export * from './report/report-types.js';
export {
  measureSnapshots, edgedancerSnapshotTarget, snapshotProbeWat, MEMORY_PAGES, STACK_DEPTHS, type SnapshotReport, type SnapshotPoint,
  type SnapshotTarget, type SuspendedRun,
} from './snapshot-bench.js';
export { withNullaryEntry } from './wasm-binary.js';
