#!/usr/bin/env bash
# build-example-image.sh OUTDIR — a real two-layer Debian 12 image to try Gantry on, made without a
# Docker engine: debootstrap (minbase) as the base layer, then an application layer with an npm
# project, exported with skopeo as a docker-archive (OUTDIR/example.docker.tar) and an OCI archive.
# The root file system is cached in OUTDIR, so a second run takes seconds.
set -euo pipefail
OUT=${1:-out/example}
MIRROR=${MIRROR:-$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || echo http://deb.debian.org/debian)}
mkdir -p "$OUT"; cd "$OUT"
if [ ! -x rootfs/bin/bash ]; then
  rm -rf rootfs
  debootstrap --variant=minbase bookworm rootfs "$MIRROR" >/dev/null
  rm -rf rootfs/var/cache/apt/archives/*.deb rootfs/var/lib/apt/lists/*
  find rootfs/dev -mindepth 1 -delete
fi
rm -rf oci bundle app
umoci init --layout oci
umoci new --image oci:example:1
umoci unpack --image oci:example:1 bundle >/dev/null
rsync -aHAX rootfs/ bundle/rootfs/
umoci repack --image oci:example:1 --history.created_by "debootstrap --variant=minbase bookworm" bundle
umoci config --image oci:example:1 --architecture amd64 --os linux --config.user 1000 \
  --config.exposedports 8080/tcp --config.cmd node --config.cmd /app/server.js --config.workingdir /app
mkdir -p app/node_modules/express
echo '{"name":"example-app","version":"1.0.0","dependencies":{"express":"4.17.1"}}' > app/package.json
echo '{"name":"express","version":"4.17.1","license":"MIT"}' > app/node_modules/express/package.json
umoci insert --image oci:example:1 --history.created_by "COPY app /app" app /app
umoci gc --layout oci
rm -f example.docker.tar example.oci.tar
skopeo copy -q oci:oci:example:1 docker-archive:example.docker.tar:example/app:1
skopeo copy -q oci:oci:example:1 oci-archive:example.oci.tar:example:1
