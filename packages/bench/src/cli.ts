/**
 * The command line of the benchmark (`npm run bench -w @edgedancer/bench`,
 * and later `edgedancer bench`): argument parsing and the main function.
 * @module
 */
import { fileURLToPath } from 'node:url';
import { type BenchOptions, runBench } from './harness.js';
import { reportToMarkdown } from './report/markdown.js';
import { updateReadme } from './report/readme.js';
import { writeReport } from './report/write.js';

/** Where reports go unless `--out` says otherwise: `packages/bench/results/`. */
export const DEFAULT_OUT_DIR: string = fileURLToPath(new URL('../../results/', import.meta.url));

/** The package README, whose results section `--readme` rewrites. */
export const README_PATH: string = fileURLToPath(new URL('../../README.md', import.meta.url));

/** Usage text. */
export const USAGE = `usage: bench [--quick] [--engines a,b] [--programs x,y] [--reps N] [--target-ms MS]
             [--load-reps N] [--load-warmup N] [--cold-reps N] [--no-snapshots] [--out DIR] [--name STEM]
             [--readme] [--quiet]

  --quick         3 samples of ~60 ms per engine and program, after the full run's warm-up
  --engines       turbofan,liftoff,edgedancer,polywasm,wabt-js,wasm-interp (default: all found)
  --programs      program ids (default: all), see packages/bench/README.md
  --reps          timed samples per engine and program (full: 5)
  --target-ms     wanted CPU ms per sample; slow engines run a smaller n (full: 250)
  --load-reps     timed repetitions of validate/compile/instantiate, steady figure (full: 9, quick: 5)
  --load-warmup   untimed repetitions before them (full: 10, quick: 5)
  --cold-reps     fresh processes per step for the cold figure, 0 for none (full: 5, quick: 3)
  --no-snapshots  skip the capture/restore measurements
  --out           output folder (default: packages/bench/results)
  --name          file stem of the outputs (default: latest, or quick with --quick)
  --readme        also put the run table into packages/bench/README.md
  --quiet         no progress lines
Writes <name>.json, <name>.md and <name>.svg and prints the Markdown table.`;

/** Parsed command line. */
export interface BenchArgs {
  readonly options: BenchOptions;
  readonly outDir: string;
  readonly name: string;
  readonly quiet: boolean;
  readonly readme: boolean;
  readonly help: boolean;
}

function positiveInt(flag: string, text: string | undefined): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${flag} needs a positive integer, got '${text}'`);
  return n;
}

function nonNegativeInt(flag: string, text: string | undefined): number {
  const n = text === undefined || text === '' ? Number.NaN : Number(text);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${flag} needs a non-negative integer, got '${text}'`);
  return n;
}

function list(flag: string, text: string | undefined): string[] {
  if (!text) throw new RangeError(`${flag} needs a comma-separated list`);
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/**
 * Parses the benchmark's arguments.
 * @param argv arguments after the command name
 * @returns the parsed arguments
 * @throws {RangeError} on an unknown flag or a bad value
 * @example parseBenchArgs(['--quick', '--engines', 'turbofan,polywasm'])
 */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  let quick = false;
  let quiet = false;
  let help = false;
  let readme = false;
  let outDir = DEFAULT_OUT_DIR;
  let name: string | undefined;
  const options: { -readonly [K in keyof BenchOptions]: BenchOptions[K] } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--quick':
        quick = true;
        break;
      case '--quiet':
        quiet = true;
        break;
      case '--readme':
        readme = true;
        break;
      case '--help':
      case '-h':
        help = true;
        break;
      case '--no-snapshots':
        options.snapshots = false;
        break;
      case '--engines':
        options.engines = list(flag, value());
        break;
      case '--programs':
        options.programs = list(flag, value());
        break;
      case '--reps':
        options.reps = positiveInt(flag, value());
        break;
      case '--target-ms':
        options.targetMs = positiveInt(flag, value());
        break;
      case '--load-reps':
        options.loadReps = positiveInt(flag, value());
        break;
      case '--load-warmup':
        options.loadWarmup = nonNegativeInt(flag, value());
        break;
      case '--cold-reps':
        options.coldReps = nonNegativeInt(flag, value());
        break;
      case '--out':
        outDir = value() ?? outDir;
        break;
      case '--name':
        name = value();
        break;
      default:
        throw new RangeError(`unknown argument '${arg}'\n${USAGE}`);
    }
  }
  if (quick) options.quick = true;
  return { options, outDir, name: name ?? (quick ? 'quick' : 'latest'), quiet, readme, help };
}

/**
 * Runs the benchmark from a command line, writes the report files and prints
 * the Markdown table.
 * @param argv arguments after the command name
 * @returns the process exit code (0 ok, 2 bad arguments)
 * @example process.exitCode = await benchMain(process.argv.slice(2));
 */
export async function benchMain(argv: readonly string[]): Promise<number> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(argv);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const started = performance.now();
  const elapsed = (): string => ((performance.now() - started) / 1000).toFixed(1).padStart(5);
  const log = args.quiet
    ? undefined
    : (line: string): void => void process.stderr.write(`[bench ${elapsed()}s] ${line}\n`);
  const report = await runBench({ ...args.options, ...(log ? { log } : {}) });
  const paths = writeReport(report, args.outDir, args.name);
  if (args.readme) updateReadme(README_PATH, report);
  process.stdout.write(reportToMarkdown(report));
  process.stderr.write(
    `[bench] wrote ${paths.markdown}, ${paths.json}, ${paths.svg} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  return 0;
}
