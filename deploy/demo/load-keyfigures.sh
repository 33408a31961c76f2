#!/usr/bin/env bash
set -euo pipefail
source "$(dirname "$0")/lib.sh"
echo "[demo] keyfigures: volumes (Bilaga 4)"
while IFS= read -r volume; do
  post "$BASE/keyfigures/municipalities/$M/committees/$C/activities/$(field "$volume" activityCode)/volume" "$volume"
done < <(each "$DEMO/keyfigures-volumes-2024.json")
