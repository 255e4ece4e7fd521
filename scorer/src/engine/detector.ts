/**
 * The detector contract and the registry. A detector is added by one `register` call in
 * `detectors/registry.ts`; the engine never branches on detector ids.
 */
import type { NormalizedSubject } from '../normalize';
import type { Direction, Finding } from './types';

/** `cheap` detectors always run; `model` detectors run only while the verdict is still undecided. */
export type DetectorCost = 'cheap' | 'model';

/** A detector: reads a normalised subject, returns findings. Must be deterministic and honour `signal`. */
export interface Detector<Config = unknown> {
  readonly id: string;
  readonly directions: readonly Direction[];
  readonly cost: DetectorCost;
  /** Whether the detector runs when a policy does not mention it. */
  readonly enabledByDefault: boolean;
  /** Config used when the policy gives none; merged shallowly with the policy's `config`. */
  readonly defaultConfig: Config;
  /** JSON Schema for the policy's `detectors.<id>.config`; policies are checked against it on load. */
  readonly configSchema?: object;
  detect(subject: NormalizedSubject, config: Config, signal: AbortSignal): Finding[] | Promise<Finding[]>;
  /**
   * Optional request mutation: text to insert into the system prompt of a request that is let through
   * (the leak detector's canary). Returns undefined when the config asks for none.
   */
  systemInsertion?(config: Config): string | undefined;
}

/** Detectors by id, in registration order. */
export class DetectorRegistry {
  readonly #detectors = new Map<string, Detector>();

  /** Adds a detector; a second detector with the same id is a programming error. */
  register<C>(detector: Detector<C>): this {
    if (!/^[a-z][a-z0-9_.-]*$/.test(detector.id)) throw new Error(`invalid detector id "${detector.id}"`);
    if (this.#detectors.has(detector.id)) throw new Error(`detector "${detector.id}" is already registered`);
    this.#detectors.set(detector.id, detector as Detector);
    return this;
  }

  get(id: string): Detector | undefined {
    return this.#detectors.get(id);
  }

  /** All detectors, cheap ones first, registration order within a cost class. */
  list(): readonly Detector[] {
    const all = [...this.#detectors.values()];
    return [...all.filter((d) => d.cost === 'cheap'), ...all.filter((d) => d.cost === 'model')];
  }

  ids(): string[] {
    return [...this.#detectors.keys()];
  }
}
