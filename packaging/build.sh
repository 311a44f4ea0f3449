#!/usr/bin/env bash
# Build Casebook's frozen one-folder app with PyInstaller (packaging/casebook.spec) and, on Linux, a .deb that
# installs it in /opt/casebook with a `casebook` command, a desktop entry and icons.
#   bash packaging/build.sh            -> dist/casebook/ (the one-folder app) and dist/casebook_VERSION_ARCH.deb
# Environment: PYTHON (default .venv/bin/python, else python3), DIST (default dist/), WORK (default build/).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PYTHON="${PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3 )}"
mkdir -p "${DIST:=$ROOT/dist}" "${WORK:=$ROOT/build}"
DIST="$(cd "$DIST" && pwd)" WORK="$(cd "$WORK" && pwd)"
VERSION="$("$PYTHON" -c 'import re,sys; print(re.search(r"__version__ = \"([^\"]+)\"", open("casebook/__init__.py").read()).group(1))')"

if ! "$PYTHON" -m PyInstaller --version >/dev/null 2>&1; then
  echo "== installing the build tools (pip install -e '.[build]')"
  "$PYTHON" -m pip install -q -e ".[build]"
fi
[ -f resources/icons/casebook.ico ] || "$PYTHON" packaging/render_icons.py

start=$(date +%s)
echo "== PyInstaller one-folder build of Casebook $VERSION"
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN --distpath "$DIST" --workpath "$WORK/pyinstaller" \
  packaging/casebook.spec
"$DIST/casebook/casebook" --version

if [ "$(uname -s)" = Linux ] && command -v dpkg-deb >/dev/null 2>&1; then
  ARCH="$(dpkg --print-architecture)"
  STAGE="$WORK/deb/casebook"
  rm -rf "$STAGE" && mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
    "$STAGE/usr/share/icons/hicolor/scalable/apps" "$STAGE/usr/share/doc/casebook"
  echo "== .deb for $ARCH"
  cp -a "$DIST/casebook" "$STAGE/opt/casebook"
  ln -s /opt/casebook/casebook "$STAGE/usr/bin/casebook"
  install -m 644 packaging/linux/casebook.desktop "$STAGE/usr/share/applications/casebook.desktop"
  install -m 644 resources/icons/casebook.svg "$STAGE/usr/share/icons/hicolor/scalable/apps/casebook.svg"
  for size in 16 24 32 48 64 128 256 512; do
    install -D -m 644 "resources/icons/casebook-$size.png" \
      "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/casebook.png"
  done
  install -m 644 LICENSE "$STAGE/usr/share/doc/casebook/copyright"
  SIZE="$(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)"
  sed -e "s/@VERSION@/$VERSION/" -e "s/@ARCH@/$ARCH/" -e "s/@SIZE@/$SIZE/" packaging/linux/control.in \
    > "$STAGE/DEBIAN/control"
  # zstd at a low level: the payload is mostly compiled libraries; xz -9 would take minutes on two cores.
  dpkg-deb --root-owner-group -Zzstd -z3 --build "$STAGE" "$DIST/casebook_${VERSION}_${ARCH}.deb" >/dev/null
  echo "wrote $DIST/casebook_${VERSION}_${ARCH}.deb ($(du -h "$DIST/casebook_${VERSION}_${ARCH}.deb" | cut -f1))"
fi
echo "== built in $(( $(date +%s) - start )) s: $DIST/casebook/"
