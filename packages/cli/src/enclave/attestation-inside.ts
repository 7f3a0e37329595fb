/**
 * Attestation as the trusted runtime does it: a quote is the platform's quoting service's signature over a
 * REPORT made here (`EREPORT` targeted at the quoting enclave, with report data chosen here), so the host can
 * only carry it; a peer's quote is verified here against the vendor root the platform was provisioned under,
 * this enclave's own build (same `mrEnclave`, an SVN at least this one, no debug enclave) and, at a source,
 * the platform the host named (peer pinning): a transfer that reaches another platform is refused before any
 * state leaves.
 * @module
 */
import { type VerifiedQuote, verifyQuote } from '@edgedancer/enclave-sim';
import type { Attester, Verifier } from '@edgedancer/migration';
import type { Inside } from './inside.js';

/** The policy a transfer verifier gets from the protocol (it adds `reportData`). */
export interface PeerPolicy {
  readonly mrEnclave: Uint8Array;
  readonly minIsvSvn: number;
  readonly allowDebug: false;
}

/** A refusal of a peer's platform (`code` `platform-mismatch`). */
export class PlatformMismatch extends Error {
  readonly code = 'platform-mismatch';
  constructor() {
    super('the peer runs on another platform than the one pinned for it');
  }
}

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/**
 * The attester of this enclave: EREPORT inside, QUOTE by the platform through the host.
 * @param inside - the CPU
 * @returns the attester
 */
export function insideAttester(inside: Inside): Attester {
  return {
    async quote(reportData: Uint8Array): Promise<Uint8Array> {
      const report = inside.ereport(inside.quotingTargetInfo, reportData);
      const r = await inside.ocall('quote', { report });
      const quote = (r as { quote?: unknown } | null)?.quote;
      if (!(quote instanceof Uint8Array))
        throw Object.assign(new Error('the host returned no quote'), { code: 'no-quote' });
      return quote;
    },
  };
}

/**
 * What this enclave accepts of a peer holding its agent: its own build.
 * @param inside - the CPU
 * @returns the policy
 */
export function ownBuildPolicy(inside: Inside): PeerPolicy {
  return { mrEnclave: inside.identity.mrEnclave, minIsvSvn: inside.identity.isvSvn, allowDebug: false };
}

/**
 * A verifier against the platform's vendor root; with `pin`, the peer's platform id must be it. The platform
 * id seen is reported through `seen` (trust on first use: the host stores it as the pin).
 * @param inside - the CPU
 * @param pin - hex of the platform id the peer must run on, or null
 * @param seen - receives the verified platform id (hex)
 * @returns the verifier
 */
export function insideVerifier(
  inside: Inside,
  pin: string | null,
  seen?: (platformId: string) => void,
): Verifier<PeerPolicy> {
  return {
    verify(quote, policy): VerifiedQuote {
      const v = verifyQuote(quote, { ...policy, trustedRoot: inside.platform.vendorRootCertificate });
      const id = hex(v.platformId);
      if (pin !== null && id !== pin.toLowerCase()) throw new PlatformMismatch();
      seen?.(id);
      return v;
    },
  };
}
