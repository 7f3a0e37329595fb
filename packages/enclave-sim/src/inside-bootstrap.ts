/**
 * The platform's bootstrap of an enclave compartment: the entry of the enclave's worker thread. It receives
 * the measured image, module and configuration, the enclave's identity and two private ports to the platform
 * (a synchronous instruction port for `EREPORT` / `EGETKEY`, and an asynchronous counter port), builds the
 * `inside` object ({@link Inside}) around them, evaluates exactly the image bytes with it, and then carries
 * ecalls and ocalls between the image and the host. The ports are never given to the image or to the host;
 * the platform serves on them only requests for this enclave's own identity.
 * @module
 */
import { createRequire } from 'node:module';
import { compileFunction } from 'node:vm';
import { type MessagePort, parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import type { AgentConfig } from './agent-build.js';
import { assertBytes, bytesEqual } from './bytes.js';
import {
  type CrossingError,
  checkCallName,
  checkCrossingError,
  checkId,
  type FromEnclave,
  movedBuffers,
  preparePayload,
  toCrossingError,
} from './compartment-messages.js';
import { hmacSha256, randomBytes } from './crypto.js';
import type { EnclaveIdentity, KeyPolicy } from './identity.js';
import {
  type EcallHandler,
  IMAGE_BUILTINS,
  type Inside,
  type InsideSealOptions,
  type InsideUnsealed,
} from './inside-api.js';
import { KeyName, type KeyRequest } from './key-derivation.js';
import { parseReport, REPORT_DATA_SIZE, REPORT_SIZE, TARGET_INFO_SIZE } from './report.js';
import { SealKeyCache, sealBytes, unsealBytes } from './sealing.js';

/** What the platform passes to the worker (structured clone; the ports are transferred). Internal. */
export interface BootstrapData {
  readonly image: Uint8Array;
  readonly module: Uint8Array;
  readonly config: AgentConfig;
  readonly identity: EnclaveIdentity;
  readonly targetInfo: Uint8Array;
  readonly quotingTargetInfo: Uint8Array;
  readonly platform: {
    readonly platformId: Uint8Array;
    readonly cpuSvn: number;
    readonly vendorRootCertificate: Uint8Array;
  };
  readonly maxMessageBytes: number;
  readonly instructionPort: MessagePort;
  readonly instructionFlag: SharedArrayBuffer;
  readonly counterPort: MessagePort;
  /** V8's code cache for the image, kept by the platform from an earlier launch of the same image bytes. */
  readonly codeCache?: Uint8Array;
}

/** How long an instruction may wait for the platform before it fails (the platform serves it at once when idle). */
const INSTRUCTION_TIMEOUT_MS = 30_000;

/** An error with a code, as everything inside throws (the image may hold its own copy of this package's classes). */
function fail(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

function fromCrossing(prefix: string, e: CrossingError): Error {
  return Object.assign(new Error(e.message), { code: prefix === '' ? e.code : prefix, innerCode: e.code });
}

function start(data: BootstrapData, port: MessagePort): void {
  const { identity, maxMessageBytes, instructionPort, counterPort } = data;
  const flag = new Int32Array(data.instructionFlag);
  const debug = identity.debug;

  /**
   * One synchronous instruction: the platform (main thread) answers on the private port and wakes us. Each
   * request carries a sequence number; an answer to an earlier request that timed out is dropped.
   */
  let instructionSeq = 0;
  const instruction = (request: Record<string, unknown>): unknown => {
    const seq = ++instructionSeq;
    const deadline = Date.now() + INSTRUCTION_TIMEOUT_MS;
    Atomics.store(flag, 0, 0);
    instructionPort.postMessage({ ...request, seq });
    for (;;) {
      const got = receiveMessageOnPort(instructionPort)?.message as
        | { seq: number; ok: boolean; value?: unknown; error?: CrossingError }
        | undefined;
      if (got !== undefined) {
        if (got.seq !== seq) continue;
        if (!got.ok) throw fromCrossing('', checkCrossingError(got.error));
        return got.value;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw fail('enclave-unavailable', 'the platform did not answer an instruction');
      Atomics.wait(flag, 0, 0, left);
      Atomics.store(flag, 0, 0);
    }
  };

  let counterSeq = 0;
  const counterWaiters = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  counterPort.on('message', (m: { id: number; ok: boolean; value?: unknown; error?: CrossingError }) => {
    const w = counterWaiters.get(m.id);
    if (w === undefined) return;
    counterWaiters.delete(m.id);
    if (m.ok) w.resolve(m.value);
    else w.reject(fromCrossing('', checkCrossingError(m.error)));
  });
  counterPort.unref();
  const counterCall = (op: string, args: Record<string, unknown>): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = counterSeq++;
      counterWaiters.set(id, { resolve, reject });
      counterPort.ref();
      counterPort.postMessage({ id, op, ...args });
    }).finally(() => {
      if (counterWaiters.size === 0) counterPort.unref();
    });

  const egetkey = (request: KeyRequest): Uint8Array => {
    const r = request as unknown as Record<string, unknown>;
    return instruction({
      op: 'egetkey',
      keyName: r.keyName,
      keyPolicy: r.keyPolicy,
      isvSvn: r.isvSvn,
      cpuSvn: r.cpuSvn,
      keyId: r.keyId,
    }) as Uint8Array;
  };
  const svns = { isvSvn: identity.isvSvn, cpuSvn: data.platform.cpuSvn };
  const sealKeys = new SealKeyCache(egetkey, svns);
  const policyOf = (o: InsideSealOptions | undefined): KeyPolicy => {
    const p = o?.keyPolicy ?? 'mrenclave';
    if (p !== 'mrenclave' && p !== 'mrsigner') throw new TypeError("keyPolicy must be 'mrenclave' or 'mrsigner'");
    return p;
  };
  const unseal = (blob: Uint8Array, expectedAad?: Uint8Array): InsideUnsealed => {
    const { plaintext, header } = unsealBytes(egetkey, blob);
    if (expectedAad !== undefined && !bytesEqual(assertBytes(expectedAad, 'expectedAad'), header.aad)) {
      plaintext.fill(0);
      throw fail('bad-mac', 'associated data differs from the expected one');
    }
    return { data: plaintext, aad: header.aad, header };
  };

  const handlers = new Map<string, EcallHandler>();
  /** Buffers the image handed over: moved, not copied, when they cross in an ecall's answer. */
  const handedOver = new WeakSet<ArrayBuffer>();
  let ocallSeq = 0;
  const ocallWaiters = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const send = (m: FromEnclave, transfer?: readonly ArrayBuffer[]): void =>
    port.postMessage(m, transfer as ArrayBuffer[] | undefined);

  const inside: Inside = Object.freeze({
    identity: Object.freeze({ ...identity }),
    targetInfo: data.targetInfo,
    quotingTargetInfo: data.quotingTargetInfo,
    platform: Object.freeze({ ...data.platform }),
    module: data.module,
    config: data.config,
    maxMessageBytes,
    ereport(targetInfo: Uint8Array, reportData: Uint8Array): Uint8Array {
      assertBytes(targetInfo, 'targetInfo', TARGET_INFO_SIZE);
      assertBytes(reportData, 'reportData', REPORT_DATA_SIZE);
      return instruction({ op: 'ereport', targetInfo, reportData }) as Uint8Array;
    },
    checkReport(report: Uint8Array) {
      assertBytes(report, 'report', REPORT_SIZE);
      const r = parseReport(report);
      const key = egetkey({ keyName: KeyName.Report, keyPolicy: 'mrenclave', isvSvn: 0, cpuSvn: 0, keyId: r.keyId });
      const ok = bytesEqual(hmacSha256(key, r.bodyBytes), r.mac);
      key.fill(0);
      if (!ok) throw fail('bad-mac', 'report MAC does not verify for this enclave on this platform');
      return r.body;
    },
    egetkey,
    seal(
      data: Uint8Array | readonly Uint8Array[],
      options: InsideSealOptions & { readonly counter?: { readonly id: Uint8Array; readonly value: number } } = {},
    ): Uint8Array {
      const keyPolicy = policyOf(options);
      return sealBytes(egetkey, svns, data, {
        keyPolicy,
        keys: sealKeys,
        ...(options.into === undefined ? {} : { into: options.into }),
        ...(options.aad === undefined ? {} : { aad: options.aad }),
        ...(options.counter === undefined
          ? {}
          : { counter: { id: assertBytes(options.counter.id, 'counter id'), value: options.counter.value } }),
      });
    },
    unseal,
    async sealCounted(data: Uint8Array, counterId: Uint8Array, options: InsideSealOptions = {}): Promise<Uint8Array> {
      const value = await inside.incrementCounter(counterId);
      return inside.seal(data, { ...options, counter: { id: counterId, value } });
    },
    async unsealCounted(blob: Uint8Array, expectedAad?: Uint8Array): Promise<InsideUnsealed> {
      const u = unseal(blob, expectedAad);
      if (u.header.counter === undefined) {
        u.data.fill(0);
        throw fail('malformed', 'the sealed blob is not bound to a counter');
      }
      let current: number;
      try {
        current = await inside.readCounter(u.header.counter.id);
      } catch (e) {
        u.data.fill(0);
        throw e;
      }
      if (current !== u.header.counter.value) {
        u.data.fill(0);
        throw fail('rolled-back', `sealed at counter value ${u.header.counter.value}, the counter is at ${current}`);
      }
      return u;
    },
    createCounter: async (policy: KeyPolicy = 'mrenclave') => (await counterCall('create', { policy })) as Uint8Array,
    readCounter: async (id: Uint8Array) =>
      (await counterCall('read', { counterId: assertBytes(id, 'counter id') })) as number,
    incrementCounter: async (id: Uint8Array) =>
      (await counterCall('increment', { counterId: assertBytes(id, 'counter id') })) as number,
    destroyCounter: async (id: Uint8Array) => {
      await counterCall('destroy', { counterId: assertBytes(id, 'counter id') });
    },
    random: (size: number) => randomBytes(size),
    handOver(bytes: Uint8Array): Uint8Array {
      if (!(bytes instanceof Uint8Array)) throw new TypeError('only bytes are handed over');
      if (bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength)
        handedOver.add(bytes.buffer);
      return bytes;
    },
    handle(name: string, handler: EcallHandler): void {
      checkCallName(name);
      if (typeof handler !== 'function') throw new TypeError('an ecall handler must be a function');
      if (handlers.has(name)) throw new TypeError(`ecall ${name} already has a handler`);
      handlers.set(name, handler);
    },
    ocall(name: string, payload: unknown, transfer?: readonly ArrayBuffer[]): Promise<unknown> {
      return new Promise((resolve, reject) => {
        checkCallName(name);
        const prepared = preparePayload(payload, maxMessageBytes).value;
        const id = ocallSeq++;
        ocallWaiters.set(id, { resolve, reject });
        send({ t: 'ocall', id, name, payload: prepared }, transfer);
      });
    },
  });

  const answer = (id: number, run: () => unknown): void => {
    void Promise.resolve()
      .then(run)
      .then(
        (value) => {
          let prepared: unknown;
          try {
            prepared = preparePayload(value, maxMessageBytes).value;
          } catch (e) {
            send({ t: 'ecall-return', id, ok: false, error: toCrossingError(e, true) });
            return;
          }
          send({ t: 'ecall-return', id, ok: true, value: prepared }, movedBuffers(prepared, handedOver));
        },
        (e: unknown) => send({ t: 'ecall-return', id, ok: false, error: toCrossingError(e, debug) }),
      );
  };

  port.on('message', (m: unknown) => {
    const msg = m as {
      t?: unknown;
      id?: unknown;
      name?: unknown;
      payload?: unknown;
      ok?: unknown;
      value?: unknown;
      error?: unknown;
    };
    try {
      if (typeof msg !== 'object' || msg === null) throw fail('bad-message', 'not a message');
      const id = checkId(msg.id);
      if (msg.t === 'ecall') {
        const name = checkCallName(msg.name);
        preparePayload(msg.payload, maxMessageBytes);
        const h = handlers.get(name);
        answer(id, () => {
          if (h === undefined) throw fail('undeclared-ecall', `this enclave has no ecall ${name}`);
          return h(msg.payload);
        });
      } else if (msg.t === 'ocall-return') {
        const w = ocallWaiters.get(id);
        if (w === undefined) return;
        ocallWaiters.delete(id);
        if (msg.ok === true) {
          preparePayload(msg.value, maxMessageBytes);
          w.resolve(msg.value);
        } else w.reject(fromCrossing('ocall-failed', checkCrossingError(msg.error)));
      }
    } catch (e) {
      // A malformed message from the host: answer it when it names an ecall, otherwise drop it.
      if (msg?.t === 'ecall' && typeof msg.id === 'number')
        send({ t: 'ecall-return', id: msg.id, ok: false, error: toCrossingError(e, true) });
    }
  });

  // Evaluate exactly the image bytes, as the body of a CommonJS module function.
  const nodeRequire = createRequire(import.meta.url);
  const imageRequire = (id: string): unknown => {
    const bare = typeof id === 'string' && id.startsWith('node:') ? id.slice(5) : id;
    if (!IMAGE_BUILTINS.includes(bare)) throw fail('undeclared-import', `an enclave image cannot load ${String(id)}`);
    const m = nodeRequire(`node:${bare}`) as Record<string, unknown>;
    if (bare !== 'v8') return m;
    const { serialize, deserialize, Serializer, Deserializer, DefaultSerializer, DefaultDeserializer } = m;
    return Object.freeze({ serialize, deserialize, Serializer, Deserializer, DefaultSerializer, DefaultDeserializer });
  };
  let produced: Uint8Array | undefined;
  const ready = (ok: boolean, error?: CrossingError): void =>
    send(
      error === undefined
        ? { t: 'ready', ok, ...(ok && produced !== undefined ? { codeCache: produced } : {}) }
        : { t: 'ready', ok, error },
    );
  try {
    const source = new TextDecoder('utf-8', { fatal: true }).decode(data.image);
    // V8 checks a code cache against the source it is given (length, flags) and ignores one that does not fit:
    // what runs is still compiled from exactly the measured bytes
    const cache =
      data.codeCache instanceof Uint8Array
        ? Buffer.from(data.codeCache.buffer, data.codeCache.byteOffset, data.codeCache.length)
        : undefined;
    const fn = compileFunction(source, ['exports', 'require', 'module', 'inside'], {
      filename: 'enclave-image.js',
      ...(cache === undefined ? { produceCachedData: true } : { cachedData: cache }),
    }) as ReturnType<typeof compileFunction> & { cachedData?: Buffer; cachedDataProduced?: boolean };
    if (cache === undefined && fn.cachedDataProduced === true && fn.cachedData !== undefined)
      produced = new Uint8Array(fn.cachedData);
    const module = { exports: {} as unknown };
    fn.call(module.exports, module.exports, imageRequire, module, inside);
    const loaded = module.exports as { then?: unknown } | null;
    if (loaded !== null && typeof loaded === 'object' && typeof loaded.then === 'function') {
      (loaded as Promise<unknown>).then(
        () => ready(true),
        (e: unknown) => ready(false, toCrossingError(e, debug)),
      );
    } else ready(true);
  } catch (e) {
    ready(false, toCrossingError(e, debug));
  }
}

if (parentPort !== null && workerData !== null && typeof workerData === 'object')
  start(workerData as BootstrapData, parentPort);
