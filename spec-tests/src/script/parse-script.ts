/**
 * Turns a `.wast` script into commands. A command that cannot be parsed becomes an `unsupported` command
 * (a failure of that command only); the rest of the script still runs.
 * @module
 */
import { readSExprs } from '../sexpr/reader.js';
import { isAtom, isId, isList, type SExpr, type SList } from '../sexpr/sexpr.js';
import { parseConst } from '../values/const-value.js';
import { parseResultPattern } from '../values/result-pattern.js';
import type { Action, Command, ModuleAssertionKind, ModuleDef } from './command.js';

/** A script form is not what the runner expects. */
export class ScriptFormError extends Error {
  override name = 'ScriptFormError';
}

const MODULE_ASSERTIONS: ReadonlySet<string> = new Set<ModuleAssertionKind>([
  'assert_invalid',
  'assert_malformed',
  'assert_unlinkable',
  'assert_uninstantiable',
]);

// Names may start with U+FEFF: keep it (TextDecoder drops a leading BOM by default).
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Keywords of module fields: a script made of bare fields is one inline module. */
const MODULE_FIELDS: ReadonlySet<string> = new Set([
  'type',
  'import',
  'func',
  'table',
  'memory',
  'global',
  'export',
  'start',
  'elem',
  'data',
]);

/**
 * Parses a whole script.
 * @param source - the script text
 * @returns its commands in order
 * @throws ScriptSyntaxError when the text is not a sequence of s-expressions
 * @example parseScript('(module)\n(assert_return (invoke "f") (i32.const 1))').map((c) => c.kind)
 */
export function parseScript(source: string): Command[] {
  const commands: Command[] = [];
  const nodes = readSExprs(source);
  for (let i = 0; i < nodes.length; i++) {
    let end = i;
    while (isFieldForm(nodes[end])) end++;
    if (end === i) {
      commands.push(parseCommand(nodes[i]!, source));
      continue;
    }
    // Consecutive bare module fields form one inline module.
    const first = nodes[i]!;
    const text = `(module ${source.slice(first.start, nodes[end - 1]!.end)})`;
    commands.push({
      line: first.line,
      kind: 'module',
      module: { name: undefined, definitionOnly: false, source: { kind: 'text', text } },
    });
    i = end - 1;
  }
  return commands;
}

function isFieldForm(node: SExpr | undefined): boolean {
  return node?.kind === 'list' && isAtom(node.items[0]) && MODULE_FIELDS.has(node.items[0].text);
}

/**
 * Parses one top-level form.
 * @param node - the form
 * @param source - the script text (module texts are sliced from it)
 * @returns the command; `unsupported` when it cannot be parsed
 */
export function parseCommand(node: SExpr, source: string): Command {
  const line = node.line;
  const bare = node.kind === 'list' ? withoutAnnotations(node) : undefined;
  const head = bare !== undefined && isAtom(bare.items[0]) ? bare.items[0].text : '?';
  try {
    if (bare === undefined) throw new ScriptFormError('expected a parenthesised command');
    return { line, ...parseForm(bare, head, source) } as Command;
  } catch (e) {
    return { line, kind: 'unsupported', head, reason: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * A list without its annotations (`(@name …)`, which may appear anywhere, even in script commands), nested
 * lists included. Source positions are kept, so a module's text still comes from the source as written.
 */
function withoutAnnotations(list: SList): SList {
  const items = list.items
    .filter((i) => !(i.kind === 'list' && isAtom(i.items[0]) && i.items[0].text.startsWith('@')))
    .map((i) => (i.kind === 'list' ? withoutAnnotations(i) : i));
  return { ...list, items };
}

type CommandBody = Command extends infer C ? (C extends Command ? Omit<C, 'line'> : never) : never;

function parseForm(node: SList, head: string, source: string): CommandBody {
  const items = node.items;
  switch (head) {
    case 'module':
      if (isAtom(items[1], 'instance')) {
        const ids = items
          .slice(2)
          .filter(isId)
          .map((a) => a.text);
        return { kind: 'module-instance', instance: ids[0], module: ids[1] ?? ids[0] };
      }
      return { kind: 'module', module: parseModule(node, source) };
    case 'register': {
      return { kind: 'register', as: stringOf(items[1]), module: isId(items[2]) ? items[2].text : undefined };
    }
    case 'invoke':
    case 'get':
      return { kind: 'action', action: parseAction(node) };
    case 'thread': {
      if (!isId(items[1])) throw new ScriptFormError('expected a thread name');
      let i = 2;
      const shared: string[] = [];
      for (; isList(items[i], 'shared'); i++) {
        for (const m of (items[i] as SList).items.slice(1)) {
          const id = isList(m, 'module') ? m.items[1] : undefined;
          if (!isId(id)) throw new ScriptFormError('expected (shared (module $name))');
          shared.push(id.text);
        }
      }
      const body = items.slice(i);
      const script = body.length === 0 ? '' : source.slice(body[0]!.start, body[body.length - 1]!.end);
      // Keep line numbers: the thread's script starts on the line of its first command.
      const pad = body.length === 0 ? '' : '\n'.repeat(Math.max(0, body[0]!.line - 1));
      return { kind: 'thread', name: items[1].text, shared, script: pad + script };
    }
    case 'wait':
      if (!isId(items[1])) throw new ScriptFormError('expected a thread name');
      return { kind: 'wait', name: items[1].text };
    case 'assert_return':
      return {
        kind: 'assert_return',
        action: parseAction(listAt(items, 1)),
        expected: items.slice(2).map(parseResultPattern),
      };
    case 'assert_trap':
      if (isList(items[1], 'module')) {
        return { kind: 'assert_trap_module', module: parseModule(items[1], source), message: stringOf(items[2]) };
      }
      return { kind: 'assert_trap', action: parseAction(listAt(items, 1)), message: stringOf(items[2]) };
    case 'assert_exception':
      return { kind: 'assert_exception', action: parseAction(listAt(items, 1)) };
    case 'assert_exhaustion':
      return { kind: 'assert_exhaustion', action: parseAction(listAt(items, 1)), message: stringOf(items[2]) };
    default:
      if (MODULE_ASSERTIONS.has(head)) {
        const kind = head as ModuleAssertionKind;
        return { kind, module: parseModule(listAt(items, 1, 'module'), source), message: stringOf(items[2]) };
      }
      throw new ScriptFormError(`unsupported command ${head}`);
  }
}

/**
 * Parses a `(module …)` form: text, `binary` or `quote`, optionally named and/or `definition`.
 * @param node - the module list
 * @param source - the script text
 * @returns the module definition
 * @throws ScriptFormError on a malformed form
 */
export function parseModule(node: SList, source: string): ModuleDef {
  if (!isAtom(node.items[0], 'module')) throw new ScriptFormError('expected (module …)');
  let i = 1;
  let name: string | undefined;
  let definitionOnly = false;
  for (;;) {
    const item = node.items[i];
    const text = isAtom(item) ? item.text : '';
    if (text === 'definition') definitionOnly = true;
    else if (isId(item) && name === undefined) name = text;
    else break;
    i++;
  }
  const rest = node.items.slice(i);
  const mode = rest[0];
  if (isAtom(mode, 'binary') || isAtom(mode, 'quote')) {
    const bytes = concatStrings(rest.slice(1));
    return {
      name,
      definitionOnly,
      source: mode.text === 'binary' ? { kind: 'binary', bytes } : { kind: 'quote', bytes },
    };
  }
  const first = rest[0];
  const fields = first === undefined ? '' : source.slice(first.start, node.end - 1);
  return { name, definitionOnly, source: { kind: 'text', text: `(module ${fields})` } };
}

function parseAction(node: SList): Action {
  const items = node.items;
  const head = items[0];
  if (!isAtom(head, 'invoke') && !isAtom(head, 'get')) throw new ScriptFormError('expected (invoke …) or (get …)');
  let i = 1;
  const module = isId(items[i]) ? (items[i++] as { text: string }).text : undefined;
  const name = stringOf(items[i++]);
  if (head.text === 'get') return { kind: 'get', module, name };
  return { kind: 'invoke', module, name, args: items.slice(i).map(parseConst) };
}

function listAt(items: readonly SExpr[], index: number, head?: string): SList {
  const node = items[index];
  if (!isList(node, head)) throw new ScriptFormError(`expected ${head === undefined ? 'a list' : `(${head} …)`}`);
  return node;
}

function stringOf(node: SExpr | undefined): string {
  if (node?.kind !== 'string') throw new ScriptFormError('expected a string');
  return utf8.decode(node.bytes);
}

function concatStrings(nodes: readonly SExpr[]): Uint8Array {
  const parts = nodes.map((n) => {
    if (n.kind !== 'string') throw new ScriptFormError('expected a string');
    return n.bytes;
  });
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
