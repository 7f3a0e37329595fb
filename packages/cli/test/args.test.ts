import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseArgs, positiveIntOption, UsageError } from '../src/args.js';

const SPECS = [
  { name: 'invoke', value: true },
  { name: 'suite', value: true, repeat: true },
  { name: 'verbose', value: false },
];

test('options with values, repeated options, flags and positionals', () => {
  const a = parseArgs(['f.wasm', '--invoke', 'g', '-1', '--suite=a', '--suite', 'b', '--verbose', '-inf'], SPECS);
  assert.deepEqual(a.positionals, ['f.wasm', '-1', '-inf']);
  assert.deepEqual(a.options.get('invoke'), ['g']);
  assert.deepEqual(a.options.get('suite'), ['a', 'b']);
  assert.deepEqual(a.options.get('verbose'), ['true']);
});

test('-- ends the options', () => {
  assert.deepEqual(parseArgs(['--', '--invoke'], SPECS).positionals, ['--invoke']);
});

test('unknown options, missing values, repeats and values on flags are usage errors', () => {
  assert.throws(() => parseArgs(['--nope'], SPECS), UsageError);
  assert.throws(() => parseArgs(['--invoke'], SPECS), /needs a value/);
  assert.throws(() => parseArgs(['--invoke', 'a', '--invoke', 'b'], SPECS), /twice/);
  assert.throws(() => parseArgs(['--verbose=1'], SPECS), /takes no value/);
});

test('positive integer options', () => {
  const specs = [{ name: 'fuel', value: true }];
  assert.equal(positiveIntOption(parseArgs(['--fuel', '100'], specs), 'fuel'), 100);
  assert.equal(positiveIntOption(parseArgs([], specs), 'fuel'), undefined);
  for (const bad of ['0', '-1', '1.5', 'x', '1e3', '99999999999999999999']) {
    assert.throws(() => positiveIntOption(parseArgs([`--fuel=${bad}`], specs), 'fuel'), UsageError, bad);
  }
});
