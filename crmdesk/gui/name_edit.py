"""The name field that hears the reading: as a name is typed through the Japanese IME, the kana the user typed
before converting (the pre-edit text of `QInputMethodEvent`) becomes the reading (フリガナ), the way Japanese
business software has always filled フリガナ."""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from crmdesk.domain.textnorm import to_katakana

_KANA = re.compile(r"^[\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc\u30fd\u30fe\uff66-\uff9f\s\u3000]+$")


def is_kana(text: str) -> bool:
    return bool(text) and bool(_KANA.match(text))


class NameEdit(QLineEdit):
    """Emits `readingTyped(katakana)` for each piece of the name committed by the IME (or typed as kana)."""

    readingTyped = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._last_kana = ""  # the pre-edit while it was still kana (before the user pressed 変換)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:
        preedit = event.preeditString()
        commit = event.commitString()
        if preedit and is_kana(preedit):
            self._last_kana = preedit
        if commit:
            reading = commit if is_kana(commit) else self._last_kana
            self._last_kana = ""
            if reading:
                self.readingTyped.emit(" " if reading.isspace() else to_katakana(reading))
        elif not preedit:  # composition cancelled (Esc)
            self._last_kana = ""
        super().inputMethodEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        super().keyPressEvent(event)
        if text in (" ", "\u3000"):  # the space between family and given name goes into the reading too
            self.readingTyped.emit(" ")
        elif text and is_kana(text):  # kana typed straight in (kana input, no conversion)
            self.readingTyped.emit(to_katakana(text))
