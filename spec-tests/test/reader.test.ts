import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readSExprs, ScriptSyntaxError } from '../src/sexpr/reader.js';
import type { SExpr } from '../src/sexpr/sexpr.js';
import { decodeStringLiteral } from '../src/sexpr/string-literal.js';

function shape(node: SExpr): unknown {
  if (node.kind === 'list') return node.items.map(shape);
  if (node.kind === 'atom') return node.text;
  return { str: Array.from(node.bytes) };
}

test('reads nested lists and atoms with their lines', () => {
  const nodes = readSExprs('(module\n  (func $f (result i32) i32.const -0x1_0))\n(invoke "f")');
  assert.deepEqual(shape(nodes[0]!), ['module', ['func', '$f', ['result', 'i32'], 'i32.const', '-0x1_0']]);
  assert.equal(nodes[0]!.line, 1);
  assert.equal(nodes[1]!.line, 3);
  const func = nodes[0]!.kind === 'list' ? nodes[0]!.items[1]! : undefined;
  assert.equal(func?.line, 2);
});

test('keeps source offsets so that text can be sliced back', () => {
  const src = ' (a (b c) "d") ';
  const [node] = readSExprs(src);
  assert.equal(src.slice(node!.start, node!.end), '(a (b c) "d")');
});

test('skips line comments and nested block comments', () => {
  const nodes = readSExprs(';; a comment (\n(a (; block (; nested ;) still ;) b) ;; trailing\n(;;)(c)');
  assert.deepEqual(nodes.map(shape), [['a', 'b'], ['c']]);
});

test('counts lines inside block comments and strings', () => {
  const nodes = readSExprs('(; one\ntwo ;)\n"x\ny"\n(z)');
  assert.equal(nodes[0]!.line, 3);
  assert.equal(nodes[1]!.line, 5);
});

test('an atom ends at a parenthesis, a quote, whitespace or a semicolon', () => {
  assert.deepEqual(readSExprs('(a)b"s"c;;x\nd').map(shape), [['a'], 'b', { str: [0x73] }, 'c', 'd']);
});

test('a lone semicolon is a token, not an endless run of empty atoms (regression: annotations.wast)', () => {
  assert.deepEqual(readSExprs('(@a , ; ] ;x)').map(shape), [['@a', ',', ';', ']', ';', 'x']]);
});

test('reads a quoted identifier $"…" as one atom', () => {
  assert.deepEqual(readSExprs('($"a b" x)').map(shape), [['$"a b"', 'x']]);
});

test('decodes string escapes', () => {
  assert.deepEqual(Array.from(decodeStringLiteral('\\t\\n\\r\\"\\\'\\\\')), [9, 10, 13, 34, 39, 92]);
  assert.deepEqual(Array.from(decodeStringLiteral('\\00\\ff\\Fe')), [0, 0xff, 0xfe]);
  assert.deepEqual(
    Array.from(decodeStringLiteral('\\u{41}\\u{e9}\\u{1F600}')),
    [0x41, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80],
  );
  assert.deepEqual(Array.from(decodeStringLiteral('é€')), [0xc3, 0xa9, 0xe2, 0x82, 0xac]);
  assert.deepEqual(Array.from(decodeStringLiteral('\u{1F600}')), [0xf0, 0x9f, 0x98, 0x80]);
});

test('rejects bad escapes and unbalanced text', () => {
  assert.throws(() => decodeStringLiteral('\\q'), /unknown escape/);
  assert.throws(() => decodeStringLiteral('\\u{d800}'), /scalar/);
  assert.throws(() => decodeStringLiteral('\\u{110000}'), /scalar/);
  assert.throws(() => readSExprs('(a'), ScriptSyntaxError);
  assert.throws(() => readSExprs('a)'), ScriptSyntaxError);
  assert.throws(() => readSExprs('"abc'), ScriptSyntaxError);
  assert.throws(() => readSExprs('(; (; ;)'), ScriptSyntaxError);
  assert.throws(
    () => readSExprs('(a\n"\\x")'),
    (e: unknown) => e instanceof ScriptSyntaxError && e.line === 2,
  );
});
