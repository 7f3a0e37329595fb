/**
 * `@edgedancer/enclave-sim`: a simulated SGX-style enclave for WebAssembly agents. A simulation, not a
 * protection: see `docs/enclave-model.md` for what it does and does not model. This file only re-exports.
 * @module
 */
export { EnclaveCallError, EnclaveError, isEnclaveError, type EnclaveErrorCode } from './errors.js';
export { toHex, fromHex } from './bytes.js';
export {
  Attribute, MAX_SVN, MEASUREMENT_SIZE, KEY_POLICY_CODE, sameIdentity, type EnclaveIdentity, type KeyPolicy,
} from './identity.js';
export {
  CERTIFICATE_LAYOUT, CERTIFICATE_SIZE, CertKind, PLATFORM_ID_SIZE, parseCertificate, verifyChain,
  type Certificate, type VerifiedChain,
} from './certificate.js';
export { VendorRoot } from './vendor-root.js';
export { Platform } from './platform.js';
export { provisionPlatform, type ProvisionOptions } from './provision.js';
export { COUNTERS_FILE, PLATFORM_FILE, type PlatformInfo } from './platform-store.js';
export { EnclaveHandle, type BoundaryTap, type LaunchSpec, type OcallServer } from './compartment-host.js';
export {
  DEFAULT_MAX_MESSAGE_BYTES, MAX_CALL_NAME, MAX_PAYLOAD_DEPTH, MAX_PAYLOAD_ITEMS, type MessageDirection,
} from './compartment-messages.js';
export {
  IMAGE_BUILTINS, type EcallHandler, type Inside, type InsideSealOptions, type InsideUnsealed,
} from './inside-api.js';
export { KEY_DERIVATION_LAYOUT, KEY_ID_SIZE, KeyName, type KeyRequest } from './key-derivation.js';
export { MeasurementLog, MEASUREMENT_RECORD_SIZE, type MeasurementRecord } from './measurement.js';
export { EnclaveSigner, MANIFEST_LAYOUT, MANIFEST_SIZE, parseManifest, type Manifest, type ManifestFields } from './manifest.js';
export {
  REPORT_BODY_LAYOUT, REPORT_BODY_SIZE, REPORT_DATA_SIZE, REPORT_LAYOUT, REPORT_SIZE, TARGET_INFO_LAYOUT,
  TARGET_INFO_SIZE, encodeTargetInfo, parseReport, parseReportBody, parseTargetInfo, type Report, type ReportBody,
  type TargetInfo,
} from './report.js';
export { QUOTE_HEADER_LAYOUT, QUOTE_LAYOUT, QUOTE_SIZE, parseQuote, type Quote } from './quote.js';
export { QuoteVerifier, verifyQuote, type QuotePolicy, type VerifiedQuote } from './quote-verifier.js';
export { NONCE_SIZE, reportDataFor } from './report-data.js';
export {
  COUNTER_ID_SIZE, SEALED_HEADER_LAYOUT, SEALED_HEADER_SIZE, SEALED_OVERHEAD, parseSealedHeader,
  type SealedHeader, type CounterBinding,
} from './sealing.js';
export type { EnclaveContext, SealOptions, Unsealed } from './enclave-context.js';
export {
  EPC_PAGE_SIZE, MemoryPageBacking, SEALED_PAGE_HEADER_LAYOUT, SEALED_PAGE_HEADER_SIZE, SealedPageStore,
  type PageBacking, type PageStoreStats, type SealedPageStoreOptions,
} from './page-store.js';
export { layoutToMarkdown, type Layout, type Field } from './layout.js';
export {
  AGENT_CONFIG_DEFAULTS, ENCLAVE_RUNTIME, IMAGE_MEASUREMENT_FORMAT_VERSION, INTERPRETER_RUNTIME, MEASUREMENT_FORMAT_VERSION,
  measureAgent,
  type AgentBuild, type AgentConfig, type BufferDecl, type ExtensionIdentity, type OcallDecl,
} from './agent-build.js';
export {
  AgentEnclave, createEnclave, type CreateEnclaveOptions, type EcallRun, type EnclaveExtension, type EnclaveInside,
  type EnclaveStatus, type ExtensionAttachment, type OcallHandlers,
} from './agent-enclave.js';
export type { OcallHandler, OcallResult } from './ocall-bridge.js';
export type { JsNumber } from './wasm-values.js';
export type { Attester, Verifier } from './attestation-shapes.js';
export * from './channel/index.js';
