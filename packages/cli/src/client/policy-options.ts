/**
 * The command line's way to say what a client trusts: options that build an {@link ClientPolicy} for
 * `edgedancer call` (and any other command that talks to an agent end to end).
 *
 * `--trust-root FILE` (required): the vendor root certificate, as its raw bytes, hex, or a JSON file with a
 * base64 `certificate` field (a vendor root's or a provisioning output's). Then the enclave, by one of
 * `--manifest FILE` (the agent's signed manifest: its `mrEnclave`, and its SVN as the minimum),
 * `--mr-enclave HEX` (repeatable), or `--mr-signer HEX --isv-prod-id N`; and optionally `--min-svn N`,
 * `--min-cpu-svn N`, `--module FILE` (the module the agent must run), `--agent-key HEX` (pin a known key) and
 * `--allow-debug`.
 * @module
 */

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { CERTIFICATE_SIZE, parseManifest } from '@edgedancer/enclave-sim';
import { type OptionSpec, type ParsedArgs, UsageError } from '../args.js';
import type { ClientPolicy } from './agent-client.js';

/** The options. */
export const CLIENT_POLICY_OPTIONS: readonly OptionSpec[] = [
  { name: 'trust-root', value: true },
  { name: 'manifest', value: true },
  { name: 'mr-enclave', value: true, repeat: true },
  { name: 'mr-signer', value: true },
  { name: 'isv-prod-id', value: true },
  { name: 'min-svn', value: true },
  { name: 'min-cpu-svn', value: true },
  { name: 'module', value: true },
  { name: 'agent-key', value: true },
  { name: 'allow-debug', value: false },
];

/**
 * Builds the client policy the options describe.
 * @param args - parsed arguments
 * @param read - reads a file (tests pass their own)
 * @returns the policy, or `undefined` when no `--trust-root` was given (no end-to-end channel asked for)
 * @throws UsageError when the options are incomplete, contradictory or unreadable
 */
export function clientPolicyFromArgs(
  args: ParsedArgs,
  read: (path: string) => Uint8Array = (p) => new Uint8Array(readFileSync(p)),
): ClientPolicy | undefined {
  const one = (name: string): string | undefined => args.options.get(name)?.[0];
  const rootPath = one('trust-root');
  const policyNames = [
    'manifest',
    'mr-enclave',
    'mr-signer',
    'isv-prod-id',
    'min-svn',
    'min-cpu-svn',
    'module',
    'agent-key',
    'allow-debug',
  ];
  if (rootPath === undefined) {
    const stray = policyNames.find((n) => args.options.has(n));
    if (stray !== undefined) throw new UsageError(`--${stray} needs --trust-root`);
    return undefined;
  }
  const trustedRoot = trustRoot(readOrFail(read, rootPath), rootPath);
  const mrEnclave: Uint8Array[] = (args.options.get('mr-enclave') ?? []).map((h) => hexOption(h, 'mr-enclave', 32));
  let minIsvSvn = intOption(one('min-svn'), 'min-svn');
  const manifestPath = one('manifest');
  if (manifestPath !== undefined) {
    let m;
    try {
      m = parseManifest(readOrFail(read, manifestPath));
    } catch (e) {
      throw new UsageError(`--manifest ${manifestPath}: ${(e as Error).message}`);
    }
    mrEnclave.push(m.mrEnclave);
    minIsvSvn ??= m.isvSvn;
  }
  const mrSigner = one('mr-signer') === undefined ? undefined : hexOption(one('mr-signer')!, 'mr-signer', 32);
  const isvProdId = intOption(one('isv-prod-id'), 'isv-prod-id');
  if (mrSigner !== undefined && isvProdId === undefined) throw new UsageError('--mr-signer needs --isv-prod-id');
  if (mrSigner === undefined && isvProdId !== undefined) throw new UsageError('--isv-prod-id needs --mr-signer');
  if (mrEnclave.length === 0 && mrSigner === undefined) {
    throw new UsageError(
      '--trust-root needs the enclave to trust: --manifest, --mr-enclave or --mr-signer with --isv-prod-id',
    );
  }
  const modulePath = one('module');
  const minCpuSvn = intOption(one('min-cpu-svn'), 'min-cpu-svn');
  const agentKey = one('agent-key');
  return {
    trustedRoot,
    ...(mrEnclave.length === 0 ? {} : { mrEnclave }),
    ...(mrSigner === undefined ? {} : { mrSigner, isvProdId: isvProdId! }),
    ...(minIsvSvn === undefined ? {} : { minIsvSvn }),
    ...(minCpuSvn === undefined ? {} : { minCpuSvn }),
    ...(modulePath === undefined
      ? {}
      : { moduleHash: new Uint8Array(createHash('sha256').update(readOrFail(read, modulePath)).digest()) }),
    ...(agentKey === undefined ? {} : { agentPublicKey: hexOption(agentKey, 'agent-key', 32) }),
    allowDebug: args.options.has('allow-debug'),
  };
}

function readOrFail(read: (path: string) => Uint8Array, path: string): Uint8Array {
  try {
    return read(path);
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as Error).message}`);
  }
}

/** A vendor root certificate from raw bytes, hex text, or JSON with a base64 `certificate`. */
function trustRoot(bytes: Uint8Array, path: string): Uint8Array {
  if (bytes.length === CERTIFICATE_SIZE || bytes.length === 65) return bytes;
  const text = Buffer.from(bytes).toString('utf8').trim();
  if (/^[0-9a-fA-F]+$/.test(text) && (text.length === 2 * CERTIFICATE_SIZE || text.length === 130))
    return new Uint8Array(Buffer.from(text, 'hex'));
  try {
    const j = JSON.parse(text) as { certificate?: unknown };
    if (typeof j.certificate === 'string') {
      const cert = new Uint8Array(Buffer.from(j.certificate, 'base64'));
      if (cert.length === CERTIFICATE_SIZE) return cert;
    }
  } catch {
    // not JSON either: refused below
  }
  const expected = `${CERTIFICATE_SIZE} bytes raw or hex, or JSON with a base64 "certificate"`;
  throw new UsageError(`--trust-root ${path}: not a vendor root certificate (${expected})`);
}

function hexOption(text: string, name: string, size: number): Uint8Array {
  if (!/^[0-9a-fA-F]+$/.test(text) || text.length !== 2 * size)
    throw new UsageError(`--${name} must be ${size} bytes in hex`);
  return new Uint8Array(Buffer.from(text, 'hex'));
}

function intOption(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) > 0xffff) throw new UsageError(`--${name} must be an integer in [0, 65535]`);
  return Number(text);
}
