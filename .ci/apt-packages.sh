#!/usr/bin/env bash
# System packages Casebook's tests need on Debian (Qt offscreen runtime libraries; Tesseract for OCR;
# Ghostscript for PDF/A bundles).
set -euo pipefail
need=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 tesseract-ocr tesseract-ocr-eng ghostscript)
missing=()
for pkg in "${need[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
