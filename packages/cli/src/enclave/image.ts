/**
 * The entry of the trusted runtime image: what the platform's bootstrap evaluates inside an agent's enclave
 * (bundled into `dist/enclave-image.js`, measured into `mrEnclave`). `start(inside)` builds the agent's runtime
 * on the CPU's `inside` object and returns the ECALL table, the only way the host reaches it.
 * @module
 */
import { AgentRuntime } from './agent-runtime.js';
import { Ecall, type StepResult } from './boundary-types.js';
import type { EcallTable, Inside } from './inside.js';
import { retireCopy } from './sealed-record.js';
import { TransferInside } from './transfer-inside.js';

/**
 * Starts the runtime of one enclave.
 * @param inside - the CPU as seen from inside
 * @returns the ECALLs
 */
export function start(inside: Inside): EcallTable {
  const rt = new AgentRuntime(inside);
  const tr = new TransferInside(rt);
  return {
    [Ecall.deploy]: (p): Promise<StepResult> => rt.deploy(p),
    [Ecall.restore]: (p) => rt.restore(p),
    [Ecall.restorePart]: (p) => rt.restorePart(p),
    [Ecall.reviveHeld]: (p) => tr.reviveHeld(p),
    [Ecall.arrive]: (p) => rt.arrive(p),
    [Ecall.serve]: (p) => rt.serve(p),
    [Ecall.continue]: (p) => rt.continue(p),
    [Ecall.persist]: () => rt.persist(),
    [Ecall.persistPart]: (p) => rt.persistPart(p),
    [Ecall.status]: () => rt.status(),
    [Ecall.setPeers]: (p) => rt.setPeers(p),
    [Ecall.send]: (p) => tr.send(p),
    [Ecall.receive]: (p) => tr.receive(p),
    [Ecall.transferFrame]: (p) => tr.frame(p),
    [Ecall.settle]: (p) => tr.settle(p),
    [Ecall.resumedToken]: () => tr.resumedToken(),
    [Ecall.attest]: () => rt.attest(),
    [Ecall.stay]: () => rt.stay(),
    [Ecall.abandon]: (p) => rt.abandon(p),
    [Ecall.retire]: () => retireCopy(rt),
  };
}
