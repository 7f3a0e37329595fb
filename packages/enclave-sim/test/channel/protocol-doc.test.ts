/**
 * `docs/client-protocol.md` stays true: its worked example is exactly what the code produces from the same fixed
 * keys, and the sizes and labels it states are the code's.
 * @module
 */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ATTESTATION_CONTENT_TYPE, ATTESTATION_LABEL } from '../../src/channel/attestation.js';
import {
  CHANNEL_CONTENT_TYPE,
  REQUEST_BODY_HEADER_SIZE,
  REQUEST_HEADER_SIZE,
  RESPONSE_BODY_HEADER_SIZE,
  RESPONSE_EXPORTER_CONTEXT,
  RESPONSE_HEADER_SIZE,
} from '../../src/channel/messages.js';
import { REPLAY_CACHE_DEFAULTS } from '../../src/channel/replay-cache.js';
import { DOC_URL, docExample, exampleText } from './protocol-example.js';

const doc = readFileSync(DOC_URL, 'utf8');

test('the worked example in docs/client-protocol.md is what the code produces', () => {
  const shown = docExample(doc);
  assert.ok(shown !== undefined, 'the example markers are missing');
  assert.equal(
    shown,
    exampleText(),
    'run `node packages/enclave-sim/dist/test/channel/protocol-example.js --write` after a deliberate change',
  );
});

test("the document states the code's constants", () => {
  for (const s of [
    CHANNEL_CONTENT_TYPE,
    ATTESTATION_CONTENT_TYPE,
    RESPONSE_EXPORTER_CONTEXT,
    JSON.stringify(ATTESTATION_LABEL.replace('\0', '')).slice(1, -1),
    `${REQUEST_HEADER_SIZE} bytes`,
    `${REQUEST_BODY_HEADER_SIZE} bytes`,
    `${RESPONSE_HEADER_SIZE} bytes`,
    `${RESPONSE_BODY_HEADER_SIZE} bytes`,
    `${REPLAY_CACHE_DEFAULTS.windowMs / 60_000} minutes`,
    `${REPLAY_CACHE_DEFAULTS.maxEntries} entries`,
  ]) {
    assert.ok(doc.includes(s), `docs/client-protocol.md does not mention ${s}`);
  }
});
