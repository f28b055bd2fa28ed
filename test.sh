#!/usr/bin/env bash
# test.sh — the test command (README.md; .ci/run calls exactly this). Installs the tools the tests
# use, builds everything with warnings as errors, runs every test project, and ends with one line
# "N passed, N failed, N skipped".
#   --fast  only the unit tests: leaves out those marked [Slow] (real images, registries, external
#           tools, the corpus database, loopback servers), i.e. the trait Speed=Slow.
set -euo pipefail
cd "$(dirname "$0")"
filter=()
case "${1:-}" in
  "") ;;
  --fast) filter=(--filter "Speed!=Slow") ;;
  *) echo "usage: $0 [--fast]" >&2; exit 2 ;;
esac
source scripts/install-tools.sh

dotnet build Gantry.slnx -c Release --nologo -v quiet
results=$(mktemp -d)
status=0
dotnet test Gantry.slnx -c Release --no-build --nologo --logger "trx" --results-directory "$results" "${filter[@]}" -- RunConfiguration.TestSessionTimeout=1800000 || status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  n=$(sed -n 's/.* notExecuted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${n:-0}))
done
rm -rf "$results"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$passed" -gt 0 ] || { echo "no test ran" >&2; exit 1; }
exit $status
