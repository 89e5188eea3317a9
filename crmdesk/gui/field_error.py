"""A field's own error line: the problem is named where it is, in red, under the field."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from crmdesk.gui.look import ERROR, INVALID_FIELD, text_colour


def mark_invalid(widget: QWidget, invalid: bool) -> None:
    """A red frame on the field while its value is wrong (its own small style sheet, only then)."""
    if bool(widget.property("invalid")) != invalid:
        widget.setProperty("invalid", invalid)
        widget.setStyleSheet(INVALID_FIELD if invalid else "")


class ErrorLabel(QLabel):
    """Hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "error")
        text_colour(self, ERROR)
        self.setWordWrap(True)
        self.hide()

    def show_error(self, message: str) -> None:
        self.setText(message)
        self.setVisible(bool(message))


def with_error(widget: QWidget, error: ErrorLabel) -> QWidget:
    """The field with its error line under it, as one widget for a form row."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(widget)
    layout.addWidget(error)
    return box
