#!/usr/bin/env bash
# Times `gantry db import` of the whole corpus (OSV Go + OSV PyPI + Alpine secdb) into a fresh database and
# prints the import time and the database size. Target: under 10 s on a 2-core machine.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${GANTRY_CORPUS:-$root/../shared/corpus}"
bash "$root/scripts/publish-gantry.sh" "$root/out/gantry" || { echo "build failed" >&2; exit 1; }
gantry="$root/out/gantry/gantry"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
start=$(date +%s.%N)
"$gantry" db import --db "$work/vulnerability.db" "$corpus/osv-go" "$corpus/osv-pypi" "$corpus/alpine-secdb" >/dev/null 2>&1
end=$(date +%s.%N)
printf 'db import (whole corpus): %.2f s\n' "$(echo "$end - $start" | bc)"
printf 'database size: %s bytes\n' "$(stat -c %s "$work/vulnerability.db")"
