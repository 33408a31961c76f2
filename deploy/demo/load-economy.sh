#!/usr/bin/env bash
set -euo pipefail
source "$(dirname "$0")/lib.sh"
echo "[demo] economy: activity figures and allocations (Bilaga 3, 2024)"
post "$BASE/economy/municipalities/$M/committees/$C/figures" "$(cat "$DEMO/economy-figures-2024.json")"
while IFS= read -r allocation; do
  post "$BASE/economy/municipalities/$M/committees/$C/allocations" "$allocation"
done < <(each "$DEMO/economy-allocations-2024.json")
