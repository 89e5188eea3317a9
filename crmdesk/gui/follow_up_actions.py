"""What staff do with a follow-up, shared by the Today screen and the calendar: done or skipped with a result note
(which goes onto the customer's timeline), or moved to another day.

The dialogs open window-modal and non-blocking (`open()`), so the screen stays responsive and tests can fill them in
like a user; `FollowUpActions` calls the service when one is accepted and shows a service error in words.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QTextCharFormat
from PySide6.QtWidgets import (
    QCalendarWidget,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from crmdesk.domain.calendar_rules import closed_reason, holiday_name
from crmdesk.domain.errors import CrmError
from crmdesk.gui.labels import show_date

if TYPE_CHECKING:
    from crmdesk.services.bundle import Services

FOLLOW_UP_MIME = "application/x-crmdesk-follow-up"


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


class ResultDialog(QDialog):
    """完了 or 見送り, with a note of what happened (it goes onto the timeline)."""

    def __init__(
        self,
        customer_name: str,
        what: str,
        reason: str,
        *,
        skipped: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("followUpResultDialog")
        self.skipped = skipped
        self.setWindowTitle(self.tr("フォローを見送る") if skipped else self.tr("フォローを完了にする"))
        layout = QVBoxLayout(self)
        heading = QLabel(self.tr("{name}様 — {what}").format(name=customer_name, what=what))
        heading.setObjectName("resultHeading")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        why = QLabel(self.tr("理由: {reason}").format(reason=reason))
        why.setWordWrap(True)
        layout.addWidget(why)
        layout.addWidget(
            QLabel(
                self.tr("見送る理由（履歴に残ります）")
                if skipped
                else self.tr("結果のメモ（履歴に残ります）")
            )
        )
        self.note = QPlainTextEdit()
        self.note.setObjectName("resultNote")
        self.note.setPlaceholderText(
            self.tr("例: ご家族の入院で今月は控えたいとのこと")
            if skipped
            else self.tr("例: 12月の車検をご予約いただいた。奥様もお元気とのこと")
        )
        self.note.setTabChangesFocus(True)
        layout.addWidget(self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("見送りにする") if skipped else self.tr("完了にする"))
        ok.setObjectName("resultOk")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("キャンセル"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(460, 280)

    def text(self) -> str:
        return self.note.toPlainText().strip()


class RescheduleDialog(QDialog):
    """Choose the new day on a calendar; a holiday or a closed day is pointed out (staff may still choose it)."""

    def __init__(
        self,
        customer_name: str,
        what: str,
        current: date,
        *,
        closed_weekdays: Collection[int] = (),
        date_style: str = "wareki",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("rescheduleDialog")
        self.closed_weekdays = frozenset(closed_weekdays)
        self.date_style = date_style
        self.setWindowTitle(self.tr("日付を変更"))
        layout = QVBoxLayout(self)
        heading = QLabel(
            self.tr("{name}様 — {what}（いまの予定: {day}）").format(
                name=customer_name, what=what, day=show_date(current, date_style)
            )
        )
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.calendar = QCalendarWidget()
        self.calendar.setObjectName("rescheduleCalendar")
        self.calendar.setLocale(QLocale(QLocale.Language.Japanese, QLocale.Country.Japan))
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Sunday)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setGridVisible(True)
        self.calendar.setMinimumSize(400, 270)
        self.calendar.currentPageChanged.connect(self._mark_holidays)
        self.calendar.setSelectedDate(to_qdate(current))
        self._mark_holidays(current.year, current.month)
        self.calendar.selectionChanged.connect(self._update_note)
        layout.addWidget(self.calendar)
        self.note = QLabel()
        self.note.setObjectName("rescheduleNote")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("この日に変更"))
        ok.setObjectName("rescheduleOk")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("キャンセル"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._update_note()
        self.resize(440, 470)

    def chosen(self) -> date:
        return from_qdate(self.calendar.selectedDate())

    def set_chosen(self, day: date) -> None:
        self.calendar.setSelectedDate(to_qdate(day))

    def _mark_holidays(self, year: int, month: int) -> None:
        """Public holidays in red with their name as a tooltip, closed weekdays in grey, on the page shown."""
        first = date(year, month, 1)
        for offset in range(-7, 45):
            day = first + timedelta(days=offset)
            text_format = QTextCharFormat()
            name = holiday_name(day)
            if name:
                text_format.setForeground(QBrush(QColor("#c62828")))
                text_format.setToolTip(name)
            elif day.weekday() in self.closed_weekdays:
                text_format.setForeground(QBrush(QColor("#8a8a8a")))
                text_format.setToolTip("定休日")
            elif day.weekday() == 6:
                text_format.setForeground(QBrush(QColor("#c62828")))
            elif day.weekday() == 5:
                text_format.setForeground(QBrush(QColor("#1f5fbf")))
            else:
                text_format.setForeground(QBrush(QColor("#222222")))
            self.calendar.setDateTextFormat(to_qdate(day), text_format)

    def _update_note(self) -> None:
        day = self.chosen()
        reason = closed_reason(day, self.closed_weekdays)
        shown = show_date(day, self.date_style)
        if reason:
            self.note.setText(
                self.tr("{day} は{reason}です。お休みの日でよければそのまま変更できます。").format(
                    day=shown, reason=reason
                )
            )
        else:
            self.note.setText(self.tr("{day} に変更します。").format(day=shown))


class FollowUpActions(QObject):
    """Opens the dialogs for one follow-up and calls the service; `changed` tells the screen to refresh."""

    changed = Signal(int)  # the follow-up's id
    failed = Signal(str)  # a message shown to the user

    def __init__(self, services: Services, parent_widget: QWidget, *, date_style: str = "wareki") -> None:
        super().__init__(parent_widget)
        self.services = services
        self.parent_widget = parent_widget
        self.date_style = date_style
        self.dialog: QDialog | None = None  # the dialog open now (tests and screenshots reach it here)

    def complete(
        self, follow_up_id: int, customer_name: str, kind_label: str, reason: str, *, skipped: bool
    ) -> None:
        dialog = ResultDialog(customer_name, kind_label, reason, skipped=skipped, parent=self.parent_widget)

        def done() -> None:
            self._run(
                lambda: self.services.followups.complete(follow_up_id, dialog.text(), skipped=skipped),
                follow_up_id,
            )

        self._open(dialog, done)

    def reschedule(self, follow_up_id: int, customer_name: str, kind_label: str, current: date) -> None:
        closed = self.services.store.settings().closed_weekdays
        dialog = RescheduleDialog(
            customer_name,
            kind_label,
            current,
            closed_weekdays=closed,
            date_style=self.date_style,
            parent=self.parent_widget,
        )

        def done() -> None:
            self.move(follow_up_id, dialog.chosen())

        self._open(dialog, done)

    def move(self, follow_up_id: int, day: date) -> None:
        """Reschedule without asking (a drop onto a day)."""
        self._run(lambda: self.services.followups.reschedule(follow_up_id, day), follow_up_id)

    def _open(self, dialog: QDialog, on_accept: Callable[[], None]) -> None:
        self.dialog = dialog
        dialog.accepted.connect(on_accept)
        dialog.finished.connect(lambda _: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _run(self, action: Callable[[], object], follow_up_id: int) -> None:
        try:
            action()
        except CrmError as exc:
            self.failed.emit(exc.message)
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                self.tr("フォロー"),
                exc.message,
                QMessageBox.StandardButton.Ok,
                self.parent_widget,
            )
            box.setObjectName("followUpError")
            box.finished.connect(lambda _: box.deleteLater())
            box.open()
            return
        self.changed.emit(follow_up_id)
