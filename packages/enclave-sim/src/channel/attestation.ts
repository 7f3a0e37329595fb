/**
 * The agent attestation a node serves at `GET /a/:id/attestation`: the agent's id, its user-channel public key,
 * the hash of its module, the HPKE suite it accepts, and a QUOTE whose `reportData` binds all of them. The
 * enclave computes the report data ({@link agentAttestationReportData}) from its own key and module; the client
 * checks the quote and the binding against its policy ({@link verifyAgentAttestation}). The host can serve the
 * bytes, cache or withhold them, but cannot change one without failing verification.
 *
 * `AGENTATTESTATION` (big-endian): magic `EDAT` | version u16 = 1 | kemId u16 | kdfId u16 | aeadId u16 |
 * agentIdLength u16 | agentId (UTF-8, 1–256 bytes) | agentPublicKey (32) | moduleHash (32) | quoteLength u32 |
 * quote.
 * @module
 */
import { bytesEqual } from '../bytes.js';
import { sha256 } from '../crypto.js';
import { EnclaveError } from '../errors.js';
import type { EnclaveIdentity } from '../identity.js';
import { QUOTE_SIZE } from '../quote.js';
import { type QuotePolicy, verifyQuote } from '../quote-verifier.js';
import { REPORT_DATA_SIZE } from '../report.js';
import { asciiBytes, ByteReader, ByteWriter } from './binary.js';
import { ChannelError } from './errors.js';
import { CHANNEL_SUITE, type HpkeSuite } from './hpke.js';
import { X25519_KEY_SIZE } from './hpke-primitives.js';

/** Media type of an agent attestation. */
export const ATTESTATION_CONTENT_TYPE = 'application/edgedancer-attestation';
/** Format version of an agent attestation. */
export const ATTESTATION_VERSION = 1;
/** Longest agent id, in UTF-8 bytes. */
export const MAX_AGENT_ID_BYTES = 256;
/** Size of a module hash (SHA-256 of the module's bytes), in bytes. */
export const MODULE_HASH_SIZE = 32;
/** The domain-separation label hashed first into an agent attestation's report data (its last byte is NUL). */
export const ATTESTATION_LABEL = 'edgedancer/agent-attestation/v1\0';

const MAGIC = asciiBytes('EDAT');
const LABEL = asciiBytes(ATTESTATION_LABEL);
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** What an agent attestation states. */
export interface AgentAttestation {
  /** The agent's id, as in `/a/:id`. */
  readonly agentId: string;
  /** The agent's user-channel X25519 public key (32 bytes). */
  readonly agentPublicKey: Uint8Array;
  /** SHA-256 of the agent's WebAssembly module. */
  readonly moduleHash: Uint8Array;
  /** The HPKE suite requests must use (the user channel's suite in version 1). */
  readonly suite: HpkeSuite;
  /** The QUOTE (from the agent's enclave) whose report data binds the fields above. */
  readonly quote: Uint8Array;
}

/** What binds an agent attestation's quote. */
export interface AttestedAgentFields {
  readonly agentId: string;
  readonly agentPublicKey: Uint8Array;
  readonly moduleHash: Uint8Array;
  /** Default: the user channel's suite. */
  readonly suite?: HpkeSuite;
}

/**
 * The 64 bytes of report data an agent's enclave puts in its attestation quote:
 * `SHA-256(label || kemId u16 || kdfId u16 || aeadId u16 || len(agentId) u16 || agentId || agentPublicKey ||
 * moduleHash)` followed by 32 zero bytes. Run it inside the enclave, over the enclave's own key and module.
 * @param fields - agent id, public key, module hash (and suite)
 * @returns 64 bytes for `EREPORT`
 * @throws TypeError or RangeError for malformed fields
 * @example
 * const reportData = agentAttestationReportData({ agentId, agentPublicKey: key.publicKey, moduleHash });
 * const quote = platform.quote(inside.ereport(platform.quotingTargetInfo, reportData));
 */
export function agentAttestationReportData(fields: AttestedAgentFields): Uint8Array {
  const f = checkFields(fields);
  const id = checkAgentId(f.agentId);
  const s = f.suite;
  const head = new ByteWriter(8).u16(s.kemId).u16(s.kdfId).u16(s.aeadId).u16(id.length).done();
  const digest = sha256(LABEL, head, id, f.agentPublicKey, f.moduleHash);
  const out = new Uint8Array(REPORT_DATA_SIZE);
  out.set(digest, 0);
  return out;
}

/**
 * Encodes an agent attestation (what the node serves).
 * @param a - the attestation's fields and quote
 * @returns an `AGENTATTESTATION`
 * @throws TypeError or RangeError for malformed fields
 */
export function encodeAgentAttestation(a: AttestedAgentFields & { readonly quote: Uint8Array }): Uint8Array {
  const f = checkFields(a);
  if (!(a.quote instanceof Uint8Array) || a.quote.length !== QUOTE_SIZE)
    throw new RangeError(`quote must be ${QUOTE_SIZE} bytes`);
  const id = checkAgentId(f.agentId);
  const size = 4 + 2 + 6 + 2 + id.length + X25519_KEY_SIZE + MODULE_HASH_SIZE + 4 + a.quote.length;
  return new ByteWriter(size)
    .raw(MAGIC)
    .u16(ATTESTATION_VERSION)
    .u16(f.suite.kemId)
    .u16(f.suite.kdfId)
    .u16(f.suite.aeadId)
    .u16(id.length)
    .raw(id)
    .raw(f.agentPublicKey)
    .raw(f.moduleHash)
    .u32(a.quote.length)
    .raw(a.quote)
    .done();
}

/**
 * Decodes an agent attestation without trusting it: {@link verifyAgentAttestation} does that.
 * @param bytes - an `AGENTATTESTATION`
 * @returns its fields
 * @throws ChannelError `bad-attestation` or `unsupported-version`
 */
export function parseAgentAttestation(bytes: Uint8Array): AgentAttestation {
  const r = new ByteReader(bytes, 'bad-attestation', 'agent attestation');
  r.expect(MAGIC, 'magic');
  const version = r.u16('version');
  if (version !== ATTESTATION_VERSION) {
    throw new ChannelError('unsupported-version', `agent attestation version ${version} is not ${ATTESTATION_VERSION}`);
  }
  const suite = { kemId: r.u16('kemId'), kdfId: r.u16('kdfId'), aeadId: r.u16('aeadId') };
  if (!sameSuite(suite, CHANNEL_SUITE)) r.fail('the suite is not DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM');
  const idLength = r.u16('agentIdLength');
  if (idLength === 0 || idLength > MAX_AGENT_ID_BYTES)
    r.fail(`agentIdLength ${idLength} is not in [1, ${MAX_AGENT_ID_BYTES}]`);
  let agentId: string;
  try {
    agentId = UTF8.decode(r.bytes(idLength, 'agentId'));
  } catch {
    return r.fail('agentId is not UTF-8');
  }
  const agentPublicKey = r.bytes(X25519_KEY_SIZE, 'agentPublicKey').slice();
  const moduleHash = r.bytes(MODULE_HASH_SIZE, 'moduleHash').slice();
  const quoteLength = r.u32('quoteLength');
  if (quoteLength !== QUOTE_SIZE) r.fail(`quoteLength ${quoteLength} is not ${QUOTE_SIZE}`);
  const quote = r.bytes(quoteLength, 'quote').slice();
  r.end();
  return { agentId, agentPublicKey, moduleHash, suite, quote };
}

/** What a client accepts of an agent attestation. */
export interface AgentPolicy {
  /** The vendor root certificate (or its 65-byte public key) to trust. Required. */
  readonly trustedRoot: Uint8Array;
  /** Accepted enclave measurements (any one of them). */
  readonly mrEnclave?: Uint8Array | readonly Uint8Array[];
  /** Accepted enclave signer; requires `isvProdId`. */
  readonly mrSigner?: Uint8Array;
  /** Accepted product id, with `mrSigner`. */
  readonly isvProdId?: number;
  /** Lowest accepted enclave SVN (default 0). */
  readonly minIsvSvn?: number;
  /** Lowest accepted platform TCB level (default 0). */
  readonly minCpuSvn?: number;
  /** Whether debug enclaves are accepted (default false: a debug enclave's memory is open to the host). */
  readonly allowDebug?: boolean;
  /** The expected SHA-256 of the agent's module (recommended with `mrSigner`, where it is not measured in). */
  readonly moduleHash?: Uint8Array;
  /** The expected agent id (the client sets it to the agent it addresses). */
  readonly agentId?: string;
  /** The expected agent key (the client pins the first key it verified). */
  readonly agentPublicKey?: Uint8Array;
}

/** What a verified agent attestation establishes. */
export interface VerifiedAgent {
  readonly agentId: string;
  readonly agentPublicKey: Uint8Array;
  readonly moduleHash: Uint8Array;
  readonly suite: HpkeSuite;
  /** The attested enclave. */
  readonly identity: EnclaveIdentity;
  /** The platform it runs on (changes when the agent migrates). */
  readonly platformId: Uint8Array;
  /** The platform's TCB level. */
  readonly cpuSvn: number;
}

/**
 * Verifies an agent attestation: the quote against the vendor root and the enclave policy, the quote's report
 * data against the attested fields, and those fields against what the policy expects.
 * @param attestation - the served bytes, or their parsed form
 * @param policy - what to accept (`trustedRoot` and at least one of `mrEnclave`, `mrSigner` are required)
 * @returns what the attestation establishes
 * @throws TypeError for an unusable policy; ChannelError `bad-attestation`, `unsupported-version` or
 *   `attestation-mismatch` (with the quote verifier's code in `reason` when the quote was refused:
 *   `measurement-mismatch`, `signer-mismatch`, `svn-too-low`, `debug-not-allowed`, `untrusted-root`, …;
 *   `report-data-mismatch` when the quote does not bind these fields; `agent-id`, `agent-key` or
 *   `module-hash` when a field differs from the policy)
 * @example
 * const agent = verifyAgentAttestation(bytes, { trustedRoot: vendorCert, mrSigner, isvProdId: 1, minIsvSvn: 2,
 *   moduleHash, agentId: 'shop' });
 */
export function verifyAgentAttestation(attestation: Uint8Array | AgentAttestation, policy: AgentPolicy): VerifiedAgent {
  if (typeof policy !== 'object' || policy === null) throw new TypeError('policy must be an object');
  if (!(policy.trustedRoot instanceof Uint8Array)) throw new TypeError('policy.trustedRoot is required');
  if (
    policy.moduleHash !== undefined &&
    !(policy.moduleHash instanceof Uint8Array && policy.moduleHash.length === MODULE_HASH_SIZE)
  ) {
    throw new TypeError(`policy.moduleHash must be ${MODULE_HASH_SIZE} bytes`);
  }
  if (
    policy.agentPublicKey !== undefined &&
    !(policy.agentPublicKey instanceof Uint8Array && policy.agentPublicKey.length === X25519_KEY_SIZE)
  ) {
    throw new TypeError(`policy.agentPublicKey must be ${X25519_KEY_SIZE} bytes`);
  }
  if (policy.agentId !== undefined && typeof policy.agentId !== 'string')
    throw new TypeError('policy.agentId must be a string');
  const a = attestation instanceof Uint8Array ? parseAgentAttestation(attestation) : attestation;
  const quotePolicy: QuotePolicy = {
    trustedRoot: policy.trustedRoot,
    ...(policy.mrEnclave === undefined ? {} : { mrEnclave: policy.mrEnclave }),
    ...(policy.mrSigner === undefined ? {} : { mrSigner: policy.mrSigner, isvProdId: policy.isvProdId as number }),
    ...(policy.minIsvSvn === undefined ? {} : { minIsvSvn: policy.minIsvSvn }),
    ...(policy.minCpuSvn === undefined ? {} : { minCpuSvn: policy.minCpuSvn }),
    allowDebug: policy.allowDebug === true,
    reportData: agentAttestationReportData(a),
  };
  let verified;
  try {
    verified = verifyQuote(a.quote, quotePolicy);
  } catch (e) {
    if (!(e instanceof EnclaveError)) throw e;
    if (e.code === 'malformed')
      throw new ChannelError('bad-attestation', `agent attestation: ${e.message}`, { reason: e.code, cause: e });
    throw new ChannelError('attestation-mismatch', `agent attestation refused: ${e.message}`, {
      reason: e.code,
      cause: e,
    });
  }
  if (policy.agentId !== undefined && policy.agentId !== a.agentId) {
    throw new ChannelError('attestation-mismatch', 'the attestation is for another agent', { reason: 'agent-id' });
  }
  if (policy.agentPublicKey !== undefined && !bytesEqual(policy.agentPublicKey, a.agentPublicKey)) {
    throw new ChannelError('attestation-mismatch', 'the agent presents another key than the expected one', {
      reason: 'agent-key',
    });
  }
  if (policy.moduleHash !== undefined && !bytesEqual(policy.moduleHash, a.moduleHash)) {
    throw new ChannelError('attestation-mismatch', 'the agent runs another module than the expected one', {
      reason: 'module-hash',
    });
  }
  return {
    agentId: a.agentId,
    agentPublicKey: a.agentPublicKey.slice(),
    moduleHash: a.moduleHash.slice(),
    suite: { ...a.suite },
    identity: verified.identity,
    platformId: verified.platformId,
    cpuSvn: verified.cpuSvn,
  };
}

/** Whether two suites are the same. */
export function sameSuite(a: HpkeSuite, b: HpkeSuite): boolean {
  return a.kemId === b.kemId && a.kdfId === b.kdfId && a.aeadId === b.aeadId;
}

function checkFields(f: AttestedAgentFields): Required<AttestedAgentFields> {
  if (typeof f !== 'object' || f === null) throw new TypeError('fields must be an object');
  checkAgentId(f.agentId);
  if (!(f.agentPublicKey instanceof Uint8Array) || f.agentPublicKey.length !== X25519_KEY_SIZE) {
    throw new RangeError(`agentPublicKey must be ${X25519_KEY_SIZE} bytes`);
  }
  if (!(f.moduleHash instanceof Uint8Array) || f.moduleHash.length !== MODULE_HASH_SIZE) {
    throw new RangeError(`moduleHash must be ${MODULE_HASH_SIZE} bytes`);
  }
  const suite = f.suite ?? CHANNEL_SUITE;
  if (!sameSuite(suite, CHANNEL_SUITE))
    throw new RangeError('only the user channel suite (X25519, HKDF-SHA256, AES-256-GCM) is attested');
  return { agentId: f.agentId, agentPublicKey: f.agentPublicKey, moduleHash: f.moduleHash, suite };
}

/**
 * Checks an agent id: 1–256 bytes of UTF-8.
 * @param agentId - the id
 * @returns its UTF-8 bytes
 * @throws TypeError or RangeError
 */
export function checkAgentId(agentId: unknown): Uint8Array {
  if (typeof agentId !== 'string') throw new TypeError('agentId must be a string');
  const id = Buffer.from(agentId, 'utf8');
  if (id.length === 0 || id.length > MAX_AGENT_ID_BYTES || id.toString('utf8') !== agentId) {
    throw new RangeError(`agentId must be 1 to ${MAX_AGENT_ID_BYTES} bytes of well-formed UTF-8`);
  }
  return new Uint8Array(id);
}
