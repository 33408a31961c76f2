#!/usr/bin/env bash
# Loads the seed's committee (Uppsala kommun 0380, Socialnämnden SCN, 2024) through the gateway's public
# API — the same calls a committee's own system makes. Safe to run twice: the calls are idempotent.
# Economy goes first: key figures take their cost inputs from its events. Then the second demo committee (ALN) and
# its monthly result report (load-result-report.sh).
set -euo pipefail
cd "$(dirname "$0")/../deploy/demo"
./load-economy.sh
./load-result-report.sh
./load-planning.sh
./load-keyfigures.sh
echo "[demo] loaded"
