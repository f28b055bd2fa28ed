#!/usr/bin/env bash
# Times vulnerability matching of an SBOM of every package the corpus names (> 1,000) against the full corpus
# database, including opening the database (target: under 0.5 s): the first run in a fresh process (what one
# `gantry scan` pays) and the median of ten more in the same process; then the process's peak memory.
# The database is imported with the Release gantry into a temp folder; bench/match.cs is the timed harness.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${GANTRY_CORPUS:-$root/../shared/corpus}"
dotnet build "$root/src/Gantry.Cli" -c Release -nologo >/dev/null || { echo "build failed" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet "$root/src/Gantry.Cli/bin/Release/net10.0/gantry.dll" db import --db "$work/vulnerability.db" \
    "$corpus/osv-go" "$corpus/osv-pypi" "$corpus/alpine-secdb" >/dev/null 2>&1
# Published ReadyToRun like the gantry that build.sh installs, so the first run's JIT cost is the product's.
dotnet publish "$root/bench/match.cs" -c Release -r linux-x64 -p:PublishAot=false -p:PublishReadyToRun=true -o "$work/match" -nologo >/dev/null \
    || { echo "publishing bench/match.cs failed" >&2; exit 1; }
"$work/match/match" "$work/vulnerability.db" "$corpus"
