"""The main window: search and the customer list on the left, the open card on the right.

It wires the pieces together and owns what belongs to the whole window: menus and shortcuts, who is working,
接客モード, the trash, remembering the layout and the last customer, and the change bridge that keeps the list and
the card up to date.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QToolBar,
    QToolButton,
    QWidget,
)

from crmdesk.domain.errors import CrmError
from crmdesk.gui.bridge import ChangeBridge
from crmdesk.gui.card_editor import AddressLookup
from crmdesk.gui.card_view import CardView, with_shortcut
from crmdesk.gui.icons import icon
from crmdesk.gui.search_panel import SearchPanel
from crmdesk.gui.staff_picker import StaffPicker
from crmdesk.gui.tasks import TaskRunner
from crmdesk.gui.trash_dialog import TrashDialog

if TYPE_CHECKING:
    from crmdesk.gui.workspace import Workspace
    from crmdesk.services.bundle import Services
    from crmdesk.settings import AppSettings

log = logging.getLogger(__name__)

RESTORE_AFTER_PAINT_MS = 30  # the last customer's card opens this long after the list's first result


class MainWindow(QMainWindow):
    languageRequested = Signal(str)  # "ja", "en" or "" (follow the system)
    demoRequested = Signal()

    def __init__(
        self,
        services: Services,
        settings: AppSettings,
        *,
        settings_file: Path | None = None,
        rescue_dir: Path | None = None,
        demo: bool = False,
        log_file: Path | None = None,
        address_lookup: AddressLookup | None = None,
        store_kind: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.settings = settings
        self.settings_file = settings_file
        self.rescue_dir = rescue_dir
        self.demo = demo
        self.log_file = log_file
        self.setObjectName("mainWindow")
        self.runner = TaskRunner(self)
        self.workspace: Workspace | None = (
            None  # Today / calendar screens and the other dialogs, when installed
        )
        self.bridge = ChangeBridge(services.ctx.bus, self)
        profile = services.store.profile()
        self.store_name = profile.name
        kind = store_kind or profile.kind or "dealer"
        self.panel = SearchPanel(services, self.runner)
        # The list is read on the thread pool while the rest of the window is built (its result comes back through
        # the event loop, after this constructor).
        self._restore_customer_after_search: int | None = settings.last_customer_id
        self._list_painted = False  # the first result of the list has been shown
        self.panel.search_now()
        self.card_view = CardView(
            services, store_kind=kind, date_style=settings.date_style, address_lookup=address_lookup
        )
        self.panel.model.date_style = settings.date_style
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.panel)
        self.splitter.addWidget(self.card_view)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([430, 850])
        self.splitter.setChildrenCollapsible(False)
        # The screens: the customer screen alone (tab bar hidden) until the workspace adds Today and the calendar
        # around it. The splitter is put in its place once: moving a built screen re-styles every widget in it.
        self.screens = QTabWidget()
        self.screens.setObjectName("workspaceTabs")
        self.screens.setDocumentMode(True)
        self.screens.setTabBarAutoHide(True)
        self.screens.addTab(self.splitter, "")
        self.setCentralWidget(self.screens)
        self._counter_label = QLabel()
        self._counter_label.setObjectName("counterModeBadge")
        self._db_label = QLabel()
        self.statusBar().addPermanentWidget(self._counter_label)
        self.statusBar().addPermanentWidget(self._db_label)
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._connect()
        self._update_title()
        self._update_staff()
        self.card_view.set_staff_names(services.store.staff_names())
        self.restore_layout()
        self.panel.field.setFocus()

    # ------------------------------------------------------------------ actions and menus
    def _action(
        self, text: str, shortcut: str | QKeySequence | None = None, *, icon_name: str = ""
    ) -> QAction:
        action = QAction(icon(icon_name) if icon_name else icon("none"), text, self)
        if shortcut is not None:
            sequence = shortcut if isinstance(shortcut, QKeySequence) else QKeySequence(shortcut)
            action.setShortcut(sequence)
            action.setToolTip(with_shortcut(text.rstrip("…"), sequence))
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action(
            self.tr("新しいお客様"), QKeySequence(QKeySequence.StandardKey.New), icon_name="new"
        )
        self.new_action.triggered.connect(self.new_customer)
        self.find_action = self._action(
            self.tr("検索"), QKeySequence(QKeySequence.StandardKey.Find), icon_name="search"
        )
        self.find_action.triggered.connect(self.panel.focus_search)
        self.find_k = QShortcut(QKeySequence("Ctrl+K"), self)
        self.find_k.activated.connect(self.panel.focus_search)
        self.delete_action = self._action(self.tr("ごみ箱に移す"), "Ctrl+Delete", icon_name="trash")
        self.delete_action.triggered.connect(self.delete_customer)
        self.trash_action = self._action(self.tr("ごみ箱を開く…"), "Ctrl+Shift+T", icon_name="trash")
        self.trash_action.triggered.connect(self.open_trash)
        self.counter_action = self._action(self.tr("接客モード"), "F12", icon_name="counter")
        self.counter_action.setCheckable(True)
        self.counter_action.setToolTip(
            with_shortcut(
                self.tr("接客モード: 性格メモ・苦情・社内メモを隠します（もう一度押すと表示）"),
                QKeySequence("F12"),
            )
        )
        self.counter_action.toggled.connect(self.set_counter_mode)
        self.staff_action = self._action(self.tr("担当者を切り替え…"), "Ctrl+Shift+U", icon_name="staff")
        self.staff_action.triggered.connect(self.pick_staff)
        self.quit_action = self._action(self.tr("終了"), "Ctrl+Q")  # Windows has no standard Quit key
        self.quit_action.triggered.connect(self.close)
        self.wareki_action = self._action(self.tr("和暦で表示（令和5年4月1日）"))
        self.western_action = self._action(self.tr("西暦で表示（2023/04/01）"))
        self.date_group = QActionGroup(self)
        for action, style in ((self.wareki_action, "wareki"), (self.western_action, "western")):
            action.setCheckable(True)
            action.setChecked(self.settings.date_style == style)
            action.triggered.connect(lambda _checked=False, s=style: self.set_date_style(s))
            self.date_group.addAction(action)
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, text in (("", self.tr("パソコンの設定に合わせる")), ("ja", "日本語"), ("en", "English")):
            action = self._action(text)
            action.setCheckable(True)
            action.setChecked(self.settings.language == code)
            action.triggered.connect(lambda _checked=False, c=code: self.languageRequested.emit(c))
            self.language_group.addAction(action)
            self.language_actions[code] = action
        self.demo_action = self._action(self.tr("デモ店舗を開く"))
        self.demo_action.triggered.connect(self.demoRequested)
        self.log_action = self._action(self.tr("ログの場所"))
        self.log_action.triggered.connect(self._show_log_location)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu(self.tr("ファイル(&F)"))
        self.file_menu.addAction(self.new_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.demo_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.card_menu = bar.addMenu(self.tr("カード(&C)"))
        self.card_menu.addAction(self.card_view.save_action)
        self.card_menu.addAction(self.card_view.revert_action)
        self.card_menu.addSeparator()
        self.card_menu.addAction(self.delete_action)
        self.card_menu.addAction(self.trash_action)
        self.log_menu = bar.addMenu(self.tr("記録(&R)"))
        for action in self.card_view.log_actions.values():
            self.log_menu.addAction(action)
        self.log_menu.addAction(self.card_view.follow_up_action)
        self.view_menu = bar.addMenu(self.tr("表示(&V)"))
        self.view_menu.addAction(self.find_action)
        self.view_menu.addAction(self.counter_action)
        self.view_menu.addSeparator()
        date_menu = self.view_menu.addMenu(self.tr("日付の表示"))
        date_menu.addAction(self.wareki_action)
        date_menu.addAction(self.western_action)
        language_menu = self.view_menu.addMenu(self.tr("言語 / Language"))
        for action in self.language_actions.values():
            language_menu.addAction(action)
        self.tools_menu = bar.addMenu(self.tr("ツール(&T)"))
        self.tools_menu.addAction(self.staff_action)
        self.help_menu = bar.addMenu(self.tr("ヘルプ(&H)"))
        self.help_menu.addAction(self.log_action)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar(self.tr("メイン"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.new_action)
        toolbar.addAction(self.counter_action)
        toolbar.addAction(self.trash_action)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.staff_button = QToolButton()
        self.staff_button.setObjectName("staffButton")
        self.staff_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.staff_button.setIcon(icon("staff"))
        self.staff_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.staff_menu = QMenu(self.staff_button)
        self.staff_menu.aboutToShow.connect(self._fill_staff_menu)
        self.staff_button.setMenu(self.staff_menu)
        toolbar.addWidget(self.staff_button)
        self.addToolBar(toolbar)
        self.toolbar = toolbar

    def _connect(self) -> None:
        self.panel.customerSelected.connect(self.open_customer)
        self.panel.searchFinished.connect(self._search_finished)
        self.card_view.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.card_view.cardChanged.connect(self._card_changed)
        self.card_view.dirtyChanged.connect(lambda _dirty: self._update_title())
        self.bridge.customersChanged.connect(self._customers_changed)
        self.bridge.customersDeleted.connect(self._customers_deleted)
        self.bridge.bulkChanged.connect(self._bulk_changed)

    # ------------------------------------------------------------------ customers
    def open_customer(self, customer_id: int) -> bool:
        """Open a card, asking first when the open one has unsaved changes (keeping it open on 'keep editing')."""
        if customer_id == self.card_view.customer_id and not self.card_view.is_new:
            return True
        if not self.card_view.confirm_leave():
            current = self.card_view.customer_id
            if current is not None:
                self.panel.select_id(current, scroll=False)
            else:
                self.panel.view.selectionModel().clearSelection()
            return False
        opened = self.card_view.open_customer(customer_id)
        if opened:
            self.panel.select_id(customer_id, scroll=False)
        return opened

    def new_customer(self) -> None:
        if not self.card_view.confirm_leave():
            return
        self.panel.view.selectionModel().clearSelection()
        self.card_view.new_customer()

    def delete_customer(self) -> bool:
        card = self.card_view.card
        if card is None or card.deleted_at is not None:
            return False
        answer = QMessageBox.question(
            self,
            self.tr("ごみ箱に移す"),
            self.tr("{name}様のカードをごみ箱に移しますか？（ごみ箱からいつでも元に戻せます）").format(
                name=card.name
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            self.services.customers.delete(card.id)
        except CrmError as exc:
            QMessageBox.warning(self, self.tr("ごみ箱に移せません"), exc.message)
            return False
        self.card_view.editor.load(None)
        self.card_view.clear()
        self.statusBar().showMessage(
            self.tr("{name}様のカードをごみ箱に移しました").format(name=card.name), 8000
        )
        return True

    def open_trash(self) -> TrashDialog:
        dialog = TrashDialog(self.services, self)
        dialog.restored.connect(self._restored)
        dialog.open()
        return dialog

    def _restored(self, customer_id: int) -> None:
        self._restore_customer_after_search = customer_id
        self.statusBar().showMessage(self.tr("カードを元に戻しました"), 6000)

    def _card_changed(self, customer_id: object) -> None:
        if isinstance(customer_id, int):
            self.settings.last_customer_id = customer_id
            if not self.panel.select_id(customer_id, scroll=False):
                self._restore_customer_after_search = customer_id
        self.delete_action.setEnabled(isinstance(customer_id, int))
        self._update_title()

    def _search_finished(self, _count: int) -> None:
        wanted = self._restore_customer_after_search
        if wanted is not None and self.panel.model.row_of(wanted) is not None:
            self._restore_customer_after_search = None
            if not self._list_painted:  # at start the list paints first, then the last customer's card opens
                QTimer.singleShot(
                    RESTORE_AFTER_PAINT_MS, self, lambda: self._restore_customer(wanted, at_start=True)
                )
            else:
                self._restore_customer(wanted)
        elif wanted is not None and self.panel.is_default_list():
            self._restore_customer_after_search = None  # not there any more (trashed, deleted)
        current = self.card_view.customer_id
        if current is not None:
            self.panel.select_id(current, scroll=False)
        self._list_painted = True

    def _restore_customer(self, customer_id: int, *, at_start: bool = False) -> None:
        shown = self.card_view.customer_id
        if at_start and (shown not in (None, customer_id) or self.card_view.is_new):
            return  # the user opened another card meanwhile
        if shown != customer_id and not self.card_view.dirty:
            self.open_customer(customer_id)
        self.panel.select_id(customer_id)

    # ------------------------------------------------------------------ changes from the services
    def _customers_changed(self, ids: list[int]) -> None:
        model = self.panel.model
        unknown = [cid for cid in ids if model.row_of(cid) is None]
        model.refresh(ids)
        if unknown:  # a new card: it belongs somewhere in the list
            self.panel.refresh()
        current = self.card_view.customer_id
        if current in ids:
            self.card_view.reload()

    def _customers_deleted(self, _ids: list[int]) -> None:
        self.panel.refresh()

    def _bulk_changed(self) -> None:
        self.panel.model.forget_all()
        self.panel.refresh()
        self.card_view.set_staff_names(self.services.store.staff_names())
        profile = self.services.store.profile()
        self.store_name = profile.name
        self.card_view.store_kind = profile.kind or self.card_view.store_kind
        self.card_view.reload()
        self._update_title()

    # ------------------------------------------------------------------ who is working
    def pick_staff(self) -> bool:
        dialog = StaffPicker(self.services.store.staff_names(), self.services.ctx.staff_name, self)
        if not dialog.exec():
            return False
        self.set_staff(dialog.chosen())
        return True

    def set_staff(self, name: str) -> None:
        self.services.set_staff(name)
        try:
            if name and name not in self.services.store.staff_names():
                self.services.store.add_staff(name)
        except CrmError as exc:
            log.warning("could not add staff member %s: %s", name, exc)
        self.settings.staff_name = name
        self.save_settings()
        self._update_staff()
        self.card_view.set_staff_names(self.services.store.staff_names())
        self.statusBar().showMessage(self.tr("担当者を {name} に切り替えました").format(name=name), 5000)

    def _update_staff(self) -> None:
        name = self.services.ctx.staff_name
        self.staff_button.setText(
            self.tr("担当: {name}").format(name=name) if name else self.tr("担当者を選ぶ")
        )
        self.staff_button.setToolTip(
            with_shortcut(
                self.tr("作業する人を切り替えます。記録はこの名前で残ります"), QKeySequence("Ctrl+Shift+U")
            )
        )

    def _fill_staff_menu(self) -> None:
        self.staff_menu.clear()
        current = self.services.ctx.staff_name
        for name in self.services.store.staff_names():
            action = self.staff_menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(name == current)
            action.triggered.connect(lambda _checked=False, n=name: self.set_staff(n))
        self.staff_menu.addSeparator()
        self.staff_menu.addAction(self.staff_action)

    # ------------------------------------------------------------------ view settings
    def set_counter_mode(self, on: bool) -> None:
        if self.counter_action.isChecked() != on:
            self.counter_action.setChecked(on)  # comes back here through toggled
            return
        self.card_view.set_counter_mode(on)
        self._counter_label.setText(self.tr("接客モード中（F12で解除）") if on else "")
        self._counter_label.setStyleSheet("background:#fff3cd; color:#6b4e00; padding:1px 6px;" if on else "")

    @property
    def counter_mode(self) -> bool:
        return self.counter_action.isChecked()

    def set_date_style(self, style: str) -> None:
        self.settings.date_style = style
        self.card_view.set_date_style(style)
        self.panel.model.date_style = style
        self.panel.model.forget_all()
        self.save_settings()

    def _update_title(self) -> None:
        parts = [self.tr("顧客カード")]
        if self.store_name:
            parts.append(self.store_name)
        if self.demo:
            parts.append(self.tr("［デモ店舗］"))
        card = self.card_view.card
        if card is not None:
            parts.insert(0, f"{card.name} {card.honorific.value}" + (" *" if self.card_view.dirty else ""))
        self.setWindowTitle(" — ".join(parts))
        self._db_label.setText(self.tr("デモ店舗") if self.demo else "")

    def _show_log_location(self) -> None:
        QMessageBox.information(self, self.tr("ログの場所"), str(self.log_file or ""))

    # ------------------------------------------------------------------ remembering
    def restore_layout(self) -> None:
        if self.settings.window_geometry:
            self.restoreGeometry(QByteArray.fromBase64(self.settings.window_geometry.encode("ascii")))
        else:
            self.resize(1280, 800)
        if self.settings.splitter_state:
            try:
                states = json.loads(self.settings.splitter_state)
            except ValueError:
                states = {}
            if isinstance(states, dict):
                for splitter in (self.splitter, self.card_view.splitter):
                    state = states.get(splitter.objectName())
                    if isinstance(state, str):
                        splitter.restoreState(QByteArray.fromBase64(state.encode("ascii")))

    def remember_layout(self) -> None:
        self.settings.window_geometry = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        states = {
            splitter.objectName(): bytes(splitter.saveState().toBase64().data()).decode("ascii")
            for splitter in (self.splitter, self.card_view.splitter)
        }
        self.settings.splitter_state = json.dumps(states)
        if self.card_view.customer_id is not None:
            self.settings.last_customer_id = self.card_view.customer_id

    def save_settings(self) -> None:
        if self.settings_file is not None:
            try:
                self.settings.save(self.settings_file)
            except OSError as exc:
                log.warning("could not save settings to %s: %s", self.settings_file, exc)

    def rescue_draft(self) -> Path | None:
        """After an unexpected error: keep a copy of the card being edited on disk (it also stays on screen)."""
        if not self.card_view.dirty or self.rescue_dir is None:
            return None
        try:
            draft: Any = asdict(self.card_view.editor.draft())
        except CrmError:
            draft = {"name": self.card_view.editor.name.text(), "note": "draft could not be read in full"}
        self.rescue_dir.mkdir(parents=True, exist_ok=True)
        path = self.rescue_dir / f"rescued-card-{datetime.now():%Y%m%d-%H%M%S}.json"
        path.write_text(json.dumps(draft, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
        return path

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.card_view.confirm_leave():
            event.ignore()
            return
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Close without asking (a language switch rebuilds the window after the card was saved or kept)."""
        self.remember_layout()
        self.save_settings()
        if self.workspace is not None:
            self.workspace.stop()
        self.runner.wait_all(10_000)
        self.bridge.detach()
