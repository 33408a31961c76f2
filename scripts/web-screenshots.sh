#!/usr/bin/env bash
# Copies the browser tests' screenshots (tests/Web.Tests/bin/Debug/net10.0/artifacts/) into docs/images/ for
# docs/web.md, scaled from 1280 px to 800 px wide and cut at 1 600 px high, with Debian's chromium (no image tools
# needed). Run after `dotnet test tests/Web.Tests`.
set -euo pipefail
cd "$(dirname "$0")/.."
from=tests/Web.Tests/bin/Debug/net10.0/artifacts
to=docs/images
width=800 max_height=1600
chromium=${NF_CHROMIUM:-/usr/bin/chromium}
mkdir -p "$to"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for name in overview committee thresholds upload-preview upload-errors work; do
  png="$from/$name.png"
  [[ -f $png ]] || { echo "missing $png (run the browser tests first)" >&2; exit 1; }
  # The PNG's size from its IHDR chunk: width and height, big-endian, at bytes 16–23.
  read -r w h < <(python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print(*struct.unpack(">II", d[16:24]))' "$png")
  height=$(( h * width / w )); (( height > max_height )) && height=$max_height
  cp "$png" "$work/$name.png"
  printf '<!doctype html><body style="margin:0"><img src="%s.png" style="width:%dpx;display:block"></body>' "$name" "$width" > "$work/$name.html"
  "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --window-size="$width,$height" --screenshot="$PWD/$to/$name.png" "file://$work/$name.html" 2>/dev/null
  echo "$to/$name.png: ${width}×${height} from ${w}×${h}, $(stat -c %s "$to/$name.png") bytes"
done
