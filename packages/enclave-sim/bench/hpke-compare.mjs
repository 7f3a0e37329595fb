// Compares the user channel's HPKE (node:crypto, synchronous) with the npm library @hpke/core 1.9.0 (WebCrypto,
// asynchronous): per request, sender set-up + seal of a 256-byte body + one 44-byte export, and recipient set-up +
// open + export. With `--vector`, prints instead the X25519/HKDF-SHA256/AES-256-GCM cross-check vector that
// test/channel/hpke-cross-vectors.ts holds, made by @hpke/core from fixed seeds.
// @hpke/core is not a dependency of the project: install it for this script only, then run after a build:
//   npm install --no-save @hpke/core@1.9.0 && node packages/enclave-sim/bench/hpke-compare.mjs [N | --vector]
import { createHash } from 'node:crypto';
import {
  CHANNEL_SUITE,
  deriveKeyPair,
  keyPairFromPrivate,
  setupBaseR,
  setupBaseS,
} from '@edgedancer/enclave-sim/channel';
import { Aes256Gcm, CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from '@hpke/core';

const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes256Gcm() });
const N = Number(process.argv[2] === undefined || process.argv[2] === '--vector' ? 2000 : process.argv[2]);
async function vector() {
  const hex = (b) => Buffer.from(b instanceof ArrayBuffer ? new Uint8Array(b) : b).toString('hex');
  const ikmE = createHash('sha256').update('edgedancer hpke cross-check ikmE').digest();
  const ikmR = createHash('sha256').update('edgedancer hpke cross-check ikmR').digest();
  const info = Buffer.from('Ode on a Grecian Urn');
  const pt = Buffer.from('Beauty is truth, truth beauty');
  const ekp = await suite.kem.deriveKeyPair(ikmE);
  const rkp = await suite.kem.deriveKeyPair(ikmR);
  const sender = await suite.createSenderContext({ recipientPublicKey: rkp.publicKey, info, ekm: ekp });
  const out = {
    kemId: 32,
    kdfId: 1,
    aeadId: 2,
    info: hex(info),
    ikmE: hex(ikmE),
    pkEm: hex(await suite.kem.serializePublicKey(ekp.publicKey)),
    skEm: hex(await suite.kem.serializePrivateKey(ekp.privateKey)),
    ikmR: hex(ikmR),
    pkRm: hex(await suite.kem.serializePublicKey(rkp.publicKey)),
    skRm: hex(await suite.kem.serializePrivateKey(rkp.privateKey)),
    enc: hex(sender.enc),
    encryptions: [],
    exports: [],
  };
  for (let seq = 0; seq <= 256; seq++) {
    const aad = Buffer.from(`Count-${seq}`);
    const ct = await sender.seal(pt, aad);
    if ([0, 1, 2, 4, 255, 256].includes(seq)) out.encryptions.push({ seq, pt: hex(pt), aad: hex(aad), ct: hex(ct) });
  }
  for (const c of ['', '00', '54657374436f6e74657874'])
    out.exports.push({ context: c, length: 32, value: hex(await sender.export(Buffer.from(c, 'hex'), 32)) });
  console.log(JSON.stringify(out, null, 1));
}

async function timing() {
  const info = new TextEncoder().encode('edgedancer/user-channel/v1\0bench');
  const aad = new Uint8Array(48);
  const pt = new Uint8Array(256);
  const ctx = new TextEncoder().encode('edgedancer/user-channel/v1 response');
  const stats = (label, s) => {
    s.sort((a, b) => a - b);
    console.log(
      `${label.padEnd(40)} p50 ${s[s.length >> 1].toFixed(1).padStart(7)} µs  p99 ${s[Math.floor(s.length * 0.99)].toFixed(1).padStart(8)} µs`,
    );
  };
  const us = (t) => Number(process.hrtime.bigint() - t) / 1000;

  const r = deriveKeyPair(new Uint8Array(32).fill(5));
  const recipient = keyPairFromPrivate(r.sk);
  const mineS = [],
    mineR = [];
  for (let i = 0; i < N + 200; i++) {
    const t0 = process.hrtime.bigint();
    const { enc, context } = setupBaseS(CHANNEL_SUITE, r.pk, info);
    const ct = context.seal(aad, pt);
    context.export(ctx, 44);
    const a = us(t0);
    const t1 = process.hrtime.bigint();
    const rc = setupBaseR(CHANNEL_SUITE, enc, recipient, info);
    rc.open(aad, ct);
    rc.export(ctx, 44);
    const b = us(t1);
    if (i >= 200) {
      mineS.push(a);
      mineR.push(b);
    }
  }
  const rkp = await suite.kem.deriveKeyPair(new Uint8Array(32).fill(5).buffer);
  const libS = [],
    libR = [];
  for (let i = 0; i < N + 200; i++) {
    const t0 = process.hrtime.bigint();
    const s = await suite.createSenderContext({ recipientPublicKey: rkp.publicKey, info });
    const ct = await s.seal(pt, aad);
    await s.export(ctx, 44);
    const a = us(t0);
    const t1 = process.hrtime.bigint();
    const rc = await suite.createRecipientContext({ recipientKey: rkp, enc: s.enc, info });
    await rc.open(ct, aad);
    await rc.export(ctx, 44);
    const b = us(t1);
    if (i >= 200) {
      libS.push(a);
      libR.push(b);
    }
  }
  console.log(`node ${process.version}, n=${N}, 256-byte plaintext`);
  stats('node:crypto (ours): set-up S + seal + export', mineS);
  stats('node:crypto (ours): set-up R + open + export', mineR);
  stats('@hpke/core 1.9.0: set-up S + seal + export', libS);
  stats('@hpke/core 1.9.0: set-up R + open + export', libR);
}

if (process.argv.includes('--vector')) await vector();
else await timing();
