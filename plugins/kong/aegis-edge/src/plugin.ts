/**
 * The `aegis-edge` plugin as kong-pdk loads it: a `Plugin` class (one instance per route config, with a
 * method per phase), its `Schema`, `Version` and `Priority`.
 */
import type { EdgeConfig } from '../../../../scorer/src/config';
import { VERSION } from '../../../../scorer/src/version';
import { accessPhase, type PhaseDeps } from './access';
import type { KongPdk } from './pdk';
import { responsePhase } from './response';
import { EdgeRuntime } from './runtime';
import { fieldSpecs, kongSchema, resolvePluginConfig, type KongField } from './schema';

/**
 * Kong runs plugins in descending priority. 940 puts aegis-edge after every authentication plugin
 * (key-auth 1250, jwt 1450, oauth2 1400, basic-auth 1100, hmac-auth 1030, …) so the consumer is known
 * and keys the rate limit, and after the authorisation ones (ip-restriction 990, acl 950) so refused
 * clients cost no Core call; and before Kong's own rate-limiting (910), request transformers (801) and
 * the AI proxy plugins (ai-proxy 770), so the screen sees the body as the client sent it, before
 * anything rewrites it for the provider.
 */
export const PRIORITY = 940;

/** What kong-pdk needs from the plugin's module. */
export interface PluginModule {
  readonly Plugin: new (config: unknown) => object;
  readonly Schema: KongField[];
  readonly Version: string;
  readonly Priority: number;
}

/**
 * Builds the module for a process environment. `runtime` is created on the first instance, so
 * `--dump-all-plugins` (which only reads Schema, Version, Priority and the phases) opens nothing.
 */
export function createPluginModule(env: EdgeConfig, makeRuntime: () => EdgeRuntime = () => new EdgeRuntime(env)): PluginModule {
  const specs = fieldSpecs(env);
  let runtime: EdgeRuntime | undefined;

  /** Access phase only: Kong streams answers of routes where this runs. */
  class AegisEdge {
    protected readonly deps: PhaseDeps;

    constructor(config: unknown) {
      const cfg = resolvePluginConfig(config, specs);
      runtime ??= makeRuntime();
      runtime.startMetrics();
      this.deps = { cfg, rt: runtime, link: runtime.core(cfg), limiter: runtime.limiter(cfg) };
    }

    async access(kong: KongPdk): Promise<void> {
      await accessPhase(kong, this.deps);
    }
  }

  /** With the output guard: the `response` phase makes Kong buffer every answer of the route. */
  class AegisEdgeWithOutputGuard extends AegisEdge {
    async response(kong: KongPdk): Promise<void> {
      await responsePhase(kong, this.deps);
    }
  }

  return { Plugin: env.outputGuardEnabled ? AegisEdgeWithOutputGuard : AegisEdge, Schema: kongSchema(specs), Version: VERSION, Priority: PRIORITY };
}
