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
# Reported per round: wall time, images per minute, speed-up over 1 worker, how long the 60 POSTs took (each resolves
# its tag in the registry), the workers' mean time per job, the CPU seconds all gantry processes used, and how busy
# the whole machine was (other users' work included: the figures are only as good as the machine was quiet), and how
# many warnings and errors the processes logged (the first of each round is printed).
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

# serve ROUND NAME ROLE LEASE: starts one gantry process of ROLE on the round's database and writes "PID PORT" to
# NAME.proc.
serve() {
  local port; port=$(free_port)
  mkdir -p "$work/$1/$2"
  GANTRY_CACHE_DIR="$work/$1/$2/cache" GANTRY_JOB_LEASE_SECONDS="$4" \
    "$gantry" serve --role "$3" --postgres "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=$1" \
    --listen "127.0.0.1:$port" --data "$work/$1/$2/data" > "$work/$1/$2.log" 2>&1 &
  pids+=($!)
  echo "$! $port" > "$work/$1/$2.proc"
}

# check ROUND [KILLED_JOB]: the database and the workers' logs agree that every image was analyzed exactly once, and
# that no job but the killed worker's needed a second attempt.
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
  counts=$(cat "$work/$db"/worker-*.log | grep -v "job analyze ${2:-none}:" | grep -cE '"job analyze sha256:[0-9a-f]+: analyzed in [0-9.]+ s \(attempt ([2-9]|[1-9][0-9]+),' || true)
  [ "$counts" = 0 ] || fail "$db: $counts jobs needed more than one attempt (a lease lost while the worker was alive?)"
}

# held_job ROUND PID: the digest of the job the worker process PID holds a live lease on (its worker id is host:pid:n).
held_job() {
  sql "$1" "SELECT digest FROM analysis_jobs WHERE state = 'running' AND worker LIKE '%:$2:%' AND lease_until > now()" \
    || fail "$1: reading the analysis_jobs table failed"
}

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
# machine_ticks: the whole machine's busy and total CPU ticks so far (/proc/stat: busy leaves out idle and iowait).
machine_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9}' /proc/stat; }
log_time() { python3 -c "import datetime,json,sys; print(datetime.datetime.fromisoformat(json.loads(sys.argv[1])['Timestamp'].replace('Z', '+00:00')).timestamp())" "$1"; }

# round NAME WORKERS LEASE KILL: one round on a fresh database; appends "workers wall add-s mean-job-s gantry-cpu-s
# machine-busy-% log-warnings" to $work/results and keeps the warnings in NAME.warnings. With KILL=1, worker 1 is
# killed with SIGKILL in the middle of a job once a third of the images are analyzed, and the KILL_* variables
# describe what happened.
round() {
  KILL_JOB=""
  local db=$1 workers=$2 lease=$3 kill=$4 start added wall row analyzed failed victim="" killed_at="" cpu=0 busy0 total0 busy1 total1 pid port
  pg createdb -h 127.0.0.1 -p "$pg_port" -U postgres "$db" || fail "createdb $db failed"
  serve "$db" api api "$lease"
  for w in $(seq "$workers"); do serve "$db" "worker-$w" worker "$lease"; done
  # All started at once, as a deployment does: the first to take the migration lock creates the schema.
  for proc in "$work/$db"/*.proc; do read -r _ port < "$proc"; wait_http "http://127.0.0.1:$port/v1/health" "${proc%.proc}.log"; done
  read -r _ api_port < "$work/$db/api.proc"
  for proc in "$work/$db"/*.proc; do read -r pid _ < "$proc"; cpu=$((cpu - $(ticks "$pid"))); done
  read -r busy0 total0 < <(machine_ticks)
  start=$(now)
  xargs -P "$images" -I{} curl -sf -o /dev/null -u admin:bench -H 'Content-Type: application/json' -d '{"tag": "{}"}' \
    "http://127.0.0.1:$api_port/v1/images" < "$work/tags.txt" || fail "$db: a POST /v1/images failed ($(tail -1 "$work/$db/api.log"))"
  added=$(seconds "$start" "$(now)")
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
      KILL_JOB=$(held_job "$db" "$victim")
      if [ -n "$KILL_JOB" ]; then
        cpu=$((cpu + $(ticks "$victim")))
        { kill -9 "$victim" && wait "$victim"; } 2>/dev/null || true
        killed_at=$(now)
        KILL_ANALYZED=$analyzed
      fi
    fi
    sleep 0.2
  done
  wall=$(seconds "$start" "$(now)")
  read -r busy1 total1 < <(machine_ticks)
  [ "$kill" = 0 ] || [ -n "$killed_at" ] || fail "$db: worker 1 was never seen in the middle of a job"
  for proc in "$work/$db"/*.proc; do
    read -r pid _ < "$proc"
    [ "$pid" = "$victim" ] || cpu=$((cpu + $(ticks "$pid")))
  done
  for proc in "$work/$db"/*.proc; do read -r pid _ < "$proc"; kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  check "$db" "$KILL_JOB"
  grep -h '"LogLevel":"\(Warning\|Error\|Critical\)"' "$work/$db"/*.log > "$work/$db.warnings" || true
  echo "$workers $wall $added $(grep -ho '"Seconds":[0-9.]*' "$work/$db"/worker-*.log | cut -d: -f2 | awk '{s += $1} END {print s / NR}')" \
    "$((cpu / $(getconf CLK_TCK))) $(((busy1 - busy0) * 100 / (total1 - total0))) $(wc -l < "$work/$db.warnings")" >> "$work/results"
  if [ "$kill" = 1 ]; then
    local done_line
    done_line=$(grep -h "\"job analyze $KILL_JOB: analyzed" "$work/$db"/worker-*.log | head -1)
    [ -n "$done_line" ] || fail "$db: the killed worker's job $KILL_JOB was not analyzed by another worker"
    KILL_DONE_BY=$(grep -l "\"job analyze $KILL_JOB: analyzed" "$work/$db"/worker-*.log | xargs basename -s .log)
    KILL_DONE_AFTER=$(seconds "$killed_at" "$(log_time "$done_line")")
    KILL_ATTEMPT=$(grep -o '(attempt [0-9]*' <<< "$done_line" | cut -d' ' -f2)
  fi
}

echo "images: $images, on $(printf '%s ' "${bases[@]%%=*}")each plus one small distinct layer; machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
for workers in 1 2 3; do round "workers-$workers" "$workers" 300 0; done
round kill 2 10 1
python3 - "$work/results" "$images" <<'PY'
import sys
rows = [line.split() for line in open(sys.argv[1])]
images, one = int(sys.argv[2]), float(rows[0][1])
print(f"{'workers':<8} {'wall s':>7} {'images/min':>10} {'speed-up':>8} {'add s':>6} {'mean job s':>10} {'gantry CPU s':>12} {'machine busy':>12} {'log warnings':>12}")
for i, (workers, wall, added, job, cpu, busy, warnings) in enumerate(rows):
    name = workers if i < len(rows) - 1 else f"{workers}, kill"
    print(f"{name:<8} {float(wall):7.1f} {images * 60 / float(wall):10.1f} {one / float(wall):8.2f} {float(added):6.1f} {float(job):10.1f} {cpu:>12} {busy + ' %':>12} {warnings:>12}")
PY
echo "kill round: worker 1 of 2 (lease 10 s) killed with SIGKILL at $KILL_ANALYZED/$images analyzed, holding $KILL_JOB;" \
  "analyzed by $KILL_DONE_BY (attempt $KILL_ATTEMPT) $KILL_DONE_AFTER s after the kill; every image analyzed exactly once"
for warnings in "$work"/*.warnings; do
  [ ! -s "$warnings" ] || echo "first log warning of $(basename "$warnings" .warnings): $(head -1 "$warnings" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Message"])')"
done
