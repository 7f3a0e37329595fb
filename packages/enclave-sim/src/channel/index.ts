/**
 * `@edgedancer/enclave-sim/channel`: the user channel between a client and its agent's enclave. HPKE (RFC 9180),
 * the agent's key, agent attestations, request and response formats, the replay cache, and both sides' pure
 * functions. The protocol is specified in `docs/client-protocol.md`. This file only re-exports.
 * @module
 */
export { ChannelError, isChannelError, type ChannelErrorCode } from './errors.js';
export {
  AEAD_AES_128_GCM, AEAD_AES_256_GCM, AEAD_CHACHA20_POLY1305, CHANNEL_SUITE, ENC_SIZE, HpkeContext, KDF_HKDF_SHA256,
  KEM_X25519_HKDF_SHA256, decap, deriveKeyPair, encap, keyPairFromPrivate, setupBaseR, setupBaseS,
  type HpkeKeyPair, type HpkeSuite,
} from './hpke.js';
export { AGENT_KEY_SIZE, AGENT_KEY_VERSION, AgentKey, generateAgentKey } from './agent-key.js';
export {
  ATTESTATION_CONTENT_TYPE, ATTESTATION_LABEL, ATTESTATION_VERSION, MAX_AGENT_ID_BYTES, MODULE_HASH_SIZE,
  agentAttestationReportData, encodeAgentAttestation, parseAgentAttestation, verifyAgentAttestation,
  type AgentAttestation, type AgentPolicy, type AttestedAgentFields, type VerifiedAgent,
} from './attestation.js';
export {
  CHANNEL_CONTENT_TYPE, CHANNEL_VERSION, CLIENT_NONCE_SIZE, DEFAULT_MAX_BODY_SIZE, REQUEST_BODY_HEADER_SIZE,
  REQUEST_HEADER_SIZE, RESPONSE_BODY_HEADER_SIZE, RESPONSE_EXPORTER_CONTEXT, RESPONSE_HEADER_SIZE, channelInfo,
  type ResponseStatus,
} from './messages.js';
export { MAX_REPLAY_ENTRIES, REPLAY_CACHE_DEFAULTS, REPLAY_CACHE_VERSION, ReplayCache, type ReplayCacheOptions } from './replay-cache.js';
export { RESPONSE_SEALER_SIZE, ResponseSealer, openRequest, type OpenRequestOptions, type OpenedRequest } from './agent-side.js';
export { SealedRequest, requestSize, sealRequest, type ChannelTarget, type OpenedResponse, type SealRequestOptions } from './client-side.js';
export { AGENT_CHANNEL_VERSION, AgentChannel } from './agent-channel.js';
