/**
 * How a node puts an agent into a simulated enclave. The enclave's measured build is a fixed, empty shell module
 * plus two measured extensions: `edgedancer.runtime` (the agent runtime of `@edgedancer/migration`, which runs
 * the agent and reaches the enclave's sealing keys) and `edgedancer.agent-module`, whose version is the SHA-256
 * of the agent's module. So `mrEnclave` changes with the agent's code and with the runtime's version, and two
 * nodes running the same agent build have the same measurement.
 * @module
 */
import {
  createEnclave, EnclaveSigner, measureAgent, parseManifest, type AgentBuild, type AgentEnclave, type EnclaveExtension,
  type Manifest, type Platform, type QuotePolicy,
} from '@edgedancer/enclave-sim';
import { hashModule } from '@edgedancer/migration';

/** An empty module: the agent does not run in the enclave's own store but in the measured runtime. */
const SHELL_MODULE = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
/** Name and version of the runtime extension (part of the measurement). */
export const RUNTIME_EXTENSION = { name: 'edgedancer.runtime', version: '1' } as const;

/** What the runtime extension gives the node: sealing with the enclave's own keys. */
export interface RuntimeApi {
  seal(data: Uint8Array, aad?: Uint8Array): Uint8Array;
  unseal(blob: Uint8Array): { data: Uint8Array; aad: Uint8Array };
}

/**
 * The build measured for an agent module.
 * @param module - the agent's wasm bytes
 * @param runtimeVersion - the runtime's version (a different one is a different measurement)
 * @returns the build
 */
export function agentBuild(module: Uint8Array, runtimeVersion: string = RUNTIME_EXTENSION.version): AgentBuild {
  const runtime: EnclaveExtension<RuntimeApi> = {
    name: RUNTIME_EXTENSION.name,
    version: runtimeVersion,
    attach: (inside) => ({
      api: {
        seal: (data, aad) => inside.context.seal(data, aad === undefined ? {} : { aad }),
        unseal: (blob) => {
          const u = inside.context.unseal(blob);
          return { data: u.data, aad: u.aad };
        },
      },
    }),
  };
  const moduleExt: EnclaveExtension = { name: 'edgedancer.agent-module', version: Buffer.from(hashModule(module)).toString('hex'), attach: () => ({}) };
  return { module: SHELL_MODULE, config: { maxMemoryPages: 1, ecalls: [], ocalls: [] }, extensions: [runtime, moduleExt] };
}

/**
 * The measurement of an agent module's build.
 * @param module - wasm bytes
 * @returns `mrEnclave`
 */
export function agentMeasurement(module: Uint8Array): Uint8Array {
  return measureAgent(agentBuild(module)).mrEnclave;
}

/**
 * Signs a manifest for an agent module (what `edgedancer sign` does).
 * @param module - wasm bytes
 * @param signer - the author's key
 * @param fields - product id, SVN, debug
 * @returns the manifest bytes
 */
export function signAgentManifest(module: Uint8Array, signer: EnclaveSigner, fields: { isvProdId: number; isvSvn: number; debug?: boolean }): Uint8Array {
  return signer.sign({ mrEnclave: agentMeasurement(module), isvProdId: fields.isvProdId, isvSvn: fields.isvSvn, debug: fields.debug ?? false });
}

/**
 * Creates the enclave of an agent.
 * @param platform - this node's platform
 * @param module - the agent's wasm bytes
 * @param manifest - its signed manifest
 * @param runtimeVersion - for fault injection only: another runtime version measures differently
 * @returns the enclave and its runtime API
 * @throws EnclaveError `measurement-mismatch`, `bad-signature`, … when the manifest does not fit
 */
export function agentEnclave(platform: Platform, module: Uint8Array, manifest: Uint8Array, runtimeVersion?: string): { enclave: AgentEnclave; runtime: RuntimeApi } {
  const enclave = createEnclave(platform, agentBuild(module, runtimeVersion), manifest);
  return { enclave, runtime: enclave.extension(RUNTIME_EXTENSION.name) as RuntimeApi };
}

/**
 * What a node accepts of a peer holding this agent: the same measurement, an SVN at least the manifest's, no
 * debug enclave (the verifier's defaults).
 * @param module - the agent's wasm bytes
 * @param manifest - its signed manifest
 * @returns the policy (without `reportData`, which the protocol adds)
 */
export function peerPolicy(module: Uint8Array, manifest: Uint8Array): QuotePolicy {
  const m: Manifest = parseManifest(manifest);
  return { mrEnclave: agentMeasurement(module), minIsvSvn: m.isvSvn, allowDebug: false };
}
