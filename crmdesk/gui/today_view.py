"""The Today screen (本日のフォロー): the screen the app opens on once it is set up.

Left, what to do today and what is overdue, grouped by kind (お電話, 印刷するお手紙, ギフト, 訪問, 点検・車検), each
with the customer, the reason and the phone number; done / skipped with a note, or moved to another day. Right, what is
coming: birthdays of customers and their families, life milestones, 車検・点検・保証, customers gone quiet, and the
follow-ups a scenario did not plan because the customer refused that kind of contact.

One click on a customer's name (or a double click / Enter anywhere on the row) emits `open_customer(id)`.

Embed: ``TodayView(services, bridge=window.bridge, runner=window.runner, date_style=settings.date_style)``; connect
``open_customer`` to the window's "show this card"; call ``refresh()`` when the screen is shown again.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from crmdesk.domain.calendar_rules import WEEKDAY_JA
from crmdesk.domain.errors import CrmError
from crmdesk.gui.bridge import ChangeBridge
from crmdesk.gui.follow_up_actions import FollowUpActions
from crmdesk.gui.labels import follow_up_label, short_date, show_date
from crmdesk.gui.tasks import Task, TaskRunner

if TYPE_CHECKING:
    from crmdesk.services.bundle import Services
    from crmdesk.services.changes import Changes
    from crmdesk.services.scenarios import PlanReport
    from crmdesk.services.today import DueFollowUp, TodayList

CUSTOMER_ROLE = Qt.ItemDataRole.UserRole
FOLLOW_UP_ROLE = Qt.ItemDataRole.UserRole + 1
LINK = QColor("#1a56a8")
LATE = QColor("#b3261e")
MUTED = QColor("#6b6b6b")


def month_day(day: date) -> str:
    """11月25日（水）"""
    return f"{day.month}月{day.day}日（{WEEKDAY_JA[day.weekday()]}）"


class TodayView(QWidget):
    open_customer = Signal(int)
    loaded = Signal()  # a read of the list has been shown

    def __init__(
        self,
        services: Services,
        *,
        bridge: ChangeBridge | None = None,
        date_style: str = "wareki",
        staff: str | None = None,
        runner: TaskRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("todayView")
        self.services = services
        self.runner = runner or TaskRunner(self)
        self.date_style = date_style
        self.current: TodayList | None = None
        self._loading: Task | None = None
        self._again = False
        self.follow_up_actions = FollowUpActions(services, self, date_style=date_style)
        self._refresh_soon = QTimer(self)
        self._refresh_soon.setSingleShot(True)
        self._refresh_soon.setInterval(150)
        self._refresh_soon.timeout.connect(self.refresh)
        self.follow_up_actions.changed.connect(lambda _: self._refresh_soon.start())
        if bridge is None:
            bridge = ChangeBridge(services.ctx.bus, self)
            self.destroyed.connect(bridge.detach)
        bridge.changed.connect(self._on_changes)
        self._build(staff)
        self.refresh()

    # ------------------------------------------------------------------ layout
    def _build(self, staff: str | None) -> None:
        # made once, shared by every row (a list has hundreds)
        self._bold_font = QFont(self.font())
        self._bold_font.setBold(True)
        self._link_font = QFont(self.font())
        self._link_font.setUnderline(True)
        self._link_brush, self._late, self._muted = QBrush(LINK), QBrush(LATE), QBrush(MUTED)
        self._open_tip = self.tr("クリックでカードを開く")
        layout = QVBoxLayout(self)
        header = QHBoxLayout()
        self.title = QLabel(self.tr("本日のフォロー"))
        self.title.setObjectName("todayTitle")
        big = QFont(self.title.font())
        big.setPointSizeF(big.pointSizeF() * 1.5)
        big.setBold(True)
        self.title.setFont(big)
        header.addWidget(self.title)
        self.date_label = QLabel()
        self.date_label.setObjectName("todayDate")
        header.addWidget(self.date_label)
        header.addStretch(1)
        header.addWidget(QLabel(self.tr("担当:")))
        self.staff_box = QComboBox()
        self.staff_box.setObjectName("todayStaff")
        self.staff_box.addItem(self.tr("全員"), None)
        for name in self.services.store.staff_names():
            self.staff_box.addItem(name, name)
        if staff:
            index = self.staff_box.findData(staff)
            if index >= 0:
                self.staff_box.setCurrentIndex(index)
        self.staff_box.currentIndexChanged.connect(lambda _: self.refresh())
        header.addWidget(self.staff_box)
        self.plan_button = QPushButton(self.tr("誕生日・節目の予定を作成"))
        self.plan_button.setObjectName("todayPlan")
        self.plan_button.setToolTip(
            self.tr(
                "シナリオに沿って、近づいた誕生日・人生の節目・保証終了などのフォローを作ります（二重には作りません）"
            )
        )
        self.plan_button.clicked.connect(self.plan_upcoming)
        header.addWidget(self.plan_button)
        self.refresh_button = QPushButton(self.tr("更新"))
        self.refresh_button.setObjectName("todayRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        header.addWidget(self.refresh_button)
        layout.addLayout(header)
        self.summary = QLabel()
        self.summary.setObjectName("todaySummary")
        layout.addWidget(self.summary)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self._section_label(self.tr("やること（本日・期限切れ）")))
        self.tasks = self._tree(
            "todayTasks",
            [self.tr("予定日"), self.tr("お客様"), self.tr("理由"), self.tr("電話番号"), self.tr("担当")],
            [170, 130, 300, 112, 56],
        )
        self.tasks.currentItemChanged.connect(lambda *_: self._update_buttons())
        left_layout.addWidget(self.tasks)
        buttons = QHBoxLayout()
        self.done_button = QPushButton(self.tr("完了…"))
        self.done_button.setObjectName("todayDone")
        self.done_button.clicked.connect(lambda: self._complete(skipped=False))
        self.skip_button = QPushButton(self.tr("見送り…"))
        self.skip_button.setObjectName("todaySkip")
        self.skip_button.clicked.connect(lambda: self._complete(skipped=True))
        self.move_button = QPushButton(self.tr("日付を変更…"))
        self.move_button.setObjectName("todayMove")
        self.move_button.clicked.connect(self._reschedule)
        self.open_button = QPushButton(self.tr("カードを開く"))
        self.open_button.setObjectName("todayOpen")
        self.open_button.clicked.connect(self._open_current)
        for button in (self.done_button, self.skip_button, self.move_button, self.open_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        left_layout.addLayout(buttons)
        splitter.addWidget(left)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self._section_label(self.tr("これから")))
        self.upcoming = self._tree(
            "todayUpcoming", [self.tr("日付"), self.tr("お客様"), self.tr("内容")], [205, 130, 300]
        )
        right_layout.addWidget(self.upcoming)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([760, 580])
        layout.addWidget(splitter, 1)
        self.status = QLabel()
        self.status.setObjectName("todayStatus")
        layout.addWidget(self.status)
        self._update_buttons()

    def _section_label(self, text: str) -> QLabel:
        label = QLabel(text)
        font = QFont(label.font())
        font.setBold(True)
        label.setFont(font)
        return label

    def _tree(self, name: str, headers: list[str], widths: list[int]) -> QTreeWidget:
        tree = QTreeWidget()
        tree.setObjectName(name)
        tree.setColumnCount(len(headers))
        tree.setHeaderLabels(headers)
        tree.setRootIsDecorated(True)
        tree.setUniformRowHeights(True)
        tree.setAlternatingRowColors(True)
        tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        tree.setMouseTracking(True)
        header = tree.header()
        header.setStretchLastSection(False)
        for column in range(len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            tree.setColumnWidth(column, widths[column])
        header.setSectionResizeMode(
            2, QHeaderView.ResizeMode.Stretch
        )  # the reason / what: as wide as possible
        tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        tree.itemClicked.connect(self._clicked)
        tree.itemActivated.connect(lambda item, _column: self._open_item(item))
        return tree

    # ------------------------------------------------------------------ data
    def staff(self) -> str | None:
        value = self.staff_box.currentData()
        return str(value) if value else None

    @property
    def loading(self) -> bool:
        """A read of the list is under way (the rows shown are the previous ones until it ends)."""
        return self._loading is not None

    def refresh(self) -> None:
        """Read the list again off the GUI thread (a big store takes most of a second); the rows shown stay until
        the new ones arrive. A refresh asked for while one runs starts again when it ends."""
        if self._loading is not None:
            self._again = True
            return
        staff = self.staff()
        self._again = False
        self.refresh_button.setEnabled(False)
        self.refresh_button.setText(self.tr("読み込み中…"))
        if self.current is None:
            self.summary.setText(self.tr("本日のフォローを読み込んでいます…"))
        self._loading = self.runner.start(
            lambda _report: self.services.today.today(staff=staff),
            on_done=self._loaded,
            on_error=self._load_failed,
        )

    def _loaded(self, today: TodayList) -> None:
        if not isValid(self):  # the screen was closed while its list was read
            return
        self._loading = None
        self.refresh_button.setEnabled(True)
        self.refresh_button.setText(self.tr("更新"))
        if self._again or today.staff != self.staff():
            self.refresh()  # something changed meanwhile: this result is shown, the fresh one follows
        self._show(today)
        if self._loading is None:
            self.loaded.emit()

    def _load_failed(self, error: Exception) -> None:
        if not isValid(self):
            return
        self._loading = None
        self.refresh_button.setEnabled(True)
        self.refresh_button.setText(self.tr("更新"))
        message = error.message if isinstance(error, CrmError) else str(error)
        self.summary.setText(
            self.tr("本日のフォローを読み込めませんでした: {message}").format(message=message)
        )
        if self._again:
            self.refresh()

    def _show(self, today: TodayList) -> None:
        self.current = today
        self.date_label.setText(
            f"{show_date(today.day, self.date_style)}（{WEEKDAY_JA[today.day.weekday()]}）"
        )
        if today.due_total:
            text = self.tr("やること {count}件").format(count=today.due_total)
            if today.overdue_total:
                text += self.tr("（うち期限切れ {count}件）").format(count=today.overdue_total)
        else:
            text = self.tr("本日のフォローはありません")
        self.summary.setText(text)
        selected = self.selected_follow_up()
        self._fill_tasks(today)
        self._fill_upcoming(today)
        if selected is not None:
            self.select_follow_up(selected)
        self._update_buttons()

    def _fill_tasks(self, today: TodayList) -> None:
        self.tasks.setUpdatesEnabled(False)  # hundreds of rows: one layout and paint at the end, not one each
        try:
            self.tasks.clear()
            if not today.due_total:
                empty = QTreeWidgetItem(self.tasks, ["", self.tr("本日のフォローはありません"), "", "", ""])
                empty.setForeground(1, self._muted)
                return
            heads = []
            for group in today.groups:
                if not group.total:
                    continue
                title = self.tr("{label} {count}件").format(label=group.label, count=group.total)
                if group.overdue:
                    title += self.tr("（期限切れ {count}件）").format(count=group.overdue)
                head = self._group_item(title)
                for due in group.items:
                    self._task_row(head, due)
                if group.total > len(group.items):
                    more = QTreeWidgetItem(
                        head,
                        [
                            "",
                            self.tr("ほか {count}件（カレンダーで確認できます）").format(
                                count=group.total - len(group.items)
                            ),
                        ],
                    )
                    more.setForeground(1, self._muted)
                    more.setFlags(more.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                heads.append(head)
            self._add_groups(self.tasks, heads)
        finally:
            self.tasks.setUpdatesEnabled(True)

    def _task_row(self, head: QTreeWidgetItem, due: DueFollowUp) -> None:
        when = (
            self.tr("本日")
            if due.days_overdue <= 0
            else self.tr("{days}日遅れ（{day}）").format(
                days=due.days_overdue, day=f"{due.due_date.month}/{due.due_date.day}"
            )
        )
        row = QTreeWidgetItem(
            head,
            [
                when,
                f"{due.customer_name}様",
                due.reason,
                due.phone or "",
                due.staff or "",
            ],
        )
        row.setData(0, CUSTOMER_ROLE, due.customer_id)
        row.setData(0, FOLLOW_UP_ROLE, due.id)
        row.setToolTip(1, self._open_tip)
        row.setToolTip(2, due.reason)
        self._link(row, 1)
        if due.days_overdue > 0:
            row.setForeground(0, self._late)

    def _fill_upcoming(self, today: TodayList) -> None:
        self.upcoming.setUpdatesEnabled(False)
        try:
            self.upcoming.clear()
            self._add_groups(self.upcoming, self._upcoming_groups(today))
        finally:
            self.upcoming.setUpdatesEnabled(True)

    def _upcoming_groups(self, today: TodayList) -> list[QTreeWidgetItem]:
        """The right-hand list's sections with their rows, not yet in the tree."""
        birthdays = self._group_item(
            self.tr("お誕生日（{days}日以内）{count}件").format(
                days=today.birthday_days, count=today.birthdays_total
            )
        )
        for b in today.birthdays:
            what = self.tr("{age}歳のお誕生日").format(age=b.age)
            if b.relation:
                what = self.tr("{relation}の{name}様 — {what}").format(
                    relation=b.relation, name=b.person_name, what=what
                )
            if b.milestone:
                what += f"（{b.milestone}）"
            self._row(birthdays, self._when(b.day, b.days_until), f"{b.customer_name}様", what, b.customer_id)
        events = self._group_item(
            self.tr("人生の節目（{days}日以内）{count}件").format(
                days=today.upcoming_days, count=len(today.life_events)
            )
        )
        for e in today.life_events:
            what = e.label if str(e.age) in e.label else f"{e.label}（{e.age}歳）"
            if e.relation:
                what = self.tr("{relation}の{name}様 — {what}").format(
                    relation=e.relation, name=e.person_name, what=what
                )
            self._row(events, self._when(e.day, e.days_until), f"{e.customer_name}様", what, e.customer_id)
        items = self._group_item(
            self.tr("車検・点検・保証（{days}日以内）{count}件").format(
                days=today.upcoming_days, count=today.item_dates_total
            )
        )
        for i in today.item_dates:
            what = f"{i.label}: {i.item_name}"
            if i.identifier:
                what += f"（{i.identifier}）"
            if i.planned:
                what += self.tr(" — フォロー予定あり")
            self._row(items, self._when(i.day, i.days_until), f"{i.customer_name}様", what, i.customer_id)
        dormant = self._group_item(
            self.tr("休眠のおそれ（{months}か月以上ご連絡なし）{count}件").format(
                months=today.dormant_months, count=today.dormant_total
            )
        )
        for d in today.dormant:
            when = (
                self.tr("最終 {day}").format(day=short_date(d.last_contact, self.date_style))
                if d.last_contact
                else ""
            )
            what = (
                self.tr("{months}か月ご連絡なし").format(months=d.months)
                if d.last_contact
                else self.tr("ご連絡の記録なし（登録から{months}か月）").format(months=d.months)
            )
            if d.staff:
                what += self.tr("（担当 {staff}）").format(staff=d.staff)
            if d.planned:
                what += self.tr(" — 予定あり")
            self._row(dormant, when, f"{d.customer_name}様", what, d.customer_id)
        skips = self._group_item(
            self.tr("同意がないため見送ったフォロー {count}件").format(count=len(today.consent_skips))
        )
        for s in today.consent_skips:
            self._row(
                skips,
                month_day(s.due_date),
                f"{s.customer_name}様",
                self.tr("{kind}「{reason}」— {why}").format(
                    kind=follow_up_label(s.kind), reason=s.reason, why=s.why
                ),
                s.customer_id,
            )
        return [birthdays, events, items, dormant, skips]

    def _group_item(self, title: str) -> QTreeWidgetItem:
        """A section heading, not yet in a tree: its rows are added under it first (no model update per row)."""
        head = QTreeWidgetItem([title])
        head.setFont(0, self._bold_font)
        head.setFlags(head.flags() & ~Qt.ItemFlag.ItemIsSelectable)
        return head

    @staticmethod
    def _add_groups(tree: QTreeWidget, heads: list[QTreeWidgetItem]) -> None:
        tree.addTopLevelItems(heads)  # one insertion for all the sections and their rows
        for head in heads:
            head.setFirstColumnSpanned(True)
            head.setExpanded(True)
            head.setHidden(head.childCount() == 0)  # nothing to say: no heading either

    def _row(
        self, head: QTreeWidgetItem, when: str, who: str, what: str, customer_id: int
    ) -> QTreeWidgetItem:
        row = QTreeWidgetItem(head, [when, who, what])
        row.setData(0, CUSTOMER_ROLE, customer_id)
        row.setToolTip(1, self._open_tip)
        row.setToolTip(2, what)
        self._link(row, 1)
        return row

    def _when(self, day: date, days_until: int) -> str:
        if days_until == 0:
            return self.tr("本日 {day}").format(day=month_day(day))
        return self.tr("{day} あと{n}日").format(day=month_day(day), n=days_until)

    def _link(self, row: QTreeWidgetItem, column: int) -> None:
        row.setFont(column, self._link_font)
        row.setForeground(column, self._link_brush)

    # ------------------------------------------------------------------ actions
    @staticmethod
    def _rows(tree: QTreeWidget) -> list[tuple[QTreeWidgetItem, QTreeWidgetItem]]:
        """(group row, row) of every row under a group."""
        found = []
        for index in range(tree.topLevelItemCount()):
            head = tree.topLevelItem(index)
            if head is None:
                continue
            for child in range(head.childCount()):
                item = head.child(child)
                if item is not None:
                    found.append((head, item))
        return found

    def selected_follow_up(self) -> int | None:
        item = self.tasks.currentItem()
        if item is None:
            return None
        value = item.data(0, FOLLOW_UP_ROLE)
        return int(value) if value is not None else None

    def select_follow_up(self, follow_up_id: int) -> bool:
        for _, item in self._rows(self.tasks):
            if item.data(0, FOLLOW_UP_ROLE) == follow_up_id:
                self.tasks.setCurrentItem(item)
                return True
        return False

    def follow_up_rows(self) -> list[tuple[str, str, str]]:
        """What the task list shows, row by row: (group, customer, reason) — for tests and screen readers."""
        return [
            (head.text(0), item.text(1), item.text(2))
            for head, item in self._rows(self.tasks)
            if item.data(0, FOLLOW_UP_ROLE) is not None
        ]

    def upcoming_rows(self) -> list[tuple[str, str, str, str]]:
        """What the right-hand list shows: (section, when, who, what)."""
        return [
            (head.text(0), item.text(0), item.text(1), item.text(2))
            for head, item in self._rows(self.upcoming)
        ]

    def _current_due(self) -> DueFollowUp | None:
        follow_up_id = self.selected_follow_up()
        if follow_up_id is None or self.current is None:
            return None
        return next((i for g in self.current.groups for i in g.items if i.id == follow_up_id), None)

    def _update_buttons(self) -> None:
        has = self.selected_follow_up() is not None
        for button in (self.done_button, self.skip_button, self.move_button, self.open_button):
            button.setEnabled(has)

    def _complete(self, *, skipped: bool) -> None:
        due = self._current_due()
        if due is not None:
            self.follow_up_actions.complete(
                due.id, due.customer_name, follow_up_label(due.kind), due.reason, skipped=skipped
            )

    def _reschedule(self) -> None:
        due = self._current_due()
        if due is not None:
            self.follow_up_actions.reschedule(
                due.id, due.customer_name, follow_up_label(due.kind), due.due_date
            )

    def _open_current(self) -> None:
        item = self.tasks.currentItem()
        if item is not None:
            self._open_item(item)

    def _clicked(self, item: QTreeWidgetItem, column: int) -> None:
        if item.data(0, CUSTOMER_ROLE) is None:
            return
        if item.treeWidget() is self.upcoming or column == 1:
            self._open_item(item)

    def _open_item(self, item: QTreeWidgetItem) -> None:
        customer_id = item.data(0, CUSTOMER_ROLE)
        if customer_id is not None:
            self.open_customer.emit(int(customer_id))

    def plan_upcoming(self) -> None:
        """Plan the scenarios of coming birthdays, milestones and item dates, off the GUI thread (a big store has
        thousands); the lists refresh when it is done."""
        self.plan_button.setEnabled(False)
        self.status.setText(self.tr("誕生日・節目などのフォローを作成しています…"))
        self.runner.start(
            lambda _report: self.services.scenarios.plan_upcoming(),
            on_done=self._planned,
            on_error=self._plan_failed,
        )

    def _planned(self, report: PlanReport) -> None:
        text = self.tr("誕生日・節目などのフォローを {count}件作成しました").format(count=len(report.created))
        if report.skipped_consent:
            text += self.tr("（連絡の同意がないため {count}件見送り）").format(
                count=len(report.skipped_consent)
            )
        if report.already_planned:
            text += self.tr("。{count}件は作成済みです").format(count=report.already_planned)
        self.status.setText(text)
        self.plan_button.setEnabled(True)
        self.refresh()

    def _plan_failed(self, error: Exception) -> None:
        message = error.message if isinstance(error, CrmError) else str(error)
        self.status.setText(self.tr("フォローを作成できませんでした: {message}").format(message=message))
        self.plan_button.setEnabled(True)

    def _on_changes(self, changes: Changes) -> None:
        if changes.follow_ups or changes.customers or changes.deleted or changes.bulk:
            self._refresh_soon.start()
