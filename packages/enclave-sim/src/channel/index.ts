/**
 * `@edgedancer/enclave-sim/channel`: the user channel between a client and its agent's enclave. HPKE (RFC 9180),
 * the agent's key, agent attestations, request and response formats, the replay cache, and both sides' pure
 * functions. The protocol is specified in `docs/client-protocol.md`. This file only re-exports.
 * @module
 */

export { AGENT_CHANNEL_VERSION, AgentChannel } from './agent-channel.js';
export { AGENT_KEY_SIZE, AGENT_KEY_VERSION, AgentKey, generateAgentKey } from './agent-key.js';
export {
  type OpenedRequest,
  type OpenRequestOptions,
  openRequest,
  RESPONSE_SEALER_SIZE,
  ResponseSealer,
} from './agent-side.js';
export {
  type AgentAttestation,
  type AgentPolicy,
  ATTESTATION_CONTENT_TYPE,
  ATTESTATION_LABEL,
  ATTESTATION_VERSION,
  type AttestedAgentFields,
  agentAttestationReportData,
  encodeAgentAttestation,
  MAX_AGENT_ID_BYTES,
  MODULE_HASH_SIZE,
  parseAgentAttestation,
  type VerifiedAgent,
  verifyAgentAttestation,
} from './attestation.js';
export {
  type ChannelTarget,
  type OpenedResponse,
  requestSize,
  SealedRequest,
  type SealRequestOptions,
  sealRequest,
} from './client-side.js';
export { ChannelError, type ChannelErrorCode, isChannelError } from './errors.js';
export {
  AEAD_AES_128_GCM,
  AEAD_AES_256_GCM,
  AEAD_CHACHA20_POLY1305,
  CHANNEL_SUITE,
  decap,
  deriveKeyPair,
  ENC_SIZE,
  encap,
  HpkeContext,
  type HpkeKeyPair,
  type HpkeSuite,
  KDF_HKDF_SHA256,
  KEM_X25519_HKDF_SHA256,
  keyPairFromPrivate,
  setupBaseR,
  setupBaseS,
} from './hpke.js';
export {
  CHANNEL_CONTENT_TYPE,
  CHANNEL_VERSION,
  CLIENT_NONCE_SIZE,
  channelInfo,
  DEFAULT_MAX_BODY_SIZE,
  REQUEST_BODY_HEADER_SIZE,
  REQUEST_HEADER_SIZE,
  RESPONSE_BODY_HEADER_SIZE,
  RESPONSE_EXPORTER_CONTEXT,
  RESPONSE_HEADER_SIZE,
  type ResponseStatus,
} from './messages.js';
export {
  MAX_REPLAY_ENTRIES,
  REPLAY_CACHE_DEFAULTS,
  REPLAY_CACHE_VERSION,
  ReplayCache,
  type ReplayCacheOptions,
} from './replay-cache.js';
