"""The follow-up calendar: a month with the number of follow-ups on each day and the day's agenda beside it, a
week list, and moving follow-ups by choosing a new date or by dragging them onto a day.

The month grid is drawn like a Japanese wall calendar: weeks start on Sunday, Sundays and public holidays in red
(with the holiday's name), Saturdays in blue, the store's closed weekdays shaded. Done / skipped with a result note
goes onto the customer's timeline (through `FollowUpService.complete`).

Embed: ``CalendarView(services, bridge=main_window.bridge, date_style=settings.date_style)``; connect
``open_customer(int)`` to the window's "show this card".
"""

from __future__ import annotations

import calendar as pycalendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QMimeData, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from crmdesk.domain.calendar_rules import WEEKDAY_JA, closed_reason, holiday_name
from crmdesk.domain.errors import CrmError
from crmdesk.domain.records import FollowUp
from crmdesk.domain.values import FollowUpStatus
from crmdesk.gui.bridge import ChangeBridge
from crmdesk.gui.follow_up_actions import FOLLOW_UP_MIME, FollowUpActions
from crmdesk.gui.labels import follow_up_label, follow_up_status_label, show_date
from crmdesk.gui.tasks import Task, TaskRunner

if TYPE_CHECKING:
    from crmdesk.services.bundle import Services
    from crmdesk.services.changes import Changes

CUSTOMER_ROLE = Qt.ItemDataRole.UserRole
FOLLOW_UP_ROLE = Qt.ItemDataRole.UserRole + 1
DAY_ROLE = Qt.ItemDataRole.UserRole + 2
# A big store has thousands of follow-ups in a week: the lists show this many of a day, and say how many more.
WEEK_ROWS_PER_DAY = 50
AGENDA_ROWS = 500
SUNDAY_FIRST = (6, 0, 1, 2, 3, 4, 5)  # Python weekdays in the order of the columns: 日 月 火 水 木 金 土
RED = QColor("#c62828")
BLUE = QColor("#1f5fbf")
LINK = QColor("#1a56a8")
MUTED = QColor("#8a8a8a")
GRID = QColor("#d0d0d0")
CLOSED = QColor("#eeeeee")
SELECTED = QColor("#dce8fa")
TODAY_RING = QColor("#1a56a8")
BADGE = QColor("#2e7d32")
BADGE_LATE = QColor("#c62828")
DROP = QColor("#ffe9a8")


def month_title(year: int, month: int) -> str:
    return f"{year}年{month}月"


def day_title(day: date) -> str:
    return f"{day.month}月{day.day}日（{WEEKDAY_JA[day.weekday()]}）"


def grid_start(year: int, month: int) -> date:
    """The Sunday on or before the first of the month: the top-left cell."""
    first = date(year, month, 1)
    return first - timedelta(days=(first.weekday() + 1) % 7)


def follow_up_id_of(mime: QMimeData) -> int | None:
    if not mime.hasFormat(FOLLOW_UP_MIME):
        return None
    raw = bytes(mime.data(FOLLOW_UP_MIME).data()).decode("ascii", "replace")
    return int(raw) if raw.isdigit() else None


def follow_up_mime(follow_up_id: int) -> QMimeData:
    mime = QMimeData()
    mime.setData(FOLLOW_UP_MIME, QByteArray(str(follow_up_id).encode("ascii")))
    mime.setText(str(follow_up_id))
    return mime


class MonthGrid(QWidget):
    """Six weeks of days with a count on each; click to choose a day, drop a follow-up to move it there."""

    dateSelected = Signal(object)  # date
    dateActivated = Signal(object)  # date (double click / Enter)
    followUpDropped = Signal(int, object)  # follow-up id, date

    HEADER = 26

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("monthGrid")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAcceptDrops(True)
        self.setMouseTracking(True)
        today = date.today()
        self.year, self.month = today.year, today.month
        self.today = today
        self.selected = today
        self.counts: dict[date, int] = {}
        self.late: set[date] = set()  # days before today with open follow-ups
        self.closed_weekdays: frozenset[int] = frozenset()
        self._drop_day: date | None = None

    # ------------------------------------------------------------------ state
    def set_month(self, year: int, month: int) -> None:
        self.year, self.month = year, month
        self.update()

    def set_counts(self, counts: dict[date, int], late: set[date]) -> None:
        self.counts = dict(counts)
        self.late = set(late)
        self.update()

    def set_selected(self, day: date) -> None:
        self.selected = day
        self.update()

    def first_day(self) -> date:
        return grid_start(self.year, self.month)

    def last_day(self) -> date:
        return self.first_day() + timedelta(days=41)

    def days(self) -> list[date]:
        first = self.first_day()
        return [first + timedelta(days=n) for n in range(42)]

    # ------------------------------------------------------------------ geometry
    def sizeHint(self) -> QSize:
        return QSize(700, 520)

    def minimumSizeHint(self) -> QSize:
        return QSize(430, 330)

    def _cell_size(self) -> tuple[float, float]:
        return self.width() / 7, (self.height() - self.HEADER) / 6

    def cell_rect(self, day: date) -> QRect | None:
        offset = (day - self.first_day()).days
        if not 0 <= offset < 42:
            return None
        width, height = self._cell_size()
        row, column = divmod(offset, 7)
        left, top = round(column * width), round(self.HEADER + row * height)
        return QRect(
            left, top, round((column + 1) * width) - left, round(self.HEADER + (row + 1) * height) - top
        )

    def date_at(self, pos: QPoint) -> date | None:
        width, height = self._cell_size()
        if pos.y() < self.HEADER or width <= 0 or height <= 0:
            return None
        column = min(6, max(0, int(pos.x() // width)))
        row = int((pos.y() - self.HEADER) // height)
        if not 0 <= row < 6:
            return None
        return self.first_day() + timedelta(days=row * 7 + column)

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        width, _ = self._cell_size()
        base = QFont(self.font())
        small = QFont(base)
        small.setPointSizeF(max(6.0, base.pointSizeF() * 0.78))
        bold = QFont(base)
        bold.setBold(True)
        for column, weekday in enumerate(SUNDAY_FIRST):
            heading = QRect(round(column * width), 0, round(width), self.HEADER)
            painter.setPen(RED if weekday == 6 else BLUE if weekday == 5 else QColor("#333333"))
            painter.setFont(bold)
            painter.drawText(heading, Qt.AlignmentFlag.AlignCenter, WEEKDAY_JA[weekday])
        for day in self.days():
            cell = self.cell_rect(day)
            if cell is not None:
                self._paint_cell(painter, day, cell, base, small, bold)
        painter.end()

    def _paint_cell(
        self, painter: QPainter, day: date, rect: QRect, base: QFont, small: QFont, bold: QFont
    ) -> None:
        in_month = day.month == self.month
        holiday = holiday_name(day)
        closed = day.weekday() in self.closed_weekdays
        if day == self._drop_day:
            painter.fillRect(rect, DROP)
        elif day == self.selected:
            painter.fillRect(rect, SELECTED)
        elif closed or holiday:
            painter.fillRect(rect, CLOSED)
        painter.setPen(QPen(GRID, 1))
        painter.drawRect(rect.adjusted(0, 0, -1, -1))
        inner = rect.adjusted(5, 3, -5, -3)
        colour = RED if (day.weekday() == 6 or holiday) else BLUE if day.weekday() == 5 else QColor("#222222")
        if not in_month:
            colour = QColor(colour.red(), colour.green(), colour.blue(), 110)
        painter.setPen(colour)
        painter.setFont(bold if day == self.today else base)
        number = str(day.day) if in_month or day.day != 1 else f"{day.month}/{day.day}"
        painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, number)
        note = holiday or ("定休日" if closed else "")
        if note:
            painter.setFont(small)
            line = painter.fontMetrics().height()
            text_rect = QRect(inner.left(), inner.top() + line + 4, inner.width(), line)
            painter.setPen(RED if holiday else MUTED)
            painter.drawText(
                text_rect,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                painter.fontMetrics().elidedText(note, Qt.TextElideMode.ElideRight, inner.width()),
            )
        count = self.counts.get(day, 0)
        if count:
            painter.setFont(bold)
            text = f"{count}件"
            metrics = painter.fontMetrics()
            badge_w = metrics.horizontalAdvance(text) + 12
            badge_h = metrics.height() + 2
            badge = QRect(inner.right() - badge_w + 1, inner.bottom() - badge_h + 1, badge_w, badge_h)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(BADGE_LATE if day in self.late else BADGE))
            painter.drawRoundedRect(badge, badge_h / 2, badge_h / 2)
            painter.setPen(QColor("white"))
            painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
            painter.setBrush(Qt.BrushStyle.NoBrush)
        if day == self.today:
            painter.setPen(QPen(TODAY_RING, 2))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))

    # ------------------------------------------------------------------ input
    def mousePressEvent(self, event: QMouseEvent) -> None:
        day = self.date_at(event.position().toPoint())
        if day is not None and event.button() == Qt.MouseButton.LeftButton:
            self.set_selected(day)
            self.dateSelected.emit(day)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        day = self.date_at(event.position().toPoint())
        if day is not None:
            self.dateActivated.emit(day)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        moves = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: -7, Qt.Key.Key_Down: 7}
        key = Qt.Key(event.key())
        if key in moves:
            day = self.selected + timedelta(days=moves[key])
            self.set_selected(day)
            self.dateSelected.emit(day)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.dateActivated.emit(self.selected)
            return
        super().keyPressEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if follow_up_id_of(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        day = self.date_at(event.position().toPoint())
        if day is None or follow_up_id_of(event.mimeData()) is None:
            event.ignore()
            return
        if day != self._drop_day:
            self._drop_day = day
            self.update()
        event.acceptProposedAction()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._drop_day = None
        self.update()

    def dropEvent(self, event: QDropEvent) -> None:
        self._drop_day = None
        self.update()
        follow_up_id = follow_up_id_of(event.mimeData())
        day = self.date_at(event.position().toPoint())
        if follow_up_id is None or day is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.followUpDropped.emit(follow_up_id, day)


class FollowUpTree(QTreeWidget):
    """A list of follow-ups whose rows can be dragged (onto a day of the month, or of the week list)."""

    followUpDropped = Signal(int, object)  # follow-up id, date (drops onto a day's heading)

    def __init__(
        self, name: str, headers: list[str], widths: list[int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setColumnCount(len(headers))
        self.setHeaderLabels(headers)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.header()
        header.setStretchLastSection(False)
        for column, width in enumerate(widths):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(column, width)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

    def mimeTypes(self) -> list[str]:
        return [FOLLOW_UP_MIME]

    def mimeData(self, items: Sequence[QTreeWidgetItem]) -> QMimeData:
        for item in items:
            value = item.data(0, FOLLOW_UP_ROLE)
            if value is not None:
                return follow_up_mime(int(value))
        return QMimeData()

    def follow_up_item(self, follow_up_id: int) -> QTreeWidgetItem | None:
        for item in self._all_items():
            if item.data(0, FOLLOW_UP_ROLE) == follow_up_id:
                return item
        return None

    def _all_items(self) -> list[QTreeWidgetItem]:
        found = []
        for index in range(self.topLevelItemCount()):
            top = self.topLevelItem(index)
            if top is None:
                continue
            found.append(top)
            for child in range(top.childCount()):
                item = top.child(child)
                if item is not None:
                    found.append(item)
        return found

    def add_follow_up(self, parent: QTreeWidget | QTreeWidgetItem, follow_up: FollowUp) -> QTreeWidgetItem:
        row = QTreeWidgetItem(
            parent,
            [
                follow_up_label(follow_up.kind),
                f"{follow_up.customer_name}様",
                follow_up.reason,
                follow_up.staff or "",
                follow_up_status_label(follow_up.status),
            ],
        )
        row.setData(0, FOLLOW_UP_ROLE, follow_up.id)
        row.setData(0, CUSTOMER_ROLE, follow_up.customer_id)
        row.setToolTip(1, "クリックでカードを開く")
        tip = follow_up.reason if not follow_up.result else f"{follow_up.reason}\n結果: {follow_up.result}"
        row.setToolTip(2, tip)
        font = QFont(row.font(1))
        font.setUnderline(True)
        row.setFont(1, font)
        row.setForeground(1, QBrush(LINK))
        if follow_up.status is not FollowUpStatus.OPEN:
            for column in (0, 2, 3, 4):
                row.setForeground(column, QBrush(MUTED))
        return row


class WeekList(FollowUpTree):
    """Sunday to Saturday: each day a heading with its follow-ups under it; drop a follow-up on a heading to move it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            "weekList",
            ["種類", "お客様", "理由", "担当", "状態"],
            [150, 140, 300, 70, 60],
            parent,
        )
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDropIndicatorShown(True)

    def day_items(self) -> dict[date, QTreeWidgetItem]:
        found = {}
        for index in range(self.topLevelItemCount()):
            item = self.topLevelItem(index)
            if item is not None and item.data(0, DAY_ROLE) is not None:
                found[item.data(0, DAY_ROLE)] = item
        return found

    def _day_at(self, pos: QPoint) -> date | None:
        item = self.itemAt(pos)
        while item is not None and item.data(0, DAY_ROLE) is None:
            item = item.parent()
        return item.data(0, DAY_ROLE) if item is not None else None  # type: ignore[no-any-return]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if follow_up_id_of(event.mimeData()) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if follow_up_id_of(event.mimeData()) is not None and self._day_at(event.position().toPoint()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        follow_up_id = follow_up_id_of(event.mimeData())
        day = self._day_at(event.position().toPoint())
        if follow_up_id is None or day is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.followUpDropped.emit(follow_up_id, day)


@dataclass(frozen=True)
class _Key:
    """What one read of the calendar is for: the month on screen, the chosen day, whose, which states."""

    first: date
    last: date
    day: date
    staff: str | None
    status: FollowUpStatus | None

    @property
    def week_start(self) -> date:
        return self.day - timedelta(days=(self.day.weekday() + 1) % 7)


@dataclass(frozen=True)
class _Read:
    key: _Key
    today: date
    counts: dict[date, int]
    late: set[date]
    agenda: list[FollowUp]
    week: list[FollowUp]
    closed_weekdays: frozenset[int]


def read_calendar(services: Services, key: _Key) -> _Read:
    """Everything the calendar shows for one month, day and week (run off the GUI thread)."""
    today = services.ctx.today()
    counts = services.today.counts_by_day(key.first, key.last, staff=key.staff, status=key.status)
    open_counts = (
        counts
        if key.status is FollowUpStatus.OPEN
        else services.today.counts_by_day(
            key.first, min(key.last, today - timedelta(days=1)), staff=key.staff
        )
    )
    late = {d for d, n in open_counts.items() if d < today and n}
    week = services.followups.due(
        key.week_start,
        key.week_start + timedelta(days=6),
        staff=key.staff,
        status=key.status,
        per_day=WEEK_ROWS_PER_DAY,
    )
    agenda = services.followups.due(key.day, key.day, staff=key.staff, status=key.status, per_day=AGENDA_ROWS)
    closed = frozenset(services.store.settings().closed_weekdays)
    return _Read(key, today, counts, late, agenda, week, closed)


class CalendarView(QWidget):
    open_customer = Signal(int)
    loaded = Signal()  # a read has been shown
    exported = Signal(str)  # the .ics written ("" when it could not be)

    def __init__(
        self,
        services: Services,
        *,
        bridge: ChangeBridge | None = None,
        date_style: str = "wareki",
        runner: TaskRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("calendarView")
        self.services = services
        self.date_style = date_style
        self.runner = runner or TaskRunner(self)
        self.follow_up_actions = FollowUpActions(services, self, date_style=date_style)
        self._agenda: list[FollowUp] = []
        self._week: list[FollowUp] = []
        self._loading: Task | None = None
        self._again = False
        self.shown_key: _Key | None = None  # what the rows on screen were read for
        self.ics_message = ""
        self._refresh_soon = QTimer(self)
        self._refresh_soon.setSingleShot(True)
        self._refresh_soon.setInterval(150)
        self._refresh_soon.timeout.connect(self.refresh)
        self.follow_up_actions.changed.connect(lambda _: self._refresh_soon.start())
        if bridge is None:
            bridge = ChangeBridge(services.ctx.bus, self)
            self.destroyed.connect(bridge.detach)
        bridge.changed.connect(self._on_changes)
        self._build()
        today = services.ctx.today()
        self.grid.today = today
        self.set_date(today)

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.prev_button = QPushButton(self.tr("◀ 前へ"))
        self.prev_button.setObjectName("calendarPrev")
        self.prev_button.clicked.connect(lambda: self._step(-1))
        self.month_label = QLabel()
        self.month_label.setObjectName("calendarMonth")
        big = QFont(self.month_label.font())
        big.setPointSizeF(big.pointSizeF() * 1.4)
        big.setBold(True)
        self.month_label.setFont(big)
        self.next_button = QPushButton(self.tr("次へ ▶"))
        self.next_button.setObjectName("calendarNext")
        self.next_button.clicked.connect(lambda: self._step(1))
        self.today_button = QPushButton(self.tr("今日"))
        self.today_button.setObjectName("calendarToday")
        self.today_button.clicked.connect(lambda: self.set_date(self.services.ctx.today()))
        for widget in (self.prev_button, self.month_label, self.next_button, self.today_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(QLabel(self.tr("担当:")))
        self.staff_box = QComboBox()
        self.staff_box.setObjectName("calendarStaff")
        self.staff_box.addItem(self.tr("全員"), None)
        for name in self.services.store.staff_names():
            self.staff_box.addItem(name, name)
        self.staff_box.currentIndexChanged.connect(lambda _: self.refresh())
        bar.addWidget(self.staff_box)
        self.show_done = QCheckBox(self.tr("完了・見送りも表示"))
        self.show_done.setObjectName("calendarShowDone")
        self.show_done.toggled.connect(lambda _: self.refresh())
        bar.addWidget(self.show_done)
        self.ics_button = QPushButton(self.tr("スマホのカレンダーへ（.ics）…"))
        self.ics_button.setObjectName("calendarIcs")
        self.ics_button.setToolTip(
            self.tr("未完了のフォローを .ics ファイルに書き出します（担当を選んでいればその方の分だけ）")
        )
        self.ics_button.clicked.connect(self.choose_ics_file)
        bar.addWidget(self.ics_button)
        self.ics_dialog: QFileDialog | None = None
        layout.addLayout(bar)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("calendarTabs")
        self.grid = MonthGrid()
        self.grid.dateSelected.connect(self._grid_selected)
        self.grid.dateActivated.connect(self._grid_selected)
        self.grid.followUpDropped.connect(self.follow_up_actions.move)
        self.tabs.addTab(self.grid, self.tr("月"))
        week_page = QWidget()
        week_layout = QVBoxLayout(week_page)
        week_layout.setContentsMargins(0, 4, 0, 0)
        self.week_label = QLabel()
        self.week_label.setObjectName("weekLabel")
        week_layout.addWidget(self.week_label)
        self.week = WeekList()
        self.week.followUpDropped.connect(self.follow_up_actions.move)
        self.week.itemClicked.connect(self._clicked)
        self.week.itemActivated.connect(lambda item, _c: self._open_item(item))
        self.week.currentItemChanged.connect(self._week_current)
        week_layout.addWidget(self.week)
        self.tabs.addTab(week_page, self.tr("週"))
        self.tabs.currentChanged.connect(lambda _: self._update_title())
        splitter.addWidget(self.tabs)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        self.day_label = QLabel()
        self.day_label.setObjectName("agendaTitle")
        bold = QFont(self.day_label.font())
        bold.setBold(True)
        self.day_label.setFont(bold)
        side_layout.addWidget(self.day_label)
        self.day_note = QLabel()
        self.day_note.setObjectName("agendaNote")
        side_layout.addWidget(self.day_note)
        self.agenda = FollowUpTree(
            "agenda",
            [self.tr("種類"), self.tr("お客様"), self.tr("理由"), self.tr("担当"), self.tr("状態")],
            [80, 130, 220, 60, 50],
        )
        self.agenda.setRootIsDecorated(False)
        self.agenda.itemClicked.connect(self._clicked)
        self.agenda.itemActivated.connect(lambda item, _c: self._open_item(item))
        self.agenda.currentItemChanged.connect(lambda *_: self._update_buttons())
        side_layout.addWidget(self.agenda, 1)
        buttons = QHBoxLayout()
        self.done_button = QPushButton(self.tr("完了…"))
        self.done_button.setObjectName("calendarDone")
        self.done_button.clicked.connect(lambda: self._complete(skipped=False))
        self.skip_button = QPushButton(self.tr("見送り…"))
        self.skip_button.setObjectName("calendarSkip")
        self.skip_button.clicked.connect(lambda: self._complete(skipped=True))
        self.move_button = QPushButton(self.tr("日付を変更…"))
        self.move_button.setObjectName("calendarMove")
        self.move_button.clicked.connect(self._reschedule)
        self.open_button = QPushButton(self.tr("カードを開く"))
        self.open_button.setObjectName("calendarOpen")
        self.open_button.clicked.connect(self._open_current)
        for button in (self.done_button, self.skip_button, self.move_button, self.open_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        side_layout.addLayout(buttons)
        hint = QLabel(self.tr("予定は左のカレンダーの日付へドラッグしても移動できます"))
        hint.setObjectName("agendaHint")
        hint.setStyleSheet("color: #6b6b6b")
        side_layout.addWidget(hint)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([700, 520])
        layout.addWidget(splitter, 1)
        self._update_buttons()

    # ------------------------------------------------------------------ navigation
    def selected_date(self) -> date:
        return self.grid.selected

    def set_date(self, day: date) -> None:
        self.grid.set_selected(day)
        if (day.year, day.month) != (self.grid.year, self.grid.month):
            self.grid.set_month(day.year, day.month)
        self.refresh()

    def show_week(self) -> None:
        self.tabs.setCurrentIndex(1)

    def _step(self, direction: int) -> None:
        day = self.selected_date()
        if self.tabs.currentIndex() == 1:
            self.set_date(day + timedelta(days=7 * direction))
            return
        index = day.year * 12 + day.month - 1 + direction
        year, month = divmod(index, 12)
        last = pycalendar.monthrange(year, month + 1)[1]
        self.set_date(date(year, month + 1, min(day.day, last)))

    def _grid_selected(self, day: date) -> None:
        self.set_date(day)

    def _week_current(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        self._update_buttons()

    # ------------------------------------------------------------------ data
    def staff(self) -> str | None:
        value = self.staff_box.currentData()
        return str(value) if value else None

    def _status(self) -> FollowUpStatus | None:
        return None if self.show_done.isChecked() else FollowUpStatus.OPEN

    def key(self) -> _Key:
        return _Key(
            self.grid.first_day(), self.grid.last_day(), self.selected_date(), self.staff(), self._status()
        )

    @property
    def loading(self) -> bool:
        """A read is under way (the rows shown are the previous ones until it ends)."""
        return self._loading is not None

    def refresh(self) -> None:
        """Read the month, the day and the week again off the GUI thread; the titles change at once, the counts and
        rows when they arrive. A refresh asked for while one runs starts again when it ends."""
        self._update_title()
        if self._loading is not None:
            self._again = True
            return
        self._again = False
        key = self.key()
        if self.shown_key is None or key.day != self.shown_key.day:
            self.day_label.setText(self.tr("{day}の予定を読み込んでいます…").format(day=day_title(key.day)))
        self._loading = self.runner.start(
            lambda _report: read_calendar(self.services, key),
            on_done=self._loaded,
            on_error=self._load_failed,
        )

    def _loaded(self, read: _Read) -> None:
        if not isValid(self):  # closed while it was read
            return
        self._loading = None
        if self._again or read.key != self.key():
            self.refresh()  # something changed meanwhile: read again
            if read.key != self.key():
                return  # another month, day, staff member or filter: only the new read is shown
        self.grid.today = read.today
        self.grid.closed_weekdays = read.closed_weekdays
        self.grid.set_counts(read.counts, read.late)
        self._agenda = read.agenda
        self._week = read.week
        self.shown_key = read.key
        self._fill_agenda()
        self._fill_week()
        self._update_title()
        if self._loading is None:
            self.loaded.emit()

    def _load_failed(self, error: Exception) -> None:
        if not isValid(self):
            return
        self._loading = None
        message = error.message if isinstance(error, CrmError) else str(error)
        self.day_label.setText(self.tr("予定を読み込めませんでした: {message}").format(message=message))
        if self._again:
            self.refresh()

    def _update_title(self) -> None:
        day = self.selected_date()
        if self.tabs.currentIndex() == 1:
            start = day - timedelta(days=(day.weekday() + 1) % 7)
            self.month_label.setText(f"{day_title(start)}〜{day_title(start + timedelta(days=6))}")
        else:
            self.month_label.setText(month_title(self.grid.year, self.grid.month))

    def _fill_agenda(self) -> None:
        day = self.shown_key.day if self.shown_key is not None else self.selected_date()
        selected = self.selected_follow_up()
        total = max(len(self._agenda), self.grid.counts.get(day, 0))
        self.day_label.setText(self.tr("{day}の予定 {count}件").format(day=day_title(day), count=total))
        note = closed_reason(day, self.grid.closed_weekdays) or ""
        self.day_note.setText(note)
        self.day_note.setVisible(bool(note))
        self.agenda.clear()
        for follow_up in self._agenda:
            self.agenda.add_follow_up(self.agenda, follow_up)
        if total > len(self._agenda):
            self._more(self.agenda, total - len(self._agenda))
        if not self._agenda:
            empty = QTreeWidgetItem(self.agenda, ["", self.tr("予定はありません")])
            empty.setForeground(1, QBrush(MUTED))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
        if selected is not None:
            item = self.agenda.follow_up_item(selected)
            if item is not None:
                self.agenda.setCurrentItem(item)
        self._update_buttons()

    def _fill_week(self) -> None:
        day = self.shown_key.day if self.shown_key is not None else self.selected_date()
        start = day - timedelta(days=(day.weekday() + 1) % 7)
        end = start + timedelta(days=6)
        self.week_label.setText(
            self.tr("{start}〜{end}（予定は別の日の見出しへドラッグして移動できます）").format(
                start=show_date(start, self.date_style), end=show_date(end, self.date_style)
            )
        )
        follow_ups = self._week
        self.week.clear()
        for offset in range(7):
            current = start + timedelta(days=offset)
            todays = [f for f in follow_ups if f.due_date == current]
            total = max(len(todays), self.grid.counts.get(current, 0))
            title = f"{day_title(current)}  {total}件"
            note = closed_reason(current, self.grid.closed_weekdays)
            if note:
                title += f"  {note}"
            head = QTreeWidgetItem(self.week, [title])
            head.setData(0, DAY_ROLE, current)
            head.setFirstColumnSpanned(True)
            font = QFont(head.font(0))
            font.setBold(True)
            head.setFont(0, font)
            if current.weekday() == 6 or holiday_name(current):
                head.setForeground(0, QBrush(RED))
            elif current.weekday() == 5:
                head.setForeground(0, QBrush(BLUE))
            if current == day:
                head.setBackground(0, QBrush(SELECTED))
            head.setFlags((head.flags() | Qt.ItemFlag.ItemIsDropEnabled) & ~Qt.ItemFlag.ItemIsDragEnabled)
            for follow_up in todays:
                self.week.add_follow_up(head, follow_up)
            if total > len(todays):
                self._more(head, total - len(todays))
            head.setExpanded(True)

    def _more(self, parent: QTreeWidget | QTreeWidgetItem, count: int) -> None:
        """The rows not listed (a big store's busy day): how many, and where to see them."""
        text = self.tr("ほか {count}件（担当者で絞り込むか、本日の画面でご確認ください）").format(count=count)
        more = QTreeWidgetItem(parent, ["", text])
        more.setFirstColumnSpanned(False)
        more.setForeground(1, QBrush(MUTED))
        more.setFlags(Qt.ItemFlag.NoItemFlags)

    # ------------------------------------------------------------------ .ics for a phone
    def choose_ics_file(self) -> QFileDialog:
        """Ask where to write the .ics of the follow-ups shown (everyone's, or the chosen staff member's)."""
        staff = self.staff()
        dialog = QFileDialog(self, self.tr("フォローの予定を書き出す"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setNameFilter(self.tr("iCalendar・フォローの予定 (*.ics)"))
        dialog.setDefaultSuffix("ics")
        dialog.selectFile(f"フォロー予定_{staff}.ics" if staff else "フォロー予定.ics")
        dialog.fileSelected.connect(lambda chosen: self.export_ics_to(Path(chosen), staff))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ics_dialog = dialog
        dialog.open()
        return dialog

    def export_ics_to(self, path: Path, staff: str | None) -> None:
        """Write the open follow-ups off the GUI thread; `ics_message` says how many were written."""
        from crmdesk.services.calendar_ics import export_ics  # icalendar is loaded only when it is needed

        self.ics_button.setEnabled(False)

        def done(count: int) -> None:
            if not isValid(self):
                return
            self.ics_button.setEnabled(True)
            who = self.tr("{name}さんの").format(name=staff) if staff else ""
            self.ics_message = self.tr("{who}未完了のフォロー {count}件を {file} に書き出しました").format(
                who=who, count=count, file=path.name
            )
            self.exported.emit(str(path))

        def failed(error: Exception) -> None:
            if not isValid(self):
                return
            self.ics_button.setEnabled(True)
            message = error.message if isinstance(error, CrmError) else str(error)
            self.ics_message = self.tr("書き出せませんでした: {message}").format(message=message)
            self.exported.emit("")

        self.runner.start(
            lambda _report: export_ics(self.services.ctx, path, staff=staff), on_done=done, on_error=failed
        )

    # ------------------------------------------------------------------ actions
    def agenda_rows(self) -> list[tuple[str, str, str, str]]:
        """What the day's agenda shows: (kind, customer, reason, status)."""
        rows = []
        for index in range(self.agenda.topLevelItemCount()):
            item = self.agenda.topLevelItem(index)
            if item is not None and item.data(0, FOLLOW_UP_ROLE) is not None:
                rows.append((item.text(0), item.text(1), item.text(2), item.text(4)))
        return rows

    def week_rows(self) -> list[tuple[str, str, str]]:
        """What the week list shows: (day heading, customer, reason)."""
        rows = []
        for index in range(self.week.topLevelItemCount()):
            head = self.week.topLevelItem(index)
            if head is None:
                continue
            for child in range(head.childCount()):
                item = head.child(child)
                if item is not None and item.data(0, FOLLOW_UP_ROLE) is not None:
                    rows.append((head.text(0), item.text(1), item.text(2)))
        return rows

    def _current_tree(self) -> FollowUpTree:
        return (
            self.week
            if self.tabs.currentIndex() == 1 and self.week.currentItem() is not None
            else self.agenda
        )

    def selected_follow_up(self) -> int | None:
        item = self._current_tree().currentItem()
        if item is None:
            return None
        value = item.data(0, FOLLOW_UP_ROLE)
        return int(value) if value is not None else None

    def _selected(self) -> FollowUp | None:
        follow_up_id = self.selected_follow_up()
        if follow_up_id is None:
            return None
        return next((f for f in (*self._agenda, *self._week) if f.id == follow_up_id), None)

    def _update_buttons(self) -> None:
        selected = self._selected()
        is_open = selected is not None and selected.status is FollowUpStatus.OPEN
        for button in (self.done_button, self.skip_button, self.move_button):
            button.setEnabled(is_open)
        self.open_button.setEnabled(selected is not None)

    def _complete(self, *, skipped: bool) -> None:
        follow_up = self._selected()
        if follow_up is not None:
            self.follow_up_actions.complete(
                follow_up.id,
                follow_up.customer_name,
                follow_up_label(follow_up.kind),
                follow_up.reason,
                skipped=skipped,
            )

    def _reschedule(self) -> None:
        follow_up = self._selected()
        if follow_up is not None:
            self.follow_up_actions.reschedule(
                follow_up.id, follow_up.customer_name, follow_up_label(follow_up.kind), follow_up.due_date
            )

    def _open_current(self) -> None:
        item = self._current_tree().currentItem()
        if item is not None:
            self._open_item(item)

    def _clicked(self, item: QTreeWidgetItem, column: int) -> None:
        if column == 1 and item.data(0, CUSTOMER_ROLE) is not None:
            self._open_item(item)

    def _open_item(self, item: QTreeWidgetItem) -> None:
        customer_id = item.data(0, CUSTOMER_ROLE)
        if customer_id is not None:
            self.open_customer.emit(int(customer_id))

    def _on_changes(self, changes: Changes) -> None:
        if changes.follow_ups or changes.deleted or changes.bulk:
            self._refresh_soon.start()
