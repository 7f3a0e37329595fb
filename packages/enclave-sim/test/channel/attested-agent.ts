/**
 * The one place channel tests make quotes: an agent's attestation from a simulated platform, as the agent's
 * enclave would produce it (report data over its own key and module, a REPORT for the quoting enclave, a QUOTE).
 * When the platform API changes, only this file follows it.
 * @module
 */

import { AgentKey } from '../../src/channel/agent-key.js';
import { agentAttestationReportData, encodeAgentAttestation } from '../../src/channel/attestation.js';
import { sha256 } from '../../src/crypto.js';
import type { EnclaveContext } from '../../src/enclave-context.js';
import { enclaveOn, newPlatform, type TestEnclaveOptions, vendor } from '../helpers.js';

/** An agent in an enclave, ready to be attested. */
export interface AttestedAgent {
  readonly agentId: string;
  readonly key: AgentKey;
  readonly moduleHash: Uint8Array;
  readonly enclave: EnclaveContext;
  /** The served attestation bytes. */
  readonly attestation: Uint8Array;
  /** The vendor root certificate clients trust. */
  readonly trustedRoot: Uint8Array;
}

/**
 * Attests an agent on a platform (a fresh one unless given).
 * @param o - agent id, key (fresh unless given), module bytes, enclave identity choices, platform
 * @returns the agent and its attestation
 */
export function attestedAgent(
  o: {
    agentId?: string;
    key?: AgentKey;
    module?: Uint8Array;
    enclave?: TestEnclaveOptions;
    onEnclave?: EnclaveContext;
  } = {},
): AttestedAgent {
  const agentId = o.agentId ?? 'shop';
  const key = o.key ?? AgentKey.generate();
  const moduleHash = sha256(o.module ?? new TextEncoder().encode('agent module'));
  const enclave = o.onEnclave ?? enclaveOn(newPlatform(), o.enclave);
  const reportData = agentAttestationReportData({ agentId, agentPublicKey: key.publicKey, moduleHash });
  const quote = enclave.quote(reportData);
  return {
    agentId,
    key,
    moduleHash,
    enclave,
    trustedRoot: vendor().certificate,
    attestation: encodeAgentAttestation({ agentId, agentPublicKey: key.publicKey, moduleHash, quote }),
  };
}
