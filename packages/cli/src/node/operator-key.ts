/**
 * Operator keys: an Ed25519 key pair whose private half (PKCS#8 PEM, mode 0600) signs the operator's requests to
 * a node's control listener, and whose public half (SPKI PEM) a node is started with. The default file is
 * `$EDGEDANCER_OPERATOR_KEY` or `~/.edgedancer/operator-key.pem` (public half beside it as
 * `operator-key.pub.pem`). A key's `keyid` is the base64url SHA-256 of its SPKI encoding.
 * @module
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import type { RequestSigningKey } from './http-signatures.js';

/** An operator key that can sign. */
export interface OperatorKey extends RequestSigningKey {
  readonly publicKey: KeyObject;
}

/** A key file that cannot be used. */
export class OperatorKeyError extends Error {
  override name = 'OperatorKeyError';
  /**
   * @param code - `no-operator-key`, `bad-operator-key`, `operator-key-exists`
   * @param message - for people
   */
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The default private key file.
 * @param env - the environment
 * @returns its path
 */
export function defaultOperatorKeyPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.EDGEDANCER_OPERATOR_KEY ?? join(homedir(), '.edgedancer', 'operator-key.pem');
}

/**
 * The public key file beside a private key file.
 * @param keyPath - the private key's path
 * @returns `….pub.pem`
 */
export function publicKeyPathOf(keyPath: string): string {
  return keyPath.replace(/(\.pem)?$/, '.pub.pem');
}

/**
 * The `keyid` of a public key.
 * @param publicKey - an Ed25519 public key
 * @returns base64url SHA-256 of its SPKI DER
 */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64url');
}

/**
 * Creates a key pair and writes both files (the private one readable by its owner only).
 * @param keyPath - the private key's path (its directory is created, mode 0700)
 * @param options - `force`: overwrite an existing key
 * @returns the key
 * @throws OperatorKeyError `operator-key-exists`
 */
export function createOperatorKey(keyPath: string, options: { force?: boolean } = {}): OperatorKey {
  if (existsSync(keyPath) && options.force !== true)
    throw new OperatorKeyError('operator-key-exists', `${keyPath} exists (use --force to replace it)`);
  mkdirSync(dirname(keyPath), { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  chmodSync(keyPath, 0o600);
  writeFileSync(publicKeyPathOf(keyPath), publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
  return { keyid: keyIdOf(publicKey), privateKey, publicKey };
}

/**
 * Loads an operator's private key.
 * @param keyPath - the file
 * @returns the key
 * @throws OperatorKeyError `no-operator-key` (absent), `bad-operator-key` (not an Ed25519 private key)
 */
export function loadOperatorKey(keyPath: string): OperatorKey {
  if (!existsSync(keyPath))
    throw new OperatorKeyError(
      'no-operator-key',
      `no operator key at ${keyPath}: create one with \`edgedancer operator init\``,
    );
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(readFileSync(keyPath));
  } catch {
    throw new OperatorKeyError('bad-operator-key', `${keyPath} is not a private key`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519')
    throw new OperatorKeyError('bad-operator-key', `${keyPath} is not an Ed25519 key`);
  const publicKey = createPublicKey(privateKey);
  return { keyid: keyIdOf(publicKey), privateKey, publicKey };
}

/**
 * Loads the public keys a node accepts (a public key file, or a private key file whose public half is taken).
 * @param paths - the files
 * @returns the keys by `keyid`
 * @throws OperatorKeyError `no-operator-key`, `bad-operator-key`
 */
export function loadOperatorPublicKeys(paths: readonly string[]): Map<string, KeyObject> {
  const out = new Map<string, KeyObject>();
  for (const p of paths) {
    if (!existsSync(p))
      throw new OperatorKeyError(
        'no-operator-key',
        `no operator key at ${p}: create one with \`edgedancer operator init\``,
      );
    let key: KeyObject;
    try {
      key = createPublicKey(readFileSync(p));
    } catch {
      throw new OperatorKeyError('bad-operator-key', `${p} is not a public or private key`);
    }
    if (key.asymmetricKeyType !== 'ed25519')
      throw new OperatorKeyError('bad-operator-key', `${p} is not an Ed25519 key`);
    out.set(keyIdOf(key), key);
  }
  return out;
}
