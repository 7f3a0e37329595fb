// Bundles the trusted runtime image (packages/cli/src/enclave, compiled by tsc -b) with its dependencies
// (interpreter, migration, the quote verifier of enclave-sim) into one CommonJS script,
// packages/cli/dist/enclave-image.js: the exact bytes a node launches in each agent's enclave and
// `edgedancer sign` measures. Deterministic: fixed options, paths relative to the repository root, no
// timestamps; node: built-ins stay `require` calls. Prints the bundle's size and SHA-256.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'packages/cli/dist/enclave-image.js');
await build({
  absWorkingDir: root,
  entryPoints: ['packages/cli/dist/src/enclave/image-main.js'],
  outfile,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  legalComments: 'none',
  charset: 'utf8',
  sourcemap: false,
  minify: false,
  logLevel: 'warning',
  // enclave-sim's compartment host (the platform's side, never part of the image) reads import.meta; it is
  // dropped from the bundle (the package is side-effect free), but esbuild warns while it parses it
  logOverride: { 'empty-import-meta': 'silent' },
});
const bytes = readFileSync(outfile);
console.log(`enclave image: ${bytes.length} bytes, sha256 ${createHash('sha256').update(bytes).digest('hex')}`);
