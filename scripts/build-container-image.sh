#!/usr/bin/env bash
# build-container-image.sh OUTDIR [TAG] — Gantry's own container image, without a Docker daemon.
#
#   1. scripts/publish-gantry.sh: the gantry CLI as one Native AOT executable for linux-x64, the same build as
#      ./build.sh's (no .NET runtime in the image; the build is InvariantGlobalization, so no libicu either)
#   2. debootstrap --variant=minbase bookworm + what .NET needs (libssl3, ca-certificates; libc6, libstdc++6,
#      libgcc-s1 and zlib1g are in minbase), upgraded from bookworm-security and bookworm-updates in a chroot
#   3. umoci: layer 1 the Debian root, layer 2 /opt/gantry; config: Entrypoint ["/opt/gantry/gantry"] (exec form,
#      no shell needed), Cmd ["serve"], User 65532:65532, ExposedPorts 8228/tcp, org.opencontainers.image.* labels
#   4. skopeo: OUTDIR/gantry.oci.tar (oci-archive, tag gantry:TAG)
#
# Needs: root (debootstrap, chroot, mounts), the .NET SDK and gcc, debootstrap umoci skopeo rsync (installed if missing),
#        the Debian mirror the host's apt uses. Nothing else from the network but NuGet for the restore.
# Output: OUTDIR/oci (OCI layout), OUTDIR/gantry.oci.tar, OUTDIR/publish (what /opt/gantry holds),
#         OUTDIR/rootfs (the Debian root, reused by the next run into the same OUTDIR).
# Reproducible-ish: file times and the config's dates are SOURCE_DATE_EPOCH (default: the last commit's time);
#        package versions follow the mirror. 6-11 minutes on a shared 2-core machine the first time (a cold publish,
#        debootstrap, the upgrade); about a minute into the same OUTDIR again, the Debian root reused.
set -euo pipefail

die() { echo "build-container-image.sh: $*" >&2; exit 1; }
[ $# -ge 1 ] || die "usage: build-container-image.sh OUTDIR [TAG]"
[ "$(id -u)" = 0 ] || die "needs root (debootstrap and chroot)"
root="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$1"
out="$(cd "$1" && pwd)"
tag="${2:-latest}"
mirror=${MIRROR:-$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || echo http://deb.debian.org/debian)}
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)}
created="$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)"
revision="$(git -C "$root" rev-parse HEAD 2>/dev/null || echo unknown)"
uid=65532
for tool in debootstrap umoci skopeo rsync; do
  command -v "$tool" >/dev/null || apt-get install -y -q debootstrap umoci skopeo rsync >/dev/null
done

# 1. The Native AOT publish. Its intermediate files go under OUTDIR (--artifacts-path), not into the source tree's
#    bin/obj, which a test run may be reading at the same time; a test host's MSBuild variables would point this dotnet
#    at the wrong SDK, so they are dropped.
publish="$out/publish"
rm -rf "$publish"
env -u MSBuildExtensionsPath -u MSBuildSDKsPath -u MSBUILD_EXE_PATH -u DOTNET_HOST_PATH \
  bash "$root/scripts/publish-gantry.sh" "$publish" --artifacts-path "$out/artifacts" --disable-build-servers \
  || die "dotnet publish of src/Gantry.Cli failed"
[ -x "$publish/gantry" ] || die "the publish has no $publish/gantry"

# 2. The Debian root, reused when a previous run of this script finished it (the stamp).
rootfs="$out/rootfs"
if [ ! -f "$out/rootfs.done" ]; then
  rm -rf "$rootfs"
  debootstrap --variant=minbase --include=libssl3,ca-certificates bookworm "$rootfs" "$mirror" >/dev/null \
    || die "debootstrap from $mirror failed"
  security="${mirror%/debian}/debian-security"
  printf 'deb %s bookworm main\ndeb %s bookworm-updates main\ndeb %s bookworm-security main\n' \
    "$mirror" "$mirror" "$security" > "$rootfs/etc/apt/sources.list"
  cp /etc/resolv.conf "$rootfs/etc/resolv.conf"
  # The host's apt settings for its mirror (e.g. a snapshot's expired Valid-Until), when there are any.
  cp /etc/apt/apt.conf.d/99artifact-registry "$rootfs/etc/apt/apt.conf.d/" 2>/dev/null || true
  unmount() { umount "$rootfs/proc" 2>/dev/null || true; }
  trap unmount EXIT
  mount -t proc proc "$rootfs/proc"
  chroot "$rootfs" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    sh -c 'apt-get update -q && apt-get upgrade -y -q' >/dev/null || die "apt-get upgrade in the chroot failed"
  unmount
  # Like an official image: no downloaded packages, no apt lists, no logs or caches that only record the build.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/var/log/* "$rootfs"/var/cache/ldconfig/aux-cache "$rootfs/etc/resolv.conf" \
    "$rootfs/etc/apt/apt.conf.d/99artifact-registry"
  find "$rootfs/dev" -mindepth 1 -delete
  # The service account: no password, no login shell; its home holds the data and caches (an emptyDir in Kubernetes).
  echo "gantry:x:$uid:$uid:Gantry:/var/lib/gantry:/usr/sbin/nologin" >> "$rootfs/etc/passwd"
  echo "gantry:x:$uid:" >> "$rootfs/etc/group"
  echo "gantry:!:0::::::" >> "$rootfs/etc/shadow"
  install -d -o "$uid" -g "$uid" -m 0750 "$rootfs/var/lib/gantry"
  touch "$out/rootfs.done"
fi

# Fixed file times, so a rebuild of the same inputs gives the same layers (umoci keeps the mtimes it finds).
stamp() { find "$1" -exec touch -h -d "@$epoch" {} +; }
stamp "$rootfs"
app="$out/app"
rm -rf "$app"
mkdir -p "$app"
cp -a "$publish/." "$app/"
chmod -R u=rwX,go=rX "$app"
stamp "$app"

# 3. The OCI layout. umoci config comes last: a repack after it can collapse the layers.
image="$out/oci:$tag"
rm -rf "$out/oci" "$out/bundle"
umoci init --layout "$out/oci"
umoci new --image "$image"
umoci unpack --image "$image" "$out/bundle" >/dev/null
rsync -aHAX "$rootfs/" "$out/bundle/rootfs/"
umoci repack --image "$image" --history.created "$created" \
  --history.created_by "debootstrap --variant=minbase --include=libssl3,ca-certificates bookworm; apt-get upgrade" "$out/bundle"
umoci insert --image "$image" --history.created "$created" \
  --history.created_by "scripts/publish-gantry.sh (dotnet publish src/Gantry.Cli -r linux-x64 -p:PublishAot=true)" "$app" /opt/gantry
umoci config --image "$image" --created "$created" --architecture amd64 --os linux \
  --config.entrypoint /opt/gantry/gantry --config.cmd serve \
  --config.user "$uid:$uid" --config.workingdir /var/lib/gantry --config.exposedports 8228/tcp \
  --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --config.env HOME=/var/lib/gantry --config.env GANTRY_LISTEN=0.0.0.0:8228 \
  --config.env GANTRY_DATA=/var/lib/gantry/server \
  --config.label org.opencontainers.image.title=gantry \
  --config.label "org.opencontainers.image.description=Container image scanner and Anchore Engine compatible service" \
  --config.label org.opencontainers.image.version="$tag" \
  --config.label org.opencontainers.image.revision="$revision" \
  --config.label org.opencontainers.image.created="$created" \
  --history.created "$created" --history.created_by "umoci config"
umoci gc --layout "$out/oci"
rm -rf "$out/bundle" "$app" "$out/artifacts"

# 4. The archive to load into a registry (skopeo copy oci-archive:… docker://…).
rm -f "$out/gantry.oci.tar"
skopeo copy -q "oci:$image" "oci-archive:$out/gantry.oci.tar:gantry:$tag"
echo "$out/gantry.oci.tar"
