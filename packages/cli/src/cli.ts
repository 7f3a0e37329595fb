/**
 * The `edgedancer` dispatcher: finds the subcommand, loads only its file, turns usage errors into one line,
 * a one-line hint and exit status 64, and any other failure into one line (its code once) and exit status 1.
 * `EDGEDANCER_DEBUG=1` adds the stack of unexpected errors.
 * @module
 */
import { UsageError } from './args.js';
import type { CliCommand } from './command.js';
import { ExitCode, errorLine, type Io, processIo } from './io.js';

/** The subcommands, each loaded on demand. */
const COMMANDS: readonly { readonly name: string; readonly summary: string; load(): Promise<CliCommand> }[] = [
  {
    name: 'run',
    summary: 'run an exported function of a module and print its results',
    load: async () => (await import('./commands/run.js')).runCommand,
  },
  {
    name: 'resume',
    summary: 'continue a program saved by run --snapshot-on-interrupt',
    load: async () => (await import('./commands/resume.js')).resumeCommand,
  },
  {
    name: 'bench',
    summary: 'run the benchmark programs on Edgedancer and its peers side by side',
    load: async () => (await import('./commands/bench.js')).benchCommand,
  },
  {
    name: 'node',
    summary: 'run an edge node that hosts, serves and migrates agents',
    load: async () => (await import('./commands/node.js')).nodeCommand,
  },
  {
    name: 'operator',
    summary: 'create or show the operator key that signs requests to nodes',
    load: async () => (await import('./commands/operator.js')).operatorCommand,
  },
  {
    name: 'node-status',
    summary: "show a node's status (operators only)",
    load: async () => (await import('./commands/agents.js')).nodeStatusCommand,
  },
  {
    name: 'dashboard',
    summary: "print a one-time login link to a node's dashboard (operators only)",
    load: async () => (await import('./commands/dashboard.js')).dashboardCommand,
  },
  {
    name: 'persist',
    summary: "seal a node's idle agents into its state directory now",
    load: async () => (await import('./commands/agents.js')).persistCommand,
  },
  {
    name: 'platform',
    summary: "provision a node's simulated platform (where the vendor root lives), or show one",
    load: async () => (await import('./commands/platform.js')).platformCommand,
  },
  {
    name: 'sign',
    summary: "sign an agent module's manifest",
    load: async () => (await import('./commands/agents.js')).signCommand,
  },
  {
    name: 'deploy',
    summary: 'deploy an agent (module + signed manifest) to a node',
    load: async () => (await import('./commands/agents.js')).deployCommand,
  },
  {
    name: 'ps',
    summary: "list a node's agents",
    load: async () => (await import('./commands/agents.js')).psCommand,
  },
  {
    name: 'call',
    summary: 'send one request to an agent (follows redirects)',
    load: async () => (await import('./commands/agents.js')).callCommand,
  },
  {
    name: 'migrate',
    summary: 'move an agent to a peer node (live, pre-copy by default)',
    load: async () => (await import('./commands/agents.js')).migrateCommand,
  },
  {
    name: 'logs',
    summary: "show an agent's log lines",
    load: async () => (await import('./commands/agents.js')).logsCommand,
  },
  {
    name: 'stop',
    summary: 'stop an agent and forget it',
    load: async () => (await import('./commands/agents.js')).stopCommand,
  },
  {
    name: 'demo',
    summary: 'three edge nodes on loopback, an agent following its user, a timeline',
    load: async () => (await import('./commands/demo.js')).demoCommand,
  },
  {
    name: 'wast',
    summary: 'run .wast spec scripts (the official suite or your own)',
    load: async () => (await import('./commands/wast.js')).wastCommand,
  },
];

/**
 * The top-level usage text.
 * @returns the text
 */
export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: edgedancer <command> [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run 'edgedancer <command> --help' for a command's options.",
  ].join('\n');
}

/**
 * Runs the command line.
 * @param argv - the arguments after the program name
 * @param io - where to write (the process's streams by default)
 * @returns the exit status
 * @example process.exitCode = await main(process.argv.slice(2));
 */
export async function main(argv: readonly string[], io: Io = processIo): Promise<ExitCode> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.err : io.out)(usage());
    return name === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  if (name === '--version' || name === '-V') {
    io.out(`edgedancer ${(await import('./version.js')).cliVersion()}`);
    return ExitCode.Ok;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (entry === undefined) {
    io.err(`edgedancer: unknown command '${name}'`);
    io.err(`Run 'edgedancer --help' for the list of commands.`);
    return ExitCode.Usage;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage);
    return ExitCode.Ok;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`edgedancer ${name}: ${e.message}`);
      io.err(usageHint(name, command.usage));
      return ExitCode.Usage;
    }
    reportFailure(`edgedancer ${name}`, e, io);
    return ExitCode.Failure;
  }
}

/**
 * The hint printed after a usage error: the command's first usage line, and where the rest is.
 * @param name - the command
 * @param text - its full usage text
 * @returns one line
 */
export function usageHint(name: string, text: string): string {
  const first = text.split('\n')[0]!.replace(/^usage:\s*/, '');
  return `usage: ${first}  (see 'edgedancer ${name} --help')`;
}

/**
 * Prints an unexpected failure as one line (with its stack under `EDGEDANCER_DEBUG`).
 * @param prefix - `edgedancer` or `edgedancer <command>`
 * @param e - what was thrown
 * @param io - where to write
 */
export function reportFailure(prefix: string, e: unknown, io: Io): void {
  io.err(`${prefix}: ${errorLine(e)}`);
  const debug = typeof process !== 'undefined' ? process.env['EDGEDANCER_DEBUG'] : undefined;
  if (debug !== undefined && debug !== '' && debug !== '0' && e instanceof Error && e.stack !== undefined)
    io.err(e.stack);
}
