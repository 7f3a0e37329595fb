/**
 * Test helper: a strict well-formedness check of a small XML document (an SVG), with no dependency. It accepts
 * an XML declaration, elements with quoted attributes (unique per element), character data with the five
 * predefined entities and numeric references, and comments; anything else (an unbalanced tag, a bare `&` or
 * `<`, an unquoted or repeated attribute, text outside the root) is an error.
 * @module
 */

/** An element as parsed: its name, attributes and children. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Map<string, string>;
  readonly children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_.:-]*/;

function checkText(t: string, at: number): string {
  if (/<|&(?!(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);)/.test(t))
    throw new Error(`bad character data at ${at}: ${t.slice(0, 40)}`);
  return t.replace(
    /&(amp|lt|gt|quot|apos);/g,
    (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e]!,
  );
}

/**
 * Parses a document, throwing on anything not well-formed.
 * @param doc - the text
 * @returns the root element
 */
export function parseXml(doc: string): XmlElement {
  let i = 0;
  if (doc.startsWith('<?xml')) {
    const end = doc.indexOf('?>');
    if (end < 0) throw new Error('unterminated XML declaration');
    i = end + 2;
  }
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (i < doc.length) {
    const lt = doc.indexOf('<', i);
    const text = doc.slice(i, lt < 0 ? doc.length : lt);
    if (stack.length === 0) {
      if (text.trim() !== '') throw new Error(`text outside the root at ${i}`);
    } else stack[stack.length - 1]!.text += checkText(text, i);
    if (lt < 0) break;
    i = lt;
    if (doc.startsWith('<!--', i)) {
      const end = doc.indexOf('-->', i);
      if (end < 0) throw new Error('unterminated comment');
      i = end + 3;
      continue;
    }
    if (doc.startsWith('</', i)) {
      const m = NAME.exec(doc.slice(i + 2));
      const close = doc.indexOf('>', i);
      if (m === null || close < 0 || doc.slice(i + 2 + m[0].length, close).trim() !== '')
        throw new Error(`bad end tag at ${i}`);
      const open = stack.pop();
      if (open === undefined || open.name !== m[0])
        throw new Error(`end tag </${m[0]}> does not match <${open?.name ?? 'nothing'}> at ${i}`);
      i = close + 1;
      continue;
    }
    const m = NAME.exec(doc.slice(i + 1));
    if (m === null) throw new Error(`bad tag at ${i}`);
    const el: XmlElement = { name: m[0], attributes: new Map(), children: [], text: '' };
    i += 1 + m[0].length;
    for (;;) {
      const ws = /^\s*/.exec(doc.slice(i))![0];
      i += ws.length;
      if (doc.startsWith('/>', i) || doc.startsWith('>', i)) break;
      if (ws === '') throw new Error(`attributes must be separated by white space at ${i}`);
      const a = /^([A-Za-z_:][A-Za-z0-9_.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(doc.slice(i));
      if (a === null) throw new Error(`bad attribute at ${i}: ${doc.slice(i, i + 30)}`);
      if (el.attributes.has(a[1]!)) throw new Error(`attribute ${a[1]} repeated at ${i}`);
      el.attributes.set(a[1]!, checkText(a[3] ?? a[4] ?? '', i));
      i += a[0].length;
    }
    if (stack.length > 0) stack[stack.length - 1]!.children.push(el);
    else if (root !== null) throw new Error(`a second root element at ${i}`);
    else root = el;
    if (doc.startsWith('/>', i)) i += 2;
    else {
      i += 1;
      stack.push(el);
    }
  }
  if (stack.length > 0) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  if (root === null) throw new Error('no root element');
  return root;
}

/**
 * Every element below (and including) one, depth first.
 * @param el - the start
 * @returns the elements
 */
export function allElements(el: XmlElement): XmlElement[] {
  return [el, ...el.children.flatMap(allElements)];
}
