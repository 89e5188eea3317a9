"""The top of a card: who this is at a glance — name, reading, honorific, age, phase, tags, staff, last contact
and the next follow-up with its reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from crmdesk.domain.records import CustomerCard
from crmdesk.domain.values import EventKind, FollowUpStatus, Phase
from crmdesk.gui.labels import age_label, follow_up_label, phase_label, short_date
from crmdesk.gui.look import MUTED, text_colour, type_size

PHASE_COLOURS = {
    Phase.PROSPECT: "#6b5b95",
    Phase.NEW: "#2e7d32",
    Phase.EXISTING: "#1565c0",
    Phase.DORMANT: "#8d6e63",
    Phase.LOST: "#757575",
}
CONTACT_EVENTS = {
    EventKind.PURCHASE,
    EventKind.VISIT,
    EventKind.CALL,
    EventKind.LETTER,
    EventKind.GIFT,
    EventKind.COMPLAINT,
}


class CardHeader(QWidget):
    def __init__(self, *, today: Callable[[], date], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._today = today
        self.date_style = "wareki"
        self.name = QLabel()
        self.name.setObjectName("cardName")
        type_size(self.name, 20, bold=True)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chips = QLabel()
        self.chips.setTextFormat(Qt.TextFormat.RichText)
        self.reading = QLabel()
        self.reading.setObjectName("cardReading")
        text_colour(self.reading, MUTED)
        self.facts = QLabel()
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.facts.setWordWrap(True)
        self.next = QLabel()
        self.next.setTextFormat(Qt.TextFormat.RichText)
        self.next.setWordWrap(True)
        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self.name)
        top.addWidget(self.chips)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        layout.addWidget(self.reading)
        layout.addLayout(top)
        layout.addWidget(self.facts)
        layout.addWidget(self.next)
        self.show_card(None)

    def show_card(self, card: CustomerCard | None, *, new: bool = False) -> None:
        if card is None:
            self.reading.setText("")
            self.name.setText(self.tr("新しいお客様") if new else self.tr("お客様を選んでください"))
            self.chips.setText("")
            self.facts.setText(
                self.tr("お名前から入力してください（フリガナは自動で入ります）。") if new else ""
            )
            self.next.setText("")
            return
        self.reading.setText(card.name_kana)
        self.name.setText(f"{card.name} {card.honorific.value}")
        colour = PHASE_COLOURS[card.phase]
        chips = [
            f'<span style="background:{colour}; color:white;">&nbsp;{escape(phase_label(card.phase))}&nbsp;</span>'
        ]
        chips += [
            f'<span style="background:#e8eaf6; color:#283593;">&nbsp;{escape(t)}&nbsp;</span>'
            for t in card.tags
        ]
        if card.deleted_at is not None:
            chips.append(
                f'<span style="background:#b3261e; color:white;">&nbsp;{escape(self.tr("ごみ箱"))}&nbsp;</span>'
            )
        self.chips.setText("&nbsp;".join(chips))
        facts: list[str] = []
        age = age_label(card.birthday, self._today())
        if age:
            facts.append(
                self.tr("{age}（{birthday}生）").format(
                    age=age, birthday=short_date(card.birthday, self.date_style)
                )
            )
        facts.append(self.tr("担当: {staff}").format(staff=card.staff or self.tr("未定")))
        last = next((e.occurred_at for e in card.events if e.kind in CONTACT_EVENTS), None)
        facts.append(
            self.tr("最終接触: {date}").format(
                date=short_date(last.astimezone().date(), self.date_style) if last else self.tr("なし")
            )
        )
        if card.code:
            facts.append(self.tr("No. {code}").format(code=card.code))
        self.facts.setText(escape("　・　".join(facts)))
        upcoming = [f for f in card.follow_ups if f.status is FollowUpStatus.OPEN]
        if upcoming:
            first = upcoming[0]
            overdue = first.due_date < self._today()
            colour = "#b3261e" if overdue else "#1b5e20"
            text = self.tr("次回フォロー: {date} {kind}「{reason}」").format(
                date=short_date(first.due_date, self.date_style),
                kind=follow_up_label(first.kind),
                reason=first.reason,
            )
            if overdue:
                text += self.tr("（期限切れ）")
            self.next.setText(f'<span style="color:{colour};">{escape(text)}</span>')
        else:
            self.next.setText(escape(self.tr("次回フォロー: 予定なし")))
