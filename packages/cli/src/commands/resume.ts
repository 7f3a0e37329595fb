/**
 * `edgedancer resume FILE`: continues a WASI program that `edgedancer run --snapshot-on-interrupt FILE` saved,
 * here or on another machine. The file holds the module and the whole state (store, suspended execution, WASI
 * host state), so it is all that is needed — except host directories, which migrate by reference: they must be
 * at the recorded host paths, or `--map-dir RECORDED::HERE` says where they are now. The program's output
 * continues where it stopped. A file that does not decode, or whose snapshot does not match its module, is
 * refused before anything runs.
 * @module
 */
import { parseArgs, positiveIntOption, stringOption, UsageError } from '../args.js';
import type { CliCommand } from '../command.js';
import { ExitCode, errorLine, type Io } from '../io.js';
import { processSessionHost, runWasiProgram } from '../run/run-wasi.js';
import { loadProgram } from '../run/wasi-session.js';

const USAGE = `usage: edgedancer resume FILE [--fuel N] [--roundtrip N] [--snapshot-on-interrupt FILE]
                         [--map-dir RECORDED::HERE]…

Continues the WASI program saved in FILE by 'edgedancer run --snapshot-on-interrupt FILE'
(or by an earlier resume), on this machine or another: the file carries the module and the
program's whole state, WASI descriptors, clocks and in-memory files included.

  --fuel N, --roundtrip N, --snapshot-on-interrupt FILE
                 as for 'edgedancer run' (FILE may be the file resumed from)
  --map-dir RECORDED::HERE
                 a host directory the program had mounted at RECORDED is at HERE now
                 (host directories travel by path, not by content)

Standard input is this process's; bytes the program had not read from a pipe before it
was saved are not in the file.

Exit status: as 'edgedancer run' (the program's exit code, 1 a trap or a file that cannot be
resumed, 2 out of fuel, 64 usage, 130 interrupted).`;

const SPECS = [
  { name: 'fuel', value: true },
  { name: 'roundtrip', value: true },
  { name: 'snapshot-on-interrupt', value: true },
  { name: 'map-dir', value: true, repeat: true },
] as const;

/** The `resume` command. */
export const resumeCommand: CliCommand = {
  name: 'resume',
  summary: 'continue a program saved by run --snapshot-on-interrupt',
  usage: USAGE,
  async run(argv: readonly string[], io: Io): Promise<ExitCode> {
    const args = parseArgs(argv, SPECS);
    if (args.positionals.length !== 1) throw new UsageError('expected one snapshot FILE');
    const file = args.positionals[0]!;
    const fuel = positiveIntOption(args, 'fuel');
    const roundtrip = positiveIntOption(args, 'roundtrip');
    const snapshotFile = stringOption(args, 'snapshot-on-interrupt');
    const host = processSessionHost(args.options.get('map-dir') ?? []);
    let program;
    try {
      program = await loadProgram(file, host);
    } catch (e) {
      io.err(`edgedancer resume: cannot resume ${file}: ${errorLine(e)}`);
      return ExitCode.Failure;
    }
    try {
      return (await runWasiProgram(
        program,
        {
          ...(fuel === undefined ? {} : { fuel }),
          ...(roundtrip === undefined ? {} : { roundtrip }),
          ...(snapshotFile === undefined ? {} : { snapshotFile }),
        },
        host,
        io,
        'edgedancer resume',
      )) as ExitCode;
    } catch (e) {
      io.err(`edgedancer resume: ${file}: ${errorLine(e)}`);
      return ExitCode.Failure;
    }
  },
};
