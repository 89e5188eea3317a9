"""The workspace around the main window: the 今日 / 顧客 / カレンダー screens, and the menus that reach the
standalone dialogs (import, export, duplicates, printing, templates, About), the tray reminder and the app icon.

The main window stays the GUI owner's; this module only uses its public attributes and is installed with one call
after the window is built::

    window.workspace = install_workspace(window)

The customer screen (the window's central splitter) moves into a tab of its own between Today and the calendar.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QIcon, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from crmdesk.domain.errors import CrmError
from crmdesk.gui.card_view import with_shortcut
from crmdesk.gui.icons import icon
from crmdesk.paths import resource_path

# The screens and dialogs below are imported when first opened: the window must show the customer list quickly
# (their modules pull in the holiday tables, ReportLab, the import readers).
if TYPE_CHECKING:
    from crmdesk.gui.about import AboutDialog
    from crmdesk.gui.calendar_view import CalendarView
    from crmdesk.gui.duplicate_finder import DuplicateFinderDialog
    from crmdesk.gui.import_wizard import ImportWizard
    from crmdesk.gui.main_window import MainWindow
    from crmdesk.gui.print_dialog import PrintDialog
    from crmdesk.gui.template_editor import TemplateEditor
    from crmdesk.gui.today_view import TodayView
    from crmdesk.gui.tray import TrayReminder
    from crmdesk.printing.layouts import LayoutKind
    from crmdesk.services.exporting import ExportResult

log = logging.getLogger(__name__)

TODAY, CUSTOMERS, CALENDAR = range(3)
# Ctrl+1…Ctrl+6 already log a call / visit / purchase / gift / note / follow-up on the card (card_view.py), so the
# screens take Alt+1…3 (one shortcut cannot do both: Qt ignores an ambiguous key).
SCREEN_KEYS = ("Alt+1", "Alt+2", "Alt+3")
AFTER_PAINT_MS = 30  # start-up work waits this long after the first list result, so the list paints first
APP_ICON_SIZES = (16, 24, 32, 48, 128, 256)  # resources/icons/app/crmdesk-<size>.png
EXPORT_FILTERS: tuple[tuple[str, str], ...] = (
    (".csv", "CSV・Excel で開けます (*.csv)"),
    (".xlsx", "Excel ブック (*.xlsx)"),
    (".json", "JSON・すべての記録のバックアップ (*.json)"),
    (".vcf", "vCard・スマートフォンの連絡先 (*.vcf)"),
    (".ics", "iCalendar・フォローの予定 (*.ics)"),
)


def app_icon() -> QIcon:
    result = QIcon()
    for size in APP_ICON_SIZES:
        path = resource_path("icons", "app", f"crmdesk-{size}.png")
        if path.exists():
            result.addFile(str(path))
    return result


class QuickSearch(QLineEdit):
    """The search field beside the screen tabs on Today and the calendar: what is typed there (committed through
    the IME too) goes on in the customer screen's search; Enter opens the top result, Down goes into the list."""

    enter = Signal()
    down = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enter.emit()
            return
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
            return
        super().keyPressEvent(event)


class Workspace(QObject):
    """Keeps the screens, actions, the tray reminder and the open dialogs of one main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("workspace")
        self.window = window
        services = window.services
        # Today and the calendar are built when first needed, after the window is on screen: reading them for a
        # big store takes a moment (Today about 0.9 s with 100,000 customers), and the window should appear first.
        self.today_page = _page("todayPage", self.tr("本日のフォローを読み込んでいます…"))
        self.calendar_page = _page("calendarPage", self.tr("カレンダーを読み込んでいます…"))
        self._today: TodayView | None = None
        self._calendar: CalendarView | None = None
        # the window's screen tabs hold its customer screen already; Today goes before it, the calendar after
        self.customers: QWidget = window.splitter
        self.tabs = window.screens
        titles = (self.tr("今日"), self.tr("顧客"), self.tr("カレンダー"))
        self.tabs.insertTab(TODAY, self.today_page, icon("today"), titles[TODAY])
        self.tabs.setTabIcon(CUSTOMERS, icon("search"))
        self.tabs.setTabText(CUSTOMERS, titles[CUSTOMERS])
        self.tabs.insertTab(CALENDAR, self.calendar_page, icon("calendar"), titles[CALENDAR])
        self.tabs.setTabBarAutoHide(False)
        # Search first on every screen: on Today and the calendar a search field sits beside the tabs and has the
        # focus at start; typing there carries on in the customer screen's search.
        self.quick_search = QuickSearch()
        self.quick_search.setObjectName("quickSearch")
        self.quick_search.setClearButtonEnabled(False)
        self.quick_search.setFixedWidth(340)
        self.quick_search.setPlaceholderText(self.tr("お客様を検索（名前・フリガナ・電話番号）"))
        self.quick_search.setToolTip(
            with_shortcut(
                self.tr("お客様を検索します。入力すると顧客の画面に移ります"), QKeySequence("Ctrl+F")
            )
        )
        self.quick_search.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.quick_search.textChanged.connect(self._quick_typed)
        self.quick_search.enter.connect(self._quick_enter)
        self.quick_search.down.connect(self._quick_down)
        toolbar = window.toolbar
        staff = next(
            (a for a in toolbar.actions() if toolbar.widgetForAction(a) is window.staff_button), None
        )
        self.quick_search_action = (
            toolbar.insertWidget(staff, self.quick_search)
            if staff is not None
            else toolbar.addWidget(self.quick_search)
        )
        self.dialogs: list[QDialog] = []  # the dialogs this workspace opened (the newest last)
        self.last_export: ExportResult | None = None
        self.tray: TrayReminder | None = None
        self._stopped = False
        # Work that waits until the customer list is on screen (the window's search runs on the thread pool).
        self._list_shown = not window.panel.busy
        self._after_list: list[Callable[[], None]] = []
        window.panel.searchFinished.connect(self._first_list_shown)

        self.screen_actions = self._screen_actions(titles)
        self.import_action = self._action(
            self.tr("顧客リストを取り込む…"), "Ctrl+I", self.open_import, "import"
        )
        self.export_action = self._action(self.tr("書き出し…"), "Ctrl+E", self.export_dialog, "export")
        self.duplicates_action = self._action(
            self.tr("重複の候補…"), "Ctrl+Shift+D", self.open_duplicates, "duplicates"
        )
        self.print_action = self._action(
            self.tr("印刷…（開いているお客様）"), "Ctrl+P", self.print_current, "print"
        )
        self.print_list_action = self._action(
            self.tr("検索結果のお客様を印刷…"), "Ctrl+Shift+P", self.print_search_result, "print"
        )
        self.template_action = self._action(
            self.tr("テンプレートの編集…"), "Ctrl+Shift+E", self.open_template_editor, "template"
        )
        self.about_action = self._action(self.tr("crmdesk について"), "F1", self.open_about, "about")
        self._build_menus()
        self.tabs.currentChanged.connect(self._screen_changed)
        self._keep_search_keys()
        self._today_day = services.ctx.today()  # the day the screens were last read for
        self._calendar_day = self._today_day
        self.show_screen(CUSTOMERS if services.store.is_empty() else TODAY)
        QTimer.singleShot(0, self, self.focus_search_at_start)  # once the window is on screen

    # ------------------------------------------------------------------ building
    def _action(
        self, text: str, keys: str, slot: Callable[[], object], icon_name: str = "", *, tip: str = ""
    ) -> QAction:
        action = QAction(icon(icon_name or "none"), text, self.window)
        sequence = QKeySequence(keys)
        action.setShortcut(sequence)
        action.setToolTip(with_shortcut(tip or text.rstrip("…"), sequence))
        action.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(action)  # the key works wherever the focus is in the window
        return action

    def _screen_actions(self, titles: tuple[str, str, str]) -> list[QAction]:
        group = QActionGroup(self)
        actions = []
        for index, (title, keys) in enumerate(zip(titles, SCREEN_KEYS, strict=True)):
            action = self._action(
                self.tr("{screen}の画面").format(screen=title),
                keys,
                lambda i=index: self.show_screen(i),  # type: ignore[misc]
            )
            action.setCheckable(True)
            group.addAction(action)
            actions.append(action)
            self.tabs.setTabToolTip(index, with_shortcut(title, QKeySequence(keys)))
        return actions

    def _build_menus(self) -> None:
        window = self.window
        # the window's own 名簿の取り込み action gives way to this one (same key, same job)
        old_import = getattr(window, "import_action", None)
        if isinstance(old_import, QAction):
            old_import.setShortcut(QKeySequence())
            old_import.setVisible(False)
        _insert_before_first_separator(window.file_menu, [self.import_action, self.export_action])
        view_first = window.view_menu.actions()[0] if window.view_menu.actions() else None
        window.view_menu.insertActions(view_first, self.screen_actions)  # type: ignore[arg-type]
        if view_first is not None:
            window.view_menu.insertSeparator(view_first)
        window.tools_menu.addSeparator()
        window.tools_menu.addAction(self.duplicates_action)
        window.tools_menu.addSeparator()
        window.tools_menu.addAction(self.print_action)
        window.tools_menu.addAction(self.print_list_action)
        window.tools_menu.addAction(self.template_action)

        def open_scenarios() -> object:
            from crmdesk.gui.scenario_editor import open_scenario_editor

            return open_scenario_editor(self)

        self.scenario_action = self._action(
            self.tr("シナリオとフォローの設定…"), "", open_scenarios, "follow_up"
        )
        window.tools_menu.addSeparator()
        window.tools_menu.addAction(self.scenario_action)
        window.help_menu.addSeparator()
        window.help_menu.addAction(self.about_action)

    def _keep_search_keys(self) -> None:
        """Ctrl+F / Ctrl+K focus the search: on Today or the calendar, go to the customer screen first."""
        for name, signal_name in (("find_action", "triggered"), ("find_k", "activated")):
            source = getattr(self.window, name, None)
            signal = getattr(source, signal_name, None)
            if signal is not None:
                signal.connect(lambda *_args: self.focus_search())

    # ------------------------------------------------------------------ after the first paint
    def when_list_shown(self, work: Callable[[], None]) -> None:
        """Run `work` on the GUI thread once the customer list has its first result and has painted."""
        if self._list_shown:
            QTimer.singleShot(AFTER_PAINT_MS, self, work)
        else:
            self._after_list.append(work)

    def _first_list_shown(self, _count: int) -> None:
        if self._list_shown:
            return
        self._list_shown = True
        waiting, self._after_list = self._after_list, []
        for work in waiting:
            QTimer.singleShot(AFTER_PAINT_MS, self, work)

    # ------------------------------------------------------------------ screens
    def current_screen(self) -> int:
        return self.tabs.currentIndex()

    def show_screen(self, index: int) -> None:
        if self.tabs.currentIndex() == index:
            self._screen_changed(index)  # already there: still check the day and where the focus is
        else:
            self.tabs.setCurrentIndex(index)  # _screen_changed through currentChanged

    @property
    def today(self) -> TodayView:
        if self._today is None:
            from crmdesk.gui.today_view import TodayView

            window = self.window
            view = TodayView(
                window.services,
                bridge=window.bridge,
                runner=window.runner,
                date_style=window.settings.date_style,
                staff=None,
            )
            view.open_customer.connect(self.show_customer)
            _fill(self.today_page, view)
            self._today = view
        return self._today

    def _build_today(self) -> None:
        if self.tabs.currentWidget() is self.today_page:
            self.today.show()

    @property
    def calendar(self) -> CalendarView:
        if self._calendar is None:
            from crmdesk.gui.calendar_view import CalendarView

            window = self.window
            view = CalendarView(window.services, bridge=window.bridge, date_style=window.settings.date_style)
            view.open_customer.connect(self.show_customer)
            _fill(self.calendar_page, view)
            self._calendar = view
        return self._calendar

    def show_today(self) -> None:
        self.show_screen(TODAY)
        self.window.showNormal() if self.window.isMinimized() else self.window.show()
        self.window.raise_()
        self.window.activateWindow()

    def show_customer(self, customer_id: int) -> bool:
        """Open a customer's card on the customer screen (from Today, the calendar or a dialog)."""
        self.show_screen(CUSTOMERS)
        return self.window.open_customer(customer_id)

    def focus_search(self) -> None:
        self.show_screen(CUSTOMERS)
        panel = getattr(self.window, "panel", None)
        focus = getattr(panel, "focus_search", None)
        if callable(focus):
            focus()

    def _screen_changed(self, index: int) -> None:
        if 0 <= index < len(self.screen_actions):
            self.screen_actions[index].setChecked(True)
        screen = self.tabs.widget(index)
        # the customer screen has its own search field
        self.quick_search_action.setVisible(screen is not self.customers)
        # the screens follow every change through the bridge; coming back on another day, they read the new day
        day = self.window.services.ctx.today()
        if screen is self.today_page:
            if self._today is not None and self._today_day != day:
                self._today.refresh()
            self._today_day = day
            if self._today is None:
                self.when_list_shown(self._build_today)  # the window and its list paint first
        elif screen is self.calendar_page:
            if self._calendar is not None and self._calendar_day != day:
                self._calendar.set_date(day)
            self._calendar_day = day
            self.calendar.show()  # built the first time it is shown
        if screen is self.customers:
            focused = QApplication.focusWidget()
            if focused is None or not self.customers.isAncestorOf(focused):
                self.focus_search_field_only()
        elif screen is not None:
            screen.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_search_at_start(self) -> None:
        """Search first, even on Today: the search field beside the tabs has the focus, unless the user has moved
        it already."""
        focused = QApplication.focusWidget()
        if self.tabs.currentWidget() is self.customers:
            return
        if focused is None or focused is self.today_page or focused is self.calendar_page:
            self.quick_search.setFocus(Qt.FocusReason.OtherFocusReason)

    def _quick_typed(self, text: str) -> None:
        if not text:
            return
        self.quick_search.blockSignals(True)
        self.quick_search.clear()
        self.quick_search.blockSignals(False)
        self.show_screen(CUSTOMERS)
        field = self.window.panel.field
        field.setText(text)
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        field.end(False)

    def _quick_enter(self) -> None:
        self.show_screen(CUSTOMERS)
        self.window.panel.field.setFocus(Qt.FocusReason.OtherFocusReason)
        self.window.panel.open_top()

    def _quick_down(self) -> None:
        self.show_screen(CUSTOMERS)
        self.window.panel.field.downPressed.emit()

    def focus_search_field_only(self) -> None:
        panel = getattr(self.window, "panel", None)
        field = getattr(panel, "field", None)
        if isinstance(field, QWidget):
            field.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ dialogs
    def _show(self, dialog: QDialog) -> QDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _obj=None, d=dialog: self._forget(d))
        self.dialogs.append(dialog)
        dialog.open()
        return dialog

    def _forget(self, dialog: QDialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)

    def _message(self, text: str, ms: int = 8000) -> None:
        self.window.statusBar().showMessage(text, ms)

    def open_import(self) -> ImportWizard:
        from crmdesk.gui.import_wizard import ImportWizard

        wizard = ImportWizard(self.window.services.imports, parent=self.window, runner=self.window.runner)
        wizard.duplicates_requested.connect(self.open_duplicates)
        wizard.imported.connect(lambda _result: self._message(self.tr("顧客リストを取り込みました")))
        self._show(wizard)
        return wizard

    def open_duplicates(self) -> DuplicateFinderDialog:
        from crmdesk.gui.duplicate_finder import DuplicateFinderDialog

        dialog = DuplicateFinderDialog(
            self.window.services.duplicates, parent=self.window, runner=self.window.runner
        )
        dialog.open_card.connect(self.show_customer)
        dialog.merged.connect(lambda _kept: self._message(self.tr("2枚のカードを1枚にまとめました")))
        self._show(dialog)
        return dialog

    def current_customer_id(self) -> int | None:
        card_view = getattr(self.window, "card_view", None)
        customer_id = getattr(card_view, "customer_id", None)
        return customer_id if isinstance(customer_id, int) else None

    def search_result_ids(self) -> list[int]:
        return [int(i) for i in self.window.panel.all_ids()]

    def open_print(
        self,
        customer_ids: list[int],
        *,
        layout: LayoutKind | None = None,
        template: str | None = "thanks",
    ) -> PrintDialog:
        """The print dialog for these customers (a letter unless another layout is given)."""
        from crmdesk.gui.print_dialog import PrintDialog
        from crmdesk.printing.layouts import LayoutKind
        from crmdesk.services.printing_jobs import Selection

        dialog = PrintDialog(
            self.window.services.printing,
            Selection(customer_ids=tuple(customer_ids)),
            self.window,
            layout=layout or LayoutKind.LETTER,
            template=template,
        )
        dialog.open_customer_requested.connect(self.show_customer)
        dialog.printed.connect(lambda _result: self._message(self.tr("印刷しました。カードに記録しました")))
        self._show(dialog)
        return dialog

    def print_current(self) -> PrintDialog | None:
        customer_id = self.current_customer_id()
        if customer_id is None:
            self._message(self.tr("印刷するお客様のカードを開いてください（検索結果ごとなら Ctrl+Shift+P）"))
            return None
        return self.open_print([customer_id])

    def print_search_result(self) -> PrintDialog | None:
        ids = self.search_result_ids()
        if not ids:
            self._message(self.tr("検索結果にお客様がいません"))
            return None
        from crmdesk.printing.layouts import LayoutKind

        return self.open_print(ids, layout=LayoutKind.POSTCARD, template=None)

    def open_template_editor(self) -> TemplateEditor:
        from crmdesk.gui.template_editor import TemplateEditor

        editor = TemplateEditor(self.window.services.printing, self.window, template="thanks")
        editor.saved.connect(
            lambda name: self._message(self.tr("テンプレート「{name}」を保存しました").format(name=name))
        )
        self._show(editor)
        return editor

    def open_about(self) -> AboutDialog:
        from crmdesk.gui.about import AboutDialog

        dialog = AboutDialog(self.window)
        self._show(dialog)
        return dialog

    # ------------------------------------------------------------------ export
    def export_dialog(self) -> QFileDialog:
        """Ask where to write (the file type picks the format), then export in the background with progress."""
        dialog = QFileDialog(self.window, self.tr("書き出し"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setNameFilters([label for _suffix, label in EXPORT_FILTERS])
        dialog.setDefaultSuffix("csv")
        day = self.window.services.ctx.today()
        dialog.setDirectory(str(Path.home()))
        dialog.selectFile(f"顧客リスト_{day:%Y%m%d}.csv")
        dialog.filterSelected.connect(lambda label: dialog.setDefaultSuffix(_suffix_of(label)[1:]))

        def chosen() -> None:
            files = dialog.selectedFiles()
            if files:
                self.export_to(_with_suffix(Path(files[0]), dialog.selectedNameFilter()))

        dialog.accepted.connect(chosen)
        self._show(dialog)
        return dialog

    def export_to(self, path: Path) -> None:
        from crmdesk.services.exporting import export_file

        ctx = self.window.services.ctx
        progress = QProgressDialog(
            self.tr("{name} に書き出しています…").format(name=path.name), "", 0, 0, self.window
        )
        progress.setCancelButton(None)  # type: ignore[arg-type]
        progress.setWindowTitle(self.tr("書き出し"))
        progress.setMinimumDuration(300)
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setValue(0)
        self.export_progress = progress

        def work(report: Callable[[int, int], bool]) -> ExportResult:
            def tick(done: int, total: int) -> None:
                report(done, total)

            return export_file(ctx, path, progress=tick)

        def step(done: int, total: int) -> None:
            progress.setMaximum(total)
            progress.setValue(done)

        def done(result: ExportResult) -> None:
            progress.close()
            progress.deleteLater()
            self.last_export = result
            self._message(result.summary_ja(), 12_000)

        def failed(exc: Exception) -> None:
            progress.close()
            progress.deleteLater()
            message = exc.message if isinstance(exc, CrmError) else f"{type(exc).__name__}: {exc}"
            log.error("export to %s failed: %s", path, message)
            self._message(self.tr("書き出せませんでした: {message}").format(message=message), 15_000)
            QMessageBox.warning(
                self.window,
                self.tr("書き出し"),
                self.tr("書き出せませんでした。\n\n{message}").format(message=message),
            )

        self.window.runner.start(work, on_done=done, on_error=failed, on_progress=step)

    # ------------------------------------------------------------------ start-up work
    def start_background(self) -> None:
        """The tray reminder, and planning the coming birthdays and milestones off the GUI thread."""
        if self._stopped:  # the window closed before the start-up work began
            return
        from crmdesk.gui.tray import TrayReminder
        from crmdesk.services.reminders import ReminderService

        services = self.window.services
        reminders = ReminderService(services.ctx, staff=self.window.settings.staff_name or None)
        self.tray = TrayReminder(
            reminders, icon=self.window.windowIcon(), runner=self.window.runner, parent=self
        )
        self.tray.activated.connect(self.show_today)
        self.tray.reminded.connect(self._reminded)
        self.tray.start()
        if not services.store.is_empty():
            self.today.plan_upcoming()

    def _reminded(self, title: str, message: str) -> None:
        staff = self.window.settings.staff_name
        whose = self.tr("{name}さんの").format(name=staff) if staff else ""
        self._message(f"{whose}{title} — {_first_line(message)}", 15_000)

    def stop(self) -> None:
        """The window is closing: no more reminders (the main window calls this in its shutdown)."""
        self._stopped = True
        if self.tray is not None:
            self.tray.stop()


def _page(name: str, waiting: str) -> QWidget:
    """A tab page that says it is loading until its screen is put in."""
    page = QWidget()
    page.setObjectName(name)
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    label = QLabel(waiting)
    label.setObjectName("loadingLabel")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    layout.addWidget(label)
    return page


def _fill(page: QWidget, screen: QWidget) -> None:
    layout = page.layout()
    assert layout is not None
    for label in page.findChildren(QLabel, "loadingLabel", Qt.FindChildOption.FindDirectChildrenOnly):
        layout.removeWidget(label)
        label.deleteLater()
    layout.addWidget(screen)


def _insert_before_first_separator(menu: QMenu, actions: list[QAction]) -> None:
    anchor = next((a for a in menu.actions() if a.isSeparator()), None)
    if anchor is None:
        menu.addActions(actions)
    else:
        menu.insertActions(anchor, actions)


def _suffix_of(label: str) -> str:
    for suffix, text in EXPORT_FILTERS:
        if text == label:
            return suffix
    return ".csv"


def _with_suffix(path: Path, label: str) -> Path:
    known = {suffix for suffix, _text in EXPORT_FILTERS} | {".tsv"}
    return path if path.suffix.lower() in known else path.with_name(path.name + _suffix_of(label))


def _first_line(text: str) -> str:
    return text.splitlines()[0] if text else ""


def install_application_icon() -> None:
    app = QApplication.instance()
    if isinstance(app, QGuiApplication):
        QGuiApplication.setWindowIcon(app_icon())
        QGuiApplication.setDesktopFileName("crmdesk")


def install_workspace(window: MainWindow) -> Workspace:
    """Put Today / customers / calendar around the window's customer screen, add the menus for the standalone
    dialogs, set the app icon and start the tray reminder and the planning of the coming days."""
    install_application_icon()
    if window.windowIcon().isNull():
        window.setWindowIcon(app_icon())
    workspace = Workspace(window)
    workspace.when_list_shown(workspace.start_background)
    return workspace
