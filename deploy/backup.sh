#!/usr/bin/env bash
# Backs up Aegis's Postgres data: a pg_dump of the Aegis schema (custom format: policies, versions,
# change history, audit log, API key hashes) and a policy export (JSON, `aegis policy import` reads
# it back), then deletes backups older than the retention period. Run it daily (cron, k8s CronJob).
#
#   POSTGRES_URL            required, as for Core
#   POSTGRES_SCHEMA         the Aegis schema (default aegis)
#   BACKUP_DIR              where backups go (default /var/backups/aegis)
#   BACKUP_RETENTION_DAYS   how long to keep them (default 7)
#
# Restore: see "Backup and restore" in README.md.
set -euo pipefail

: "${POSTGRES_URL:?POSTGRES_URL must be set}"
schema="${POSTGRES_SCHEMA:-aegis}"
dir="${BACKUP_DIR:-/var/backups/aegis}"
days="${BACKUP_RETENTION_DAYS:-7}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

case "$days" in ''|*[!0-9]*) echo "backup.sh: BACKUP_RETENTION_DAYS must be a whole number" >&2; exit 2 ;; esac
mkdir -p "$dir"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
dump="$dir/aegis-$stamp.dump"
policies="$dir/aegis-policies-$stamp.json"

# Write to temporary names first: a failed run never leaves a file that looks like a good backup.
pg_dump --dbname="$POSTGRES_URL" --schema="$schema" --format=custom --no-owner --file="$dump.partial"
mv "$dump.partial" "$dump"
POSTGRES_SCHEMA="$schema" node "$root/bin/aegis.js" policy export --out "$policies.partial"
mv "$policies.partial" "$policies"

# Retention: whole backups older than the period go; partial files from failed runs too.
find "$dir" -maxdepth 1 -type f \( -name 'aegis-*.dump' -o -name 'aegis-policies-*.json' -o -name '*.partial' \) \
  -mmin +$((days * 24 * 60)) -print -delete | sed 's/^/backup.sh: removed /'
echo "backup.sh: wrote $dump and $policies"
