/**
 * A stand-in attestation backend for the protocol tests (this package must not import the enclave simulation):
 * a quote is `measurement (32) | flags (1: debug) | svn (2) | reportData (64) | HMAC-SHA-256 (32)` under a key
 * all test parties share, and the verifier checks the MAC, the measurement, debug, SVN and report data, throwing
 * errors with the same codes as the real verifier.
 * @module
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { AttestationEndpoint } from '../../src/index.js';

const KEY = createHash('sha256').update('test vendor').digest();

/** What a fake enclave is. */
export interface FakeIdentity {
  readonly measurement: string;
  readonly debug?: boolean;
  readonly svn?: number;
}

/** The policy of the fake verifier. */
export interface FakePolicy {
  readonly measurement: string;
  readonly minSvn?: number;
}

/** An error with a `code`, as the verifier throws. */
export class FakeVerifyError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

const m = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * An endpoint for a fake enclave that accepts peers of `policy`.
 * @param id - who this side is
 * @param policy - what it accepts
 * @param tamper - changes the report data before quoting (to test unbound keys)
 */
export function fakeEndpoint(
  id: FakeIdentity,
  policy: FakePolicy,
  tamper?: (rd: Uint8Array) => Uint8Array,
): AttestationEndpoint<FakePolicy> {
  return {
    attester: {
      quote(reportData) {
        const rd = tamper === undefined ? reportData : tamper(reportData);
        const body = Buffer.concat([
          m(id.measurement),
          Buffer.from([id.debug === true ? 1 : 0]),
          Buffer.from([0, id.svn ?? 1]),
          Buffer.from(rd),
        ]);
        return new Uint8Array(Buffer.concat([body, createHmac('sha256', KEY).update(body).digest()]));
      },
    },
    verifier: {
      verify(quote, p) {
        const q = Buffer.from(quote);
        if (q.length !== 131) throw new FakeVerifyError('malformed');
        const body = q.subarray(0, 99);
        if (!timingSafeEqual(createHmac('sha256', KEY).update(body).digest(), q.subarray(99)))
          throw new FakeVerifyError('bad-signature');
        if (!body.subarray(0, 32).equals(m(p.measurement))) throw new FakeVerifyError('measurement-mismatch');
        if (body[32] === 1) throw new FakeVerifyError('debug-not-allowed');
        if (body.readUInt16BE(33) < (p.minSvn ?? 0)) throw new FakeVerifyError('svn-too-low');
        if (!body.subarray(35, 99).equals(Buffer.from(p.reportData))) throw new FakeVerifyError('report-data-mismatch');
        return {};
      },
    },
    policy,
  };
}
