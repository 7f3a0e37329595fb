import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Command, ModuleAssertionKind } from '../src/script/command.js';
import { parseScript } from '../src/script/parse-script.js';

function only<K extends Command['kind']>(src: string, kind: K): Extract<Command, { kind: K }> {
  const [c, ...rest] = parseScript(src);
  assert.equal(rest.length, 0);
  assert.equal(
    c!.kind,
    kind,
    JSON.stringify(c, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)),
  );
  return c as Extract<Command, { kind: K }>;
}

function onlyAssertion(src: string, kind: ModuleAssertionKind): Extract<Command, { kind: ModuleAssertionKind }> {
  const c = parseScript(src)[0]!;
  assert.equal(c.kind, kind);
  return c as Extract<Command, { kind: ModuleAssertionKind }>;
}

test('a text module keeps its fields as written, without name or definition keyword', () => {
  const c = only('(module $M (func (export "f")) ;; x\n (memory 1))', 'module');
  assert.equal(c.module.name, '$M');
  assert.equal(c.module.definitionOnly, false);
  assert.deepEqual(c.module.source, { kind: 'text', text: '(module (func (export "f")) ;; x\n (memory 1))' });
  const d = only('(module definition $D)', 'module');
  assert.equal(d.module.definitionOnly, true);
  assert.deepEqual(d.module.source, { kind: 'text', text: '(module )' });
});

test('binary and quote modules concatenate their strings', () => {
  const b = only('(module binary "\\00asm" "\\01\\00\\00\\00")', 'module');
  assert.deepEqual(b.module.source, { kind: 'binary', bytes: new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]) });
  const q = only('(module $Q quote "(func" ")")', 'module');
  assert.equal(q.module.name, '$Q');
  assert.equal(q.module.source.kind, 'quote');
  assert.equal(
    new TextDecoder().decode(q.module.source.kind === 'quote' ? q.module.source.bytes : undefined),
    '(func)',
  );
});

test('bare module fields at top level form one inline module', () => {
  const cs = parseScript('(func) (memory 0)\n(func (export "f"))\n(assert_return (invoke "f"))');
  assert.equal(cs.length, 2);
  assert.equal(cs[0]!.kind, 'module');
  assert.deepEqual(cs[0]!.kind === 'module' && cs[0].module.source, {
    kind: 'text',
    text: '(module (func) (memory 0)\n(func (export "f")))',
  });
  assert.equal(cs[1]!.line, 3);
});

test('register, invoke and get', () => {
  assert.deepEqual(only('(register "M" $m)', 'register'), { line: 1, kind: 'register', as: 'M', module: '$m' });
  const a = only(
    '(invoke $m "f" (i32.const -1) (i64.const 0xffffffffffffffff) (f32.const -0) (ref.null extern) (ref.extern 7))',
    'action',
  );
  assert.deepEqual(a.action, {
    kind: 'invoke',
    module: '$m',
    name: 'f',
    args: [
      { type: 'i32', value: -1 },
      { type: 'i64', value: -1n },
      { type: 'f32', bits: 0x80000000 },
      { type: 'externref', value: null },
      { type: 'externref', value: 7 },
    ],
  });
  assert.deepEqual(only('(get "g")', 'action').action, { kind: 'get', module: undefined, name: 'g' });
});

test('assertions', () => {
  const r = only(
    '(assert_return (invoke "f") (f64.const nan:canonical) (i32.const 1) (ref.null func))',
    'assert_return',
  );
  assert.deepEqual(r.expected, [
    { kind: 'nan', type: 'f64', nan: 'canonical' },
    { kind: 'exact', value: { type: 'i32', value: 1 } },
    { kind: 'null', type: 'funcref' },
  ]);
  assert.equal(only('(assert_trap (invoke "f") "unreachable")', 'assert_trap').message, 'unreachable');
  const tm = only('(assert_trap (module (start 0)) "oops")', 'assert_trap_module');
  assert.equal(tm.module.source.kind, 'text');
  assert.equal(
    only('(assert_exhaustion (invoke "f") "call stack exhausted")', 'assert_exhaustion').message,
    'call stack exhausted',
  );
  assert.equal(
    onlyAssertion('(assert_invalid (module (func (i32.add))) "type mismatch")', 'assert_invalid').message,
    'type mismatch',
  );
  assert.equal(
    onlyAssertion('(assert_malformed (module quote "(x)") "unknown operator")', 'assert_malformed').module.source.kind,
    'quote',
  );
  assert.equal(
    onlyAssertion('(assert_unlinkable (module (import "a" "b" (func))) "unknown import")', 'assert_unlinkable').message,
    'unknown import',
  );
  assert.equal(onlyAssertion('(assert_uninstantiable (module) "x")', 'assert_uninstantiable').message, 'x');
});

test('the line of a command is the line of its opening parenthesis', () => {
  const cs = parseScript('\n\n(assert_trap\n  (invoke "f")\n  "x")\n(module)');
  assert.deepEqual(
    cs.map((c) => c.line),
    [3, 6],
  );
});

test('a command that cannot be parsed becomes unsupported; the rest still parse', () => {
  const cs = parseScript('(assert_return (invoke "f") (i32.const 1.5))\n(frobnicate)\n(module)');
  assert.deepEqual(
    cs.map((c) => c.kind),
    ['unsupported', 'unsupported', 'module'],
  );
  assert.match(cs[0]!.kind === 'unsupported' ? cs[0].reason : '', /integer/);
  assert.match(cs[1]!.kind === 'unsupported' ? cs[1].reason : '', /frobnicate/);
});

test('names keep a leading U+FEFF', () => {
  const a = only('(invoke "\uFEFF")', 'action');
  assert.equal(a.action.name, '\uFEFF');
});

test('annotations are skipped in commands; module text keeps them for the converter', () => {
  const c = only('((@a) module (@a) $m (@a)\n  ((@a) global (@a) $g (@a) i32 (i32.const 0)))', 'module');
  assert.equal(c.module.name, '$m');
  assert.deepEqual(c.module.source, { kind: 'text', text: '(module ((@a) global (@a) $g (@a) i32 (i32.const 0)))' });
  const r = only('(assert_return (@x) (invoke "f") (i32.const 1))', 'assert_return');
  assert.equal(r.action.kind === 'invoke' && r.action.name, 'f');
});
