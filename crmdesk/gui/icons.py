"""UI icons from `resources/icons/` (SVG), cached by name."""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QIcon

from crmdesk.paths import resource_path


@cache
def icon(name: str) -> QIcon:
    """The icon `resources/icons/<name>.svg`; an empty icon when it is missing (the text still shows)."""
    path = resource_path("icons", f"{name}.svg")
    return QIcon(str(path)) if path.exists() else QIcon()
