/**
 * Which agents a node knows, by id: those running here, those that moved away (id → the node they went to),
 * those arriving (id → resolves once they arrived or the transfer failed), those held in doubt (id → session),
 * and the modules seen (by hash) so a move need not send a module twice.
 * @module
 */
import { hashModule } from '@edgedancer/migration';
import type { HostedAgent } from './hosted-agent.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** The agents of one node. */
export class AgentRegistry {
  /** Agents running here. */
  readonly agents = new Map<string, HostedAgent>();
  /** Agents that left: id → the node URL they went to. */
  readonly gone = new Map<string, string>();
  /** Agents being received: id → resolves when they arrived or the transfer failed. */
  readonly incoming = new Map<string, Promise<void>>();
  /** Agents held here in doubt (restored, not running, waiting for their source's decision): id → session id. */
  readonly inDoubt = new Map<string, string>();
  readonly #modules = new Map<string, Uint8Array>();

  /**
   * Keeps a module by its hash.
   * @param module - wasm bytes
   */
  keepModule(module: Uint8Array): void {
    this.#modules.set(hex(hashModule(module)), module);
  }

  /**
   * A module seen here.
   * @param hash - its SHA-256
   * @returns the bytes, or `undefined`
   */
  module(hash: Uint8Array): Uint8Array | undefined {
    return this.#modules.get(hex(hash));
  }
}
