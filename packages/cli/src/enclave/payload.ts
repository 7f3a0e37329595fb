/**
 * Checks of ECALL payloads: the host is untrusted, so each field is checked for its type and size before use,
 * and a bad one is refused with a typed error (`code` `bad-ecall`).
 * @module
 */

/** A refused ECALL payload. */
export class EcallError extends Error {
  /**
   * @param code - what was wrong
   * @param message - for people (never secret bytes)
   */
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'EcallError';
  }
}

/**
 * The payload as an object.
 * @param p - what the host sent
 * @returns it
 * @throws EcallError `bad-ecall`
 */
export function obj(p: unknown): Record<string, unknown> {
  if (p === null || typeof p !== 'object' || Array.isArray(p))
    throw new EcallError('bad-ecall', 'the payload must be an object');
  return p as Record<string, unknown>;
}

/**
 * A string field (at most `max` characters).
 * @throws EcallError `bad-ecall`
 */
export function text(p: Record<string, unknown>, name: string, max = 4096): string {
  const v = p[name];
  if (typeof v !== 'string' || v.length > max)
    throw new EcallError('bad-ecall', `${name} must be a string of at most ${max} characters`);
  return v;
}

/**
 * A bytes field (at most `max` bytes).
 * @throws EcallError `bad-ecall`
 */
export function bytes(p: Record<string, unknown>, name: string, max = 1 << 30): Uint8Array {
  const v = p[name];
  if (!(v instanceof Uint8Array) || v.length > max)
    throw new EcallError('bad-ecall', `${name} must be bytes (at most ${max})`);
  return v;
}

/**
 * A non-negative safe integer field, or `dflt` when absent.
 * @throws EcallError `bad-ecall`
 */
export function count(p: Record<string, unknown>, name: string, dflt?: number): number {
  const v = p[name] ?? dflt;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0)
    throw new EcallError('bad-ecall', `${name} must be a non-negative integer`);
  return v;
}

/**
 * A list of strings field (at most `max` entries).
 * @throws EcallError `bad-ecall`
 */
export function texts(p: Record<string, unknown>, name: string, max = 1024): string[] {
  const v = p[name] ?? [];
  if (!Array.isArray(v) || v.length > max || v.some((x) => typeof x !== 'string' || x.length > 4096))
    throw new EcallError('bad-ecall', `${name} must be a list of strings`);
  return v as string[];
}
