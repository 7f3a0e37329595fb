/**
 * What the documentation and the measurement promise stays true: `docs/enclave-model.md` shows every binary
 * layout exactly as the code declares it, and the runtime identities measured into every enclave are the
 * packages' real names and versions.
 * @module
 */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ENCLAVE_RUNTIME, INTERPRETER_RUNTIME } from '../src/agent-build.js';
import { CERTIFICATE_LAYOUT } from '../src/certificate.js';
import { KEY_DERIVATION_LAYOUT } from '../src/key-derivation.js';
import { layoutToMarkdown } from '../src/layout.js';
import { MANIFEST_LAYOUT } from '../src/manifest.js';
import { SEALED_PAGE_HEADER_LAYOUT } from '../src/page-store.js';
import { QUOTE_HEADER_LAYOUT, QUOTE_LAYOUT } from '../src/quote.js';
import { REPORT_BODY_LAYOUT, REPORT_LAYOUT, TARGET_INFO_LAYOUT } from '../src/report.js';
import { SEALED_HEADER_LAYOUT } from '../src/sealing.js';

const packageDir = new URL('../../', import.meta.url);

test('docs/enclave-model.md shows every layout as declared', () => {
  const doc = readFileSync(new URL('../../docs/enclave-model.md', packageDir), 'utf8');
  for (const l of [
    REPORT_BODY_LAYOUT,
    REPORT_LAYOUT,
    TARGET_INFO_LAYOUT,
    KEY_DERIVATION_LAYOUT,
    MANIFEST_LAYOUT,
    CERTIFICATE_LAYOUT,
    QUOTE_HEADER_LAYOUT,
    QUOTE_LAYOUT,
    SEALED_HEADER_LAYOUT,
    SEALED_PAGE_HEADER_LAYOUT,
  ]) {
    assert.ok(
      doc.includes(`### ${l.name} (${l.size} bytes)\n\n${layoutToMarkdown(l)}\n`),
      `${l.name} table is out of date`,
    );
  }
});

test('the measured runtime identities are the real package names and versions', () => {
  const own = JSON.parse(readFileSync(new URL('package.json', packageDir), 'utf8')) as {
    name: string;
    version: string;
  };
  assert.deepEqual({ ...ENCLAVE_RUNTIME }, { name: own.name, version: own.version });
  const entry = fileURLToPath(import.meta.resolve('@edgedancer/interpreter'));
  const interpreterPackage = entry.replace(/dist[\\/]src[\\/]index\.js$/, 'package.json');
  const interp = JSON.parse(readFileSync(interpreterPackage, 'utf8')) as { name: string; version: string };
  assert.deepEqual({ ...INTERPRETER_RUNTIME }, { name: interp.name, version: interp.version });
});
