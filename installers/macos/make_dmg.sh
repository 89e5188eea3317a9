#!/usr/bin/env bash
# Put dist/crmdesk.app (made by `python build_spec.py` on macOS) into a drag-to-Applications disk image:
#   dist/crmdesk-<version>-macos-<arch>.dmg
# Uses create-dmg (`brew install create-dmg`) for the window layout; falls back to plain hdiutil.
set -euo pipefail
cd "$(dirname "$0")/../.."

APP="dist/crmdesk.app"
VERSION=$(python -c "import crmdesk; print(crmdesk.__version__)")
ARCH=$(uname -m)
DMG="dist/crmdesk-$VERSION-macos-$ARCH.dmg"
STAGE="build/dmg"

if [ ! -d "$APP" ]; then
  echo "make_dmg: $APP is missing; run: python build_spec.py" >&2
  exit 2
fi
echo "make_dmg: checking the bundle with its own self-test"
QT_QPA_PLATFORM=offscreen CRMDESK_HOME="$(mktemp -d)" "$APP/Contents/MacOS/crmdesk" --self-test

rm -rf "$STAGE" "$DMG"
mkdir -p "$STAGE"
cp -R "$APP" "$STAGE/"

if command -v create-dmg >/dev/null 2>&1; then
  create-dmg \
    --volname "crmdesk $VERSION" \
    --volicon "resources/icons/app/crmdesk.icns" \
    --window-pos 200 120 \
    --window-size 600 340 \
    --icon-size 112 \
    --icon "crmdesk.app" 160 160 \
    --hide-extension "crmdesk.app" \
    --app-drop-link 440 160 \
    --no-internet-enable \
    "$DMG" "$STAGE/"
else
  echo "make_dmg: create-dmg not found, making a plain image with hdiutil"
  ln -s /Applications "$STAGE/Applications"
  hdiutil create -volname "crmdesk $VERSION" -srcfolder "$STAGE" -ov -format UDZO "$DMG"
fi
echo "make_dmg: $DMG ($(du -h "$DMG" | cut -f1))"
