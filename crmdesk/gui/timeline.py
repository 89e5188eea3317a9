"""The timeline: every purchase, visit, call, letter, gift, complaint and note of one customer, newest first,
filtered by kind and staff member. A salon visit shows menu, stylist, price and treatment notes at a glance.

A list model with a painting delegate (no widget per event): a card with 1,000 events opens as fast as one with 10.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from html import escape
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QKeySequence, QPainter, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QSizePolicy,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.domain.eras import DateStyle, format_date
from crmdesk.domain.records import HistoryEvent
from crmdesk.domain.values import EventKind
from crmdesk.gui.labels import event_label, outcome_label, yen

Index = QModelIndex | QPersistentModelIndex
EVENT_ROLE = Qt.ItemDataRole.UserRole + 1
INTERNAL_KINDS = frozenset({EventKind.COMPLAINT, EventKind.NOTE})  # hidden in counter mode
KIND_COLOURS = {
    EventKind.PURCHASE: "#c62828",
    EventKind.VISIT: "#2e7d32",
    EventKind.CALL: "#1565c0",
    EventKind.LETTER: "#6a1b9a",
    EventKind.GIFT: "#ef6c00",
    EventKind.COMPLAINT: "#4e342e",
    EventKind.SURVEY: "#00838f",
    EventKind.NOTE: "#616161",
}


def event_time(value: datetime, style: str) -> str:
    local = value.astimezone()
    day = format_date(local.date(), DateStyle.WAREKI_SHORT if style == "wareki" else DateStyle.SLASH)
    return f"{day} {local:%H:%M}"


def event_details(event: HistoryEvent) -> str:
    """The at-a-glance line under the summary: menu / stylist / price / treatment notes, or call outcome."""
    parts: list[str] = []
    if event.menu:
        parts.append(event.menu)
    if event.stylist:
        parts.append(event.stylist)
    if event.amount_yen is not None:
        parts.append(yen(event.amount_yen))
    if event.treatment_notes:
        parts.append(event.treatment_notes)
    if event.products:
        parts.append(event.products)
    if event.outcome:
        parts.append(outcome_label(event.outcome))
    if event.body:
        parts.append(event.body.splitlines()[0])
    if event.photo_count:
        parts.append(f"📷{event.photo_count}")
    return " ／ ".join(parts)


class TimelineModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[HistoryEvent] = []
        self._shown: list[HistoryEvent] = []
        self.kinds: set[EventKind] = set(EventKind)
        self.staff: str | None = None
        self.hide_internal = False

    def set_events(self, events: Iterable[HistoryEvent]) -> None:
        self._all = list(events)
        self._apply()

    def set_filter(self, *, kinds: set[EventKind] | None = None, staff: str | None = None) -> None:
        if kinds is not None:
            self.kinds = set(kinds)
        self.staff = staff
        self._apply()

    def set_hide_internal(self, hide: bool) -> None:
        self.hide_internal = hide
        self._apply()

    def all_events(self) -> list[HistoryEvent]:
        return list(self._all)

    def shown(self) -> list[HistoryEvent]:
        return list(self._shown)

    def _apply(self) -> None:
        self.beginResetModel()
        self._shown = [
            e
            for e in self._all
            if e.kind in self.kinds
            and (self.staff is None or e.staff == self.staff)
            and not (self.hide_internal and e.kind in INTERNAL_KINDS)
        ]
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        event = self._shown[index.row()]
        if role == EVENT_ROLE:
            return event
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{event_label(event.kind)} {event.summary}"
        if role == Qt.ItemDataRole.ToolTipRole:
            details = event_details(event)
            return f"{event.summary}\n{details}" if details else event.summary
        return None


class TimelineDelegate(QStyledItemDelegate):
    """Three lines per event: when · kind · staff; the summary; the details."""

    LINES = 3

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.date_style = "wareki"

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        height = QFontMetrics(option.font).height()  # type: ignore[attr-defined]
        return QSize(200, height * self.LINES + 14)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        event = index.data(EVENT_ROLE)
        if not isinstance(event, HistoryEvent):
            return
        rect: QRect = option.rect  # type: ignore[attr-defined]
        palette: QPalette = option.palette  # type: ignore[attr-defined]
        font: QFont = option.font  # type: ignore[attr-defined]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        painter.save()
        if selected:
            painter.fillRect(rect, palette.highlight())
        elif index.row() % 2:
            painter.fillRect(rect, palette.alternateBase())
        metrics = QFontMetrics(font)
        line = metrics.height()
        x, y = rect.x() + 8, rect.y() + 5
        colour = QColor(KIND_COLOURS[event.kind])
        badge_text = event_label(event.kind)
        badge_width = metrics.horizontalAdvance(badge_text) + 12
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(QRect(x, y, badge_width, line + 2), 4, 4)
        painter.setPen(QColor("white"))
        painter.drawText(QRect(x, y, badge_width, line + 2), Qt.AlignmentFlag.AlignCenter, badge_text)
        text_colour = palette.highlightedText().color() if selected else palette.text().color()
        muted = text_colour if selected else QColor("#5f6368")
        painter.setPen(muted)
        head = event_time(event.occurred_at, self.date_style)
        if event.staff:
            head += f"　{event.staff}"
        if event.amount_yen is not None and event.kind is EventKind.PURCHASE:
            head += f"　{yen(event.amount_yen)}"
        left = x + badge_width + 8
        width = rect.right() - left - 6
        painter.drawText(QRect(left, y + 1, width, line), Qt.AlignmentFlag.AlignVCenter, head)
        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_colour)
        summary = QFontMetrics(bold).elidedText(event.summary, Qt.TextElideMode.ElideRight, rect.width() - 16)
        painter.drawText(
            QRect(x, y + line + 3, rect.width() - 16, line), Qt.AlignmentFlag.AlignVCenter, summary
        )
        painter.setFont(font)
        painter.setPen(muted)
        details = metrics.elidedText(event_details(event), Qt.TextElideMode.ElideRight, rect.width() - 16)
        painter.drawText(
            QRect(x, y + 2 * line + 4, rect.width() - 16, line), Qt.AlignmentFlag.AlignVCenter, details
        )
        painter.setPen(QColor("#e0e0e0"))
        painter.drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom())
        painter.restore()


class TimelineView(QWidget):
    """The filter bar (one button per kind, a staff picker) over the list of events.

    A right click (or the keyboard: F2, Delete) on an event offers to correct it: 日付を変更… and 削除…, reported
    by signals; the card does the work (`crmdesk.gui.event_dialogs`).
    """

    eventActivated = Signal(object)  # HistoryEvent
    changeDateRequested = Signal(object)  # HistoryEvent
    deleteRequested = Signal(object)  # HistoryEvent

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = TimelineModel(self)
        self.delegate = TimelineDelegate(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setItemDelegate(self.delegate)
        self.list.setUniformItemSizes(True)
        self.list.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.list.setAlternatingRowColors(True)
        self.list.activated.connect(self._activated)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self._editable = True
        self.open_action = self._list_action(self.tr("詳しく見る"), QKeySequence(), self._open_current)
        self.change_date_action = self._list_action(
            self.tr("日付を変更…"), QKeySequence(Qt.Key.Key_F2), self._change_date_current
        )
        self.delete_action = self._list_action(
            self.tr("削除…"), QKeySequence(QKeySequence.StandardKey.Delete), self._delete_current
        )
        self.kind_buttons: dict[EventKind, QToolButton] = {}
        chips = QGridLayout()
        chips.setSpacing(2)
        chips.setContentsMargins(0, 0, 0, 0)
        self.all_button = QToolButton()
        self.all_button.setText(self.tr("すべて"))
        self.all_button.setToolTip(self.tr("すべての種類を表示"))
        self.all_button.clicked.connect(self.show_all_kinds)
        buttons: list[QToolButton] = [self.all_button]
        for kind in EventKind:
            button = QToolButton()
            button.setText(event_label(kind))
            button.setCheckable(True)
            button.setChecked(True)
            button.setToolTip(self.tr("「{kind}」の表示・非表示").format(kind=event_label(kind)))
            button.toggled.connect(self._filters_changed)
            self.kind_buttons[kind] = button
            buttons.append(button)
        # two rows of chips; three when the labels are long (English), so the timeline leaves the card its room
        rows = 3 if max(len(b.text()) for b in buttons) > 10 else 2
        per_row = (len(buttons) + rows - 1) // rows
        for position, button in enumerate(buttons):
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            chips.addWidget(button, position // per_row, position % per_row)
        self.staff = QComboBox()
        self.staff.setToolTip(self.tr("スタッフで絞り込み"))
        self.staff.currentIndexChanged.connect(self._filters_changed)
        self.count = QLabel()
        second = QHBoxLayout()
        second.addWidget(QLabel(self.tr("スタッフ")))
        second.addWidget(self.staff)
        second.addStretch(1)
        second.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(chips)
        layout.addLayout(second)
        layout.addWidget(self.list, 1)
        self._set_staff_names([])
        self._update_count()

    def _list_action(self, text: str, keys: QKeySequence, slot: Any) -> QAction:
        action = QAction(text, self.list)
        action.setShortcut(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.list.addAction(action)
        return action

    def set_editable(self, on: bool) -> None:
        """Whether events may be corrected (not on a card in the trash)."""
        self._editable = on
        self.change_date_action.setEnabled(on)
        self.delete_action.setEnabled(on)

    def current_event(self) -> HistoryEvent | None:
        event = self.list.currentIndex().data(EVENT_ROLE)
        return event if isinstance(event, HistoryEvent) else None

    def select_event(self, event_id: int) -> bool:
        """Make the event with this id the current one (when it is shown)."""
        for row, event in enumerate(self.model.shown()):
            if event.id == event_id:
                self.list.setCurrentIndex(self.model.index(row, 0))
                return True
        return False

    def context_menu_for(self, event: HistoryEvent | None) -> QMenu:
        """The menu a right click on an event opens: details, change its date, delete it (keys shown)."""
        menu = QMenu(self)
        menu.setObjectName("timelineMenu")
        for action in (self.open_action, self.change_date_action, self.delete_action):
            action.setEnabled(event is not None and (action is self.open_action or self._editable))
        menu.addAction(self.open_action)
        menu.addSeparator()
        menu.addAction(self.change_date_action)
        menu.addAction(self.delete_action)
        return menu

    def _context_menu(self, pos: Any) -> None:
        index = self.list.indexAt(pos)
        if index.isValid():
            self.list.setCurrentIndex(index)
        menu = self.context_menu_for(self.current_event() if index.isValid() else None)
        menu.exec(self.list.viewport().mapToGlobal(pos))
        menu.deleteLater()
        self.set_editable(self._editable)  # the keys work again whatever the menu showed

    def _open_current(self) -> None:
        event = self.current_event()
        if event is not None:
            self.eventActivated.emit(event)

    def _change_date_current(self) -> None:
        event = self.current_event()
        if event is not None and self._editable:
            self.changeDateRequested.emit(event)

    def _delete_current(self) -> None:
        event = self.current_event()
        if event is not None and self._editable:
            self.deleteRequested.emit(event)

    def set_events(self, events: Iterable[HistoryEvent]) -> None:
        events = list(events)
        names = sorted({e.staff for e in events if e.staff})
        self._set_staff_names(names)
        self.model.set_events(events)
        self._update_count()

    def set_date_style(self, style: str) -> None:
        self.delegate.date_style = style
        self.list.viewport().update()

    def set_counter_mode(self, on: bool) -> None:
        self.model.set_hide_internal(on)
        for kind in INTERNAL_KINDS:
            self.kind_buttons[kind].setVisible(not on)
        self._update_count()

    def show_all_kinds(self) -> None:
        for button in self.kind_buttons.values():
            button.blockSignals(True)
            button.setChecked(True)
            button.blockSignals(False)
        self._filters_changed()

    def only_kind(self, kind: EventKind) -> None:
        for each, button in self.kind_buttons.items():
            button.blockSignals(True)
            button.setChecked(each is kind)
            button.blockSignals(False)
        self._filters_changed()

    def _set_staff_names(self, names: list[str]) -> None:
        current = self.staff.currentData()
        self.staff.blockSignals(True)
        self.staff.clear()
        self.staff.addItem(self.tr("全員"), None)
        for name in names:
            self.staff.addItem(name, name)
        index = self.staff.findData(current) if current else 0
        self.staff.setCurrentIndex(max(index, 0))
        self.staff.blockSignals(False)

    def _filters_changed(self, *_args: object) -> None:
        kinds = {kind for kind, button in self.kind_buttons.items() if button.isChecked()}
        self.model.set_filter(kinds=kinds, staff=self.staff.currentData())
        self._update_count()

    def _update_count(self) -> None:
        self.count.setText(
            self.tr("{shown} / {total}件").format(
                shown=self.model.rowCount(), total=len(self.model.all_events())
            )
        )

    def _activated(self, index: QModelIndex) -> None:
        event = index.data(EVENT_ROLE)
        if isinstance(event, HistoryEvent):
            self.eventActivated.emit(event)


class EventDialog(QDialog):
    """Everything about one event, read-only."""

    def __init__(self, event: HistoryEvent, *, date_style: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{event_label(event.kind)}: {event.summary}")
        rows = [
            (self.tr("日時"), event_time(event.occurred_at, date_style)),
            (self.tr("種類"), event_label(event.kind)),
            (self.tr("スタッフ"), event.staff or ""),
            (self.tr("概要"), event.summary),
            (self.tr("金額"), yen(event.amount_yen)),
            (self.tr("メニュー"), event.menu),
            (self.tr("スタイリスト"), event.stylist),
            (self.tr("施術メモ"), event.treatment_notes),
            (self.tr("使用商品"), event.products),
            (self.tr("結果"), outcome_label(event.outcome) if event.outcome else ""),
            (self.tr("内容"), event.body),
        ]
        html = (
            "<table cellpadding='3'>"
            + "".join(
                f"<tr><th align='right' valign='top'>{escape(k)}</th><td>{escape(v).replace(chr(10), '<br>')}</td></tr>"
                for k, v in rows
                if v
            )
            + "</table>"
        )
        browser = QTextBrowser()
        browser.setHtml(html)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(browser)
        layout.addWidget(buttons)
        self.resize(480, 360)
