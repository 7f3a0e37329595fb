/**
 * A small command-line parser: `--name value`, `--name=value`, boolean `--flag`, and positionals. Only
 * tokens starting with `--` (and `-h`) are options, so negative numbers like `-1` or `-inf` are positionals;
 * `--` ends the options.
 * @module
 */

/** One option a command accepts. */
export interface OptionSpec {
  /** The name without dashes. */
  readonly name: string;
  /** Whether it takes a value. */
  readonly value: boolean;
  /** Whether it may be given more than once (values are collected in order). */
  readonly repeat?: boolean;
}

/** What was parsed. */
export interface ParsedArgs {
  readonly positionals: string[];
  /** Values by option name; booleans hold `'true'`. */
  readonly options: Map<string, string[]>;
}

/** The command line is wrong; the message says how. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Parses a command's arguments.
 * @param argv - the arguments after the command name
 * @param specs - the options the command accepts (`help` is always accepted)
 * @returns positionals and options
 * @throws UsageError on an unknown option, a missing value or a repeated single option
 * @example parseArgs(['f.wasm', '--invoke', 'f', '-1'], [{ name: 'invoke', value: true }])
 */
export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  byName.set('help', { name: 'help', value: false });
  const positionals: string[] = [];
  const options = new Map<string, string[]>();
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (onlyPositionals || !(arg.startsWith('--') || arg === '-h')) {
      positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      onlyPositionals = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg === '-h' ? 'help' : arg.slice(2, eq < 0 ? undefined : eq);
    const spec = byName.get(name);
    if (spec === undefined) throw new UsageError(`unknown option --${name}`);
    let value = 'true';
    if (spec.value) {
      const v = eq < 0 ? argv[++i] : arg.slice(eq + 1);
      if (v === undefined) throw new UsageError(`--${name} needs a value`);
      value = v;
    } else if (eq >= 0) throw new UsageError(`--${name} takes no value`);
    const list = options.get(name) ?? [];
    if (list.length > 0 && spec.repeat !== true) throw new UsageError(`--${name} given twice`);
    list.push(value);
    options.set(name, list);
  }
  return { positionals, options };
}

/**
 * Reads an option that must be a positive integer.
 * @param args - parsed arguments
 * @param name - the option name
 * @returns the number, or `undefined` when absent
 * @throws UsageError when the value is not a positive safe integer
 */
export function positiveIntOption(args: ParsedArgs, name: string): number | undefined {
  const text = args.options.get(name)?.[0];
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(n) || n <= 0) {
    throw new UsageError(`--${name} needs a positive integer, got ${text}`);
  }
  return n;
}

/**
 * Reads a single-valued option.
 * @param args - parsed arguments
 * @param name - the option name
 * @returns its value, or `undefined`
 */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  return args.options.get(name)?.[0];
}

/**
 * Whether a boolean option was given.
 * @param args - parsed arguments
 * @param name - the option name
 * @returns true when present
 */
export function flag(args: ParsedArgs, name: string): boolean {
  return args.options.has(name);
}
