/**
 * Messages between the harness and an engine worker process (Node IPC,
 * JSON-serialised). Every request carries an id that its reply repeats.
 * @module
 */

/** Which JS-API-shaped engine a worker drives. */
export type AdapterName = 'v8' | 'polywasm' | 'edgedancer' | 'edgedancer-js';

/** A request from the harness. */
export type WorkerRequest =
  | { readonly id: number; readonly op: 'init'; readonly adapter: AdapterName }
  | { readonly id: number; readonly op: 'prepare'; readonly program: string; readonly path: string }
  | {
      readonly id: number;
      readonly op: 'run';
      readonly program: string;
      readonly n: number;
      readonly result: 'i32' | 'i64';
    }
  | { readonly id: number; readonly op: 'load'; readonly path: string; readonly warmup: number; readonly reps: number }
  /** Times one step on a module for the first time: only meaningful as the first request after `init`. */
  | { readonly id: number; readonly op: 'load-cold'; readonly path: string; readonly step: LoadStep };

/** A step of module loading that can be timed cold. */
export type LoadStep = 'validate' | 'compile';

/** A reply from the worker: the request id and either a value or an error message. */
export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly id: number; readonly ok: false; readonly error: string };
