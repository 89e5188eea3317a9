"""Reminders on the desktop: a tray notification at start and while the app runs, for what is due now.

`TrayReminder` asks `ReminderService.check()` at start and then every few minutes; when there is something to say it
shows a tray balloon (QSystemTrayIcon, where the desktop has a tray) and always emits `reminded(title, message)`, so
the main window can also put it in its status bar. Clicking the balloon or the tray icon emits `activated`: show the
Today screen. No mail server, no scheduled task.

Wire it in the composition of the main window::

    tray = TrayReminder(ReminderService(services.ctx, staff=settings.staff_name or None), icon=window.windowIcon())
    tray.activated.connect(window.show_today)
    tray.start()
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QSystemTrayIcon

from crmdesk.services.reminders import Reminder, ReminderService

log = logging.getLogger(__name__)
CHECK_EVERY_MS = 10 * 60 * 1000  # ten minutes
SHOW_MS = 15_000


class TrayReminder(QObject):
    activated = Signal()  # the user clicked the notification or the tray icon: show the Today screen
    reminded = Signal(str, str)  # title, message (also when there is no tray)

    def __init__(
        self,
        reminders: ReminderService,
        *,
        icon: QIcon | None = None,
        interval_ms: int = CHECK_EVERY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.reminders = reminders
        self.last: Reminder | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check_now)
        self.tray: QSystemTrayIcon | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self.tray = QSystemTrayIcon(icon or QIcon(), self)
            self.tray.setToolTip("crmdesk — 本日のフォロー")
            self.tray.messageClicked.connect(self.activated.emit)
            self.tray.activated.connect(self._icon_activated)
            self.tray.show()

    @property
    def available(self) -> bool:
        """Whether balloons can be shown (a desktop with a tray); without one, only `reminded` is emitted."""
        return self.tray is not None and QSystemTrayIcon.supportsMessages()

    def start(self) -> Reminder | None:
        """Check now, and then every few minutes while the app runs."""
        found = self.check_now()
        self.timer.start()
        return found

    def stop(self) -> None:
        self.timer.stop()
        if self.tray is not None:
            self.tray.hide()

    def check_now(self) -> Reminder | None:
        try:
            found = self.reminders.check()
        except Exception:  # a locked database must not break the app for a reminder: try again next time
            log.exception("reminder check failed")
            return None
        if found is None:
            return None
        self.last = found
        if self.tray is not None:
            self.tray.setToolTip(f"crmdesk — {found.title}")
            if QSystemTrayIcon.supportsMessages():
                self.tray.showMessage(
                    found.title, found.message, QSystemTrayIcon.MessageIcon.Information, SHOW_MS
                )
        self.reminded.emit(found.title, found.message)
        return found

    def _icon_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.ActivationReason.Trigger, QSystemTrayIcon.ActivationReason.DoubleClick):
            self.activated.emit()
