#!/usr/bin/env bash
# Loads the seed's committee (Uppsala kommun 0380, Socialnämnden SCN, 2024) through the gateway's public
# API — the same calls a committee's own system makes. Safe to run twice: the calls are idempotent.
# Economy goes first: key figures take their cost inputs from its events. NF_DEMO_RESULT_REPORT=0 leaves out the
# second committee's monthly result report (ALN), for suites whose expectations count the seed's committee alone.
set -euo pipefail
cd "$(dirname "$0")/../deploy/demo"
./load-economy.sh
[ "${NF_DEMO_RESULT_REPORT:-1}" = 0 ] || ./load-result-report.sh
./load-planning.sh
./load-keyfigures.sh
echo "[demo] loaded"
