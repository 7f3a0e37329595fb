/**
 * `edgedancer platform provision`: the one command that reads the simulated vendor root's private key. Run
 * where the vendor root lives, it certifies a node's platform once (root secret, platform id, attestation key
 * and certificate chain, counters) into that node's platform directory; the node then runs with
 * `--platform-dir` and never sees the vendor key. `edgedancer platform info` prints a platform's public facts
 * (its id is what peers pin).
 * @module
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Platform, provisionPlatform, VendorRoot } from '@edgedancer/enclave-sim';
import { flag, parseArgs, positiveIntOption, stringOption, UsageError } from '../args.js';
import type { CliCommand } from '../command.js';
import { ExitCode } from '../io.js';

const USAGE = `usage: edgedancer platform provision --vendor-dir DIR --platform-dir DIR [--cpu-svn N] [--root-cert-out FILE] [--json]
       edgedancer platform info --platform-dir DIR [--json]

provision  certifies a platform with the vendor root in --vendor-dir (created there when absent; the only
           command that reads its private key) into --platform-dir, or re-certifies it at a new --cpu-svn;
           --root-cert-out writes the vendor root certificate (public) for nodes' --vendor-cert
info       prints the platform's id, TCB level and vendor root id (public)`;

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** The `platform` subcommand. */
export const platformCommand: CliCommand = {
  name: 'platform',
  summary: "provision a node's simulated platform (where the vendor root lives), or show one",
  usage: USAGE,
  async run(argv, io) {
    const [verb, ...rest] = argv;
    const args = parseArgs(rest, [
      { name: 'vendor-dir', value: true },
      { name: 'platform-dir', value: true },
      { name: 'cpu-svn', value: true },
      { name: 'root-cert-out', value: true },
      { name: 'json', value: false },
    ]);
    const platformDir = stringOption(args, 'platform-dir');
    if (platformDir === undefined) throw new UsageError('--platform-dir DIR is required');
    let info: { platformId: Uint8Array; cpuSvn: number; vendorRootCertificate: Uint8Array };
    if (verb === 'provision') {
      const vendorDir = stringOption(args, 'vendor-dir');
      if (vendorDir === undefined) throw new UsageError('--vendor-dir DIR is required');
      const cpuSvn = positiveIntOption(args, 'cpu-svn');
      const vendor = VendorRoot.open(resolve(vendorDir));
      info = provisionPlatform(vendor, resolve(platformDir), cpuSvn === undefined ? {} : { cpuSvn });
      const out = stringOption(args, 'root-cert-out');
      if (out !== undefined) writeFileSync(resolve(out), vendor.certificate);
    } else if (verb === 'info') {
      info = Platform.open(resolve(platformDir)).info;
    } else throw new UsageError(USAGE);
    const facts = {
      platformId: hex(info.platformId),
      cpuSvn: info.cpuSvn,
      vendorRoot: hex(info.vendorRootCertificate).slice(0, 32),
    };
    io.out(
      flag(args, 'json')
        ? JSON.stringify(facts)
        : `platform ${facts.platformId} (cpuSvn ${facts.cpuSvn}, vendor root ${facts.vendorRoot}…)`,
    );
    return ExitCode.Ok;
  },
};

/**
 * Reads a vendor root certificate file (public).
 * @param path - the file `platform provision --root-cert-out` wrote
 * @returns its bytes
 */
export function readRootCertificate(path: string): Uint8Array {
  return new Uint8Array(readFileSync(resolve(path)));
}
