/**
 * Runs the commands of one script against one engine (one store): modules, registrations, actions and every
 * assertion. A failure, even an unexpected exception, is the failure of that command only.
 * @module
 */

import { wrapQuotedModule } from '../convert/prepare-text.js';
import { WatSyntaxError, watToBinary } from '../convert/wat-to-binary.js';
import type { Engine, EngineInstance, EngineModule, FailureKind } from '../engine/engine.js';
import type { Action, Command, ModuleDef } from '../script/command.js';
import { commandName } from '../script/command.js';
import { parseScript } from '../script/parse-script.js';
import { formatPattern, formatValue } from '../values/format-value.js';
import { matchResults } from '../values/match-result.js';
import { patternType } from '../values/result-pattern.js';
import type { ValTypeName, WasmValue } from '../values/wasm-value.js';
import type { CommandOutcome, ScriptOutcome } from './outcome.js';
import { type SharedModule, startThread, type ThreadRun } from './script-thread.js';

/** The text of an `assert_malformed` quote module is not valid UTF-8 (malformed by definition). */
class MalformedUtf8Error extends Error {
  override name = 'MalformedUtf8Error';
}

/** A script refers to something it never defined (an unnamed or unknown module, a missing export). */
class ScriptReferenceError extends Error {
  override name = 'ScriptReferenceError';
}

type Verdict = Omit<CommandOutcome, 'line' | 'command'>;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Runs a whole script.
 * @param source - the script text
 * @param engine - a fresh engine for this script
 * @param onCommand - called before each command with the count done and the script's total (progress)
 * @returns one outcome per command (a script that cannot be read gives one failed outcome at line 1)
 * @example const { outcomes } = await runScript('(module)', make());
 */
export async function runScript(
  source: string,
  engine: Engine,
  onCommand?: (done: number, total: number) => void,
  shared?: ReadonlyMap<string, EngineInstance>,
): Promise<ScriptOutcome> {
  let commands: Command[];
  try {
    commands = parseScript(source);
  } catch (e) {
    return { outcomes: [{ line: 1, command: 'script', passed: false, detail: errorText(e) }], suspensions: 0 };
  }
  const runner = new ScriptRunner(engine);
  for (const [name, instance] of shared ?? []) runner.preset(name, instance);
  const outcomes: CommandOutcome[] = [];
  for (const command of commands) {
    onCommand?.(outcomes.length, commands.length);
    let verdict: Verdict;
    try {
      verdict = await runner.run(command);
    } catch (e) {
      verdict = { passed: false, detail: `unexpected ${errorText(e)}` };
    }
    outcomes.push({ line: command.line, command: commandName(command), ...verdict });
  }
  return { outcomes, suspensions: engine.suspensions };
}

class ScriptRunner {
  private current: EngineInstance | undefined;
  private readonly instances = new Map<string, EngineInstance>();
  private readonly definitions = new Map<string, EngineModule>();
  private readonly registry = new Map<string, EngineInstance>();

  private readonly threads = new Map<string, ThreadRun>();

  constructor(private readonly engine: Engine) {
    this.registry.set('spectest', engine.spectest());
  }

  /** Makes a module instance known by name before the script runs (a thread's shared modules). */
  preset(name: string, instance: EngineInstance): void {
    this.instances.set(name, instance);
  }

  async run(c: Command): Promise<Verdict> {
    switch (c.kind) {
      case 'module':
        return this.defineModule(c.module);
      case 'module-instance':
        return this.instantiateDefinition(c.instance, c.module);
      case 'register': {
        const inst = this.instanceFor(c.module);
        this.registry.set(c.as, inst);
        return { passed: true };
      }
      case 'action':
        this.perform(c.action);
        return { passed: true };
      case 'assert_return':
        return this.assertReturn(c.action, c.expected);
      case 'assert_trap':
        return this.expectFailure('trap', c.message, () => this.perform(c.action));
      case 'assert_exhaustion':
        return this.expectFailure('exhaustion', c.message, () => this.perform(c.action));
      case 'assert_exception':
        return this.expectFailure('exception', '', () => this.perform(c.action));
      case 'assert_trap_module':
      case 'assert_uninstantiable':
        return this.assertInstantiationFails('trap', c.module, c.message);
      case 'assert_unlinkable':
        return this.assertInstantiationFails('link', c.module, c.message);
      case 'assert_invalid':
      case 'assert_malformed':
        return this.assertCompileFails(c.kind, c.module, c.message);
      case 'thread':
        return this.startThread(c.name, c.shared, c.script);
      case 'wait':
        return this.waitThread(c.name);
      case 'unsupported':
        return { passed: false, detail: c.reason };
    }
  }

  /** Threads: starts a thread's commands in a worker, with the named modules' shared memories. */
  private startThread(name: string, sharedNames: readonly string[], script: string): Verdict {
    const { engine } = this;
    if (engine.shareMemory === undefined || engine.threadConfig === undefined) {
      return { passed: false, detail: `the ${engine.name} engine cannot run threads` };
    }
    const shared: SharedModule[] = sharedNames.map((m) => {
      const inst = this.instanceFor(m);
      const memories: { name: string; handle: unknown }[] = [];
      for (const n of inst.exportNames?.() ?? []) {
        const ext = inst.exportOf(n);
        const handle = ext?.kind === 'memory' ? engine.shareMemory!(ext) : undefined;
        if (handle !== undefined) memories.push({ name: n, handle });
      }
      return { name: m, memories };
    });
    this.threads.set(name, startThread(script, shared, engine.threadConfig));
    return { passed: true };
  }

  /** Threads: waits for a thread; it passes when every command of the thread passed. */
  private async waitThread(name: string): Promise<Verdict> {
    const run = this.threads.get(name);
    if (run === undefined) throw new ScriptReferenceError(`no thread ${name}`);
    this.threads.delete(name);
    const outcome = await run;
    const failed = outcome.outcomes.filter((o) => !o.passed);
    if (failed.length === 0) return { passed: true, detail: `${outcome.outcomes.length} commands in thread ${name}` };
    const f = failed[0]!;
    return {
      passed: false,
      detail: `thread ${name}: ${failed.length} failed, first at line ${f.line} ${f.command}: ${f.detail ?? ''}`,
    };
  }

  private async defineModule(def: ModuleDef): Promise<Verdict> {
    this.current = undefined;
    const module = this.engine.compile(await moduleBytes(def));
    if (def.definitionOnly) {
      if (def.name !== undefined) this.definitions.set(def.name, module);
      return { passed: true };
    }
    const instance = this.engine.instantiate(module, this.resolveImport);
    this.current = instance;
    if (def.name !== undefined) this.instances.set(def.name, instance);
    return { passed: true };
  }

  private instantiateDefinition(instanceName: string | undefined, moduleName: string | undefined): Verdict {
    this.current = undefined;
    const module = moduleName === undefined ? undefined : this.definitions.get(moduleName);
    if (module === undefined) throw new ScriptReferenceError(`no module definition ${moduleName ?? ''}`);
    const instance = this.engine.instantiate(module, this.resolveImport);
    this.current = instance;
    if (instanceName !== undefined) this.instances.set(instanceName, instance);
    return { passed: true };
  }

  private readonly resolveImport = (module: string, name: string) => this.registry.get(module)?.exportOf(name);

  private instanceFor(name: string | undefined): EngineInstance {
    const inst = name === undefined ? this.current : this.instances.get(name);
    if (inst === undefined)
      throw new ScriptReferenceError(name === undefined ? 'no current module' : `no module ${name}`);
    return inst;
  }

  private perform(action: Action, resultTypes?: readonly ValTypeName[]): WasmValue[] {
    const ext = this.instanceFor(action.module).exportOf(action.name);
    const want = action.kind === 'invoke' ? 'func' : 'global';
    if (ext?.kind !== want) throw new ScriptReferenceError(`no exported ${want} "${action.name}"`);
    if (action.kind === 'get') return [this.engine.getGlobal(ext, resultTypes?.[0])];
    return this.engine.invoke(ext, action.args, resultTypes);
  }

  private assertReturn(action: Action, expected: Parameters<typeof matchResults>[1]): Verdict {
    let results: WasmValue[];
    try {
      results = this.perform(action, expected.map(patternType));
    } catch (e) {
      return { passed: false, detail: `expected results, got ${this.describe(e)}` };
    }
    if (matchResults(results, expected)) return { passed: true };
    const got = results.map(formatValue).join(' ');
    return { passed: false, detail: `got [${got}], expected [${expected.map(formatPattern).join(' ')}]` };
  }

  private expectFailure(kind: FailureKind, message: string, act: () => unknown): Verdict {
    let results: unknown;
    try {
      results = act();
    } catch (e) {
      return this.judgeFailure(kind, message, e);
    }
    const got = Array.isArray(results) ? `[${(results as WasmValue[]).map(formatValue).join(' ')}]` : 'success';
    return { passed: false, detail: `expected ${kind} "${message}", got ${got}` };
  }

  private judgeFailure(kind: FailureKind, message: string, error: unknown): Verdict {
    const actualKind = this.engine.classify(error);
    if (actualKind !== kind) {
      return { passed: false, detail: `expected ${kind} "${message}", got ${this.describe(error)}` };
    }
    const actual = errorMessage(error);
    return actual.includes(message)
      ? { passed: true }
      : { passed: true, messageMismatch: { expected: message, actual } };
  }

  private async assertInstantiationFails(kind: 'trap' | 'link', def: ModuleDef, message: string): Promise<Verdict> {
    let module: EngineModule;
    try {
      module = this.engine.compile(await moduleBytes(def));
    } catch (e) {
      return { passed: false, detail: `expected ${kind} "${message}" at instantiation, got ${this.describe(e)}` };
    }
    return this.expectFailure(kind, message, () => this.engine.instantiate(module, this.resolveImport));
  }

  private async assertCompileFails(
    kind: 'assert_invalid' | 'assert_malformed',
    def: ModuleDef,
    message: string,
  ): Promise<Verdict> {
    let bytes: Uint8Array;
    try {
      bytes = await moduleBytes(def);
    } catch (e) {
      const rejectedText = e instanceof WatSyntaxError || e instanceof MalformedUtf8Error;
      if (kind === 'assert_malformed' && rejectedText && def.source.kind === 'quote') {
        return { passed: true, detail: 'text rejected by the converter' };
      }
      return { passed: false, detail: `module text not converted: ${errorText(e)}` };
    }
    if (kind === 'assert_malformed' && def.source.kind === 'quote') {
      // The converter accepts a few texts that only WebAssembly 2.0 forbids (a u64 memory offset, several
      // start functions); what it writes for them is a binary that a 2.0 decoder must reject in turn.
      const verdict = this.expectFailure('compile', message, () => this.engine.compile(bytes));
      return verdict.passed ? { passed: true, detail: 'text accepted by the converter, binary rejected' } : verdict;
    }
    return this.expectFailure('compile', message, () => this.engine.compile(bytes));
  }

  private describe(error: unknown): string {
    return `${this.engine.classify(error)} (${errorText(error)})`;
  }
}

async function moduleBytes(def: ModuleDef): Promise<Uint8Array> {
  const src = def.source;
  switch (src.kind) {
    case 'binary':
      return src.bytes;
    case 'text':
      return watToBinary(src.text);
    case 'quote': {
      let text: string;
      try {
        text = strictUtf8.decode(src.bytes);
      } catch {
        throw new MalformedUtf8Error('quoted module text is not valid UTF-8');
      }
      return watToBinary(wrapQuotedModule(text));
    }
  }
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
