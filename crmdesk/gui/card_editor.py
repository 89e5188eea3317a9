"""The body of a customer card: every field, editable in place, checked as it is typed.

The editor only turns widgets into a `CustomerDraft` and back; the card view saves drafts through the services.
Each field names its own problem under itself. Personality notes are dated entries added one at a time (they are
not part of the draft: each is saved when it is added).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from crmdesk.domain.errors import ValidationError
from crmdesk.domain.postal import format_postal, normalize_postal
from crmdesk.domain.records import (
    Consent,
    CustomerCard,
    CustomerDraft,
    FamilyMember,
    OwnedItem,
    PersonalityNote,
)
from crmdesk.domain.textnorm import nfkc
from crmdesk.domain.values import CustomerKind, Honorific, Phase, Sex
from crmdesk.gui.contact_rows import ContactRows
from crmdesk.gui.date_edit import DateEdit
from crmdesk.gui.family_dialog import FamilyDialog
from crmdesk.gui.field_error import ErrorLabel, mark_invalid, with_error
from crmdesk.gui.item_dialog import ItemDialog
from crmdesk.gui.labels import age_label, item_category_label, phase_label, sex_label, short_date
from crmdesk.gui.look import HINT, text_colour
from crmdesk.gui.name_edit import NameEdit
from crmdesk.services.validation import check_birthday, clean_reading, validate_customer

AddressLookup = Callable[[str], str | None]
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class CardEditor(QScrollArea):
    dirtyChanged = Signal(bool)
    addNoteRequested = Signal(str)
    deleteNoteRequested = Signal(int)

    def __init__(
        self,
        *,
        today: Callable[[], date],
        address_lookup: AddressLookup | None = None,
        date_style: str = "wareki",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._today = today
        self._lookup = address_lookup
        self._date_style = date_style
        self._loading = False
        self._dirty = False
        self._auto_kana = True
        self._auto_address = ""  # the address the postal code filled in (replaced when the code changes)
        self._card: CustomerCard | None = None
        self._family: list[FamilyMember] = []
        self._items: list[OwnedItem] = []
        self._counter_mode = False
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from the list straight to the name
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        self.setWidget(body)
        self._layout = QVBoxLayout(body)
        self._build_basics()
        self._build_contact()
        self._build_consent()
        self._build_family()
        self._build_items()
        self._build_notes()
        self._build_memo()
        self._layout.addStretch(1)
        self.errors: dict[str, ErrorLabel] = {
            "name": self.name_error,
            "kana": self.kana_error,
            "code": self.code_error,
            "birthday": self.birthday_error,
            "postal": self.postal_error,
            "address": self.address_error,
            "tags": self.tags_error,
            "general": self.general_error,
        }

    # ------------------------------------------------------------------ building
    def _section(self, title: str) -> QFormLayout:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._layout.addWidget(box)
        return form

    def _build_basics(self) -> None:
        self.basics_box_form = form = self._section(self.tr("基本情報"))
        self.general_error = ErrorLabel()
        form.addRow(self.general_error)
        self.name = NameEdit()
        self.name.setPlaceholderText(self.tr("例: 山田 太郎"))
        self.name_error = ErrorLabel()
        form.addRow(self.tr("お名前"), with_error(self.name, self.name_error))
        self.name_kana = QLineEdit()
        self.name_kana.setPlaceholderText(self.tr("お名前を入力すると自動で入ります"))
        self.kana_error = ErrorLabel()
        form.addRow(self.tr("フリガナ"), with_error(self.name_kana, self.kana_error))
        self.honorific = QComboBox()
        for honorific in Honorific:
            self.honorific.addItem(honorific.value, honorific.value)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("個人"), CustomerKind.INDIVIDUAL.value)
        self.kind.addItem(self.tr("法人"), CustomerKind.COMPANY.value)
        row = QHBoxLayout()
        row.addWidget(self.honorific)
        row.addWidget(QLabel(self.tr("区分")))
        row.addWidget(self.kind)
        row.addStretch(1)
        form.addRow(self.tr("敬称"), row)
        self.company_contact = QLineEdit()
        self.company_department = QLineEdit()
        self.company_contact_label = QLabel(self.tr("ご担当者"))
        self.company_department_label = QLabel(self.tr("部署"))
        form.addRow(self.company_contact_label, self.company_contact)
        form.addRow(self.company_department_label, self.company_department)
        self.code = QLineEdit()
        self.code.setPlaceholderText(self.tr("お店の顧客番号（任意）"))
        self.code_error = ErrorLabel()
        form.addRow(self.tr("顧客番号"), with_error(self.code, self.code_error))
        self.birthday = DateEdit(style=self._date_style, field=self.tr("生年月日"))
        self.age = QLabel()
        self.birthday_error = ErrorLabel()
        birthday_row = QWidget()
        birthday_layout = QHBoxLayout(birthday_row)
        birthday_layout.setContentsMargins(0, 0, 0, 0)
        birthday_layout.addWidget(self.birthday, 1)
        birthday_layout.addWidget(self.age)
        form.addRow(self.tr("生年月日"), with_error(birthday_row, self.birthday_error))
        self.sex = QComboBox()
        for sex in (None, Sex.FEMALE, Sex.MALE, Sex.OTHER):
            self.sex.addItem(sex_label(sex), sex.value if sex else "")
        self.phase = QComboBox()
        for phase in Phase:
            self.phase.addItem(phase_label(phase), phase.value)
        row = QHBoxLayout()
        row.addWidget(self.sex)
        row.addWidget(QLabel(self.tr("段階")))
        row.addWidget(self.phase)
        row.addStretch(1)
        form.addRow(self.tr("性別"), row)
        self.staff = QComboBox()
        self.staff.setEditable(True)
        self.staff.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        form.addRow(self.tr("担当スタッフ"), self.staff)
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(self.tr("「、」で区切って入力（例: VIP、紹介）"))
        self.tags_error = ErrorLabel()
        form.addRow(self.tr("タグ"), with_error(self.tags, self.tags_error))
        for widget in (
            self.name,
            self.name_kana,
            self.company_contact,
            self.company_department,
            self.code,
            self.tags,
        ):
            widget.textChanged.connect(self._edited)
        self.birthday.textChanged.connect(self._edited)
        for combo in (self.honorific, self.kind, self.sex, self.phase):
            combo.currentIndexChanged.connect(self._edited)
        self.staff.currentTextChanged.connect(self._edited)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.name.readingTyped.connect(self._reading_typed)
        self.name.textChanged.connect(self._check_name)
        self.name_kana.textEdited.connect(self._kana_typed)
        self.name_kana.textChanged.connect(self._check_kana)
        self.birthday.errorChanged.connect(self.birthday_error.show_error)
        self.birthday.dateChanged.connect(self._birthday_changed)
        self._kind_changed()

    def _build_contact(self) -> None:
        form = self._section(self.tr("連絡先"))
        self.postal = QLineEdit()
        self.postal.setPlaceholderText(self.tr("123-4567"))
        self.postal.setToolTip(self.tr("郵便番号を入力すると住所が自動で入ります"))
        self.postal.setMaximumWidth(180)
        self.postal_hint = QLabel()
        self.postal_hint.setProperty("role", "hint")
        text_colour(self.postal_hint, HINT)
        self.postal_error = ErrorLabel()
        postal_row = QWidget()
        postal_layout = QHBoxLayout(postal_row)
        postal_layout.setContentsMargins(0, 0, 0, 0)
        postal_layout.addWidget(self.postal)
        postal_layout.addWidget(self.postal_hint, 1)
        form.addRow(self.tr("郵便番号"), with_error(postal_row, self.postal_error))
        self.address1 = QLineEdit()
        self.address_error = ErrorLabel()
        form.addRow(self.tr("住所"), with_error(self.address1, self.address_error))
        self.address2 = QLineEdit()
        self.address2.setPlaceholderText(self.tr("マンション名・部屋番号"))
        form.addRow(self.tr("建物名"), self.address2)
        self.contacts = ContactRows()
        form.addRow(self.tr("電話・メール"), self.contacts)
        self.contacts.tab_after = self.address2
        self.postal.textChanged.connect(self._postal_typed)
        self.postal.editingFinished.connect(self._check_postal)
        for widget in (self.postal, self.address1, self.address2):
            widget.textChanged.connect(self._edited)
        self.contacts.changed.connect(self._edited)

    def _build_consent(self) -> None:
        form = self._section(self.tr("ご連絡の可否"))
        self.consent: dict[str, QComboBox] = {}
        titles = {
            "letter": self.tr("郵送物（DM・手紙）"),
            "phone": self.tr("お電話"),
            "email": self.tr("メール"),
        }
        for key, title in titles.items():
            combo = QComboBox()
            combo.addItem(self.tr("未確認"), None)
            combo.addItem(self.tr("可"), True)
            combo.addItem(self.tr("不可"), False)
            combo.currentIndexChanged.connect(self._edited)
            self.consent[key] = combo
            form.addRow(title, combo)

    def _build_family(self) -> None:
        form = self._section(self.tr("ご家族"))
        self.family_list = QListWidget()
        self.family_list.setMaximumHeight(110)
        self.family_list.itemDoubleClicked.connect(lambda _item: self._edit_family())
        buttons = QHBoxLayout()
        self.family_add = QPushButton(self.tr("追加"))
        self.family_edit = QPushButton(self.tr("編集"))
        self.family_remove = QPushButton(self.tr("削除"))
        for button in (self.family_add, self.family_edit, self.family_remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.family_add.clicked.connect(self._add_family)
        self.family_edit.clicked.connect(self._edit_family)
        self.family_remove.clicked.connect(self._remove_family)
        form.addRow(self.family_list)
        form.addRow(buttons)

    def _build_items(self) -> None:
        form = self._section(self.tr("保有商品"))
        self.item_list = QListWidget()
        self.item_list.setMaximumHeight(110)
        self.item_list.itemDoubleClicked.connect(lambda _item: self._edit_item())
        buttons = QHBoxLayout()
        self.item_add = QPushButton(self.tr("追加"))
        self.item_edit = QPushButton(self.tr("編集"))
        self.item_remove = QPushButton(self.tr("削除"))
        for button in (self.item_add, self.item_edit, self.item_remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.item_add.clicked.connect(self._add_item)
        self.item_edit.clicked.connect(self._edit_item)
        self.item_remove.clicked.connect(self._remove_item)
        form.addRow(self.item_list)
        form.addRow(buttons)

    def _build_notes(self) -> None:
        self.notes_box = QGroupBox(self.tr("性格・好み"))
        layout = QVBoxLayout(self.notes_box)
        self.interests = QPlainTextEdit()
        self.interests.setPlaceholderText(self.tr("趣味・関心（例: ゴルフ、釣り）"))
        self.interests.setFixedHeight(48)
        self.interests.textChanged.connect(self._edited)
        layout.addWidget(self.interests)
        self.note_list = QListWidget()
        self.note_list.setWordWrap(True)
        self.note_list.setMaximumHeight(140)
        layout.addWidget(self.note_list)
        row = QHBoxLayout()
        self.note_input = QLineEdit()
        self.note_input.setPlaceholderText(self.tr("気づいたことを日付つきで残す（例: 甘いものが苦手）"))
        self.note_add = QPushButton(self.tr("メモを追加"))
        self.note_delete = QPushButton(self.tr("削除"))
        row.addWidget(self.note_input, 1)
        row.addWidget(self.note_add)
        row.addWidget(self.note_delete)
        layout.addLayout(row)
        self.note_add.clicked.connect(self._add_note)
        self.note_input.returnPressed.connect(self._add_note)
        self.note_delete.clicked.connect(self._delete_note)
        self._layout.addWidget(self.notes_box)

    def _build_memo(self) -> None:
        self.memo_box = QGroupBox(self.tr("社内メモ（お客様には見せない）"))
        layout = QVBoxLayout(self.memo_box)
        self.memo = QPlainTextEdit()
        self.memo.setFixedHeight(70)
        self.memo.textChanged.connect(self._edited)
        layout.addWidget(self.memo)
        self._layout.addWidget(self.memo_box)

    # ------------------------------------------------------------------ loading
    def load(self, card: CustomerCard | None, *, staff: str | None = None) -> None:
        """Show a card (None: a blank new card, assigned to `staff`)."""
        self._loading = True
        try:
            self._card = card
            draft = card.to_draft() if card is not None else CustomerDraft(name="", staff=staff)
            self.name.setText(draft.name)
            self.name_kana.setText(draft.name_kana)
            self._auto_kana = not draft.name_kana
            self._select(self.honorific, draft.honorific.value)
            self._select(self.kind, draft.kind.value)
            self.company_contact.setText(draft.company_contact)
            self.company_department.setText(draft.company_department)
            self.code.setText(draft.code or "")
            self.birthday.set_value(draft.birthday)
            self._select(self.sex, draft.sex.value if draft.sex else "")
            self._select(self.phase, draft.phase.value)
            self.staff.setCurrentText(draft.staff or "")
            self.tags.setText("、".join(draft.tags))
            self.postal.setText(format_postal(draft.postal_code) if draft.postal_code else "")
            self.postal_hint.setText("")
            self.address1.setText(draft.address1)
            self._auto_address = ""
            self.address2.setText(draft.address2)
            self.contacts.set_contacts(draft.contacts)
            for key, combo in self.consent.items():
                self._select(combo, getattr(draft.consent, key))
            self._family = list(draft.family)
            self._items = list(draft.items)
            self._show_family()
            self._show_items()
            self.interests.setPlainText(draft.interests)
            self.memo.setPlainText(draft.memo)
            self.show_notes(card.notes if card else ())
            self.note_input.clear()
            self._update_age()
            self._kind_changed()
            for label in self.errors.values():
                label.show_error("")
            for widget in (self.name, self.name_kana, self.code, self.postal, self.tags, self.birthday):
                mark_invalid(widget, False)
            new = card is None
            self.note_input.setEnabled(not new)
            self.note_add.setEnabled(not new)
            self.note_delete.setEnabled(not new)
            if new:
                self.note_input.setPlaceholderText(self.tr("カードを保存すると性格・好みメモを追加できます"))
            else:
                self.note_input.setPlaceholderText(
                    self.tr("気づいたことを日付つきで残す（例: 甘いものが苦手）")
                )
        finally:
            self._loading = False
        self._set_dirty(False)
        self.verticalScrollBar().setValue(0)

    def show_notes(self, notes: tuple[PersonalityNote, ...] | list[PersonalityNote]) -> None:
        self.note_list.clear()
        for note in notes:  # newest first, as the service gives them
            who = f"（{note.staff}）" if note.staff else ""
            item = QListWidgetItem(f"{short_date(note.noted_on, self._date_style)}{who}  {note.text}")
            item.setData(ID_ROLE, note.id)
            item.setToolTip(note.text)
            self.note_list.addItem(item)

    @staticmethod
    def _select(combo: QComboBox, data: object) -> None:
        index = combo.findData(data)
        combo.setCurrentIndex(max(index, 0))

    def set_staff_names(self, names: list[str]) -> None:
        current = self.staff.currentText()
        loading, self._loading = self._loading, True
        try:
            self.staff.clear()
            self.staff.addItem("")
            self.staff.addItems(names)
            self.staff.setCurrentText(current)
        finally:
            self._loading = loading

    def set_date_style(self, style: str) -> None:
        self._date_style = style
        loading, self._loading = self._loading, True
        try:
            self.birthday.set_style(style)
        finally:
            self._loading = loading
        self._show_family()
        self._show_items()
        if self._card is not None:
            self.show_notes(self._card.notes)

    def set_counter_mode(self, on: bool) -> None:
        """接客モード: personality notes and internal memos disappear while the customer can see the screen."""
        self._counter_mode = on
        self.notes_box.setVisible(not on)
        self.memo_box.setVisible(not on)

    # ------------------------------------------------------------------ state
    @property
    def card(self) -> CustomerCard | None:
        return self._card

    @property
    def dirty(self) -> bool:
        return self._dirty

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirtyChanged.emit(dirty)

    def mark_saved(self, card: CustomerCard) -> None:
        self.load(card)

    def _edited(self, *_args: object) -> None:
        if not self._loading:
            self._set_dirty(True)

    # ------------------------------------------------------------------ the draft
    def draft(self) -> CustomerDraft:
        """What is on screen as a draft. Raises ValidationError for a field that cannot be read (a bad date)."""
        birthday_error = self.birthday.error()
        if birthday_error:
            raise ValidationError(self.tr("生年月日"), self.birthday.text(), birthday_error, code="date")
        postal_text = self.postal.text().strip()
        tags = [t.strip() for t in nfkc(self.tags.text()).replace(",", "、").split("、") if t.strip()]
        sex = self.sex.currentData()
        return CustomerDraft(
            name=self.name.text(),
            name_kana=self.name_kana.text(),
            code=self.code.text().strip() or None,
            kind=CustomerKind(self.kind.currentData()),
            honorific=Honorific(self.honorific.currentData()),
            company_contact=self.company_contact.text(),
            company_department=self.company_department.text(),
            sex=Sex(sex) if sex else None,
            birthday=self.birthday.value(),
            postal_code=postal_text or None,
            address1=self.address1.text(),
            address2=self.address2.text(),
            phase=Phase(self.phase.currentData()),
            staff=self.staff.currentText().strip() or None,
            consent=Consent(
                self.consent["letter"].currentData(),
                self.consent["phone"].currentData(),
                self.consent["email"].currentData(),
            ),
            interests=self.interests.toPlainText(),
            memo=self.memo.toPlainText(),
            tags=tags,
            contacts=self.contacts.contacts(),
            family=list(self._family),
            items=list(self._items),
            version=self._card.version if self._card else None,
        )

    def check(self) -> tuple[QWidget, str] | None:
        """Check every field, show each problem under its field; the first problem's widget and message."""
        problems: list[tuple[QWidget, str]] = []
        for check in (self._check_name, self._check_kana, self._check_postal, self._check_birthday):
            found = check()
            if found is not None:
                problems.append(found)
        contact_problem = self.contacts.first_error()
        if contact_problem is not None:
            problems.append(contact_problem)
        if not problems:
            try:
                validate_customer(self.draft(), self._today())
            except ValidationError as exc:
                problems.append(self.show_error(exc))
        if not problems:
            self.general_error.show_error("")
        return problems[0] if problems else None

    def show_error(self, exc: ValidationError) -> tuple[QWidget, str]:
        """Put a service's complaint under the field it names (or at the top of the card)."""
        targets: dict[str, tuple[QWidget, ErrorLabel]] = {
            "名前": (self.name, self.name_error),
            "フリガナ": (self.name_kana, self.kana_error),
            "顧客コード": (self.code, self.code_error),
            "生年月日": (self.birthday, self.birthday_error),
            "郵便番号": (self.postal, self.postal_error),
            "住所": (self.address1, self.address_error),
            "タグ": (self.tags, self.tags_error),
        }
        widget, label = targets.get(exc.field, (self.name, self.general_error))
        message = exc.reason if exc.field in targets else exc.message
        label.show_error(message)
        if exc.field in targets:
            mark_invalid(widget, True)
        return widget, message

    def show_conflict(self, message: str) -> None:
        if "コード" in message:
            self.code_error.show_error(message)
            mark_invalid(self.code, True)
        else:
            self.general_error.show_error(message)

    # ------------------------------------------------------------------ checks while typing
    def _check_name(self, *_args: object) -> tuple[QWidget, str] | None:
        message = "" if self.name.text().strip() else self.tr("お名前を入力してください")
        if self._loading:
            return None
        self.name_error.show_error(message)
        mark_invalid(self.name, bool(message))
        return (self.name, message) if message else None

    def _check_kana(self, *_args: object) -> tuple[QWidget, str] | None:
        message = ""
        try:
            clean_reading(self.name_kana.text())
        except ValidationError as exc:
            message = exc.reason
        self.kana_error.show_error(message)
        mark_invalid(self.name_kana, bool(message))
        return (self.name_kana, message) if message else None

    def _check_postal(self) -> tuple[QWidget, str] | None:
        message = ""
        text = self.postal.text().strip()
        if text:
            try:
                normalize_postal(text)
            except ValidationError as exc:
                message = exc.reason
        self.postal_error.show_error(message)
        mark_invalid(self.postal, bool(message))
        return (self.postal, message) if message else None

    def _check_birthday(self) -> tuple[QWidget, str] | None:
        message = self.birthday.error()
        if not message:
            try:
                check_birthday(self.tr("生年月日"), self.birthday.value(), self._today())
            except ValidationError as exc:
                message = exc.reason
        self.birthday_error.show_error(message)
        mark_invalid(self.birthday, bool(message))
        return (self.birthday, message) if message else None

    # ------------------------------------------------------------------ Japanese entry
    def _reading_typed(self, piece: str) -> None:
        """The IME's kana for what was just typed in the name goes into the reading, until the user edits it."""
        if self._auto_kana:
            text = self.name_kana.text()
            if piece == " " and (not text or text.endswith(" ")):
                return
            self.name_kana.setText(text + piece)

    def _kana_typed(self, text: str) -> None:
        self._auto_kana = not text  # typed by hand: leave it alone (cleared: fill it again)

    def _birthday_changed(self, _value: object) -> None:
        self._update_age()
        self._check_birthday()

    def _update_age(self) -> None:
        value = self.birthday.value() if not self.birthday.error() else None
        age = age_label(value, self._today())
        self.age.setText(f"（{age}）" if age else "")

    def _postal_typed(self, text: str) -> None:
        """Seven digits typed: fill the address from the offline postal data (unless the user wrote their own)."""
        if self._loading:
            return
        if self.postal_error.isVisible():
            self._check_postal()
        try:
            digits = normalize_postal(text)
        except ValidationError:
            self.postal_hint.setText("")
            return
        if self._lookup is None:
            return
        found = self._lookup(digits)
        if found is None:
            self.postal_hint.setText(self.tr("この郵便番号は見つかりません"))
            return
        self.postal_hint.setText(found)
        current = self.address1.text().strip()
        if not current or current == self._auto_address:
            self._auto_address = found
            self.address1.setText(found)
            self.address1.setFocus()
            self.address1.setCursorPosition(len(found))

    def _kind_changed(self, *_args: object) -> None:
        company = self.kind.currentData() == CustomerKind.COMPANY.value
        for widget in (
            self.company_contact,
            self.company_department,
            self.company_contact_label,
            self.company_department_label,
        ):
            widget.setVisible(company)
        if company and not self._loading and self.honorific.currentData() == Honorific.SAMA.value:
            self._select(self.honorific, Honorific.ONCHU.value)

    # ------------------------------------------------------------------ family and items
    def _show_family(self) -> None:
        self.family_list.clear()
        for member in self._family:
            parts = [member.relation, member.name]
            if member.name_kana:
                parts.append(f"（{member.name_kana}）")
            if member.birthday:
                parts.append(
                    self.tr("{date}生 {age}").format(
                        date=short_date(member.birthday, self._date_style),
                        age=age_label(member.birthday, self._today()),
                    )
                )
            if member.joint_addressee:
                parts.append(self.tr("［連名］"))
            if member.notes:
                parts.append(f"— {member.notes}")
            self.family_list.addItem(" ".join(p for p in parts if p))

    def _show_items(self) -> None:
        self.item_list.clear()
        for item in self._items:
            parts = [f"［{item_category_label(item.category)}］", item.name, item.identifier]
            if item.inspection_expiry:
                parts.append(
                    self.tr("車検 {date}").format(date=short_date(item.inspection_expiry, self._date_style))
                )
            if item.next_service_date:
                parts.append(
                    self.tr("次回点検 {date}").format(
                        date=short_date(item.next_service_date, self._date_style)
                    )
                )
            self.item_list.addItem(" ".join(p for p in parts if p))

    def _add_family(self) -> None:
        dialog = FamilyDialog(None, today=self._today(), date_style=self._date_style, parent=self)
        if dialog.exec():
            self._family.append(dialog.member())
            self._show_family()
            self._edited()

    def _edit_family(self) -> None:
        row = self.family_list.currentRow()
        if not 0 <= row < len(self._family):
            return
        dialog = FamilyDialog(
            self._family[row], today=self._today(), date_style=self._date_style, parent=self
        )
        if dialog.exec():
            self._family[row] = dialog.member()
            self._show_family()
            self._edited()

    def _remove_family(self) -> None:
        row = self.family_list.currentRow()
        if 0 <= row < len(self._family):
            del self._family[row]
            self._show_family()
            self._edited()

    def _add_item(self) -> None:
        dialog = ItemDialog(None, date_style=self._date_style, parent=self)
        if dialog.exec():
            self._items.append(dialog.item())
            self._show_items()
            self._edited()

    def _edit_item(self) -> None:
        row = self.item_list.currentRow()
        if not 0 <= row < len(self._items):
            return
        dialog = ItemDialog(self._items[row], date_style=self._date_style, parent=self)
        if dialog.exec():
            self._items[row] = dialog.item()
            self._show_items()
            self._edited()

    def _remove_item(self) -> None:
        row = self.item_list.currentRow()
        if 0 <= row < len(self._items):
            del self._items[row]
            self._show_items()
            self._edited()

    # ------------------------------------------------------------------ notes
    def _add_note(self) -> None:
        text = self.note_input.text().strip()
        if text and self._card is not None:
            self.addNoteRequested.emit(text)

    def note_added(self) -> None:
        self.note_input.clear()

    def _delete_note(self) -> None:
        item = self.note_list.currentItem()
        if item is not None:
            self.deleteNoteRequested.emit(int(item.data(ID_ROLE)))
