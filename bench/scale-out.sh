#!/usr/bin/env bash
# scale-out.sh — the scale-out load test of issue #17. One API process (`gantry serve --role api`) and 1, 2 and 3
# worker processes (`--role worker`, one analysis worker each) share one PostgreSQL database and nothing else (each
# process has its own --data and layer-cache folder). Per round, a fresh database; the 60 images are added at once
# (60 parallel `POST /v1/images`) and the round is timed from the first POST until the database says all 60 are
# `analyzed`. Then a kill round: 2 workers with a 10 s job lease, one of them killed with SIGKILL in the middle of a
# job once a third of the images are analyzed; its job must be taken up by the other worker after the lease.
# After every round, in the database: 60 images, all `analyzed`; one stored analysis per digest; exactly one
# `user.image.analysis.completed` event per image; no job left in the queue; and in the workers' logs, one completed
# analysis per digest (no digest analyzed twice). Any failure ends the run with exit 1 and a one-line reason.
#
# The 60 images are tags of the real test images, each with one small distinct top layer (bench/derive-image.py):
# half on shared/tools/build-test-image.sh's Debian 12 image (built if missing), half on the application image of
# tests/Gantry.TestKit/Images/build-app-image.sh when the test suite left one in ${TMPDIR:-/tmp}/gantry-fixtures
# (otherwise all 60 on the Debian image), pushed to a local docker-registry.
# Needs: root (PostgreSQL 15 runs as the `postgres` user), Debian's postgresql-15, docker-registry, skopeo, curl,
# python3 and the .NET SDK (gantry is published to out/gantry, ReadyToRun). Everything listens on 127.0.0.1 on
# free ports; the temp folder and every process started here are removed at exit.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${GANTRY_SHARED:-$root/../shared}"
corpus="${GANTRY_CORPUS:-$shared/corpus}"
pgbin=/usr/lib/postgresql/15/bin
images=60
round_timeout=900
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  [ ! -f "$work/pg/data/postmaster.pid" ] || pg pg_ctl -D "$work/pg/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "scale-out: $*" >&2; exit 1; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
seconds() { python3 -c "print(f'{$2 - $1:.1f}')"; }
wait_http() { # wait_http URL LOG: until URL answers, or fail with the log's last line
  local deadline=$((SECONDS + 60))
  until curl -sf -o /dev/null "$1"; do
    [ $SECONDS -lt $deadline ] || fail "$1 did not answer within 60 s ($(tail -1 "$2"))"
    sleep 0.1
  done
}
pg() { (cd "$work/pg" && runuser -u postgres -- "$pgbin/$1" "${@:2}"); }
sql() { psql -h 127.0.0.1 -p "$pg_port" -U postgres -d "$1" -XAtq -v ON_ERROR_STOP=1 -c "$2"; }

[ "$(id -u)" = 0 ] || fail "needs root (PostgreSQL is run as the postgres user through runuser)"
[ -x "$pgbin/initdb" ] || fail "$pgbin/initdb missing (apt-get install postgresql-15)"
for tool in docker-registry skopeo curl python3 psql; do command -v "$tool" >/dev/null || fail "$tool missing"; done

bash "$root/scripts/publish-gantry.sh" "$root/out/gantry" || fail "publishing gantry failed"
gantry="$root/out/gantry/gantry"
"$gantry" db import --db "$work/vulnerability.db" "$corpus/osv-go" "$corpus/osv-pypi" "$corpus/alpine-secdb" >/dev/null 2>&1 \
  || fail "gantry db import from $corpus failed"

# PostgreSQL 15, owned by the postgres user, on a loopback port and a socket folder of its own.
chmod 755 "$work"
mkdir "$work/pg" && chown postgres: "$work/pg"
pg_port=$(free_port)
pg initdb -D "$work/pg/data" -A trust -U postgres >/dev/null || fail "initdb failed"
pg pg_ctl -D "$work/pg/data" -l "$work/pg/log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$pg_port -c unix_socket_directories=$work/pg" start >/dev/null \
  || fail "PostgreSQL did not start ($(tail -1 "$work/pg/log"))"

registry_port=$(free_port)
printf 'version: 0.1\nstorage: {filesystem: {rootdirectory: %s/registry}}\nhttp: {addr: 127.0.0.1:%s}\n' "$work" "$registry_port" > "$work/registry.yml"
docker-registry serve "$work/registry.yml" > "$work/registry.log" 2>&1 & pids+=($!)
wait_http "http://127.0.0.1:$registry_port/v2/" "$work/registry.log"

# The 60 images: each base image plus one layer holding its own line of text, so every digest differs.
test_image="${TMPDIR:-/tmp}/gantry-fixtures/debian12-$(sha256sum "$shared/tools/build-test-image.sh" | cut -c1-12)"
[ -f "$test_image/.done" ] || bash "$shared/tools/build-test-image.sh" "$test_image" >/dev/null || fail "building the test image failed"
bases=("debian12=$test_image/oci")
app_image=$(ls -d "${TMPDIR:-/tmp}"/gantry-fixtures/debian12-app-*/oci 2>/dev/null | head -1 || true)
[ -z "$app_image" ] || bases+=("app=$app_image")
for i in $(seq "$images"); do
  base=${bases[$((i % ${#bases[@]}))]}
  python3 "$root/bench/derive-image.py" "${base#*=}" "$work/images/$i" "scale-out image $i"
  echo "$i 127.0.0.1:$registry_port/scale/${base%%=*}:$i"
done > "$work/images.txt"
xargs -P 4 -L 1 sh -c 'skopeo copy --quiet --dest-tls-verify=false "oci:$0" "docker://$1"' < <(sed "s|^|$work/images/|" "$work/images.txt") \
  || fail "pushing the images to the local registry failed"
cut -d' ' -f2 "$work/images.txt" > "$work/tags.txt"

export GANTRY_ADMIN_PASSWORD=bench GANTRY_DB="$work/vulnerability.db" GANTRY_INSECURE_REGISTRIES="127.0.0.1:$registry_port" \
  GANTRY_SECRET_KEY="$(head -c 32 /dev/urandom | base64)" GANTRY_ANALYSIS_WORKERS=1

# serve ROUND NAME ROLE LEASE: starts one gantry process of ROLE on the round's database; prints its port.
serve() {
  local port; port=$(free_port)
  mkdir -p "$work/$1/$2"
  GANTRY_CACHE_DIR="$work/$1/$2/cache" GANTRY_JOB_LEASE_SECONDS="$4" \
    "$gantry" serve --role "$3" --postgres "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$1" \
    --listen "127.0.0.1:$port" --data "$work/$1/$2/data" > "$work/$1/$2.log" 2>&1 &
  pids+=($!)
  echo "$! $port" > "$work/$1/$2.proc"
  wait_http "http://127.0.0.1:$port/v1/health" "$work/$1/$2.log"
}

# check ROUND: the database and the workers' logs agree that every image was analyzed exactly once.
check() {
  local db=$1 counts
  counts=$(sql "$db" "SELECT COUNT(*), COUNT(*) FILTER (WHERE analysis_status = 'analyzed') FROM images")
  [ "$counts" = "$images|$images" ] || fail "$db: images (total|analyzed) are $counts, not $images|$images"
  counts=$(sql "$db" "SELECT COUNT(*), COUNT(DISTINCT digest), (SELECT COUNT(DISTINCT digest) FROM analysis_documents) FROM analyses")
  [ "$counts" = "$images|$images|$images" ] || fail "$db: stored analyses (rows|digests|digests with documents) are $counts, not $images|$images|$images"
  counts=$(sql "$db" "SELECT COUNT(*) FROM (SELECT i.digest FROM images i LEFT JOIN events e ON e.type = 'user.image.analysis.completed'
      AND e.details::json->>'imageDigest' = i.digest GROUP BY i.digest HAVING COUNT(e.id) <> 1) wrong")
  [ "$counts" = 0 ] || fail "$db: $counts images do not have exactly one analysis.completed event"
  counts=$(sql "$db" "SELECT COUNT(*) FROM analysis_jobs")
  [ "$counts" = 0 ] || fail "$db: $counts jobs left in the queue"
  counts=$(cat "$work/$db"/worker-*.log | grep -o '"job analyze sha256:[0-9a-f]*: analyzed' | sort | uniq -c | awk '$1 != 1' | wc -l)
  [ "$counts" = 0 ] || fail "$db: $counts digests were analyzed more than once (workers' logs)"
}

# held_job ROUND PID: the digest of the job the worker process PID holds a live lease on (its worker id is host:pid:n).
held_job() {
  sql "$1" "SELECT digest FROM analysis_jobs WHERE state = 'running' AND worker LIKE '%:$2:%' AND lease_until > now()" \
    || fail "$1: reading the analysis_jobs table failed"
}

# round NAME WORKERS LEASE KILL: one round on a fresh database; prints its wall time in seconds. With KILL=1, worker 1
# is killed with SIGKILL in the middle of a job once a third of the images are analyzed.
round() {
  local db=$1 workers=$2 lease=$3 kill=$4 start row analyzed failed victim="" killed_at=""
  pg createdb -h 127.0.0.1 -p "$pg_port" -U postgres "$db" || fail "createdb $db failed"
  serve "$db" api api "$lease"
  for w in $(seq "$workers"); do serve "$db" "worker-$w" worker "$lease"; done
  read -r _ api_port < "$work/$db/api.proc"
  start=$(now)
  xargs -P "$images" -I{} curl -sf -o /dev/null -u admin:bench -H 'Content-Type: application/json' -d '{"tag": "{}"}' \
    "http://127.0.0.1:$api_port/v1/images" < "$work/tags.txt" || fail "$db: a POST /v1/images failed ($(tail -1 "$work/$db/api.log"))"
  local deadline=$((SECONDS + round_timeout))
  while :; do
    row=$(sql "$db" "SELECT COUNT(*) FILTER (WHERE analysis_status = 'analyzed'),
        COUNT(*) FILTER (WHERE analysis_status = 'analysis_failed') FROM images") || fail "$db: reading the images table failed"
    IFS='|' read -r analyzed failed <<< "$row"
    [ "$failed" = 0 ] || fail "$db: $failed images analysis_failed ($(grep -h 'failed after' "$work/$db"/worker-*.log | head -1))"
    [ "$analyzed" != "$images" ] || break
    [ $SECONDS -lt $deadline ] || fail "$db: $analyzed of $images analyzed after $round_timeout s"
    if [ "$kill" = 1 ] && [ -z "$killed_at" ] && [ "$analyzed" -ge $((images / 3)) ]; then
      read -r victim _ < "$work/$db/worker-1.proc"
      KILLED_JOB=$(held_job "$db" "$victim")
      if [ -n "$KILLED_JOB" ]; then
        kill -9 "$victim"
        killed_at=$(now)
        KILL_ANALYZED=$analyzed
      fi
    fi
    sleep 0.2
  done
  ROUND_WALL=$(seconds "$start" "$(now)")
  [ "$kill" = 0 ] || [ -n "$killed_at" ] || fail "$db: worker 1 was never seen in the middle of a job"
  for proc in "$work/$db"/*.proc; do read -r pid _ < "$proc"; kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  check "$db"
  if [ "$kill" = 1 ]; then
    KILLED_JOB_DONE=$(grep -h "\"job analyze $KILLED_JOB: analyzed" "$work/$db"/worker-*.log | head -1)
    [ -n "$KILLED_JOB_DONE" ] || fail "$db: the killed worker's job $KILLED_JOB was not analyzed by another worker"
    KILLED_JOB_AFTER=$(seconds "$killed_at" "$(python3 -c "import datetime,json,sys; print(datetime.datetime.fromisoformat(json.loads(sys.argv[1])['Timestamp'].replace('Z', '+00:00')).timestamp())" "$KILLED_JOB_DONE")")
  fi
}

echo "images: $images, on $(printf '%s ' "${bases[@]%%=*}")each plus one small distinct layer; machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
declare -A wall
for workers in 1 2 3; do
  round "workers-$workers" "$workers" 300 0
  wall[$workers]=$ROUND_WALL
done
round kill 2 10 1
printf '%-8s %8s %11s %9s\n' workers "wall s" images/min speed-up
for workers in 1 2 3; do
  python3 -c "w, t, one = $workers, ${wall[$workers]}, ${wall[1]}; print(f'{w:<8} {t:8.1f} {$images * 60 / t:11.1f} {one / t:9.2f}')"
done
echo "kill round (2 workers, lease 10 s): worker 1 killed with SIGKILL at $KILL_ANALYZED/$images analyzed, holding $KILLED_JOB;" \
  "that job was analyzed by $(grep -l "\"job analyze $KILLED_JOB: analyzed" "$work/kill"/worker-*.log | xargs -n1 basename | sed 's/\.log$//')" \
  "$KILLED_JOB_AFTER s after the kill; all $images analyzed exactly once in $ROUND_WALL s"
