/**
 * HTTP Message Signatures (RFC 9421) and Content-Digest (RFC 9530) as the control listener uses them: the RFC's
 * Ed25519 example (B.2.6) rebuilt byte for byte, RFC 9530's digest example, and a signed request refused for each
 * thing an attacker could change or replay.
 * @module
 */
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, generateKeyPairSync, verify } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  AuthError,
  contentDigest,
  digestMatches,
  type SignedRequestParts,
  signatureBase,
  signRequest,
  verifyRequest,
} from '../src/node/http-signatures.js';
import { NonceCache } from '../src/node/nonce-cache.js';
import { keyIdOf } from '../src/node/operator-key.js';
import { type InnerList, parseDictionary, serializeInnerList } from '../src/node/structured-fields.js';

const RFC_KEY = createPrivateKey(
  '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF\n-----END PRIVATE KEY-----\n',
);

describe('RFC 9421 / RFC 9530', () => {
  it('B.2.6: the Ed25519 example request, its signature base and signature', () => {
    const req: SignedRequestParts = {
      method: 'POST',
      authority: 'example.com',
      target: '/foo?param=Value&Pet=dog',
      headers: {
        host: 'example.com',
        date: 'Tue, 20 Apr 2021 02:07:55 GMT',
        'content-type': 'application/json',
        'content-digest':
          'sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:',
        'content-length': '18',
      },
      body: new TextEncoder().encode('{"hello": "world"}'),
    };
    const input = parseDictionary(
      'sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"',
    ).get('sig-b26') as InnerList;
    const base = Buffer.from(signatureBase(req, input)).toString();
    assert.equal(
      base,
      [
        '"date": Tue, 20 Apr 2021 02:07:55 GMT',
        '"@method": POST',
        '"@path": /foo',
        '"@authority": example.com',
        '"content-type": application/json',
        '"content-length": 18',
        '"@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"',
      ].join('\n'),
    );
    const sig = Buffer.from(
      'wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==',
      'base64',
    );
    assert.ok(verify(null, Buffer.from(base), createPublicKey(RFC_KEY), sig));
    assert.equal(
      createPublicKey(RFC_KEY).export({ type: 'spki', format: 'der' }).toString('base64'),
      'MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=',
    );
    // the example's SHA-512 Content-Digest matches its body
    assert.ok(digestMatches(String(req.headers['content-digest']), req.body!));
  });

  it('RFC 9530: the SHA-256 digest of the example body', () => {
    assert.equal(
      contentDigest(new TextEncoder().encode('{"hello": "world"}')),
      'sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:',
    );
    assert.equal(
      digestMatches(
        'sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:',
        new TextEncoder().encode('{"hello": "world"}'),
      ),
      true,
    );
    assert.equal(
      digestMatches(
        'sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:',
        new TextEncoder().encode('{"hello": "World"}'),
      ),
      false,
    );
    assert.equal(digestMatches('md5=:AAAA:', new Uint8Array(0)), false, 'no digest this side checks');
  });

  it('structured fields: strings with escapes, parameters, and malformed values refused', () => {
    const d = parseDictionary('a=("x" "y\\\\z");n=1;s="q\\"r";t=tok;b=?1, b2=:AQID:');
    assert.equal(serializeInnerList(d.get('a') as InnerList), '("x" "y\\\\z");n=1;s="q\\"r";t=tok;b');
    assert.deepEqual([...(d.get('b2') as { value: Uint8Array }).value], [1, 2, 3]);
    for (const bad of ['a=("x"', 'a="unterminated', 'A=1', 'a=1,', 'a=("x")junk', 'a=:***:', 'a=1.5', 'a="\u0001"'])
      assert.throws(() => parseDictionary(bad), { name: 'FieldError' }, bad);
  });
});

describe('operator signatures', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const key = { keyid: keyIdOf(publicKey), privateKey };
  const keys = new Map([[key.keyid, publicKey]]);
  const body = new TextEncoder().encode('{"to":"edge-2"}');
  const base: SignedRequestParts = {
    method: 'POST',
    authority: '127.0.0.1:7071',
    target: '/v1/agents/kv/migrate',
    headers: { 'content-type': 'application/json' },
    body,
  };
  const signed = (over: Partial<SignedRequestParts> = {}, now?: number): SignedRequestParts => {
    const add = signRequest(base, key, now === undefined ? {} : { now });
    return { ...base, ...over, headers: { ...base.headers, ...add, ...(over.headers ?? {}) } };
  };
  const refused = (req: SignedRequestParts, reason: string, nonces = new NonceCache()): void => {
    assert.throws(
      () => verifyRequest(req, { keys, nonces }),
      (e: unknown) => e instanceof AuthError && e.reason === reason,
      reason,
    );
  };

  it('a signed request verifies once; the same signature again is a replay', () => {
    const nonces = new NonceCache();
    const req = signed();
    assert.equal(verifyRequest(req, { keys, nonces }), key.keyid);
    refused(req, 'replayed', nonces);
  });

  it('covers the method, authority, path, query and body', () => {
    refused(signed({ method: 'DELETE' }), 'bad-signature');
    refused(signed({ authority: 'evil.example:7071' }), 'bad-signature');
    refused(signed({ target: '/v1/agents/other/migrate' }), 'bad-signature');
    refused(signed({ target: '/v1/agents/kv/migrate?x=1' }), 'bad-signature');
    refused(signed({ body: new TextEncoder().encode('{"to":"evil"}') }), 'digest-mismatch');
    refused(signed({ headers: { 'content-type': 'text/plain' } }), 'bad-signature');
  });

  it('refuses unsigned, unknown keys, old or future signatures, other algorithms, missing components', () => {
    refused(base, 'missing-signature');
    const other = generateKeyPairSync('ed25519');
    const foreign = signRequest(base, { keyid: keyIdOf(other.publicKey), privateKey: other.privateKey });
    refused({ ...base, headers: { ...base.headers, ...foreign } }, 'unknown-key');
    // a key id of ours with another key's signature
    const forged = signRequest(base, { keyid: key.keyid, privateKey: other.privateKey });
    refused({ ...base, headers: { ...base.headers, ...forged } }, 'bad-signature');
    const now = Math.floor(Date.now() / 1000);
    refused(signed({}, now - 120), 'expired');
    refused(signed({}, now + 120), 'not-yet-valid');
    const s = signed();
    const input = String(s.headers['signature-input']);
    refused(
      { ...s, headers: { ...s.headers, 'signature-input': input.replace('alg="ed25519"', 'alg="hmac-sha256"') } },
      'bad-algorithm',
    );
    refused(
      { ...s, headers: { ...s.headers, 'signature-input': input.replace(' "content-digest"', '') } },
      'missing-component',
    );
    refused(
      { ...s, headers: { ...s.headers, 'signature-input': input.replace('"@authority" ', '') } },
      'missing-component',
    );
    refused(
      { ...s, headers: { ...s.headers, 'signature-input': input.replace('tag="edgedancer-operator"', 'tag="other"') } },
      'missing-signature',
    );
    refused({ ...s, headers: { ...s.headers, 'signature-input': 'sig1=(' } }, 'bad-signature-input');
  });

  it('checks the signature before the body is read, then the body against the digest', () => {
    const nonces = new NonceCache();
    const s = signed();
    const headersOnly: SignedRequestParts = {
      method: s.method,
      authority: s.authority,
      target: s.target,
      headers: { ...s.headers, 'content-length': String(body.length) },
    };
    assert.equal(verifyRequest(headersOnly, { keys, nonces }), key.keyid);
    const noDigest: SignedRequestParts = {
      ...headersOnly,
      headers: {
        ...headersOnly.headers,
        'signature-input': String(s.headers['signature-input']).replace(' "content-digest"', ''),
      },
    };
    refused(noDigest, 'missing-component');
  });

  it('a nonce cache refuses when full of live nonces and frees expired ones', () => {
    let now = 1000;
    const c = new NonceCache(2, () => now);
    assert.ok(c.remember('a', 1010));
    assert.ok(c.remember('b', 1010));
    assert.equal(c.remember('c', 1010), false);
    now = 1011;
    assert.ok(c.remember('c', 1020));
    assert.equal(c.size, 1);
  });
});
