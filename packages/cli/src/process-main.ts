/**
 * The `edgedancer` process: runs the command line on the process's arguments and sets its exit status. An error
 * nobody handled (a server's `listen` failing with `EADDRINUSE`, say) is printed as one line, its code once, and
 * exits with 1; a closed pipe ends the output quietly. `main.ts` (the ESM entry) and the launcher's quick script
 * (`scripts/bundle-cli.mjs`) both start here.
 * @module
 */
import { main, reportFailure } from './cli.js';
import { ExitCode, processIo } from './io.js';

/**
 * Runs the command line as the process.
 * @param argv - the arguments after the program name (`process.argv.slice(2)`)
 * @returns when the command is done; `process.exitCode` is its exit status
 */
export async function runProcess(argv: readonly string[]): Promise<void> {
  const command = argv[0] !== undefined && !argv[0].startsWith('-') ? `edgedancer ${argv[0]}` : 'edgedancer';
  const fail = (e: unknown): void => {
    reportFailure(command, e, processIo);
    process.exit(ExitCode.Failure);
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);

  process.exitCode = await main(argv, { out: (line) => stdout().write(`${line}\n`), err: processIo.err });
}

let guarded = false;

/**
 * The process's standard output, which a closed pipe (`edgedancer wast … | head`) ends quietly instead of
 * crashing on EPIPE. Touched only when there is something to print: making the stream loads Node's stream
 * modules, which a command that prints nothing (`run` of a function without results) need not pay for.
 */
function stdout(): NodeJS.WriteStream {
  if (!guarded) {
    guarded = true;
    process.stdout.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      process.exit(process.exitCode ?? 0);
    });
  }
  return process.stdout;
}
