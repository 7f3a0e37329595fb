/**
 * Sealed blobs, as SGX's sealing libraries make them: a fixed header (key policy, SVNs, key id, nonce, an
 * optional monotonic counter binding), the caller's associated data in the clear, and AES-256-GCM
 * ciphertext. The seal key comes from `EGETKEY` with the header's key request, so it depends on the platform,
 * on the enclave's measurement or signer (the key policy) and on the SVNs; the whole header and the
 * associated data are authenticated.
 * @module
 */
import { assertBytes } from './bytes.js';
import { aesGcmOpen, aesGcmSeal, GCM_IV_SIZE, GCM_TAG_SIZE, randomBytes } from './crypto.js';
import { EnclaveError } from './errors.js';
import { KEY_POLICY_CODE, type KeyPolicy, keyPolicyFromCode } from './identity.js';
import { KEY_ID_SIZE, KeyName, type KeyRequest } from './key-derivation.js';
import { ascii, decodeStruct, defineLayout, encodeStruct, f } from './layout.js';

/** Size of a monotonic counter id, in bytes. */
export const COUNTER_ID_SIZE = 16;

/** Sealed blob header layout (96 bytes); associated data, ciphertext and the 16-byte tag follow. */
export const SEALED_HEADER_LAYOUT = defineLayout('SEALEDHEADER', [
  f('magic', 'magic', 4, 'structure tag', ascii('EDSL')),
  f('version', 'u16', 2, 'format version, 1', 1),
  f('keyPolicy', 'u16', 2, '1 MRENCLAVE, 2 MRSIGNER'),
  f('isvSvn', 'u16', 2, "the sealing enclave's isvSvn (the key request's)"),
  f('cpuSvn', 'u16', 2, "the platform's cpuSvn at sealing (the key request's)"),
  f('aadSize', 'u32', 4, 'length of the associated data that follows the header'),
  f('plaintextSize', 'u64', 8, 'length of the ciphertext (equal to the plaintext)'),
  f('keyId', 'bytes', KEY_ID_SIZE, 'random: each blob has its own key'),
  f('iv', 'bytes', GCM_IV_SIZE, 'AES-GCM nonce'),
  f('reserved0', 'reserved', 4, 'zero'),
  f('counterId', 'bytes', COUNTER_ID_SIZE, 'monotonic counter this blob is bound to (zero: none)'),
  f('counterValue', 'u64', 8, "the counter's value when sealed; unseal refuses any other"),
]);

/** Size of a sealed blob header, in bytes. */
export const SEALED_HEADER_SIZE = SEALED_HEADER_LAYOUT.size;

/** Sealed-blob overhead over plaintext and associated data, in bytes. */
export const SEALED_OVERHEAD = SEALED_HEADER_SIZE + GCM_TAG_SIZE;

/** A monotonic counter binding: id and value. */
export interface CounterBinding {
  readonly id: Uint8Array;
  readonly value: number;
}

/** The public part of a sealed blob: what anyone holding it can read without a key. */
export interface SealedHeader {
  readonly keyPolicy: KeyPolicy;
  readonly isvSvn: number;
  readonly cpuSvn: number;
  /** The associated data (authenticated, not encrypted). */
  readonly aad: Uint8Array;
  readonly plaintextSize: number;
  /** The counter binding, or undefined. */
  readonly counter: CounterBinding | undefined;
}

/** Derives a seal key for the sealing (or unsealing) enclave: the platform's `EGETKEY`. */
export type SealKeySource = (request: KeyRequest) => Uint8Array;

/**
 * Seals `plaintext`.
 * @param getKey - the enclave's `EGETKEY`
 * @param svns - the enclave's `isvSvn` and the platform's `cpuSvn`
 * @param plaintext - the data
 * @param options - key policy, associated data, counter binding
 * @returns the sealed blob
 */
export function sealBytes(
  getKey: SealKeySource,
  svns: { readonly isvSvn: number; readonly cpuSvn: number },
  plaintext: Uint8Array,
  options: { readonly keyPolicy: KeyPolicy; readonly aad?: Uint8Array; readonly counter?: CounterBinding },
): Uint8Array {
  assertBytes(plaintext, 'plaintext');
  const aad = options.aad === undefined ? new Uint8Array(0) : assertBytes(options.aad, 'aad');
  if (KEY_POLICY_CODE[options.keyPolicy] === undefined)
    throw new TypeError("keyPolicy must be 'mrenclave' or 'mrsigner'");
  const keyId = randomBytes(KEY_ID_SIZE);
  const iv = randomBytes(GCM_IV_SIZE);
  const header = encodeStruct(SEALED_HEADER_LAYOUT, {
    keyPolicy: KEY_POLICY_CODE[options.keyPolicy],
    isvSvn: svns.isvSvn,
    cpuSvn: svns.cpuSvn,
    aadSize: aad.length,
    plaintextSize: BigInt(plaintext.length),
    keyId,
    iv,
    counterId: options.counter?.id ?? new Uint8Array(COUNTER_ID_SIZE),
    counterValue: BigInt(options.counter?.value ?? 0),
  });
  const key = getKey({
    keyName: KeyName.Seal,
    keyPolicy: options.keyPolicy,
    isvSvn: svns.isvSvn,
    cpuSvn: svns.cpuSvn,
    keyId,
  });
  const authenticated = new Uint8Array(header.length + aad.length);
  authenticated.set(header, 0);
  authenticated.set(aad, header.length);
  const sealed = aesGcmSeal(key, iv, plaintext, authenticated);
  key.fill(0);
  const out = new Uint8Array(authenticated.length + sealed.length);
  out.set(authenticated, 0);
  out.set(sealed, authenticated.length);
  return out;
}

/**
 * Reads a sealed blob's public header (nothing is authenticated yet).
 * @param blob - the sealed blob
 * @returns the header and associated data
 * @throws EnclaveError `malformed`
 */
export function parseSealedHeader(blob: Uint8Array): SealedHeader {
  return parseHeader(blob).header;
}

/**
 * Unseals a blob.
 * @param getKey - the unsealing enclave's `EGETKEY` (it refuses SVNs above the enclave's own)
 * @param blob - the sealed blob
 * @returns the plaintext and the authenticated header
 * @throws EnclaveError `malformed`, `bad-mac` (another platform, enclave, signer or tampering),
 *   `invalid-isvsvn` or `invalid-cpusvn`
 */
export function unsealBytes(getKey: SealKeySource, blob: Uint8Array): { plaintext: Uint8Array; header: SealedHeader } {
  const { header, keyId, iv } = parseHeader(blob);
  const key = getKey({
    keyName: KeyName.Seal,
    keyPolicy: header.keyPolicy,
    isvSvn: header.isvSvn,
    cpuSvn: header.cpuSvn,
    keyId,
  });
  const authenticatedSize = SEALED_HEADER_SIZE + header.aad.length;
  try {
    const plaintext = aesGcmOpen(key, iv, blob.subarray(authenticatedSize), blob.subarray(0, authenticatedSize));
    return { plaintext, header };
  } finally {
    key.fill(0);
  }
}

function parseHeader(blob: Uint8Array): { header: SealedHeader; keyId: Uint8Array; iv: Uint8Array } {
  assertBytes(blob, 'sealed blob');
  const v = decodeStruct(SEALED_HEADER_LAYOUT, blob, true);
  const keyPolicy = keyPolicyFromCode(v.keyPolicy as number);
  if (keyPolicy === undefined) throw new EnclaveError('malformed', 'sealed blob: unknown key policy');
  const aadSize = v.aadSize as number;
  const plaintextSize = v.plaintextSize as bigint;
  if (BigInt(blob.length) !== BigInt(SEALED_OVERHEAD + aadSize) + plaintextSize) {
    throw new EnclaveError('malformed', 'sealed blob: length does not match its header');
  }
  const counterId = v.counterId as Uint8Array;
  const counterValue = v.counterValue as bigint;
  const bound = counterId.some((b) => b !== 0);
  if (!bound && counterValue !== 0n)
    throw new EnclaveError('malformed', 'sealed blob: counter value without a counter');
  if (counterValue > BigInt(Number.MAX_SAFE_INTEGER))
    throw new EnclaveError('malformed', 'sealed blob: counter value too large');
  return {
    header: {
      keyPolicy,
      isvSvn: v.isvSvn as number,
      cpuSvn: v.cpuSvn as number,
      aad: blob.slice(SEALED_HEADER_SIZE, SEALED_HEADER_SIZE + aadSize),
      plaintextSize: Number(plaintextSize),
      counter: bound ? { id: counterId, value: Number(counterValue) } : undefined,
    },
    keyId: v.keyId as Uint8Array,
    iv: v.iv as Uint8Array,
  };
}
