"""One owned item (保有商品): a car with its plate, 車検 and next service, a camera or a watch with its serial."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from crmdesk.domain.records import OwnedItem
from crmdesk.domain.values import ItemCategory
from crmdesk.gui.date_edit import DateEdit
from crmdesk.gui.field_error import ErrorLabel, mark_invalid, with_error
from crmdesk.gui.labels import item_category_label


class ItemDialog(QDialog):
    """An owned item (保有商品): a car with its plate and 車検, a camera or a watch with its serial."""

    def __init__(self, item: OwnedItem | None, *, date_style: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(
            self.tr("保有商品") if item is None else self.tr("保有商品: {name}").format(name=item.name)
        )
        self._item = item
        self.category = QComboBox()
        for category in ItemCategory:
            self.category.addItem(item_category_label(category), category.value)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("例: プリウス"))
        self.identifier = QLineEdit()
        self.identifier.setPlaceholderText(self.tr("ナンバー・製造番号（例: 品川 300 あ 12-34）"))
        self.dates = {
            "purchase_date": DateEdit(style=date_style, field=self.tr("購入日")),
            "warranty_end": DateEdit(style=date_style, field=self.tr("保証期限")),
            "next_service_date": DateEdit(style=date_style, field=self.tr("次回点検")),
            "inspection_expiry": DateEdit(style=date_style, field=self.tr("車検満了日")),
        }
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(60)
        self.name_error = ErrorLabel()
        self.date_errors = {key: ErrorLabel() for key in self.dates}
        titles = {
            "purchase_date": self.tr("購入日"),
            "warranty_end": self.tr("保証期限"),
            "next_service_date": self.tr("次回点検"),
            "inspection_expiry": self.tr("車検満了日"),
        }
        form = QFormLayout()
        form.addRow(self.tr("種類"), self.category)
        form.addRow(self.tr("商品名"), with_error(self.name, self.name_error))
        form.addRow(self.tr("ナンバー・製造番号"), self.identifier)
        for key, edit in self.dates.items():
            edit.errorChanged.connect(self.date_errors[key].show_error)
            form.addRow(titles[key], with_error(edit, self.date_errors[key]))
        form.addRow(self.tr("メモ"), self.notes)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        if item is not None:
            self.category.setCurrentIndex(max(0, self.category.findData(item.category.value)))
            self.name.setText(item.name)
            self.identifier.setText(item.identifier)
            for key, edit in self.dates.items():
                edit.set_value(getattr(item, key))
            self.notes.setPlainText(item.notes)
        self.name.setFocus()

    def item(self) -> OwnedItem:
        base = self._item or OwnedItem(name="")
        return replace(
            base,
            category=ItemCategory(self.category.currentData()),
            name=self.name.text().strip(),
            identifier=self.identifier.text().strip(),
            notes=self.notes.toPlainText().strip(),
            purchase_date=self.dates["purchase_date"].value(),
            warranty_end=self.dates["warranty_end"].value(),
            next_service_date=self.dates["next_service_date"].value(),
            inspection_expiry=self.dates["inspection_expiry"].value(),
        )

    def problems(self) -> bool:
        name_message = "" if self.name.text().strip() else self.tr("商品名を入力してください")
        self.name_error.show_error(name_message)
        mark_invalid(self.name, bool(name_message))
        bad_date = False
        for key, edit in self.dates.items():
            message = edit.error()
            self.date_errors[key].show_error(message)
            bad_date = bad_date or bool(message)
        return bool(name_message) or bad_date

    def accept(self) -> None:
        if not self.problems():
            super().accept()
