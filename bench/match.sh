#!/usr/bin/env bash
# Times vulnerability matching of an SBOM of every package the corpus names (> 1,000) against the full corpus
# database, including opening the database (target: under 0.5 s), and prints the process's peak memory.
# The database is imported with the Release gantry into a temp folder; bench/match.cs is the timed harness.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${GANTRY_CORPUS:-$root/../shared/corpus}"
dotnet build "$root/src/Gantry.Cli" -c Release -nologo >/dev/null || { echo "build failed" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet "$root/src/Gantry.Cli/bin/Release/net10.0/gantry.dll" db import --db "$work/vulnerability.db" \
    "$corpus/osv-go" "$corpus/osv-pypi" "$corpus/alpine-secdb" >/dev/null 2>&1
dotnet run -c Release "$root/bench/match.cs" -- "$work/vulnerability.db" "$corpus"
