/**
 * `edgedancer call` end to end: the policy options (trust root in three encodings, manifest, measurements,
 * signer, module), an encrypted call against an in-test node, a refused attestation shown with its reason, and
 * the plain call shown as such.
 * @module
 */

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseArgs, UsageError } from '../../src/args.js';
import { CLIENT_POLICY_OPTIONS, clientPolicyFromArgs } from '../../src/client/index.js';
import { callCommand } from '../../src/commands/agents.js';
import { ExitCode, type Io } from '../../src/io.js';
import { ChannelNode, sha256Of } from './channel-node.js';
import { testVendor } from './quoting-enclave.js';

const dir = mkdtempSync(join(tmpdir(), 'edgedancer-call-'));
const nodes: ChannelNode[] = [];
after(async () => {
  for (const n of nodes) await n.close();
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, content: Uint8Array | string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l) };
  const code = await callCommand.run(argv, io);
  return { code, out, err };
}

test('the policy options read the trust root raw, in hex and as JSON, and need an enclave to trust', () => {
  const cert = testVendor().certificate;
  const policy = (argv: string[]) => clientPolicyFromArgs(parseArgs(argv, CLIENT_POLICY_OPTIONS));
  const mr = 'ab'.repeat(32);
  for (const root of [
    file('root.bin', cert),
    file('root.hex', `${Buffer.from(cert).toString('hex')}\n`),
    file('root.json', JSON.stringify({ certificate: Buffer.from(cert).toString('base64') })),
  ]) {
    assert.deepEqual(policy(['--trust-root', root, '--mr-enclave', mr])?.trustedRoot, cert);
  }
  assert.equal(policy([]), undefined);
  assert.throws(() => policy(['--mr-enclave', mr]), UsageError);
  assert.throws(() => policy(['--trust-root', file('bad', 'nonsense'), '--mr-enclave', mr]), UsageError);
  assert.throws(() => policy(['--trust-root', join(dir, 'missing'), '--mr-enclave', mr]), UsageError);
  assert.throws(() => policy(['--trust-root', file('r', cert)]), /needs the enclave to trust/);
  assert.throws(() => policy(['--trust-root', file('r', cert), '--mr-signer', mr]), /needs --isv-prod-id/);
  assert.throws(() => policy(['--trust-root', file('r', cert), '--mr-enclave', 'abc']), /32 bytes in hex/);
  const p = policy([
    '--trust-root',
    file('r', cert),
    '--mr-signer',
    mr,
    '--isv-prod-id',
    '3',
    '--min-svn',
    '2',
    '--module',
    file('m.wasm', 'mod'),
    '--allow-debug',
  ]);
  assert.deepEqual(
    { ...p, trustedRoot: undefined, mrSigner: undefined, moduleHash: undefined },
    {
      trustedRoot: undefined,
      mrSigner: undefined,
      moduleHash: undefined,
      isvProdId: 3,
      minIsvSvn: 2,
      allowDebug: true,
    },
  );
  assert.deepEqual(p?.moduleHash, sha256Of(new TextEncoder().encode('mod')));
});

test('edgedancer call with a trust root talks to the agent end to end', async () => {
  const n = await new ChannelNode().listen();
  nodes.push(n);
  const agent = n.deploy('echo', (b) => new TextEncoder().encode(`echo ${new TextDecoder().decode(b)}`));
  const root = file(
    'vendor.json',
    JSON.stringify({ certificate: Buffer.from(testVendor().certificate).toString('base64') }),
  );
  const manifest = file('agent.manifest', n.enclave.manifest);
  const module = file('agent.wasm', agent.module);
  const ok = await run([
    'echo',
    'card 4111',
    '--node',
    n.url,
    '--trust-root',
    root,
    '--manifest',
    manifest,
    '--module',
    module,
  ]);
  assert.deepEqual(ok, { code: ExitCode.Ok, out: ['echo card 4111'], err: [] });
  const json = await run(['echo', 'hi', '--node', n.url, '--json', '--trust-root', root, '--manifest', manifest]);
  const answer = JSON.parse(json.out[0]!) as Record<string, unknown>;
  assert.deepEqual(answer, {
    encrypted: true,
    status: 'ok',
    node: n.url,
    platformId: Buffer.from(n.enclave.platformId).toString('hex'),
    redirects: 0,
    body: 'echo hi',
  });
  for (const bytes of n.seen) assert.ok(!Buffer.from(bytes).includes(Buffer.from('4111')));
  // another module than the one the user expects
  const refused = await run([
    'echo',
    'x',
    '--node',
    n.url,
    '--trust-root',
    root,
    '--manifest',
    manifest,
    '--module',
    file('other.wasm', 'other'),
  ]);
  assert.equal(refused.code, ExitCode.Failure);
  assert.match(refused.err[0]!, /^edgedancer: .*\(attestation-mismatch\) \[module-hash\]$/);
  // without a trust root the request goes in the clear, and says so in JSON
  n.misbehave.plainResponses = true;
  const plain = await run(['echo', 'hello', '--node', n.url, '--json']);
  assert.equal((JSON.parse(plain.out[0]!) as { encrypted: boolean }).encrypted, false);
});
