/**
 * Test helpers: temporary state directories (removed after the test file), a shared vendor root, enclave
 * contexts made directly from a measurement and a manifest, and the bit-flip tamper loop.
 * @module
 */

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { sha256 } from '../src/crypto.js';
import { type EnclaveContext, initEnclave } from '../src/enclave-context.js';
import { EnclaveError, type EnclaveErrorCode } from '../src/errors.js';
import { EnclaveSigner } from '../src/manifest.js';
import { Platform } from '../src/platform.js';
import { provisionPlatform } from '../src/provision.js';
import { VendorRoot } from '../src/vendor-root.js';

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/**
 * A fresh directory under the OS temporary directory, removed when the test file ends.
 * @param prefix - name prefix
 * @returns its path
 */
export function tempDir(prefix = 'enclave-sim-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

let sharedVendor: VendorRoot | undefined;

/** One vendor root per test process. */
export function vendor(): VendorRoot {
  sharedVendor ??= VendorRoot.generate();
  return sharedVendor;
}

/**
 * A freshly provisioned platform in a temporary directory.
 * @param cpuSvn - its TCB level
 * @returns the platform
 */
export function newPlatform(cpuSvn = 1): Platform {
  return provisioned(tempDir('platform-'), cpuSvn);
}

/**
 * Provisions (or re-certifies) the platform in `dir` with the shared vendor root, then opens it as a node
 * does: without the vendor key.
 * @param dir - the platform directory
 * @param cpuSvn - its TCB level (default: unchanged, 1 for a new platform)
 * @returns the platform
 */
export function provisioned(dir: string, cpuSvn?: number): Platform {
  provisionPlatform(vendor(), dir, cpuSvn === undefined ? {} : { cpuSvn });
  return Platform.open(dir);
}

let sharedSigner: EnclaveSigner | undefined;

/** One author key per test process. */
export function signer(): EnclaveSigner {
  sharedSigner ??= EnclaveSigner.generate();
  return sharedSigner;
}

/** Options of {@link enclaveOn}. */
export interface TestEnclaveOptions {
  readonly name?: string;
  readonly isvProdId?: number;
  readonly isvSvn?: number;
  readonly debug?: boolean;
  readonly author?: EnclaveSigner;
}

/**
 * An enclave context for a made-up measurement (`SHA-256(name)`), initialised with a signed manifest.
 * @param platform - where it runs
 * @param o - identity choices
 * @returns its context
 */
export function enclaveOn(platform: Platform, o: TestEnclaveOptions = {}): EnclaveContext {
  const mrEnclave = sha256(Buffer.from(o.name ?? 'test enclave'));
  const author = o.author ?? signer();
  const manifest = author.sign({
    mrEnclave,
    isvProdId: o.isvProdId ?? 1,
    isvSvn: o.isvSvn ?? 1,
    debug: o.debug ?? false,
    date: 20250101,
  });
  return initEnclave(platform, mrEnclave, manifest);
}

/**
 * Asserts that `fn` throws an {@link EnclaveError} with `code`.
 * @param fn - the call
 * @param code - the expected code
 */
export function assertEnclaveError(fn: () => unknown, code: EnclaveErrorCode): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof EnclaveError, `expected an EnclaveError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    return true;
  });
}

/**
 * Flips bits of `bytes` one at a time (every bit, or every `step`-th bit) and checks that `check` rejects
 * each mutation with an {@link EnclaveError}.
 * @param bytes - the genuine structure
 * @param check - throws when it detects tampering
 * @param step - flip every `step`-th bit (1 = all)
 * @param onError - sees each error (for example to check it carries no secret)
 * @returns how many mutations were checked and which codes were seen
 */
export function flipEveryBit(
  bytes: Uint8Array,
  check: (mutated: Uint8Array) => unknown,
  step = 1,
  onError?: (e: EnclaveError) => void,
): { checked: number; codes: Map<string, number> } {
  const undetected: number[] = [];
  const codes = new Map<string, number>();
  let checked = 0;
  for (let bit = 0; bit < bytes.length * 8; bit += step) {
    const m = bytes.slice();
    m[bit >> 3]! ^= 1 << (bit & 7);
    checked++;
    try {
      check(m);
      undetected.push(bit);
    } catch (e) {
      if (!(e instanceof EnclaveError)) throw new Error(`bit ${bit}: not an EnclaveError: ${String(e)}`);
      codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
      onError?.(e);
    }
  }
  assert.deepEqual(undetected, [], `undetected bit flips at ${undetected.slice(0, 10).join(', ')}`);
  return { checked, codes };
}

/**
 * Checks that no property of an error (message, cause chain) contains `secret` in hex or base64 or as a raw string.
 * @param e - the error
 * @param secret - the secret bytes
 */
export function assertNoSecretIn(e: unknown, secret: Uint8Array): void {
  const forms = [
    Buffer.from(secret).toString('hex'),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('latin1'),
  ];
  let cur: unknown = e;
  for (let depth = 0; cur !== undefined && cur !== null && depth < 8; depth++) {
    const text =
      cur instanceof Error
        ? `${cur.name} ${cur.message} ${cur.stack ?? ''} ${JSON.stringify(Object.entries(cur))}`
        : String(cur);
    for (const f of forms) assert.ok(!text.includes(f), 'an error carries secret bytes');
    cur = cur instanceof Error ? cur.cause : undefined;
  }
}
