#!/usr/bin/env bash
# Loads the seed's committee (Uppsala kommun 0380, Socialnämnden SCN, helår 2024) through the gateway's
# public REST API — the same calls a committee's own system makes. Safe to run twice: every call is an
# upsert and changes nothing the second time.
set -euo pipefail
cd "$(dirname "$0")/.."
GATEWAY="${NF_GATEWAY_REST:-http://localhost:${NF_GATEWAY_REST_PORT:-8080}}"
BASE="$GATEWAY/api/v1"
M=0380 C=SCN
DEMO=deploy/demo

post() { # url body
  local out status
  out=$(mktemp)
  status=$(curl -sS -o "$out" -w '%{http_code}' -X POST "$1" -H 'content-type: application/json' --data-binary "$2")
  if [ "${status:0:1}" != 2 ]; then
    echo "POST $1 failed with HTTP $status: $(cat "$out")" >&2
    rm -f "$out"; return 1
  fi
  rm -f "$out"
}
each() { python3 -c 'import json,sys; [print(json.dumps(x, ensure_ascii=False)) for x in json.load(open(sys.argv[1]))]' "$1"; }
field() { python3 -c 'import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])' "$1" "$2"; }

echo "[demo] economy: activity figures and allocations (Bilaga 3, 2024)"
post "$BASE/economy/municipalities/$M/committees/$C/figures" "$(cat $DEMO/economy-figures-2024.json)"
while IFS= read -r allocation; do
  post "$BASE/economy/municipalities/$M/committees/$C/allocations" "$allocation"
done < <(each $DEMO/economy-allocations-2024.json)

echo "[demo] planning: assignment statuses (Bilaga 1)"
while IFS= read -r report; do
  post "$BASE/planning/municipalities/$M/committees/$C/assignments/$(field "$report" assignmentNumber)/status" "$report"
done < <(each $DEMO/planning-assignment-statuses-2024.json)

echo "[demo] keyfigures: volumes (Bilaga 4)"
while IFS= read -r volume; do
  post "$BASE/keyfigures/municipalities/$M/committees/$C/activities/$(field "$volume" activityCode)/volume" "$volume"
done < <(each $DEMO/keyfigures-volumes-2024.json)
echo "[demo] loaded"
