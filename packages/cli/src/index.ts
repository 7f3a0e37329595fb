/**
 * `@edgedancer/cli`: the `edgedancer` command as a library (the executable is `dist/src/main.js`).
 * @module
 */
export { main, usage } from './cli.js';
export { parseArgs, UsageError, positiveIntOption, stringOption, flag } from './args.js';
export type { OptionSpec, ParsedArgs } from './args.js';
export { ExitCode, processIo } from './io.js';
export type { Io } from './io.js';
export type { CliCommand } from './command.js';
export { parseArgValue } from './run/parse-arg.js';
export { formatResult, formatF32 } from './run/format-result.js';
export { AgentClient, type AgentClientOptions, type AgentReply, type ClientPolicy } from './client/index.js';
