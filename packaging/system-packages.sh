#!/usr/bin/env bash
# Debian packages for running the desktop app on a bare machine and for packaging/screenshots.py (Xvfb).
# Run as root: bash packaging/system-packages.sh
set -euo pipefail
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
  tesseract-ocr tesseract-ocr-eng ghostscript fonts-droid-fallback xvfb xauth libegl1 libgl1 libfontconfig1 libdbus-1-3 libglib2.0-0 \
  libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 \
  libxcb-render-util0 libxcb-xinerama0 libxcb-shape0 libxcb-randr0 libxcb-xkb1
