/**
 * `@edgedancer/spec-tests`: a `.wast` script runner for the official WebAssembly spec suite, on the
 * Edgedancer interpreter (plain or with state round trips) or on Node's own `WebAssembly`.
 * @module
 */

export { escapeNonAsciiInStrings, wrapQuotedModule } from './convert/prepare-text.js';
export { clearConversionCache, WatSyntaxError, watToBinary } from './convert/wat-to-binary.js';
export type { EngineName, EngineOptions } from './engine/create-engine.js';
export { createEngineFactory, ENGINE_NAMES } from './engine/create-engine.js';
export type {
  Engine,
  EngineExtern,
  EngineFactory,
  EngineInstance,
  EngineModule,
  ExternKindName,
  FailureKind,
  ImportResolver,
} from './engine/engine.js';
export type {
  MemoryHandoff,
  RoundTripApi,
  RunFunctionOptions,
  RunFunctionOutcome,
  StoreLimits,
} from './engine/round-trip.js';
export { roundTrip, runFunction } from './engine/round-trip.js';
export {
  SPECTEST_FUNCS,
  SPECTEST_GLOBALS,
  SPECTEST_MEMORY,
  SPECTEST_TABLE,
  SPECTEST_TABLE64,
} from './engine/spectest-host.js';
export type { ExpectedFailures, ExpectedLines, FileTally, ReportedFailure } from './runner/expected-failures.js';
export { loadExpectedFailures, parseExpectedFailures, tallyFile } from './runner/expected-failures.js';
export type { CommandOutcome, ScriptOutcome } from './runner/outcome.js';
export type { FileReport, RunFilesOptions, RunTotals } from './runner/run-files.js';
export { runFiles } from './runner/run-files.js';
export { runScript } from './runner/run-script.js';
export {
  expandPaths,
  fileKey,
  findSuiteRoot,
  REPO_ROOT,
  suiteRootCandidates,
  wastFilesIn,
} from './runner/suite-location.js';
export type { Action, Command, ModuleAssertionKind, ModuleDef, ModuleSource } from './script/command.js';
export { commandName } from './script/command.js';
export { parseCommand, parseModule, parseScript, ScriptFormError } from './script/parse-script.js';
export { readSExprs, ScriptSyntaxError } from './sexpr/reader.js';
export type { SAtom, SExpr, SList, SourceSpan, SString } from './sexpr/sexpr.js';
export { decodeStringLiteral, StringLiteralError } from './sexpr/string-literal.js';
export { parseConst, parseV128 } from './values/const-value.js';
export type { FloatFormat } from './values/float-literal.js';
export { F32_FORMAT, F64_FORMAT, parseF32Bits, parseF64Bits, parseFloatBits } from './values/float-literal.js';
export {
  f32BitsToNumber,
  f64BitsToNumber,
  formatPattern,
  formatValue,
  numberToF32Bits,
  numberToF64Bits,
} from './values/format-value.js';
export { LiteralError, parseIntLiteral } from './values/int-literal.js';
export { isF32Nan, isF64Nan, matchResult, matchResults, sameValue } from './values/match-result.js';
export type { LanePattern, NanKind, ResultPattern } from './values/result-pattern.js';
export { parseResultPattern, patternType } from './values/result-pattern.js';
export type { ValTypeName, WasmValue } from './values/wasm-value.js';
