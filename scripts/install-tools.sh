# install-tools.sh — sourced by build.sh and test.sh: installs the Debian packages Gantry's build,
# example and tests use, once (skipped when all are present).
#   debootstrap umoci skopeo rsync: build real images;  docker-registry apache2-utils openssl curl: registry tests
#   zstd: zstd layers and DB archives;  rpm python3-rpm python3-packaging ruby: differential version tests
#   and real rpmdb files;  libdpkg-perl: Dpkg::Version, the dpkg differential test's oracle
#   notary: the real notary client and notary-server (Docker Content Trust interop tests)
#   python3-nacl: the independent cosign key decryption in the tests (Debian's /usr/bin/python3)
#   postgresql: the PostgreSQL the state store tests start in a temp folder (tests/Gantry.TestKit/Postgres)
#   chromium: the browser the web UI's end-to-end tests drive through Playwright (no browser download)
#   golang-go golang-golang-x-text-dev: Go binaries built in the tests, offline, vendoring Debian's x/text source
#   (Go reachability tests: pclntab symbols against the Go vulnerability database's imports)
#   gcc: the C toolchain that links the Native AOT gantry (scripts/publish-gantry.sh)
#   nodejs npm (only when no npm is on PATH): npm packages for differential and cdxgen tests
GANTRY_APT_PACKAGES=(debootstrap umoci skopeo rsync docker-registry apache2-utils openssl curl zstd rpm python3-rpm python3-packaging ruby libdpkg-perl notary python3-nacl postgresql chromium golang-go golang-golang-x-text-dev gcc)
command -v npm >/dev/null || GANTRY_APT_PACKAGES+=(nodejs npm)
missing=()
for p in "${GANTRY_APT_PACKAGES[@]}"; do
  dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi
