// Runs every workspace's compiled unit tests (`dist/test/**/*.test.js`) with node's test runner.
// Node 20 expands neither globs nor, in a directory, only test files: the list is made here.

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const workspaces = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces;
const only = process.argv.slice(2);

function* testFiles(dir) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* testFiles(p);
    else if (name.endsWith('.test.js')) yield p;
  }
}

const files = [];
for (const ws of workspaces) {
  if (only.length > 0 && !only.some((o) => ws.includes(o))) continue;
  files.push(...testFiles(join(root, ws, 'dist', 'test')));
}
if (files.length === 0) {
  console.error('no compiled tests found: run `npm run build` first');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--test', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
