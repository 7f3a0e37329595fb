/**
 * Test helper: runs the built `edgedancer` executable in a child process.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built executable (`dist/src/main.js`, beside this file's `dist/test/`). */
export const MAIN = fileURLToPath(new URL('../src/main.js', import.meta.url));

/** What a run of the command produced. */
export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `edgedancer` with arguments.
 * @param args - the command line after the program name
 * @param env - extra environment variables
 * @returns exit status and output
 */
export function edgedancer(args: readonly string[], env: Record<string, string> = {}): CliRun {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
