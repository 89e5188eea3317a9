"""An unexpected error: say so plainly, say where the log is, and leave the card being edited alone."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger("crmdesk.gui")


class ErrorReporter(QObject):
    """Installed as `sys.excepthook`: logs the traceback and shows one dialog (never a flood of them)."""

    reported = Signal(str)  # the message shown

    def __init__(
        self,
        log_file: Path,
        *,
        parent_widget: Callable[[], QWidget | None] = lambda: None,
        rescue: Callable[[], Path | None] = lambda: None,
    ) -> None:
        super().__init__()
        self.log_file = log_file
        self.parent_widget = parent_widget
        self.rescue = rescue
        self.showing = False
        self.count = 0
        self.last_message = ""
        self.show_dialogs = True
        self._previous = sys.excepthook

    def install(self) -> None:
        sys.excepthook = self.handle

    def uninstall(self) -> None:
        if sys.excepthook == self.handle:
            sys.excepthook = self._previous

    def handle(self, kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QCoreApplication.quit()
            return
        self.count += 1
        log.error("unexpected error\n%s", "".join(traceback.format_exception(kind, value, tb)))
        rescued: Path | None = None
        try:
            rescued = self.rescue()
        except Exception:  # the rescue itself must never make things worse
            log.exception("could not keep a copy of the card being edited")
        message = QCoreApplication.translate(
            "ErrorReporter",
            "思いがけないエラーが起きました。\n\n{error}\n\n"
            "編集中のカードはそのまま残っています。内容を確かめて保存してください。\n"
            "詳しい記録: {log}",
        ).format(error=f"{kind.__name__}: {value}", log=self.log_file)
        if rescued is not None:
            message += "\n" + QCoreApplication.translate(
                "ErrorReporter", "編集中の内容の控え: {path}"
            ).format(path=rescued)
        self.last_message = message
        self.reported.emit(message)
        if self.showing or not self.show_dialogs:
            return
        self.showing = True
        try:
            box = QMessageBox(self.parent_widget())
            box.setIcon(QMessageBox.Icon.Critical)
            box.setWindowTitle(QCoreApplication.translate("ErrorReporter", "エラー"))
            box.setText(message)
            box.exec()
        finally:
            self.showing = False
