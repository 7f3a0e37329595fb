import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseExpectedFailures, tallyFile } from '../src/runner/expected-failures.js';
import type { CommandOutcome } from '../src/runner/outcome.js';

const pass = (line: number): CommandOutcome => ({ line, command: 'assert_return', passed: true });
const fail = (line: number): CommandOutcome => ({ line, command: 'assert_return', passed: false, detail: 'no' });

test('parses and validates the list', () => {
  const m = parseExpectedFailures({ 'a.wast': [3, 5], 'b.wast': '*' });
  assert.deepEqual([...(m.get('a.wast') as Set<number>)], [3, 5]);
  assert.equal(m.get('b.wast'), '*');
  for (const bad of [[], null, { a: 'x' }, { a: [0] }, { a: [1.5] }, { a: ['1'] }]) {
    assert.throws(() => parseExpectedFailures(bad), TypeError);
  }
});

test('unlisted failures fail; listed ones are expected', () => {
  const t = tallyFile([pass(1), fail(2), fail(3)], new Set([3]));
  assert.equal(t.passed, 1);
  assert.equal(t.failed, 1);
  assert.equal(t.expectedFailures, 1);
  assert.deepEqual(
    t.failures.map((f) => f.line),
    [2],
  );
});

test('a listed line that passes (or does not exist) is an unexpected pass and a failure', () => {
  const t = tallyFile([pass(1), fail(2)], new Set([1, 2, 99]));
  assert.equal(t.expectedFailures, 1);
  assert.equal(t.unexpectedPasses, 2);
  assert.equal(t.failed, 2);
  assert.deepEqual(
    t.failures.map((f) => f.line),
    [1, 99],
  );
});

test('"*" expects any failures, but a file that fully passes is an unexpected pass', () => {
  const partly = tallyFile([pass(1), fail(2)], '*');
  assert.deepEqual([partly.failed, partly.expectedFailures, partly.unexpectedPasses], [0, 1, 0]);
  const fully = tallyFile([pass(1), pass(2)], '*');
  assert.deepEqual([fully.failed, fully.unexpectedPasses], [1, 1]);
});

test('message mismatches are counted apart and do not fail', () => {
  const o: CommandOutcome = {
    line: 4,
    command: 'assert_trap',
    passed: true,
    messageMismatch: { expected: 'a', actual: 'b' },
  };
  const t = tallyFile([o], undefined);
  assert.deepEqual([t.passed, t.failed, t.messageMismatches], [1, 0, 1]);
});

test('a listed line that passes with another message is expected, not a mismatch', () => {
  const o: CommandOutcome = {
    line: 4,
    command: 'assert_malformed',
    passed: true,
    messageMismatch: { expected: 'a', actual: 'b' },
  };
  const t = tallyFile([o, pass(5)], new Set([4]));
  assert.deepEqual([t.passed, t.failed, t.expectedFailures, t.unexpectedPasses, t.messageMismatches], [1, 0, 1, 0, 0]);
});
