"""The duplicate finder: likely pairs of cards side by side; merge them, or mark them as different customers.

    dialog = DuplicateFinderDialog(DuplicateService(services.ctx), parent=main_window)
    dialog.exec()

Finding runs on the thread pool. Merging keeps the chosen card and moves everything of the other onto it
(history, family, items, notes, follow-ups, contacts); the other card goes to the trash and can be restored.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
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
from crmdesk.domain.records import CustomerCard, CustomerRow
from crmdesk.gui.tasks import Report, Task, TaskRunner
from crmdesk.services.duplicates import DuplicatePair, DuplicateService

_DETAILS: tuple[tuple[str, Callable[[CustomerRow], str]], ...] = (
    ("お名前", lambda r: r.name),
    ("フリガナ", lambda r: r.name_kana),
    ("顧客コード", lambda r: r.code or ""),
    ("電話", lambda r: r.phone or ""),
    ("生年月日", lambda r: r.birthday.strftime("%Y/%m/%d") if r.birthday else ""),
    ("住所", lambda r: r.address),
    ("最終接触", lambda r: r.last_contact.strftime("%Y/%m/%d") if r.last_contact else ""),
    ("担当", lambda r: r.staff or ""),
)


class DuplicateFinderDialog(QDialog):
    merged = Signal(int)  # the id of the card that was kept
    open_card = Signal(int)  # the user wants to look at a card (double click)

    def __init__(
        self, duplicates: DuplicateService, parent: QWidget | None = None, *, runner: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        self.duplicates = duplicates
        self.runner = runner or TaskRunner(self)
        self.pairs: list[DuplicatePair] = []
        self._tasks: list[Task] = []
        self.setWindowTitle(self.tr("重複の確認"))
        self.resize(860, 560)
        self.summary = QLabel(self.tr("探しています…"))
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("カード1"), self.tr("カード2"), self.tr("同じところ"), self.tr("確からしさ")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 150)
        self.table.setColumnWidth(1, 150)
        self.table.setColumnWidth(3, 80)
        self.detail = QGridLayout()
        self.detail_labels: list[tuple[QLabel, QLabel]] = []
        self.detail.addWidget(QLabel(self.tr("カード1")), 0, 1)
        self.detail.addWidget(QLabel(self.tr("カード2")), 0, 2)
        for row, (label, _) in enumerate(_DETAILS, start=1):
            self.detail.addWidget(QLabel(self.tr(label)), row, 0)
            left, right = QLabel(), QLabel()
            for value in (left, right):
                value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.detail.addWidget(left, row, 1)
            self.detail.addWidget(right, row, 2)
            self.detail_labels.append((left, right))
        self.keep_first = QPushButton(self.tr("カード1に統合"))
        self.keep_second = QPushButton(self.tr("カード2に統合"))
        self.different = QPushButton(self.tr("別のお客様です"))
        self.refresh_button = QPushButton(self.tr("もう一度探す"))
        close = QPushButton(self.tr("閉じる"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.keep_first)
        buttons.addWidget(self.keep_second)
        buttons.addWidget(self.different)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.detail)
        layout.addWidget(
            QLabel(
                self.tr(
                    "統合すると、もう一方のカードの履歴・家族・保有商品・メモ・フォロー・連絡先をすべて残したまま"
                    "1枚にまとめます。もう一方のカードはごみ箱に移ります。"
                )
            )
        )
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.cellDoubleClicked.connect(self._double_clicked)
        self.keep_first.clicked.connect(lambda: self.merge_selected(keep_second=False))
        self.keep_second.clicked.connect(lambda: self.merge_selected(keep_second=True))
        self.different.clicked.connect(self.dismiss_selected)
        self.refresh_button.clicked.connect(self.refresh)
        close.clicked.connect(self.accept)
        self._selected()
        self.refresh()

    # ------------------------------------------------------------------------------------------- finding
    def refresh(self) -> None:
        self.summary.setText(self.tr("重複していそうなカードを探しています…"))
        self.refresh_button.setEnabled(False)

        def work(report: Report) -> list[DuplicatePair]:
            return self.duplicates.find()

        self._tasks.append(self.runner.start(work, on_done=self._found, on_error=self._failed))

    @property
    def busy(self) -> bool:
        return not self.refresh_button.isEnabled()

    def _found(self, pairs: object) -> None:
        assert isinstance(pairs, list)
        self.pairs = pairs
        self.refresh_button.setEnabled(True)
        self.table.setRowCount(len(pairs))
        for row, pair in enumerate(pairs):
            values = (pair.first.name, pair.second.name, "、".join(pair.reasons), str(pair.score))
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if column == 3:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.summary.setText(
            self.tr(
                "重複していそうな組が{count}組あります。組を選んで、統合するか「別のお客様です」を押してください。"
            ).format(count=len(pairs))
            if pairs
            else self.tr("重複していそうなカードは見つかりませんでした。")
        )
        if pairs:
            self.table.selectRow(0)
        self._selected()

    def _failed(self, exc: Exception) -> None:
        self.refresh_button.setEnabled(True)
        self.summary.setText(exc.message if isinstance(exc, CrmError) else f"{type(exc).__name__}: {exc}")

    # ------------------------------------------------------------------------------------------- acting
    def selected_pair(self) -> DuplicatePair | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.pairs):
            return None
        return self.pairs[rows[0].row()]

    def _selected(self) -> None:
        pair = self.selected_pair()
        for button in (self.keep_first, self.keep_second, self.different):
            button.setEnabled(pair is not None)
        for (left, right), (_, value) in zip(self.detail_labels, _DETAILS, strict=True):
            left.setText(value(pair.first) if pair else "")
            right.setText(value(pair.second) if pair else "")
            if pair is not None and value(pair.first) != value(pair.second):
                left.setStyleSheet("font-weight: bold;")
                right.setStyleSheet("font-weight: bold;")
            else:
                left.setStyleSheet("")
                right.setStyleSheet("")

    def _double_clicked(self, row: int, column: int) -> None:
        if row < len(self.pairs):
            pair = self.pairs[row]
            self.open_card.emit(pair.second.id if column == 1 else pair.first.id)

    def merge_selected(self, *, keep_second: bool) -> CustomerCard | None:
        pair = self.selected_pair()
        if pair is None:
            return None
        keep, other = (pair.second, pair.first) if keep_second else (pair.first, pair.second)
        answer = QMessageBox.question(
            self,
            self.tr("カードの統合"),
            self.tr(
                "{other}様（ID {other_id}）のカードを、{keep}様（ID {keep_id}）のカードにまとめます。"
                "履歴やメモはすべて残り、{other}様のカードはごみ箱に移ります。よろしいですか？"
            ).format(other=other.name, other_id=other.id, keep=keep.name, keep_id=keep.id),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
        try:
            card = self.duplicates.merge(keep.id, other.id)
        except CrmError as exc:
            QMessageBox.warning(self, self.tr("統合できません"), exc.message)
            return None
        self._remove_pairs_with(other)
        self.summary.setText(self.tr("{name}様のカードにまとめました。").format(name=card.name))
        self.merged.emit(card.id)
        return card

    def dismiss_selected(self) -> None:
        pair = self.selected_pair()
        if pair is None:
            return
        self.duplicates.dismiss(pair.first.id, pair.second.id)
        self.pairs = [p for p in self.pairs if p is not pair]
        self._found(self.pairs)

    def _remove_pairs_with(self, gone: CustomerRow) -> None:
        self.pairs = [p for p in self.pairs if gone.id not in (p.first.id, p.second.id)]
        self._found(self.pairs)

    def reject(self) -> None:
        for task in self._tasks:
            task.cancel()
        super().reject()


__all__ = ["DuplicateFinderDialog"]
