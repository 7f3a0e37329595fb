/**
 * `@edgedancer/cli`: the `edgedancer` command as a library (the executable is `dist/src/main.js`).
 * @module
 */

export type { OptionSpec, ParsedArgs } from './args.js';
export { flag, parseArgs, positiveIntOption, stringOption, UsageError } from './args.js';
export { main, usage } from './cli.js';
export { AgentClient, type AgentClientOptions, type AgentReply, type ClientPolicy } from './client/index.js';
export type { CliCommand } from './command.js';
export type { Io } from './io.js';
export { ExitCode, processIo } from './io.js';
export { formatF32, formatResult } from './run/format-result.js';
export { parseArgValue } from './run/parse-arg.js';
