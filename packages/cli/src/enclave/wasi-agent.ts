/**
 * WASI for agents, inside the enclave: `wasi_snapshot_preview1` as an `AgentHostModule` of the agent runtime.
 * Each WASI agent gets its own `WasiHost` with an in-memory file system preopened at `/` (no host directory is
 * ever mounted for an agent on a node), no stdin, stdout and stderr lines going to the agent's log, the host's
 * clocks and random source, and `argv = ["agent"]`, `EDGEDANCER_AGENT_ID=<id>` in its environment. Its whole
 * state (files, descriptors with their offsets, clocks, random state, arguments, environment) is the snapshot's
 * `wasi` host section, so it is sealed and transferred with the rest of the agent and exists in the clear only
 * here. The guest's monotonic clock continues from its last reading on the source, so it never goes back after a
 * move; its realtime clock is the node's.
 * @module
 */
import type { Module } from '@edgedancer/interpreter';
import type { AgentHostModule, HostSection } from '@edgedancer/migration';
import { MemoryFileSystem, WASI_HOST_NAME_PREFIX, WASI_MODULE, WASI_STATE_VERSION, WasiExit, WasiHost, WasiStateError } from '@edgedancer/wasi';

/** The host section WASI state travels in. */
export const WASI_SECTION_NAME = 'wasi';
/** Largest file a WASI agent may write (bytes). */
export const AGENT_MAX_FILE_SIZE = 64 << 20;
/** Most descriptors a WASI agent may hold open. */
export const AGENT_MAX_OPEN_FILES = 256;
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
 * @param log - receives each stdout line, and each stderr line prefixed `stderr: `
 * @returns the module to give `Agent.load` or `Agent.restore`
 */
export function wasiAgentModule(agentId: string, log: (line: string) => void): AgentHostModule {
  const fs = new MemoryFileSystem({ maxFileSize: AGENT_MAX_FILE_SIZE });
  const host = new WasiHost({
    args: ['agent'], env: { EDGEDANCER_AGENT_ID: agentId }, preopens: { '/': fs },
    stdout: lineSink('', log), stderr: lineSink('stderr: ', log), maxOpenFiles: AGENT_MAX_OPEN_FILES,
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
      if (section.version !== WASI_STATE_VERSION) throw new WasiStateError('bad-version', `wasi state version ${section.version}`);
      host.importState(section.bytes);
    },
    endsCall(error) {
      return error instanceof WasiExit ? `the agent called proc_exit(${error.exitCode})` : undefined;
    },
  };
}
