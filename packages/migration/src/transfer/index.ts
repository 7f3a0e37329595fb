/**
 * The transfer protocol (`docs/transfer-protocol.md`): mutual attestation, session keys, an AEAD channel with
 * sequence numbers, pre-copy rounds and the two-step hand-over. This file only re-exports.
 * @module
 */

export { type AgentSourceOptions, agentSource } from './agent-source.js';
export {
  abortFrame,
  moduleOfFrame,
  needModuleFrame,
  type Offer,
  type OfferAnswer,
  PROTOCOL_VERSION,
  peekOffer,
} from './handshake.js';
export { MessageType } from './messages.js';
export { type HeldAgent, type Received, type ReceiveOptions, receiveAgent } from './receive-agent.js';
export { type CapturedState, type LiveSource, type SendOptions, type SourceDecision, sendAgent } from './send-agent.js';
export { bindingReportData, NONCE_SIZE as TRANSFER_NONCE_SIZE } from './session-keys.js';
export { isSettlementToken, type Settlement, type SettlementWord, settlementToken } from './settlement.js';
export { MAX_FRAME_SIZE, type StreamTransportOptions, streamTransport } from './stream-transport.js';
export { isTransferError, TransferError, type TransferErrorCode } from './transfer-errors.js';
export type { DowntimePhases, TransferMode, TransferReport } from './transfer-report.js';
export type { AttestationEndpoint, Attester, Transport, Verifier } from './transfer-shapes.js';
export { type TapDecision, transportPair } from './transport-pair.js';
