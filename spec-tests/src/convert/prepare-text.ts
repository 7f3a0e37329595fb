/**
 * Rewrites applied to module text before it goes to the converter (see TOOLCHAIN.md): non-ASCII characters
 * inside string literals become `\u{…}` escapes (the converter rejects some confusable characters that the
 * spec allows), and quoted texts that are bare module fields get wrapped in `(module …)`.
 * @module
 */
import { readSExprs } from '../sexpr/reader.js';
import { isList } from '../sexpr/sexpr.js';

/**
 * Escapes every non-ASCII character inside string literals; comments and other text stay as they are.
 * @param text - module text
 * @returns the same module with only ASCII inside its strings
 * @example escapeNonAsciiInStrings('(export "é")') // '(export "\\u{e9}")'
 */
export function escapeNonAsciiInStrings(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the class is the whole ASCII range, on purpose.
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  let out = '';
  let i = 0;
  let copied = 0;
  let depth = 0; // block comment nesting
  let inString = false;
  while (i < text.length) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (depth > 0) {
      if (ch === '(' && next === ';') {
        depth++;
        i += 2;
      } else if (ch === ';' && next === ')') {
        depth--;
        i += 2;
      } else i++;
    } else if (inString) {
      if (ch === '\\') i += 2;
      else if (ch === '"') {
        inString = false;
        i++;
      } else if (ch.charCodeAt(0) > 0x7f) {
        const cp = text.codePointAt(i)!;
        out += `${text.slice(copied, i)}\\u{${cp.toString(16)}}`;
        i += cp > 0xffff ? 2 : 1;
        copied = i;
      } else i++;
    } else if (ch === '"') {
      inString = true;
      i++;
    } else if (ch === ';' && next === ';') {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? text.length : eol;
    } else if (ch === '(' && next === ';') {
      depth = 1;
      i += 2;
    } else i++;
  }
  return out + text.slice(copied);
}

/**
 * Makes a quoted module text a complete module: a text that is one `(module …)` form stays as it is,
 * anything else (bare fields, or text that does not even read) is wrapped in `(module …)`.
 * @param text - the quoted text
 * @returns text that starts with `(module`
 */
export function wrapQuotedModule(text: string): string {
  try {
    const nodes = readSExprs(text);
    if (nodes.length === 1 && isList(nodes[0], 'module')) return text;
  } catch {
    // Unreadable text is malformed either way; wrapping it changes nothing about that.
  }
  return `(module\n${text}\n)`;
}
