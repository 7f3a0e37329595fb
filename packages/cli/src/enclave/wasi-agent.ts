/**
 * WASI for agents, inside the enclave: `wasi_snapshot_preview1` as an `AgentHostModule` of the agent runtime.
 * Each WASI agent gets its own `WasiHost` with an in-memory file system preopened at `/` (no host directory is
 * ever mounted for an agent on a node), no stdin, stdout and stderr lines going to the agent's log, the host's
 * clocks and random source, and the arguments and environment its module declares in an `edgedancer.wasi`
 * custom section (so they are measured and signed with the module), plus `EDGEDANCER_AGENT_ID=<id>`. Its whole
 * state (files, descriptors with their offsets, clocks, random state, arguments, environment) is the snapshot's
 * `wasi` host section, so it is sealed and transferred with the rest of the agent and exists in the clear only
 * here. The guest's monotonic clock continues from its last reading on the source, so it never goes back after a
 * move; its realtime clock is the node's.
 * @module
 */
import type { Module } from '@edgedancer/interpreter';
import type { AgentHostModule, HostSection } from '@edgedancer/migration';
import {
  MemoryFileSystem,
  WASI_HOST_NAME_PREFIX,
  WASI_MODULE,
  WASI_STATE_VERSION,
  WasiExit,
  WasiHost,
  WasiStateError,
} from '@edgedancer/wasi';
import { EcallError } from './payload.js';

/** The host section WASI state travels in. */
export const WASI_SECTION_NAME = 'wasi';
/** Largest file a WASI agent may write (bytes): `fbig` beyond. */
export const AGENT_MAX_FILE_SIZE = 64 << 20;
/** Most bytes a WASI agent's files may hold together: `nospc` beyond. */
export const AGENT_MAX_FILES_SIZE = 128 << 20;
/** Most descriptors a WASI agent may hold open. */
export const AGENT_MAX_OPEN_FILES = 256;
/** The custom section in which a WASI agent's module declares its arguments and environment. */
export const WASI_CONFIG_SECTION = 'edgedancer.wasi';
/** Largest `edgedancer.wasi` section (bytes). */
const MAX_CONFIG = 64 << 10;

/** A WASI agent's arguments and environment (`KEY=VALUE`), as its module declares them. */
export interface WasiAgentConfig {
  readonly args: readonly string[];
  readonly env: readonly string[];
}

/** Longest log line taken from stdout or stderr (bytes); longer output is cut into lines of this size. */
const MAX_LINE = 4096;

/**
 * Whether a module imports anything from `wasi_snapshot_preview1`.
 * @param module - the compiled agent module
 * @returns true for a WASI agent
 */
export function importsWasi(module: Module): boolean {
  return module.compiled.decoded.imports.some((i) => i.module === WASI_MODULE);
}

/**
 * The arguments and environment a module declares: its `edgedancer.wasi` custom section, UTF-8 JSON
 * `{ "args": [string, …], "env": { "KEY": "VALUE", … } }` (both optional; at most 64 KiB, no NUL, no `=` in a
 * key). Without the section: `args` is `["agent"]`, `env` is empty.
 * @param module - the compiled module
 * @param bytes - its bytes (the section's offsets point into them)
 * @returns the configuration
 * @throws EcallError `bad-wasi-config` for a repeated, oversized or malformed section
 */
export function wasiConfigOf(module: Module, bytes: Uint8Array): WasiAgentConfig {
  const sections = module.compiled.decoded.customs.filter((c) => c.name === WASI_CONFIG_SECTION);
  if (sections.length === 0) return { args: ['agent'], env: [] };
  const bad = (why: string): never => {
    throw new EcallError('bad-wasi-config', `the module's ${WASI_CONFIG_SECTION} section ${why}`);
  };
  if (sections.length > 1) bad('is repeated');
  const { start, end } = sections[0]!;
  if (end - start > MAX_CONFIG) bad(`is above ${MAX_CONFIG} bytes`);
  let raw: unknown;
  try {
    raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, end)));
  } catch {
    bad('is not UTF-8 JSON');
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) bad('is not a JSON object');
  const { args = ['agent'], env = {}, ...rest } = raw as { args?: unknown; env?: unknown };
  if (Object.keys(rest).length > 0) bad(`has unknown fields (${Object.keys(rest).join(', ')})`);
  const text = (v: unknown): v is string => typeof v === 'string' && !v.includes('\0');
  if (!Array.isArray(args) || !args.every(text)) bad('has "args" that are not strings without NUL');
  if (typeof env !== 'object' || env === null || Array.isArray(env)) bad('has an "env" that is not an object');
  const entries = Object.entries(env as Record<string, unknown>);
  if (!entries.every(([k, v]) => text(k) && k.length > 0 && !k.includes('=') && text(v)))
    bad('has an "env" entry that is not KEY (no "=") to a string, without NUL');
  return { args: args as string[], env: entries.map(([k, v]) => `${k}=${v as string}`) };
}

/** Turns written bytes into log lines: one per newline, long runs cut; a trailing partial line is its own line. */
function lineSink(prefix: string, log: (line: string) => void): (bytes: Uint8Array) => void {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  return (bytes) => {
    let start = 0;
    while (start < bytes.length) {
      const nl = bytes.indexOf(10, start);
      const end = Math.min(nl < 0 ? bytes.length : nl, start + MAX_LINE);
      log(prefix + decoder.decode(bytes.subarray(start, end)));
      start = end === nl ? end + 1 : end;
    }
  };
}

/**
 * The WASI host module of one agent.
 * @param agentId - the agent's id (in its environment; after a move the environment comes from the state)
 * @param config - its arguments and environment ({@link wasiConfigOf}; on a restore they come from the state)
 * @param log - receives each stdout line, and each stderr line prefixed `stderr: `
 * @returns the module to give `Agent.load` or `Agent.restore`
 */
export function wasiAgentModule(
  agentId: string,
  config: WasiAgentConfig,
  log: (line: string) => void,
): AgentHostModule {
  const limits = { maxFileSize: AGENT_MAX_FILE_SIZE, maxTotalSize: AGENT_MAX_FILES_SIZE };
  const fs = new MemoryFileSystem(limits);
  const host = new WasiHost({
    memoryFileSystem: limits,
    args: config.args,
    env: [...config.env, `EDGEDANCER_AGENT_ID=${agentId}`],
    preopens: { '/': fs },
    stdout: lineSink('', log),
    stderr: lineSink('stderr: ', log),
    maxOpenFiles: AGENT_MAX_OPEN_FILES,
  });
  const resolve = host.resolver();
  return {
    importModule: WASI_MODULE,
    sectionName: WASI_SECTION_NAME,
    resolve(field, type) {
      try {
        return resolve(`${WASI_HOST_NAME_PREFIX}${field}`, type);
      } catch {
        return undefined;
      }
    },
    exportSection(): HostSection {
      return { name: WASI_SECTION_NAME, version: WASI_STATE_VERSION, bytes: host.exportState() };
    },
    importSection(section) {
      if (section.version !== WASI_STATE_VERSION)
        throw new WasiStateError('bad-version', `wasi state version ${section.version}`);
      host.importState(section.bytes);
    },
    endsCall(error) {
      return error instanceof WasiExit ? `the agent called proc_exit(${error.exitCode})` : undefined;
    },
  };
}
