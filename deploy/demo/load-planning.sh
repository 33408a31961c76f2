#!/usr/bin/env bash
# The seed's Bilaga 1 and Bilaga 2 through the public API, as the municipal office and the committee
# would send them: the year's plan (focus goals, assignments), the special-reporting round, the
# committee's whole follow-up (import, all or nothing), and its adoption with the seed's case number.
# Safe to run twice: the plan and the import replace what they name; an existing round or an already
# adopted follow-up is left as it is.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
FILE="$DEMO/planning-followup-2024.json"
part() { python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))[sys.argv[2]], ensure_ascii=False))' "$FILE" "$1"; }
state() { # the follow-up's report status, e.g. REPORT_STATUS_DRAFT
  curl -sS ${NF_TOKEN:+-H "Authorization: Bearer $NF_TOKEN"} "$BASE/planning/municipalities/$M/committees/$C/follow-up?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin).get("state",{}).get("status","REPORT_STATUS_DRAFT"))'
}

echo "[demo] planning: focus goals and assignments 2024"
post "$BASE/planning/municipalities/$M/plans/2024" "$(part plan)"

echo "[demo] planning: special-reporting round"
status=$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$BASE/planning/municipalities/$M/special-reporting-rounds" \
  -H 'content-type: application/json' ${NF_TOKEN:+-H "Authorization: Bearer $NF_TOKEN"} --data-binary "$(part specialReportingRound)")
case "$status" in
  2*|409) ;;
  *) echo "opening the special-reporting round failed with HTTP $status" >&2; exit 1 ;;
esac

if [ "$(state)" = REPORT_STATUS_ADOPTED ]; then
  echo "[demo] planning: the follow-up is already adopted; left as it is"
  exit 0
fi
echo "[demo] planning: the committee's follow-up (Bilaga 1 and 2)"
post "$BASE/planning/municipalities/$M/committees/$C/follow-up:import" "$(part followUp)"
adoption="$(part adoption)"
body=$(python3 -c 'import json,sys; a=json.loads(sys.argv[1]); a["period"]={"year":2024,"point":"PERIOD_POINT_FULL_YEAR"}; print(json.dumps(a))' "$adoption")
post "$BASE/planning/municipalities/$M/committees/$C/report:adopt" "$body"
echo "[demo] planning: Bilaga 1 at $BASE/planning/municipalities/$M/committees/$C/follow-up/document?period.year=2024&period.point=PERIOD_POINT_FULL_YEAR"
