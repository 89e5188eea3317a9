"""One family member: relation, name and reading, birthday (和暦 or western), 連名 on letters, notes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from crmdesk.domain.errors import ValidationError
from crmdesk.domain.records import FamilyMember
from crmdesk.domain.textnorm import to_katakana
from crmdesk.domain.values import Honorific
from crmdesk.gui.date_edit import DateEdit
from crmdesk.gui.field_error import ErrorLabel, mark_invalid, with_error
from crmdesk.gui.name_edit import NameEdit
from crmdesk.services.validation import check_birthday, clean_reading


class FamilyDialog(QDialog):
    def __init__(
        self, member: FamilyMember | None, *, today: date, date_style: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(
            self.tr("家族") if member is None else self.tr("家族: {name}").format(name=member.name)
        )
        self._member = member
        self._today = today
        self.relation = QComboBox()
        self.relation.setEditable(True)
        for relation in (
            self.tr("配偶者"),
            self.tr("長男"),
            self.tr("長女"),
            self.tr("次男"),
            self.tr("次女"),
            self.tr("三男"),
            self.tr("三女"),
            self.tr("父"),
            self.tr("母"),
            self.tr("祖父"),
            self.tr("祖母"),
        ):
            self.relation.addItem(relation)
        self.name = NameEdit()
        self.name_kana = QLineEdit()
        self.birthday = DateEdit(style=date_style, field=self.tr("家族の生年月日"))
        self.honorific = QComboBox()
        for honorific in Honorific:
            self.honorific.addItem(honorific.value, honorific.value)
        self.joint = QCheckBox(self.tr("宛名にご本人と連名で印刷する"))
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(self.tr("例: 来春に免許取得予定"))
        self.notes.setFixedHeight(70)
        self.name_error, self.kana_error, self.birthday_error = ErrorLabel(), ErrorLabel(), ErrorLabel()
        form = QFormLayout()
        form.addRow(self.tr("続柄"), self.relation)
        form.addRow(self.tr("お名前"), with_error(self.name, self.name_error))
        form.addRow(self.tr("フリガナ"), with_error(self.name_kana, self.kana_error))
        form.addRow(self.tr("生年月日"), with_error(self.birthday, self.birthday_error))
        form.addRow(self.tr("敬称"), self.honorific)
        form.addRow("", self.joint)
        form.addRow(self.tr("メモ"), self.notes)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._auto_kana = True
        self.name.readingTyped.connect(self._reading_typed)
        self.name_kana.textEdited.connect(self._kana_edited)
        self.birthday.errorChanged.connect(self.birthday_error.show_error)
        if member is not None:
            self.relation.setCurrentText(member.relation)
            self.name.setText(member.name)
            self.name_kana.setText(member.name_kana)
            self.birthday.set_value(member.birthday)
            self.honorific.setCurrentIndex(max(0, self.honorific.findData(member.honorific.value)))
            self.joint.setChecked(member.joint_addressee)
            self.notes.setPlainText(member.notes)
            self._auto_kana = not member.name_kana
        self.name.setFocus()

    def _reading_typed(self, piece: str) -> None:
        if self._auto_kana:
            self.name_kana.setText(self.name_kana.text() + piece)

    def _kana_edited(self, _text: str) -> None:
        self._auto_kana = False

    def member(self) -> FamilyMember:
        base = self._member or FamilyMember(relation="", name="")
        return replace(
            base,
            relation=self.relation.currentText().strip(),
            name=self.name.text().strip(),
            name_kana=to_katakana(self.name_kana.text()),
            birthday=self.birthday.value(),
            honorific=Honorific(self.honorific.currentData()),
            joint_addressee=self.joint.isChecked(),
            notes=self.notes.toPlainText().strip(),
        )

    def problems(self) -> bool:
        """Show every problem under its field; True when there is one."""
        name_message = "" if self.name.text().strip() else self.tr("お名前を入力してください")
        self.name_error.show_error(name_message)
        mark_invalid(self.name, bool(name_message))
        kana_message = ""
        try:
            clean_reading(self.name_kana.text())
        except ValidationError as exc:
            kana_message = exc.reason
        self.kana_error.show_error(kana_message)
        mark_invalid(self.name_kana, bool(kana_message))
        birthday_message = self.birthday.error()
        if not birthday_message:
            try:
                check_birthday(self.tr("生年月日"), self.birthday.value(), self._today)
            except ValidationError as exc:
                birthday_message = exc.reason
        self.birthday_error.show_error(birthday_message)
        mark_invalid(self.birthday, bool(birthday_message))
        return bool(name_message or kana_message or birthday_message)

    def accept(self) -> None:
        if not self.problems():
            super().accept()
