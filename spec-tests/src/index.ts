/**
 * `@edgedancer/spec-tests`: a `.wast` script runner for the official WebAssembly spec suite, on the
 * Edgedancer interpreter (plain or with state round trips) or on Node's own `WebAssembly`.
 * @module
 */
export { readSExprs, ScriptSyntaxError } from './sexpr/reader.js';
export { decodeStringLiteral, StringLiteralError } from './sexpr/string-literal.js';
export type { SExpr, SList, SAtom, SString, SourceSpan } from './sexpr/sexpr.js';
export { parseScript, parseCommand, parseModule, ScriptFormError } from './script/parse-script.js';
export { commandName } from './script/command.js';
export type { Action, Command, ModuleDef, ModuleSource, ModuleAssertionKind } from './script/command.js';
export { parseIntLiteral, LiteralError } from './values/int-literal.js';
export { parseFloatBits, parseF32Bits, parseF64Bits, F32_FORMAT, F64_FORMAT } from './values/float-literal.js';
export type { FloatFormat } from './values/float-literal.js';
export { parseConst, parseV128 } from './values/const-value.js';
export { parseResultPattern, patternType } from './values/result-pattern.js';
export type { ResultPattern, NanKind, LanePattern } from './values/result-pattern.js';
export { matchResult, matchResults, sameValue, isF32Nan, isF64Nan } from './values/match-result.js';
export {
  formatValue,
  formatPattern,
  f32BitsToNumber,
  f64BitsToNumber,
  numberToF32Bits,
  numberToF64Bits,
} from './values/format-value.js';
export type { WasmValue, ValTypeName } from './values/wasm-value.js';
export { watToBinary, clearConversionCache, WatSyntaxError } from './convert/wat-to-binary.js';
export { escapeNonAsciiInStrings, wrapQuotedModule } from './convert/prepare-text.js';
export type {
  Engine,
  EngineFactory,
  EngineExtern,
  EngineInstance,
  EngineModule,
  ExternKindName,
  FailureKind,
  ImportResolver,
} from './engine/engine.js';
export { createEngineFactory, ENGINE_NAMES } from './engine/create-engine.js';
export type { EngineName, EngineOptions } from './engine/create-engine.js';
export { SPECTEST_FUNCS, SPECTEST_GLOBALS, SPECTEST_TABLE, SPECTEST_MEMORY } from './engine/spectest-host.js';
export { runScript } from './runner/run-script.js';
export type { CommandOutcome, ScriptOutcome } from './runner/outcome.js';
export { runFiles } from './runner/run-files.js';
export type { FileReport, RunTotals, RunFilesOptions } from './runner/run-files.js';
export { parseExpectedFailures, loadExpectedFailures, tallyFile } from './runner/expected-failures.js';
export type { ExpectedFailures, ExpectedLines, FileTally, ReportedFailure } from './runner/expected-failures.js';
export { findSuiteRoot, suiteRootCandidates, wastFilesIn, expandPaths, fileKey, REPO_ROOT } from './runner/suite-location.js';
export { runFunction, roundTrip } from './engine/round-trip.js';
export type { RoundTripApi, RunFunctionOptions, RunFunctionOutcome, StoreLimits, MemoryHandoff } from './engine/round-trip.js';
