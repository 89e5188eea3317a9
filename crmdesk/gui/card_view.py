"""One customer's card: the header, the editable body, the timeline and the follow-ups, with the actions a
salesperson or receptionist uses all day (save, log a call / visit / purchase / gift / note, add a follow-up).

Everything goes through the services; every action is one service call (one transaction). Unsaved edits are never
dropped silently: `confirm_leave()` asks before another card replaces this one.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from crmdesk.domain.errors import ConflictError, CrmError, NotFoundError, ValidationError
from crmdesk.domain.records import CustomerCard, CustomerDraft, FollowUp, HistoryEvent
from crmdesk.domain.values import EventKind, FollowUpStatus
from crmdesk.gui.card_editor import AddressLookup, CardEditor
from crmdesk.gui.card_header import CardHeader
from crmdesk.gui.event_dialogs import change_event_date, delete_event
from crmdesk.gui.icons import icon
from crmdesk.gui.labels import follow_up_label, follow_up_status_label, short_date
from crmdesk.gui.look import MUTED, text_colour, type_size
from crmdesk.gui.quick_log import CompleteFollowUpDialog, FollowUpDialog, LogEventDialog
from crmdesk.gui.timeline import EventDialog, TimelineView

if TYPE_CHECKING:
    from crmdesk.services.bundle import Services

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def with_shortcut(text: str, shortcut: QKeySequence) -> str:
    """A tooltip that shows the key: 「電話を記録（Ctrl+1）」."""
    keys = shortcut.toString(QKeySequence.SequenceFormat.NativeText)
    return f"{text}（{keys}）" if keys else text


class CardView(QWidget):
    cardChanged = Signal(object)  # the open customer id, or None
    dirtyChanged = Signal(bool)
    message = Signal(str)  # for the status bar

    def __init__(
        self,
        services: Services,
        *,
        store_kind: str = "dealer",
        date_style: str = "wareki",
        address_lookup: AddressLookup | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.store_kind = store_kind
        self.date_style = date_style
        self._card: CustomerCard | None = None
        self._new = False
        self._counter_mode = False
        today = services.ctx.today
        self.header = CardHeader(today=today)
        self.header.date_style = date_style
        self.editor = CardEditor(today=today, address_lookup=address_lookup, date_style=date_style)
        self.timeline = TimelineView()
        self.timeline.set_date_style(date_style)
        self.follow_ups = QListWidget()
        self.follow_ups.setWordWrap(True)
        self.follow_ups.itemActivated.connect(lambda _item: self.complete_follow_up())
        self.complete_button = QPushButton(self.tr("完了・見送りにする"))
        self.complete_button.clicked.connect(self.complete_follow_up)
        follow_box = QWidget()
        follow_layout = QVBoxLayout(follow_box)
        follow_layout.setContentsMargins(0, 0, 0, 0)
        follow_layout.addWidget(self.follow_ups, 1)
        buttons = QHBoxLayout()
        self.add_follow_up_button = QPushButton(self.tr("フォローを追加"))
        buttons.addWidget(self.add_follow_up_button)
        buttons.addWidget(self.complete_button)
        buttons.addStretch(1)
        follow_layout.addLayout(buttons)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.timeline, self.tr("履歴"))
        self.tabs.addTab(follow_box, self.tr("フォロー予定"))
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("cardSplitter")
        self.splitter.addWidget(self.editor)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([470, 380])
        self._build_actions()
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        for action in (self.save_action, self.revert_action):
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        for action in self.log_actions.values():
            self.toolbar.addAction(action)
        self.toolbar.addAction(self.follow_up_action)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("savedState")
        text_colour(self.saved_label, MUTED)
        self.saved_label.setContentsMargins(0, 0, 6, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        top = QHBoxLayout()
        top.addWidget(self.toolbar, 1)
        top.addWidget(self.saved_label)
        layout.addLayout(top)
        layout.addWidget(self.header)
        self.empty_page = QLabel(
            self.tr(
                "左の検索欄に、お名前・フリガナ・電話番号・住所の一部などを入力してください。\n"
                "Enter で一番上のお客様のカードが開きます。\n\n"
                "新しいお客様のカードは Ctrl+N で作れます。"
            )
        )
        self.empty_page.setObjectName("emptyCard")
        text_colour(self.empty_page, MUTED)
        type_size(self.empty_page, 12)
        self.empty_page.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_page.setWordWrap(True)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_page)
        self.pages.addWidget(self.splitter)
        layout.addWidget(self.pages, 1)
        self.editor.dirtyChanged.connect(self._dirty_changed)
        self.editor.addNoteRequested.connect(self.add_note)
        self.editor.deleteNoteRequested.connect(self.delete_note)
        self.timeline.eventActivated.connect(self._show_event)
        self.timeline.changeDateRequested.connect(self.change_event_date)
        self.timeline.deleteRequested.connect(self.delete_event)
        self.add_follow_up_button.clicked.connect(self.add_follow_up)
        self._update_actions()

    # ------------------------------------------------------------------ actions
    def _action(
        self, text: str, icon_name: str, shortcut: QKeySequence, slot: Callable[[], object]
    ) -> QAction:
        action = QAction(icon(icon_name), text, self)
        action.setShortcut(shortcut)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(with_shortcut(text, shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.save_action = self._action(
            self.tr("保存"), "save", QKeySequence(QKeySequence.StandardKey.Save), self.save
        )
        self.revert_action = self._action(
            self.tr("元に戻す"), "revert", QKeySequence("Ctrl+Shift+Z"), self.revert
        )
        kinds = {
            EventKind.CALL: (self.tr("電話"), "call", "Ctrl+1"),
            EventKind.VISIT: (self.tr("来店"), "visit", "Ctrl+2"),
            EventKind.PURCHASE: (self.tr("購入"), "purchase", "Ctrl+3"),
            EventKind.GIFT: (self.tr("ギフト"), "gift", "Ctrl+4"),
            EventKind.NOTE: (self.tr("メモ"), "note", "Ctrl+5"),
        }
        self.log_actions: dict[EventKind, QAction] = {}
        for kind, (text, icon_name, keys) in kinds.items():
            action = self._action(text, icon_name, QKeySequence(keys), partial(self.log, kind))
            action.setToolTip(with_shortcut(self.tr("{what}を記録").format(what=text), QKeySequence(keys)))
            self.log_actions[kind] = action
        self.follow_up_action = self._action(
            self.tr("フォロー"), "follow_up", QKeySequence("Ctrl+6"), self.add_follow_up
        )
        self.follow_up_action.setToolTip(with_shortcut(self.tr("フォローを追加"), QKeySequence("Ctrl+6")))

    def _update_actions(self) -> None:
        has_card = self._card is not None
        editable = has_card or self._new
        self.save_action.setEnabled(editable and self.editor.dirty)
        self.revert_action.setEnabled(editable and self.editor.dirty)
        live = has_card and self._card is not None and self._card.deleted_at is None
        for action in [*self.log_actions.values(), self.follow_up_action]:
            action.setEnabled(live)
        self.add_follow_up_button.setEnabled(live)
        self.timeline.set_editable(live)
        self.complete_button.setEnabled(live)
        self.editor.setEnabled(editable)
        self.pages.setCurrentWidget(self.splitter if editable else self.empty_page)
        if self.editor.dirty:
            self.saved_label.setText(self.tr("● 未保存の変更があります"))
        elif has_card:
            self.saved_label.setText(self.tr("保存済み"))
        else:
            self.saved_label.setText("")

    def _dirty_changed(self, dirty: bool) -> None:
        self._update_actions()
        self.dirtyChanged.emit(dirty)

    # ------------------------------------------------------------------ state
    @property
    def card(self) -> CustomerCard | None:
        return self._card

    @property
    def customer_id(self) -> int | None:
        return self._card.id if self._card else None

    @property
    def dirty(self) -> bool:
        return self.editor.dirty

    @property
    def is_new(self) -> bool:
        return self._new

    def set_staff_names(self, names: list[str]) -> None:
        self.editor.set_staff_names(names)

    def set_date_style(self, style: str) -> None:
        self.date_style = style
        self.header.date_style = style
        self.editor.set_date_style(style)
        self.timeline.set_date_style(style)
        self._show_follow_ups()
        self.header.show_card(self._card, new=self._new)

    def set_counter_mode(self, on: bool) -> None:
        self._counter_mode = on
        self.editor.set_counter_mode(on)
        self.timeline.set_counter_mode(on)

    # ------------------------------------------------------------------ opening
    def open_customer(self, customer_id: int) -> bool:
        """Show this card (the caller has asked about unsaved changes first)."""
        try:
            card = self.services.customers.card(customer_id)
        except NotFoundError:
            self.clear()
            return False
        self._new = False
        self._show(card, reload_editor=True)
        self.cardChanged.emit(card.id)
        return True

    def new_customer(self) -> None:
        self._card = None
        self._new = True
        self.editor.load(None, staff=self.services.ctx.staff_name)
        self.header.show_card(None, new=True)
        self.timeline.set_events(())
        self.follow_ups.clear()
        self._update_actions()
        self.editor.name.setFocus()
        self.cardChanged.emit(None)

    def clear(self) -> None:
        self._card = None
        self._new = False
        self.editor.load(None)
        self.header.show_card(None)
        self.timeline.set_events(())
        self.follow_ups.clear()
        self._update_actions()
        self.cardChanged.emit(None)

    def _show(self, card: CustomerCard, *, reload_editor: bool) -> None:
        self._card = card
        self.header.show_card(card)
        if reload_editor:
            self.editor.load(card)
        else:
            self.editor.show_notes(card.notes)
        self.timeline.set_events(card.events)
        self._show_follow_ups()
        self._update_actions()

    def reload(self) -> None:
        """The card changed elsewhere (a log, another window): show it again, keeping unsaved edits."""
        if self._card is None:
            return
        try:
            card = self.services.customers.card(self._card.id)
        except NotFoundError:
            self.clear()
            return
        self._show(card, reload_editor=not self.editor.dirty)

    def _show_follow_ups(self) -> None:
        self.follow_ups.clear()
        if self._card is None:
            return
        for follow_up in self._card.follow_ups:
            text = self.tr("{date}　{kind}　{reason}　［{status}］").format(
                date=short_date(follow_up.due_date, self.date_style),
                kind=follow_up_label(follow_up.kind),
                reason=follow_up.reason,
                status=follow_up_status_label(follow_up.status),
            )
            if follow_up.staff:
                text += self.tr("　担当: {staff}").format(staff=follow_up.staff)
            if follow_up.result:
                text += f"\n{follow_up.result}"
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, follow_up.id)
            if follow_up.status is not FollowUpStatus.OPEN:
                item.setForeground(Qt.GlobalColor.gray)
            self.follow_ups.addItem(item)

    # ------------------------------------------------------------------ saving
    def confirm_leave(self) -> bool:
        """True when the card may be replaced: nothing unsaved, or the user saved or chose to discard."""
        if not self.editor.dirty:
            return True
        name = self.editor.name.text().strip() or self.tr("新しいお客様")
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("未保存の変更"))
        box.setText(
            self.tr("{name}様のカードに保存していない変更があります。保存しますか？").format(name=name)
        )
        save = box.addButton(self.tr("保存する"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(self.tr("保存しないで移る"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("編集を続ける"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.setEscapeButton(keep)
        box.exec()
        clicked = box.clickedButton()
        if clicked is save:
            return self.save()
        if clicked is discard:
            self.revert()
            return True
        return False

    def save(self) -> bool:
        """Check and save the card being edited. False (with the problem shown in its field) when it cannot."""
        if not (self._new or self._card is not None):
            return True
        problem = self.editor.check()
        if problem is not None:
            widget, message = problem
            widget.setFocus()
            self.message.emit(self.tr("保存できません: {message}").format(message=message))
            return False
        drop: list[int] = []  # open follow-ups planned from removed items / family members, to delete after
        try:
            draft = self.editor.draft()
            if self._new:
                card = self.services.customers.create(draft)
            else:
                assert self._card is not None
                if _removes_something(self._card, draft):
                    from crmdesk.gui.scenario_editor import ask_about_removed_triggers

                    answer = ask_about_removed_triggers(self, self.services, self._card, draft)
                    if answer is None:  # the user cancelled the save
                        return False
                    drop = answer
                card = self.services.customers.update(self._card.id, draft)
        except ValidationError as exc:
            widget, message = self.editor.show_error(exc)
            widget.setFocus()
            self.message.emit(self.tr("保存できません: {message}").format(message=message))
            return False
        except ConflictError as exc:
            self.editor.show_conflict(exc.message)
            QMessageBox.warning(self, self.tr("保存できません"), exc.message)
            return False
        except CrmError as exc:
            QMessageBox.warning(self, self.tr("保存できません"), exc.message)
            return False
        if drop:
            try:
                self.services.scenarios.delete_open(drop)
                card = self.services.customers.card(card.id)
            except CrmError as exc:
                QMessageBox.warning(self, self.tr("フォローを削除できません"), exc.message)
        was_new = self._new
        self._new = False
        self._show(card, reload_editor=True)
        self.message.emit(self.tr("{name}様のカードを保存しました").format(name=card.name))
        if was_new:
            self.cardChanged.emit(card.id)
        return True

    def revert(self) -> None:
        if self._new:
            self.editor.load(None, staff=self.services.ctx.staff_name)
        elif self._card is not None:
            self.editor.load(self._card)
        self._update_actions()

    # ------------------------------------------------------------------ quick logging
    def _staff_names(self) -> list[str]:
        return self.services.store.staff_names()

    def log(self, kind: EventKind) -> bool:
        card = self._card
        if card is None or card.deleted_at is not None:
            return False
        dialog = LogEventDialog(
            kind,
            customer_name=card.name,
            consent=card.consent,
            store_kind=self.store_kind,
            today=self.services.ctx.today(),
            date_style=self.date_style,
            staff_names=self._staff_names(),
            staff=self.services.ctx.staff_name,
            parent=self,
        )
        if not dialog.exec():
            return False
        return self.save_log(dialog)

    def save_log(self, dialog: LogEventDialog) -> bool:
        card = self._card
        assert card is not None
        try:
            event = self.services.history.add(card.id, dialog.event_draft())
            follow_up = dialog.follow_up_draft(event.id)
            if follow_up is not None:
                self.services.followups.add(card.id, follow_up)
        except CrmError as exc:
            QMessageBox.warning(self, self.tr("記録できません"), exc.message)
            self.reload()
            return False
        self.reload()
        self.message.emit(
            self.tr("{name}様: {summary} を記録しました").format(name=card.name, summary=event.summary)
        )
        return True

    def add_follow_up(self) -> bool:
        card = self._card
        if card is None or card.deleted_at is not None:
            return False
        dialog = FollowUpDialog(
            customer_name=card.name,
            consent=card.consent,
            today=self.services.ctx.today(),
            date_style=self.date_style,
            staff_names=self._staff_names(),
            staff=self.services.ctx.staff_name,
            parent=self,
        )
        if not dialog.exec():
            return False
        try:
            self.services.followups.add(card.id, dialog.draft())
        except CrmError as exc:
            QMessageBox.warning(self, self.tr("登録できません"), exc.message)
            return False
        self.reload()
        self.tabs.setCurrentIndex(1)
        self.message.emit(self.tr("{name}様のフォローを登録しました").format(name=card.name))
        return True

    def selected_follow_up(self) -> FollowUp | None:
        if self._card is None:
            return None
        item = self.follow_ups.currentItem()
        if item is None:
            return None
        wanted = item.data(ID_ROLE)
        return next((f for f in self._card.follow_ups if f.id == wanted), None)

    def complete_follow_up(self) -> bool:
        follow_up = self.selected_follow_up()
        if follow_up is None or follow_up.status is not FollowUpStatus.OPEN:
            return False
        dialog = CompleteFollowUpDialog(follow_up, self)
        if not dialog.exec():
            return False
        try:
            self.services.followups.complete(follow_up.id, dialog.result_text(), skipped=dialog.is_skipped)
        except CrmError as exc:
            QMessageBox.warning(self, self.tr("記録できません"), exc.message)
            return False
        self.reload()
        return True

    # ------------------------------------------------------------------ notes
    def add_note(self, text: str) -> None:
        if self._card is None:
            return
        try:
            self.services.customers.add_note(self._card.id, text)
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("メモを追加できません"), exc.message)
            return
        self.editor.note_added()
        self.reload()

    def delete_note(self, note_id: int) -> None:
        answer = QMessageBox.question(self, self.tr("メモの削除"), self.tr("選んだメモを削除しますか？"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.services.customers.delete_note(note_id)
        self.reload()

    def _show_event(self, event: object) -> None:
        if isinstance(event, HistoryEvent):
            EventDialog(event, date_style=self.date_style, parent=self).exec()

    # ------------------------------------------------------------------ correcting the timeline
    def change_event_date(self, event: object) -> bool:
        """日付を変更… on a timeline event: the open follow-ups planned from it are re-planned with it."""
        if not isinstance(event, HistoryEvent) or self._card is None or self._card.deleted_at is not None:
            return False
        text = change_event_date(self, self.services, event, date_style=self.date_style)
        if text is None:
            return False
        self.reload()
        self.timeline.select_event(event.id)
        self.message.emit(text)
        return True

    def delete_event(self, event: object) -> bool:
        """削除… on a timeline event: asks what becomes of the open follow-ups planned from it."""
        if not isinstance(event, HistoryEvent) or self._card is None or self._card.deleted_at is not None:
            return False
        text = delete_event(self, self.services, event, date_style=self.date_style)
        if text is None:
            return False
        self.reload()
        self.message.emit(text)
        return True


def _removes_something(card: CustomerCard, draft: CustomerDraft) -> bool:
    """The edit drops an item or a family member the card had (their scenarios may have planned follow-ups)."""
    kept_items = {item.id for item in draft.items}
    kept_family = {member.id for member in draft.family}
    return any(item.id not in kept_items for item in card.items) or any(
        member.id not in kept_family for member in card.family
    )
