"""Render the application icon from its SVG source into the sizes each OS wants.

    python installers/make_icons.py

Reads `resources/icons/app/crmdesk.svg` and writes, beside it:
- `crmdesk-<N>.png` for N in 16 24 32 48 64 128 256 512 1024 (Linux hicolor theme, AppImage, the window icon);
- `crmdesk.ico` (Windows: 16–256 px in one file, for the .exe, the installer and the shortcuts);
- `crmdesk.icns` (macOS: 32–1024 px, for the .app bundle and the .dmg).

Rendering is done by Qt (QSvgRenderer on an offscreen QImage, no display needed); the .ico and .icns containers
are written by Pillow (`pip install pillow`, already there as a ReportLab dependency). The outputs are committed,
so a normal build does not run this script.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
ICON_DIR = ROOT / "resources" / "icons" / "app"
SOURCE = ICON_DIR / "crmdesk.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> Image.Image:
    """One square rendering of the SVG, antialiased, as a Pillow RGBA image."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, b"PNG")
    buffer.close()
    return Image.open(io.BytesIO(bytes(data.data()))).convert("RGBA")


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        print(f"make_icons: cannot read {SOURCE}", file=sys.stderr)
        return 1
    images = {size: render(renderer, size) for size in sorted(set(PNG_SIZES) | set(ICO_SIZES))}
    written: list[Path] = []
    for size in PNG_SIZES:
        target = ICON_DIR / f"crmdesk-{size}.png"
        images[size].save(target, "PNG", optimize=True)
        written.append(target)
    ico = ICON_DIR / "crmdesk.ico"
    largest = images[max(ICO_SIZES)]
    largest.save(
        ico,
        "ICO",
        sizes=[(size, size) for size in ICO_SIZES],
        append_images=[images[size] for size in ICO_SIZES if size != max(ICO_SIZES)],
    )
    written.append(ico)
    icns = ICON_DIR / "crmdesk.icns"
    images[1024].save(icns, "ICNS", append_images=[images[size] for size in (32, 64, 128, 256, 512)])
    written.append(icns)
    for path in written:
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size / 1024:.1f} KB")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
