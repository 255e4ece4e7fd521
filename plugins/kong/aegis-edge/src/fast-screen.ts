/**
 * The fast screen: Core's own body parsers, normaliser and cheap detectors (pattern rules and
 * obfuscation signals, `createFastScreenRegistry`) under the embedded default policy, run inside the
 * plugin process. A request the policy would block with a risk at or above the route's threshold is
 * refused at the edge without a call to Core; everything else goes on to Core, which runs the full
 * pipeline (model, PII, agent and RAG checks) under the tenant's real policy.
 */
import { createFastScreenRegistry, createDefaultRegistry } from '../../../../scorer/src/detectors/registry';
import { createEngine, type Engine } from '../../../../scorer/src/engine/evaluate';
import type { Policy } from '../../../../scorer/src/engine/policy';
import type { Verdict } from '../../../../scorer/src/engine/types';
import { parseRequestBody } from '../../../../scorer/src/formats';
import { loadEmbeddedDefaults } from '../../../../policy/store/policy-set';

/** The fast screen's answer. */
export interface ScreenResult {
  /** Refuse the request here. */
  readonly block: boolean;
  readonly verdict: Verdict;
}

/** Engine and policy of the fast screen (built once per process). */
export class FastScreen {
  readonly #engine: Engine;
  readonly #policy: Policy;

  constructor() {
    this.#engine = createEngine(createFastScreenRegistry());
    // Validated against every detector Core has, so the shared default policy file is accepted whole;
    // only the screen's detectors run.
    this.#policy = loadEmbeddedDefaults(createDefaultRegistry()).default;
  }

  /**
   * Screens one request body. Throws the catalog's AegisError for a body that cannot be read (invalid
   * JSON or UTF-8): the caller answers it like Core would.
   */
  async screen(body: string | Uint8Array, contentType: string | undefined, requestId: string, threshold: number): Promise<ScreenResult> {
    const parsed = parseRequestBody(body, contentType !== undefined ? { contentType } : {});
    const verdict = await this.#engine.evaluate({ direction: 'request', segments: parsed.segments, toolCalls: parsed.toolCalls, tools: parsed.tools, meta: { requestId } }, this.#policy);
    return { block: verdict.action === 'block' && verdict.risk >= threshold, verdict };
  }
}
