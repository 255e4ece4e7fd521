#!/bin/sh
# Starts Kong's JavaScript plugin server (kong-pdk's kong-js-pluginserver) on the compiled aegis-edge
# plugin directory, passing every argument through. Kong uses it twice (see kong.conf):
#   query_cmd:  pluginserver.sh --dump-all-plugins      → stdout is exactly the JSON Kong parses
#   start_cmd:  pluginserver.sh -p PREFIX --sock-name aegis_edge.sock   → serves on PREFIX/aegis_edge.sock
#
# Kong starts the server from an nginx worker, whose environment nginx has emptied (only variables
# named by `env` directives survive). When PREFIX/aegis-edge.env exists (written by the container's
# entrypoint, or by hand: sh syntax, `export NAME=value` lines), it is read first, so CORE_ENDPOINT,
# REDIS_URL, EDGE_METRICS_PORT, … reach the plugin. The query runs in Kong's master, which still has
# the environment.
set -eu

here=$(CDPATH= cd -- "$(dirname -- "$(readlink -f -- "$0")")" && pwd)
root=$(CDPATH= cd -- "$here/../.." && pwd)
# The plugin directory must be absolute: kong-pdk resolves each plugin file from it.
plugin_dir="$root/dist/plugins/kong/aegis-edge/entry"

# An emptied environment has no PATH either.
PATH=${PATH:-/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin}
export PATH

prefix=''
prev=''
for arg in "$@"; do
  case "$prev" in -p|--kong-prefix|-kong-prefix) prefix=$arg ;; esac
  case "$arg" in --kong-prefix=*) prefix=${arg#--kong-prefix=} ;; esac
  prev=$arg
done
if [ -n "$prefix" ] && [ -r "$prefix/aegis-edge.env" ]; then
  set -a
  . "$prefix/aegis-edge.env"
  set +a
fi

if [ ! -f "$plugin_dir/aegis-edge.js" ]; then
  echo "aegis-edge: $plugin_dir/aegis-edge.js is missing; run npm run build" >&2
  exit 1
fi

# kong-pdk registers ts-node for .ts plugins; ours is compiled JavaScript, so ts-node must not pick up
# (and type-check against) whatever tsconfig.json the working directory has.
TS_NODE_SKIP_PROJECT=true
export TS_NODE_SKIP_PROJECT

exec node "$root/node_modules/kong-pdk/bin/kong-js-pluginserver" --plugins-directory "$plugin_dir" "$@"
