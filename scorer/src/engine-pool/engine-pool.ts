/**
 * An `Engine` that evaluates on worker threads, so detectors (the model above all) do not hold the
 * event loop that serves gRPC and HTTP: on a multi-core host the transports and the engine run in
 * parallel. Semantics are the in-process engine's: the same registry and policy objects, the same
 * options; the deadline reaches the worker as an abort message. Two cases stay in-process because
 * they cannot cross a thread: a custom `mask` function, and a decision span being recorded (the stage
 * spans must join the caller's trace).
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { trace } from '@opentelemetry/api';
import type { DetectorRegistry } from '../engine/detector';
import { createEngine, type Engine, type EvaluateOptions } from '../engine/evaluate';
import type { Policy } from '../engine/policy';
import type { Subject, Verdict } from '../engine/types';
import { PolicySlots, type FromWorker, type ToWorker, type WorkerSetup } from './protocol';

/** How to start the pool. */
export interface PoolOptions extends WorkerSetup {
  /** Worker threads (≥ 1). */
  readonly size: number;
  /** The main thread's registry: in-process fallback, and what `engine.registry` reports. */
  readonly registry: DetectorRegistry;
  /** Told when a worker dies; the pool starts a new one. */
  readonly onWorkerExit?: (err: unknown) => void;
}

/** An engine backed by worker threads; `close` stops them. */
export interface PooledEngine extends Engine {
  readonly size: number;
  close(): Promise<void>;
}

interface Pending {
  readonly resolve: (v: Verdict) => void;
  readonly reject: (err: unknown) => void;
  readonly options: EvaluateOptions;
}

/** One worker and the evaluations it owes; `worker` is replaced when it dies. */
class Slot {
  worker: Worker | undefined;
  /** False while (re)starting: evaluations go to other slots, or in-process. */
  ready = false;
  readonly pending = new Map<number, Pending>();
  /** The policies the current worker holds. */
  policies = new PolicySlots();
}

const WORKER_FILE = join(__dirname, 'engine-worker.js');
const NEVER = new AbortController().signal;

/** Starts `size` workers and resolves once every one has built its engine (a bad model rejects). */
export async function createPooledEngine(options: PoolOptions): Promise<PooledEngine> {
  const local = createEngine(options.registry);
  const setup: WorkerSetup = options.mlModelDir !== undefined ? { mlModelDir: options.mlModelDir } : {};
  const policyKeys = new WeakMap<Policy, number>();
  let nextPolicyKey = 1;
  let nextId = 1;
  let closed = false;

  /** Starts a worker into `slot`; events of a worker the slot has since replaced are ignored. */
  const start = (slot: Slot): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(WORKER_FILE, { workerData: setup });
      slot.worker = worker;
      slot.policies = new PolicySlots();
      slot.ready = false;
      worker.on('message', (m: FromWorker) => {
        if (m.kind === 'ready') {
          slot.ready = true;
          resolve();
        } else if (m.kind === 'start-failed') reject(m.error);
        else settle(slot, m);
      });
      const down = (err: unknown): void => {
        if (slot.worker !== worker) return;
        if (!slot.ready) reject(err);
        lost(slot, err);
      };
      worker.on('error', down);
      worker.on('exit', (code) => down(new Error(`engine worker exited with code ${code}`)));
    });

  const settle = (slot: Slot, m: Extract<FromWorker, { id: number }>): void => {
    const p = slot.pending.get(m.id);
    if (!p) return;
    slot.pending.delete(m.id);
    if (m.kind === 'failed') {
      p.reject(m.error);
      return;
    }
    for (const f of m.failures) p.options.onDetectorError?.(f.detector, f.error);
    p.resolve(m.verdict);
  };

  // A dead worker fails its evaluations (a fault, as an engine bug would be) and is replaced; until
  // the new one is ready, its share runs on the other workers or in-process. One that dies while
  // starting is not retried (it would only fail again): its slot stays in-process.
  const lost = (slot: Slot, err: unknown): void => {
    const wasReady = slot.ready;
    slot.ready = false;
    for (const p of slot.pending.values()) p.reject(err);
    slot.pending.clear();
    const dead = slot.worker;
    slot.worker = undefined;
    void dead?.terminate();
    if (closed) return;
    options.onWorkerExit?.(err);
    if (wasReady) start(slot).catch((e: unknown) => options.onWorkerExit?.(e));
  };

  const slots = Array.from({ length: Math.max(1, options.size) }, () => new Slot());
  try {
    await Promise.all(slots.map(start));
  } catch (err) {
    closed = true;
    await Promise.all(slots.map((s) => s.worker?.terminate()));
    throw err;
  }

  const evaluateRemote = (slot: Slot, worker: Worker, subject: Subject, policy: Policy, signal: AbortSignal, opts: EvaluateOptions): Promise<Verdict> => {
    let key = policyKeys.get(policy);
    if (key === undefined) {
      key = nextPolicyKey++;
      policyKeys.set(policy, key);
    }
    const sendPolicy = !slot.policies.has(key);
    const id = nextId++;
    const msg: ToWorker = {
      kind: 'evaluate',
      id,
      subject,
      policyKey: key,
      ...(sendPolicy ? { policy } : {}),
      ...(opts.dryRun !== undefined ? { dryRun: opts.dryRun } : {}),
      ...(opts.decisionId !== undefined ? { decisionId: opts.decisionId } : {}),
      ...(opts.hashKey !== undefined ? { hashKey: opts.hashKey } : {}),
      ...(signal.aborted ? { aborted: true as const } : {}),
    };
    return new Promise<Verdict>((resolve, reject) => {
      const onAbort = (): void => worker.postMessage({ kind: 'abort', id } satisfies ToWorker);
      const done = (): void => signal.removeEventListener('abort', onAbort);
      slot.pending.set(id, {
        resolve: (v) => {
          done();
          resolve(v);
        },
        reject: (e) => {
          done();
          reject(e);
        },
        options: opts,
      });
      try {
        worker.postMessage(msg);
      } catch (err) {
        slot.pending.delete(id);
        throw err;
      }
      // Only a message that was sent gives the worker the policy (a subject it cannot clone throws above).
      if (sendPolicy) slot.policies.add(key);
      // Later, the worker sees the abort between its event-loop turns, as the in-process engine sees
      // its timer: both observe a deadline between detectors that yield (the model does).
      if (!signal.aborted) signal.addEventListener('abort', onAbort, { once: true });
    });
  };

  return {
    registry: options.registry,
    size: slots.length,
    evaluate(subject, policy, signal = NEVER, opts = {}) {
      // The least busy ready worker.
      let slot: Slot | undefined;
      for (const s of slots) if (s.ready && (slot === undefined || s.pending.size < slot.pending.size)) slot = s;
      if (closed || slot?.worker === undefined || opts.mask !== undefined || trace.getActiveSpan()?.isRecording() === true) return local.evaluate(subject, policy, signal, opts);
      return evaluateRemote(slot, slot.worker, subject, policy, signal, opts);
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((s) => s.worker?.terminate()));
    },
  };
}
