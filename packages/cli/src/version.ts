/**
 * The version of the `edgedancer` command: the `version` of this package's package.json, read when asked for
 * (`edgedancer --version`), so that it cannot drift from what npm installed.
 * @module
 */
import { readFileSync } from 'node:fs';

/**
 * The package's version.
 * @returns the `version` field of `@edgedancer/cli`'s package.json, for example `0.1.0`
 * @example io.out(`edgedancer ${cliVersion()}`);
 */
export function cliVersion(): string {
  // dist/src/version.js → the package's root.
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}
