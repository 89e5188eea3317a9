"""A date field that accepts what people type in a Japanese store: 和暦 (S60.4.3, 昭和60年4月3日, R5/4/1, 平成元年1月8日)
as well as western dates (1985/4/3, 1985-04-03, 19850403), and shows the date in the chosen style."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from crmdesk.domain.eras import DateStyle, format_date, parse_date
from crmdesk.domain.errors import ValidationError


class DateEdit(QLineEdit):
    """`value()` is the date (or None when empty); `error()` says why the text is not a date."""

    dateChanged = Signal(object)  # date | None, after the user finished typing a valid date
    errorChanged = Signal(str)  # "" when the text is a date (or empty)

    def __init__(self, parent: QWidget | None = None, *, style: str = "wareki", field: str = "") -> None:
        super().__init__(parent)
        self._style = style
        self._field = field or self.tr("日付")
        self._value: date | None = None
        self._error = ""
        self.setPlaceholderText(self.tr("例: S60.4.3、昭和60年4月3日、1985/4/3"))
        self.editingFinished.connect(self._finish)
        self.textEdited.connect(self._check_while_typing)

    # ------------------------------------------------------------------ value
    def value(self) -> date | None:
        """The date as now typed (parsed again, so a value typed but not yet confirmed counts)."""
        self._parse(self.text())
        return self._value

    def error(self) -> str:
        self._parse(self.text())
        return self._error

    def set_value(self, value: date | None) -> None:
        self._value = value
        self._set_error("")
        self.setText(self._shown(value))
        self._update_tooltip()

    def set_style(self, style: str) -> None:
        """ "wareki" (令和5年4月1日) or "western" (2023/04/01): shows the same date the other way."""
        self._style = style
        if not self._error:
            self.setText(self._shown(self._value))
        self._update_tooltip()

    # ------------------------------------------------------------------ internals
    def _shown(self, value: date | None) -> str:
        if value is None:
            return ""
        return format_date(value, DateStyle.WAREKI if self._style == "wareki" else DateStyle.SLASH)

    def _other(self, value: date) -> str:
        return format_date(value, DateStyle.SLASH if self._style == "wareki" else DateStyle.WAREKI)

    def _parse(self, text: str) -> None:
        if not text.strip():
            self._value = None
            self._set_error("")
            return
        try:
            self._value = parse_date(text, field=self._field)
        except ValidationError as exc:
            self._value = None
            self._set_error(exc.reason)
        else:
            self._set_error("")

    def _check_while_typing(self, text: str) -> None:
        # While typing, only clear an old error: a half-typed date is not yet wrong.
        if self._error:
            self._parse(text)

    def _finish(self) -> None:
        before = self._value
        self._parse(self.text())
        if not self._error:
            shown = self._shown(self._value)
            if shown != self.text():
                self.setText(shown)
            if self._value != before:
                self.dateChanged.emit(self._value)
        self._update_tooltip()

    def _set_error(self, message: str) -> None:
        if message != self._error:
            self._error = message
            self.setProperty("invalid", bool(message))
            self.style().unpolish(self)
            self.style().polish(self)
            self.errorChanged.emit(message)

    def _update_tooltip(self) -> None:
        if self._value is not None:
            self.setToolTip(self._other(self._value))
        else:
            self.setToolTip(
                self.tr("和暦（S60.4.3、昭和60年4月3日、R5/4/1）でも西暦（1985/4/3）でも入力できます")
            )
