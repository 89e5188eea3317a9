"""Who is working: picked at start (remembered on this PC) and switched in one click from the toolbar."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crmdesk.gui.field_error import ErrorLabel


class StaffPicker(QDialog):
    def __init__(self, names: list[str], current: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("担当者の選択"))
        self.list = QListWidget()
        for name in names:
            self.list.addItem(QListWidgetItem(name))
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(self.tr("一覧にない場合はお名前を入力"))
        self.error = ErrorLabel()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(self.tr("このPCで作業する方を選んでください。記録はすべてこのお名前で残ります。"))
        )
        layout.addWidget(self.list, 1)
        layout.addWidget(self.new_name)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.new_name.textEdited.connect(lambda _text: self.list.clearSelection())
        matches = self.list.findItems(current or "", Qt.MatchFlag.MatchExactly) if current else []
        if matches:
            self.list.setCurrentItem(matches[0])
            self.list.setFocus()
        elif names:
            self.list.setCurrentRow(0)
            self.list.setFocus()
        else:
            self.new_name.setFocus()
        self.resize(360, 380)

    def chosen(self) -> str:
        typed = " ".join(self.new_name.text().split())
        if typed:
            return typed
        item = self.list.currentItem()
        return item.text() if item is not None and item.isSelected() else ""

    def accept(self) -> None:
        if not self.chosen():
            self.error.show_error(self.tr("お名前を選ぶか入力してください"))
            return
        super().accept()
