#!/usr/bin/env bash
# Times the service's re-check of 200 stored analyses (synthetic Debian SBOMs of 300 packages each, every tag with an
# active vuln_update) after the vulnerability database changes (target: under 10 s). bench/recheck.cs is the harness:
# it seeds the state store and the analyses folder as the analysis worker leaves them, takes the baselines, replaces
# the database with one more advisory and times the feed sync that switches to it and re-checks every tag.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet publish "$root/bench/recheck.cs" -c Release -r linux-x64 -p:PublishAot=false -p:PublishReadyToRun=true -o "$work/recheck" -nologo >/dev/null \
    || { echo "publishing bench/recheck.cs failed" >&2; exit 1; }
"$work/recheck/recheck" "$work" 2>/dev/null | grep -v '^{'
