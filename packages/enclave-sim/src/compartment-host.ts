/**
 * Enclave compartments, host side: how the platform launches an enclave (measure the image, module and
 * configuration; `EINIT` against the signed manifest; start a worker thread running the platform's bootstrap
 * with exactly those bytes) and the handle the host gets back. The handle offers ecalls, an ocall handler,
 * termination and the enclave's public identity — nothing else. Every message between host and enclave passes
 * one choke point ({@link EnclaveHandle}'s `#cross`), where it is checked (plain data, bounded) and shown to the
 * launch's `tap`. The platform serves the enclave's instructions (`EREPORT`, `EGETKEY`) and counters on two
 * private ports that only the bootstrap holds.
 * @module
 */
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { type AgentConfig, measureAgent, normalizeBuild } from './agent-build.js';
import { assertBytes, assertUint, bytesEqual, copyBytes, toHex } from './bytes.js';
import {
  type CrossingError,
  checkCallName,
  checkCrossingError,
  checkId,
  DEFAULT_MAX_MESSAGE_BYTES,
  type MessageDirection,
  movedBuffers,
  preparePayload,
  toCrossingError,
} from './compartment-messages.js';
import { type CounterStore, counterOwner } from './counters.js';
import { sha256 } from './crypto.js';
import { EnclaveCallError, EnclaveError } from './errors.js';
import { assertIdentity, type EnclaveIdentity } from './identity.js';
import type { BootstrapData } from './inside-bootstrap.js';
import { KEY_ID_SIZE, KeyName, type KeyRequest } from './key-derivation.js';
import { parseManifest } from './manifest.js';
import type { PlatformInfo } from './platform-store.js';
import { encodeTargetInfo, REPORT_DATA_SIZE, TARGET_INFO_SIZE } from './report.js';

/**
 * Sees every message that crosses the boundary of one enclave, as it crosses (tests scan these for secrets).
 * It is called synchronously with the payload being sent; buffers moved by a transfer list are detached right
 * after, so a tap that keeps payloads should copy them.
 */
export type BoundaryTap = (direction: MessageDirection, name: string, payload: unknown) => void;

/** What {@link Platform.launch} starts. */
export interface LaunchSpec {
  /** The trusted runtime as bytes: a self-contained CommonJS script (UTF-8). */
  readonly image: Uint8Array;
  /** The agent's WebAssembly module. */
  readonly module: Uint8Array;
  /** The measured configuration (limits, declared ecalls and ocalls of the module). */
  readonly config: AgentConfig;
  /** The signed SIGSTRUCT: `EINIT` checks that it expects the measured `mrEnclave`. */
  readonly manifest: Uint8Array;
  /** Sees every host↔enclave message (the image's load and a crash cross as `ecall-return` named `(init)` / `(crash)`). */
  readonly tap?: BoundaryTap;
  /** Largest payload of one message, in bytes (default 64 MiB). */
  readonly maxMessageBytes?: number;
  /** How long the image may take to load before the launch fails (default 30 s). */
  readonly loadTimeoutMs?: number;
  /**
   * The enclave's JavaScript heap limit in MiB (default 512): beyond it the enclave stops with
   * `enclave-crashed` and the host goes on. (An agent's WebAssembly memory is bounded by `maxMemoryPages`.)
   */
  readonly maxHeapMb?: number;
}

/** Handles an ocall: gets its name and payload, returns (or resolves to) the answer. */
export type OcallServer = (name: string, payload: unknown) => unknown;

/** The platform's services an enclave reaches through its private ports. Internal. */
export interface CompartmentServices {
  readonly info: PlatformInfo;
  readonly quotingTargetInfo: Uint8Array;
  createReport(caller: EnclaveIdentity, targetInfo: Uint8Array, reportData: Uint8Array): Uint8Array;
  deriveKey(caller: EnclaveIdentity, request: KeyRequest): Uint8Array;
  readonly counters: CounterStore;
}

const BOOTSTRAP = new URL('./inside-bootstrap.js', import.meta.url);
/**
 * V8 code caches of enclave images, by the SHA-256 of the image bytes: made by the first enclave of an image
 * (its bootstrap, platform code) and handed to the next ones, so they skip most of the image's compile. Kept
 * in the platform's memory only — never taken from the host — since V8 checks a cache against the source's
 * length and flags, not its bytes.
 */
const codeCaches = new Map<string, Uint8Array>();
const MAX_CODE_CACHE_BYTES = 16 * 1024 * 1024;
const MAX_CODE_CACHES = 8;
const DEFAULT_LOAD_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_HEAP_MB = 512;

/**
 * Launches an enclave compartment. Internal: reached through {@link Platform.launch}.
 * @param services - the platform's services
 * @param spec - image, module, configuration, manifest, tap, limits
 * @returns the host's handle once the image has loaded
 * @throws EnclaveError `measurement-mismatch`, `bad-signature`, `malformed` (EINIT), `enclave-crashed` (the
 *   image failed to load), TypeError / RangeError on a malformed spec
 */
export async function launchCompartment(services: CompartmentServices, spec: LaunchSpec): Promise<EnclaveHandle> {
  if (typeof spec !== 'object' || spec === null) throw new TypeError('spec must be an object');
  const image = copyBytes(assertBytes(spec.image, 'image'));
  const module = copyBytes(assertBytes(spec.module, 'module'));
  const manifest = assertBytes(spec.manifest, 'manifest');
  if (spec.tap !== undefined && typeof spec.tap !== 'function') throw new TypeError('tap must be a function');
  const maxMessageBytes = spec.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  assertUint(maxMessageBytes, 'maxMessageBytes', 2 ** 31);
  const loadTimeoutMs = spec.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS;
  assertUint(loadTimeoutMs, 'loadTimeoutMs', 2 ** 31);
  const maxHeapMb = spec.maxHeapMb ?? DEFAULT_MAX_HEAP_MB;
  assertUint(maxHeapMb, 'maxHeapMb', 1 << 20);
  if (maxHeapMb < 16) throw new RangeError('maxHeapMb must be at least 16');
  const config = normalizeBuild({ module, config: spec.config }).config;

  // Measure exactly what the worker will evaluate, then EINIT.
  const { mrEnclave } = measureAgent({ image, module, config: spec.config });
  const imageKey = toHex(sha256(image));
  const m = parseManifest(manifest);
  if (!bytesEqual(m.mrEnclave, mrEnclave)) {
    throw new EnclaveError(
      'measurement-mismatch',
      'the image, module and configuration do not measure to what the manifest expects',
    );
  }
  const identity = Object.freeze(
    assertIdentity({ mrEnclave, mrSigner: m.mrSigner, isvProdId: m.isvProdId, isvSvn: m.isvSvn, debug: m.debug }),
  );

  const instructions = new MessageChannel();
  const counters = new MessageChannel();
  const flag = new SharedArrayBuffer(4);
  const workerData: BootstrapData = {
    image,
    module,
    config: config as AgentConfig,
    identity,
    targetInfo: encodeTargetInfo(identity),
    quotingTargetInfo: services.quotingTargetInfo,
    platform: {
      platformId: services.info.platformId,
      cpuSvn: services.info.cpuSvn,
      vendorRootCertificate: services.info.vendorRootCertificate,
    },
    maxMessageBytes,
    instructionPort: instructions.port2,
    instructionFlag: flag,
    counterPort: counters.port2,
    ...(codeCaches.has(imageKey) ? { codeCache: codeCaches.get(imageKey)! } : {}),
  };
  const worker = new Worker(BOOTSTRAP, {
    workerData,
    transferList: [instructions.port2, counters.port2],
    stdout: true,
    stderr: true,
    env: {},
    argv: [],
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
  });
  // What the enclave prints stays inside, except for debug enclaves (as a debugger sees a debug enclave).
  if (identity.debug) {
    worker.stdout.pipe(process.stderr);
    worker.stderr.pipe(process.stderr);
  } else {
    worker.stdout.resume();
    worker.stderr.resume();
  }
  serveInstructions(services, identity, instructions.port1, new Int32Array(flag));
  serveCounters(services, identity, counters.port1);
  const handle = new EnclaveHandle(
    HANDLE_TOKEN,
    identity,
    worker,
    [instructions.port1, counters.port1],
    spec.tap,
    maxMessageBytes,
  );
  await handle[LOADED](loadTimeoutMs);
  const made = handle[CODE_CACHE];
  if (made !== undefined && !codeCaches.has(imageKey) && codeCaches.size < MAX_CODE_CACHES)
    codeCaches.set(imageKey, made);
  return handle;
}

const HANDLE_TOKEN: unique symbol = Symbol('EnclaveHandle');
const LOADED: unique symbol = Symbol('loaded');
const CODE_CACHE: unique symbol = Symbol('codeCache');

interface Pending {
  readonly name: string;
  readonly resolve: (v: unknown) => void;
  readonly reject: (e: Error) => void;
}

/**
 * The host's handle on a running enclave: ecalls, an ocall handler, termination, the public identity.
 * Ecalls may overlap (the image decides whether it serves them one at a time). When the enclave's code
 * throws outside a handler or its worker exits, every pending ecall fails with `enclave-crashed` and later
 * ones with `enclave-unavailable`; the host process goes on.
 */
export class EnclaveHandle {
  readonly #identity: EnclaveIdentity;
  readonly #worker: Worker;
  readonly #ports: readonly MessagePort[];
  readonly #tap: BoundaryTap | undefined;
  readonly #maxMessageBytes: number;
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;
  #ocalls: OcallServer | undefined;
  #stopped: EnclaveError | undefined;
  #loaded: Pending | undefined;
  #codeCache: Uint8Array | undefined;
  readonly #handedOver = new WeakSet<ArrayBuffer>();

  /** @internal Made by {@link Platform.launch}. */
  constructor(
    token: typeof HANDLE_TOKEN,
    identity: EnclaveIdentity,
    worker: Worker,
    ports: readonly MessagePort[],
    tap: BoundaryTap | undefined,
    maxMessageBytes: number,
  ) {
    if (token !== HANDLE_TOKEN) throw new TypeError('enclaves are launched by a platform');
    this.#identity = identity;
    this.#worker = worker;
    this.#ports = ports;
    this.#tap = tap;
    this.#maxMessageBytes = maxMessageBytes;
    worker.on('message', (m: unknown) => this.#fromEnclave(m));
    worker.on('error', (e: Error) => {
      const crossing = toCrossingError(e, identity.debug);
      this.#see('ecall-return', '(crash)', { error: crossing });
      this.#stop(
        new EnclaveError('enclave-crashed', `the enclave's code failed: ${crossing.code}: ${crossing.message}`),
      );
    });
    worker.on('exit', (code: number) =>
      this.#stop(new EnclaveError('enclave-crashed', `the enclave's worker exited (code ${code})`)),
    );
  }

  /** Who the enclave is: `mrEnclave` (measured at launch), `mrSigner`, `isvProdId`, `isvSvn`, debug flag. */
  get identity(): EnclaveIdentity {
    const id = this.#identity;
    return Object.freeze({ ...id, mrEnclave: id.mrEnclave.slice(), mrSigner: id.mrSigner.slice() });
  }

  /**
   * Calls the enclave's ecall `name`.
   * @param name - the ecall (as the image registered it)
   * @param payload - plain data (bytes, strings, numbers, arrays, plain objects)
   * @param transfer - ArrayBuffers of `payload` to move rather than copy (they become unusable here)
   * @returns what the handler returned
   * @throws EnclaveError `bad-message` (payload), `enclave-unavailable` (terminated or crashed before),
   *   `enclave-crashed` (crashed during the call); EnclaveCallError (`ecall-failed`) when the handler refused
   */
  ecall(name: string, payload?: unknown, transfer?: readonly ArrayBuffer[]): Promise<unknown> {
    return new Promise((resolve, reject) => {
      if (this.#stopped !== undefined)
        throw new EnclaveError('enclave-unavailable', `the enclave is stopped (${this.#stopped.message})`);
      checkCallName(name);
      const prepared = preparePayload(payload, this.#maxMessageBytes).value;
      if (
        transfer !== undefined &&
        (!Array.isArray(transfer) || !transfer.every((b) => b instanceof ArrayBuffer && b.byteLength > 0))
      ) {
        throw new EnclaveError(
          'bad-message',
          'a transfer list holds only ArrayBuffers that are not empty or already moved',
        );
      }
      const id = this.#nextId++;
      this.#pending.set(id, { name, resolve, reject });
      this.#see('ecall', name, prepared);
      this.#worker.postMessage({ t: 'ecall', id, name, payload: prepared }, transfer as ArrayBuffer[] | undefined);
    });
  }

  /**
   * Hands bytes over to the enclave for good: when they are part of an ocall's answer, their buffer is moved
   * (not copied) into the enclave, and is unusable here afterwards. Only bytes that span their whole buffer move.
   * @param bytes - bytes about to be returned from the ocall handler
   * @returns the same bytes
   */
  handOver(bytes: Uint8Array): Uint8Array {
    if (!(bytes instanceof Uint8Array)) throw new TypeError('only bytes are handed over');
    if (bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength)
      this.#handedOver.add(bytes.buffer);
    return bytes;
  }

  /**
   * Sets the handler of the enclave's ocalls (replacing any earlier one). Without one, ocalls fail inside
   * with `ocall-failed` / `no-ocall-handler`.
   * @param handler - gets the ocall's name and payload; its return (or thrown error's code and message) crosses back
   */
  onOcall(handler: OcallServer): void {
    if (typeof handler !== 'function') throw new TypeError('the ocall handler must be a function');
    this.#ocalls = handler;
  }

  /**
   * Stops the enclave: its worker ends, pending ecalls fail with `enclave-unavailable`.
   * @returns when the worker has ended
   */
  async terminate(): Promise<void> {
    this.#stop(new EnclaveError('enclave-unavailable', 'the enclave was terminated'));
    await this.#worker.terminate();
  }

  /** @internal Waits for the image to load. */
  /** The code cache the enclave's bootstrap made while loading (the platform keeps it for the same image). */
  get [CODE_CACHE](): Uint8Array | undefined {
    return this.#codeCache;
  }

  [LOADED](timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#stop(new EnclaveError('enclave-crashed', `the image did not load within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#loaded = {
        name: '(init)',
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (e) => {
          clearTimeout(timer);
          void this.#worker.terminate();
          reject(e);
        },
      };
    });
  }

  /** The one choke point: every message in either direction is shown to the tap here. */
  #see(direction: MessageDirection, name: string, payload: unknown): void {
    if (this.#tap === undefined) return;
    try {
      this.#tap(direction, name, payload);
    } catch {
      // A tap observes; it cannot change or stop what crosses.
    }
  }

  #fromEnclave(raw: unknown): void {
    if (this.#stopped !== undefined) return;
    try {
      const m = raw as {
        t?: unknown;
        id?: unknown;
        name?: unknown;
        payload?: unknown;
        ok?: unknown;
        value?: unknown;
        error?: unknown;
      };
      if (typeof m !== 'object' || m === null) throw new EnclaveError('bad-message', 'not a message');
      if (m.t === 'ready') {
        const error = m.ok === true ? undefined : checkCrossingError(m.error);
        this.#see('ecall-return', '(init)', error === undefined ? { ok: true } : { ok: false, error });
        const l = this.#loaded;
        if (l === undefined) throw new EnclaveError('bad-message', 'the enclave said it was ready twice');
        if (error !== undefined)
          throw new EnclaveError('enclave-crashed', `the image failed to load: ${error.code}: ${error.message}`);
        this.#loaded = undefined;
        const cc = (m as { codeCache?: unknown }).codeCache;
        if (cc instanceof Uint8Array && cc.length <= MAX_CODE_CACHE_BYTES) this.#codeCache = cc;
        l.resolve(undefined);
        return;
      }
      const id = checkId(m.id);
      if (m.t === 'ecall-return') {
        const result =
          m.ok === true
            ? { value: preparePayload(m.value, this.#maxMessageBytes).value }
            : { error: checkCrossingError(m.error) };
        const p = this.#pending.get(id);
        if (p === undefined) throw new EnclaveError('bad-message', 'an answer to no ecall');
        this.#pending.delete(id);
        this.#see('ecall-return', p.name, m.ok === true ? result.value : { error: result.error });
        if ('error' in result) p.reject(new EnclaveCallError(result.error!.code, result.error!.message));
        else p.resolve(result.value);
      } else if (m.t === 'ocall') {
        const name = checkCallName(m.name);
        preparePayload(m.payload, this.#maxMessageBytes);
        this.#see('ocall', name, m.payload);
        void this.#serveOcall(id, name, m.payload);
      } else {
        throw new EnclaveError('bad-message', 'an unknown message');
      }
    } catch (e) {
      // The bootstrap never sends such a message: the enclave is not behaving; stop it.
      const err = e instanceof EnclaveError ? e : new EnclaveError('bad-message', 'an unreadable message');
      this.#stop(
        err.code === 'enclave-crashed'
          ? err
          : new EnclaveError('enclave-crashed', `the enclave sent a bad message: ${err.message}`),
      );
      void this.#worker.terminate();
    }
  }

  async #serveOcall(id: number, name: string, payload: unknown): Promise<void> {
    let reply: { t: 'ocall-return'; id: number; ok: boolean; value?: unknown; error?: CrossingError };
    try {
      if (this.#ocalls === undefined)
        throw Object.assign(new Error('the host serves no ocalls'), { code: 'no-ocall-handler' });
      const value = preparePayload(await this.#ocalls(name, payload), this.#maxMessageBytes).value;
      reply = { t: 'ocall-return', id, ok: true, value };
    } catch (e) {
      reply = { t: 'ocall-return', id, ok: false, error: toCrossingError(e, true) };
    }
    if (this.#stopped !== undefined) return;
    this.#see('ocall-return', name, reply.ok ? reply.value : { error: reply.error });
    this.#worker.postMessage(reply, reply.ok ? movedBuffers(reply.value, this.#handedOver) : undefined);
  }

  #stop(reason: EnclaveError): void {
    if (this.#stopped !== undefined) return;
    this.#stopped = reason;
    for (const p of this.#ports) p.close();
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) p.reject(reason);
    const l = this.#loaded;
    this.#loaded = undefined;
    l?.reject(reason);
  }
}

function serveInstructions(
  services: CompartmentServices,
  identity: EnclaveIdentity,
  port: MessagePort,
  flag: Int32Array,
): void {
  port.on('message', (m: Record<string, unknown>) => {
    let reply: { seq: unknown; ok: boolean; value?: Uint8Array; error?: CrossingError };
    try {
      if (m.op === 'ereport') {
        const targetInfo = assertBytes(m.targetInfo, 'targetInfo', TARGET_INFO_SIZE);
        const reportData = assertBytes(m.reportData, 'reportData', REPORT_DATA_SIZE);
        reply = { seq: m.seq, ok: true, value: services.createReport(identity, targetInfo, reportData) };
      } else if (m.op === 'egetkey') {
        reply = { seq: m.seq, ok: true, value: services.deriveKey(identity, keyRequest(m)) };
      } else {
        throw new EnclaveError('bad-message', 'an unknown instruction');
      }
    } catch (e) {
      reply = { seq: m.seq, ok: false, error: toCrossingError(e, true) };
    }
    port.postMessage(reply);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  });
  port.unref();
}

function keyRequest(m: Record<string, unknown>): KeyRequest {
  if (m.keyName !== KeyName.Report && m.keyName !== KeyName.Seal)
    throw new EnclaveError('malformed', 'KEYREQUEST: unknown key name');
  if (m.keyName === KeyName.Seal && m.keyPolicy !== 'mrenclave' && m.keyPolicy !== 'mrsigner')
    throw new EnclaveError('malformed', 'KEYREQUEST: unknown key policy');
  return {
    keyName: m.keyName,
    keyPolicy: m.keyPolicy === 'mrsigner' ? 'mrsigner' : 'mrenclave',
    isvSvn: assertUint(m.isvSvn, 'isvSvn', 0xffff),
    cpuSvn: assertUint(m.cpuSvn, 'cpuSvn', 0xffff),
    keyId: assertBytes(m.keyId, 'keyId', KEY_ID_SIZE),
  };
}

function serveCounters(services: CompartmentServices, identity: EnclaveIdentity, port: MessagePort): void {
  const owners = [counterOwner(identity, 'mrenclave'), counterOwner(identity, 'mrsigner')];
  port.on('message', (m: Record<string, unknown>) => {
    const reply = (r: { id: unknown; ok: boolean; value?: unknown; error?: CrossingError }): void =>
      port.postMessage(r);
    const fail = (e: unknown): void => reply({ id: m.id, ok: false, error: toCrossingError(e, true) });
    try {
      const c = services.counters;
      // a change is answered once the platform store holds it (written off this thread); a read at once
      let op: () => unknown;
      if (m.op === 'create') {
        if (m.policy !== 'mrenclave' && m.policy !== 'mrsigner')
          throw new TypeError("policy must be 'mrenclave' or 'mrsigner'");
        const owner = counterOwner(identity, m.policy);
        op = () => c.create(owner);
      } else if (m.op === 'read') {
        reply({ id: m.id, ok: true, value: c.read(owners, assertBytes(m.counterId, 'counter id')) });
        return;
      } else if (m.op === 'increment') {
        const id = assertBytes(m.counterId, 'counter id');
        op = () => c.increment(owners, id);
      } else if (m.op === 'destroy') {
        const id = assertBytes(m.counterId, 'counter id');
        op = () => {
          c.destroy(owners, id);
          return undefined;
        };
      } else throw new EnclaveError('bad-message', 'an unknown counter operation');
      c.durably(op).then((value) => reply({ id: m.id, ok: true, value }), fail);
    } catch (e) {
      fail(e);
    }
  });
  port.unref();
}
