#!/usr/bin/env bash
# Wrap the PyInstaller one-folder app (dist/crmdesk/) as an AppImage with linuxdeploy.
#
#   python build_spec.py                     # first: dist/crmdesk/ and its self-test
#   installers/linux/build_appimage.sh       # then:  dist/crmdesk-<version>-x86_64.AppImage
#   installers/linux/build_appimage.sh --appdir-only   # only assemble and check build/AppDir
#
# linuxdeploy (https://github.com/linuxdeploy/linuxdeploy/releases, linuxdeploy-x86_64.AppImage) must be on PATH
# or named by $LINUXDEPLOY. PyInstaller already collected the libraries, so linuxdeploy is used only for the
# AppDir's desktop file, icons and AppRun, and to pack the AppImage; it is not asked to deploy executables.
set -euo pipefail
cd "$(dirname "$0")/../.."

ROOT=$(pwd)
DIST="$ROOT/dist/crmdesk"
APPDIR="$ROOT/build/AppDir"
ICONS="$ROOT/resources/icons/app"
VERSION=$(python -c "import crmdesk; print(crmdesk.__version__)")
ARCH=$(uname -m)

if [ ! -x "$DIST/crmdesk" ]; then
  echo "build_appimage: $DIST/crmdesk is missing; run: python build_spec.py" >&2
  exit 2
fi

rm -rf "$APPDIR"
mkdir -p "$APPDIR/usr/lib" "$APPDIR/usr/bin" "$APPDIR/usr/share/applications"
cp -a "$DIST" "$APPDIR/usr/lib/crmdesk"
ln -s ../lib/crmdesk/crmdesk "$APPDIR/usr/bin/crmdesk"
cp "$ROOT/installers/linux/crmdesk.desktop" "$APPDIR/usr/share/applications/crmdesk.desktop"
for size in 16 24 32 48 64 128 256 512; do
  mkdir -p "$APPDIR/usr/share/icons/hicolor/${size}x${size}/apps"
  cp "$ICONS/crmdesk-$size.png" "$APPDIR/usr/share/icons/hicolor/${size}x${size}/apps/crmdesk.png"
done
mkdir -p "$APPDIR/usr/share/icons/hicolor/scalable/apps"
cp "$ICONS/crmdesk.svg" "$APPDIR/usr/share/icons/hicolor/scalable/apps/crmdesk.svg"

# AppRun: start the bundled executable with the arguments given (crmdesk --self-test works on the AppImage too).
cat > "$APPDIR/AppRun" <<'APPRUN'
#!/bin/sh
HERE="$(dirname "$(readlink -f "$0")")"
exec "$HERE/usr/lib/crmdesk/crmdesk" "$@"
APPRUN
chmod +x "$APPDIR/AppRun"
# The top-level desktop file and icon an AppImage needs (linuxdeploy also places them; appimagetool needs them).
cp "$APPDIR/usr/share/applications/crmdesk.desktop" "$APPDIR/crmdesk.desktop"
cp "$ICONS/crmdesk-256.png" "$APPDIR/crmdesk.png"
ln -sf crmdesk.png "$APPDIR/.DirIcon"

if command -v desktop-file-validate >/dev/null 2>&1; then
  desktop-file-validate "$APPDIR/crmdesk.desktop"
fi
echo "build_appimage: checking the AppDir with its own self-test"
QT_QPA_PLATFORM=offscreen CRMDESK_HOME="$(mktemp -d)" "$APPDIR/AppRun" --self-test

if [ "${1:-}" = "--appdir-only" ]; then
  echo "build_appimage: AppDir ready at $APPDIR"
  exit 0
fi

LINUXDEPLOY=${LINUXDEPLOY:-$(command -v linuxdeploy || command -v linuxdeploy-x86_64.AppImage || true)}
if [ -z "$LINUXDEPLOY" ]; then
  echo "build_appimage: linuxdeploy not found (set \$LINUXDEPLOY); AppDir left at $APPDIR" >&2
  exit 3
fi
export ARCH VERSION
export LDAI_OUTPUT="$ROOT/dist/crmdesk-$VERSION-$ARCH.AppImage"
"$LINUXDEPLOY" --appdir "$APPDIR" \
  --desktop-file "$APPDIR/usr/share/applications/crmdesk.desktop" \
  --icon-file "$ICONS/crmdesk-256.png" --icon-filename crmdesk \
  --custom-apprun "$APPDIR/AppRun" \
  --output appimage
echo "build_appimage: $LDAI_OUTPUT ($(du -h "$LDAI_OUTPUT" | cut -f1))"
