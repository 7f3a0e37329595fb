/**
 * The one place the client tests make quotes: a real simulated platform (provisioned by a test vendor root) with
 * an agent enclave on it, whose `quote(reportData)` an attestation is built from. When the platform API changes
 * (enclaves as compartments that quote from inside), only this file follows it.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createEnclave,
  type EnclaveIdentity,
  EnclaveSigner,
  measureAgent,
  Platform,
  provisionPlatform,
  VendorRoot,
} from '@edgedancer/enclave-sim';

/** An enclave that can quote report data of its choosing, on its platform. */
export interface QuotingEnclave {
  readonly identity: EnclaveIdentity;
  readonly platformId: Uint8Array;
  /** The enclave's signed manifest (what a client may take its policy from). */
  readonly manifest: Uint8Array;
  quote(reportData: Uint8Array): Uint8Array;
}

const dirs: string[] = [];
process.on('exit', () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The smallest WebAssembly module: the agent's code does not matter to the channel. */
const EMPTY_MODULE = Uint8Array.of(0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00);

let vendor: VendorRoot | undefined;
let author: EnclaveSigner | undefined;

/** The test vendor root (one per process). */
export function testVendor(): VendorRoot {
  vendor ??= VendorRoot.generate();
  return vendor;
}

/**
 * An agent enclave on a fresh platform.
 * @param o - `isvSvn`, `debug`, and `signer` (another author gives another `mrSigner`)
 * @returns the enclave
 */
export function quotingEnclave(o: { isvSvn?: number; debug?: boolean; signer?: EnclaveSigner } = {}): QuotingEnclave {
  const dir = mkdtempSync(join(tmpdir(), 'channel-platform-'));
  dirs.push(dir);
  provisionPlatform(testVendor(), dir);
  const platform = Platform.open(dir);
  const build = { module: EMPTY_MODULE, config: { maxMemoryPages: 1, ecalls: [], ocalls: [] } };
  author ??= EnclaveSigner.generate();
  const manifest = (o.signer ?? author).sign({
    mrEnclave: measureAgent(build).mrEnclave,
    isvProdId: 1,
    isvSvn: o.isvSvn ?? 1,
    debug: o.debug ?? false,
  });
  const enclave = createEnclave(platform, build, manifest);
  return { identity: enclave.identity, platformId: platform.platformId, manifest, quote: (rd) => enclave.quote(rd) };
}
