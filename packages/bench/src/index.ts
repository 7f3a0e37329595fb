/**
 * `@edgedancer/bench`: benchmark programs and a harness that runs them on
 * Edgedancer's interpreter and its peers side by side.
 * @module
 */

export { type ChecksumType, checksumToString, parseWasmInterpResult } from './checksum.js';
export { type BenchArgs, benchMain, DEFAULT_OUT_DIR, parseBenchArgs, README_PATH, USAGE } from './cli.js';
export { allEngines, BASELINE_ENGINE, LIFTOFF_FLAGS, TURBOFAN_FLAGS } from './engines/catalog.js';
export type {
  EngineDriver,
  EngineKind,
  EngineSession,
  EngineSpec,
  LoadSample,
  RunSample,
} from './engines/engine-types.js';
export { type BenchOptions, FULL_SETTINGS, QUICK_SETTINGS, runBench } from './harness.js';
export {
  PROGRAMS,
  PROGRAMS_DIR,
  type Program,
  type ProgramKind,
  programById,
  programPath,
  readProgram,
} from './programs.js';
export { formatBytes, formatMs, formatRatio } from './report/format.js';
export { reportToMarkdown, runTable } from './report/markdown.js';
export { RESULTS_END, RESULTS_START, replaceResults, updateReadme } from './report/readme.js';
export * from './report/report-types.js';
export { escapeXml, reportToSvg } from './report/svg.js';
export { reportToJson, writeReport } from './report/write.js';
export {
  edgedancerSnapshotTarget,
  MEMORY_PAGES,
  measureSnapshots,
  type SnapshotPoint,
  type SnapshotReport,
  type SnapshotTarget,
  STACK_DEPTHS,
  type SuspendedRun,
  snapshotProbeWat,
} from './snapshot-bench.js';
export { geomean, median, relativeSpread } from './stats.js';
export { type RawRun, summarizeRuns } from './summarize.js';
export { withNullaryEntry } from './wasm-binary.js';
