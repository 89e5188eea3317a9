"""The scenario editor (シナリオの編集) and the store's follow-up settings.

Left, the store's scenarios (a switched-off one says so). Right, the chosen one: its name, what starts it (a purchase
of a kind of item, a first visit, every visit, a birthday, an item's 車検・点検・保証 date, a life milestone) and its
steps. A step's timing is edited as a number, a unit and before/after, with an optional repeat (車検: 3年後、以後2年
ごと) and lead time (2か月前); the code it stands for ("+3y every 2y, 2m before") is shown beside it and can be typed
too. Steps are added, removed and moved up and down; the kind of contact says which consent it needs. 保存 writes the
whole scenario in one transaction through `ScenarioService.save`; a mistake is shown naming the step and the field,
and that field gets the focus.

The second tab holds the store settings the Today list and the planning use: how many days ahead birthdays and
inspections are listed, after how many months without contact a customer counts as 休眠, the closed weekdays and
whether a follow-up on a closed day moves before or after it.

Open from the workspace with ``open_scenario_editor(workspace)``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crmdesk.domain.calendar_rules import (
    MILESTONE_LABELS_JA,
    WEEKDAY_JA,
    Amount,
    Milestone,
    Offset,
    Unit,
    parse_offset,
)
from crmdesk.domain.errors import ConflictError, CrmError, ValidationError
from crmdesk.domain.records import CustomerCard, CustomerDraft
from crmdesk.domain.scenario_rules import ITEM_DATE_FIELDS, TRIGGER_LABELS_JA, Trigger, check_template
from crmdesk.domain.values import FollowUpKind, ItemCategory
from crmdesk.gui.labels import follow_up_label
from crmdesk.services.scenarios import ScenarioDraft, ScenarioInfo, ScenarioStepInfo

if TYPE_CHECKING:
    from crmdesk.gui.workspace import Workspace
    from crmdesk.services.bundle import Services

ID_ROLE = Qt.ItemDataRole.UserRole
TRIGGERS = (
    Trigger.PURCHASE,
    Trigger.FIRST_VISIT,
    Trigger.VISIT,
    Trigger.BIRTHDAY,
    Trigger.ITEM_DATE,
    Trigger.MILESTONE,
)
UNITS = (Unit.DAY, Unit.WEEK, Unit.MONTH, Unit.YEAR)
KINDS = (
    FollowUpKind.CALL,
    FollowUpKind.LETTER,
    FollowUpKind.GIFT,
    FollowUpKind.VISIT,
    FollowUpKind.INSPECTION,
)
NEW_STEP = ScenarioStepInfo(
    "+7d", FollowUpKind.CALL, "{trigger_month}月{trigger_day}日のご購入のお礼のお電話"
)
REASON_FIELDS = (
    "{customer} お客様 / {member} ご家族（いなければお客様）/ {item} 商品 / {menu} メニュー / {interval} 間隔 / "
    "{milestone} 節目 / {age} 年齢 / {year}{month}{day} その日 / {trigger_month}{trigger_day} きっかけの日"
)


@dataclass
class _Step:
    """One step as edited (saved together with its scenario)."""

    offset: str
    kind: FollowUpKind
    reason: str
    letter_template: str | None = None
    id: int | None = None

    @classmethod
    def of(cls, info: ScenarioStepInfo) -> _Step:
        return cls(info.offset, info.kind, info.reason_template, info.letter_template, info.id)

    def info(self, position: int) -> ScenarioStepInfo:
        return ScenarioStepInfo(self.offset, self.kind, self.reason, position, self.letter_template, self.id)


class ScenarioEditor(QDialog):
    saved = Signal(object)  # the ScenarioInfo written
    settings_saved = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scenarioEditor")
        self.setWindowTitle(self.tr("シナリオとフォローの設定"))
        self.services = services
        self.scenario_id: int | None = None
        self.current: ScenarioInfo | None = None
        self.steps: list[_Step] = []
        self.dirty = False
        self._loading = False
        self._build()
        self.reload()
        self._load_settings()
        self.resize(1180, 720)

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("scenarioTabs")
        self.tabs.addTab(self._scenario_page(), self.tr("シナリオ"))
        self.tabs.addTab(self._settings_page(), self.tr("フォローの設定"))
        layout.addWidget(self.tabs, 1)
        self.error = QLabel()
        self.error.setObjectName("scenarioError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e")
        self.error.hide()
        layout.addWidget(self.error)
        self.message = QLabel()
        self.message.setObjectName("scenarioMessage")
        layout.addWidget(self.message)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = box.button(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("閉じる"))
        close.setObjectName("scenarioClose")
        box.rejected.connect(self.reject)
        layout.addWidget(box)

    def _scenario_page(self) -> QWidget:
        page = QWidget()
        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setObjectName("scenarioList")
        self.list.currentItemChanged.connect(self._list_changed)
        left_layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.new_button = QPushButton(self.tr("新しいシナリオ"))
        self.new_button.setObjectName("scenarioNew")
        self.new_button.clicked.connect(self.new_scenario)
        self.delete_button = QPushButton(self.tr("削除…"))
        self.delete_button.setObjectName("scenarioDelete")
        self.delete_button.clicked.connect(self.delete_scenario)
        row.addWidget(self.new_button)
        row.addWidget(self.delete_button)
        left_layout.addLayout(row)
        splitter.addWidget(left)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("scenarioName")
        self.name_edit.textEdited.connect(lambda _: self._touched())
        form.addRow(self.tr("シナリオ名"), self.name_edit)
        self.trigger_box = QComboBox()
        self.trigger_box.setObjectName("scenarioTrigger")
        for trigger in TRIGGERS:
            self.trigger_box.addItem(TRIGGER_LABELS_JA[trigger], trigger.value)
        self.trigger_box.currentIndexChanged.connect(lambda _: self._trigger_changed())
        form.addRow(self.tr("きっかけ"), self.trigger_box)
        self.category_box = QComboBox()
        self.category_box.setObjectName("scenarioCategory")
        self.category_box.addItem(self.tr("どの商品でも"), None)
        for category, label in (
            (ItemCategory.CAR, self.tr("お車")),
            (ItemCategory.CAMERA, self.tr("カメラ")),
            (ItemCategory.WATCH, self.tr("時計")),
            (ItemCategory.OTHER, self.tr("その他")),
        ):
            self.category_box.addItem(label, category.value)
        self.category_box.currentIndexChanged.connect(lambda _: self._touched())
        self.category_label = QLabel(self.tr("商品の種類"))
        form.addRow(self.category_label, self.category_box)
        self.field_box = QComboBox()
        self.field_box.setObjectName("scenarioField")
        for field, label in ITEM_DATE_FIELDS.items():
            self.field_box.addItem(label, field)
        self.field_box.currentIndexChanged.connect(lambda _: self._touched())
        self.field_label = QLabel(self.tr("日付の項目"))
        form.addRow(self.field_label, self.field_box)
        self.who_box = QComboBox()
        self.who_box.setObjectName("scenarioWho")
        for who, label in (
            ("customer", self.tr("お客様ご本人")),
            ("family", self.tr("ご家族")),
            ("any", self.tr("お客様とご家族")),
        ):
            self.who_box.addItem(label, who)
        self.who_box.currentIndexChanged.connect(lambda _: self._touched())
        self.who_label = QLabel(self.tr("対象"))
        form.addRow(self.who_label, self.who_box)
        self.menu_edit = QLineEdit()
        self.menu_edit.setObjectName("scenarioMenu")
        self.menu_edit.setPlaceholderText(self.tr("空欄ならどのメニューでも（例: カラー）"))
        self.menu_edit.textEdited.connect(lambda _: self._touched())
        self.menu_label = QLabel(self.tr("メニューに含む語"))
        form.addRow(self.menu_label, self.menu_edit)
        self.milestone_group = QWidget()
        grid = QGridLayout(self.milestone_group)
        grid.setContentsMargins(0, 0, 0, 0)
        self.milestone_checks: dict[Milestone, QCheckBox] = {}
        for index, milestone in enumerate(Milestone):
            check = QCheckBox(MILESTONE_LABELS_JA[milestone])
            check.setObjectName(f"milestone_{milestone.value}")
            check.toggled.connect(lambda _: self._touched())
            grid.addWidget(check, index // 5, index % 5)
            self.milestone_checks[milestone] = check
        self.milestone_label = QLabel(self.tr("節目"))
        form.addRow(self.milestone_label, self.milestone_group)
        self.active_check = QCheckBox(self.tr("このシナリオを使う（オフにすると新しいフォローを作りません）"))
        self.active_check.setObjectName("scenarioActive")
        self.active_check.toggled.connect(lambda _: self._touched())
        form.addRow("", self.active_check)
        right_layout.addLayout(form)

        right_layout.addWidget(QLabel(self.tr("ステップ（きっかけの日からのタイミング）")))
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("scenarioSteps")
        self.table.setHorizontalHeaderLabels(
            [self.tr("タイミング"), self.tr("種類"), self.tr("理由"), self.tr("必要な同意")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.table.currentCellChanged.connect(lambda *_: self._show_step())
        right_layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.add_step_button = QPushButton(self.tr("ステップを追加"))
        self.add_step_button.setObjectName("stepAdd")
        self.add_step_button.clicked.connect(self.add_step)
        self.remove_step_button = QPushButton(self.tr("ステップを削除"))
        self.remove_step_button.setObjectName("stepRemove")
        self.remove_step_button.clicked.connect(self.remove_step)
        self.up_button = QPushButton(self.tr("▲ 上へ"))
        self.up_button.setObjectName("stepUp")
        self.up_button.clicked.connect(lambda: self.move_step(-1))
        self.down_button = QPushButton(self.tr("▼ 下へ"))
        self.down_button.setObjectName("stepDown")
        self.down_button.clicked.connect(lambda: self.move_step(1))
        for button in (self.add_step_button, self.remove_step_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        right_layout.addLayout(buttons)
        right_layout.addWidget(self._step_box())
        save_row = QHBoxLayout()
        save_row.addStretch(1)
        self.save_button = QPushButton(self.tr("シナリオを保存"))
        self.save_button.setObjectName("scenarioSave")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        save_row.addWidget(self.save_button)
        right_layout.addLayout(save_row)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([280, 880])
        page_layout = QVBoxLayout(page)
        page_layout.addWidget(splitter)
        return page

    def _unit_box(self, name: str) -> QComboBox:
        box = QComboBox()
        box.setObjectName(name)
        for unit, label in zip(
            UNITS, (self.tr("日"), self.tr("週間"), self.tr("か月"), self.tr("年")), strict=True
        ):
            box.addItem(label, unit.value)
        box.currentIndexChanged.connect(lambda _: self._timing_changed())
        return box

    def _spin(self, name: str, low: int, high: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(name)
        spin.setRange(low, high)
        spin.valueChanged.connect(lambda _: self._timing_changed())
        return spin

    def _step_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("選んだステップ"))
        box.setObjectName("stepBox")
        form = QFormLayout(box)
        timing = QHBoxLayout()
        self.amount_spin = self._spin("stepAmount", 0, 9999)
        self.unit_box = self._unit_box("stepUnit")
        self.direction_box = QComboBox()
        self.direction_box.setObjectName("stepDirection")
        self.direction_box.addItem(self.tr("後"), 1)
        self.direction_box.addItem(self.tr("前"), -1)
        self.direction_box.currentIndexChanged.connect(lambda _: self._timing_changed())
        self.usual_check = QCheckBox(self.tr("いつもの来店間隔（分からなければ左の日数）"))
        self.usual_check.setObjectName("stepUsual")
        self.usual_check.toggled.connect(lambda _: self._timing_changed())
        for widget in (self.amount_spin, self.unit_box, self.direction_box, self.usual_check):
            timing.addWidget(widget)
        timing.addStretch(1)
        form.addRow(self.tr("タイミング"), timing)
        repeat = QHBoxLayout()
        self.repeat_check = QCheckBox(self.tr("以後くり返す:"))
        self.repeat_check.setObjectName("stepRepeat")
        self.repeat_check.toggled.connect(lambda _: self._timing_changed())
        self.every_spin = self._spin("stepEvery", 1, 999)
        self.every_unit = self._unit_box("stepEveryUnit")
        repeat.addWidget(self.repeat_check)
        repeat.addWidget(self.every_spin)
        repeat.addWidget(self.every_unit)
        repeat.addWidget(QLabel(self.tr("ごと")))
        self.lead_check = QCheckBox(self.tr("その日の"))
        self.lead_check.setObjectName("stepLead")
        self.lead_check.toggled.connect(lambda _: self._timing_changed())
        self.lead_spin = self._spin("stepLeadAmount", 1, 999)
        self.lead_unit = self._unit_box("stepLeadUnit")
        repeat.addSpacing(16)
        repeat.addWidget(self.lead_check)
        repeat.addWidget(self.lead_spin)
        repeat.addWidget(self.lead_unit)
        repeat.addWidget(QLabel(self.tr("前にご連絡")))
        repeat.addStretch(1)
        form.addRow(self.tr("くり返し"), repeat)
        code = QHBoxLayout()
        self.offset_edit = QLineEdit()
        self.offset_edit.setObjectName("stepOffset")
        self.offset_edit.setToolTip(
            self.tr(
                "「+3d」「-7d」「+1m」「+3y every 2y, 2m before」「usual or +2m」のように直接入力もできます"
            )
        )
        self.offset_edit.editingFinished.connect(self._offset_typed)
        self.timing_text = QLabel()
        self.timing_text.setObjectName("stepTiming")
        code.addWidget(self.offset_edit, 1)
        code.addWidget(self.timing_text, 2)
        form.addRow(self.tr("コード"), code)
        self.kind_box = QComboBox()
        self.kind_box.setObjectName("stepKind")
        for kind in KINDS:
            self.kind_box.addItem(follow_up_label(kind), kind.value)
        self.kind_box.currentIndexChanged.connect(lambda _: self._kind_changed())
        self.consent_label = QLabel()
        self.consent_label.setObjectName("stepConsent")
        kind_row = QHBoxLayout()
        kind_row.addWidget(self.kind_box)
        kind_row.addWidget(self.consent_label, 1)
        form.addRow(self.tr("種類"), kind_row)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("stepReason")
        self.reason_edit.textEdited.connect(self._reason_changed)
        form.addRow(self.tr("理由の文面"), self.reason_edit)
        hint = QLabel(self.tr("差し込み: ") + REASON_FIELDS)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #6b6b6b")
        form.addRow("", hint)
        self.step_box = box
        return box

    def _settings_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        form = QFormLayout()
        self.birthday_days = QSpinBox()
        self.birthday_days.setObjectName("settingBirthdayDays")
        self.birthday_days.setRange(0, 366)
        self.birthday_days.setSuffix(self.tr(" 日先まで"))
        form.addRow(self.tr("本日の画面に出すお誕生日"), self.birthday_days)
        self.upcoming_days = QSpinBox()
        self.upcoming_days.setObjectName("settingUpcomingDays")
        self.upcoming_days.setRange(0, 731)
        self.upcoming_days.setSuffix(self.tr(" 日先まで"))
        form.addRow(self.tr("車検・点検・保証終了・人生の節目"), self.upcoming_days)
        self.dormant_months = QSpinBox()
        self.dormant_months.setObjectName("settingDormantMonths")
        self.dormant_months.setRange(0, 120)
        self.dormant_months.setSuffix(self.tr(" か月以上ご連絡なし（0 = 出さない）"))
        form.addRow(self.tr("休眠のおそれ"), self.dormant_months)
        closed = QHBoxLayout()
        self.closed_checks: list[QCheckBox] = []
        for index, name in enumerate(WEEKDAY_JA):
            check = QCheckBox(name)
            check.setObjectName(f"closed_{index}")
            closed.addWidget(check)
            self.closed_checks.append(check)
        closed.addStretch(1)
        form.addRow(self.tr("定休日"), closed)
        self.shift_box = QComboBox()
        self.shift_box.setObjectName("settingShift")
        self.shift_box.addItem(self.tr("前の営業日へ"), "before")
        self.shift_box.addItem(self.tr("後の営業日へ"), "after")
        form.addRow(self.tr("定休日・祝日に当たるフォロー"), self.shift_box)
        layout.addLayout(form)
        row = QHBoxLayout()
        row.addStretch(1)
        self.save_settings_button = QPushButton(self.tr("設定を保存"))
        self.save_settings_button.setObjectName("settingsSave")
        self.save_settings_button.clicked.connect(self.save_settings)
        row.addWidget(self.save_settings_button)
        layout.addLayout(row)
        layout.addStretch(1)
        return page

    # ------------------------------------------------------------------ the list
    def reload(self, select: int | None = None) -> None:
        wanted = select if select is not None else self.scenario_id
        self._loading = True
        try:
            self.list.clear()
            for info in self.services.scenarios.scenarios():
                text = (
                    info.name if info.active else self.tr("{name}（使っていません）").format(name=info.name)
                )
                item = QListWidgetItem(text)
                item.setData(ID_ROLE, info.id)
                item.setToolTip(TRIGGER_LABELS_JA[info.trigger])
                self.list.addItem(item)
        finally:
            self._loading = False
        for index in range(self.list.count()):
            item = self.list.item(index)
            if item is not None and item.data(ID_ROLE) == wanted:
                self.list.setCurrentItem(item)
                return
        if self.list.count():
            self.list.setCurrentRow(0)

    def scenario_names(self) -> list[str]:
        return [item.text() for item in (self.list.item(i) for i in range(self.list.count())) if item]

    def select_scenario(self, name: str) -> bool:
        for index in range(self.list.count()):
            item = self.list.item(index)
            if item is not None and item.text().startswith(name):
                self.list.setCurrentItem(item)
                return self.current is not None and self.current.name == name
        return False

    def _list_changed(self, item: QListWidgetItem | None, previous: QListWidgetItem | None) -> None:
        if self._loading or item is None:
            return
        scenario_id = int(item.data(ID_ROLE))
        if scenario_id == self.scenario_id and not self.dirty:
            return
        if self.dirty and not self._may_leave():
            self._loading = True
            if previous is not None:
                self.list.setCurrentItem(previous)
            else:
                self.list.setCurrentRow(-1)
            self._loading = False
            return
        self.show_scenario(self.services.scenarios.get(scenario_id))

    def _may_leave(self) -> bool:
        """Unsaved changes: save them, drop them, or stay."""
        answer = QMessageBox.question(
            self,
            self.tr("シナリオ"),
            self.tr("「{name}」の変更が保存されていません。保存しますか？").format(
                name=self.name_edit.text()
            ),
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save() is not None
        return answer == QMessageBox.StandardButton.Discard

    def show_scenario(self, info: ScenarioInfo | None) -> None:
        """Put a scenario into the form (None: a new, unsaved one)."""
        self._loading = True
        try:
            self.current = info
            self.scenario_id = info.id if info else None
            flt: dict[str, Any] = dict(info.trigger_filter) if info else {}
            self.name_edit.setText(info.name if info else self.tr("新しいシナリオ"))
            trigger = info.trigger if info else Trigger.PURCHASE
            self.trigger_box.setCurrentIndex(TRIGGERS.index(trigger))
            self.category_box.setCurrentIndex(max(0, self.category_box.findData(flt.get("category"))))
            self.field_box.setCurrentIndex(max(0, self.field_box.findData(flt.get("field"))))
            self.who_box.setCurrentIndex(max(0, self.who_box.findData(flt.get("who", "customer"))))
            self.menu_edit.setText(str(flt.get("menu_contains", "") or ""))
            wanted = set(flt.get("milestones") or [])
            for milestone, check in self.milestone_checks.items():
                check.setChecked(milestone.value in wanted)
            self.active_check.setChecked(info.active if info else True)
            self.steps = [_Step.of(s) for s in info.steps] if info else [_Step.of(NEW_STEP)]
            self.delete_button.setEnabled(info is not None and not info.builtin)
            self.delete_button.setToolTip(
                self.tr("標準のシナリオは削除できません。使わない場合はオフにしてください")
                if info is not None and info.builtin
                else ""
            )
            self._fill_table(0)
            self._show_filters()
        finally:
            self._loading = False
        self.dirty = False
        self._clear_error()
        self._show_step()

    def new_scenario(self) -> None:
        if self.dirty and not self._may_leave():
            return
        self._loading = True
        self.list.clearSelection()
        self.list.setCurrentRow(-1)
        self._loading = False
        self.show_scenario(None)
        self.dirty = True
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    def delete_scenario(self) -> None:
        if self.current is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("シナリオの削除"),
            self.tr("シナリオ「{name}」を削除しますか？作成済みのフォローは残ります。").format(
                name=self.current.name
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.services.scenarios.delete(self.current.id)
        except CrmError as exc:
            self._show_error(exc.message)
            return
        self.scenario_id = None
        self.dirty = False
        self.reload()
        self.message.setText(self.tr("シナリオを削除しました"))

    # ------------------------------------------------------------------ the trigger
    def trigger(self) -> Trigger:
        return Trigger(self.trigger_box.currentData())

    def _trigger_changed(self) -> None:
        self._show_filters()
        self._touched()

    def _show_filters(self) -> None:
        trigger = self.trigger()
        shown = {
            (self.category_label, self.category_box): trigger in (Trigger.PURCHASE, Trigger.ITEM_DATE),
            (self.field_label, self.field_box): trigger is Trigger.ITEM_DATE,
            (self.who_label, self.who_box): trigger in (Trigger.BIRTHDAY, Trigger.MILESTONE),
            (self.menu_label, self.menu_edit): trigger in (Trigger.VISIT, Trigger.FIRST_VISIT),
            (self.milestone_label, self.milestone_group): trigger is Trigger.MILESTONE,
        }
        for widgets, visible in shown.items():
            for widget in widgets:
                widget.setVisible(visible)

    def trigger_filter(self) -> dict[str, Any]:
        """The filter as the form says, keeping what the form does not show (the store kind)."""
        flt: dict[str, Any] = dict(self.current.trigger_filter) if self.current else {}
        for key in ("category", "field", "who", "menu_contains", "milestones"):
            flt.pop(key, None)
        trigger = self.trigger()
        if trigger in (Trigger.PURCHASE, Trigger.ITEM_DATE) and self.category_box.currentData():
            flt["category"] = self.category_box.currentData()
        if trigger is Trigger.ITEM_DATE:
            flt["field"] = self.field_box.currentData()
        if trigger in (Trigger.BIRTHDAY, Trigger.MILESTONE):
            flt["who"] = self.who_box.currentData()
        if trigger in (Trigger.VISIT, Trigger.FIRST_VISIT) and self.menu_edit.text().strip():
            flt["menu_contains"] = self.menu_edit.text().strip()
        if trigger is Trigger.MILESTONE:
            flt["milestones"] = [m.value for m, check in self.milestone_checks.items() if check.isChecked()]
        return flt

    # ------------------------------------------------------------------ steps
    def _fill_table(self, select: int) -> None:
        self.table.setRowCount(len(self.steps))
        for row, step in enumerate(self.steps):
            self._fill_row(row, step)
        if self.steps:
            self.table.setCurrentCell(max(0, min(select, len(self.steps) - 1)), 0)
        self._update_step_buttons()

    def _fill_row(self, row: int, step: _Step) -> None:
        try:
            timing = parse_offset(step.offset).describe()
        except ValidationError:
            timing = step.offset
        values = (timing, follow_up_label(step.kind), step.reason, self._consent_text(step.kind))
        for column, text in enumerate(values):
            item = QTableWidgetItem(text)
            item.setToolTip(text if column != 0 else step.offset)
            self.table.setItem(row, column, item)

    def _consent_text(self, kind: FollowUpKind) -> str:
        if kind in (FollowUpKind.LETTER, FollowUpKind.GIFT):
            return self.tr("郵送（DM）の同意")
        if kind is FollowUpKind.CALL:
            return self.tr("電話連絡の同意")
        return self.tr("—")

    def step_rows(self) -> list[tuple[str, str, str, str]]:
        """What the steps table shows: (timing, kind, reason, consent)."""
        return [
            tuple(
                (item.text() if (item := self.table.item(row, column)) is not None else "")
                for column in range(4)
            )  # type: ignore[misc]
            for row in range(self.table.rowCount())
        ]

    def current_step(self) -> int:
        row = self.table.currentRow()
        return row if 0 <= row < len(self.steps) else -1

    def _show_step(self) -> None:
        index = self.current_step()
        self.step_box.setEnabled(index >= 0)
        self._update_step_buttons()
        if index < 0:
            return
        step = self.steps[index]
        was = self._loading
        self._loading = True
        try:
            self.offset_edit.setText(step.offset)
            self._timing_from(step.offset)
            self.kind_box.setCurrentIndex(KINDS.index(step.kind))
            self.consent_label.setText(self._consent_note(step.kind))
            self.reason_edit.setText(step.reason)
        finally:
            self._loading = was

    def _consent_note(self, kind: FollowUpKind) -> str:
        if kind in (FollowUpKind.LETTER, FollowUpKind.GIFT):
            return self.tr("郵送物（DM）を断っているお客様には作らず、見送りとして理由を残します")
        if kind is FollowUpKind.CALL:
            return self.tr("電話連絡を断っているお客様には作らず、見送りとして理由を残します")
        return ""

    def _timing_from(self, code: str) -> None:
        """Fill the timing widgets from a code; a timing of several terms is edited as code only."""
        try:
            offset = parse_offset(code)
        except ValidationError as exc:
            self.timing_text.setText(exc.reason)
            return
        simple = len(offset.terms) <= 1
        term = offset.terms[0] if offset.terms else Amount(0, Unit.DAY)
        for widget in (self.amount_spin, self.unit_box, self.direction_box):
            widget.setEnabled(simple)
        self.amount_spin.setValue(abs(term.value))
        self.unit_box.setCurrentIndex(UNITS.index(term.unit))
        self.direction_box.setCurrentIndex(1 if term.value < 0 else 0)
        self.usual_check.setChecked(offset.usual)
        self.repeat_check.setChecked(offset.every is not None)
        if offset.every is not None:
            self.every_spin.setValue(offset.every.value)
            self.every_unit.setCurrentIndex(UNITS.index(offset.every.unit))
        self.lead_check.setChecked(offset.lead is not None)
        if offset.lead is not None:
            self.lead_spin.setValue(offset.lead.value)
            self.lead_unit.setCurrentIndex(UNITS.index(offset.lead.unit))
        self._enable_repeat()
        self.timing_text.setText(offset.describe())

    def _enable_repeat(self) -> None:
        for widget in (self.every_spin, self.every_unit):
            widget.setEnabled(self.repeat_check.isChecked())
        for widget in (self.lead_spin, self.lead_unit):
            widget.setEnabled(self.lead_check.isChecked())

    def timing_code(self) -> str:
        """The code the timing widgets stand for: "+3y every 2y, 2m before"."""
        sign = int(self.direction_box.currentData())
        amount = Amount(sign * self.amount_spin.value(), Unit(self.unit_box.currentData()))
        return Offset((amount,), self._every(), self._lead(), self.usual_check.isChecked()).code()

    def _every(self) -> Amount | None:
        """The repeat the widgets stand for, if it is on."""
        if not self.repeat_check.isChecked():
            return None
        return Amount(self.every_spin.value(), Unit(self.every_unit.currentData()))

    def _lead(self) -> Amount | None:
        """How long before the date the follow-up is due, if set."""
        if not self.lead_check.isChecked():
            return None
        return Amount(self.lead_spin.value(), Unit(self.lead_unit.currentData()))

    def _timing_changed(self) -> None:
        self._enable_repeat()
        index = self.current_step()
        if self._loading or index < 0:
            return
        if not self.amount_spin.isEnabled():  # several terms: only the repeat and lead change
            try:
                offset = parse_offset(self.steps[index].offset)
            except ValidationError:
                return
            code = Offset(offset.terms, self._every(), self._lead(), self.usual_check.isChecked()).code()
        else:
            code = self.timing_code()
        self._set_offset(index, code)
        self.offset_edit.setText(code)

    def _offset_typed(self) -> None:
        index = self.current_step()
        if self._loading or index < 0:
            return
        code = self.offset_edit.text().strip()
        if code == self.steps[index].offset:
            return
        self._set_offset(index, code)
        self._loading = True
        try:
            self._timing_from(code)
        finally:
            self._loading = False

    def _set_offset(self, index: int, code: str) -> None:
        self.steps[index] = replace(self.steps[index], offset=code)
        try:
            self.timing_text.setText(parse_offset(code).describe())
        except ValidationError as exc:
            self.timing_text.setText(exc.reason)
        self._fill_row(index, self.steps[index])
        self._touched()

    def _kind_changed(self) -> None:
        index = self.current_step()
        kind = FollowUpKind(self.kind_box.currentData())
        self.consent_label.setText(self._consent_note(kind))
        if self._loading or index < 0:
            return
        self.steps[index] = replace(self.steps[index], kind=kind)
        self._fill_row(index, self.steps[index])
        self._touched()

    def _reason_changed(self, text: str) -> None:
        index = self.current_step()
        if self._loading or index < 0:
            return
        self.steps[index] = replace(self.steps[index], reason=text)
        self._fill_row(index, self.steps[index])
        self._touched()

    def add_step(self) -> None:
        index = self.current_step()
        at = index + 1 if index >= 0 else len(self.steps)
        base = self.steps[index] if index >= 0 else _Step.of(NEW_STEP)
        self.steps.insert(at, _Step(base.offset, base.kind, base.reason if index < 0 else ""))
        self._fill_table(at)
        self._touched()
        self.reason_edit.setFocus()

    def remove_step(self) -> None:
        index = self.current_step()
        if index < 0:
            return
        del self.steps[index]
        self._fill_table(index)
        self._show_step()
        self._touched()

    def move_step(self, direction: int) -> None:
        index = self.current_step()
        target = index + direction
        if index < 0 or not 0 <= target < len(self.steps):
            return
        self.steps[index], self.steps[target] = self.steps[target], self.steps[index]
        self._fill_table(target)
        self._touched()

    def _update_step_buttons(self) -> None:
        index = self.current_step()
        self.remove_step_button.setEnabled(index >= 0)
        self.up_button.setEnabled(index > 0)
        self.down_button.setEnabled(0 <= index < len(self.steps) - 1)

    # ------------------------------------------------------------------ saving
    def _touched(self) -> None:
        if not self._loading:
            self.dirty = True
            self.message.clear()

    def draft(self) -> ScenarioDraft:
        return ScenarioDraft(
            self.name_edit.text(),
            self.trigger(),
            tuple(step.info(position) for position, step in enumerate(self.steps)),
            self.trigger_filter(),
            self.active_check.isChecked(),
        )

    def _check_steps(self) -> bool:
        """Each step's timing and reason, so that a mistake names its step and its field gets the focus."""
        for index, step in enumerate(self.steps):
            try:
                parse_offset(step.offset)
                check_template(step.reason)
            except ValidationError as exc:
                self.table.setCurrentCell(index, 0)
                self._show_error(
                    self.tr("ステップ{n}の「{field}」: {reason}").format(
                        n=index + 1, field=exc.field, reason=exc.reason
                    )
                )
                (self.offset_edit if exc.field == "タイミング" else self.reason_edit).setFocus()
                return False
        if self.trigger() is Trigger.MILESTONE and not any(
            c.isChecked() for c in self.milestone_checks.values()
        ):
            self._show_error(self.tr("「節目」: 1つ以上選んでください"))
            next(iter(self.milestone_checks.values())).setFocus()
            return False
        return True

    def save(self) -> ScenarioInfo | None:
        """Write the scenario (one transaction); None when something must be corrected first."""
        self._clear_error()
        self.offset_edit.editingFinished.emit()  # a code still being typed counts
        if not self._check_steps():
            return None
        try:
            info = self.services.scenarios.save(self.draft(), self.scenario_id)
        except ValidationError as exc:
            self._show_error(self.tr("「{field}」: {reason}").format(field=exc.field, reason=exc.reason))
            self._focus_field(exc.field)
            return None
        except ConflictError as exc:
            self._show_error(exc.message)
            self.name_edit.setFocus()
            return None
        except CrmError as exc:
            self._show_error(exc.message)
            return None
        self.dirty = False
        self.reload(select=info.id)
        self.show_scenario(info)
        self.message.setText(self.tr("シナリオ「{name}」を保存しました").format(name=info.name))
        self.saved.emit(info)
        return info

    def _focus_field(self, field: str) -> None:
        if field == "シナリオ名":
            self.name_edit.setFocus()
        elif field.startswith("ステップ"):
            self.add_step_button.setFocus()
        elif "日付" in field:
            self.field_box.setFocus()
        elif "節目" in field:
            next(iter(self.milestone_checks.values())).setFocus()

    def _show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
        self.message.clear()

    def _clear_error(self) -> None:
        self.error.clear()
        self.error.hide()

    # ------------------------------------------------------------------ settings
    def _load_settings(self) -> None:
        settings = self.services.store.settings()
        self.birthday_days.setValue(settings.birthday_days)
        self.upcoming_days.setValue(settings.upcoming_days)
        self.dormant_months.setValue(settings.dormant_months)
        for index, check in enumerate(self.closed_checks):
            check.setChecked(index in settings.closed_weekdays)
        self.shift_box.setCurrentIndex(max(0, self.shift_box.findData(settings.holiday_shift)))

    def save_settings(self) -> None:
        closed = [index for index, check in enumerate(self.closed_checks) if check.isChecked()]
        if len(closed) == len(self.closed_checks):
            self._show_error(self.tr("「定休日」: 営業日が1日もなくなります"))
            self.closed_checks[0].setFocus()
            return
        settings = self.services.store.settings()
        settings.birthday_days = self.birthday_days.value()
        settings.upcoming_days = self.upcoming_days.value()
        settings.dormant_months = self.dormant_months.value()
        settings.closed_weekdays = closed
        settings.holiday_shift = str(self.shift_box.currentData())
        try:
            self.services.store.save_settings(settings)
        except CrmError as exc:
            self._show_error(exc.message)
            return
        self._clear_error()
        self.message.setText(self.tr("フォローの設定を保存しました"))
        self.settings_saved.emit()

    def reject(self) -> None:
        if self.dirty and not self._may_leave():
            return
        super().reject()


def ask_about_removed_triggers(
    parent: QWidget, services: Services, card: CustomerCard, draft: CustomerDraft
) -> list[int] | None:
    """Before a card is saved without some of its items or family members: when scenarios planned follow-ups from
    them (a warranty end, a child's 18th birthday), ask whether those should go too.

    Returns None when the user cancels the save, else the ids of the follow-ups to delete once the card is saved
    (`ScenarioService.delete_open`); an empty list keeps them (they stay on the card without the link).
    Call it in the card's save before `CustomerService.update`.
    """
    kept_items = {i.id for i in draft.items if i.id is not None}
    kept_family = {m.id for m in draft.family if m.id is not None}
    removed: list[tuple[str, list[int]]] = []
    for item in card.items:
        if item.id is not None and item.id not in kept_items:
            planned = services.scenarios.planned_from(item_id=item.id)
            if planned:
                removed.append((item.name, [f.id for f in planned]))
    for member in card.family:
        if member.id is not None and member.id not in kept_family:
            planned = services.scenarios.planned_from(family_member_id=member.id)
            if planned:
                removed.append((f"{member.relation}の{member.name}様", [f.id for f in planned]))
    if not removed:
        return []
    ids = [fid for _, found in removed for fid in found]
    box = QMessageBox(parent)
    box.setObjectName("removedTriggers")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(QCoreApplication.translate("ScenarioEditor", "シナリオで作ったフォロー"))
    box.setText(
        QCoreApplication.translate(
            "ScenarioEditor", "{names} から作られた未完了のフォローが {count}件あります。どうしますか？"
        ).format(names="、".join(name for name, _ in removed), count=len(ids))
    )
    drop = box.addButton(
        QCoreApplication.translate("ScenarioEditor", "フォローも削除する"),
        QMessageBox.ButtonRole.DestructiveRole,
    )
    keep = box.addButton(
        QCoreApplication.translate("ScenarioEditor", "フォローは残す"), QMessageBox.ButtonRole.AcceptRole
    )
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(keep)
    box.exec()
    if box.clickedButton() is drop:
        return ids
    if box.clickedButton() is keep:
        return []
    return None


def open_scenario_editor(workspace: Workspace) -> ScenarioEditor:
    """Open the editor from the workspace's menu; the screens re-read when something is saved."""
    window = workspace.window
    editor = ScenarioEditor(window.services, parent=window)

    def reread() -> None:
        for view in (
            workspace.today_page.findChildren(QWidget),
            workspace.calendar_page.findChildren(QWidget),
        ):
            for widget in view:
                refresh = getattr(widget, "refresh", None)
                if widget.objectName() in ("todayView", "calendarView") and callable(refresh):
                    refresh()

    editor.saved.connect(lambda _info: reread())
    editor.settings_saved.connect(reread)
    workspace._show(editor)
    return editor
