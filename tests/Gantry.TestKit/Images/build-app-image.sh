#!/usr/bin/env bash
# build-app-image.sh — a real Debian 12 application image, layered as a Dockerfile would make it:
#   1. the debootstrap root file system given as BASE_ROOTFS (from shared/tools/build-test-image.sh)
#   2. apt-get install python3-yaml libjackson2-core-java ruby-rack node-semver docker-registry python3-six
#      (run with chroot inside the unpacked image, so dpkg's status, lists and postinst effects are real)
#   3. COPY app /app: an npm project installed from the npm registry (lodash 4.17.20, minimist 1.2.5)
#   4. dpkg --purge python3-six: a package present in a lower layer only (for --scope all-layers)
# Needs: root (chroot, bind mounts), umoci, skopeo, rsync, npm, the Debian mirror apt uses on the host.
# Usage: build-app-image.sh BASE_ROOTFS OUTDIR
# Output: OUTDIR/oci (tag app:1), OUTDIR/app.oci.tar (oci-archive, gzip layers), OUTDIR/rootfs (the final
#         root file system, for dir: sources). About 40 s on a 2-core machine.
set -euo pipefail
BASE=$(realpath "$1")
OUT=$2
PACKAGES="python3-yaml libjackson2-core-java ruby-rack node-semver docker-registry python3-six"
mkdir -p "$OUT"
cd "$OUT"
rm -rf oci bundle rootfs app app.oci.tar

umoci init --layout oci
umoci new --image oci:app:1
umoci unpack --image oci:app:1 bundle
ROOT=bundle/rootfs
rsync -aHAX "$BASE"/ "$ROOT"/
# A repack diffs against the bundle's unpack and appends to the manifest it came from: unpack again after each.
layer() {
  umoci repack --image oci:app:1 --history.created_by "$1" bundle
  rm -rf bundle
  umoci unpack --image oci:app:1 bundle
}
layer "debootstrap --variant=minbase bookworm"

unmount() { umount "$ROOT/proc" "$ROOT/dev" 2>/dev/null || true; }
trap unmount EXIT
in_chroot() {
  mount --bind /dev "$ROOT/dev"
  mount -t proc proc "$ROOT/proc"
  local status=0
  # A clean environment: the caller's TMPDIR and the like name folders that do not exist inside the image.
  chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root DEBIAN_FRONTEND=noninteractive "$@" || status=$?
  unmount
  return $status
}

cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
cp /etc/apt/apt.conf.d/99artifact-registry "$ROOT/etc/apt/apt.conf.d/" 2>/dev/null || true
in_chroot apt-get update -q
# shellcheck disable=SC2086
in_chroot apt-get install -y -q --no-install-recommends $PACKAGES
rm -rf "$ROOT"/var/lib/apt/lists/* "$ROOT"/var/cache/apt/*.bin "$ROOT"/var/cache/apt/archives/*.deb \
  "$ROOT/etc/resolv.conf" "$ROOT/etc/apt/apt.conf.d/99artifact-registry"
layer "RUN apt-get install -y $PACKAGES"

mkdir -p app
echo '{"name": "example-app", "version": "1.0.0", "private": true}' > app/package.json
(cd app && npm install --no-audit --no-fund --save-exact lodash@4.17.20 minimist@1.2.5 >/dev/null)
cp -a app "$ROOT/app"
layer "COPY app /app"

in_chroot dpkg --purge python3-six
layer "RUN dpkg --purge python3-six"

# config last: a repack after `umoci config` would build on the manifest the bundle was unpacked from
umoci config --image oci:app:1 --architecture amd64 --os linux --config.user nobody \
  --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --config.cmd /usr/bin/docker-registry --config.workingdir /app
umoci gc --layout oci
mv "$ROOT" rootfs
rm -rf bundle app
skopeo copy -q oci:oci:app:1 oci-archive:app.oci.tar:app:1
