/**
 * Where commands write: standard output for results, standard error for everything else (tests pass their
 * own to capture the lines); the exit statuses; and how an error becomes its one line.
 * @module
 */

/** Line-oriented output of a command. */
export interface Io {
  /** Writes one line to standard output. */
  out(line: string): void;
  /** Writes one line to standard error. */
  err(line: string): void;
}

/** The process's own standard output and error. */
export const processIo: Io = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Exit statuses of the `edgedancer` command. */
export const ExitCode = {
  Ok: 0,
  /** A failure: test failures, a trap, a module that does not load. */
  Failure: 1,
  /** `run --fuel N` ran out of fuel. */
  OutOfFuel: 2,
  /** Bad command line (as sysexits' EX_USAGE). */
  Usage: 64,
  /** Interrupted (Ctrl-C), as shells report SIGINT (128 + 2). */
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error with a `code` string, as Node's system errors and this project's typed errors carry. */
interface CodedError {
  readonly message: string;
  readonly code?: unknown;
  readonly syscall?: unknown;
  readonly path?: unknown;
  readonly address?: unknown;
  readonly port?: unknown;
}

/**
 * One line describing an error for a user: its message once, then its code once in parentheses. Node's system
 * errors (`ENOENT: no such file or directory, open 'x'`) become `no such file or directory: x (ENOENT)`.
 * @param e - anything thrown
 * @returns a single line (no stack)
 * @example errorLine(Object.assign(new Error('boom'), { code: 'bad-key' })) // 'boom (bad-key)'
 */
export function errorLine(e: unknown): string {
  if (!(e instanceof Error) && (typeof e !== 'object' || e === null || !('message' in e))) return oneLine(String(e));
  const err = e as CodedError;
  const code = typeof err.code === 'string' ? err.code : undefined;
  let message = oneLine(String(err.message));
  if (code !== undefined && typeof err.syscall === 'string') {
    // Node: "CODE: description, syscall 'path'" or "syscall CODE address:port".
    const m = new RegExp(`^${escapeRegExp(code)}: (.*?)(?:, \\w+ '.*')?$`).exec(message);
    const what =
      typeof err.path === 'string'
        ? err.path
        : typeof err.address === 'string'
          ? `${err.address}${typeof err.port === 'number' ? `:${err.port}` : ''}`
          : undefined;
    const description = m?.[1] ?? describeSyscallError(code) ?? message;
    message = what === undefined ? description : `${description}: ${what}`;
  } else if (code !== undefined) {
    message = message.split(`${code}: `).join('');
  }
  if (code === undefined || message.includes(`(${code})`)) return message;
  return `${message} (${code})`;
}

/** Descriptions of socket errors whose Node message is only `syscall CODE address`. */
function describeSyscallError(code: string): string | undefined {
  const known: Record<string, string> = {
    EADDRINUSE: 'address already in use',
    EACCES: 'permission denied',
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    EADDRNOTAVAIL: 'address not available',
    ETIMEDOUT: 'timed out',
    ENOTFOUND: 'host not found',
  };
  return known[code];
}

function oneLine(text: string): string {
  const first = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return first.trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
