/**
 * Sealed blobs, as SGX's sealing libraries make them: a fixed header (key policy, SVNs, key id, nonce, an
 * optional monotonic counter binding), the caller's associated data in the clear, and AES-256-GCM
 * ciphertext. The seal key comes from `EGETKEY` with the header's key request, so it depends on the platform,
 * on the enclave's measurement or signer (the key policy) and on the SVNs; the whole header and the
 * associated data are authenticated.
 * @module
 */
import { assertBytes } from './bytes.js';
import { aesGcmOpen, aesGcmSealInto, GCM_IV_SIZE, GCM_TAG_SIZE, randomBytes } from './crypto.js';
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
  f('keyId', 'bytes', KEY_ID_SIZE, 'random; blobs sealed in a run may share it (each has its own nonce)'),
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
 * @param plaintext - the data, or its parts (sealed as if joined, without copying them)
 * @param options - key policy, associated data, counter binding
 * @returns the sealed blob
 */
export function sealBytes(
  getKey: SealKeySource,
  svns: { readonly isvSvn: number; readonly cpuSvn: number },
  plaintext: Uint8Array | readonly Uint8Array[],
  options: {
    readonly keyPolicy: KeyPolicy;
    readonly aad?: Uint8Array;
    readonly counter?: CounterBinding;
    /** Reuse a key from this cache instead of deriving one for the blob. */
    readonly keys?: SealKeyCache;
    /** Write the blob into this buffer when it has exactly the blob's size. */
    readonly into?: Uint8Array;
  },
): Uint8Array {
  const parts = plaintext instanceof Uint8Array ? [plaintext] : plaintext;
  let size = 0;
  for (const p of parts) size += assertBytes(p, 'plaintext').length;
  const aad = options.aad === undefined ? new Uint8Array(0) : assertBytes(options.aad, 'aad');
  if (KEY_POLICY_CODE[options.keyPolicy] === undefined)
    throw new TypeError("keyPolicy must be 'mrenclave' or 'mrsigner'");
  const cached = options.keys?.take(options.keyPolicy);
  const keyId = cached?.keyId ?? randomBytes(KEY_ID_SIZE);
  const iv = randomBytes(GCM_IV_SIZE);
  const header = encodeStruct(SEALED_HEADER_LAYOUT, {
    keyPolicy: KEY_POLICY_CODE[options.keyPolicy],
    isvSvn: svns.isvSvn,
    cpuSvn: svns.cpuSvn,
    aadSize: aad.length,
    plaintextSize: BigInt(size),
    keyId,
    iv,
    counterId: options.counter?.id ?? new Uint8Array(COUNTER_ID_SIZE),
    counterValue: BigInt(options.counter?.value ?? 0),
  });
  const key =
    cached?.key ??
    getKey({ keyName: KeyName.Seal, keyPolicy: options.keyPolicy, isvSvn: svns.isvSvn, cpuSvn: svns.cpuSvn, keyId });
  // one buffer for the whole blob: header and associated data, then the ciphertext and tag sealed straight into it
  const total = SEALED_OVERHEAD + aad.length + size;
  const out =
    options.into instanceof Uint8Array && options.into.length === total ? options.into : new Uint8Array(total);
  out.set(header, 0);
  out.set(aad, header.length);
  const authenticated = out.subarray(0, header.length + aad.length);
  try {
    aesGcmSealInto(key, iv, parts, authenticated, out, authenticated.length);
  } finally {
    if (cached === undefined) key.fill(0);
  }
  return out;
}

/** Blobs sealed under one cached key before a new one is derived. */
const SEAL_KEY_USES = 1 << 16;

/**
 * Seal keys kept for a run of blobs: one `EGETKEY` per key policy for up to 65,536 blobs instead of one per blob
 * (inside a simulated enclave `EGETKEY` is a synchronous round trip to the platform, which a stream of sealed
 * parts paid for every megabyte). Each blob still has its own random 96-bit nonce, and its header names the key
 * id as before, so unsealing is unchanged. The cache lives where the sealing code runs (enclave memory).
 */
export class SealKeyCache {
  readonly #entries = new Map<KeyPolicy, { keyId: Uint8Array; key: Uint8Array; uses: number }>();

  /**
   * @param getKey - the enclave's `EGETKEY`
   * @param svns - the enclave's `isvSvn` and the platform's `cpuSvn` (the key requests')
   */
  constructor(
    readonly getKey: SealKeySource,
    readonly svns: { readonly isvSvn: number; readonly cpuSvn: number },
  ) {}

  /**
   * The key (and its id) for the next blob under `keyPolicy`.
   * @param keyPolicy - the blob's key policy
   * @returns the key id and key (owned by the cache: not to be cleared by the caller)
   */
  take(keyPolicy: KeyPolicy): { keyId: Uint8Array; key: Uint8Array } {
    let e = this.#entries.get(keyPolicy);
    if (e === undefined || e.uses >= SEAL_KEY_USES) {
      e?.key.fill(0);
      const keyId = randomBytes(KEY_ID_SIZE);
      const key = this.getKey({ keyName: KeyName.Seal, keyPolicy, ...this.svns, keyId });
      e = { keyId, key, uses: 0 };
      this.#entries.set(keyPolicy, e);
    }
    e.uses++;
    return e;
  }
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
