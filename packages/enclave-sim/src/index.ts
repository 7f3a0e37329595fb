/**
 * `@edgedancer/enclave-sim`: a simulated SGX-style enclave for WebAssembly agents. A simulation, not a
 * protection: see `docs/enclave-model.md` for what it does and does not model. This file only re-exports.
 * @module
 */

export {
  AGENT_CONFIG_DEFAULTS,
  type AgentBuild,
  type AgentConfig,
  type BufferDecl,
  ENCLAVE_RUNTIME,
  type ExtensionIdentity,
  IMAGE_MEASUREMENT_FORMAT_VERSION,
  INTERPRETER_RUNTIME,
  MEASUREMENT_FORMAT_VERSION,
  measureAgent,
  type OcallDecl,
} from './agent-build.js';
export {
  AgentEnclave,
  type CreateEnclaveOptions,
  createEnclave,
  type EcallRun,
  type EnclaveExtension,
  type EnclaveInside,
  type EnclaveStatus,
  type ExtensionAttachment,
  type OcallHandlers,
} from './agent-enclave.js';
export type { Attester, Verifier } from './attestation-shapes.js';
export { fromHex, toHex } from './bytes.js';
export {
  CERTIFICATE_LAYOUT,
  CERTIFICATE_SIZE,
  type Certificate,
  CertKind,
  PLATFORM_ID_SIZE,
  parseCertificate,
  type VerifiedChain,
  verifyChain,
} from './certificate.js';
export * from './channel/index.js';
export { type BoundaryTap, EnclaveHandle, type LaunchSpec, type OcallServer } from './compartment-host.js';
export {
  DEFAULT_MAX_MESSAGE_BYTES,
  MAX_CALL_NAME,
  MAX_PAYLOAD_DEPTH,
  MAX_PAYLOAD_ITEMS,
  type MessageDirection,
} from './compartment-messages.js';
export type { EnclaveContext, SealOptions, Unsealed } from './enclave-context.js';
export { EnclaveCallError, EnclaveError, type EnclaveErrorCode, isEnclaveError } from './errors.js';
export {
  Attribute,
  type EnclaveIdentity,
  KEY_POLICY_CODE,
  type KeyPolicy,
  MAX_SVN,
  MEASUREMENT_SIZE,
  sameIdentity,
} from './identity.js';
export {
  type EcallHandler,
  IMAGE_BUILTINS,
  type Inside,
  type InsideSealOptions,
  type InsideUnsealed,
} from './inside-api.js';
export { KEY_DERIVATION_LAYOUT, KEY_ID_SIZE, KeyName, type KeyRequest } from './key-derivation.js';
export { type Field, type Layout, layoutToMarkdown } from './layout.js';
export {
  EnclaveSigner,
  MANIFEST_LAYOUT,
  MANIFEST_SIZE,
  type Manifest,
  type ManifestFields,
  parseManifest,
} from './manifest.js';
export { MEASUREMENT_RECORD_SIZE, MeasurementLog, type MeasurementRecord } from './measurement.js';
export type { OcallHandler, OcallResult } from './ocall-bridge.js';
export {
  EPC_PAGE_SIZE,
  MemoryPageBacking,
  type PageBacking,
  type PageStoreStats,
  SEALED_PAGE_HEADER_LAYOUT,
  SEALED_PAGE_HEADER_SIZE,
  SealedPageStore,
  type SealedPageStoreOptions,
} from './page-store.js';
export { Platform } from './platform.js';
export { COUNTERS_FILE, PLATFORM_FILE, type PlatformInfo } from './platform-store.js';
export { type ProvisionOptions, provisionPlatform } from './provision.js';
export { parseQuote, QUOTE_HEADER_LAYOUT, QUOTE_LAYOUT, QUOTE_SIZE, type Quote } from './quote.js';
export { type QuotePolicy, QuoteVerifier, type VerifiedQuote, verifyQuote } from './quote-verifier.js';
export {
  encodeTargetInfo,
  parseReport,
  parseReportBody,
  parseTargetInfo,
  REPORT_BODY_LAYOUT,
  REPORT_BODY_SIZE,
  REPORT_DATA_SIZE,
  REPORT_LAYOUT,
  REPORT_SIZE,
  type Report,
  type ReportBody,
  TARGET_INFO_LAYOUT,
  TARGET_INFO_SIZE,
  type TargetInfo,
} from './report.js';
export { NONCE_SIZE, reportDataFor } from './report-data.js';
export {
  COUNTER_ID_SIZE,
  type CounterBinding,
  parseSealedHeader,
  SEALED_HEADER_LAYOUT,
  SEALED_HEADER_SIZE,
  SEALED_OVERHEAD,
  type SealedHeader,
} from './sealing.js';
export { VendorRoot } from './vendor-root.js';
export type { JsNumber } from './wasm-values.js';
