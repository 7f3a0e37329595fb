/**
 * The tree that the `.wast` reader produces: lists, atoms (keywords, numbers, identifiers) and strings, each
 * with its position in the source so that a module's original text can be sliced out again.
 * @module
 */

/** Where a node sits in the source text. `start`/`end` are UTF-16 offsets; `line` is 1-based. */
export interface SourceSpan {
  readonly start: number;
  readonly end: number;
  readonly line: number;
}

/** A parenthesised list. */
export interface SList extends SourceSpan {
  readonly kind: 'list';
  readonly items: readonly SExpr[];
}

/** A keyword, number, identifier or any other reserved token, as written. */
export interface SAtom extends SourceSpan {
  readonly kind: 'atom';
  readonly text: string;
}

/** A string literal, decoded to its bytes (escapes resolved, text encoded as UTF-8). */
export interface SString extends SourceSpan {
  readonly kind: 'string';
  readonly bytes: Uint8Array;
}

/** One node of a script. */
export type SExpr = SList | SAtom | SString;

/**
 * Whether `node` is an atom, optionally with the given text.
 * @param node - any node, or `undefined`
 * @param text - the exact atom text to require
 * @returns true for a matching atom
 */
export function isAtom(node: SExpr | undefined, text?: string): node is SAtom {
  return node !== undefined && node.kind === 'atom' && (text === undefined || node.text === text);
}

/**
 * Whether `node` is a list whose first item is the atom `head` (when given).
 * @param node - any node, or `undefined`
 * @param head - the keyword the list must start with
 * @returns true for a matching list
 */
export function isList(node: SExpr | undefined, head?: string): node is SList {
  return node !== undefined && node.kind === 'list' && (head === undefined || isAtom(node.items[0], head));
}

/**
 * Whether `node` is an identifier atom (`$name`).
 * @param node - any node, or `undefined`
 * @returns true for an atom starting with `$`
 */
export function isId(node: SExpr | undefined): node is SAtom {
  return isAtom(node) && node.text.startsWith('$') && node.text.length > 1;
}
