"""Correcting a history event from the timeline: its date (a purchase entered with the wrong day; the open follow-ups
its scenarios planned move with it) or deleting a mistaken event (asking what becomes of those follow-ups).

Each correction is one service call, one transaction; the functions return the message for the status bar, or None
when the user cancelled or nothing could be done (the reason was shown).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from crmdesk.domain.errors import CrmError
from crmdesk.domain.records import HistoryEvent
from crmdesk.gui.date_edit import DateEdit
from crmdesk.gui.labels import event_label, short_date

if TYPE_CHECKING:
    from crmdesk.services.bundle import Services


def event_day(event: HistoryEvent) -> date:
    """The (local) day the event happened on."""
    return event.occurred_at.astimezone().date()


class EventDateDialog(QDialog):
    """A date field prefilled with the event's day (和暦 or western, as typed); OK only with a valid date."""

    def __init__(
        self, event: HistoryEvent, *, planned: int, date_style: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("eventDateDialog")
        self.setWindowTitle(self.tr("日付を変更"))
        intro = QLabel(
            self.tr("「{summary}」（{kind}）の日付を変更します。").format(
                summary=event.summary, kind=event_label(event.kind)
            )
        )
        intro.setWordWrap(True)
        self.date = DateEdit(style=date_style, field=self.tr("日付"))
        self.date.set_value(event_day(event))
        self.date.selectAll()
        self.error = QLabel()
        self.error.setObjectName("dateError")
        self.error.setWordWrap(True)
        self.error.hide()
        self.date.errorChanged.connect(self._show_error)
        form = QFormLayout()
        form.addRow(self.tr("新しい日付"), self.date)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        if planned:
            note = QLabel(
                self.tr(
                    "この記録から作られた未完了のフォロー {count}件の予定日も、新しい日付に合わせて組み直します。"
                ).format(count=planned)
            )
            note.setObjectName("replanNote")
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(420, self.sizeHint().height())

    def chosen(self) -> date | None:
        return self.date.value()

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(bool(message))

    def accept(self) -> None:
        problem = self.date.error()
        if not problem and self.date.value() is None:
            problem = self.tr("日付を入力してください")
        if problem:
            self._show_error(problem)
            self.date.setFocus()
            return
        super().accept()


def change_event_date(
    parent: QWidget, services: Services, event: HistoryEvent, *, date_style: str
) -> str | None:
    """Ask for the event's new date, then move it and re-plan its open follow-ups in one transaction."""
    try:
        planned = len(services.scenarios.planned_from(event_id=event.id))
    except CrmError:
        planned = 0
    dialog = EventDateDialog(event, planned=planned, date_style=date_style, parent=parent)
    if not dialog.exec():
        return None
    new_day = dialog.chosen()
    if new_day is None or new_day == event_day(event):
        return None
    try:
        report = services.scenarios.change_trigger_date(event.id, new_day)
    except CrmError as exc:
        QMessageBox.warning(
            parent, QCoreApplication.translate("EventDateDialog", "日付を変更できません"), exc.message
        )
        return None
    when = short_date(new_day, date_style)
    if report.replanned:
        return QCoreApplication.translate(
            "EventDateDialog",
            "「{summary}」の日付を{date}に変更し、フォロー {count}件の予定日を組み直しました",
        ).format(summary=event.summary, date=when, count=len(report.replanned))
    return QCoreApplication.translate("EventDateDialog", "「{summary}」の日付を{date}に変更しました").format(
        summary=event.summary, date=when
    )


class DeleteEventQuestion(QMessageBox):
    """Delete this event? When scenarios planned open follow-ups from it: delete them too / keep them / cancel."""

    def __init__(self, event: HistoryEvent, *, planned: int, date_style: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("deleteEvent")
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(self.tr("履歴の削除"))
        what = self.tr("{date}の{kind}「{summary}」").format(
            date=short_date(event_day(event), date_style), kind=event_label(event.kind), summary=event.summary
        )
        self.drop_button = None
        self.keep_button = None
        if planned:
            self.setText(
                self.tr(
                    "{what}を履歴から削除します。\n"
                    "この記録から作られた未完了のフォローが {count}件あります。どうしますか？"
                ).format(what=what, count=planned)
            )
            self.drop_button = self.addButton(
                self.tr("フォローも削除する"), QMessageBox.ButtonRole.DestructiveRole
            )
            self.keep_button = self.addButton(self.tr("フォローは残す"), QMessageBox.ButtonRole.AcceptRole)
        else:
            self.setText(self.tr("{what}を履歴から削除しますか？").format(what=what))
            self.keep_button = self.addButton(self.tr("削除する"), QMessageBox.ButtonRole.DestructiveRole)
        self.setInformativeText(self.tr("削除した記録は元に戻せません。"))
        cancel = self.addButton(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(cancel)  # the Delete key pressed by mistake, then Enter: nothing is lost
        self.setEscapeButton(cancel)

    def answer(self) -> bool | None:
        """None: cancelled; else whether the planned follow-ups go too."""
        clicked = self.clickedButton()
        if clicked is not None and clicked is self.drop_button:
            return True
        if clicked is not None and clicked is self.keep_button:
            return False
        return None


def delete_event(parent: QWidget, services: Services, event: HistoryEvent, *, date_style: str) -> str | None:
    """Confirm, then delete the event (and, if the user chose so, the open follow-ups planned from it)."""
    try:
        planned = len(services.scenarios.planned_from(event_id=event.id))
    except CrmError:
        planned = 0
    box = DeleteEventQuestion(event, planned=planned, date_style=date_style, parent=parent)
    box.exec()
    drop = box.answer()
    if drop is None:
        return None
    try:
        dropped = services.history.delete(event.id, drop_planned=drop)
    except CrmError as exc:
        QMessageBox.warning(
            parent, QCoreApplication.translate("DeleteEventQuestion", "削除できません"), exc.message
        )
        return None
    if dropped:
        return QCoreApplication.translate(
            "DeleteEventQuestion", "「{summary}」を削除しました（フォロー {count}件も削除しました）"
        ).format(summary=event.summary, count=dropped)
    if planned:
        return QCoreApplication.translate(
            "DeleteEventQuestion", "「{summary}」を削除しました（フォロー {count}件は残しました）"
        ).format(summary=event.summary, count=planned)
    return QCoreApplication.translate("DeleteEventQuestion", "「{summary}」を削除しました").format(
        summary=event.summary
    )
