/**
 * Decoding of text-format string literals into bytes: `\t \n \r \" \' \\`, `\hh` (one raw byte) and
 * `\u{h…}` (a Unicode scalar value, written as UTF-8). Other characters are written as UTF-8.
 * @module
 */

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = {
  t: 0x09,
  n: 0x0a,
  r: 0x0d,
  '"': 0x22,
  "'": 0x27,
  '\\': 0x5c,
};

/** A string literal's body could not be decoded. */
export class StringLiteralError extends Error {
  override name = 'StringLiteralError';
}

/**
 * Decodes the body of a string literal (the text between the quotes).
 * @param body - the characters between the quotes, escapes unresolved
 * @returns the bytes the literal denotes
 * @throws StringLiteralError on an unknown or incomplete escape
 * @example decodeStringLiteral('a\\00\\u{e9}') // bytes 61 00 c3 a9
 */
export function decodeStringLiteral(body: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < body.length; ) {
    const ch = body.charCodeAt(i);
    if (ch !== 0x5c) {
      const cp = body.codePointAt(i) ?? ch;
      pushUtf8(out, cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    const next = body[i + 1];
    if (next === undefined) throw new StringLiteralError('unterminated escape');
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out.push(simple);
      i += 2;
    } else if (next === 'u') {
      const close = body.indexOf('}', i);
      const hex = body.slice(i + 3, close).replaceAll('_', '');
      if (body[i + 2] !== '{' || close < 0 || !/^[0-9a-fA-F]+$/.test(hex)) {
        throw new StringLiteralError('malformed \\u escape');
      }
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000)) throw new StringLiteralError('escape is not a scalar value');
      pushUtf8(out, cp);
      i = close + 1;
    } else {
      const hex = body.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new StringLiteralError(`unknown escape \\${next}`);
      out.push(parseInt(hex, 16));
      i += 3;
    }
  }
  return Uint8Array.from(out);
}

function pushUtf8(out: number[], cp: number): void {
  if (cp < 0x80) {
    out.push(cp);
  } else if (cp < 0x800) {
    out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
  } else if (cp < 0x10000) {
    out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  } else {
    out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
}
