/**
 * Where the official suite is and which files a run takes. The suite root is `$WASM_TESTSUITE`, else
 * `spec-tests/testsuite/` (a user's own copy, git-ignored), else `../shared/wasm-testsuite` beside the
 * repository. A suite name is a folder under the root; only its top-level `*.wast` files belong to it
 * (so `wasm-2.0` excludes `wasm-2.0/simd`, which is a suite of its own).
 * @module
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is `spec-tests/dist/src/runner/suite-location.js` once built). */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/**
 * The suite root candidates in order of preference.
 * @param env - the environment (for `WASM_TESTSUITE`)
 * @returns absolute paths, the first existing one wins
 */
export function suiteRootCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const list = [join(REPO_ROOT, 'spec-tests', 'testsuite'), resolve(REPO_ROOT, '..', 'shared', 'wasm-testsuite')];
  const fromEnv = env['WASM_TESTSUITE'];
  return fromEnv !== undefined && fromEnv !== '' ? [resolve(fromEnv), ...list] : list;
}

/**
 * Finds the suite root.
 * @param env - the environment (for `WASM_TESTSUITE`)
 * @returns the first candidate that is a directory, or `undefined`
 */
export function findSuiteRoot(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env['WASM_TESTSUITE'];
  if (fromEnv !== undefined && fromEnv !== '') return resolve(fromEnv); // explicit: no fallback
  return suiteRootCandidates(env).find(isDirectory);
}

/**
 * The script files of a directory: its top-level `*.wast` files, sorted.
 * @param dir - a directory
 * @returns absolute paths
 * @throws the file system's error when `dir` cannot be read
 */
export function wastFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.wast'))
    .sort()
    .map((f) => resolve(dir, f))
    .filter((f) => statSync(f).isFile());
}

/**
 * Expands command-line paths: files stay, directories give their top-level `*.wast` files.
 * @param paths - files or directories
 * @returns absolute file paths in the given order
 */
export function expandPaths(paths: readonly string[]): string[] {
  return paths.flatMap((p) => (isDirectory(p) ? wastFilesIn(p) : [resolve(p)]));
}

/**
 * The key of a script in reports and the expected-failures list: its path relative to the suite root
 * (with `/`), or relative to the working directory when it lies outside the root.
 * @param file - an absolute path
 * @param root - the suite root, if known
 * @returns the key
 */
export function fileKey(file: string, root: string | undefined): string {
  const rel = root === undefined ? undefined : relative(root, file);
  const inside = rel !== undefined && !rel.startsWith('..') && !isAbsolute(rel);
  return (inside ? rel : relative(process.cwd(), file)).split(sep).join('/');
}

function isDirectory(p: string): boolean {
  return existsSync(p) && statSync(p).isDirectory();
}
