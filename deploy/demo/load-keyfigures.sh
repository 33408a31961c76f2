#!/usr/bin/env bash
# Key figures of the seed (Bilaga 4, volume figures of Bilaga 2 and 3). The cost inputs are not typed here:
# the definitions bind them to economy's unit rows (BOU-INST, BOU-FAM, BOU-OPPEN and their external
# children), which arrive as ActivityFiguresChanged events from load-economy.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
echo "[demo] keyfigures: definitions (Bilaga 4 and volume statistics)"
while IFS= read -r definition; do
  post "$BASE/keyfigures/municipalities/$M/definitions" "{\"definition\": $definition}"
done < <(each "$DEMO/keyfigures-definitions.json")
echo "[demo] keyfigures: volumes and statistics 2023-2024"
post "$BASE/keyfigures/municipalities/$M/committees/$C/inputs" "$(cat "$DEMO/keyfigures-inputs-2023.json")"
post "$BASE/keyfigures/municipalities/$M/committees/$C/inputs" "$(cat "$DEMO/keyfigures-inputs-2024.json")"
echo "[demo] keyfigures: per-activity volumes (RecordVolume)"
while IFS= read -r volume; do
  post "$BASE/keyfigures/municipalities/$M/committees/$C/activities/$(field "$volume" activityCode)/volume" "$volume"
done < <(each "$DEMO/keyfigures-volumes-2024.json")
