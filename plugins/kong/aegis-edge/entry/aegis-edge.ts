/**
 * The file kong-js-pluginserver loads. Its compiled folder (dist/plugins/kong/aegis-edge/entry) is the
 * `--plugins-directory`: kong-pdk require()s every .js/.ts file there as a plugin (and registers
 * ts-node, which silently drops a .ts plugin with a type error), and Kong ≥ 3.9 takes only the first
 * plugin a query reports — so this folder holds exactly this compiled file (and its source map), named
 * after the plugin. The code lives in ../src, compiled next to Core's engine under dist/, and
 * node_modules is found from there like for Core.
 *
 * A bad environment variable stops the process here with its name (exit 78): Kong then reports the
 * plugin server's failure instead of running the plugin on a guessed setting.
 */
import { ConfigError, loadEdgeConfig, type EdgeConfig } from '../../../../scorer/src/config';
import { createPluginModule } from '../src/plugin';

function environment(): EdgeConfig {
  try {
    return loadEdgeConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`aegis-edge: invalid configuration: ${err.message}\n`);
    process.exit(78);
  }
}

const plugin = createPluginModule(environment());

export const Plugin = plugin.Plugin;
export const Schema = plugin.Schema;
export const Version = plugin.Version;
export const Priority = plugin.Priority;
