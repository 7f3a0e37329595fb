/**
 * Writes the golden vectors of the current format version, once. Run `node dist/test/write-vectors.js`
 * from `packages/migration` after bumping `FORMAT_VERSION`; it refuses to overwrite an existing version's
 * vectors, because a format change without a version bump is what the vector tests exist to catch. With
 * `--add` it writes only fixtures that have no vector yet (an optional section added within the version).
 * @module
 */
import { existsSync } from 'node:fs';
import { encodeDelta, encodeSnapshot, FORMAT_VERSION } from '../src/index.js';
import { versionDir, writeVector } from './vector-files.js';
import { DELTA_VECTORS, SNAPSHOT_VECTORS } from './vector-fixtures.js';

// `--add` writes only the vectors that do not exist yet (a fixture for a new optional section); existing vectors
// are never rewritten: their tests keep the format honest.
const add = process.argv.includes('--add');
if (existsSync(versionDir(FORMAT_VERSION)) && !add) {
  console.error(`vectors for format version ${FORMAT_VERSION} exist already; bump FORMAT_VERSION to change the format`);
  process.exit(1);
}
const fresh = (name: string): boolean => !existsSync(`${versionDir(FORMAT_VERSION)}${name}.hex`);
for (const [name, snap] of Object.entries(SNAPSHOT_VECTORS))
  if (fresh(name)) writeVector(FORMAT_VERSION, name, encodeSnapshot(snap));
for (const [name, [base, cur]] of Object.entries(DELTA_VECTORS))
  if (fresh(name)) writeVector(FORMAT_VERSION, name, encodeDelta(base, cur));
console.log(`wrote ${versionDir(FORMAT_VERSION)}`);
