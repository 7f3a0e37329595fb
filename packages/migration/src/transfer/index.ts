/**
 * The transfer protocol (`docs/transfer-protocol.md`): mutual attestation, session keys, an AEAD channel with
 * sequence numbers, pre-copy rounds and the two-step hand-over. This file only re-exports.
 * @module
 */
export { TransferError, isTransferError, type TransferErrorCode } from './transfer-errors.js';
export type { Attester, Verifier, AttestationEndpoint, Transport } from './transfer-shapes.js';
export { streamTransport, MAX_FRAME_SIZE, type StreamTransportOptions } from './stream-transport.js';
export { transportPair, type TapDecision } from './transport-pair.js';
export { bindingReportData, NONCE_SIZE as TRANSFER_NONCE_SIZE } from './session-keys.js';
export { PROTOCOL_VERSION, peekOffer, needModuleFrame, moduleOfFrame, abortFrame, type Offer, type OfferAnswer } from './handshake.js';
export { MessageType } from './messages.js';
export { sendAgent, type LiveSource, type CapturedState, type SendOptions, type SourceDecision } from './send-agent.js';
export { settlementToken, isSettlementToken, type Settlement, type SettlementWord } from './settlement.js';
export { receiveAgent, type HeldAgent, type ReceiveOptions, type Received } from './receive-agent.js';
export type { TransferReport, TransferMode } from './transfer-report.js';
export { agentSource, type AgentSourceOptions } from './agent-source.js';
