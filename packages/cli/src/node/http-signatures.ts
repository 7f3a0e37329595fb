/**
 * HTTP Message Signatures (RFC 9421) with Ed25519, and `Content-Digest` (RFC 9530), for requests: the signer
 * covers `@method`, `@authority`, `@path`, `@query` and, with a body, `content-type` and `content-digest`, with
 * the parameters `created`, `expires`, `nonce`, `keyid`, `alg="ed25519"` and `tag`. The verifier rebuilds the
 * signature base from the components the signer listed, insists on the ones a request of this node must cover,
 * checks the time window, the key, the signature, the body's digest, and finally the nonce against a cache of
 * those seen (replay). Every refusal is an {@link AuthError} with a stable `reason`.
 * @module
 */
import { createHash, type KeyObject, randomBytes, sign, timingSafeEqual, verify } from 'node:crypto';
import {
  type BareItem,
  FieldError,
  type InnerList,
  type Item,
  type Member,
  type Params,
  parseDictionary,
  serializeInnerList,
} from './structured-fields.js';

/** Why a request's signature was refused. */
export type AuthReason =
  | 'missing-signature'
  | 'bad-signature-input'
  | 'missing-component'
  | 'unsupported-component'
  | 'unknown-key'
  | 'bad-algorithm'
  | 'expired'
  | 'not-yet-valid'
  | 'bad-signature'
  | 'digest-mismatch'
  | 'replayed';

/** A request whose signature does not authenticate it (answered 401). */
export class AuthError extends Error {
  override name = 'AuthError';
  readonly code = 'unauthenticated';
  readonly status = 401;
  /**
   * @param reason - stable reason
   * @param message - for people
   */
  constructor(
    readonly reason: AuthReason,
    message: string,
  ) {
    super(message);
  }
}

/** The `tag` parameter of this node's operator signatures. */
export const OPERATOR_TAG = 'edgedancer-operator';
/** How long a signature is valid after `created` (seconds), and the clock skew tolerated before it. */
export const VALIDITY_S = 60;
export const SKEW_S = 5;

/** The parts of a request a signature covers. */
export interface SignedRequestParts {
  /** `GET`, `POST`, … */
  readonly method: string;
  /** `host[:port]` as the client addressed it (the `Host` header). */
  readonly authority: string;
  /** The request target: path and query (`/v1/agents?x=1`). */
  readonly target: string;
  /** Header fields by lower-case name. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body (empty when none); a verifier may check the signature before reading it (see {@link verifyRequest}). */
  readonly body?: Uint8Array;
  /** `http` or `https` (for `@target-uri` and `@scheme`). */
  readonly scheme?: string;
}

/**
 * The `Content-Digest` field value of a body (RFC 9530, SHA-256).
 * @param body - the bytes
 * @returns `sha-256=:…:`
 */
export function contentDigest(body: Uint8Array): string {
  return `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
}

/**
 * Whether a `Content-Digest` field matches a body: every SHA-256 or SHA-512 digest in it must match and at least
 * one must be present (other algorithms are ignored, as RFC 9530 allows).
 * @param field - the field value
 * @param body - the bytes
 * @returns whether it matches
 */
export function digestMatches(field: string, body: Uint8Array): boolean {
  let dict: Map<string, Member>;
  try {
    dict = parseDictionary(field);
  } catch {
    return false;
  }
  let checked = 0;
  for (const [alg, m] of dict) {
    if (alg !== 'sha-256' && alg !== 'sha-512') continue;
    const v = (m as Item).value;
    if (!(v instanceof Uint8Array)) return false;
    const want = createHash(alg === 'sha-256' ? 'sha256' : 'sha512')
      .update(body)
      .digest();
    if (v.length !== want.length || !timingSafeEqual(v, want)) return false;
    checked++;
  }
  return checked > 0;
}

function splitTarget(target: string): { path: string; query: string } {
  const q = target.indexOf('?');
  return q < 0 ? { path: target, query: '?' } : { path: target.slice(0, q), query: target.slice(q) };
}

/**
 * The value of one covered component (RFC 9421 §2.1, §2.2).
 * @param name - a derived component (`@method`, …) or a lower-case header name
 * @param req - the request
 * @returns the value
 * @throws AuthError `missing-component` for an absent header, `unsupported-component` for other derived names
 */
export function componentValue(name: string, req: SignedRequestParts): string {
  const { path, query } = splitTarget(req.target);
  switch (name) {
    case '@method':
      return req.method.toUpperCase();
    case '@authority':
      return req.authority.toLowerCase();
    case '@path':
      return path;
    case '@query':
      return query;
    case '@scheme':
      return (req.scheme ?? 'http').toLowerCase();
    case '@target-uri':
      return `${(req.scheme ?? 'http').toLowerCase()}://${req.authority.toLowerCase()}${req.target}`;
    case '@request-target':
      return req.target;
    default:
      break;
  }
  if (name.startsWith('@') || !/^[a-z0-9!#$%&'*+\-.^_`|~]+$/.test(name))
    throw new AuthError('unsupported-component', `component ${name} is not supported`);
  const v = req.headers[name];
  if (v === undefined) throw new AuthError('missing-component', `header ${name} is covered but absent`);
  return (Array.isArray(v) ? v : [v]).map((x) => x.trim()).join(', ');
}

/**
 * The signature base of a request (RFC 9421 §2.5).
 * @param req - the request
 * @param input - the covered components and the signature's parameters
 * @returns the bytes that are signed
 */
export function signatureBase(req: SignedRequestParts, input: InnerList): Uint8Array {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const it of input.items) {
    if (typeof it.value !== 'string')
      throw new AuthError('bad-signature-input', 'a component identifier must be a string');
    if (it.params.size > 0)
      throw new AuthError('unsupported-component', `component parameters are not supported (${it.value})`);
    if (seen.has(it.value)) throw new AuthError('bad-signature-input', `component ${it.value} listed twice`);
    seen.add(it.value);
    const v = componentValue(it.value, req);
    if (/[\r\n]/.test(v)) throw new AuthError('bad-signature-input', 'a component value holds a line break');
    lines.push(`"${it.value}": ${v}`);
  }
  lines.push(`"@signature-params": ${serializeInnerList(input)}`);
  return new TextEncoder().encode(lines.join('\n'));
}

/** A key that signs requests. */
export interface RequestSigningKey {
  readonly keyid: string;
  readonly privateKey: KeyObject;
}

/**
 * Signs a request: the header fields to add (`Content-Digest` with a body, `Signature-Input`, `Signature`).
 * @param req - the request (its headers must already hold `content-type` when there is a body)
 * @param key - the operator's key
 * @param options - `now` in seconds, `nonce`, `label` (default `sig1`)
 * @returns the fields
 */
export function signRequest(
  req: SignedRequestParts,
  key: RequestSigningKey,
  options: { now?: number; nonce?: string; label?: string } = {},
): Record<string, string> {
  const created = options.now ?? Math.floor(Date.now() / 1000);
  const add: Record<string, string> = {};
  const names = ['@method', '@authority', '@path', '@query'];
  const headers: Record<string, string | string[] | undefined> = { ...req.headers };
  if (req.body !== undefined && req.body.length > 0) {
    add['content-digest'] = contentDigest(req.body);
    headers['content-digest'] = add['content-digest'];
    if (headers['content-type'] !== undefined) names.push('content-type');
    names.push('content-digest');
  }
  const params: Params = new Map<string, BareItem>([
    ['created', created],
    ['expires', created + VALIDITY_S],
    ['nonce', options.nonce ?? randomBytes(16).toString('base64url')],
    ['keyid', key.keyid],
    ['alg', 'ed25519'],
    ['tag', OPERATOR_TAG],
  ]);
  const input: InnerList = { items: names.map((n) => ({ value: n, params: new Map() })), params };
  const base = signatureBase({ ...req, headers }, input);
  const label = options.label ?? 'sig1';
  add['signature-input'] = `${label}=${serializeInnerList(input)}`;
  add.signature = `${label}=:${sign(null, base, key.privateKey).toString('base64')}:`;
  return add;
}

/** Remembers nonces until their signatures expire. */
export interface NonceStore {
  /** Records a nonce; false when it was seen already (a replay). */
  remember(nonce: string, expiresAt: number): boolean;
}

/** What a verifier needs. */
export interface VerifyOptions {
  /** Public keys by `keyid`. */
  readonly keys: ReadonlyMap<string, KeyObject>;
  readonly nonces: NonceStore;
  /** Now in seconds (default the clock). */
  readonly now?: number;
}

const header = (req: SignedRequestParts, name: string): string | undefined => {
  const v = req.headers[name];
  return v === undefined ? undefined : Array.isArray(v) ? v.join(', ') : v;
};

/**
 * Whether a request carries a body (by its body, or by its `Content-Length` or `Transfer-Encoding` before it is read).
 * @param req - the request
 * @returns whether it has one
 */
function hasBody(req: SignedRequestParts): boolean {
  if (req.body !== undefined) return req.body.length > 0;
  const length = header(req, 'content-length');
  return (length !== undefined && length.trim() !== '0') || header(req, 'transfer-encoding') !== undefined;
}

/**
 * Verifies a request's operator signature. Without `req.body` the signature is checked over the header section
 * only (the body's digest is covered, so a caller reads the body afterwards and checks it with
 * {@link checkBodyDigest}): a request that is not an operator's is refused before its body is read.
 * @param req - the request as received
 * @param options - known keys, the nonce store, the time
 * @returns the `keyid` that signed it
 * @throws AuthError with the reason it is refused
 */
export function verifyRequest(req: SignedRequestParts, options: VerifyOptions): string {
  const inputField = header(req, 'signature-input');
  const sigField = header(req, 'signature');
  if (inputField === undefined || sigField === undefined)
    throw new AuthError('missing-signature', 'the request is not signed (Signature-Input and Signature)');
  let inputs: Map<string, Member>;
  let sigs: Map<string, Member>;
  try {
    inputs = parseDictionary(inputField);
    sigs = parseDictionary(sigField);
  } catch (e) {
    throw new AuthError('bad-signature-input', e instanceof FieldError ? e.message : 'unparsable signature fields');
  }
  // the signature of this node's kind: tagged as an operator's (the first such label)
  const label = [...inputs.keys()].find(
    (l) => (inputs.get(l) as InnerList).params?.get('tag') === OPERATOR_TAG && sigs.has(l),
  );
  if (label === undefined) throw new AuthError('missing-signature', `no signature tagged ${OPERATOR_TAG}`);
  const input = inputs.get(label) as InnerList;
  const sigItem = sigs.get(label) as Item;
  if (!Array.isArray(input.items) || !(sigItem.value instanceof Uint8Array))
    throw new AuthError('bad-signature-input', 'Signature-Input must be an inner list and Signature a byte sequence');
  const covered = new Set(input.items.map((i) => i.value));
  const requireAll = (names: string[]): void => {
    for (const n of names)
      if (!covered.has(n)) throw new AuthError('missing-component', `the signature must cover ${n}`);
  };
  requireAll(['@method']);
  if (!covered.has('@target-uri')) requireAll(['@authority', '@path', '@query']);
  if (hasBody(req) || header(req, 'content-digest') !== undefined) requireAll(['content-digest']);
  const p = input.params;
  const created = p.get('created');
  const expires = p.get('expires');
  const nonce = p.get('nonce');
  const keyid = p.get('keyid');
  const alg = p.get('alg');
  if (
    typeof created !== 'number' ||
    typeof nonce !== 'string' ||
    nonce.length < 8 ||
    nonce.length > 128 ||
    typeof keyid !== 'string'
  ) {
    throw new AuthError('bad-signature-input', 'the signature needs created, nonce (8 to 128 characters) and keyid');
  }
  if (alg !== undefined && alg !== 'ed25519')
    throw new AuthError('bad-algorithm', 'only ed25519 signatures are accepted');
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (created > now + SKEW_S) throw new AuthError('not-yet-valid', 'the signature was created in the future');
  const until = Math.min(created + VALIDITY_S, typeof expires === 'number' ? expires : Infinity);
  if (now > until) throw new AuthError('expired', `the signature is older than ${VALIDITY_S} s or expired`);
  const key = options.keys.get(keyid);
  if (key === undefined) throw new AuthError('unknown-key', 'the key is not an operator key of this node');
  const base = signatureBase(req, input);
  if (!verify(null, base, key, sigItem.value)) throw new AuthError('bad-signature', 'the signature does not verify');
  if (req.body !== undefined) checkBodyDigest(req, req.body);
  if (!options.nonces.remember(`${keyid} ${nonce}`, until + SKEW_S))
    throw new AuthError('replayed', 'this signature was used already');
  return keyid;
}

/**
 * Checks a body against the request's `Content-Digest` (which a verified signature covered).
 * @param req - the request
 * @param body - its body
 * @throws AuthError `digest-mismatch`
 */
export function checkBodyDigest(req: SignedRequestParts, body: Uint8Array): void {
  const digest = header(req, 'content-digest');
  if (digest === undefined ? body.length > 0 : !digestMatches(digest, body))
    throw new AuthError('digest-mismatch', 'Content-Digest does not match the body');
}
