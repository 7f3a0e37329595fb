/**
 * Remote attestation: quotes verify against the vendor root and a policy, every policy refusal has its
 * code, and every bit flip of a quote is detected.
 * @module
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { randomBytes, sha256 } from '../src/crypto.js';
import { EnclaveSigner } from '../src/manifest.js';
import { parseQuote, QUOTE_SIZE } from '../src/quote.js';
import { type QuotePolicy, QuoteVerifier, verifyQuote } from '../src/quote-verifier.js';
import { reportDataFor } from '../src/report-data.js';
import { VendorRoot } from '../src/vendor-root.js';
import { assertEnclaveError, enclaveOn, flipEveryBit, newPlatform, signer, vendor } from './helpers.js';

const p = newPlatform(5);
const e = enclaveOn(p, { name: 'agent', isvProdId: 3, isvSvn: 4 });
const nonce = randomBytes(32);
const key = randomBytes(32);
const rd = reportDataFor({ publicKey: key, nonce });
const quote = e.quote(rd);
const base: QuotePolicy = { trustedRoot: vendor().certificate, mrEnclave: e.identity.mrEnclave };

test('a quote verifies and states the enclave, platform, TCB level and report data', () => {
  assert.equal(quote.length, QUOTE_SIZE);
  const v = verifyQuote(quote, { ...base, reportData: rd, minIsvSvn: 4, minCpuSvn: 5 });
  assert.deepEqual(v.identity, { ...e.identity });
  assert.deepEqual(v.platformId, p.platformId);
  assert.equal(v.cpuSvn, 5);
  assert.deepEqual(v.reportData, rd);
  assert.doesNotThrow(() =>
    verifyQuote(quote, { trustedRoot: vendor().publicKey, mrSigner: signer().mrSigner, isvProdId: 3 }),
  );
  assert.doesNotThrow(() =>
    verifyQuote(quote, { ...base, mrEnclave: [sha256(Buffer.from('v0')), e.identity.mrEnclave] }),
  );
});

test('each policy refusal has its own code', () => {
  const cases: [QuotePolicy, string][] = [
    [{ ...base, trustedRoot: VendorRoot.generate().certificate }, 'untrusted-root'],
    [{ ...base, mrEnclave: sha256(Buffer.from('other')) }, 'measurement-mismatch'],
    [{ trustedRoot: base.trustedRoot!, mrSigner: EnclaveSigner.generate().mrSigner, isvProdId: 3 }, 'signer-mismatch'],
    [{ trustedRoot: base.trustedRoot!, mrSigner: signer().mrSigner, isvProdId: 4 }, 'product-mismatch'],
    [{ ...base, minIsvSvn: 5 }, 'svn-too-low'],
    [{ ...base, minCpuSvn: 6 }, 'tcb-out-of-date'],
    [{ ...base, reportData: reportDataFor({ publicKey: key, nonce: randomBytes(32) }) }, 'report-data-mismatch'],
    [{ ...base, reportData: reportDataFor({ publicKey: randomBytes(32), nonce }) }, 'report-data-mismatch'],
  ];
  for (const [policy, code] of cases) assertEnclaveError(() => verifyQuote(quote, policy), code as never);
});

test('debug enclaves are refused unless the policy allows them', () => {
  const d = enclaveOn(p, { name: 'debug agent', debug: true });
  const q = d.quote(rd);
  assertEnclaveError(() => verifyQuote(q, { ...base, mrEnclave: d.identity.mrEnclave }), 'debug-not-allowed');
  assert.equal(verifyQuote(q, { ...base, mrEnclave: d.identity.mrEnclave, allowDebug: true }).identity.debug, true);
});

test('a policy that accepts any enclave, or lacks a product with a signer, is misuse', () => {
  assert.throws(() => verifyQuote(quote, { trustedRoot: vendor().certificate }), TypeError);
  assert.throws(
    () => verifyQuote(quote, { trustedRoot: vendor().certificate, mrSigner: signer().mrSigner }),
    TypeError,
  );
  assert.throws(() => verifyQuote(quote, { mrEnclave: e.identity.mrEnclave }), TypeError);
  assert.throws(() => verifyQuote(quote, { ...base, mrEnclave: [] }), TypeError);
  assert.throws(() => verifyQuote(quote, { ...base, reportData: new Uint8Array(32) }), RangeError);
});

test('flipping any bit of a quote is detected', () => {
  const { checked, codes } = flipEveryBit(quote, (m) => verifyQuote(m, base));
  assert.equal(checked, QUOTE_SIZE * 8);
  assert.ok(codes.has('bad-signature') && codes.has('malformed'));
});

test("a quote of another platform cannot be passed off with this platform's chain", () => {
  const other = enclaveOn(newPlatform(5), { name: 'agent', isvProdId: 3, isvSvn: 4 }).quote(rd);
  const spliced = other.slice();
  spliced.set(quote.subarray(272), 272);
  assertEnclaveError(() => verifyQuote(spliced, base), 'bad-certificate');
  const neighbour = enclaveOn(p, { name: 'neighbour' }).quote(rd);
  const spliced2 = quote.slice();
  spliced2.set(neighbour.subarray(48, 208), 48);
  assertEnclaveError(
    () => verifyQuote(spliced2, { ...base, mrEnclave: sha256(Buffer.from('neighbour')) }),
    'bad-signature',
  );
});

test('the platform quotes only reports made for its quoting enclave on it', () => {
  const other = enclaveOn(p, { name: 'other' });
  assertEnclaveError(() => p.quote(e.report(other.targetInfo, rd)), 'bad-mac');
  assertEnclaveError(() => newPlatform().quote(e.report(p.quotingTargetInfo, rd)), 'bad-mac');
  assert.deepEqual(parseQuote(p.quote(e.report(p.quotingTargetInfo, rd))).body.reportData, rd);
});

test('a QuoteVerifier is bound to one root and has the verify(quote, policy) shape', () => {
  const verifier: { verify(quote: Uint8Array, policy: QuotePolicy): { reportData: Uint8Array } } = new QuoteVerifier(
    vendor().certificate,
  );
  assert.deepEqual(verifier.verify(quote, { mrEnclave: e.identity.mrEnclave, reportData: rd }).reportData, rd);
  assert.throws(() => verifier.verify(quote, { ...base, trustedRoot: VendorRoot.generate().publicKey }), TypeError);
  const attester: { quote(reportData: Uint8Array): Uint8Array } = e;
  assert.equal(attester.quote(rd).length, QUOTE_SIZE);
});

test('reportDataFor binds a key hash and a 32-byte nonce', () => {
  assert.deepEqual(rd.subarray(0, 32), sha256(key));
  assert.deepEqual(rd.subarray(32), nonce);
  assert.deepEqual(reportDataFor({}), new Uint8Array(64));
  assert.throws(() => reportDataFor({ nonce: new Uint8Array(16) }), RangeError);
});

test('the package satisfies its own Attester and Verifier shapes', () => {
  const attesters: import('../src/attestation-shapes.js').Attester[] = [e];
  const verifier: import('../src/attestation-shapes.js').Verifier = new QuoteVerifier(vendor().publicKey);
  for (const a of attesters)
    assert.equal(verifier.verify(a.quote(rd), { mrEnclave: e.identity.mrEnclave }).platformId.length, 16);
});
