/**
 * The two shapes a transport or migration layer needs from an attestation backend, stated once. This package
 * satisfies them structurally (an `AgentEnclave` or an `EnclaveContext` is an {@link Attester}; a
 * `QuoteVerifier` is a {@link Verifier}); consumers declare their own copies and never import these.
 * A hardware backend would provide objects of the same shapes.
 * @module
 */
import type { QuotePolicy, VerifiedQuote } from './quote-verifier.js';

/** Produces a quote over 64 bytes of report data chosen by the caller (a nonce, a bound key's hash). */
export interface Attester {
  quote(reportData: Uint8Array): Uint8Array;
}

/** Verifies a quote against a policy; throws an error with a `code` when it refuses. */
export interface Verifier {
  verify(quote: Uint8Array, policy: QuotePolicy): VerifiedQuote;
}
