"""The customer list: ids of the current search in SQL order, rows fetched lazily for what is on screen.

The model never holds more than ids for the whole list (100,000 ints); `CustomerRow`s are fetched a page at a time
when the view asks for them, cached (least recently used first out), and dropped by id when a change report names
them. Sorting does not sort in Python: it asks the search to run again with another ORDER BY.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from crmdesk.domain.records import CustomerRow
from crmdesk.gui.labels import phase_label, short_date

RowFetcher = Callable[[Sequence[int]], list[CustomerRow]]
Index = QModelIndex | QPersistentModelIndex

PAGE = 100  # rows fetched at once around the one the view asks for
CACHE_LIMIT = 20_000  # rows kept; the oldest go first
ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
OVERDUE = QColor("#b3261e")


class Column(IntEnum):
    NAME = 0
    KANA = 1
    PHONE = 2
    ADDRESS = 3
    STAFF = 4
    PHASE = 5
    LAST_CONTACT = 6
    NEXT_FOLLOW_UP = 7


# The ORDER BY key a column sorts by (the search service's names); the others cannot be sorted.
SORT_KEYS: dict[Column, str] = {
    Column.NAME: "name",
    Column.KANA: "kana",
    Column.PHASE: "phase",
    Column.LAST_CONTACT: "last_contact",
    Column.NEXT_FOLLOW_UP: "next_follow_up",
}


def column_titles() -> dict[Column, str]:
    return {
        Column.NAME: QCoreApplication.translate("CustomerListModel", "お名前"),
        Column.KANA: QCoreApplication.translate("CustomerListModel", "フリガナ"),
        Column.PHONE: QCoreApplication.translate("CustomerListModel", "電話"),
        Column.ADDRESS: QCoreApplication.translate("CustomerListModel", "住所"),
        Column.STAFF: QCoreApplication.translate("CustomerListModel", "担当"),
        Column.PHASE: QCoreApplication.translate("CustomerListModel", "段階"),
        Column.LAST_CONTACT: QCoreApplication.translate("CustomerListModel", "最終接触"),
        Column.NEXT_FOLLOW_UP: QCoreApplication.translate("CustomerListModel", "次回フォロー"),
    }


class CustomerListModel(QAbstractTableModel):
    sortRequested = Signal(str, bool)  # ORDER BY key ("" for a column that cannot be sorted), descending

    def __init__(self, fetch_rows: RowFetcher, *, today: Callable[[], date], parent: Any = None) -> None:
        super().__init__(parent)
        self._fetch_rows = fetch_rows
        self._today = today
        self._ids: list[int] = []
        self._positions: dict[int, int] | None = None  # id -> row, built when first needed
        self._cache: OrderedDict[int, CustomerRow] = OrderedDict()
        self._titles = column_titles()
        self.date_style = "wareki"
        self.fetches = 0  # how many times rows were fetched (the tests and benchmarks read it)

    # ------------------------------------------------------------------ the list
    def set_ids(self, ids: Sequence[int]) -> None:
        """A new result: a cheap reset (ids only); rows come when the view paints."""
        self.beginResetModel()
        self._ids = list(ids)
        self._positions = None
        self.endResetModel()

    def extend_ids(self, more: Sequence[int]) -> None:
        """More of the same result (after its first page): appended rows, selection and scrolling kept."""
        if not more:
            return
        first = len(self._ids)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._ids.extend(more)
        if self._positions is not None:
            self._positions.update({cid: first + n for n, cid in enumerate(more)})
        self.endInsertRows()

    def ids(self) -> list[int]:
        return list(self._ids)

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, customer_id: int) -> int | None:
        if self._positions is None:
            self._positions = {cid: row for row, cid in enumerate(self._ids)}
        return self._positions.get(customer_id)

    def customer_at(self, row: int) -> CustomerRow | None:
        customer_id = self.id_at(row)
        if customer_id is None:
            return None
        cached = self._cache.get(customer_id)
        if cached is not None:
            self._cache.move_to_end(customer_id)
            return cached
        self._fetch_page(row)
        return self._cache.get(customer_id)

    def refresh(self, customer_ids: Sequence[int]) -> None:
        """These cards changed: forget their rows and repaint them (fetched again when shown)."""
        for customer_id in customer_ids:
            self._cache.pop(customer_id, None)
            row = self.row_of(customer_id)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(Column) - 1))

    def forget_all(self) -> None:
        self._cache.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(Column) - 1))

    def cached_count(self) -> int:
        return len(self._cache)

    def _fetch_page(self, row: int) -> None:
        start = max(0, row - PAGE // 4)
        wanted = [cid for cid in self._ids[start : start + PAGE] if cid not in self._cache]
        if not wanted:
            return
        self.fetches += 1
        for customer in self._fetch_rows(wanted):
            self._cache[customer.id] = customer
        while len(self._cache) > CACHE_LIMIT:
            self._cache.popitem(last=False)

    # ------------------------------------------------------------------ Qt model
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(Column):
            return self._titles[Column(section)]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.ForegroundRole,
            ROW_ROLE,
        ):
            return None
        customer = self.customer_at(index.row())
        if customer is None:
            return None
        if role == ROW_ROLE:
            return customer
        column = Column(index.column())
        if role == Qt.ItemDataRole.ForegroundRole:
            if (
                column is Column.NEXT_FOLLOW_UP
                and customer.next_follow_up
                and customer.next_follow_up < self._today()
            ):
                return QBrush(OVERDUE)
            return None
        text = self._text(customer, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column is Column.NAME and customer.tags:
                return f"{text}\n{' / '.join(customer.tags)}"
            return text or None
        return text

    def _text(self, customer: CustomerRow, column: Column) -> str:
        if column is Column.NAME:
            return f"{customer.name} {customer.honorific.value}"
        if column is Column.KANA:
            return customer.name_kana
        if column is Column.PHONE:
            return customer.phone or ""
        if column is Column.ADDRESS:
            return customer.address
        if column is Column.STAFF:
            return customer.staff or ""
        if column is Column.PHASE:
            return phase_label(customer.phase)
        if column is Column.LAST_CONTACT:
            return short_date(customer.last_contact, self.date_style)
        return short_date(customer.next_follow_up, self.date_style)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Re-run the query with another ORDER BY (never a sort of Python rows)."""
        if 0 <= column < len(Column):
            self.sortRequested.emit(SORT_KEYS.get(Column(column), ""), order == Qt.SortOrder.DescendingOrder)
