/**
 * An engine worker thread: builds the default detector registry (loading the model itself when ML is
 * enabled) and evaluates what the pool sends. Pure engine work only: logs, metrics, audit and traces
 * stay with the main thread, which gets the verdict back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadInjectionModel } from '../detectors/ml';
import { createDefaultRegistry } from '../detectors/registry';
import { createEngine } from '../engine/evaluate';
import type { Policy } from '../engine/policy';
import { PolicySlots, type DetectorFailure, type FromWorker, type ToWorker, type WorkerSetup } from './protocol';

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const send = (m: FromWorker): void => port.postMessage(m);
  const setup = workerData as WorkerSetup;
  let engine;
  try {
    const mlModel = setup.mlModelDir !== undefined ? await loadInjectionModel(setup.mlModelDir) : undefined;
    engine = createEngine(createDefaultRegistry(mlModel ? { mlModel } : {}));
  } catch (error) {
    send({ kind: 'start-failed', error });
    return;
  }
  const policies = new Map<number, Policy>();
  const slots = new PolicySlots();
  const running = new Map<number, AbortController>();
  port.on('message', (m: ToWorker) => {
    if (m.kind === 'abort') {
      running.get(m.id)?.abort();
      return;
    }
    if (m.policy !== undefined) {
      policies.set(m.policyKey, m.policy);
      const gone = slots.add(m.policyKey);
      if (gone !== undefined) policies.delete(gone);
    }
    const policy = policies.get(m.policyKey);
    if (!policy) {
      send({ kind: 'failed', id: m.id, error: new Error(`engine worker lacks policy key ${m.policyKey}`) });
      return;
    }
    const deadline = new AbortController();
    if (m.aborted) deadline.abort();
    running.set(m.id, deadline);
    const failures: DetectorFailure[] = [];
    engine
      .evaluate(m.subject, policy, deadline.signal, {
        ...(m.dryRun !== undefined ? { dryRun: m.dryRun } : {}),
        ...(m.decisionId !== undefined ? { decisionId: m.decisionId } : {}),
        ...(m.hashKey !== undefined ? { hashKey: m.hashKey } : {}),
        onDetectorError: (detector, error) => failures.push({ detector, error: cloneable(error) }),
      })
      .then(
        (verdict) => {
          try {
            send({ kind: 'verdict', id: m.id, verdict, failures });
          } catch (error) {
            // A verdict that cannot be cloned is a bug; report it rather than leave the caller waiting.
            send({ kind: 'failed', id: m.id, error });
          }
        },
        (error: unknown) => send({ kind: 'failed', id: m.id, error }),
      )
      .finally(() => running.delete(m.id));
  });
  send({ kind: 'ready' });
}

/** An error as something `postMessage` can always copy: its name, message and stack. */
function cloneable(error: unknown): unknown {
  if (!(error instanceof Error)) return String(error);
  const copy = new Error(error.message);
  copy.name = error.name;
  if (error.stack !== undefined) copy.stack = error.stack;
  return copy;
}

void main();
