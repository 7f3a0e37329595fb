/**
 * The package's boundaries: only the host-directory backend imports `node:` modules, and the main entry does
 * not load it, so `@edgedancer/wasi` runs wherever the interpreter runs.
 * @module
 */

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* sources(p);
    else if (name.endsWith('.ts')) yield p;
  }
}

describe('package boundaries', () => {
  it('node: imports appear only in host-directory.ts and its walk', () => {
    const users = [...sources(SRC)]
      .filter((f) => /from 'node:/.test(readFileSync(f, 'utf8')))
      .map((f) => f.slice(SRC.length));
    assert.deepEqual(users.sort(), ['host-directory-walk.ts', 'host-directory.ts']);
  });

  it('nothing else imports host-directory.ts', () => {
    const users = [...sources(SRC)].filter((f) => /host-directory\.js'/.test(readFileSync(f, 'utf8')));
    assert.deepEqual(users, []);
  });

  it('package.json exports the main entry and the backend, types first', () => {
    const pkg = JSON.parse(readFileSync(join(SRC, '..', 'package.json'), 'utf8')) as {
      exports: Record<string, Record<string, string>>;
    };
    assert.deepEqual(Object.keys(pkg.exports), ['.', './host-directory']);
    for (const e of Object.values(pkg.exports)) assert.deepEqual(Object.keys(e), ['types', 'default']);
  });
});
