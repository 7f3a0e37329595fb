import assert from 'node:assert/strict';
import { test } from 'node:test';
import { escapeNonAsciiInStrings, wrapQuotedModule } from '../src/convert/prepare-text.js';

test('escapes non-ASCII inside strings only', () => {
  assert.equal(escapeNonAsciiInStrings('(export "é\u{1F600}")'), '(export "\\u{e9}\\u{1f600}")');
  assert.equal(escapeNonAsciiInStrings(';; é "é"\n(; é "é" (; é ;) ;) "é"'), ';; é "é"\n(; é "é" (; é ;) ;) "\\u{e9}"');
  assert.equal(escapeNonAsciiInStrings('$é "\\"é"'), '$é "\\"\\u{e9}"');
  const ascii = '(module (func))';
  assert.equal(escapeNonAsciiInStrings(ascii), ascii);
});

test('wraps bare fields and unreadable text, keeps a whole module', () => {
  assert.equal(wrapQuotedModule('(module $m (func))'), '(module $m (func))');
  assert.equal(wrapQuotedModule('(func) (memory 1)'), '(module\n(func) (memory 1)\n)');
  assert.equal(wrapQuotedModule('(func ;; c'), '(module\n(func ;; c\n)');
  assert.equal(wrapQuotedModule('(module) (module)'), '(module\n(module) (module)\n)');
});
