#!/usr/bin/env bash
# The seed's whole economy (Bilaga 3, 2024 and 2023) through the public import API, never SQL:
# the municipality's activity codes, then economy-2024.csv (format: docs/economy.md).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
echo "[demo] economy: activity codes of $M and the committee's economy 2024 (CSV import)"
post "$BASE/economy/municipalities/$M/activity-codes" "$(cat "$DEMO/economy-activity-codes.json")"
post "$BASE/economy/municipalities/$M/committees/$C/imports/csv" \
  "$(python3 -c 'import base64,json,sys; print(json.dumps({"fileName": "economy-2024.csv", "content": base64.b64encode(open(sys.argv[1],"rb").read()).decode()}))' "$DEMO/economy-2024.csv")"
