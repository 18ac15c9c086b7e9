#!/usr/bin/env bash
# The whole test suite: makes sure a PostgreSQL server is reachable (installing and starting Debian's
# package when none is, see scripts/postgres.sh), then runs every test project against SQLite and PostgreSQL.
# Extra arguments go to `dotnet test` (e.g. --filter FullyQualifiedName~Clients).
set -euo pipefail
cd "$(dirname "$0")/.."

CRM_TEST_POSTGRES="$(scripts/postgres.sh)"
export CRM_TEST_POSTGRES
scripts/chromium.sh  # the browser tests (tests/E2E) drive Debian's Chromium

results=artifacts/test-results
rm -rf "$results"
status=0
dotnet test OrleansCrm.sln --logger "trx" --results-directory "$results" "$@" || status=$?

# One closing line for CI, summed over every project's results.
passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { printf '%s' "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$(value total); executed=$(value executed); p=$(value passed); f=$(value failed)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${total:-0} - ${executed:-0}))
done
echo "Tests: $passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "No test ran." >&2
  exit 1
fi
exit "$status"
