"""Phones, email, LINE: one row per contact point (kind + value), each checked as it is typed."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from crmdesk.domain.errors import ValidationError
from crmdesk.domain.records import ContactPoint
from crmdesk.domain.values import ContactKind
from crmdesk.gui.field_error import ErrorLabel, mark_invalid
from crmdesk.gui.labels import contact_label
from crmdesk.services.validation import clean_contact


class ContactRow(QWidget):
    changed = Signal()
    removeRequested = Signal(object)

    def __init__(self, contact: ContactPoint | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contact_id = contact.id if contact else None
        self.label = contact.label if contact else ""
        self.kind = QComboBox()
        for kind in ContactKind:
            self.kind.addItem(contact_label(kind), kind.value)
        self.kind.setCurrentIndex(
            max(0, self.kind.findData((contact.kind if contact else ContactKind.MOBILE).value))
        )
        self.value = QLineEdit(contact.value if contact else "")
        self.value.setPlaceholderText(self.tr("090-1234-5678、メールアドレス、LINE ID"))
        self.remove = QToolButton()
        self.remove.setText("×")
        self.remove.setToolTip(self.tr("この連絡先を削除"))
        self.error = ErrorLabel()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.kind, 0, 0)
        grid.addWidget(self.value, 0, 1)
        grid.addWidget(self.remove, 0, 2)
        grid.addWidget(self.error, 1, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        self.kind.currentIndexChanged.connect(self._edited)
        self.value.textChanged.connect(self._edited)
        self.remove.clicked.connect(lambda: self.removeRequested.emit(self))

    def _edited(self) -> None:
        self.check()
        self.changed.emit()

    def contact_point(self) -> ContactPoint:
        return ContactPoint(
            ContactKind(self.kind.currentData()), self.value.text().strip(), self.label, self.contact_id
        )

    def is_blank(self) -> bool:
        return not self.value.text().strip()

    def check(self) -> str:
        """The problem with this contact, shown under it ("" when fine or still blank)."""
        message = ""
        if not self.is_blank():
            try:
                clean_contact(self.contact_point())
            except ValidationError as exc:
                message = exc.reason
        mark_invalid(self.value, bool(message))
        self.error.show_error(message)
        return message


class ContactRows(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ContactRow] = []
        self.tab_after: QWidget | None = None  # the field before the contacts in the tab order
        self._rows_box = QVBoxLayout()
        self._rows_box.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(self.tr("連絡先を追加"))
        self.add_button.clicked.connect(lambda: self.add_row(None, focus=True))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._rows_box)
        layout.addLayout(buttons)

    def set_contacts(self, contacts: tuple[ContactPoint, ...] | list[ContactPoint]) -> None:
        for row in self.rows:
            row.setParent(None)
            row.deleteLater()
        self.rows = []
        for contact in contacts:
            self.add_row(contact, notify=False)
        if not contacts:
            self.add_row(None, notify=False)

    def add_row(
        self, contact: ContactPoint | None, *, focus: bool = False, notify: bool = True
    ) -> ContactRow:
        # Tab goes through the rows in their order, between the field above (`tab_after`) and 連絡先を追加 (a row
        # made later would otherwise come last in the window's tab order).
        before = self.rows[-1].remove if self.rows else self.tab_after
        row = ContactRow(contact, self)
        row.changed.connect(self.changed)
        row.removeRequested.connect(self._remove)
        self.rows.append(row)
        self._rows_box.addWidget(row)
        if before is not None:
            for first, second in ((before, row.kind), (row.kind, row.value), (row.value, row.remove)):
                QWidget.setTabOrder(first, second)
            QWidget.setTabOrder(row.remove, self.add_button)
        if focus:
            row.value.setFocus()
        if notify:
            self.changed.emit()
        return row

    def _remove(self, row: ContactRow) -> None:
        if row in self.rows:
            self.rows.remove(row)
            row.setParent(None)
            row.deleteLater()
            self.changed.emit()

    def contacts(self) -> list[ContactPoint]:
        return [row.contact_point() for row in self.rows if not row.is_blank()]

    def first_error(self) -> tuple[QWidget, str] | None:
        for row in self.rows:
            message = row.check()
            if message:
                return row.value, message
        return None
