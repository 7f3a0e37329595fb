/**
 * The commands of a `.wast` script, as the runner executes them. Each carries the 1-based line of its
 * opening parenthesis, which is how reports and the expected-failures list name it.
 * @module
 */
import type { ResultPattern } from '../values/result-pattern.js';
import type { WasmValue } from '../values/wasm-value.js';

/** Where a module's bytes come from. */
export type ModuleSource =
  /** A text module, normalised to `(module field…)` for the converter. */
  | { readonly kind: 'text'; readonly text: string }
  /** `(module binary "…"…)`: the concatenated strings. */
  | { readonly kind: 'binary'; readonly bytes: Uint8Array }
  /** `(module quote "…"…)`: the concatenated strings, which should be UTF-8 module text. */
  | { readonly kind: 'quote'; readonly bytes: Uint8Array };

/** A module in a script. */
export interface ModuleDef {
  /** The `$name` it is bound to, if any. */
  readonly name: string | undefined;
  readonly source: ModuleSource;
  /** `(module definition …)`: compiled but not instantiated. */
  readonly definitionOnly: boolean;
}

/** An action: call an export, or read an exported global. `module` is a `$name` or the latest instance. */
export type Action =
  | {
      readonly kind: 'invoke';
      readonly module: string | undefined;
      readonly name: string;
      readonly args: readonly WasmValue[];
    }
  | { readonly kind: 'get'; readonly module: string | undefined; readonly name: string };

/** The assertions about a module that must fail. */
export type ModuleAssertionKind = 'assert_invalid' | 'assert_malformed' | 'assert_unlinkable' | 'assert_uninstantiable';

/** One script command. */
export type Command = { readonly line: number } & (
  | { readonly kind: 'module'; readonly module: ModuleDef }
  | { readonly kind: 'module-instance'; readonly instance: string | undefined; readonly module: string | undefined }
  | { readonly kind: 'register'; readonly as: string; readonly module: string | undefined }
  | { readonly kind: 'action'; readonly action: Action }
  | { readonly kind: 'assert_return'; readonly action: Action; readonly expected: readonly ResultPattern[] }
  | { readonly kind: 'assert_trap'; readonly action: Action; readonly message: string }
  | { readonly kind: 'assert_trap_module'; readonly module: ModuleDef; readonly message: string }
  | { readonly kind: 'assert_exhaustion'; readonly action: Action; readonly message: string }
  /** The action ends with an uncaught wasm exception. */
  | { readonly kind: 'assert_exception'; readonly action: Action }
  | { readonly kind: ModuleAssertionKind; readonly module: ModuleDef; readonly message: string }
  /**
   * Threads: `(thread $T (shared (module $M))… command…)` runs its commands (kept as script text) in a new
   * thread that sees the named modules' shared memories; `(wait $T)` waits for it and judges its commands.
   */
  | { readonly kind: 'thread'; readonly name: string; readonly shared: readonly string[]; readonly script: string }
  | { readonly kind: 'wait'; readonly name: string }
  /** A command the runner cannot run (unknown form, unsupported constant); it counts as a failure. */
  | { readonly kind: 'unsupported'; readonly head: string; readonly reason: string }
);

/** The name a command kind has in the script (`assert_trap_module` is written `assert_trap`). */
export function commandName(command: Command): string {
  switch (command.kind) {
    case 'assert_trap_module':
      return 'assert_trap';
    case 'module-instance':
      return 'module';
    case 'action':
      return command.action.kind;
    case 'unsupported':
      return command.head;
    default:
      return command.kind;
  }
}
