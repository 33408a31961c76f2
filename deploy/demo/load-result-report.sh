#!/usr/bin/env bash
# A second demo committee beside the seed's, through the public API only: Äldrenämnden (ALN) of the same
# kommun with its monthly result report (invented; see docs/economy.md, "Demo data"). The office registers the
# names of the municipality and both committees; the committee's own system writes November as JSON
# (RecordEconomyRecords) and December, the year's outcome, as its CSV file. Idempotent, like every demo loader.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ALN=ALN
# The committee writes its own report: a token for ALN (NF_TOKEN_ALN), minted locally when not given.
ALN_TOKEN="${NF_TOKEN_ALN:-$("$DEMO/../../scripts/mint-token.sh" --municipality "$M" --committee "$ALN" --role committee_writer --subject demo-loader-aln)}"
echo "[demo] names of kommun $M and its committees, $ALN's activity codes; $ALN's result report November (JSON) and December (CSV)"
post "$BASE/economy/municipalities/$M/names" "$(cat "$DEMO/names.json")"
# The activity codes its allocation areas name are the municipality's: the office registers them (an unregistered code is refused).
post "$BASE/economy/municipalities/$M/activity-codes" "$(cat "$DEMO/result-report-ALN-activity-codes.json")"
NF_TOKEN="$ALN_TOKEN" post "$BASE/economy/municipalities/$M/committees/$ALN/records" "$(cat "$DEMO/result-report-ALN-2024-11.json")"
NF_TOKEN="$ALN_TOKEN" post "$BASE/economy/municipalities/$M/committees/$ALN/imports/csv" \
  "$(python3 -c 'import base64,json,sys; print(json.dumps({"fileName": "result-report-ALN-2024-helar.csv", "content": base64.b64encode(open(sys.argv[1],"rb").read()).decode()}))' "$DEMO/result-report-ALN-2024-helar.csv")"
