#!/usr/bin/env bash
# build.sh — install what Gantry needs, build it, build the example image and list its packages.
#
#   ./build.sh            install tools (apt), build ./out/gantry, build the example image, run `gantry sbom` on it
#   ./build.sh --no-example   only install and build
#
# Needs: Debian 12 with the .NET 10 SDK; root (or sudo) for apt-get. The example image is a real
# Debian 12 image made with debootstrap + umoci + skopeo (about a minute the first time, then cached).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/install-tools.sh

echo "== building gantry"
rm -rf out/gantry
bash scripts/publish-gantry.sh out/gantry
echo "gantry is at $(pwd)/out/gantry/gantry"

if [ "${1:-}" != "--no-example" ]; then
  echo "== building the example image (examples/build-example-image.sh)"
  bash examples/build-example-image.sh out/example
  echo "== gantry sbom docker-archive:out/example/example.docker.tar -o table"
  out/gantry/gantry sbom docker-archive:out/example/example.docker.tar -o table
fi
