/**
 * What an agent enclave is built from, and how it is measured. The build is the module bytes plus a measured
 * configuration: the memory limit, interpreter limits, the entry calls the host may make (ecalls), the host
 * functions the agent may call with the buffers each may pass (ocalls, as an SGX EDL file declares them), and
 * the trusted extensions loaded with it. {@link measureAgent} extends a measurement log in a fixed order, so
 * an author can compute `mrEnclave` offline and sign it.
 * @module
 */
import { assertBytes, assertUint } from './bytes.js';
import { MeasurementLog } from './measurement.js';

/** Name and version of this simulation's enclave runtime, measured into every agent enclave. */
export const ENCLAVE_RUNTIME = Object.freeze({ name: '@edgedancer/enclave-sim', version: '0.1.0' });

/** Name and version of the interpreter the runtime embeds, measured into every agent enclave. */
export const INTERPRETER_RUNTIME = Object.freeze({ name: '@edgedancer/interpreter', version: '0.1.0' });

/** Version of the measurement order of an in-process enclave (runtime measured by name and version). */
export const MEASUREMENT_FORMAT_VERSION = 1;

/** Version of the measurement order of an enclave compartment (runtime measured as the image's bytes). */
export const IMAGE_MEASUREMENT_FORMAT_VERSION = 2;

/** Bytes in a WebAssembly page. */
export const WASM_PAGE_SIZE = 65536;

/**
 * A buffer an ocall passes across the boundary, named by two of its i32 parameters (pointer and length), as
 * EDL's `[in, size=len]` / `[out, size=len]`. `in` buffers are copied out of the agent's memory for the host;
 * `out` buffers start zeroed and are copied into the agent's memory when the host returns.
 */
export interface BufferDecl {
  /** Index of the i32 parameter holding the address. */
  readonly ptr: number;
  /** Index of the i32 parameter holding the length. */
  readonly len: number;
  readonly direction: 'in' | 'out';
  /** Largest length accepted. */
  readonly maxLength: number;
}

/** An ocall: a host function the agent imports. */
export interface OcallDecl {
  readonly module: string;
  readonly name: string;
  readonly buffers?: readonly BufferDecl[];
}

/** The measured configuration of an agent enclave. */
export interface AgentConfig {
  /** Largest linear memory the agent may have, in 64 KiB pages (as SGX's enclave size). */
  readonly maxMemoryPages: number;
  /** Exported functions the host may call (ecalls). Parameters and results are numbers (i32, i64, f32, f64). */
  readonly ecalls: readonly string[];
  /** Imports the agent may call on the host (ocalls). */
  readonly ocalls: readonly OcallDecl[];
  /** Interpreter call-depth limit (default 10,000). */
  readonly maxCallDepth?: number;
  /** Interpreter value-stack limit in 64-bit slots (default 1,048,576). */
  readonly maxStackSlots?: number;
}

/** A trusted extension's identity: loaded inside the enclave and measured by name and version. */
export interface ExtensionIdentity {
  readonly name: string;
  readonly version: string;
}

/** What an agent enclave is built from. */
export interface AgentBuild {
  /**
   * The trusted runtime as bytes (an enclave compartment's image, exactly what its worker evaluates). When
   * given, it is measured in place of the runtime names and versions, and `extensions` must be empty (the
   * image holds all trusted code).
   */
  readonly image?: Uint8Array;
  /** The WebAssembly module. */
  readonly module: Uint8Array;
  readonly config: AgentConfig;
  /** Trusted code loaded with the agent (measured by name and version, in this order). */
  readonly extensions?: readonly ExtensionIdentity[];
}

/** Defaults of optional configuration fields. */
export const AGENT_CONFIG_DEFAULTS = Object.freeze({ maxCallDepth: 10_000, maxStackSlots: 1 << 20 });

/**
 * Measures an agent build: the `mrEnclave` an enclave loaded from it will have.
 *
 * Order (each a measurement record): `ECREATE` (format version, memory limit, interpreter limits); then, for
 * an enclave compartment (`build.image` given, format 2), `IMAGE` (length, then the image bytes: the log keeps
 * their length and SHA-256), or, for an in-process enclave (format 1), `RUNTIME` for the enclave runtime and
 * the interpreter (name@version) and `EXTENSN` for each extension (name@version); `MODULE` (length, then the
 * module bytes); `ECALL` for each entry call, sorted by name; `OCALL` for each ocall, sorted by module and
 * name, with its buffers; `EINIT` (counts).
 * @param build - the build
 * @returns `mrEnclave` and the log that produced it
 * @throws TypeError or RangeError when the build is malformed
 * @example
 * const { mrEnclave } = measureAgent({ module: bytes, config: { maxMemoryPages: 16, ecalls: ['run'], ocalls: [] } });
 */
export function measureAgent(build: AgentBuild): { mrEnclave: Uint8Array; log: MeasurementLog } {
  const b = normalizeBuild(build);
  const log = new MeasurementLog();
  const image = build.image === undefined ? undefined : assertBytes(build.image, 'build.image');
  if (image !== undefined && b.extensions.length > 0)
    throw new TypeError('an image build has no extensions: the image holds all trusted code');
  const format = image === undefined ? MEASUREMENT_FORMAT_VERSION : IMAGE_MEASUREMENT_FORMAT_VERSION;
  log.extend('ECREATE', [format, b.config.maxMemoryPages, b.config.maxCallDepth, b.config.maxStackSlots]);
  if (image !== undefined) {
    log.extend('IMAGE', [image.length], image);
  } else {
    for (const r of [ENCLAVE_RUNTIME, INTERPRETER_RUNTIME]) measureText(log, 'RUNTIME', `${r.name}@${r.version}`);
    for (const e of b.extensions) measureText(log, 'EXTENSN', `${e.name}@${e.version}`);
  }
  log.extend('MODULE', [b.module.length], b.module);
  for (const name of b.config.ecalls) measureText(log, 'ECALL', name);
  for (const o of b.config.ocalls) {
    const buffers = o.buffers.flatMap((x) => [x.ptr, x.len, x.direction === 'in' ? 1 : 2, x.maxLength]);
    const data = encodeStrings([o.module, o.name]);
    log.extend('OCALL', [data.length, o.buffers.length], data);
    if (buffers.length > 0) {
      const words = new Uint8Array(buffers.length * 4);
      const view = new DataView(words.buffer);
      buffers.forEach((v, i) => view.setUint32(i * 4, v, true));
      log.extend('OCALLBUF', [words.length], words);
    }
  }
  log.extend('EINIT', [b.extensions.length, b.config.ecalls.length, b.config.ocalls.length]);
  return { mrEnclave: log.finish(), log };
}

/** A build with defaults filled in and declarations sorted. */
export interface NormalizedBuild {
  readonly module: Uint8Array;
  readonly config: Required<Omit<AgentConfig, 'ocalls'>> & { readonly ocalls: readonly Required<OcallDecl>[] };
  readonly extensions: readonly ExtensionIdentity[];
}

/**
 * Checks a build, fills in defaults and sorts the declarations (the measured order).
 * @param build - the build
 * @returns the normalized build
 * @throws TypeError or RangeError when malformed (duplicates, bad buffers, bad limits)
 */
export function normalizeBuild(build: AgentBuild): NormalizedBuild {
  if (typeof build !== 'object' || build === null) throw new TypeError('build must be an object');
  const module = assertBytes(build.module, 'build.module');
  const c = build.config;
  if (typeof c !== 'object' || c === null) throw new TypeError('build.config must be an object');
  assertUint(c.maxMemoryPages, 'maxMemoryPages', 65536);
  const maxCallDepth = c.maxCallDepth ?? AGENT_CONFIG_DEFAULTS.maxCallDepth;
  const maxStackSlots = c.maxStackSlots ?? AGENT_CONFIG_DEFAULTS.maxStackSlots;
  assertUint(maxCallDepth, 'maxCallDepth', 1 << 24);
  assertUint(maxStackSlots, 'maxStackSlots', 1 << 28);
  if (maxCallDepth < 1 || maxStackSlots < 1) throw new RangeError('interpreter limits must be positive');
  if (!Array.isArray(c.ecalls) || !Array.isArray(c.ocalls)) throw new TypeError('ecalls and ocalls must be arrays');
  const ecalls = [...(c.ecalls as readonly unknown[])].map((n) => checkName(n, 'ecall name')).sort();
  if (new Set(ecalls).size !== ecalls.length) throw new TypeError('duplicate ecall');
  const ocalls = (c.ocalls as readonly OcallDecl[])
    .map((o) => {
      if (typeof o !== 'object' || o === null) throw new TypeError('ocall declarations must be objects');
      const buffers = (o.buffers ?? []).map((x: BufferDecl): BufferDecl => {
        if (typeof x !== 'object' || x === null || (x.direction !== 'in' && x.direction !== 'out')) {
          throw new TypeError("buffer direction must be 'in' or 'out'");
        }
        assertUint(x.ptr, 'buffer ptr', 1000);
        assertUint(x.len, 'buffer len', 1000);
        assertUint(x.maxLength, 'buffer maxLength', 0xffffffff);
        if (x.ptr === x.len) throw new TypeError('buffer ptr and len must be different parameters');
        return { ptr: x.ptr, len: x.len, direction: x.direction, maxLength: x.maxLength };
      });
      return { module: checkName(o.module, 'ocall module'), name: checkName(o.name, 'ocall name'), buffers };
    })
    .sort((a, b) => (a.module === b.module ? cmp(a.name, b.name) : cmp(a.module, b.module)));
  for (let i = 1; i < ocalls.length; i++) {
    if (ocalls[i]!.module === ocalls[i - 1]!.module && ocalls[i]!.name === ocalls[i - 1]!.name)
      throw new TypeError('duplicate ocall');
  }
  const extensions = (build.extensions ?? []).map((e) => ({
    name: checkName(e.name, 'extension name'),
    version: checkName(e.version, 'extension version'),
  }));
  if (new Set(extensions.map((e) => e.name)).size !== extensions.length) throw new TypeError('duplicate extension');
  return {
    module,
    config: { maxMemoryPages: c.maxMemoryPages, maxCallDepth, maxStackSlots, ecalls, ocalls },
    extensions,
  };
}

function checkName(v: unknown, what: string): string {
  if (typeof v !== 'string' || v.length === 0 || v.length > 1024)
    throw new TypeError(`${what} must be a non-empty string`);
  return v;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function measureText(log: MeasurementLog, tag: string, text: string): void {
  const data = new TextEncoder().encode(text);
  log.extend(tag, [data.length], data);
}

function encodeStrings(parts: readonly string[]): Uint8Array {
  const enc = parts.map((p) => new TextEncoder().encode(p));
  const out = new Uint8Array(enc.reduce((n, e) => n + 4 + e.length, 0));
  const view = new DataView(out.buffer);
  let at = 0;
  for (const e of enc) {
    view.setUint32(at, e.length, true);
    out.set(e, at + 4);
    at += 4 + e.length;
  }
  return out;
}
