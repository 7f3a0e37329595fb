/**
 * How a node puts an agent into an enclave: the trusted runtime image (`dist/enclave-image.js`, bundled at build
 * time from `src/enclave/`), the agent's module and a configuration are measured together into `mrEnclave`
 * and launched by the platform as one compartment. The configuration's declared ECALLs are the runtime's, plus
 * `request-plain` when the agent's author allows plain (unencrypted) requests: it is measured, so the signed
 * manifest says whether the agent may be called in the clear. `edgedancer sign` measures the same bytes.
 * @module
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  type AgentConfig,
  type BoundaryTap,
  type EnclaveSigner,
  measureAgent,
  type Platform,
  parseManifest,
} from '@edgedancer/enclave-sim';
import { Ecall } from '../enclave/boundary-types.js';
import { EnclaveAgent } from './enclave-agent.js';

/** Where the build puts the image. */
export const ENCLAVE_IMAGE_PATH = fileURLToPath(new URL('../../enclave-image.js', import.meta.url));
/** The declared ECALL that lets the host send plain requests to the agent (measured). */
export const PLAIN_REQUESTS = 'request-plain';
/** Largest agent memory, in 64 KiB pages (1 GiB), measured with the configuration. */
const MAX_MEMORY_PAGES = 16384;

let image: Uint8Array | null = null;

/**
 * The trusted runtime image's bytes (read once).
 * @returns the bytes the platform evaluates in each agent's enclave
 * @throws Error when the image was not built (`npm run build` bundles it)
 */
export function enclaveImage(): Uint8Array {
  if (image === null) {
    try {
      image = new Uint8Array(readFileSync(ENCLAVE_IMAGE_PATH));
    } catch (e) {
      throw Object.assign(new Error(`the enclave image is missing (${ENCLAVE_IMAGE_PATH}): run npm run build`), {
        code: 'no-enclave-image',
        cause: e,
      });
    }
  }
  return image;
}

/**
 * The measured configuration of an agent's enclave.
 * @param allowPlain - whether plain requests are allowed
 * @returns the configuration
 */
export function agentConfig(allowPlain: boolean): AgentConfig {
  return {
    maxMemoryPages: MAX_MEMORY_PAGES,
    ecalls: [...Object.values(Ecall), ...(allowPlain ? [PLAIN_REQUESTS] : [])],
    ocalls: [],
  };
}

/**
 * The measurement of an agent module's enclave.
 * @param module - wasm bytes
 * @param allowPlain - whether its manifest allows plain requests
 * @param img - the image (default: this build's)
 * @returns `mrEnclave`
 */
export function agentMeasurement(
  module: Uint8Array,
  allowPlain: boolean,
  img: Uint8Array = enclaveImage(),
): Uint8Array {
  return measureAgent({ image: img, module, config: agentConfig(allowPlain) }).mrEnclave;
}

/**
 * Signs a manifest for an agent module (what `edgedancer sign` does).
 * @param module - wasm bytes
 * @param signer - the author's key
 * @param fields - product id, SVN, debug, whether plain requests are allowed
 * @returns the manifest bytes
 */
export function signAgentManifest(
  module: Uint8Array,
  signer: EnclaveSigner,
  fields: { isvProdId: number; isvSvn: number; debug?: boolean; allowPlain?: boolean },
): Uint8Array {
  return signer.sign({
    mrEnclave: agentMeasurement(module, fields.allowPlain === true),
    isvProdId: fields.isvProdId,
    isvSvn: fields.isvSvn,
    debug: fields.debug ?? false,
  });
}

/**
 * Whether a manifest is for the plain-requests configuration of a module.
 * @param module - wasm bytes
 * @param manifest - signed manifest
 * @param img - the image
 * @returns true when it measures the configuration with `request-plain`
 */
export function allowsPlain(module: Uint8Array, manifest: Uint8Array, img: Uint8Array = enclaveImage()): boolean {
  const m = parseManifest(manifest);
  return Buffer.from(m.mrEnclave).equals(Buffer.from(agentMeasurement(module, true, img)));
}

/**
 * Launches an agent's enclave.
 * @param platform - this node's platform
 * @param module - the agent's wasm bytes
 * @param manifest - its signed manifest
 * @param tap - sees every message crossing the boundary (tests)
 * @param img - the image (default: this build's; a test's misbehaving host launches another)
 * @returns the enclave, from the host
 * @throws EnclaveError `measurement-mismatch`, `bad-signature`, … when the manifest does not fit
 */
export async function launchAgentEnclave(
  platform: Platform,
  module: Uint8Array,
  manifest: Uint8Array,
  tap?: BoundaryTap,
  img: Uint8Array = enclaveImage(),
): Promise<EnclaveAgent> {
  const plain = allowsPlain(module, manifest, img);
  const handle = await platform.launch({
    image: img,
    module,
    config: agentConfig(plain),
    manifest,
    ...(tap === undefined ? {} : { tap }),
  });
  return new EnclaveAgent(handle, plain);
}
