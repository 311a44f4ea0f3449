#!/usr/bin/env bash
# System packages Casebook's tests need on Debian (Qt offscreen runtime libraries; Tesseract for OCR;
# Ghostscript for PDF/A bundles; Xvfb and Qt's xcb libraries for the frozen app's test, which bundles them).
set -euo pipefail
need=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 tesseract-ocr tesseract-ocr-eng ghostscript
      xvfb xauth libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0
      libxcb-xinerama0 libxcb-shape0 libxcb-randr0 libxcb-xkb1)
missing=()
for pkg in "${need[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
