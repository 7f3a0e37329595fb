/**
 * The part of Structured Field Values for HTTP (RFC 8941) that HTTP Message Signatures need: parsing and
 * serializing dictionaries whose members are items or inner lists, with parameters; items are strings,
 * tokens, integers, byte sequences and booleans. Anything else is refused with a {@link FieldError}.
 * @module
 */

/** A bare item. */
export type BareItem = string | number | boolean | Uint8Array | { readonly token: string };
/** Parameters, in order. */
export type Params = Map<string, BareItem>;
/** An item with its parameters. */
export interface Item {
  readonly value: BareItem;
  readonly params: Params;
}
/** An inner list with its parameters. */
export interface InnerList {
  readonly items: Item[];
  readonly params: Params;
}
/** A dictionary member. */
export type Member = Item | InnerList;

/** A field value that is not a structured field this parser accepts. */
export class FieldError extends Error {
  override name = 'FieldError';
  readonly code = 'bad-structured-field';
}

/** The longest field value parsed (a guard against pathological input). */
const MAX_FIELD = 8192;

class Reader {
  i = 0;
  constructor(readonly s: string) {}
  peek(): string {
    return this.s[this.i] ?? '';
  }
  done(): boolean {
    return this.i >= this.s.length;
  }
  fail(what: string): never {
    throw new FieldError(`${what} at ${this.i}`);
  }
  ows(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.i++;
  }
  sp(): void {
    while (this.peek() === ' ') this.i++;
  }
}

function key(r: Reader): string {
  const m = /^[a-z*][a-z0-9_\-.*]{0,63}/.exec(r.s.slice(r.i, r.i + 64));
  if (m === null) r.fail('expected a key');
  r.i += m[0].length;
  return m[0];
}

function bareItem(r: Reader): BareItem {
  const c = r.peek();
  if (c === '"') {
    r.i++;
    let out = '';
    for (;;) {
      const ch = r.s[r.i++];
      if (ch === undefined) r.fail('unterminated string');
      if (ch === '\\') {
        const e = r.s[r.i++];
        if (e !== '"' && e !== '\\') r.fail('bad escape');
        out += e;
      } else if (ch === '"') return out;
      else if (ch < ' ' || ch > '~') r.fail('bad character in string');
      else out += ch;
    }
  }
  if (c === ':') {
    const end = r.s.indexOf(':', r.i + 1);
    if (end < 0) r.fail('unterminated byte sequence');
    const b64 = r.s.slice(r.i + 1, end);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) r.fail('bad byte sequence');
    r.i = end + 1;
    return new Uint8Array(Buffer.from(b64, 'base64'));
  }
  if (c === '?') {
    const b = r.s[r.i + 1];
    if (b !== '0' && b !== '1') r.fail('bad boolean');
    r.i += 2;
    return b === '1';
  }
  const num = /^-?[0-9]{1,15}(?![0-9.])/.exec(r.s.slice(r.i, r.i + 17));
  if (num !== null) {
    r.i += num[0].length;
    return Number(num[0]);
  }
  const tok = /^[A-Za-z*][!#$%&'*+\-.^_`|~0-9A-Za-z:/]{0,127}/.exec(r.s.slice(r.i, r.i + 128));
  if (tok !== null) {
    r.i += tok[0].length;
    return { token: tok[0] };
  }
  return r.fail('expected an item');
}

function params(r: Reader): Params {
  const p: Params = new Map();
  while (r.peek() === ';') {
    r.i++;
    r.sp();
    const k = key(r);
    let v: BareItem = true;
    if (r.peek() === '=') {
      r.i++;
      v = bareItem(r);
    }
    p.set(k, v);
  }
  return p;
}

function member(r: Reader): Member {
  if (r.peek() !== '(') return { value: bareItem(r), params: params(r) };
  r.i++;
  const items: Item[] = [];
  for (;;) {
    r.sp();
    if (r.peek() === ')') {
      r.i++;
      return { items, params: params(r) };
    }
    items.push({ value: bareItem(r), params: params(r) });
    const n = r.peek();
    if (n !== ' ' && n !== ')') r.fail('expected a space or )');
  }
}

/**
 * Parses a dictionary field value.
 * @param value - the field value (several field lines joined with `, `)
 * @returns its members in order
 * @throws FieldError when it is not a dictionary
 */
export function parseDictionary(value: string): Map<string, Member> {
  if (value.length > MAX_FIELD) throw new FieldError('field too long');
  const r = new Reader(value);
  const out = new Map<string, Member>();
  r.sp();
  while (!r.done()) {
    const k = key(r);
    let m: Member = { value: true, params: new Map() };
    if (r.peek() === '=') {
      r.i++;
      m = member(r);
    } else m = { value: true, params: params(r) };
    out.set(k, m);
    r.ows();
    if (r.done()) break;
    if (r.peek() !== ',') r.fail('expected ,');
    r.i++;
    r.ows();
    if (r.done()) r.fail('trailing comma');
  }
  return out;
}

/**
 * Serializes a bare item.
 * @param v - the item
 * @returns its text
 */
export function serializeItem(v: BareItem): string {
  if (typeof v === 'string') return `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
  if (typeof v === 'number') return String(Math.trunc(v));
  if (typeof v === 'boolean') return v ? '?1' : '?0';
  if (v instanceof Uint8Array) return `:${Buffer.from(v).toString('base64')}:`;
  return v.token;
}

/**
 * Serializes parameters.
 * @param p - the parameters
 * @returns `;k=v…` (a `true` value as a bare key)
 */
export function serializeParams(p: Params): string {
  let s = '';
  for (const [k, v] of p) s += v === true ? `;${k}` : `;${k}=${serializeItem(v)}`;
  return s;
}

/**
 * Serializes an inner list with its parameters.
 * @param l - the list
 * @returns `("a" "b");k=v`
 */
export function serializeInnerList(l: InnerList): string {
  return `(${l.items.map((i) => serializeItem(i.value) + serializeParams(i.params)).join(' ')})${serializeParams(l.params)}`;
}
