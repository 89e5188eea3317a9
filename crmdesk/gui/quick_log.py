"""Quick logging from the card: a call (with its outcome and an optional next follow-up), a visit, a purchase, a
gift or a note, and a follow-up with its reason. Each dialog checks its fields before anything is saved."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.domain.records import Consent, EventDraft, FollowUp, FollowUpDraft
from crmdesk.domain.textnorm import nfkc
from crmdesk.domain.values import CallOutcome, EventKind, FollowUpKind
from crmdesk.gui.date_edit import DateEdit
from crmdesk.gui.field_error import ErrorLabel, mark_invalid, with_error
from crmdesk.gui.labels import event_label, follow_up_label, outcome_label


def parse_yen(text: str) -> int | None:
    """'8,800', '８８００円', '¥8800' → 8800; '' → None. Raises ValueError for anything else."""
    cleaned = nfkc(text).replace(",", "").replace("円", "").replace("¥", "").replace("￥", "").strip()
    if not cleaned:
        return None
    return int(cleaned)


def consent_refusal(consent: Consent, kind: FollowUpKind) -> str:
    """The same rule as the service (checked here first, so a call and its follow-up save together or not at all)."""
    if kind in (FollowUpKind.LETTER, FollowUpKind.GIFT) and consent.letter is False:
        return QCoreApplication.translate("FollowUpFields", "郵送物を希望されていません（DM不可）")
    if kind is FollowUpKind.CALL and consent.phone is False:
        return QCoreApplication.translate("FollowUpFields", "電話連絡を希望されていません")
    return ""


def local_noon_utc(day: date) -> datetime:
    """A date picked for an event, at noon local time, as UTC."""
    return datetime.combine(day, time(12, 0)).astimezone().astimezone(UTC)


class FollowUpFields(QWidget):
    """Due date, kind, reason (and who): used alone and under a logged call."""

    def __init__(
        self,
        *,
        today: date,
        date_style: str,
        staff_names: list[str],
        staff: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.due = DateEdit(style=date_style, field=self.tr("予定日"))
        self.due.set_value(today + timedelta(days=7))
        self.kind = QComboBox()
        for kind in FollowUpKind:
            self.kind.addItem(follow_up_label(kind), kind.value)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("例: 車検のご案内、誕生日のお祝い"))
        self.staff = QComboBox()
        self.staff.setEditable(True)
        self.staff.addItems(staff_names)
        self.staff.setCurrentText(staff or "")
        self.due_error, self.reason_error, self.kind_error = ErrorLabel(), ErrorLabel(), ErrorLabel()
        self.due.errorChanged.connect(self.due_error.show_error)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("予定日"), with_error(self.due, self.due_error))
        form.addRow(self.tr("方法"), with_error(self.kind, self.kind_error))
        form.addRow(self.tr("理由"), with_error(self.reason, self.reason_error))
        form.addRow(self.tr("担当"), self.staff)

    def problems(self, consent: Consent | None) -> bool:
        due_message = self.due.error() or ("" if self.due.value() else self.tr("予定日を入力してください"))
        self.due_error.show_error(due_message)
        mark_invalid(self.due, bool(due_message))
        reason_message = (
            "" if self.reason.text().strip() else self.tr("この方にご連絡する理由を入力してください")
        )
        self.reason_error.show_error(reason_message)
        mark_invalid(self.reason, bool(reason_message))
        kind_message = consent_refusal(consent, FollowUpKind(self.kind.currentData())) if consent else ""
        self.kind_error.show_error(kind_message)
        return bool(due_message or reason_message or kind_message)

    def draft(self, source_event_id: int | None = None) -> FollowUpDraft:
        due = self.due.value()
        assert due is not None
        return FollowUpDraft(
            due_date=due,
            kind=FollowUpKind(self.kind.currentData()),
            reason=self.reason.text().strip(),
            staff=self.staff.currentText().strip() or None,
            source_event_id=source_event_id,
        )


class LogEventDialog(QDialog):
    """One dialog for every kind of quick log; the fields follow the kind (a salon visit has menu and stylist)."""

    def __init__(
        self,
        kind: EventKind,
        *,
        customer_name: str,
        consent: Consent,
        store_kind: str,
        today: date,
        date_style: str,
        staff_names: list[str],
        staff: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self.consent = consent
        self._today = today
        self.setWindowTitle(
            self.tr("{kind}を記録 — {name}様").format(kind=event_label(kind), name=customer_name)
        )
        defaults = {
            EventKind.CALL: self.tr("お電話"),
            EventKind.VISIT: self.tr("ご来店"),
            EventKind.PURCHASE: self.tr("ご購入"),
            EventKind.GIFT: self.tr("ギフトをお送りしました"),
            EventKind.NOTE: "",
            EventKind.LETTER: self.tr("お手紙をお送りしました"),
            EventKind.COMPLAINT: self.tr("ご相談"),
            EventKind.SURVEY: self.tr("アンケート"),
        }
        form = QFormLayout()
        self.day = DateEdit(style=date_style, field=self.tr("日付"))
        self.day.set_value(today)
        self.day_error = ErrorLabel()
        self.day.errorChanged.connect(self.day_error.show_error)
        form.addRow(self.tr("日付"), with_error(self.day, self.day_error))
        self.outcome = QComboBox()
        if kind is EventKind.CALL:
            for outcome in CallOutcome:
                self.outcome.addItem(outcome_label(outcome), outcome.value)
            form.addRow(self.tr("結果"), self.outcome)
        self.summary = QLineEdit(defaults[kind])
        self.summary_error = ErrorLabel()
        form.addRow(
            self.tr("件名") if kind is not EventKind.PURCHASE else self.tr("お買い上げ品"),
            with_error(self.summary, self.summary_error),
        )
        self.menu = QLineEdit()
        self.stylist = QComboBox()
        self.stylist.setEditable(True)
        self.stylist.addItems(staff_names)
        self.stylist.setCurrentText(staff or "")
        self.treatment = QPlainTextEdit()
        self.treatment.setFixedHeight(56)
        self.treatment.setPlaceholderText(self.tr("例: 8トーン アッシュ 6% 1:1 放置20分"))
        self.products = QLineEdit()
        salon_visit = kind is EventKind.VISIT and store_kind == "salon"
        if salon_visit:
            self.menu.setPlaceholderText(self.tr("例: カット＋カラー"))
            form.addRow(self.tr("メニュー"), self.menu)
            form.addRow(self.tr("スタイリスト"), self.stylist)
        self.amount = QLineEdit()
        self.amount.setPlaceholderText(self.tr("例: 8,800"))
        self.amount_error = ErrorLabel()
        if kind in (EventKind.PURCHASE, EventKind.VISIT):
            form.addRow(self.tr("金額（円）"), with_error(self.amount, self.amount_error))
        if salon_visit:
            form.addRow(self.tr("施術メモ"), self.treatment)
            form.addRow(self.tr("使用商品"), self.products)
        self.body = QPlainTextEdit()
        self.body.setFixedHeight(80)
        self.body.setPlaceholderText(self.tr("お話しした内容など"))
        form.addRow(self.tr("内容"), self.body)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.follow_up_box = QGroupBox(self.tr("次回フォローを登録する"))
        self.follow_up_box.setCheckable(True)
        self.follow_up_box.setChecked(False)
        self.follow_up = FollowUpFields(
            today=today, date_style=date_style, staff_names=staff_names, staff=staff
        )
        box_layout = QVBoxLayout(self.follow_up_box)
        box_layout.addWidget(self.follow_up)
        self.follow_up.setVisible(False)
        self.follow_up_box.toggled.connect(self.follow_up.setVisible)
        if kind in (EventKind.CALL, EventKind.VISIT, EventKind.PURCHASE):
            layout.addWidget(self.follow_up_box)
        else:
            self.follow_up_box.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        (self.summary if kind is EventKind.NOTE else self.body).setFocus()
        self.resize(460, self.sizeHint().height())

    def problems(self) -> bool:
        day_message = self.day.error() or ("" if self.day.value() else self.tr("日付を入力してください"))
        if not day_message and (day := self.day.value()) is not None and day > self._today:
            day_message = self.tr("未来の日付です。予定はフォローとして登録してください")
        self.day_error.show_error(day_message)
        mark_invalid(self.day, bool(day_message))
        summary_message = "" if self.summary.text().strip() else self.tr("件名を入力してください")
        self.summary_error.show_error(summary_message)
        mark_invalid(self.summary, bool(summary_message))
        amount_message = ""
        try:
            parse_yen(self.amount.text())
        except ValueError:
            amount_message = self.tr("金額は数字で入力してください（例: 8,800）")
        self.amount_error.show_error(amount_message)
        mark_invalid(self.amount, bool(amount_message))
        follow_up_bad = self.follow_up_box.isChecked() and self.follow_up.problems(self.consent)
        return bool(day_message or summary_message or amount_message or follow_up_bad)

    def accept(self) -> None:
        if not self.problems():
            super().accept()

    def event_draft(self) -> EventDraft:
        day = self.day.value() or self._today
        occurred = None if day == self._today else local_noon_utc(day)
        return EventDraft(
            kind=self.kind,
            summary=self.summary.text().strip(),
            occurred_at=occurred,
            body=self.body.toPlainText().strip(),
            amount_yen=parse_yen(self.amount.text()),
            menu=self.menu.text().strip(),
            stylist=self.stylist.currentText().strip() if self.menu.text().strip() else "",
            treatment_notes=self.treatment.toPlainText().strip(),
            products=self.products.text().strip(),
            outcome=str(self.outcome.currentData() or ""),
        )

    def follow_up_draft(self, source_event_id: int | None) -> FollowUpDraft | None:
        if not self.follow_up_box.isChecked():
            return None
        return self.follow_up.draft(source_event_id)


class FollowUpDialog(QDialog):
    def __init__(
        self,
        *,
        customer_name: str,
        consent: Consent,
        today: date,
        date_style: str,
        staff_names: list[str],
        staff: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.consent = consent
        self.setWindowTitle(self.tr("フォローを追加 — {name}様").format(name=customer_name))
        self.fields = FollowUpFields(today=today, date_style=date_style, staff_names=staff_names, staff=staff)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.fields)
        layout.addWidget(buttons)
        self.fields.reason.setFocus()

    def accept(self) -> None:
        if not self.fields.problems(self.consent):
            super().accept()

    def draft(self) -> FollowUpDraft:
        return self.fields.draft()


class CompleteFollowUpDialog(QDialog):
    """Done or skipped, with what happened (it goes onto the timeline)."""

    def __init__(self, follow_up: FollowUp, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("フォローの結果 — {reason}").format(reason=follow_up.reason))
        self.done_choice = QRadioButton(self.tr("完了"))
        self.skipped_choice = QRadioButton(self.tr("見送り"))
        self.done_choice.setChecked(True)
        self.result_edit = QPlainTextEdit()
        self.result_edit.setPlaceholderText(self.tr("結果（例: 来週ご来店予定）"))
        self.result_edit.setFixedHeight(80)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.done_choice)
        layout.addWidget(self.skipped_choice)
        layout.addWidget(self.result_edit)
        layout.addWidget(buttons)
        self.result_edit.setFocus()

    @property
    def is_skipped(self) -> bool:
        return self.skipped_choice.isChecked()

    def result_text(self) -> str:
        return self.result_edit.toPlainText().strip()
