/**
 * The user channel's client library: {@link AgentClient} talks to an agent end to end through any node.
 * This file only re-exports.
 * @module
 */
export { AgentClient, type AgentClientOptions, type AgentReply, type ClientPolicy } from './agent-client.js';
export { CLIENT_POLICY_OPTIONS, clientPolicyFromArgs } from './policy-options.js';
