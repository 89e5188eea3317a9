"""The trash: customers moved there can be put back (or, only from here, deleted for good)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.domain.errors import CrmError
from crmdesk.domain.records import CustomerRow

if TYPE_CHECKING:
    from crmdesk.services.bundle import Services

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class TrashDialog(QDialog):
    restored = Signal(int)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(self.tr("ごみ箱"))
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([self.tr("お名前"), self.tr("フリガナ"), self.tr("住所")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 150)
        self.table.setColumnWidth(1, 160)
        self.empty = QLabel(self.tr("ごみ箱は空です"))
        self.restore_button = QPushButton(self.tr("元に戻す"))
        self.restore_button.setDefault(True)
        self.purge_button = QPushButton(self.tr("完全に削除"))
        close = QPushButton(self.tr("閉じる"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.purge_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("削除したお客様のカードです。「元に戻す」でいつでも一覧に戻せます。"))
        )
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        self.restore_button.clicked.connect(self.restore_selected)
        self.purge_button.clicked.connect(self.purge_selected)
        self.table.itemDoubleClicked.connect(lambda _item: self.restore_selected())
        close.clicked.connect(self.accept)
        self.resize(620, 400)
        self.reload()

    def reload(self) -> None:
        rows: list[CustomerRow] = self.services.customers.trash()
        self.table.setRowCount(len(rows))
        for index, row in enumerate(rows):
            name = QTableWidgetItem(f"{row.name} {row.honorific.value}")
            name.setData(ID_ROLE, row.id)
            self.table.setItem(index, 0, name)
            self.table.setItem(index, 1, QTableWidgetItem(row.name_kana))
            self.table.setItem(index, 2, QTableWidgetItem(row.address))
        if rows:
            self.table.selectRow(0)
        self.empty.setVisible(not rows)
        self.restore_button.setEnabled(bool(rows))
        self.purge_button.setEnabled(bool(rows))

    def selected_id(self) -> int | None:
        row = self.table.currentRow()
        item = self.table.item(row, 0) if row >= 0 else None
        return int(item.data(ID_ROLE)) if item is not None else None

    def restore_selected(self) -> None:
        customer_id = self.selected_id()
        if customer_id is None:
            return
        try:
            self.services.customers.restore(customer_id)
        except CrmError as exc:
            QMessageBox.warning(self, self.tr("元に戻せません"), exc.message)
            return
        self.reload()
        self.restored.emit(customer_id)

    def purge_selected(self) -> None:
        customer_id = self.selected_id()
        if customer_id is None:
            return
        item = self.table.item(self.table.currentRow(), 0)
        name = item.text() if item is not None else ""
        answer = QMessageBox.warning(
            self,
            self.tr("完全に削除"),
            self.tr("{name}のカードと履歴をすべて削除します。元に戻せません。よろしいですか？").format(
                name=name
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.services.customers.purge(customer_id)
        except CrmError as exc:
            QMessageBox.warning(self, self.tr("削除できません"), exc.message)
            return
        self.reload()
