#!/usr/bin/env bash
# publish-gantry.sh [OUTDIR] — the Release build of the gantry command into OUTDIR (default out/gantry).
# ReadyToRun: the assemblies are precompiled, so a scan does not spend its first second in the JIT.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/out/gantry}"
dotnet publish "$root/src/Gantry.Cli" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o "$out" --nologo -v quiet
