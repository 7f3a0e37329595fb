// Removes every package's compiled output so that tests whose source was deleted cannot linger.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const roots = ['packages', '.'];
for (const root of roots) {
  const dirs = root === '.' ? ['spec-tests', 'examples'] : readdirSync(root).map((d) => join(root, d));
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    rmSync(join(dir, 'dist'), { recursive: true, force: true });
    rmSync(join(dir, 'tsconfig.tsbuildinfo'), { recursive: true, force: true });
  }
}
