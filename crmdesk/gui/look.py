"""Colours and type sizes of a few labels, set on the widgets themselves.

The app has no application-wide style sheet: with one, Qt styles every widget through the style-sheet engine, which
made building and first painting the window about 0.1 s (CPU) slower with a 100,000-customer store. A field marked
invalid gets a small style sheet of its own, only while it is invalid.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QWidget

ERROR = "#b3261e"
HINT = "#1b5e20"
MUTED = "#5f6368"
INVALID_FIELD = f'*[invalid="true"] {{ border: 1px solid {ERROR}; background: #fdecea; }}'


def text_colour(widget: QWidget, colour: str) -> None:
    """The colour of a label's text (and of a field's text)."""
    palette = widget.palette()
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        palette.setColor(role, QColor(colour))
    widget.setPalette(palette)


def type_size(widget: QWidget, points: float, *, bold: bool = False) -> None:
    font = QFont(widget.font())
    font.setPointSizeF(points)
    font.setBold(bold)
    widget.setFont(font)
