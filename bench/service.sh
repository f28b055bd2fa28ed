#!/usr/bin/env bash
# Times `gantry serve` on the example image (examples/build-example-image.sh) in a local docker-registry:
#   1. POST /v1/images until the image is `analyzed` (lookup + pull + analysis + storage), polled every 0.1 s;
#   2. GET /v1/images/{digest}/vuln/all, 100 calls on the stored image, p50 and p95 (target: p50 under 20 ms).
# The first vuln/all call matches the stored SBOM and stores the report; it is timed on its own and left out.
# Everything runs on loopback on free ports, in a temp folder removed at the end. Needs curl, python3,
# docker-registry and skopeo (apt).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${GANTRY_CORPUS:-$root/../shared/corpus}"
work="$(mktemp -d)"
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }

dotnet build "$root/src/Gantry.Cli" -c Release -nologo -v quiet >/dev/null || { echo "build failed" >&2; exit 1; }
gantry=(dotnet "$root/src/Gantry.Cli/bin/Release/net10.0/gantry.dll")
[ -f "$root/out/example/example.oci.tar" ] || bash "$root/examples/build-example-image.sh" "$root/out/example" >/dev/null
"${gantry[@]}" db import --db "$work/vulnerability.db" "$corpus/osv-go" "$corpus/osv-pypi" "$corpus/alpine-secdb" >/dev/null 2>&1

registry_port=$(free_port)
printf 'version: 0.1\nstorage: {filesystem: {rootdirectory: %s/registry}}\nhttp: {addr: 127.0.0.1:%s}\n' "$work" "$registry_port" > "$work/registry.yml"
docker-registry serve "$work/registry.yml" > "$work/registry.log" 2>&1 & pids+=($!)
until curl -s -o /dev/null "http://127.0.0.1:$registry_port/v2/"; do sleep 0.05; done
skopeo copy --quiet --dest-tls-verify=false "oci-archive:$root/out/example/example.oci.tar" "docker://127.0.0.1:$registry_port/example:1"

port=$(free_port)
GANTRY_ADMIN_PASSWORD=bench GANTRY_DB="$work/vulnerability.db" GANTRY_INSECURE_REGISTRIES="127.0.0.1:$registry_port" \
  "${gantry[@]}" serve --listen "127.0.0.1:$port" --data "$work/data" > "$work/serve.log" 2>&1 & pids+=($!)
api="http://127.0.0.1:$port/v1"
until curl -s -o /dev/null "$api/health"; do sleep 0.05; done

start=$(now)
digest=$(curl -sf -u admin:bench -H 'Content-Type: application/json' -d "{\"tag\": \"127.0.0.1:$registry_port/example:1\"}" "$api/images" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["imageDigest"])')
while :; do
  status=$(curl -sf -u admin:bench "$api/images/$digest" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["analysis_status"])')
  case $status in analyzed) break;; analysis_failed) echo "analysis failed" >&2; tail -5 "$work/serve.log" >&2; exit 1;; esac
  sleep 0.1
done
echo "POST /images -> analyzed: $(python3 -c "print(f'{$(now) - $start:.2f}')") s"

first=$(curl -sf -o /dev/null -w '%{time_total}' -u admin:bench "$api/images/$digest/vuln/all")
echo "first GET vuln/all (matches and stores the report): $(python3 -c "print(f'{$first * 1000:.1f}')") ms"
for _ in $(seq 100); do curl -sf -o /dev/null -w '%{time_total}\n' -u admin:bench "$api/images/$digest/vuln/all"; done > "$work/times"
python3 - "$work/times" <<'PY'
import sys
times = sorted(float(line) * 1000 for line in open(sys.argv[1]))
pick = lambda q: times[min(len(times) - 1, int(round(q * (len(times) - 1))))]
print(f"GET vuln/all x{len(times)}: p50 {pick(0.5):.1f} ms, p95 {pick(0.95):.1f} ms")
PY
