/**
 * An agent enclave: a WebAssembly agent loaded (and measured) into a simulated enclave and run by the
 * interpreter inside it. The host reaches the agent only through its declared entry calls (ecalls); the agent
 * reaches the host only through its declared imports (ocalls), with declared buffers copied across. The host
 * holds an {@link AgentEnclave} handle, which gives no access to the agent's memory, its keys or anything
 * unsealed. Agent state leaving the enclave is sealed: persisted agents ({@link AgentEnclave.persist}) and the
 * pages of a parked agent (when its memory exceeds the EPC budget between calls).
 *
 * This is the in-process form: the agent runs in the host's own thread and extensions receive an
 * `EnclaveContext` in the host's heap, so it is not a boundary. Enclave compartments (`platform.launch`) are;
 * this form remains until every host uses them.
 * @module
 */
import {
  CompileError,
  Execution,
  ExternKind,
  type FuncType,
  type HostFunction,
  type HostResolver,
  LinkError,
  Module,
  type RunResult,
  RuntimeError,
  Store,
  type StoreOptions,
  type StoreState,
  type WasmValue,
} from '@edgedancer/interpreter';
import {
  type AgentBuild,
  type ExtensionIdentity,
  measureAgent,
  type NormalizedBuild,
  normalizeBuild,
  WASM_PAGE_SIZE,
} from './agent-build.js';
import { AGENT_STATE_AAD, decodeAgentState, encodeAgentState } from './agent-state-codec.js';
import { assertUint } from './bytes.js';
import { type EnclaveContext, initEnclave } from './enclave-context.js';
import { EnclaveError } from './errors.js';
import type { EnclaveIdentity, KeyPolicy } from './identity.js';
import type { MeasurementRecord } from './measurement.js';
import { checkOcallDecl, type OcallHandler, ocallHostFunction } from './ocall-bridge.js';
import { EPC_PAGE_SIZE, MemoryPageBacking, type PageBacking, SealedPageStore } from './page-store.js';
import type { Platform } from './platform.js';
import type { ReportBody } from './report.js';
import { isNumericType, type JsNumber, jsToWasm, resultsToJs } from './wasm-values.js';

/** What trusted code inside the enclave (an extension) can reach. */
export interface EnclaveInside {
  /** The enclave's own services: identity, reports, quotes, sealing, counters, page stores. */
  readonly context: EnclaveContext;
  /** The agent's compiled module. */
  readonly module: Module;
  /** Limits the agent's store is created with (use them for `Store.restore`). */
  readonly storeOptions: StoreOptions;
  /** Resolves the enclave's host functions (ocalls and extension imports) by name, for `Store.restore`. */
  readonly hostResolver: HostResolver;
  /** The agent's store (brought back in if the agent was parked). Throws before the agent is instantiated. */
  store(): Store;
  /** The agent's instance address in its store. */
  instanceAddr(): number;
  /** The suspended ecall execution, if any. */
  execution(): Execution | null;
  /** Replaces the agent with one rebuilt inside (for example from a snapshot decrypted inside). */
  adopt(store: Store, instanceAddr: number, execution?: Execution | null): void;
}

/** What an extension adds: an API for the host, and functions the agent may import. */
export interface ExtensionAttachment<Api = unknown> {
  /** What `enclave.extension(name)` returns to the host: everything it returns leaves the enclave. */
  readonly api?: Api;
  /** Trusted imports, by module and name: they run inside the enclave (they are not ocalls). */
  readonly imports?: Readonly<Record<string, Readonly<Record<string, HostFunction>>>>;
}

/**
 * Trusted code loaded into an agent enclave, measured by name and version. It is code the enclave trusts:
 * whatever its `api` returns to the host leaves the enclave.
 */
export interface EnclaveExtension<Api = unknown> extends ExtensionIdentity {
  /** Called once, inside, before the agent is instantiated or restored. */
  attach(inside: EnclaveInside): ExtensionAttachment<Api>;
}

/** The host's ocall implementations, by import module and name. */
export type OcallHandlers = Readonly<Record<string, Readonly<Record<string, OcallHandler>>>>;

/** Options of {@link createEnclave}. */
export interface CreateEnclaveOptions {
  /** One handler per declared ocall, and no others. */
  readonly ocalls?: OcallHandlers;
  /** A blob from {@link AgentEnclave.persist}: the agent continues from it instead of being instantiated. */
  readonly restore?: Uint8Array;
  /**
   * The EPC budget in 4 KiB pages. Between calls, an agent whose memory exceeds it is parked: its memory is
   * sealed page by page into `pageBacking` (keeping at most this many pages in the clear) and comes back
   * when the next call touches it. Default: no limit.
   */
  readonly epcPages?: number;
  /** Untrusted memory for a parked agent's pages (default: in process). */
  readonly pageBacking?: PageBacking;
}

/** How a started ecall stands. */
export type EcallRun =
  | { readonly status: 'done'; readonly results: JsNumber | JsNumber[] | undefined }
  | { readonly status: 'suspended'; readonly reason: 'fuel' | 'interrupt' | 'host' };

/** Where an agent enclave stands. */
export type EnclaveStatus = 'idle' | 'running' | 'suspended' | 'destroyed';

const CREATE_TOKEN: unique symbol = Symbol('createEnclave');

interface Parked {
  /** The captured store with empty memories (their bytes are in the page store). */
  readonly state: StoreState;
  readonly memOffsets: readonly number[];
  readonly memSizes: readonly number[];
  readonly execution: ReturnType<Execution['capture']> | null;
}

/**
 * Loads an agent into a new enclave on `platform`: measures the build, checks the signed manifest against the
 * measurement (`EINIT`), checks the module against its declarations, attaches the extensions, and
 * instantiates the agent (or restores it from a persisted blob).
 * @param platform - the platform
 * @param build - module, configuration and extensions (objects implementing {@link EnclaveExtension})
 * @param manifest - the author's signed manifest
 * @param options - ocall handlers, a blob to restore, EPC budget
 * @returns the host's handle
 * @throws EnclaveError `measurement-mismatch`, `bad-signature`, `malformed`, `undeclared-import`,
 *   `ocall-mismatch`, `bad-declaration`, `agent-failed` (the module does not compile, link or start), or
 *   unseal errors for `restore` (`bad-mac`, `rolled-back`, …)
 * @example
 * const enclave = createEnclave(platform, build, author.sign({ mrEnclave: measureAgent(build).mrEnclave, isvProdId: 1, isvSvn: 1 }), {
 *   ocalls: { env: { log: (_args, [text]) => console.log(new TextDecoder().decode(text)) } },
 * });
 * enclave.ecall('run', 10);
 */
export function createEnclave(
  platform: Platform,
  build: AgentBuild,
  manifest: Uint8Array,
  options: CreateEnclaveOptions = {},
): AgentEnclave {
  if (build.image !== undefined)
    throw new TypeError('a build with an image is launched as a compartment: platform.launch');
  const normalized = normalizeBuild(build);
  const extensions = (build.extensions ?? []) as readonly EnclaveExtension[];
  for (const e of extensions) {
    if (typeof e.attach !== 'function') throw new TypeError(`extension ${e.name} has no attach function`);
  }
  if (options.epcPages !== undefined) assertUint(options.epcPages, 'epcPages', 2 ** 31);
  const { mrEnclave, log } = measureAgent(build);
  const context = initEnclave(platform, mrEnclave, manifest);
  let module: Module;
  try {
    module = new Module(normalized.module);
  } catch (e) {
    if (e instanceof CompileError)
      throw new EnclaveError('agent-failed', `the agent module does not compile: ${e.message}`, { cause: e });
    throw e;
  }
  return new AgentEnclave(CREATE_TOKEN, context, module, normalized, log.records, extensions, options);
}

/**
 * The host's handle on an agent enclave. It can call declared entry points, get reports and quotes about the
 * enclave, persist the agent sealed, and reach the APIs of measured extensions; nothing else inside.
 */
export class AgentEnclave {
  readonly #context: EnclaveContext;
  readonly #module: Module;
  readonly #build: NormalizedBuild;
  readonly #storeOptions: StoreOptions;
  readonly #hostFuncs = new Map<string, HostFunction>();
  readonly #apis = new Map<string, unknown>();
  readonly #epcBytes: number;
  readonly #pages: SealedPageStore;
  #store: Store | null = null;
  #instanceAddr = -1;
  #execution: Execution | null = null;
  #parked: Parked | null = null;
  #status: EnclaveStatus = 'idle';
  /** The measurement log of the build, step by step. */
  readonly measurement: readonly MeasurementRecord[];

  /** @internal Use {@link createEnclave}. */
  constructor(
    token: typeof CREATE_TOKEN,
    context: EnclaveContext,
    module: Module,
    build: NormalizedBuild,
    measurement: readonly MeasurementRecord[],
    extensions: readonly EnclaveExtension[],
    options: CreateEnclaveOptions,
  ) {
    if (token !== CREATE_TOKEN) throw new TypeError('use createEnclave');
    this.#context = context;
    this.#module = module;
    this.#build = build;
    this.measurement = measurement;
    this.#storeOptions = { maxCallDepth: build.config.maxCallDepth, maxStackSlots: build.config.maxStackSlots };
    this.#epcBytes = options.epcPages === undefined ? Infinity : options.epcPages * EPC_PAGE_SIZE;
    this.#pages = new SealedPageStore({
      residentPages: Math.max(1, Math.min(options.epcPages ?? 1 << 20, 1 << 20)),
      backing: options.pageBacking ?? new MemoryPageBacking(),
    });
    const imports = this.#checkModule(options.ocalls ?? {});
    const inside = this.#inside();
    for (const ext of extensions) {
      const attachment = ext.attach(inside) ?? {};
      this.#apis.set(ext.name, attachment.api);
      for (const [mod, fns] of Object.entries(attachment.imports ?? {})) {
        for (const [name, fn] of Object.entries(fns)) {
          if (typeof fn !== 'function')
            throw new TypeError(`extension ${ext.name}: import ${mod}.${name} is not a function`);
          this.#hostFuncs.set(importName(mod, name), fn);
        }
      }
    }
    for (const imp of imports) {
      if (!this.#hostFuncs.has(importName(imp.module, imp.name))) {
        throw new EnclaveError(
          'undeclared-import',
          `the agent imports ${imp.module}.${imp.name}, which is neither a declared ocall nor an extension import`,
        );
      }
    }
    if (options.restore !== undefined) this.#restore(options.restore);
    else this.#instantiate(imports);
    this.#afterCall();
  }

  /** Who the enclave is (what its reports and quotes state). */
  get identity(): EnclaveIdentity {
    return this.#context.identity;
  }

  /** Where the enclave stands. */
  get status(): EnclaveStatus {
    return this.#status;
  }

  /** Whether the agent is parked (its memory sealed outside, until the next call). */
  get parked(): boolean {
    return this.#parked !== null;
  }

  /** Size of the agent's linear memory in 64 KiB pages (0 without memory). */
  get memoryPages(): number {
    if (this.#parked !== null) return (this.#parked.memSizes[0] ?? 0) / WASM_PAGE_SIZE;
    const s = this.#store;
    if (s === null || this.#memoryCount() === 0) return 0;
    return s.memoryBuffer(0).byteLength / WASM_PAGE_SIZE;
  }

  /** What the page store did for this enclave (write-backs, drops, reloads). */
  get pageStats(): SealedPageStore['stats'] {
    return this.#pages.stats;
  }

  /** This enclave's TARGETINFO (for reports other enclaves make for it). */
  get targetInfo(): Uint8Array {
    return this.#context.targetInfo;
  }

  /**
   * A report about this enclave for another enclave on the same platform.
   * @param targetInfo - the target's TARGETINFO
   * @param reportData - 64 bytes
   * @returns the REPORT
   */
  report(targetInfo: Uint8Array, reportData: Uint8Array): Uint8Array {
    this.#usable();
    return this.#context.report(targetInfo, reportData);
  }

  /**
   * Checks a report another enclave made for this one.
   * @param report - the REPORT
   * @returns the other enclave's identity and report data
   * @throws EnclaveError `malformed` or `bad-mac`
   */
  checkReport(report: Uint8Array): ReportBody {
    this.#usable();
    return this.#context.checkReport(report);
  }

  /**
   * A quote about this enclave, binding `reportData` (the Attester shape: `quote(reportData) → bytes`).
   * @param reportData - 64 bytes, for example from {@link reportDataFor}
   * @returns the QUOTE
   */
  quote(reportData: Uint8Array): Uint8Array {
    this.#usable();
    return this.#context.quote(reportData);
  }

  /**
   * Creates a monotonic counter owned by this enclave, to bind persisted state to (see {@link AgentEnclave.persist}).
   * @param policy - owned by this build (`mrenclave`) or by its signer and product (`mrsigner`)
   * @returns the counter id
   */
  createCounter(policy: KeyPolicy = 'mrenclave'): Uint8Array {
    this.#usable();
    return this.#context.createCounter(policy);
  }

  /**
   * @param id - a counter this enclave owns
   * @returns its value
   */
  readCounter(id: Uint8Array): number {
    this.#usable();
    return this.#context.readCounter(id);
  }

  /**
   * The API an extension gave the host.
   * @param name - the extension's name
   * @returns its API
   * @throws TypeError when the enclave has no such extension
   */
  extension<Api>(name: string): Api {
    if (!this.#apis.has(name)) throw new TypeError(`no extension ${name}`);
    return this.#apis.get(name) as Api;
  }

  /**
   * Calls a declared entry point and runs it to completion.
   * @param name - a declared ecall
   * @param args - its arguments: numbers, or bigints for i64
   * @returns nothing, its result, or an array of results (as the JS API)
   * @throws EnclaveError `undeclared-ecall`, `enclave-unavailable` (busy, suspended or destroyed),
   *   `agent-failed` (a trap; the enclave stays usable), or what an ocall handler threw
   */
  ecall(name: string, ...args: JsNumber[]): JsNumber | JsNumber[] | undefined {
    const ex = this.#begin(name, args);
    return this.#settle(() => ex.run(), true) as JsNumber | JsNumber[] | undefined;
  }

  /**
   * As {@link AgentEnclave.ecall}, awaiting ocall handlers that return promises.
   * @param name - a declared ecall
   * @param args - its arguments
   * @returns its results
   */
  async ecallAsync(name: string, ...args: JsNumber[]): Promise<JsNumber | JsNumber[] | undefined> {
    const ex = this.#begin(name, args);
    this.#status = 'running';
    let r: RunResult;
    try {
      r = await ex.runAsync();
    } catch (e) {
      this.#status = 'idle';
      this.#execution = null;
      this.#afterCall();
      throw e;
    }
    return this.#settle(() => r, true) as JsNumber | JsNumber[] | undefined;
  }

  /**
   * Starts an entry call with a fuel budget (instructions); it may end suspended, to be continued later.
   * @param name - a declared ecall
   * @param args - its arguments
   * @param options - `fuel`: instructions to run before suspending (default: unlimited)
   * @returns done with results, or suspended
   */
  start(name: string, args: readonly JsNumber[], options: { fuel?: number } = {}): EcallRun {
    const ex = this.#begin(name, args);
    return this.#settle(() => ex.run(options), false) as EcallRun;
  }

  /**
   * Continues a suspended entry call.
   * @param options - fuel for this slice
   * @returns done with results, or suspended again
   * @throws EnclaveError `enclave-unavailable` when nothing is suspended
   */
  continue(options: { fuel?: number } = {}): EcallRun {
    if (this.#status !== 'suspended')
      throw new EnclaveError('enclave-unavailable', `the enclave is ${this.#status}, not suspended`);
    this.#resident();
    const ex = this.#execution!;
    return this.#settle(() => ex.run(options), false) as EcallRun;
  }

  /**
   * Asks a running entry call to suspend at its next loop back-edge or call (for example from an ocall).
   */
  interrupt(): void {
    this.#execution?.interrupt();
  }

  /**
   * Persists the agent: its whole state (and a suspended entry call), sealed with this enclave's key.
   * @param options - `keyPolicy` (default `mrenclave`); `counter`: a counter of this enclave, incremented and
   *   bound, so that every earlier persisted copy is refused from then on
   * @returns the sealed blob (give it to {@link createEnclave} as `restore`)
   * @throws EnclaveError `enclave-unavailable` while running
   */
  persist(options: { keyPolicy?: KeyPolicy; counter?: Uint8Array } = {}): Uint8Array {
    if (this.#status !== 'idle' && this.#status !== 'suspended') {
      throw new EnclaveError('enclave-unavailable', `cannot persist an enclave that is ${this.#status}`);
    }
    const store = this.#resident();
    const plain = encodeAgentState({
      store: store.capture(),
      execution: this.#execution?.capture() ?? null,
      instanceAddr: this.#instanceAddr,
    });
    try {
      return this.#context.seal(plain, {
        aad: AGENT_STATE_AAD,
        keyPolicy: options.keyPolicy ?? 'mrenclave',
        ...(options.counter === undefined ? {} : { counter: options.counter }),
      });
    } finally {
      plain.fill(0);
      this.#afterCall();
    }
  }

  /**
   * Parks the agent now: its memory is sealed into the page store and released (see `epcPages`).
   * @throws EnclaveError `enclave-unavailable` while running or destroyed
   */
  park(): void {
    if (this.#status !== 'idle' && this.#status !== 'suspended')
      throw new EnclaveError('enclave-unavailable', `cannot park an enclave that is ${this.#status}`);
    if (this.#parked !== null) return;
    const store = this.#store!;
    const state = store.capture();
    const execution = this.#execution?.capture() ?? null;
    this.#pages.discard();
    const memOffsets: number[] = [];
    let at = 0;
    for (const m of state.mems) {
      memOffsets.push(at);
      this.#pages.writeBytes(at, m.bytes);
      at += Math.ceil(m.bytes.length / EPC_PAGE_SIZE) * EPC_PAGE_SIZE;
    }
    this.#parked = {
      state: { ...state, mems: state.mems.map((m) => ({ type: m.type, bytes: new Uint8Array(0) })) },
      memOffsets,
      memSizes: state.mems.map((m) => m.bytes.length),
      execution,
    };
    this.#store = null;
    this.#execution = null;
  }

  /** Destroys the enclave: its state is dropped and every later call is refused. */
  destroy(): void {
    this.#store = null;
    this.#execution = null;
    this.#parked = null;
    this.#pages.discard();
    this.#status = 'destroyed';
  }

  /** Memories of the agent: those its module defines (it imports none), at addresses 0.. in its store. */
  #memoryCount(): number {
    return this.#module.compiled.decoded.mems.length;
  }

  #usable(): void {
    if (this.#status === 'destroyed') throw new EnclaveError('enclave-unavailable', 'the enclave was destroyed');
  }

  #checkModule(handlers: OcallHandlers): { module: string; name: string; type: FuncType }[] {
    const d = this.#module.compiled.decoded;
    const cfg = this.#build.config;
    for (const m of d.mems) {
      if (m.limits.max === null || m.limits.max > cfg.maxMemoryPages) {
        throw new EnclaveError(
          'bad-declaration',
          `the agent's memory must declare a maximum of at most ${cfg.maxMemoryPages} pages`,
        );
      }
    }
    const imports = d.imports.map((imp) => {
      if (imp.desc.kind !== ExternKind.Func) {
        throw new EnclaveError(
          'undeclared-import',
          `the agent imports ${imp.module}.${imp.name}, which is not a function: only functions cross the boundary`,
        );
      }
      return { module: imp.module, name: imp.name, type: d.types[imp.desc.typeIdx]! };
    });
    for (const name of cfg.ecalls) {
      const ex = d.exports.find((e) => e.name === name);
      if (ex === undefined || ex.kind !== ExternKind.Func)
        throw new EnclaveError('bad-declaration', `declared ecall ${name} is not an exported function`);
      const typeIdx = this.#module.compiled.funcTypes[ex.index]!;
      if (!isNumericType(d.types[typeIdx]!))
        throw new EnclaveError('bad-declaration', `ecall ${name} must take and return numbers only`);
    }
    for (const [mod, fns] of Object.entries(handlers)) {
      for (const name of Object.keys(fns)) {
        if (!cfg.ocalls.some((o) => o.module === mod && o.name === name))
          throw new EnclaveError('ocall-mismatch', `handler for undeclared ocall ${mod}.${name}`);
      }
    }
    for (const decl of cfg.ocalls) {
      const handler = handlers[decl.module]?.[decl.name];
      if (typeof handler !== 'function')
        throw new EnclaveError('ocall-mismatch', `no handler for declared ocall ${decl.module}.${decl.name}`);
      const imp = imports.find((i) => i.module === decl.module && i.name === decl.name);
      if (imp === undefined) continue;
      if (!isNumericType(imp.type))
        throw new EnclaveError(
          'bad-declaration',
          `ocall ${decl.module}.${decl.name} must take and return numbers only`,
        );
      checkOcallDecl(decl, imp.type);
      this.#hostFuncs.set(importName(decl.module, decl.name), ocallHostFunction(decl, imp.type, handler));
    }
    return imports;
  }

  #inside(): EnclaveInside {
    const resolver: HostResolver = (name) => {
      const fn = this.#hostFuncs.get(name);
      if (fn === undefined) throw new EnclaveError('undeclared-import', `no host function ${name} in this enclave`);
      return fn;
    };
    const self = this;
    return Object.freeze({
      context: this.#context,
      module: this.#module,
      storeOptions: this.#storeOptions,
      hostResolver: resolver,
      store: (): Store => self.#resident(),
      instanceAddr: (): number => self.#instanceAddr,
      execution: (): Execution | null => self.#execution,
      adopt(store: Store, instanceAddr: number, execution: Execution | null = null): void {
        if (self.#status === 'running' || self.#status === 'destroyed')
          throw new EnclaveError('enclave-unavailable', `cannot adopt while ${self.#status}`);
        self.#store = store;
        self.#instanceAddr = instanceAddr;
        self.#execution = execution;
        self.#parked = null;
        self.#pages.discard();
        self.#status = execution === null ? 'idle' : 'suspended';
      },
    });
  }

  #instantiate(imports: readonly { module: string; name: string; type: FuncType }[]): void {
    const store = new Store(this.#storeOptions);
    const externs = imports.map((imp) => {
      const name = importName(imp.module, imp.name);
      return store.hostFunc(imp.type, this.#hostFuncs.get(name)!, name);
    });
    try {
      this.#instanceAddr = store.instantiate(this.#module, externs);
    } catch (e) {
      if (e instanceof LinkError || e instanceof RuntimeError)
        throw new EnclaveError('agent-failed', `the agent does not instantiate: ${e.message}`, { cause: e });
      throw e;
    }
    this.#store = store;
  }

  #restore(blob: Uint8Array): void {
    const { data } = this.#context.unseal(blob, AGENT_STATE_AAD);
    const state = decodeAgentState(data);
    try {
      const store = Store.restore(state.store, [this.#module], this.#inside().hostResolver, this.#storeOptions);
      this.#store = store;
      this.#instanceAddr = state.instanceAddr;
      if (state.execution !== null) {
        this.#execution = Execution.restore(store, state.execution);
        this.#status = 'suspended';
      }
    } catch (e) {
      if (e instanceof TypeError)
        throw new EnclaveError('malformed', `persisted agent does not fit this enclave: ${e.message}`, { cause: e });
      throw e;
    }
  }

  /** Brings a parked agent back (transparent reload) and returns its store. */
  #resident(): Store {
    this.#usable();
    if (this.#store !== null) return this.#store;
    const p = this.#parked;
    if (p === null) throw new EnclaveError('enclave-unavailable', 'the agent is not instantiated yet');
    const mems = p.state.mems.map((m, i) => ({
      type: m.type,
      bytes: this.#pages.readBytes(p.memOffsets[i]!, p.memSizes[i]!),
    }));
    const store = Store.restore({ ...p.state, mems }, [this.#module], this.#inside().hostResolver, this.#storeOptions);
    this.#store = store;
    this.#execution = p.execution === null ? null : Execution.restore(store, p.execution);
    this.#parked = null;
    this.#pages.discard();
    return store;
  }

  #begin(name: string, args: readonly JsNumber[]): Execution {
    this.#usable();
    if (this.#status !== 'idle') throw new EnclaveError('enclave-unavailable', `the enclave is ${this.#status}`);
    if (!this.#build.config.ecalls.includes(name))
      throw new EnclaveError('undeclared-ecall', `${String(name)} is not a declared ecall`);
    const store = this.#resident();
    const ext = store.exportOf(this.#instanceAddr, name)!;
    const type = store.funcType(ext.addr);
    if (args.length !== type.params.length)
      throw new TypeError(`ecall ${name} takes ${type.params.length} arguments, got ${args.length}`);
    const wasmArgs: WasmValue[] = type.params.map((t, i) => jsToWasm(args[i], t, `argument ${i}`));
    const ex = store.call(ext.addr, wasmArgs);
    this.#execution = ex;
    return ex;
  }

  /** Runs a slice of the current execution and updates the state machine. */
  #settle(run: () => RunResult, mustFinish: boolean): EcallRun | JsNumber | JsNumber[] | undefined {
    this.#status = 'running';
    let r: RunResult;
    try {
      r = run();
    } catch (e) {
      this.#status = 'idle';
      this.#execution = null;
      this.#afterCall();
      throw e;
    }
    if (r.status === 'suspended') {
      if (mustFinish) {
        this.#status = 'idle';
        this.#execution = null;
        this.#afterCall();
        throw new EnclaveError('agent-failed', `the agent suspended (${r.reason}) inside a run-to-completion ecall`);
      }
      this.#status = 'suspended';
      this.#afterCall();
      return { status: 'suspended', reason: r.reason };
    }
    this.#status = 'idle';
    this.#execution = null;
    this.#afterCall();
    if (r.status === 'trapped')
      throw new EnclaveError('agent-failed', `the agent trapped: ${r.error.message}`, { cause: r.error });
    const results = resultsToJs(r.results);
    return mustFinish ? results : { status: 'done', results };
  }

  /** Parks the agent when its memory exceeds the EPC budget. */
  #afterCall(): void {
    if (
      this.#epcBytes === Infinity ||
      this.#store === null ||
      (this.#status !== 'idle' && this.#status !== 'suspended')
    )
      return;
    let bytes = 0;
    for (let i = 0; i < this.#memoryCount(); i++) bytes += this.#store.memoryBuffer(i).byteLength;
    if (bytes > this.#epcBytes) this.park();
  }
}

function importName(module: string, name: string): string {
  return `enclave-import:${JSON.stringify([module, name])}`;
}
