#!/usr/bin/env bash
# publish-gantry.sh [OUTDIR [MSBUILD_ARGS...]] — the Release build of the gantry command into OUTDIR (default out/gantry).
# Self-contained and ReadyToRun composite: Gantry and the .NET libraries are precompiled together, as one version
# bubble, so a scan does not spend its first second in the JIT, and neither does the generic code Gantry instantiates
# from those libraries (async state machines, collections, System.Text.Json over Gantry's types), which plain
# ReadyToRun leaves to the JIT at every start (docs/performance.md, "Start-up"). The publish takes a few minutes
# the first time; the result runs without an installed .NET runtime. The code is compiled for x86-64-v3 (AVX2; see
# GantryInstructionSet in Directory.Build.props): for an older CPU, pass -p:GantryInstructionSet=x86-64-v2.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/out/gantry}"
shift $(($# > 0 ? 1 : 0))
dotnet publish "$root/src/Gantry.Cli" -c Release -r linux-x64 --self-contained true -p:PublishReadyToRun=true \
  -p:PublishReadyToRunComposite=true -o "$out" --nologo -v quiet "$@"
