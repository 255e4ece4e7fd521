#!/bin/sh
# Entrypoint of the Kong edge image (deploy/Dockerfile.kong): runs "$@" (the stock Kong entrypoint and
# command) after handing the Aegis edge variables to the plugin server. Kong starts plugin servers from
# nginx workers, whose environment nginx clears, so plugins/kong/pluginserver.sh reads them from
# PREFIX/aegis-edge.env instead (sh syntax, one single-quoted assignment per line, readable by the
# kong user only: REDIS_URL may carry a password).
set -eu
prefix=${KONG_PREFIX:-/usr/local/kong}
mkdir -p "$prefix"
env_file="$prefix/aegis-edge.env"
(umask 077 && : > "$env_file")
for name in CORE_ENDPOINT RATE_LIMIT_WINDOW_MS RATE_LIMIT_MAX_REQUESTS RATE_LIMIT_BLOCK_DURATION_MS \
  REDIS_URL REDIS_KEY_PREFIX FAIL_OPEN_ENABLED FAIL_OPEN_TARGET_URL CORE_HEALTH_CHECK_INTERVAL_MS \
  CORE_HEALTH_CHECK_TIMEOUT_MS CORE_FAILURE_THRESHOLD CORE_RECOVERY_THRESHOLD OUTPUT_GUARD_ENABLED \
  EDGE_METRICS_PORT HOST LOG_LEVEL; do
  eval "present=\${$name+yes}"
  [ -n "$present" ] || continue
  eval "value=\$$name"
  # Single-quoted for sh; a quote inside becomes '\''.
  quoted=$(printf '%s' "$value" | sed "s/'/'\\\\''/g")
  printf "%s='%s'\n" "$name" "$quoted" >> "$env_file"
done
exec "$@"
