"""The bundled Japanese fonts: registered with Qt at start so the app looks the same on every PC."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from crmdesk.paths import resource_path

log = logging.getLogger(__name__)

UI_FONT_FILES = ("BIZUDGothic-Regular.ttf", "BIZUDGothic-Bold.ttf", "BIZUDMincho-Regular.ttf", "ipaexg.ttf")
UI_FAMILY = "BIZ UDGothic"
FALLBACK_FAMILY = "IPAexGothic"
UI_POINT_SIZE = 10


def register_fonts() -> list[str]:
    """Add the bundled fonts to Qt's font database; returns the families that were registered."""
    families: list[str] = []
    for name in UI_FONT_FILES:
        path = resource_path("fonts", name)
        if not path.exists():
            log.warning("bundled font missing: %s", path)
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("Qt could not load the font %s", path)
            continue
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return families


def apply_ui_font(app: QApplication) -> QFont:
    """BIZ UD Gothic for every widget (IPAex Gothic for a glyph it lacks)."""
    registered = register_fonts()
    font = QFont(app.font())
    family = (
        UI_FAMILY if UI_FAMILY in registered else (FALLBACK_FAMILY if FALLBACK_FAMILY in registered else "")
    )
    if family:
        font.setFamilies([family, FALLBACK_FAMILY])
    font.setPointSize(UI_POINT_SIZE)
    app.setFont(font)
    return font
