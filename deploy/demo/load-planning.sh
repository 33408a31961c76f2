#!/usr/bin/env bash
set -euo pipefail
source "$(dirname "$0")/lib.sh"
echo "[demo] planning: assignment statuses (Bilaga 1)"
while IFS= read -r report; do
  post "$BASE/planning/municipalities/$M/committees/$C/assignments/$(field "$report" assignmentNumber)/status" "$report"
done < <(each "$DEMO/planning-assignment-statuses-2024.json")
