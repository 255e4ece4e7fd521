/**
 * Messages between the engine pool (main thread) and its workers. Policies travel once per worker:
 * both ends keep the same short list of recently sent policy keys, so a message carries the policy
 * only when the worker does not have it yet (hot reloads bring new keys; old ones age out).
 */
import type { Policy } from '../engine/policy';
import type { Subject, Verdict } from '../engine/types';

/** How many policies a worker keeps; both ends evict the oldest in the same order. */
export const POLICY_SLOTS = 16;

/** What the worker needs to build the same engine as the main thread. */
export interface WorkerSetup {
  /** Model directory when ML is enabled; absent: the ML detector is registered without a model. */
  readonly mlModelDir?: string;
}

/** Main → worker. */
export type ToWorker =
  | {
      readonly kind: 'evaluate';
      readonly id: number;
      readonly subject: Subject;
      readonly policyKey: number;
      /** Present only when the worker does not hold `policyKey` yet. */
      readonly policy?: Policy;
      readonly dryRun?: boolean;
      readonly decisionId?: string;
      readonly hashKey?: string | Buffer;
      /** The deadline had passed before the message was sent. */
      readonly aborted?: true;
    }
  | { readonly kind: 'abort'; readonly id: number };

/** A detector failure inside the worker, reported to the caller's `onDetectorError`. */
export interface DetectorFailure {
  readonly detector: string;
  readonly error: unknown;
}

/** Worker → main. */
export type FromWorker =
  | { readonly kind: 'ready' }
  | { readonly kind: 'start-failed'; readonly error: unknown }
  | { readonly kind: 'verdict'; readonly id: number; readonly verdict: Verdict; readonly failures: readonly DetectorFailure[] }
  | { readonly kind: 'failed'; readonly id: number; readonly error: unknown };

/** Remembers which policy keys the other end holds (the same FIFO on both ends). */
export class PolicySlots {
  readonly #keys: number[] = [];
  has(key: number): boolean {
    return this.#keys.includes(key);
  }
  /** Records `key`; returns the key that fell out, if any. */
  add(key: number): number | undefined {
    this.#keys.push(key);
    return this.#keys.length > POLICY_SLOTS ? this.#keys.shift() : undefined;
  }
}
