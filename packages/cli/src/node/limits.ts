/**
 * A node's limits: what one agent may take (fuel and wall time per request, memory pages, request size, queue),
 * how many agents a node hosts, and what its listeners admit (bodies, header and body time, connections in all
 * and per source, the budget of a transfer session before it is attested). Defaults here; `edgedancer node`
 * options override some.
 * @module
 */
import { NodeError } from './http-io.js';

/** Limits of a node. */
export interface NodeLimits {
  /** Agents hosted (running, arriving and held) at once. */
  readonly maxAgents: number;
  /** Largest module accepted (deploy or transfer). */
  readonly maxModuleBytes: number;
  /** Memory pages (64 KiB) an agent may declare or grow to. */
  readonly maxMemoryPages: number;
  /** Instructions one request may run (node default and ceiling; a deploy may ask for less). */
  readonly requestFuel: number;
  /** Wall time one request may take while running, in ms (node default and ceiling). */
  readonly requestMs: number;
  /** Instructions `init` may run. */
  readonly initFuel: number;
  /** Largest request body to an agent (node default and ceiling). */
  readonly maxRequestBytes: number;
  /** Requests waiting for one agent before more are refused (503). */
  readonly maxQueuedRequests: number;
  /** Largest JSON body on the control listener other than a deploy. */
  readonly maxControlBodyBytes: number;
  /** Time to receive a request's headers, and the whole request, in ms. */
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  /** Idle time of a connection before it is closed, in ms. */
  readonly idleTimeoutMs: number;
  /** Connections open at once on the public listener, in all and from one address. */
  readonly maxConnections: number;
  readonly maxConnectionsPerSource: number;
  /** Transfer sessions not yet attested: at once, from one address, bytes and time each. */
  readonly maxPendingTransfers: number;
  readonly maxPendingTransfersPerSource: number;
  readonly transferPreAuthBytes: number;
  readonly transferPreAuthMs: number;
}

/** The defaults. */
export const DEFAULT_LIMITS: NodeLimits = {
  maxAgents: 100,
  maxModuleBytes: 8 * 1024 * 1024,
  maxMemoryPages: 4096,
  requestFuel: 2_000_000_000,
  requestMs: 30_000,
  initFuel: 200_000_000,
  maxRequestBytes: 1024 * 1024,
  maxQueuedRequests: 256,
  maxControlBodyBytes: 64 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 30_000,
  maxConnections: 1024,
  maxConnectionsPerSource: 128,
  maxPendingTransfers: 16,
  maxPendingTransfersPerSource: 4,
  transferPreAuthBytes: 8 * 1024 * 1024 + 64 * 1024,
  transferPreAuthMs: 10_000,
};

/**
 * The limits with some replaced.
 * @param over - the values to replace
 * @returns the limits
 */
export function nodeLimits(over: Partial<NodeLimits> = {}): NodeLimits {
  const l = { ...DEFAULT_LIMITS, ...over };
  return { ...l, transferPreAuthBytes: over.transferPreAuthBytes ?? l.maxModuleBytes + 64 * 1024 };
}

/** The limits one agent runs with (chosen at deploy, within the node's). */
export interface AgentLimits {
  readonly requestFuel: number;
  readonly requestMs: number;
  readonly maxRequestBytes: number;
  readonly maxMemoryPages: number;
  readonly maxQueuedRequests: number;
}

/**
 * An agent's limits: the node's, lowered where a deploy asked for less.
 * @param node - the node's limits
 * @param asked - what the deploy asked (each at most the node's)
 * @returns the agent's limits
 */
export function agentLimits(node: NodeLimits, asked: Partial<AgentLimits> = {}): AgentLimits {
  const lower = (a: number | undefined, n: number): number =>
    a !== undefined && Number.isSafeInteger(a) && a > 0 ? Math.min(a, n) : n;
  return {
    requestFuel: lower(asked.requestFuel, node.requestFuel),
    requestMs: lower(asked.requestMs, node.requestMs),
    maxRequestBytes: lower(asked.maxRequestBytes, node.maxRequestBytes),
    maxMemoryPages: lower(asked.maxMemoryPages, node.maxMemoryPages),
    maxQueuedRequests: lower(asked.maxQueuedRequests, node.maxQueuedRequests),
  };
}

/** The limits a deploy may ask lower than the node's: they are the agent's own and travel with it. */
export interface AskedLimits {
  readonly requestFuel?: number;
  readonly requestMs?: number;
  readonly maxMemoryPages?: number;
  readonly maxRequestBytes?: number;
}

const ASKABLE = ['requestFuel', 'requestMs', 'maxMemoryPages', 'maxRequestBytes'] as const;

/**
 * Reads the limits an agent asks for: a JSON object with any of `requestFuel`, `requestMs`, `maxMemoryPages`,
 * `maxRequestBytes`, each a positive integer. A deploy may only ask lower than (or equal to) the node's limits;
 * an arriving agent's limits are taken as they come, the node applying the lower of its own and the agent's.
 * @param raw - the value (`undefined`: none asked)
 * @param node - this node's limits
 * @param deploy - a deploy (refused above the node's limits) rather than an arrival
 * @returns the asked limits (only the keys given)
 * @throws NodeError 400 `bad-limits` (not such an object), 422 `limit-above-node` (a deploy asking more)
 */
export function parseAskedLimits(raw: unknown, node: NodeLimits, deploy: boolean): AskedLimits {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw new NodeError(400, 'bad-limits', '"limits" must be an object');
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (!(ASKABLE as readonly string[]).includes(k))
      throw new NodeError(400, 'bad-limits', `unknown limit ${JSON.stringify(k.slice(0, 40))}: ${ASKABLE.join(', ')}`);
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0)
      throw new NodeError(400, 'bad-limits', `${k} must be a positive integer`);
    const own = node[k as (typeof ASKABLE)[number]];
    if (deploy && v > own)
      throw new NodeError(
        422,
        'limit-above-node',
        `${k} ${v} is above this node's ${own}: a deploy may only ask lower limits`,
      );
    out[k] = v;
  }
  return out;
}
