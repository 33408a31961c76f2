#!/usr/bin/env bash
# What rendering documents needs on this machine, installed from Debian's packages when missing:
# - chromium: prints the documents' HTML as A4 PDF (planning's and keyfigures' PdfPrinter, through the
#   DevTools protocol) and drives browser tests;
# - poppler-utils: pdftotext -bbox / pdfinfo / pdftoppm, with which the tests check page size, page count,
#   margins and keep page 1 as a PNG;
# - fonts-liberation2: Arial-metric fonts, so a document breaks lines and pages as the seed (Arial) does.
# Idempotent and quick when everything is there. Sourced by scripts/run.sh and scripts/test.sh
# (ensure_render_tools), or run on its own: scripts/render-tools.sh.
# NF_SKIP_RENDER_TOOLS=1 skips it (a machine that renders nothing, or has its own Chromium in Pdf__Chromium).

ensure_render_tools() {
  if [ "${NF_SKIP_RENDER_TOOLS:-0}" = "1" ]; then return 0; fi
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
  [ -d /usr/share/fonts/truetype/liberation2 ] || missing+=(fonts-liberation2)
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo_=()
  [ "$(id -u)" = 0 ] || sudo_=(sudo)
  echo "[render-tools] installing ${missing[*]} from Debian's packages"
  # Another engineer's or script's apt may hold the lock: wait for it rather than fail.
  local apt=("${sudo_[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -qq)
  if ! "${apt[@]}" install --no-install-recommends "${missing[@]}" >/dev/null; then
    "${sudo_[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
    "${apt[@]}" install --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  ensure_render_tools
fi
