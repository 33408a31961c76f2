#!/usr/bin/env bash
# Runs every test: unit tests, manifest tests, and end-to-end tests that start the real processes against
# real PostgreSQL and RabbitMQ (installed and started by infra-up.sh when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/infra-up.sh
# Chromium prints the documents the tests check with poppler's tools; browser tests drive it too.
. ./scripts/render-tools.sh
ensure_render_tools

# The export test reads CSV with a BI client nobody here wrote: pandas, from Debian's packages.
if ! /usr/bin/python3 -c 'import pandas' >/dev/null 2>&1; then
  echo "[test] installing python3-pandas"
  as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pandas >/dev/null \
    || { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pandas >/dev/null; }
fi

echo "[test] restoring and building"
dotnet restore NamndFollowUp.sln -nologo -v quiet
# The end-to-end tests run the services' build output, so build the whole solution first.
dotnet build NamndFollowUp.sln --no-restore -nologo -v quiet -clp:ErrorsOnly

echo "[test] running tests"
log=$(mktemp)
# One test project at a time: several of them start the whole suite (four processes each, the fault harness ten and
# servers of its own); side by side on two cores they starved each other's deadlines.
status=0
set +e
for project in $(dotnet sln NamndFollowUp.sln list | grep -E '^tests/.*\.Tests/.*\.csproj$' | sort); do
  echo "[test] $project"
  dotnet test "$project" --no-build -nologo "$@" 2>&1 | tee -a "$log"
  [ "${PIPESTATUS[0]}" = 0 ] || status=1
done
set -e

# One closing line over all test projects.
awk '/^(Passed|Failed)!/ {
       for (i = 1; i <= NF; i++) {
         if ($i == "Failed:")  f += $(i+1);
         if ($i == "Passed:")  p += $(i+1);
         if ($i == "Skipped:") s += $(i+1);
       }
       n++
     }
     END { if (n == 0) { print "no test project reported a result"; exit 1 }
           printf "%d passed, %d failed, %d skipped\n", p, f, s }' <(tr -d , < "$log") || true
rm -f "$log"
exit "$status"
