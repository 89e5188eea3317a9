"""Starting the desktop app: Qt, fonts and language, opening the database off the GUI thread with progress,
who is working, a first start, the demo store, and the main window.

`run_app(open_context, demo=..., demo_kind=...)` is called by the composition root (`crmdesk.app`).
"""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QWidget

from crmdesk.domain.errors import CrmError
from crmdesk.gui.error_dialog import ErrorReporter
from crmdesk.gui.first_start import FirstStartChoice, FirstStartDialog
from crmdesk.gui.fonts import apply_ui_font
from crmdesk.gui.main_window import MainWindow
from crmdesk.gui.staff_picker import StaffPicker
from crmdesk.gui.tasks import Report, TaskRunner
from crmdesk.gui.translation import Translators, effective_language
from crmdesk.gui.workspace import install_workspace

if TYPE_CHECKING:
    from crmdesk.paths import AppPaths
    from crmdesk.services.bundle import Services
    from crmdesk.settings import AppSettings

log = logging.getLogger(__name__)

DEMO_CUSTOMERS = 500
APP_STYLE = ""  # no application-wide style sheet (see gui/look.py): the widgets set their own look


class AppContextLike(Protocol):
    """What the composition root's `AppContext` gives the GUI (the GUI cannot import `crmdesk.app`)."""

    paths: AppPaths
    settings: AppSettings
    services: Services
    demo: bool


def address_lookup() -> Callable[[str], str | None] | None:
    """Postal code → address text from the offline Japan Post data (None when the data is not installed)."""
    try:
        from crmdesk.services.postal_lookup import lookup
    except ImportError:
        return None

    def find(postal_code: str) -> str | None:
        try:
            found = lookup(postal_code)
        except CrmError:
            return None
        return found.text if found is not None else None

    return find


class AppController:
    """Owns the application-wide pieces: translators, the error reporter, the window (rebuilt on a language
    switch), the background task of opening the database and filling the demo store."""

    def __init__(
        self,
        app: QApplication,
        open_context: Callable[[], Any],
        *,
        demo: bool = False,
        demo_kind: str = "dealer",
        ready: Callable[[MainWindow], None] | None = None,
        ask_staff: bool = True,
        first_start: bool = True,
        with_workspace: bool = True,
    ) -> None:
        self.app = app
        self.open_context = open_context
        self.demo = demo
        self.demo_kind = demo_kind if demo_kind in ("dealer", "salon") else "dealer"
        self.ready = ready
        self.ask_staff = ask_staff
        self.first_start = first_start
        self.with_workspace = with_workspace
        self.translators = Translators(app)
        self.translators.switch(effective_language(""))
        self.runner = TaskRunner()
        self.context: AppContextLike | None = None
        self.window: MainWindow | None = None
        self.exit_code = 0
        self.reporter: ErrorReporter | None = None
        self.progress: QProgressDialog | None = None
        self.demo_launcher: Callable[[], bool] = launch_demo_process
        self.demo_filled = False
        self.quit: Callable[[int], None] = QCoreApplication.exit  # ends app.exec() with this code

    # ------------------------------------------------------------------ opening
    def start(self) -> None:
        """Open the database on the thread pool (it may migrate, with a backup first) and show progress."""
        self.progress = busy_dialog(
            QCoreApplication.translate("AppController", "データベースを開いています…"), None
        )
        self.runner.start(lambda _report: self.open_context(), on_done=self.opened, on_error=self.failed)

    def failed(self, exc: Exception) -> None:
        self._close_progress()
        message = exc.message if isinstance(exc, CrmError) else f"{type(exc).__name__}: {exc}"
        log.error("could not open the database: %s", message)
        QMessageBox.critical(
            None,
            QCoreApplication.translate("AppController", "開けません"),
            QCoreApplication.translate(
                "AppController", "データベースを開けませんでした。\n\n{message}"
            ).format(message=message),
        )
        self.exit_code = 2
        self.quit(2)

    def opened(self, context: Any) -> None:
        self._close_progress()
        self.context = context
        settings = context.settings
        self.translators.switch(effective_language(settings.language))
        self.reporter = ErrorReporter(
            context.paths.log_file,
            parent_widget=lambda: self.window,
            rescue=lambda: self.window.rescue_draft() if self.window is not None else None,
        )
        self.reporter.install()
        services = context.services
        if self.ask_staff and not settings.staff_name:
            self.pick_staff_at_start()
        elif settings.staff_name:
            services.set_staff(settings.staff_name)
        empty = services.store.is_empty()
        filling = empty and (self.demo or context.demo)
        # A demo store being filled gets its Today screen and planning once its customers are there (planning
        # while the generator writes would only wait on the database).
        self.build_window(workspace=not filling)
        if filling:
            self.fill_demo()
        elif empty and self.first_start and not settings.first_start_done:
            QTimer.singleShot(0, self.offer_first_start)

    def pick_staff_at_start(self) -> None:
        assert self.context is not None
        services = self.context.services
        dialog = StaffPicker(services.store.staff_names(), None)
        if dialog.exec() and dialog.chosen():
            name = dialog.chosen()
            services.set_staff(name)
            if name not in services.store.staff_names():
                services.store.add_staff(name)
            self.context.settings.staff_name = name
            self.save_settings()

    def build_window(self, *, customer_id: int | None = None, workspace: bool = True) -> MainWindow:
        assert self.context is not None
        context = self.context
        if customer_id is not None:
            context.settings.last_customer_id = customer_id
        window = MainWindow(
            context.services,
            context.settings,
            settings_file=context.paths.settings_file,
            rescue_dir=context.paths.data_dir / "rescued",
            demo=self.demo or context.demo,
            log_file=context.paths.log_file,
            address_lookup=address_lookup(),
            store_kind=None,
        )
        window.languageRequested.connect(self.switch_language)
        window.demoRequested.connect(self.open_demo_store)
        window.demo_action.setVisible(not window.demo)
        self.window = window
        if workspace:
            self.install_workspace()
        window.show()
        if self.ready is not None:
            ready = self.ready
            window.panel.searchFinished.connect(lambda _count: ready(window))
        return window

    def install_workspace(self) -> None:
        """Today / calendar screens, the other dialogs, the tray reminder and the app icon around the window."""
        window = self.window
        if self.with_workspace and window is not None and window.workspace is None:
            window.workspace = install_workspace(window)

    # ------------------------------------------------------------------ first start and demo
    def offer_first_start(self) -> FirstStartChoice:
        assert self.context is not None
        dialog = FirstStartDialog(
            can_import=self.window is not None and self.window.workspace is not None, parent=self.window
        )
        dialog.exec()
        choice = dialog.choice
        settings = self.context.settings
        if choice is FirstStartChoice.DEMO:
            self.open_demo_store()
        else:
            settings.first_start_done = True
            self.save_settings()
            if choice is FirstStartChoice.IMPORT:
                self.open_import()
        return choice

    def open_demo_store(self) -> None:
        """The demo store is its own database: start it as a second app (this one stays on the store's data)."""
        if not self.demo_launcher() and self.window is not None:
            QMessageBox.warning(
                self.window,
                QCoreApplication.translate("AppController", "デモ店舗"),
                QCoreApplication.translate("AppController", "デモ店舗を起動できませんでした。"),
            )

    def fill_demo(self) -> None:
        """A new demo store: 500 customers generated in the background while the window is already usable."""
        assert self.context is not None
        from crmdesk.services.demo import DemoGenerator

        ctx = self.context.services.ctx
        kind = self.demo_kind
        self.progress = busy_dialog(
            QCoreApplication.translate(
                "AppController", "デモ店舗を準備しています（お客様{count}人）…"
            ).format(count=DEMO_CUSTOMERS),
            self.window,
            maximum=DEMO_CUSTOMERS,
        )

        def work(report: Report) -> object:
            return DemoGenerator(ctx).generate(DEMO_CUSTOMERS, kind=kind, progress=report)

        def done(_result: object) -> None:
            self._close_progress()
            self.demo_filled = True
            self.install_workspace()
            if self.window is not None:
                self.window.statusBar().showMessage(
                    QCoreApplication.translate("AppController", "デモ店舗の準備ができました"), 8000
                )

        def progress(done_count: int, total: int) -> None:
            if self.progress is not None:
                self.progress.setMaximum(total)
                self.progress.setValue(done_count)

        self.runner.start(work, on_done=done, on_error=self._demo_failed, on_progress=progress)

    def _demo_failed(self, exc: Exception) -> None:
        self._close_progress()
        self.install_workspace()
        QMessageBox.warning(
            self.window,
            QCoreApplication.translate("AppController", "デモ店舗"),
            QCoreApplication.translate("AppController", "デモデータを作れませんでした: {error}").format(
                error=exc
            ),
        )

    def open_import(self) -> None:
        """The import wizard (from the workspace, which owns the dialogs beside the main window)."""
        if self.window is not None and self.window.workspace is not None:
            self.window.workspace.open_import()

    # ------------------------------------------------------------------ language
    def switch_language(self, code: str) -> bool:
        """Switch the UI language now: the window is rebuilt in the new language on the same card."""
        window = self.window
        if self.context is None or window is None:
            return False
        if not window.card_view.confirm_leave():
            window.language_actions[self.context.settings.language].setChecked(True)
            return False
        self.context.settings.language = code
        customer_id = window.card_view.customer_id
        counter = window.counter_mode
        window.shutdown()
        self.translators.switch(effective_language(code))
        new_window = self.build_window(customer_id=customer_id)
        new_window.set_counter_mode(counter)
        self.save_settings()
        window.hide()
        window.deleteLater()
        return True

    # ------------------------------------------------------------------ helpers
    def save_settings(self) -> None:
        if self.context is None:
            return
        try:
            self.context.settings.save(self.context.paths.settings_file)
        except OSError as exc:
            log.warning("could not save settings: %s", exc)

    def _close_progress(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def shutdown(self) -> None:
        self.runner.wait_all(30_000)
        if self.reporter is not None:
            self.reporter.uninstall()
        self.translators.clear()


def busy_dialog(text: str, parent: QWidget | None, *, maximum: int = 0) -> QProgressDialog:
    dialog = QProgressDialog(text, "", 0, maximum, parent)
    dialog.setCancelButton(None)  # type: ignore[arg-type]
    dialog.setWindowTitle(QCoreApplication.translate("AppController", "顧客カード"))
    dialog.setWindowModality(Qt.WindowModality.NonModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    return dialog


def launch_demo_process() -> bool:
    """Start `crmdesk --demo` as its own process (the frozen app is its own executable)."""
    if getattr(sys, "frozen", False):
        command = [sys.executable, "--demo"]
    else:
        command = [sys.executable, "-m", "crmdesk", "--demo"]
    try:
        subprocess.Popen(command, close_fds=True)
    except OSError as exc:
        log.error("could not start the demo store: %s", exc)
        return False
    return True


def make_application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("crmdesk")
    app.setApplicationDisplayName(QCoreApplication.translate("AppController", "顧客カード"))
    app.setOrganizationName("crmdesk")
    apply_ui_font(app)
    if APP_STYLE:
        app.setStyleSheet(APP_STYLE)
    return app


def run_app(
    open_context: Callable[[], Any],
    *,
    demo: bool = False,
    demo_kind: str = "dealer",
    ready: Callable[[MainWindow], None] | None = None,
) -> int:
    """Start the desktop app and run it until the window closes; the exit code."""
    app = make_application()
    controller = AppController(app, open_context, demo=demo, demo_kind=demo_kind, ready=ready)
    QTimer.singleShot(0, controller.start)
    code = app.exec()
    controller.shutdown()
    return controller.exit_code or code
