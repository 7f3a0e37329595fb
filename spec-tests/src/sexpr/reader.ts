/**
 * The `.wast` s-expression reader: turns script text into a list of top-level nodes. It knows the text
 * format's lexical rules: line comments `;;`, nested block comments `(; … ;)`, string literals with escapes,
 * and atoms running up to whitespace, a parenthesis, a quote or a comment.
 * @module
 */
import type { SAtom, SExpr, SList, SString } from './sexpr.js';
import { decodeStringLiteral, StringLiteralError } from './string-literal.js';

/** The script text is not a well-formed sequence of s-expressions. */
export class ScriptSyntaxError extends Error {
  override name = 'ScriptSyntaxError';
  /** 1-based line of the problem. */
  readonly line: number;
  constructor(message: string, line: number) {
    super(`line ${line}: ${message}`);
    this.line = line;
  }
}

/**
 * Reads every top-level s-expression of a script.
 * @param source - the whole script text
 * @returns the top-level nodes in order
 * @throws ScriptSyntaxError on unbalanced parentheses, an unterminated string or comment, or a bad escape
 * @example readSExprs('(module) ;; empty\n(assert_return (invoke "f"))').length // 2
 */
export function readSExprs(source: string): SExpr[] {
  return new Reader(source).readAll();
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const LPAREN = 0x28;
const RPAREN = 0x29;
const QUOTE = 0x22;
const SEMI = 0x3b;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

class Reader {
  private pos = 0;
  private line = 1;

  constructor(private readonly src: string) {}

  readAll(): SExpr[] {
    const top: SExpr[] = [];
    const stack: { items: SExpr[]; start: number; line: number }[] = [];
    for (;;) {
      this.skipTrivia();
      if (this.pos >= this.src.length) break;
      const ch = this.src.charCodeAt(this.pos);
      if (ch === LPAREN) {
        stack.push({ items: [], start: this.pos, line: this.line });
        this.pos++;
      } else if (ch === RPAREN) {
        const open = stack.pop();
        if (open === undefined) throw new ScriptSyntaxError('unexpected )', this.line);
        this.pos++;
        const list: SList = { kind: 'list', items: open.items, start: open.start, end: this.pos, line: open.line };
        (stack.at(-1)?.items ?? top).push(list);
      } else {
        const node = ch === QUOTE ? this.readString() : this.readAtom();
        (stack.at(-1)?.items ?? top).push(node);
      }
    }
    const unclosed = stack.at(-1);
    if (unclosed !== undefined) throw new ScriptSyntaxError('unclosed (', unclosed.line);
    return top;
  }

  private skipTrivia(): void {
    const src = this.src;
    while (this.pos < src.length) {
      const ch = src.charCodeAt(this.pos);
      if (WHITESPACE.has(ch)) {
        if (ch === NEWLINE) this.line++;
        this.pos++;
      } else if (ch === SEMI && src.charCodeAt(this.pos + 1) === SEMI) {
        const eol = src.indexOf('\n', this.pos);
        this.pos = eol < 0 ? src.length : eol;
      } else if (ch === LPAREN && src.charCodeAt(this.pos + 1) === SEMI) {
        this.skipBlockComment();
      } else {
        return;
      }
    }
  }

  private skipBlockComment(): void {
    const src = this.src;
    const startLine = this.line;
    let depth = 0;
    while (this.pos < src.length) {
      const ch = src.charCodeAt(this.pos);
      const next = src.charCodeAt(this.pos + 1);
      if (ch === LPAREN && next === SEMI) {
        depth++;
        this.pos += 2;
      } else if (ch === SEMI && next === RPAREN) {
        depth--;
        this.pos += 2;
        if (depth === 0) return;
      } else {
        if (ch === NEWLINE) this.line++;
        this.pos++;
      }
    }
    throw new ScriptSyntaxError('unterminated block comment', startLine);
  }

  private readString(): SString {
    const src = this.src;
    const start = this.pos;
    const line = this.line;
    let i = start + 1;
    for (;;) {
      if (i >= src.length) throw new ScriptSyntaxError('unterminated string', line);
      const ch = src.charCodeAt(i);
      if (ch === QUOTE) break;
      if (ch === NEWLINE) this.line++;
      i += ch === BACKSLASH ? 2 : 1;
    }
    this.pos = i + 1;
    try {
      return { kind: 'string', bytes: decodeStringLiteral(src.slice(start + 1, i)), start, end: this.pos, line };
    } catch (e) {
      if (e instanceof StringLiteralError) throw new ScriptSyntaxError(e.message, line);
      throw e;
    }
  }

  private readAtom(): SAtom {
    const src = this.src;
    const start = this.pos;
    const line = this.line;
    let i = start;
    while (i < src.length) {
      const ch = src.charCodeAt(i);
      if (WHITESPACE.has(ch) || ch === LPAREN || ch === RPAREN || ch === SEMI) break;
      if (ch === QUOTE) {
        // `$"…"` (a quoted identifier) continues the atom; any other quote ends it.
        if (i !== start + 1 || src[start] !== '$') break;
        const quoted = this.pos;
        this.pos = i;
        this.readString();
        i = this.pos;
        this.pos = quoted;
        continue;
      }
      i++;
    }
    if (i === start) i++; // a lone `;` (not a comment) is a token of its own
    this.pos = i;
    return { kind: 'atom', text: src.slice(start, i), start, end: i, line };
  }
}
