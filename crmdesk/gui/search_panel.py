"""Search first: the search field, the filters, the あ・か・さ・た・な index and the customer list.

Each keystroke runs the search on the thread pool, so the window never freezes. Searches never pile up: while one
runs, further keystrokes only mark the field as changed, and when it ends the newest text is searched at once (its
now stale result is dropped) — a debounce that waits exactly as long as the database needs, not a fixed pause.
A keystroke asks for the first page only (what fills the screen, a few milliseconds even when "0" matches all
100,000); when the typing pauses, the rest of a long result is read in the background and appended to the list.
The default list (no words, no filters, in 五十音 order) is kept, so clearing the field shows it at once. Enter
opens the top result.
"""

from __future__ import annotations

import bisect
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTabBar,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.domain.errors import CrmError
from crmdesk.domain.values import Phase
from crmdesk.gui.customer_model import SORT_KEYS, Column, CustomerListModel
from crmdesk.gui.labels import phase_label
from crmdesk.gui.look import type_size
from crmdesk.gui.tasks import Report, TaskRunner
from crmdesk.services.search import SearchFilters, SearchService

if TYPE_CHECKING:
    from crmdesk.services.bundle import Services

log = logging.getLogger(__name__)

ROW_HEIGHT = 26
FIRST_PAGE = 200  # hits a keystroke shows at once; more than a screenful
COMPLETE_AFTER_MS = 150  # a pause in typing this long reads the rest of a long result
# The index tabs: the first katakana of each 行 (a reading at or after it and before the next one is in that 行).
KANA_ROWS: tuple[tuple[str, str], ...] = (
    ("あ", "ァ"),
    ("か", "カ"),
    ("さ", "サ"),
    ("た", "タ"),
    ("な", "ナ"),
    ("は", "ハ"),
    ("ま", "マ"),
    ("や", "ャ"),
    ("ら", "ラ"),
    ("わ", "ヮ"),
)


class SearchField(QLineEdit):
    """Down arrow moves into the list; Esc clears the words."""

    downPressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.downPressed.emit()
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class SearchPanel(QWidget):
    customerSelected = Signal(int)  # the user picked a row (click, arrow keys, Enter)
    searchFinished = Signal(int)  # a result is on screen: how many customers (the first page of a long one)
    resultCompleted = Signal(int)  # the whole result is in the list: how many customers

    def __init__(self, services: Services, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self.search_service: SearchService = getattr(services, "search", None) or SearchService(services.ctx)
        self.model = CustomerListModel(services.customers.rows, today=services.ctx.today, parent=self)
        self.order_key = "rank"  # best match first; with no words, 五十音 order
        self.descending = False
        self._browse_ids: list[int] | None = None  # the default list, kept while nothing changes
        self._generation = 0
        self._in_flight = False  # a search is running on the pool
        self._again = False  # the words or filters changed while it ran
        self._open_top_when_done = False
        self._pending_jump: str | None = None
        self._selecting = False
        self.last_error = ""
        self.partial = False  # the list shows the first page of a longer result
        self._completing: int | None = None  # the generation whose rest is being read
        self._complete_timer = QTimer(self)
        self._complete_timer.setSingleShot(True)
        self._complete_timer.setInterval(COMPLETE_AFTER_MS)
        self._complete_timer.timeout.connect(self._read_the_rest)
        self._rest_of: tuple[int, str, SearchFilters | None, str | None] | None = None

        self.field = SearchField()
        self.field.setObjectName("searchField")
        type_size(self.field, 12)
        self.field.setTextMargins(2, 3, 2, 3)
        self.field.setClearButtonEnabled(True)
        self.field.setPlaceholderText(self.tr("名前・フリガナ・電話番号・住所・ナンバー・メモで検索"))
        self.field.setToolTip(self.tr("検索（Ctrl+F / Ctrl+K）。Enter で一番上のお客様を開きます"))
        self.filter_button = QToolButton()
        self.filter_button.setText(self.tr("絞り込み"))
        self.filter_button.setCheckable(True)
        self.filter_button.setToolTip(self.tr("段階・担当・タグ・誕生月などで絞り込み"))
        top = QHBoxLayout()
        top.addWidget(self.field, 1)
        top.addWidget(self.filter_button)

        self.filters = QWidget()
        self.phase = QComboBox()
        self.phase.addItem(self.tr("すべての段階"), None)
        for phase in Phase:
            self.phase.addItem(phase_label(phase), phase.value)
        self.staff = QComboBox()
        self.tag = QLineEdit()
        self.tag.setPlaceholderText(self.tr("タグ"))
        self.tag.setMaximumWidth(110)
        self.birthday_month = QComboBox()
        self.birthday_month.addItem(self.tr("誕生月"), None)
        for month in range(1, 13):
            self.birthday_month.addItem(self.tr("{month}月生まれ").format(month=month), month)
        self.open_follow_ups = QCheckBox(self.tr("フォロー予定あり"))
        filter_layout = QHBoxLayout(self.filters)
        filter_layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.phase, self.staff, self.tag, self.birthday_month, self.open_follow_ups):
            filter_layout.addWidget(widget)
        filter_layout.addStretch(1)
        self.filters.setVisible(False)
        self.filter_button.toggled.connect(self._filters_toggled)

        self.index_bar = QTabBar()
        self.index_bar.setObjectName("kanaIndex")
        self.index_bar.setExpanding(False)
        self.index_bar.setDrawBase(False)
        for label, _start in KANA_ROWS:
            self.index_bar.addTab(label)
        self.index_bar.setToolTip(self.tr("五十音の行へ移動"))
        self.index_bar.tabBarClicked.connect(self._index_clicked)

        self.view = QTableView()
        self.view.setObjectName("customerList")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setShowGrid(False)
        self.view.setTabKeyNavigation(False)
        vertical = self.view.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never ResizeToContents: 19 s at 100,000
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        horizontal = self.view.horizontalHeader()
        horizontal.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        horizontal.setStretchLastSection(True)
        horizontal.setHighlightSections(False)
        for column, width in {
            Column.NAME: 130,
            Column.KANA: 140,
            Column.PHONE: 120,
            Column.ADDRESS: 220,
            Column.STAFF: 60,
            Column.PHASE: 50,
            Column.LAST_CONTACT: 90,
            Column.NEXT_FOLLOW_UP: 90,
        }.items():
            self.view.setColumnWidth(column, width)
        horizontal.setSortIndicator(
            -1, Qt.SortOrder.AscendingOrder
        )  # best match first until a header is clicked
        horizontal.setSortIndicatorShown(True)
        horizontal.setToolTip(self.tr("見出しをクリックすると並べ替えます"))
        horizontal.setSectionsClickable(True)
        horizontal.sortIndicatorChanged.connect(self.model.sort)
        self.model.sortRequested.connect(self._sort_requested)
        self.count = QLabel()
        self.count.setObjectName("resultCount")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(self.index_bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)

        self.field.textChanged.connect(self._typed)
        self.field.returnPressed.connect(self.open_top)
        self.field.downPressed.connect(self._into_list)
        for combo in (self.phase, self.staff, self.birthday_month):
            combo.currentIndexChanged.connect(self._typed)
        self.tag.textChanged.connect(self._typed)
        self.open_follow_ups.toggled.connect(self._typed)
        self.view.selectionModel().currentRowChanged.connect(self._row_changed)
        self.view.activated.connect(self._activated)
        self.view.verticalScrollBar().valueChanged.connect(self._scrolled)

    # ------------------------------------------------------------------ running the search
    def _typed(self, *_args: object) -> None:
        self.search_now()

    def filters_now(self) -> SearchFilters | None:
        if not self.filter_button.isChecked():
            return None
        phase = self.phase.currentData()
        filters = SearchFilters(
            phase=Phase(phase) if phase else None,
            staff=self.staff.currentData(),
            tag=self.tag.text().strip() or None,
            birthday_month=self.birthday_month.currentData(),
            has_open_follow_ups=True if self.open_follow_ups.isChecked() else None,
        )
        return None if filters.is_empty() else filters

    def is_default_list(self) -> bool:
        """No words, no filters, in reading order: the list kept in memory."""
        return (
            not self.field.text().strip()
            and self.filters_now() is None
            and self.order_key in ("rank", "kana")
        )

    def in_reading_order(self) -> bool:
        """The list runs あ→わ (what the index tabs need)."""
        if self.descending:
            return False
        return self.order_key == "kana" or (self.order_key == "rank" and not self.field.text().strip())

    def search_now(self) -> None:
        """Search for what is in the field now (or right after the search that is still running)."""
        self._complete_timer.stop()  # the rest of the previous result is not wanted any more
        if self._in_flight:
            self._again = True
            return
        self._rest_of = None
        self._generation += 1
        generation = self._generation
        query = self.field.text().strip()
        filters = self.filters_now()
        order = None if self.order_key == "rank" else ("-" if self.descending else "") + self.order_key
        if self.is_default_list() and self._browse_ids is not None:
            ids = self._browse_ids[::-1] if self.descending else self._browse_ids
            self._show_result(generation, (ids, True))
            return
        default = self.is_default_list()
        customers = self.services.customers
        search = self.search_service

        def work(_report: Report) -> tuple[list[int], bool]:
            if default:
                return customers.browse_ids(), True
            hits = search.search_ids(query, filters, order_by=order, limit=FIRST_PAGE)
            return [hit.customer_id for hit in hits], False

        self._rest_of = (generation, query, filters, order)

        self._in_flight = True
        self.runner.start(
            work,
            on_done=lambda result: self._finished(generation, result),
            on_error=lambda exc: self._search_failed(generation, exc),
        )

    def _finished(self, generation: int, result: tuple[list[int], bool]) -> None:
        self._in_flight = False
        if self._again:  # typed on while it ran: this result is already stale
            self._again = False
            self.search_now()
            return
        self._show_result(generation, result)

    def _show_result(self, generation: int, result: tuple[list[int], bool]) -> None:
        if generation != self._generation:
            return  # an older search
        ids, is_default = result
        if is_default and self._browse_ids is None:
            self._browse_ids = ids
            if self.descending:
                ids = ids[::-1]
        self.last_error = ""
        self.partial = not is_default and len(ids) >= FIRST_PAGE
        if self.partial:
            self._complete_timer.start()
        self._show_ids(ids)
        self._show_count()
        if self._open_top_when_done:
            self._open_top_when_done = False
            self.open_top()
        self._jump_if_asked()
        self.searchFinished.emit(len(ids))

    def _show_ids(self, ids: list[int]) -> None:
        """Show these customers, keeping the selected one selected (without opening it again)."""
        current = self.current_id()
        self._selecting = True
        try:
            self.model.set_ids(ids)
            if current is not None:
                self.select_id(current, scroll=False)
        finally:
            self._selecting = False

    def _jump_if_asked(self) -> None:
        """An index tab clicked while the result was still being read: jump now."""
        if self._pending_jump is not None:
            label, self._pending_jump = self._pending_jump, None
            self.jump_to(label)

    # ------------------------------------------------------------------ the rest of a long result
    def _read_the_rest(self) -> None:
        """Typing paused on a long result: read all of it in the background and append what is not shown yet."""
        rest = self._rest_of
        if rest is None or not self.partial or rest[0] != self._generation:
            return
        generation, query, filters, order = rest
        search = self.search_service

        def work(_report: Report) -> list[int]:
            return [hit.customer_id for hit in search.search_ids(query, filters, order_by=order)]

        self._completing = generation
        self.runner.start(
            work,
            on_done=lambda ids: self._rest_read(generation, ids),
            on_error=lambda exc: self._rest_failed(generation, exc),
        )

    def _rest_read(self, generation: int, ids: list[int]) -> None:
        if self._completing == generation:
            self._completing = None
        if generation != self._generation or not self.partial:
            return  # typed on meanwhile: this result is stale
        shown = self.model.ids()
        self.partial = False
        if ids[: len(shown)] == shown:
            self.model.extend_ids(ids[len(shown) :])
        else:  # the order moved between the two reads (a save in between): show the whole result afresh
            self._show_ids(ids)
        self._show_count()
        self._jump_if_asked()
        self.resultCompleted.emit(len(ids))

    def _rest_failed(self, generation: int, exc: Exception) -> None:
        if self._completing == generation:
            self._completing = None
        if generation == self._generation:
            log.warning("could not read the rest of the search result: %s", exc)

    @property
    def counting(self) -> bool:
        """The rest of a long result is still to come."""
        return self.partial

    def all_ids(self) -> list[int]:
        """Every customer of the current result (read now if only its first page is shown)."""
        if not self.partial or self._rest_of is None:
            return self.model.ids()
        _generation, query, filters, order = self._rest_of
        return [hit.customer_id for hit in self.search_service.search_ids(query, filters, order_by=order)]

    def _search_failed(self, generation: int, exc: Exception) -> None:
        self._in_flight = False
        if self._again:
            self._again = False
            self.search_now()
            return
        if generation != self._generation:
            return
        self.last_error = exc.message if isinstance(exc, CrmError) else str(exc)
        self.count.setText(self.tr("検索できません: {error}").format(error=self.last_error))
        if not isinstance(exc, CrmError):
            log.error("search failed: %s", exc)

    def _show_count(self) -> None:
        rows = self.model.rowCount()
        if self.partial:
            self.count.setText(self.tr("{count:,}件以上見つかりました（数えています…）").format(count=rows))
        elif self.field.text().strip() or self.filters_now() is not None:
            self.count.setText(
                self.tr("{count:,}件見つかりました").format(count=rows)
                if rows
                else self.tr("見つかりません。別の書き方（ひらがな・電話番号の一部など）でもお試しください")
            )
        else:
            self.count.setText(self.tr("全{count:,}件").format(count=rows))

    @property
    def busy(self) -> bool:
        return self._in_flight or self._again

    def forget_default_list(self) -> None:
        """Customers were added, removed or restored: the kept default list is out of date."""
        self._browse_ids = None

    def refresh(self) -> None:
        """Run the current search again (after customers were added, trashed or restored)."""
        self.forget_default_list()
        self.search_now()

    # ------------------------------------------------------------------ sorting
    def _sort_requested(self, key: str, descending: bool) -> None:
        if not key:  # this column cannot be sorted: put the indicator back
            header = self.view.horizontalHeader()
            header.blockSignals(True)
            column = next((int(c) for c, k in SORT_KEYS.items() if k == self.order_key), -1)
            order = Qt.SortOrder.DescendingOrder if self.descending else Qt.SortOrder.AscendingOrder
            header.setSortIndicator(column, order)
            header.blockSignals(False)
            return
        if (key, descending) == (self.order_key, self.descending):
            return
        self.order_key, self.descending = key, descending
        self.search_now()

    def sort_by(self, column: Column, descending: bool = False) -> None:
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        self.view.horizontalHeader().setSortIndicator(column, order)

    # ------------------------------------------------------------------ selection
    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def select_id(self, customer_id: int, *, scroll: bool = True) -> bool:
        """Highlight this customer's row without opening it again."""
        row = self.model.row_of(customer_id)
        if row is None:
            self.view.selectionModel().clearSelection()
            return False
        selecting, self._selecting = self._selecting, True
        try:
            index = self.model.index(row, 0)
            self.view.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            if scroll:
                self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        finally:
            self._selecting = selecting
        return True

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._selecting or not current.isValid():
            return
        customer_id = self.model.id_at(current.row())
        if customer_id is not None:
            self.customerSelected.emit(customer_id)

    def _activated(self, index: QModelIndex) -> None:
        customer_id = self.model.id_at(index.row())
        if customer_id is not None:
            self.customerSelected.emit(customer_id)

    def open_top(self) -> None:
        """Enter in the search field: open the first result (after the search that is still running)."""
        if self.busy:
            self._open_top_when_done = True
            return
        if self.model.rowCount() == 0:
            return
        index = self.model.index(0, 0)
        self.view.scrollTo(index)
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        customer_id = self.model.id_at(0)
        if customer_id is not None:
            self.customerSelected.emit(customer_id)
        self.field.selectAll()

    def _into_list(self) -> None:
        self.view.setFocus()
        if not self.view.currentIndex().isValid() and self.model.rowCount():
            self.view.selectionModel().setCurrentIndex(
                self.model.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )

    def focus_search(self) -> None:
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    # ------------------------------------------------------------------ the あかさたな index
    def _index_clicked(self, tab: int) -> None:
        if 0 <= tab < len(KANA_ROWS):
            self.jump_to(KANA_ROWS[tab][0])

    def jump_to(self, label: str) -> bool:
        """Scroll to the first customer whose reading is in this 行 (sorting by reading first if needed)."""
        start = dict(KANA_ROWS).get(label)
        if start is None:
            return False
        if not self.in_reading_order():
            self._pending_jump = label  # put the list in 五十音 order first, then jump
            self.sort_by(Column.KANA)
            return False
        if self.busy:
            self._pending_jump = label
            return False
        if self.partial:  # the 行 may lie past the first page: read the rest now, then jump
            self._pending_jump = label
            self._complete_timer.stop()
            if self._completing != self._generation:
                self._read_the_rest()
            return False
        row = self._first_row_at(start)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.view.doItemsLayout()  # rows added a moment ago: the scroll range must know them first
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtTop)
        self._set_index_tab(label)
        return True

    def _first_row_at(self, start: str) -> int | None:
        """Binary search over the list in reading order: about 17 rows are looked at for 100,000."""
        count = self.model.rowCount()
        if count == 0:
            return None

        def kana(row: int) -> str:
            customer = self.model.customer_at(row)
            return customer.name_kana if customer else ""

        return min(bisect.bisect_left(range(count), start, key=kana), count - 1)

    def _scrolled(self, _value: int) -> None:
        if not self.in_reading_order():
            return
        top = self.view.rowAt(0)
        customer = self.model.customer_at(top) if top >= 0 else None
        if customer is None:
            return
        starts = [start for _label, start in KANA_ROWS]
        position = bisect.bisect_right(starts, customer.name_kana[:1] or "ァ") - 1
        if 0 <= position < len(KANA_ROWS):
            self._set_index_tab(KANA_ROWS[position][0])

    def _set_index_tab(self, label: str) -> None:
        labels = [lab for lab, _start in KANA_ROWS]
        if label in labels:
            self.index_bar.blockSignals(True)
            self.index_bar.setCurrentIndex(labels.index(label))
            self.index_bar.blockSignals(False)

    # ------------------------------------------------------------------ filters
    def _filters_toggled(self, on: bool) -> None:
        self.filters.setVisible(on)
        if on:
            self._fill_filter_choices()
        self._typed()

    def _fill_filter_choices(self) -> None:
        staff = self.staff.currentData()
        self.staff.blockSignals(True)
        self.staff.clear()
        self.staff.addItem(self.tr("すべての担当"), None)
        for name in self.services.store.staff_names(active_only=False):
            self.staff.addItem(name, name)
        self.staff.setCurrentIndex(max(0, self.staff.findData(staff)))
        self.staff.blockSignals(False)
