/**
 * What the JavaScript tier made of a facade run (`facade-js`): the functions it translated, and of the functions
 * that ran but stayed interpreted, why — by the features their bodies use that the translator leaves to the
 * interpreter (read from the module bytes at each instruction's offset), or a shared memory (translated code
 * does not run on one). A function counts once under each feature it uses; `other` is a function that uses none
 * of them (too large a translation, or a signature or local outside the subset).
 * @module
 */
import { defaultStore, ensureCompiled } from '@edgedancer/interpreter';

/** The environment variable naming the file where child processes of a package append their reports. */
export const TIER_FILE_ENV = 'EDGEDANCER_BENCH_TIER_FILE';

/** The feature of the instruction at `at` that keeps its function interpreted, or null. */
function featureAt(bytes, at) {
  const op = bytes[at];
  if (op === 0xfd) return 'simd';
  if (op === 0xfe) return 'atomics';
  if (op === 0x40) return 'memory.grow';
  if (op === 0xfc) {
    let sub = 0;
    for (let shift = 0, p = at + 1; ; shift += 7, p++) {
      sub |= (bytes[p] & 0x7f) << shift;
      if ((bytes[p] & 0x80) === 0) break;
    }
    if (sub === 10 || sub === 11) return 'memory.copy/fill';
    return sub > 7 ? 'bulk/table ops' : null;
  }
  if ((op >= 0x06 && op <= 0x0a) || op === 0x18 || op === 0x19 || op === 0x1f) return 'exceptions';
  if (op === 0x12 || op === 0x13) return 'tail calls';
  if (op === 0x14 || (op >= 0xd0 && op <= 0xd6) || op === 0x25 || op === 0x26) return 'refs/tables';
  return null;
}

/**
 * The tier's counts for the default store, or null when it runs without the tier.
 * @returns {{ translated: number, declined: number, reasons: Record<string, number> } | null}
 */
export function tierReport() {
  const store = defaultStore();
  const tier = store.jsTier;
  if (tier === null) return null;
  const reasons = {};
  const add = (r) => {
    reasons[r] = (reasons[r] ?? 0) + 1;
  };
  let declined = 0;
  tier.rt.fns.forEach((fn, addr) => {
    if (fn !== null) return;
    const f = store.funcs[addr];
    if (f === undefined || f.code === null) return; // a host function
    declined++;
    const inst = store.instances[f.instanceAddr];
    const mem = inst.memAddrs.length > 0 ? store.mems[inst.memAddrs[0]] : null;
    const found = new Set();
    if (mem?.shared != null) found.add('shared memory');
    const c = ensureCompiled(f.code);
    const bytes = inst.module.decoded.bytes;
    for (const off of c.offsets) {
      const r = featureAt(bytes, c.bodyStart + off);
      if (r !== null) found.add(r);
    }
    if (found.size === 0) found.add('other');
    for (const r of found) add(r);
  });
  return { translated: tier.stats.translated, declined, reasons };
}

/**
 * The sum of several processes' reports (null ones, from processes without the tier, left out).
 * @param {(ReturnType<typeof tierReport>)[]} reports
 */
export function mergeTierReports(reports) {
  const out = { translated: 0, declined: 0, reasons: {} };
  for (const r of reports) {
    if (r === null) continue;
    out.translated += r.translated;
    out.declined += r.declined;
    for (const [k, n] of Object.entries(r.reasons)) out.reasons[k] = (out.reasons[k] ?? 0) + n;
  }
  return out;
}
