#!/usr/bin/env bash
# publish-gantry.sh [OUTDIR [MSBUILD_ARGS...]] — the Release build of the gantry command into OUTDIR (default out/gantry).
# Native AOT: one self-contained executable, compiled ahead of time with the .NET libraries it uses, next to the two
# native libraries it loads (SQLite, libsodium) and gantry.deps.json, the list of the NuGet packages compiled in (for
# scanners; see Gantry.Cli.csproj). Nothing is left to a JIT or to the runtime's type loader at start-up,
# which is most of what a short command such as a warm-cache scan spent (docs/performance.md, "Native AOT"). The
# analyzers keep src free of what AOT cannot run (IsAotCompatible, Directory.Build.props), so the build fails on a
# trim or AOT warning rather than ship one. The compile takes a few minutes the first time and needs a C toolchain
# (gcc, installed by scripts/install-tools.sh). The code is for x86-64-v3 (AVX2; GantryInstructionSet in
# Directory.Build.props): for an older CPU, pass -p:GantryInstructionSet=x86-64-v2.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/out/gantry}"
shift $(($# > 0 ? 1 : 0))
# Symbols stay out of what is installed or put in an image: the native ones (gantry.dbg, about 100 MB) are left in the
# build folder, and the assemblies' .pdb files, which the executable never reads, are not kept.
dotnet publish "$root/src/Gantry.Cli" -c Release -r linux-x64 -p:PublishAot=true -p:CopyOutputSymbolsToPublishDirectory=false \
  -o "$out" --nologo -v quiet "$@"
rm -f "$out"/*.pdb
