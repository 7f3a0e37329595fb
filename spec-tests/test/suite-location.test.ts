import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { expandPaths, fileKey, findSuiteRoot, suiteRootCandidates, wastFilesIn } from '../src/runner/suite-location.js';

test('$WASM_TESTSUITE wins, then spec-tests/testsuite, then ../shared/wasm-testsuite', () => {
  assert.equal(findSuiteRoot({ WASM_TESTSUITE: '/some/where' }), '/some/where');
  const c = suiteRootCandidates({});
  assert.match(c[0]!, /spec-tests[/\\]testsuite$/);
  assert.match(c[1]!, /shared[/\\]wasm-testsuite$/);
});

test('directories give their top-level .wast files, sorted; keys are suite-relative', () => {
  const root = mkdtempSync(join(tmpdir(), 'suite-'));
  mkdirSync(join(root, 'wasm-2.0', 'simd'), { recursive: true });
  for (const f of ['b.wast', 'a.wast', 'notes.txt', 'simd/s.wast']) writeFileSync(join(root, 'wasm-2.0', f), '');
  const files = wastFilesIn(join(root, 'wasm-2.0'));
  assert.deepEqual(
    files.map((f) => fileKey(f, root)),
    ['wasm-2.0/a.wast', 'wasm-2.0/b.wast'],
  );
  assert.deepEqual(
    expandPaths([join(root, 'wasm-2.0', 'simd'), join(root, 'wasm-2.0', 'b.wast')]).map((f) => fileKey(f, root)),
    ['wasm-2.0/simd/s.wast', 'wasm-2.0/b.wast'],
  );
  assert.equal(fileKey('/elsewhere/x.wast', root).endsWith('elsewhere/x.wast'), true);
});
